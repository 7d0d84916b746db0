"""Party dues arithmetic (中组发〔2008〕3号), in Decimal, rounded half up to the fen.

- Employed (and annual-salary earners on that month's pay, self-employed on the previous quarter's
  average monthly income): base ≤ 3000 → 0.5%, 3000 < base ≤ 5000 → 1%, 5000 < base ≤ 10000 →
  1.5%, base > 10000 → 2%. An upper edge belongs to its bracket: 3000.00 pays 0.5%, 3000.01 pays 1%.
- Retired: base ≤ 5000 → 0.5%, base > 5000 → 1%.
- Students, the unemployed and recipients of the basic living allowance: ¥0.20 a month.
- Farmers: ¥0.20 to ¥1.00 a month, the amount the branch fixed (declared as the base).

The brackets and amounts come from ``DuesSettings`` (the defaults are the official figures), so a
rule change is a data change.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from party.models import OFFICIAL_EMPLOYED, OFFICIAL_RETIRED, DuesCategory, DuesSettings

FEN = Decimal("0.01")
RATE_CATEGORIES = {
    DuesCategory.EMPLOYED: "employed_brackets",
    DuesCategory.ANNUAL_SALARY: "employed_brackets",
    DuesCategory.SELF_EMPLOYED: "employed_brackets",
    DuesCategory.RETIRED: "retired_brackets",
}
FLAT_CATEGORIES = {DuesCategory.STUDENT, DuesCategory.UNEMPLOYED, DuesCategory.RELIEF}


@dataclass(frozen=True)
class Dues:
    rate: Decimal | None  # None for flat amounts
    amount: Decimal


def dues_settings() -> DuesSettings:
    """The one settings row, created with the official defaults on first use."""
    found = DuesSettings.objects.first()
    if found is None:
        found = DuesSettings.objects.create(employed_brackets=OFFICIAL_EMPLOYED, retired_brackets=OFFICIAL_RETIRED)
    return found


def rate_for(brackets: list, base: Decimal) -> Decimal:
    """The rate of the first bracket whose (inclusive) upper edge is at or above ``base``."""
    for upper, rate in brackets:
        if upper is None or base <= Decimal(str(upper)):
            return Decimal(str(rate))
    raise ValueError("brackets must end with an unbounded one")


def monthly_dues(*, category: str, base: Decimal | None, rules: DuesSettings) -> Dues:
    """One month's dues for a member of ``category`` with the declared ``base``."""
    if category in RATE_CATEGORIES:
        if base is None:
            raise ValueError("a base is needed for this category")
        rate = rate_for(getattr(rules, RATE_CATEGORIES[category]), Decimal(base))
        return Dues(rate=rate, amount=(Decimal(base) * rate).quantize(FEN, rounding=ROUND_HALF_UP))
    if category in FLAT_CATEGORIES:
        return Dues(rate=None, amount=rules.flat_monthly)
    if category == DuesCategory.FARMER:
        chosen = Decimal(base) if base is not None else rules.farmer_min
        return Dues(rate=None, amount=min(max(chosen, rules.farmer_min), rules.farmer_max).quantize(FEN))
    raise ValueError(category)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month
