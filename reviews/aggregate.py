"""Aggregation of review totals into item scores, dispersion and ranking (pure functions).

- ``mean``: the plain mean of the experts' totals.
- ``trimmed``: drop the highest and the lowest total, then the mean; with fewer than four totals
  nothing is dropped (dropping two of three would leave one expert deciding alone).
- ``normalised``: each expert's totals become z-scores over all the items they scored in the round
  (removing lenient and severe scorers' offsets), an item's z-scores are averaged and mapped back
  onto the 100-point scale with the round's overall mean and standard deviation. An expert with a
  single review, or with the same total everywhere, contributes z = 0 (their offset is unknown).
- Dispersion: the population standard deviation of an item's totals; above the round's limit the
  item is flagged for discussion.
- Ranking: standard competition ranking (1, 2, 2, 4) on scores rounded to 0.01, so ties share a rank.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean, pstdev

TRIM_FROM = 4
CENT = Decimal("0.01")


def _q(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def trimmed_mean(values: list[float]) -> float:
    if len(values) >= TRIM_FROM:
        values = sorted(values)[1:-1]
    return fmean(values)


def item_scores(totals: dict, method: str) -> dict:
    """``totals``: {item: [(expert, total), ...]} → {item: Decimal score} (items without totals omitted)."""
    present = {item: rows for item, rows in totals.items() if rows}
    if method == "mean":
        return {item: _q(fmean(t for _e, t in rows)) for item, rows in present.items()}
    if method == "trimmed":
        return {item: _q(trimmed_mean([t for _e, t in rows])) for item, rows in present.items()}
    if method == "normalised":
        return normalised_scores(present)
    raise ValueError(method)


def normalised_scores(totals: dict) -> dict:
    by_expert: dict = defaultdict(list)
    for rows in totals.values():
        for expert, total in rows:
            by_expert[expert].append(total)
    stats = {e: (fmean(v), pstdev(v)) for e, v in by_expert.items()}
    everything = [t for rows in totals.values() for _e, t in rows]
    centre, scale = fmean(everything), pstdev(everything) if len(everything) > 1 else 0.0

    def z(expert, total) -> float:
        mean, sd = stats[expert]
        return (total - mean) / sd if sd > 0 and len(by_expert[expert]) > 1 else 0.0

    result = {}
    for item, rows in totals.items():
        value = centre + scale * fmean(z(e, t) for e, t in rows)
        result[item] = _q(min(100.0, max(0.0, value)))
    return result


def spread(values: list[float]) -> Decimal:
    return _q(pstdev(values)) if len(values) > 1 else Decimal("0.00")


def competition_rank(scores: dict) -> dict:
    """{key: score} → {key: rank}; equal scores share the rank, the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(scores.items(), key=lambda kv: -kv[1])
    ranks, previous, rank = {}, None, 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[key] = rank
    return ranks
