"""Affinity between review items and experts, with the conflicts that exclude a pair, in bulk.

Everything here works on arrays, so the same code serves a call of twenty applications and the
benchmark's 12,000 × 13,000: the pair matrix is never built whole. Items are processed in chunks;
for each chunk the dense affinity block (items × experts) is computed from sparse products, the
conflicts are masked out, and only each item's ``k`` best eligible experts are kept as candidate
edges for the solver.

Affinity (0..1) = DISCIPLINE_WEIGHT × discipline closeness + TEXT_WEIGHT × text similarity, where
discipline closeness is 1 for a shared second-level GB/T 13745 code (e.g. 520.20), 0.4 for a shared
first-level code (520) and 0 otherwise, and text similarity is the cosine of the TF-IDF vectors of
the jieba tokens of the item's keywords and abstract and the expert's keywords and research fields.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

DISCIPLINE_WEIGHT = 0.6
TEXT_WEIGHT = 0.4
FIRST_LEVEL_CLOSENESS = 0.4
CHUNK = 512


@dataclass
class Side:
    """One side of the bipartite problem (the items, or the experts), as parallel arrays.

    ``unit``, ``city`` and ``province`` are integer ids (0 = unknown, never equal to anything);
    ``disciplines`` are GB/T 13745 codes; ``tokens`` are the words of the text used for similarity.
    """

    unit: np.ndarray
    city: np.ndarray
    province: np.ndarray
    disciplines: list[list[str]]
    tokens: list[list[str]]

    def __len__(self) -> int:
        return len(self.unit)


@dataclass
class Candidates:
    """The candidate edges kept for the solver, and what the officer needs when places run short."""

    item: np.ndarray  # item index per edge
    expert: np.ndarray  # expert index per edge
    affinity: np.ndarray  # float64 per edge
    eligible: np.ndarray  # per item: experts not in conflict (over the whole pool, not only the kept k)
    conflicts: int = 0  # pairs excluded by a conflict rule


def _one_hot(codes: list[list[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for row, item_codes in enumerate(codes):
        for code in set(item_codes):
            column = vocabulary.get(code)
            if column is not None:
                rows.append(row)
                cols.append(column)
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(codes), len(vocabulary)))


def discipline_matrices(items: Side, experts: Side) -> tuple[sparse.csr_matrix, ...]:
    """One-hot matrices of second-level and first-level codes for both sides."""
    second = sorted({c for codes in items.disciplines + experts.disciplines for c in codes if "." in c})
    first = sorted({c.split(".")[0] for codes in items.disciplines + experts.disciplines for c in codes})
    second_ix = {c: i for i, c in enumerate(second)}
    first_ix = {c: i for i, c in enumerate(first)}

    def firsts(side: Side) -> list[list[str]]:
        return [[c.split(".")[0] for c in codes] for codes in side.disciplines]

    return (
        _one_hot(items.disciplines, second_ix),
        _one_hot(experts.disciplines, second_ix).T.tocsr(),
        _one_hot(firsts(items), first_ix),
        _one_hot(firsts(experts), first_ix).T.tocsr(),
    )


def text_matrices(items: Side, experts: Side) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """L2-normalised TF-IDF rows for items and (transposed) experts, fitted on both sides together."""
    vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True, dtype=np.float32)
    matrix = vectorizer.fit_transform(items.tokens + experts.tokens)
    return matrix[: len(items)].tocsr(), matrix[len(items) :].T.tocsr()


def _pair_index(pairs: np.ndarray, n_experts: int) -> np.ndarray:
    """Sorted flat keys (item × n_experts + expert) of explicit conflict pairs, for fast lookup."""
    if len(pairs) == 0:
        return np.empty(0, dtype=np.int64)
    return np.unique(pairs[:, 0].astype(np.int64) * n_experts + pairs[:, 1].astype(np.int64))


class PairScores:
    """The affinity of every item–expert pair with conflicts masked, produced block by block.

    Conflicts masked: the same unit; the same city (``off_site="city"``) or province
    (``"province"``); the explicit ``conflict_pairs`` (array of [item, expert] rows: team members,
    cooperation units, declared avoidances, co-applicants, ...); and ``excluded_experts`` (a boolean
    mask of experts who may not review at all: integrity restrictions, unavailability).
    """

    def __init__(
        self,
        items: Side,
        experts: Side,
        *,
        off_site: str = "",
        conflict_pairs: np.ndarray | None = None,
        excluded_experts: np.ndarray | None = None,
    ) -> None:
        self.items, self.experts, self.off_site = items, experts, off_site
        self.discipline = discipline_matrices(items, experts)
        self.text = text_matrices(items, experts)
        pairs = conflict_pairs if conflict_pairs is not None else np.empty((0, 2), dtype=np.int64)
        self.pair_keys = _pair_index(pairs, len(experts))
        self.excluded = excluded_experts if excluded_experts is not None else np.zeros(len(experts), dtype=bool)

    def affinity(self, start: int, stop: int) -> np.ndarray:
        """Affinity of items ``start:stop`` against every expert, conflicts not masked."""
        return _affinity_block(start, stop, *self.discipline, *self.text)

    def blocks(self, chunk: int = CHUNK):
        """Yield ``(start, stop, scores, banned)``: scores is −inf where ``banned`` (a conflict)."""
        for start in range(0, len(self.items), chunk):
            stop = min(len(self.items), start + chunk)
            scores = self.affinity(start, stop)
            banned = _conflict_block(
                start, stop, self.items, self.experts, self.off_site, self.pair_keys, self.excluded
            )
            scores[banned] = -np.inf
            yield start, stop, scores, banned


def candidates_build(scores: PairScores, *, k: int, on_chunk=None) -> Candidates:
    """Each item's ``k`` best experts with whom it has no conflict (see ``PairScores`` for the rules).

    ``on_chunk(done, total)`` reports progress.
    """
    n, m = len(scores.items), len(scores.experts)
    keep = min(k, m)
    parts_item, parts_expert, parts_affinity = [], [], []
    eligible = np.zeros(n, dtype=np.int64)
    conflicts = 0
    for start, stop, block, banned in scores.blocks():
        conflicts += int(banned[:, ~scores.excluded].sum())
        eligible[start:stop] = m - banned.sum(axis=1)
        if keep < m:
            top = np.argpartition(-block, keep - 1, axis=1)[:, :keep]
        else:
            top = np.tile(np.arange(m), (stop - start, 1))
        rows = np.repeat(np.arange(start, stop), top.shape[1])
        cols = top.ravel()
        values = block[rows - start, cols]
        ok = np.isfinite(values)
        parts_item.append(rows[ok])
        parts_expert.append(cols[ok])
        parts_affinity.append(values[ok].astype(np.float64))
        if on_chunk:
            on_chunk(stop, n)
    empty = np.empty(0, dtype=np.int64)
    return Candidates(
        item=np.concatenate(parts_item) if parts_item else empty,
        expert=np.concatenate(parts_expert) if parts_expert else empty,
        affinity=np.concatenate(parts_affinity) if parts_affinity else np.empty(0),
        eligible=eligible,
        conflicts=conflicts,
    )


def _affinity_block(start, stop, s_items, s_experts, f_items, f_experts, t_items, t_experts) -> np.ndarray:
    """Dense affinity of items ``start:stop`` against every expert (float32)."""
    second = (s_items[start:stop] @ s_experts).toarray() > 0
    first = (f_items[start:stop] @ f_experts).toarray() > 0
    closeness = np.where(second, np.float32(1.0), np.where(first, np.float32(FIRST_LEVEL_CLOSENESS), np.float32(0)))
    text = (t_items[start:stop] @ t_experts).toarray()
    return DISCIPLINE_WEIGHT * closeness + TEXT_WEIGHT * np.minimum(text, np.float32(1.0))


def _conflict_block(start, stop, items: Side, experts: Side, off_site: str, pair_keys, excluded) -> np.ndarray:
    """Boolean block (items ``start:stop`` × experts): True where the pair may not be assigned."""

    def same(values_items: np.ndarray, values_experts: np.ndarray) -> np.ndarray:
        left = values_items[start:stop, None]
        return (left == values_experts[None, :]) & (left != 0)

    banned = same(items.unit, experts.unit)
    if off_site == "city":
        banned |= same(items.city, experts.city)
    elif off_site == "province":
        banned |= same(items.province, experts.province)
    banned |= excluded[None, :]
    if len(pair_keys):
        m = len(experts)
        lo, hi = np.searchsorted(pair_keys, [start * m, stop * m])
        keys = pair_keys[lo:hi]
        banned[keys // m - start, keys % m] = True
    return banned
