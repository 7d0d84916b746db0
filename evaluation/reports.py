"""Bi-monthly secretary reports (基层党组织书记双月工作汇报制度).

A year has six periods (January–February … November–December). A branch's report on a period is
due on ``DUE_DAY`` of the month after it (the December report on 10 January); secretaries are
reminded ``REMIND_DAYS`` before, and the committee above sees who is overdue. The committee above
comments on each report; the secretary may correct a report until it has been commented on.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from evaluation.models import BimonthlyReport
from party.dues import add_months
from party.models import OrgKind, PartyOrganization, PartyPost
from party.permissions import managed_org_ids

DUE_DAY = 10
REMIND_DAYS = 5
REPORTING_KINDS = (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH)


def period_of(day: date) -> tuple[int, int]:
    """The (year, period) a day falls in."""
    return day.year, (day.month + 1) // 2


def period_months(year: int, period: int) -> tuple[date, date]:
    first = date(year, period * 2 - 1, 1)
    return first, add_months(first, 1)


def due_on(year: int, period: int) -> date:
    """The report on a period is due on DUE_DAY of the month after it."""
    return add_months(date(year, period * 2 - 1, 1), 2).replace(day=DUE_DAY)


def last_due_period(today: date) -> tuple[int, int] | None:
    """The latest period whose report is already due by ``today``."""
    year, period = period_of(today)
    for _step in range(7):
        period -= 1
        if period == 0:
            year, period = year - 1, 6
        if due_on(year, period) <= today:
            return year, period
    return None


def _check(work_done: str) -> None:
    if len(work_done.strip()) < 20:
        raise ValidationError({"work_done": [_("Describe the work done in the period (at least 20 characters).")]})


@transaction.atomic
def report_submit(
    *, actor, organization: PartyOrganization, year: int, period: int, work_done: str, problems: str, next_steps: str
) -> BimonthlyReport:
    # The organization's own post holders report; the committee above comments.
    if not PartyPost.objects.filter(organization=organization, member__user=actor, member__is_active=True).exists():
        raise PermissionDenied
    if organization.kind not in REPORTING_KINDS:
        raise ValidationError(_("Bi-monthly reports are made by branches and general branches."))
    if not 1 <= period <= 6:
        raise ValidationError({"period": [_("Choose a period.")]})
    first, _last = period_months(year, period)
    if first > timezone.localdate():
        raise ValidationError({"period": [_("This period has not begun yet.")]})
    _check(work_done)
    values = {"work_done": work_done.strip(), "problems": problems.strip(), "next_steps": next_steps.strip()}
    found = (
        BimonthlyReport.objects.select_for_update().filter(organization=organization, year=year, period=period).first()
    )
    if found and found.commented_at:
        raise ValidationError(_("The committee has commented on this report; it can no longer be changed."))
    if found:
        for key, value in values.items():
            setattr(found, key, value)
        found.submitted_at, found.submitted_by = timezone.now(), actor
        found.save()
    else:
        try:
            with transaction.atomic():
                found = BimonthlyReport.objects.create(
                    organization=organization,
                    year=year,
                    period=period,
                    submitted_at=timezone.now(),
                    submitted_by=actor,
                    **values,
                )
        except IntegrityError:
            raise ValidationError(_("The report was just submitted from another window; reload the page.")) from None
    audit_record(actor=actor, action="party_report.submit", target=found, after={"year": year, "period": period})
    return found


@transaction.atomic
def report_comment(*, actor, report: BimonthlyReport, comment: str) -> BimonthlyReport:
    """The committee above comments (its managers only, not the branch's own secretary)."""
    locked = BimonthlyReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    parent = locked.organization.parent_id
    if parent is None or parent not in managed_org_ids(actor):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": [_("Write the comment.")]})
    locked.comment, locked.commented_by, locked.commented_at = comment.strip(), actor, timezone.now()
    locked.save(update_fields=["comment", "commented_by", "commented_at"])
    audit_record(actor=actor, action="party_report.comment", target=locked)
    return locked


def overdue(org_ids, today: date | None = None) -> list[tuple[PartyOrganization, int, int, date]]:
    """Reporting organizations among ``org_ids`` without a report on the latest due period."""
    today = today or timezone.localdate()
    due = last_due_period(today)
    if due is None:
        return []
    year, period = due
    done = set(
        BimonthlyReport.objects.filter(year=year, period=period, organization__in=list(org_ids)).values_list(
            "organization_id", flat=True
        )
    )
    orgs = PartyOrganization.objects.filter(pk__in=list(org_ids), kind__in=REPORTING_KINDS, is_active=True)
    return [(o, year, period, due_on(year, period)) for o in orgs.order_by("name") if o.pk not in done]


def reminders_due(today: date) -> tuple[int, int, date] | None:
    """The period whose report falls due within REMIND_DAYS from ``today`` (the reminder sweep)."""
    year, period = period_of(today)
    previous = (year, period - 1) if period > 1 else (year - 1, 6)
    for y, p in (previous, (year, period)):
        due = due_on(y, p)
        if 0 <= (due - today).days <= REMIND_DAYS:
            return y, p, due
    return None
