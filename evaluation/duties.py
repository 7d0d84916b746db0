"""Duty lists (责任清单): each holder's party-building duties for the year, with progress and
evidence. Secretaries are first responsible (第一责任人); leading-group members carry "一岗双责"
(party building in the fields they lead). The organization's managers set the lists; holders
report progress on their own items (optimistic lock against two windows)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import EditConflict
from evaluation.models import DutyItem, DutyList, DutyRole
from party.permissions import managed_org_ids, require_manager


@transaction.atomic
def duty_list_create(*, actor, organization, year: int, role: str, holder, items: list[str]) -> DutyList:
    require_manager(actor, organization.pk)
    errors: dict[str, list] = {}
    if role not in DutyRole.values:
        errors["role"] = [_("Choose the role.")]
    texts = [t.strip()[:300] for t in items if t.strip()]
    if not texts:
        errors["items"] = [_("List at least one duty, one per line.")]
    if DutyList.objects.filter(organization=organization, year=year, role=role, holder=holder).exists():
        errors["holder"] = [_("This holder already has a list for the role this year; add to it instead.")]
    if errors:
        raise ValidationError(errors)
    duty_list = DutyList.objects.create(
        organization=organization, year=year, role=role, holder=holder, created_by=actor
    )
    DutyItem.objects.bulk_create([DutyItem(duty_list=duty_list, text=t) for t in texts])
    audit_record(actor=actor, action="duty_list.create", target=duty_list, after={"items": len(texts)})
    return duty_list


def can_report(user, duty_list: DutyList) -> bool:
    return duty_list.holder.user_id == user.pk or duty_list.organization_id in managed_org_ids(user)


@transaction.atomic
def duty_progress(*, actor, item: DutyItem, progress: int, evidence: str, version: int) -> DutyItem:
    locked = DutyItem.objects.select_for_update().select_related("duty_list__holder").get(pk=item.pk)
    if not can_report(actor, locked.duty_list):
        raise PermissionDenied
    if locked.version != version:
        raise EditConflict(_("This duty was updated in another window; reload to see the change."))
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": [_("Progress is from 0 to 100%.")]})
    if progress > locked.progress and not evidence.strip():
        raise ValidationError({"evidence": [_("Give the evidence of the progress (what was done, which document).")]})
    before = locked.progress
    locked.progress, locked.evidence = progress, evidence.strip()
    locked.version += 1
    locked.save(update_fields=["progress", "evidence", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="duty_item.progress",
        target=locked,
        before={"progress": before},
        after={"progress": progress},
    )
    return locked
