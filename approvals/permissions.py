"""Who sees and acts on funding lists. Missing and forbidden both answer 404.

- officers of the office running the call: everything, including objectors' identities;
- officers of the offices asked to sign off, leaders and supervisors: the list and the sign-offs,
  and objections without the objector's identity;
- applicants, unit admins, recommenders, experts: nothing here (they see their own application's
  status; the public sees the publicity list on the portal).
"""

from django.http import Http404

from accounts.roles import Role
from approvals.models import LEADER_SEAT, FundingList, ListStatus
from plans.permissions import runs_call


def runs_list(user, funding_list: FundingList) -> bool:
    return runs_call(user, funding_list.call)


def signs_for(user, funding_list: FundingList) -> list[str]:
    """Seats of the current sign-off round the user could still take (empty when none)."""
    if funding_list.status != ListStatus.SIGN_OFF or user.pk == funding_list.proposed_by_id:
        return []
    if funding_list.items.filter(application__pi=user).exists():
        return []  # nobody signs off a list carrying their own project
    taken = list(funding_list.sign_offs.filter(round=funding_list.sign_off_round).values_list("seat", "signer_id"))
    if any(signer == user.pk for _seat, signer in taken):
        return []
    taken_seats = {seat for seat, _signer in taken}
    own_offices = set(user.scopes(Role.OFFICER, "office"))
    seats = [f"office-{pk}" for pk in funding_list.offices.values_list("pk", flat=True) if pk in own_offices]
    if Role.LEADER in user.role_names:
        seats.append(LEADER_SEAT)
    return [seat for seat in seats if seat not in taken_seats]


def may_sign(user, funding_list: FundingList) -> bool:
    return bool(signs_for(user, funding_list))


def may_read(user, funding_list: FundingList) -> bool:
    if runs_list(user, funding_list) or user.role_names & {Role.LEADER, Role.SUPERVISOR}:
        return True
    own_offices = set(user.scopes(Role.OFFICER, "office"))
    return bool(own_offices & set(funding_list.offices.values_list("pk", flat=True)))


def funding_list_get_for_user(user, pk: int, *, write: bool = False) -> FundingList:
    funding_list = FundingList.objects.select_related("call__program__office", "proposed_by").filter(pk=pk).first()
    if funding_list is None:
        raise Http404
    allowed = runs_list(user, funding_list) if write else may_read(user, funding_list)
    if not allowed:
        raise Http404
    return funding_list


def public_list_get(pk: int) -> FundingList:
    """A funding list the public may read: in publicity or approved."""
    funding_list = (
        FundingList.objects.select_related("call__program")
        .filter(pk=pk, status__in=[ListStatus.PUBLICITY, ListStatus.FINAL])
        .first()
    )
    if funding_list is None:
        raise Http404
    return funding_list
