"""Workbench to-dos: lists to sign off for offices and leaders, objections to answer for officers."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role
from approvals.models import FundingList, ListStatus, Objection
from approvals.permissions import may_sign
from workbench.registry import Todo, todo_provider


@todo_provider("approvals")
def approval_todos(user) -> list[Todo]:
    offices = user.scopes(Role.OFFICER, "office")
    leader = Role.LEADER in user.role_names
    if not offices and not leader:
        return []
    url = reverse("approvals:index")
    in_sign_off = FundingList.objects.filter(status=ListStatus.SIGN_OFF).select_related("call__program")
    if not leader:
        in_sign_off = in_sign_off.filter(offices__in=offices).distinct()
    to_sign = sum(1 for funding_list in in_sign_off[:50] if may_sign(user, funding_list))
    items = [Todo(_("S&T plans"), _("Funding lists waiting for your sign-off"), to_sign, url, None)]
    if offices:
        open_objections = Objection.objects.filter(
            Q(answered_at__isnull=True), funding_list__call__program__office_id__in=offices
        ).count()
        items.append(Todo(_("S&T plans"), _("Objections to answer"), open_objections, url, None))
    return items
