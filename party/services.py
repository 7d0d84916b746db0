"""Writes of party building I: members, dues bases, monthly bills, payments, approvals."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from party.dues import add_months, dues_settings, first_of_month, monthly_dues, months_between
from party.models import (
    ApprovalKind,
    BillStatus,
    DuesApproval,
    DuesBase,
    DuesBill,
    OrgKind,
    PartyMember,
    PartyOrganization,
    PaymentMethod,
)
from party.permissions import require_manager

BILLED_KINDS = (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE, OrgKind.ORGAN_COMMITTEE)
MAX_ADVANCE_BILLING = 6  # months ahead a branch may bill without an approval


MAX_AMOUNT = Decimal("100000000")  # yuan: no base, bill or remittance comes near it


def _money(text, field_name: str) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        raise ValidationError({field_name: [_("Enter an amount in yuan, e.g. 6520.00.")]})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def dues_base_declare(*, actor, member: PartyMember, amount, effective_month: date) -> DuesBase:
    """Declare (or correct) a member's monthly base from ``effective_month`` on (yearly, and on every
    pay change, effective from the month the new pay is first received)."""
    require_manager(actor, member.organization_id)
    value = _money(amount, "amount")
    month = first_of_month(effective_month)
    base, created = DuesBase.objects.update_or_create(
        member=member,
        effective_month=month,
        defaults={"amount": value, "declared_on": timezone.localdate(), "declared_by": actor},
    )
    audit_record(
        actor=actor,
        action="dues_base.declare",
        target=member,
        after={"amount": str(value), "from": month.isoformat(), "new": created},
    )
    return base


def base_for(member: PartyMember, month: date, bases: list[DuesBase] | None = None) -> Decimal | None:
    """The base in force for ``month``: the latest declared from that month or earlier."""
    rows = bases if bases is not None else list(member.dues_bases.all())
    valid = [b for b in rows if b.effective_month <= month]
    return max(valid, key=lambda b: b.effective_month).amount if valid else None


def _approval(approvals: list[DuesApproval], kind: str, month: date) -> DuesApproval | None:
    return next((a for a in approvals if a.kind == kind and a.months_from <= month <= a.months_to), None)


@dataclass
class BillingResult:
    created: int = 0
    existing: int = 0
    missing_base: list[str] = field(default_factory=list)


@transaction.atomic
def bills_generate(*, actor, organization: PartyOrganization, month: date) -> BillingResult:
    """Bill every active member of the organization for ``month`` (idempotent: existing bills stay).

    Members of a salary-based category without a declared base are reported, not billed. Billing
    more than 6 months ahead needs an advance-payment approval per member.
    """
    require_manager(actor, organization.pk)
    month = first_of_month(month)
    today = first_of_month(timezone.localdate())
    rules = dues_settings()
    ahead = months_between(today, month)
    members = list(
        PartyMember.objects.filter(organization=organization, is_active=True).prefetch_related(
            "dues_bases", "dues_approvals"
        )
    )
    billed = set(DuesBill.objects.filter(month=month, member__in=members).values_list("member_id", flat=True))
    result = BillingResult(existing=len(billed))
    due_on = month.replace(day=organization.dues_day)
    bills = []
    for member in members:
        if member.pk in billed:
            continue
        approvals = list(member.dues_approvals.all())
        if ahead > rules.back_pay_months and not _approval(approvals, ApprovalKind.ADVANCE, month):
            raise ValidationError(
                {
                    "month": [
                        _("Billing more than %(n)d months ahead needs an approval record.")
                        % {"n": rules.back_pay_months}
                    ]
                }
            )
        base = base_for(member, month, list(member.dues_bases.all()))
        try:
            dues = monthly_dues(category=member.dues_category, base=base, rules=rules)
        except ValueError:
            result.missing_base.append(member.name)
            continue
        amount, status = dues.amount, BillStatus.UNPAID
        if _approval(approvals, ApprovalKind.EXEMPTION, month):
            amount, status = Decimal("0.00"), BillStatus.EXEMPT
        elif (reduction := _approval(approvals, ApprovalKind.REDUCTION, month)) is not None:
            amount = reduction.amount or Decimal("0.00")
        bills.append(
            DuesBill(
                member=member,
                organization=organization,
                month=month,
                category=member.dues_category,
                base=base,
                rate=dues.rate,
                amount=amount,
                due_on=due_on,
                status=status,
            )
        )
    DuesBill.objects.bulk_create(bills)
    result.created = len(bills)
    audit_record(
        actor=actor,
        action="dues.bill",
        target=organization,
        after={"month": month.isoformat(), "created": result.created, "missing_base": len(result.missing_base)},
    )
    return result


def _receipt(bill: DuesBill, paid_on: date) -> str:
    return f"DF{paid_on:%Y%m%d}{bill.pk:07d}"


def payment_refusal(bill: DuesBill, paid_on: date, rules=None) -> str | None:
    """Why the bill cannot be paid on ``paid_on`` (already settled, or a back payment beyond the
    normal period without an approval), or None."""
    rules = rules or dues_settings()
    if bill.status != BillStatus.UNPAID:
        return _("%(name)s's dues for %(month)s are already settled.") % {
            "name": bill.member.name,
            "month": f"{bill.month:%Y-%m}",
        }
    late = months_between(bill.month, first_of_month(paid_on))
    if late > rules.back_pay_months and not _approval(
        list(bill.member.dues_approvals.all()), ApprovalKind.BACK_PAYMENT, bill.month
    ):
        return _(
            "%(name)s's dues for %(month)s are %(n)d months overdue: back payment beyond %(limit)d months "
            "needs an approval record."
        ) % {"name": bill.member.name, "month": f"{bill.month:%Y-%m}", "n": late, "limit": rules.back_pay_months}
    return None


@transaction.atomic
def dues_pay(
    *,
    actor,
    bills: list[DuesBill],
    paid_on: date,
    method: str = PaymentMethod.SELF,
    proxy_name: str = "",
    extra: Decimal | str = "0",
) -> list[DuesBill]:
    """Record payment of the given bills (one member's months, or a batch of members' bills).

    Refused for bills already paid or exempted, and for months more than ``back_pay_months``
    before the payment month without a back-payment approval. ``extra`` is a voluntary extra
    payment recorded on the first bill.
    """
    if method not in PaymentMethod.values:
        raise ValidationError({"method": [_("Choose how the dues were paid.")]})
    if method == PaymentMethod.PROXY and not proxy_name.strip():
        raise ValidationError({"proxy_name": [_("Give the name of the person who paid.")]})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": [_("The payment date cannot be in the future.")]})
    extra_value = _money(extra or "0", "extra")
    rules = dues_settings()
    locked = list(
        DuesBill.objects.select_for_update()
        .filter(pk__in=[b.pk for b in bills])
        .select_related("member", "organization")
    )
    if not locked:
        raise ValidationError(_("Choose at least one bill."))
    for bill in locked:
        require_manager(actor, bill.organization_id)
        refusal = payment_refusal(bill, paid_on, rules)
        if refusal:
            raise ValidationError(refusal)
    for n, bill in enumerate(locked):
        bill.status = BillStatus.PAID
        bill.paid_amount = bill.amount
        bill.extra = extra_value if n == 0 else Decimal("0")
        bill.paid_on = paid_on
        bill.method = method
        bill.proxy_name = proxy_name.strip()[:50]
        bill.receipt = _receipt(bill, paid_on)
        bill.recorded_by = actor
    DuesBill.objects.bulk_update(
        locked, ["status", "paid_amount", "extra", "paid_on", "method", "proxy_name", "receipt", "recorded_by"]
    )
    audit_record(
        actor=actor,
        action="dues.pay",
        target=locked[0].organization,
        after={
            "bills": [b.pk for b in locked],
            "method": method,
            "total": str(sum(b.amount for b in locked) + extra_value),
        },
    )
    return locked


@transaction.atomic
def dues_approval_record(
    *,
    actor,
    member: PartyMember,
    kind: str,
    months_from: date,
    months_to: date,
    reason: str,
    document: str,
    amount=None,
) -> DuesApproval:
    """Record the approval (by the higher committee) of a back/advance payment, reduction or exemption."""
    require_manager(actor, member.organization_id)
    errors = {}
    if kind not in ApprovalKind.values:
        errors["kind"] = [_("Choose the kind of approval.")]
    if months_to < months_from:
        errors["months_to"] = [_("The last month cannot be before the first.")]
    if not reason.strip():
        errors["reason"] = [_("Give a reason.")]
    if not document.strip():
        errors["document"] = [_("Give the approval document's number.")]
    if kind == ApprovalKind.REDUCTION and amount in (None, ""):
        errors["amount"] = [_("Give the reduced monthly amount.")]
    if errors:
        raise ValidationError(errors)
    approval = DuesApproval.objects.create(
        member=member,
        kind=kind,
        months_from=first_of_month(months_from),
        months_to=first_of_month(months_to),
        amount=_money(amount, "amount") if amount not in (None, "") else None,
        reason=reason.strip()[:300],
        document=document.strip()[:100],
        approved_by=actor,
        approved_on=timezone.localdate(),
    )
    audit_record(
        actor=actor, action="dues.approval", target=member, after={"kind": kind, "document": approval.document}
    )
    return approval


@dataclass
class Arrears:
    member: PartyMember
    months: int  # consecutive unpaid months up to the latest billed month
    since: date
    owed: Decimal
    follow_up_months: int = 3  # the rules in force (DuesSettings), read once per list
    review_months: int = 6

    @property
    def follow_up(self) -> bool:
        return self.months >= self.follow_up_months

    @property
    def review(self) -> bool:
        return self.months >= self.review_months


def arrears_of(organization: PartyOrganization, *, up_to: date | None = None) -> list[Arrears]:
    """Members with unpaid bills, by consecutive unpaid months counted back from each member's
    latest bill up to ``up_to``. Two queries that read the unpaid bills only (not the history)."""
    from django.db.models import Max

    up_to = first_of_month(up_to or timezone.localdate())
    unpaid = (
        DuesBill.objects.filter(organization=organization, month__lte=up_to, status=BillStatus.UNPAID)
        .select_related("member")
        .order_by("member_id", "-month")
    )
    by_member: dict[int, list[DuesBill]] = {}
    for bill in unpaid:
        by_member.setdefault(bill.member_id, []).append(bill)
    if not by_member:
        return []
    latest = dict(
        DuesBill.objects.filter(organization=organization, month__lte=up_to, member__in=list(by_member))
        .values("member")
        .annotate(last=Max("month"))
        .values_list("member", "last")
    )
    rules = dues_settings()
    found = []
    for member_id, bills in by_member.items():
        streak, expected = 0, latest[member_id]
        for bill in bills:  # newest first
            if bill.month != expected:
                break
            streak += 1
            expected = add_months(expected, -1)
        found.append(
            Arrears(
                member=bills[0].member,
                months=streak,
                since=bills[-1].month,
                owed=sum((b.amount for b in bills), Decimal("0")),
                follow_up_months=rules.follow_up_months,
                review_months=rules.review_months,
            )
        )
    return sorted(found, key=lambda a: (-a.months, a.member.name))


def ledger(organization: PartyOrganization, year: int) -> list[dict]:
    """Branch × month: billed, paid, extra, outstanding (for the ledger and the annual disclosure)."""
    from django.db.models import Count, Q, Sum

    rows = (
        DuesBill.objects.filter(organization=organization, month__year=year)
        .values("month")
        .annotate(
            bills=Count("pk"),
            billed=Sum("amount"),
            paid=Sum("paid_amount", filter=Q(status=BillStatus.PAID)),
            extra=Sum("extra"),
            unpaid=Count("pk", filter=Q(status=BillStatus.UNPAID)),
            outstanding=Sum("amount", filter=Q(status=BillStatus.UNPAID)),
        )
        .order_by("month")
    )
    zero = Decimal("0.00")
    return [r | {"paid": r["paid"] or zero, "outstanding": r["outstanding"] or zero} for r in rows]


def disclosure(organization: PartyOrganization, year: int) -> dict:
    """The yearly dues disclosure (党费收缴使用情况公开) of an organization and everything below it:
    one row per organization that billed dues, and the totals. Two queries."""
    from django.db.models import Count, Q, Sum

    from party.organization import subtree_ids

    ids = subtree_ids(organization)
    rows = list(
        DuesBill.objects.filter(organization__in=ids, month__year=year)
        .values("organization__name")
        .annotate(
            members=Count("member", distinct=True),
            due=Sum("amount"),
            paid=Sum("paid_amount", filter=Q(status=BillStatus.PAID)),
            extra=Sum("extra"),
            outstanding=Sum("amount", filter=Q(status=BillStatus.UNPAID)),
            exempt=Count("pk", filter=Q(status=BillStatus.EXEMPT)),
        )
        .order_by("organization__name")
    )
    zero = Decimal("0.00")
    for row in rows:
        for key in ("due", "paid", "extra", "outstanding"):
            row[key] = row[key] or zero
    totals = {key: sum((r[key] for r in rows), zero) for key in ("due", "paid", "extra", "outstanding")}
    totals["members"] = sum(r["members"] for r in rows)
    return {"rows": rows, "totals": totals, "year": year, "organization": organization}
