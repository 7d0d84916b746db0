"""Writes and the one read every module uses: which restrictions are in force for a person or unit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from integrity.models import IntegrityRecord, Restriction


@transaction.atomic
def integrity_record_create(
    *, actor, person=None, unit=None, list_kind: str, restrictions: list[str], reason: str, starts_on, ends_on=None
) -> IntegrityRecord:
    """List a person or a unit; restrictions take effect from ``starts_on``."""
    if (person is None) == (unit is None):
        raise ValidationError(_("List either a person or a unit."))
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end date cannot be before the start date.")]})
    if set(restrictions) - set(Restriction.values):
        raise ValidationError({"restrictions": [_("Unknown restriction.")]})
    record = IntegrityRecord.objects.create(
        person=person,
        unit=unit,
        list_kind=list_kind,
        restrictions=sorted(restrictions),
        reason=reason.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="integrity.create",
        target=record,
        after={"list": list_kind, "restrictions": sorted(restrictions), "from": starts_on, "until": ends_on},
    )
    return record


@transaction.atomic
def integrity_record_revoke(*, actor, record: IntegrityRecord, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    record = IntegrityRecord.objects.select_for_update().get(pk=record.pk)
    if record.revoked_at is not None:
        raise ValidationError(_("This record has already been revoked."))
    record.revoked_at = timezone.now()
    record.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="integrity.revoke", target=record, after={"reason": reason.strip()})


def restrictions_in_force(*, restriction: str, person=None, unit=None) -> list[IntegrityRecord]:
    """Records in force today that impose ``restriction`` on the person or the unit."""
    records = IntegrityRecord.objects.in_force().select_related("person", "unit")
    subjects = []
    if person is not None:
        subjects += [r for r in records.filter(person=person) if restriction in r.restrictions]
    if unit is not None:
        subjects += [r for r in records.filter(unit=unit) if restriction in r.restrictions]
    return subjects
