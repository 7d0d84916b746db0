"""Who may see and run calls. Missing and forbidden both answer 404."""

import rules
from django.http import Http404

from accounts.roles import Role, has_role
from plans.models import Call, CallStatus

is_officer = has_role(Role.OFFICER)
is_staff_reader = has_role(Role.OFFICER, Role.LEADER, Role.SUPERVISOR)


def runs_call(user, call: Call) -> bool:
    """An officer of the office that manages the call's program."""
    return call.program.office_id in user.scopes(Role.OFFICER, "office")


@rules.predicate
def can_create_calls(user) -> bool:
    return bool(user.is_authenticated and user.scopes(Role.OFFICER, "office"))


def call_get_for_user(user, pk: int, *, write: bool = False) -> Call:
    """A call for staff (read) or for the officers of its managing office (write)."""
    call = Call.objects.select_related("program__office").filter(pk=pk).first()
    if call is None:
        raise Http404
    allowed = runs_call(user, call) if write else is_staff_reader.test(user)
    if not allowed:
        raise Http404
    return call


def call_get_for_oversight(user, pk: int) -> Call:
    """A call whose applications the user may list: its office's officers, leaders and supervisors."""
    call = call_get_for_user(user, pk)
    if not (runs_call(user, call) or user.role_names & {Role.LEADER, Role.SUPERVISOR}):
        raise Http404
    return call


def published_call_get(pk: int) -> Call:
    """A call the public may read: published or closed, never a draft."""
    call = (
        Call.objects.select_related("program")
        .filter(pk=pk, status__in=[CallStatus.PUBLISHED, CallStatus.CLOSED])
        .first()
    )
    if call is None:
        raise Http404
    return call


def call_attachment_rule(user, call: Call, write: bool) -> bool:
    if write:
        return runs_call(user, call)
    return call.status != CallStatus.DRAFT or is_staff_reader.test(user)
