"""Affinity, conflict masking and the min-cost-flow assignment, on small instances checked by hand."""

from itertools import combinations, product

import numpy as np

from reviews.affinity import PairScores, Side, candidates_build
from reviews.solver import assignment_solve, lp_optimum


def side(units, cities, codes, texts) -> Side:
    return Side(
        unit=np.array(units),
        city=np.array(cities),
        province=np.array([c // 10 for c in cities]),
        disciplines=codes,
        tokens=[t.split() for t in texts],
    )


ITEMS = side(
    [1, 2, 3], [11, 12, 21], [["520.20"], ["460.20"], ["520.40"]], ["机器学习 图谱", "机床 减速器", "软件 测试"]
)
EXPERTS = side(
    [1, 5, 6, 7, 8],
    [11, 11, 12, 21, 22],
    [["520.20"], ["520.20", "460.20"], ["460.20"], ["520.40", "520.20"], ["110.74"]],
    ["机器学习", "图谱 机床", "减速器 机床", "软件 机器学习", "运筹"],
)


def solve(items=ITEMS, experts=EXPERTS, demand=2, load=2, **rules):
    scores = PairScores(items, experts, **rules)
    candidates = candidates_build(scores, k=len(experts))
    solution = assignment_solve(
        candidates,
        demand=np.full(len(items), demand, dtype=np.int64),
        capacity=np.full(len(experts), load, dtype=np.int64),
    )
    return scores, candidates, solution


def pairs(solution) -> set[tuple[int, int]]:
    return set(zip(solution.item.tolist(), solution.expert.tolist(), strict=True))


def test_closer_discipline_and_shared_words_score_higher():
    scores = PairScores(ITEMS, EXPERTS)
    block = next(scores.blocks())[2]
    assert block[0, 0] == -np.inf  # same unit: a conflict, whatever the affinity
    assert block[0, 1] > block[0, 4] == 0  # same second-level code and words vs. nothing shared
    assert block[2, 3] > block[2, 1]  # 520.40 shared vs. only 520 shared


def test_same_unit_is_never_assigned():
    _scores, _candidates, solution = solve()
    assert (0, 0) not in pairs(solution)  # item 0 and expert 0 share unit 1


def test_off_site_rule_excludes_the_applicants_city_or_province():
    _s, _c, by_city = solve(off_site="city")
    assert not pairs(by_city) & {(0, 0), (0, 1), (1, 2), (2, 3)}
    _s, _c, by_province = solve(off_site="province", demand=1)
    assert not pairs(by_province) & {(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 3), (2, 4)}


def test_explicit_pairs_and_excluded_experts_are_never_assigned():
    excluded = np.array([False, False, False, True, False])
    _s, _c, solution = solve(conflict_pairs=np.array([[0, 1]]), excluded_experts=excluded)
    chosen = pairs(solution)
    assert (0, 1) not in chosen
    assert not any(expert == 3 for _item, expert in chosen)


def test_loads_are_respected_and_no_pair_twice():
    _s, _c, solution = solve(demand=3, load=2)
    assert np.bincount(solution.expert, minlength=5).max() <= 2
    assert len(pairs(solution)) == len(solution.item)


def test_solution_is_the_best_possible_by_exhaustive_search():
    scores, candidates, solution = solve(demand=2, load=2)
    block = next(scores.blocks())[2]
    best = -1.0
    per_item = [list(combinations(range(5), 2)) for _ in range(3)]
    for choice in product(*per_item):
        load = np.bincount([e for group in choice for e in group], minlength=5)
        values = [block[i, e] for i, group in enumerate(choice) for e in group]
        if load.max() <= 2 and np.isfinite(values).all():
            best = max(best, float(np.sum(values)))
    assert abs(solution.total_affinity - best) < 1e-5
    lp = lp_optimum(candidates, demand=np.full(3, 2), capacity=np.full(5, 2), placed=len(solution.item))
    assert abs(lp["objective"] - best) < 1e-5


def test_short_places_are_reported_per_item_with_the_eligible_count():
    _s, candidates, solution = solve(demand=5, load=3)
    assert candidates.eligible.tolist() == [4, 5, 5]  # item 0 shares its unit with expert 0
    assert solution.unmet.tolist() == [1, 0, 0]


def test_randomised_assignment_caps_every_pair_and_keeps_demand_and_load():
    from reviews.solver import assignment_sample, fractional_assignment

    rng_items = np.random.default_rng(7)
    n, m = 12, 15
    items = side(
        list(range(1, n + 1)),
        [10 + i % 3 for i in range(n)],
        [["520.20"] if i % 2 else ["460.20"] for i in range(n)],
        ["机器学习 图谱" if i % 2 else "机床 减速器" for i in range(n)],
    )
    experts = side(
        list(range(100, 100 + m)),
        [20 + j % 4 for j in range(m)],
        [["520.20"] if j % 3 else ["460.20", "520.20"] for j in range(m)],
        ["机器学习" if j % 2 else "机床 减速器" for j in range(m)],
    )
    scores = PairScores(items, experts)
    candidates = candidates_build(scores, k=m)
    demand = np.full(n, 3, dtype=np.int64)
    capacity = np.full(m, 3, dtype=np.int64)
    cap = 0.4
    x = fractional_assignment(candidates, demand=demand, capacity=capacity, cap=cap)
    assert x.max() <= cap + 1e-9
    counts = np.zeros(len(candidates.item))
    runs = 300
    for seed in range(runs):
        solution = assignment_sample(
            candidates,
            demand=demand,
            capacity=capacity,
            cap=cap,
            rng=np.random.default_rng(seed + int(rng_items.integers(1))),
        )
        assert (solution.unmet == 0).all()
        assert np.bincount(solution.expert, minlength=m).max() <= 3
        chosen = set(zip(solution.item.tolist(), solution.expert.tolist(), strict=True))
        counts += [(i, j) in chosen for i, j in zip(candidates.item.tolist(), candidates.expert.tolist(), strict=True)]
    frequency = counts / runs
    assert frequency.max() <= cap + 0.1  # sampling noise over 300 draws
    assert np.abs(frequency - x).max() < 0.12  # each pair is drawn with its LP probability
