"""Parsing of the plain form fields the party pages post."""

from datetime import date

from django.utils import timezone

from party.dues import first_of_month


def _month(text: str | None) -> date:
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return first_of_month(timezone.localdate())


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _int_or_zero(text) -> int:
    return int(text) if str(text or "").strip().isdigit() else 0


def _ballots(text: str) -> list[dict]:
    """Candidates as lines "name votes" (any separator); unparsable lines are ignored."""
    rows = []
    for line in (text or "").splitlines():
        parts = line.replace("：", " ").replace(":", " ").replace("，", " ").replace(",", " ").split()
        if len(parts) >= 2 and parts[-1].isdigit():
            rows.append({"name": " ".join(parts[:-1]), "votes": int(parts[-1])})
    return rows


def _month_or_none(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:7] + "-01")
    except ValueError:
        return None
