"""Registry of Excel imports and the services behind the shared import pages."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.excel import ImportSpec, ParseResult, parse_workbook
from core.models import ImportBatch

_specs: dict[str, ImportSpec] = {}


def register_import(spec: ImportSpec) -> ImportSpec:
    _specs[spec.name] = spec
    return spec


def import_spec_get_for_user(user, name: str) -> ImportSpec:
    """The import called ``name`` if ``user`` may run it; otherwise 404."""
    spec = _specs.get(name)
    if spec is None or spec.rule is None or not spec.rule.test(user):
        raise Http404
    return spec


def import_batch_get_for_user(user, spec: ImportSpec, pk) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=pk, owner=user, spec=spec.name, imported_at__isnull=True).first()
    if batch is None:
        raise Http404
    return batch


def import_preview(*, actor, spec: ImportSpec, file_name: str, data: bytes) -> tuple[ParseResult, ImportBatch | None]:
    """Check the whole file; keep it for confirmation only if every row is good."""
    result = parse_workbook(spec, data, actor=actor)
    if not result.ok:
        return result, None
    batch = ImportBatch.objects.create(
        owner=actor, spec=spec.name, file_name=file_name[:200], data=data, row_count=len(result.rows)
    )
    return result, batch


def import_confirm(*, actor, spec: ImportSpec, batch: ImportBatch) -> int:
    """Re-check the kept file and save all of its rows in one transaction, or none."""
    result = parse_workbook(spec, bytes(batch.data), actor=actor)
    if not result.ok:
        raise ValidationError(_("The data changed since the preview; upload the file again to see the problems."))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.imported_at is not None:
            raise ValidationError(_("This file has already been imported."))
        count = spec.save(result.rows, actor=actor)
        locked.imported_at = timezone.now()
        locked.save(update_fields=["imported_at"])
        audit_record(
            actor=actor,
            action="import.confirm",
            target_type="core.importbatch",
            target_id=str(batch.pk),
            target_repr=batch.file_name,
            after={"spec": spec.name, "rows": count},
        )
    return count
