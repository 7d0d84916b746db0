"""Who may see and handle service requests. Missing and forbidden both answer 404.

- Officers of the general office 办公室 (code ``general``) register requests (calls, letters,
  visits, 12345 transfers), assign them to offices, refuse the invalid ones and set the categories:
  the *registrars*.
- Officers of the office a request is assigned to handle it and reply.
- Leaders and supervisors read every request and the reports, and never see contact data.
- Contact data (phone, e-mail) is masked on every screen; the registrars and the handling office
  may reveal it, which is audited.
"""

import rules
from django.http import Http404

from accounts.roles import Role, is_officer, is_staff_reader
from hotline.models import ServiceRequest
from orgs.models import Office

GENERAL_OFFICE = "general"


def general_office_id() -> int | None:
    return Office.objects.filter(code=GENERAL_OFFICE).values_list("pk", flat=True).first()


def officer_offices(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(user.scopes(Role.OFFICER, "office"))


def _is_registrar(user) -> bool:
    if not user.is_authenticated or Role.OFFICER not in user.role_names:
        return False
    # The roles are read once per request with their offices (``user.active_roles``): no query here,
    # though every page asks (the menu).
    return any(
        a.role == Role.OFFICER and a.office is not None and a.office.code == GENERAL_OFFICE for a in user.active_roles
    )


is_registrar = rules.predicate(_is_registrar, name="hotline.is_registrar")
reads_all = rules.predicate(
    lambda user: (
        _is_registrar(user) or bool(user.is_authenticated and {Role.LEADER, Role.SUPERVISOR} & user.role_names)
    ),
    name="hotline.reads_all",
)
can_open_hotline = is_staff_reader
can_read_report = is_staff_reader


def handles(user, request: ServiceRequest) -> bool:
    """An officer of the office the request is assigned to."""
    return request.office_id is not None and request.office_id in officer_offices(user)


def may_see_contact(user, request: ServiceRequest) -> bool:
    """Registrars and the handling office, who need to call the requester back."""
    return is_registrar(user) or handles(user, request)


def visible_requests(user):
    """The requests a user may list: all for registrars, leaders and supervisors; an office's
    officers those assigned to their offices."""
    qs = ServiceRequest.objects.all()
    if reads_all(user):
        return qs
    if is_officer(user):
        return qs.filter(office_id__in=officer_offices(user))
    return qs.none()


def service_request_get_for_user(user, pk: int, *, write: bool = False) -> ServiceRequest:
    """The request if the user may read it (or, with ``write``, act on it: a registrar or an officer
    of the handling office); Http404 otherwise."""
    found = (
        ServiceRequest.objects.select_related("category", "office", "handler", "replied_by", "entered_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    if write:
        allowed = is_registrar(user) or handles(user, found)
    else:
        allowed = reads_all(user) or handles(user, found)
    if not allowed:
        raise Http404
    return found
