"""Remitting dues upward (党费上缴) and confirming their receipt.

An organization holds the dues its members paid (with voluntary extras), plus what organizations
below it remitted and it confirmed, minus what it remitted to the organization above. A
remittance names the months it covers and the bank slip or receipt number; the organization
above confirms the receipt. Amounts are Decimal yuan, never more than the organization holds.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from party.dues import first_of_month
from party.models import BillStatus, DuesBill, DuesRemittance, PartyOrganization, RemittanceStatus
from party.permissions import require_manager
from party.services import _money

ZERO = Decimal("0.00")


@dataclass
class Holdings:
    collected: Decimal  # dues and extras the organization's own members paid
    received: Decimal  # remittances from below, confirmed
    pending: Decimal  # remittances from below, not yet confirmed
    remitted: Decimal  # sent upward (confirmed or not)

    @property
    def balance(self) -> Decimal:
        return self.collected + self.received - self.remitted


def holdings(organization: PartyOrganization) -> Holdings:
    """What the organization holds (three queries)."""
    paid = DuesBill.objects.filter(organization=organization, status=BillStatus.PAID).aggregate(
        paid=Sum("paid_amount"), extra=Sum("extra")
    )
    incoming = DuesRemittance.objects.filter(to_organization=organization).aggregate(
        received=Sum("amount", filter=Q(status=RemittanceStatus.CONFIRMED)),
        pending=Sum("amount", filter=Q(status=RemittanceStatus.SENT)),
    )
    sent = DuesRemittance.objects.filter(organization=organization).aggregate(total=Sum("amount"))

    def cents(value) -> Decimal:
        return (value or ZERO).quantize(ZERO)

    return Holdings(
        collected=cents(paid["paid"]) + cents(paid["extra"]),
        received=cents(incoming["received"]),
        pending=cents(incoming["pending"]),
        remitted=cents(sent["total"]),
    )


def remittance_record(
    *,
    actor,
    organization: PartyOrganization,
    months_from: date | None,
    months_to: date | None,
    amount,
    remitted_on: date | None,
    reference: str,
) -> DuesRemittance:
    """Record dues sent to the organization above; refused beyond what the organization holds."""
    require_manager(actor, organization.pk)
    errors: dict[str, list] = {}
    if organization.parent_id is None:
        raise ValidationError(_("%(org)s has no organization above it to remit to.") % {"org": organization.name})
    if months_from is None:
        errors["months_from"] = [_("Give the first month the remittance covers.")]
    if months_to is None:
        errors["months_to"] = [_("Give the last month the remittance covers.")]
    elif months_from and months_to < months_from:
        errors["months_to"] = [_("The last month cannot be before the first.")]
    if remitted_on is None:
        errors["remitted_on"] = [_("Give the date the money was sent.")]
    elif remitted_on > timezone.localdate():
        errors["remitted_on"] = [_("The date cannot be in the future.")]
    if not reference.strip():
        errors["reference"] = [_("Give the bank slip or receipt number.")]
    try:
        value = _money(amount, "amount")
        if value <= 0:
            errors["amount"] = [_("The amount must be more than zero.")]
    except ValidationError as exc:
        errors.update(exc.message_dict)
        value = ZERO
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One remittance of an organization at a time, so two clerks cannot both spend the balance.
        PartyOrganization.objects.select_for_update().get(pk=organization.pk)
        held = holdings(organization).balance
        if value > held:
            raise ValidationError(
                {
                    "amount": [
                        _("%(org)s holds %(held)s yuan; it cannot remit more.")
                        % {"org": organization.name, "held": held}
                    ]
                }
            )
        remittance = DuesRemittance.objects.create(
            organization=organization,
            to_organization_id=organization.parent_id,
            months_from=first_of_month(months_from),
            months_to=first_of_month(months_to),
            amount=value,
            remitted_on=remitted_on,
            reference=reference.strip()[:60],
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="dues.remit",
            target=organization,
            after={"to": organization.parent_id, "amount": str(value), "reference": remittance.reference},
        )
    return remittance


@transaction.atomic
def remittance_confirm(*, actor, remittance: DuesRemittance) -> DuesRemittance:
    """The organization above confirms it received the money."""
    locked = DuesRemittance.objects.select_for_update().get(pk=remittance.pk)
    require_manager(actor, locked.to_organization_id)
    if locked.status != RemittanceStatus.SENT:
        raise ValidationError(_("This remittance has already been confirmed."))
    if locked.recorded_by_id == actor.pk:
        raise ValidationError(_("The receipt is confirmed by someone other than who recorded the remittance."))
    locked.status = RemittanceStatus.CONFIRMED
    locked.confirmed_by = actor
    locked.confirmed_on = timezone.localdate()
    locked.save(update_fields=["status", "confirmed_by", "confirmed_on"])
    audit_record(
        actor=actor, action="dues.remit_confirm", target=locked.to_organization, after={"remittance": locked.pk}
    )
    return locked
