"""Optimal reviewer assignment as a min-cost flow (OR-Tools), with reasons when places run short.

source → item i (capacity: reviewers wanted) → expert j (capacity 1, cost −affinity) → sink
(capacity: the expert's remaining load). The maximum flow of minimum cost assigns as many places as
the conflicts and loads allow and, among those, maximises total affinity: min-cost flow has integral
optimal solutions, so this is the optimum of the assignment linear programme over the candidate
edges, found exactly (costs are affinities scaled to integers, 1e-6 resolution).
"""

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from reviews.affinity import Candidates

COST_SCALE = 1_000_000


class SolverError(RuntimeError):
    """OR-Tools answered with something other than an optimal flow."""


@dataclass
class Solution:
    item: np.ndarray  # item index per chosen pair
    expert: np.ndarray  # expert index per chosen pair
    affinity: np.ndarray  # affinity per chosen pair
    unmet: np.ndarray  # per item: places left empty

    @property
    def total_affinity(self) -> float:
        return float(self.affinity.sum())


def assignment_solve(candidates: Candidates, *, demand: np.ndarray, capacity: np.ndarray) -> Solution:
    """Maximum assignment of maximum total affinity over the candidate edges.

    ``demand[i]`` reviewers are wanted for item ``i``; expert ``j`` takes at most ``capacity[j]``.
    """
    n, m = len(demand), len(capacity)
    source, sink = n + m, n + m + 1
    items = np.arange(n, dtype=np.int64)
    experts = np.arange(m, dtype=np.int64)
    edges = len(candidates.item)
    tails = np.concatenate([np.full(n, source), candidates.item, n + experts])
    heads = np.concatenate([items, n + candidates.expert, np.full(m, sink)])
    capacities = np.concatenate([demand, np.ones(edges, dtype=np.int64), capacity]).astype(np.int64)
    costs = np.concatenate(
        [
            np.zeros(n, dtype=np.int64),
            -np.rint(candidates.affinity * COST_SCALE).astype(np.int64),
            np.zeros(m, dtype=np.int64),
        ]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supplies = np.zeros(n + m + 2, dtype=np.int64)
    supplies[source] = int(demand.sum())
    supplies[sink] = -int(demand.sum())
    flow.set_nodes_supplies(np.arange(n + m + 2), supplies)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise SolverError(f"min-cost flow status {status}")
    flows = flow.flows(np.arange(n, n + edges))
    chosen = flows > 0
    placed = np.bincount(candidates.item[chosen], minlength=n)
    return Solution(
        item=candidates.item[chosen],
        expert=candidates.expert[chosen],
        affinity=candidates.affinity[chosen],
        unmet=np.asarray(demand) - placed,
    )


def lp_optimum(candidates: Candidates, *, demand: np.ndarray, capacity: np.ndarray, placed: int) -> dict:
    """The same problem as a linear programme solved by HiGHS (scipy): the reference optimum.

    Maximise Σ a·x subject to Σ_j x_ij ≤ demand_i, Σ_i x_ij ≤ capacity_j, 0 ≤ x ≤ 1, with the total
    flow fixed to ``placed``, what the flow solver placed (so both answer the same question). Returns the
    objective and the duals (item and expert prices) that certify optimality over pruned edges.
    """
    from scipy import sparse
    from scipy.optimize import linprog

    n, m, edges = len(demand), len(capacity), len(candidates.item)
    ones = np.ones(edges)
    a_items = sparse.csr_matrix((ones, (candidates.item, np.arange(edges))), shape=(n, edges))
    a_experts = sparse.csr_matrix((ones, (candidates.expert, np.arange(edges))), shape=(m, edges))
    result = linprog(
        -candidates.affinity,
        A_ub=sparse.vstack([a_items, a_experts]).tocsr(),
        b_ub=np.concatenate([demand, capacity]).astype(float),
        A_eq=sparse.csr_matrix(ones),
        b_eq=[placed],
        bounds=(0, 1),
        method="highs",
    )
    if result.status != 0:
        return {"status": result.message, "objective": None}
    duals = -result.ineqlin.marginals
    return {
        "status": "optimal",
        "objective": float(-result.fun),
        "item_price": duals[:n],
        "expert_price": duals[n:],
        "flow_price": float(-result.eqlin.marginals[0]),
    }


def _lp_solve(candidates: Candidates, demand, capacity, upper: float, objective, placed: float | None = None):
    from scipy import sparse
    from scipy.optimize import linprog

    n, m, edges = len(demand), len(capacity), len(candidates.item)
    ones = np.ones(edges)
    a_items = sparse.csr_matrix((ones, (candidates.item, np.arange(edges))), shape=(n, edges))
    a_experts = sparse.csr_matrix((ones, (candidates.expert, np.arange(edges))), shape=(m, edges))
    extra = {}
    if placed is not None:  # keep the placement of the first stage, to a rounding tolerance
        extra = {"A_eq": sparse.csr_matrix(ones), "b_eq": [placed]}
    result = linprog(
        -objective,
        A_ub=sparse.vstack([a_items, a_experts]).tocsr(),
        b_ub=np.concatenate([demand, capacity]).astype(float),
        bounds=(0, upper),
        method="highs",
        **extra,
    )
    if result.status != 0:
        raise SolverError(result.message)
    return np.clip(result.x, 0, upper)


def fractional_assignment(
    candidates: Candidates, *, demand: np.ndarray, capacity: np.ndarray, cap: float
) -> np.ndarray:
    """The best fractional assignment with no pair above probability ``cap`` (per candidate edge).

    Two linear programmes: first the most places that can be filled with every pair at most ``cap``,
    then, with that many places, the most total affinity.
    """
    if len(candidates.item) == 0:
        return np.empty(0)
    most = _lp_solve(candidates, demand, capacity, cap, np.ones(len(candidates.item))).sum()
    return _lp_solve(candidates, demand, capacity, cap, candidates.affinity, placed=float(np.floor(most * 1e6) / 1e6))


def dependent_rounding(x: np.ndarray, candidates: Candidates, n_items: int, rng: np.random.Generator) -> np.ndarray:
    """Round a fractional bipartite assignment to 0/1 keeping every pair's probability (marginal).

    Gandhi, Khuller, Parthasarathy and Srinivasan, "Dependent rounding and its applications to
    approximation algorithms" (J. ACM 2006): repeatedly take a cycle or a maximal path of fractional
    edges, split it into two alternating sets, and shift weight between them by a random amount
    whose expectation is zero, until every edge is 0 or 1. Each vertex's degree stays within the
    floor and ceiling of its fractional degree, so demands (integral) are kept exactly and loads
    never exceed their limits; each pair is chosen with probability exactly ``x``.
    """
    eps = 1e-9
    x = x.copy()
    x[x < eps] = 0.0
    x[x > 1 - eps] = 1.0
    ends = np.stack([candidates.item, n_items + candidates.expert], axis=1)
    incident: dict[int, set[int]] = {}
    for e in np.flatnonzero((x > 0) & (x < 1)):
        for v in ends[e]:
            incident.setdefault(int(v), set()).add(int(e))

    def drop(e: int) -> None:
        for v in ends[e]:
            edges = incident.get(int(v))
            if edges is not None:
                edges.discard(e)
                if not edges:
                    del incident[int(v)]

    while incident:
        start = next((v for v, edges in incident.items() if len(edges) == 1), next(iter(incident)))
        position, walk, vertex, previous = {start: 0}, [], start, None
        while True:
            step = next((e for e in incident.get(vertex, ()) if e != previous), None)
            if step is None:
                break  # a maximal path
            a, b = ends[step]
            vertex = int(b if a == vertex else a)
            walk.append(step)
            previous = step
            if vertex in position:
                walk = walk[position[vertex] :]  # a cycle (even: the graph is bipartite)
                break
            position[vertex] = len(walk)
        first, second = np.array(walk[0::2], dtype=np.int64), np.array(walk[1::2], dtype=np.int64)
        up = min((1 - x[first]).min(initial=1), x[second].min(initial=1))
        down = min(x[first].min(initial=1), (1 - x[second]).min(initial=1))
        if rng.random() < down / (up + down):
            x[first] += up
            x[second] -= up
        else:
            x[first] -= down
            x[second] += down
        for e in walk:
            if x[e] < eps or x[e] > 1 - eps:
                x[e] = float(round(x[e]))
                drop(e)
    return x > 0.5


def assignment_sample(
    candidates: Candidates, *, demand: np.ndarray, capacity: np.ndarray, cap: float, rng: np.random.Generator
) -> Solution:
    """A random assignment in which no expert–item pair has probability above ``cap`` (against lobbying).

    The expected total affinity is the best possible under the cap (Jecmen et al., "Mitigating
    manipulation in peer review via randomized reviewer assignments", NeurIPS 2020).
    """
    x = fractional_assignment(candidates, demand=demand, capacity=capacity, cap=cap)
    chosen = dependent_rounding(x, candidates, len(demand), rng) if len(x) else np.zeros(0, dtype=bool)
    placed = np.bincount(candidates.item[chosen], minlength=len(demand))
    return Solution(
        item=candidates.item[chosen],
        expert=candidates.expert[chosen],
        affinity=candidates.affinity[chosen],
        unmet=np.asarray(demand) - placed,
    )
