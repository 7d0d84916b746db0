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
