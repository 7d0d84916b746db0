"""Workbench to-dos: unpaid dues for members; overdue terms for secretaries."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from party.models import BillStatus, DuesBill
from workbench.registry import Todo, todo_provider


@todo_provider("party")
def party_todos(user) -> list[Todo]:
    mine = DuesBill.objects.filter(member__user=user, status=BillStatus.UNPAID).aggregate(n=Count("pk"))
    return [Todo(_("Party building"), _("Party dues to pay"), mine["n"], reverse("party:my_dues"))]
