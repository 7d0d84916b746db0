"""Who may see and run surveys.

Officers create and run the surveys of their own office; leaders and supervisors read every
survey and its results; nobody else reaches a survey page (403 for the pages, 404 for an id).
The answer page is public and reached only by a recipient's token.
"""

from django.http import Http404

from accounts.roles import Role, has_role, is_officer
from surveys.models import Recipient, Survey

reads_surveys = has_role(Role.OFFICER, Role.LEADER, Role.SUPERVISOR)
reads_all_surveys = has_role(Role.LEADER, Role.SUPERVISOR)
runs_surveys = is_officer


def office_ids(user) -> list[int]:
    """The offices whose surveys the user runs (officer scopes)."""
    return user.scopes(Role.OFFICER, "office") if user.is_authenticated else []


def surveys_for_user(user):
    """The surveys a user may read: all for leaders and supervisors, their offices' for officers."""
    if reads_all_surveys.test(user):
        return Survey.objects.all()
    return Survey.objects.filter(office_id__in=office_ids(user))


def can_run(user, survey: Survey) -> bool:
    return survey.office_id in office_ids(user)


def survey_get_for_user(user, pk: int, *, write: bool = False) -> Survey:
    """The survey ``pk`` if the user may read it (``write``: run it); 404 for missing and forbidden alike."""
    survey = Survey.objects.select_related("office", "created_by").filter(pk=pk).first()
    if survey is None:
        raise Http404
    if write and not can_run(user, survey):
        raise Http404
    if not (can_run(user, survey) or reads_all_surveys.test(user)):
        raise Http404
    return survey


def recipient_get_by_token(token: str) -> Recipient:
    """The recipient holding the answer link ``token``; 404 for anything else, drafts included."""
    if not token or len(token) > 64:
        raise Http404
    recipient = Recipient.objects.select_related("survey__office").filter(token=token).first()
    if recipient is None or recipient.survey.status == "draft":
        raise Http404
    return recipient
