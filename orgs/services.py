"""Writes about organizations: units, offices, recommenders, region data."""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, changed
from orgs.models import Office, Recommender, Region, Unit
from orgs.selectors import recommender_for_region

REGIONS_CSV = Path(__file__).parent / "data" / "regions.csv"
UNIT_FIELDS = (
    "name",
    "credit_code",
    "unit_type",
    "region_id",
    "recommender_id",
    "address",
    "contact_name",
    "contact_phone",
)


def regions_load(path: Path = REGIONS_CSV) -> int:
    """Load GB/T 2260 regions from the bundled CSV (idempotent: existing codes are updated)."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with transaction.atomic():
        for row in rows:  # parents come before children in the file
            Region.objects.update_or_create(
                code=row["code"],
                defaults={"name": row["name"], "level": row["level"], "parent_id": row["parent_code"] or None},
            )
    return len(rows)


def _snapshot(unit: Unit) -> dict:
    return {f: getattr(unit, f) for f in UNIT_FIELDS}


@transaction.atomic
def unit_create(*, actor, name: str, credit_code: str, unit_type: str, region: Region, **extra) -> Unit:
    """Register an applicant unit; its recommender defaults to the nearest one for its region."""
    credit_code = credit_code.strip().upper()
    if Unit.objects.filter(credit_code=credit_code).exists():
        raise ValidationError({"credit_code": [_("A unit with this credit code is already registered.")]})
    unit = Unit(name=name.strip(), credit_code=credit_code, unit_type=unit_type, region=region, **extra)
    if unit.recommender_id is None:
        unit.recommender = recommender_for_region(region)
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="unit.create", target=unit, after=_snapshot(unit))
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **changes) -> Unit:
    before = _snapshot(unit)
    for field, value in changes.items():
        setattr(unit, field, value)
    unit.full_clean()
    unit.save()
    old, new = changed(before, _snapshot(unit))
    audit_record(actor=actor, action="unit.update", target=unit, before=old, after=new)
    return unit


@transaction.atomic
def office_create(*, actor, name: str, code: str, sort_order: int = 0, phone: str = "") -> Office:
    office = Office.objects.create(name=name, code=code, sort_order=sort_order, phone=phone)
    audit_record(actor=actor, action="office.create", target=office, after={"name": name, "code": code})
    return office


@transaction.atomic
def recommender_create(
    *, actor, name: str, kind: str, region: Region, parent: Recommender | None = None
) -> Recommender:
    recommender = Recommender.objects.create(name=name, kind=kind, region=region, parent=parent)
    audit_record(
        actor=actor,
        action="recommender.create",
        target=recommender,
        after={"name": name, "kind": kind, "region": region.code},
    )
    return recommender


@transaction.atomic
def closure_set(*, actor, day, reason: str):
    """Mark a day the agency does not work although the national calendar says it is a working
    day (every deadline counted in working days then skips it). Past days are refused: deadlines
    already counted over them would change under people's feet."""
    from core.models import AgencyClosure
    from core.workdays import _nationally_working

    errors: dict[str, list] = {}
    if day is None:
        errors["day"] = [_("Choose the day.")]
    elif day < timezone.localdate():
        errors["day"] = [_("A closure cannot be set for a past day.")]
    elif not _nationally_working(day):
        errors["day"] = [_("This day is not a working day in the national calendar anyway.")]
    elif AgencyClosure.objects.filter(day=day).exists():
        errors["day"] = [_("This day is already marked as a closure.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason (e.g. the office moves).")]
    if errors:
        raise ValidationError(errors)
    closure = AgencyClosure.objects.create(day=day, reason=reason.strip()[:200])
    audit_record(
        actor=actor, action="closure.set", target=closure, after={"day": day.isoformat(), "reason": closure.reason}
    )
    return closure


@transaction.atomic
def closure_remove(*, actor, closure) -> None:
    if closure.day < timezone.localdate():
        raise ValidationError(_("A past closure stays on record."))
    audit_record(actor=actor, action="closure.remove", target=closure, before={"day": closure.day.isoformat()})
    closure.delete()
