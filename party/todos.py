"""Workbench to-dos: unpaid dues for members; overdue terms for secretaries."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from party.meetings import compliance_table
from party.models import BillStatus, DuesBill, PartyOrganization
from party.permissions import managed_org_ids
from workbench.registry import Todo, todo_provider


@todo_provider("party")
def party_todos(user) -> list[Todo]:
    mine = DuesBill.objects.filter(member__user=user, status=BillStatus.UNPAID).aggregate(n=Count("pk"))
    items = [Todo(_("Party building"), _("Party dues to pay"), mine["n"], reverse("party:my_dues"))]
    managed = managed_org_ids(user)
    if managed:
        orgs = list(PartyOrganization.objects.filter(pk__in=managed, is_active=True))
        behind = sum(1 for row in compliance_table(orgs, timezone.localdate().year) if row["overdue"])
        items.append(
            Todo(
                _("Party building"), _("Organizations behind on organization life"), behind, reverse("party:compliance")
            )
        )
    return items
