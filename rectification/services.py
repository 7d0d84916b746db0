"""Writes to the rectification ledger. Every change is audited in the same transaction."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from rectification.models import EventKind, RectificationEvent, RectificationItem, RectificationStatus

COMMITMENT_FIELDS = ("problem", "goal", "deadline", "measures", "office", "responsible", "commitment")


def _next_number(year: int) -> str:
    prefix = f"ZG-{year}-"
    last = (
        RectificationItem.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:03d}"


def is_committed(item: RectificationItem) -> bool:
    """All four clarities and the commitment are set (四明确一承诺)."""
    return all(getattr(item, name) not in (None, "") for name in COMMITMENT_FIELDS)


def rectification_item_create(
    *,
    actor,
    source: str,
    problem: str,
    source_ref: str = "",
    source_key: str | None = None,
    goal: str = "",
    deadline: date | None = None,
    measures: str = "",
    office=None,
    responsible=None,
    commitment: str = "",
    is_public: bool = True,
) -> tuple[RectificationItem, bool]:
    """Enter a problem in the ledger; returns ``(item, created)``.

    ``source_key`` ("surveys.finding:12") names the record the item is made from: a second call with
    the same key returns the existing item, so "turn into a rectification item" is safe to repeat.
    The item starts under rectification when the four clarities and the commitment are all given,
    otherwise as a draft for the responsible office to complete.
    """
    with transaction.atomic():
        if source_key:
            existing = RectificationItem.objects.select_for_update().filter(source_key=source_key).first()
            if existing is not None:
                return existing, False
        item = RectificationItem(
            number=_next_number(timezone.localdate().year),
            source=source,
            source_ref=source_ref[:200],
            source_key=source_key or None,
            problem=problem.strip(),
            goal=goal.strip(),
            deadline=deadline,
            measures=measures.strip(),
            office=office,
            responsible=responsible,
            commitment=commitment.strip(),
            is_public=is_public,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if is_committed(item):
            item.status = RectificationStatus.IN_PROGRESS
            item.started_on = timezone.localdate()
        item.save()
        RectificationEvent.objects.create(item=item, kind=EventKind.CREATED, text=source_ref, actor=item.created_by)
        audit_record(
            actor=actor,
            action="rectification_item.create",
            target=item,
            after={"number": item.number, "source": source, "source_key": source_key or "", "status": item.status},
        )
    return item, True
