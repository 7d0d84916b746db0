"""Workbench to-dos: reports overdue below me; ballots and reports waiting for me."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.models import CampaignStatus, ReviewEvaluator, ReviewSubject
from evaluation.reports import overdue
from party.permissions import managed_org_ids
from workbench.registry import Todo, todo_provider


@todo_provider("evaluation")
def evaluation_todos(user) -> list[Todo]:
    items = []
    managed = managed_org_ids(user)
    if managed:
        late = len(overdue(managed, timezone.localdate()))
        items.append(Todo(_("Party building"), _("Bi-monthly reports overdue"), late, reverse("evaluation:reports")))
    ballots = ReviewEvaluator.objects.filter(user=user, voted=False, campaign__status=CampaignStatus.RATING).count()
    reports = ReviewSubject.objects.filter(
        secretary__user=user, submitted_at__isnull=True, campaign__status=CampaignStatus.REPORTING
    ).count()
    url = reverse("evaluation:reviews")
    items += [
        Todo(_("Party building"), _("Annual review ballots to cast"), ballots, url),
        Todo(_("Party building"), _("Annual review reports to write"), reports, url),
    ]
    return items
