"""Writing, verifying and pruning audit events."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditChainHead, AuditEvent, Result
from core import context
from core.masking import scrub

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "seq": event.seq,
        "created_at": event.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "role": event.role,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_repr": event.target_repr,
        "before": event.before,
        "after": event.after,
        "ip": event.ip,
        "request_id": event.request_id,
        "result": event.result,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _ = AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def _json_safe(data: Any) -> Any:
    return json.loads(json.dumps(data, default=str, ensure_ascii=False)) if data is not None else None


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    result: str = Result.SUCCESS,
    role: str = "",
    actor_name: str = "",
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    Sensitive values (passwords, tokens, ID and phone numbers) are masked before they are stored.
    """
    ctx = context.current()
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_repr = target_repr or str(target)[:200]
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    if not role and actor_obj is not None and hasattr(actor_obj, "role_names"):
        role = ",".join(sorted(actor_obj.role_names))
    with transaction.atomic():
        head = _lock_head()
        event = AuditEvent(
            seq=head.last_seq + 1,
            created_at=timezone.now().replace(microsecond=0),
            actor=actor_obj,
            actor_name=(actor_name or (actor_obj.get_username() if actor_obj else "system"))[:150],
            role=role[:200],
            action=action,
            target_type=target_type,
            target_id=str(target_id)[:64],
            target_repr=scrub(target_repr)[:200],
            before=_json_safe(scrub(before)),
            after=_json_safe(scrub(after)),
            ip=ctx.ip,
            request_id=ctx.request_id,
            result=result,
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose values differ, as (before, after) for an audit event."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    checked: int
    problem: str = ""
    seq: int | None = None


def audit_verify() -> VerifyReport:
    """Walk the chain and name the first altered or missing event."""
    head = AuditChainHead.objects.filter(pk=1).first() or AuditChainHead()
    expected_seq = head.pruned_through_seq + 1
    expected_prev = head.pruned_hash if head.pruned_through_seq else GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return VerifyReport(False, checked, f"event #{expected_seq} is missing", expected_seq)
        if event.prev_hash != expected_prev or event_hash(event) != event.hash:
            return VerifyReport(False, checked, f"event #{event.seq} was altered", event.seq)
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    if expected_seq - 1 != head.last_seq or expected_prev != (head.last_hash if head.last_seq else GENESIS):
        if expected_seq - 1 < head.last_seq:
            return VerifyReport(False, checked, f"event #{expected_seq} is missing", expected_seq)
        return VerifyReport(False, checked, "the chain head does not match the last event", expected_seq - 1)
    return VerifyReport(True, checked)


def audit_prune(*, actor: Any, older_than_days: int) -> int:
    """Delete events older than the retention period (never younger than 180 days).

    The hash of the last pruned event is kept, so the remaining chain still verifies.
    """
    minimum = settings.AUDIT_MIN_RETENTION_DAYS
    if older_than_days < minimum:
        raise ValueError(f"Audit events younger than {minimum} days may not be deleted.")
    cutoff = timezone.now() - timedelta(days=older_than_days)
    with transaction.atomic():
        head = _lock_head()
        doomed = AuditEvent.objects.filter(created_at__lt=cutoff).order_by("seq")
        last = doomed.last()
        if last is None:
            return 0
        # Only a contiguous prefix of the chain may go, so the rest still links to a known hash.
        count = AuditEvent.objects.filter(seq__lte=last.seq).count()
        AuditEvent.objects.filter(seq__lte=last.seq).delete()
        head.pruned_through_seq = last.seq
        head.pruned_hash = last.hash
        head.save(update_fields=["pruned_through_seq", "pruned_hash"])
    audit_record(
        actor=actor,
        action="audit.prune",
        target_type="audit.auditevent",
        after={"through_seq": last.seq, "deleted": count},
    )
    return count
