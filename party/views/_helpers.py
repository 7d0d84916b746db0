"""Parsing of the plain form fields the party pages post."""

from datetime import date

from django.utils import timezone

from core.forms import as_int, as_month
from party.dues import first_of_month


def _month(text: str | None) -> date:
    return as_month(text, first_of_month(timezone.localdate()))


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _int_or_zero(text) -> int:
    return as_int(text, 0, low=0)


def _ballots(text: str) -> list[dict]:
    """Candidates as lines "name votes" (any separator); unparsable lines are ignored."""
    rows = []
    for line in (text or "").splitlines():
        parts = line.replace("：", " ").replace(":", " ").replace("，", " ").replace(",", " ").split()
        votes = as_int(parts[-1], low=0) if len(parts) >= 2 else None
        if votes is not None:
            rows.append({"name": " ".join(parts[:-1]), "votes": votes})
    return rows
