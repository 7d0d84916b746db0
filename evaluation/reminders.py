"""Reminders before a bi-monthly report falls due, once per organization and period (the unique
key of ``party.models.PartyReminder`` decides, as for the party reminders)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.models import BimonthlyReport
from evaluation.reports import REPORTING_KINDS, reminders_due
from notifications.services import notify
from party.models import PartyOrganization, PartyPost, Post
from party.reminders import send_once


def reminders_send(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    due = reminders_due(today)
    if due is None:
        return 0
    year, period, due_on = due
    done = set(BimonthlyReport.objects.filter(year=year, period=period).values_list("organization_id", flat=True))
    posts = PartyPost.objects.filter(
        organization__kind__in=REPORTING_KINDS,
        organization__is_active=True,
        post=Post.SECRETARY,
        member__is_active=True,
        member__user__isnull=False,
    ).select_related("member__user", "organization")
    sent = 0
    for post in posts:
        org: PartyOrganization = post.organization
        if org.pk in done:
            continue
        title = _("Bi-monthly report of %(org)s due on %(date)s") % {"org": org.name, "date": due_on.isoformat()}
        url = reverse("evaluation:report_form", args=[org.pk]) + f"?year={year}&period={period}"
        sent += send_once(
            f"report:{org.pk}:{year}-{period}",
            lambda user=post.member.user, title=title, url=url: notify(recipients=[user], title=title, url=url),
            set(),
        )
    return sent
