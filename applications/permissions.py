"""Who sees which application. Missing and forbidden both answer 404.

- the PI: always; may edit while it is a draft or returned for revision;
- the unit admins of its unit: once submitted;
- the recommender of its unit: once the unit has endorsed it;
- officers of the office running the call, leaders and supervisors: once endorsed;
- experts and everyone else: never (review assignments come with the review module).
"""

from django.http import Http404

from accounts.roles import Role
from applications.models import Application, ApplicationStatus

EDITABLE = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.RETURNED})
HIDDEN_FROM_UNIT = frozenset({ApplicationStatus.DRAFT})
BEFORE_ENDORSEMENT = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED})


def is_pi(user, application: Application) -> bool:
    return application.pi_id == user.pk


def is_unit_admin_of(user, application: Application) -> bool:
    return application.unit_id in user.scopes(Role.UNIT_ADMIN, "unit")


def is_recommender_of(user, application: Application) -> bool:
    return application.unit.recommender_id in user.scopes(Role.RECOMMENDER, "recommender")


def is_officer_of(user, application: Application) -> bool:
    return application.call.program.office_id in user.scopes(Role.OFFICER, "office")


def _not_own(check):
    """A checker never decides on their own application, whatever roles they also hold."""

    def rule(user, application: Application) -> bool:
        return not is_pi(user, application) and check(user, application)

    return rule


may_endorse = _not_own(is_unit_admin_of)
may_recommend = _not_own(is_recommender_of)
may_check_formally = _not_own(is_officer_of)


def can_read(user, application: Application) -> bool:
    if is_pi(user, application):
        return True
    if application.status in HIDDEN_FROM_UNIT:
        return False
    if is_unit_admin_of(user, application):
        return True
    if application.status in BEFORE_ENDORSEMENT:
        return False
    return (
        is_recommender_of(user, application)
        or is_officer_of(user, application)
        or bool(user.role_names & {Role.LEADER, Role.SUPERVISOR})
    )


def application_get_for_user(user, pk: int, *, write: bool = False) -> Application:
    """An application the user may read (or edit, with ``write``: its PI while editable)."""
    application = (
        Application.objects.select_related("call__program__office", "unit__recommender", "pi", "topic", "challenge")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    allowed = (is_pi(user, application) and application.status in EDITABLE) if write else can_read(user, application)
    if not allowed:
        raise Http404
    return application


def application_attachment_rule(user, application: Application, write: bool) -> bool:
    if write:
        return is_pi(user, application) and application.status in EDITABLE
    return can_read(user, application)
