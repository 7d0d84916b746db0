"""Workbench to-dos: drafts and returned applications for applicants, endorsements for unit admins."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role
from applications.models import Application, ApplicationStatus
from workbench.registry import Todo, todo_provider


@todo_provider("applications")
def application_todos(user) -> list[Todo]:
    items = []
    if Role.APPLICANT in user.role_names:
        mine = Application.objects.filter(pi=user).aggregate(
            returned=Count("pk", filter=Q(status=ApplicationStatus.RETURNED)),
            drafts=Count("pk", filter=Q(status=ApplicationStatus.DRAFT)),
            due=Min("call__closes_at", filter=Q(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.RETURNED])),
        )
        url = reverse("applications:mine")
        items.append(Todo(_("S&T plans"), _("Applications returned for revision"), mine["returned"], url, mine["due"]))
        items.append(Todo(_("S&T plans"), _("Draft applications not yet submitted"), mine["drafts"], url, mine["due"]))
    units = user.scopes(Role.UNIT_ADMIN, "unit")
    if units:
        waiting = Application.objects.filter(unit_id__in=units, status=ApplicationStatus.SUBMITTED).aggregate(
            n=Count("pk"), due=Min("call__closes_at")
        )
        items.append(
            Todo(
                _("S&T plans"),
                _("Applications waiting for unit endorsement"),
                waiting["n"],
                reverse("applications:unit_queue"),
                waiting["due"],
            )
        )
    return items
