"""Benchmark: the reviewer-assignment pipeline (affinity + conflicts + solve) at agency scale.

For each size (items × experts) a seeded generator builds an instance shaped like a provincial
call season: applications and experts in 12 S&T fields, each field tied to two or three GB/T 13745
first-level disciplines (codes from ``experts/data/disciplines.csv``); applications carry one or two
second-level codes and a text (keywords and abstract) from the field's vocabulary, experts two or
three codes and a research profile; units and cities are drawn so that the off-site rule (no expert
from the applicant's city) and the same-unit rule exclude about 1% of all pairs, plus explicit
conflict pairs (team members, declared avoidances); 3% of experts are unavailable. Each item wants
REVIEWERS experts; each expert takes at most LOAD items.

Stages timed, with the product's own code (``reviews.affinity``, ``reviews.solver``):
- affinity: jieba tokens of every text, TF-IDF, discipline one-hot matrices;
- conflicts: per chunk of items, the dense affinity block (sparse products) with the conflicts
  masked, and each item's K best eligible experts kept as candidate edges;
- solve: min-cost flow (OR-Tools) over the candidate edges.
At the two smaller sizes the same instance is also solved as a linear programme by HiGHS (scipy):
``lp_optimum`` is its objective, and its dual prices certify that no pruned pair could improve the
assignment (``pruned_pairs_violating`` counts pruned eligible pairs with positive reduced cost: 0
means the flow solution is the optimum of the full, unpruned problem). Each size runs in its own
process; ``peak_mb`` is that process's maximum resident memory (before the LP reference), and
``peak_mb_after`` its high-water mark at the end of each stage.

    make bench-assignment   ->  bench/results/assignment.json
    bench/bench_assignment.py --sizes 2000x3000          (one size)
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchlib import code_version, machine  # noqa: E402  (bench/ is the script's directory)

SIZES = ((2_000, 3_000), (5_000, 8_000), (12_000, 13_000))
LP_SIZES = 2  # the LP reference is computed for this many of the smallest sizes
REVIEWERS = 5
LOAD = 8
K = 40  # candidate experts kept per item
CITIES = 100  # 10 provinces × 10 cities: the off-site rule excludes ~1% of pairs
UNITS = 4_000
EXPLICIT_CONFLICT_SHARE = 0.0005
UNAVAILABLE_SHARE = 0.03
CHILD_TIMEOUT_S = 1200
FIELD_DISCIPLINES = {
    "智能制造": ("460", "410", "535"),
    "新材料": ("430", "150"),
    "生物医药": ("350", "180", "310"),
    "电子信息": ("510", "520"),
    "新能源": ("480", "470"),
    "现代农业": ("210", "220"),
    "生态环境": ("610", "170"),
    "海洋科技": ("170", "240", "580"),
    "人工智能": ("520", "120"),
    "医疗健康": ("320", "330", "360"),
    "交通运输": ("580", "560"),
    "安全应急": ("620", "440"),
}


def disciplines_by_first() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in (ROOT / "experts" / "data" / "disciplines.csv").read_text().splitlines()[1:]:
        code = line.split(",")[0]
        if "." in code:
            table.setdefault(code.split(".")[0], []).append(code)
    return table


def generate(items: int, experts: int, seed: int) -> dict:
    """A reproducible instance: per side unit, city, province, codes and text."""
    from bench_duplicates import FIELDS, METHODS

    rng = random.Random(seed)
    codes = disciplines_by_first()
    fields = list(FIELD_DISCIPLINES)

    def person(n_codes: int) -> tuple:
        field = rng.choice(fields)
        objects, problems, scenes = (part.split() for part in FIELDS[field])
        firsts = FIELD_DISCIPLINES[field]
        chosen = []
        for _ in range(n_codes):
            first = rng.choice(firsts)
            chosen.append(rng.choice(codes.get(first, [first])))
        terms = rng.sample(objects, 3) + rng.sample(problems, 2) + rng.sample(METHODS, 2) + rng.sample(scenes, 1)
        text = f"关键词：{'、'.join(terms[:4])}。针对{'和'.join(terms[4:6])}等问题，研究{'、'.join(terms[6:])}。"
        city = rng.randrange(CITIES) + 1
        return rng.randrange(UNITS) + 1, city, (city - 1) // 10 + 1, sorted(set(chosen)), text

    item_rows = [person(rng.choice((1, 2))) for _ in range(items)]
    expert_rows = [person(rng.choice((2, 3))) for _ in range(experts)]
    pairs = int(items * experts * EXPLICIT_CONFLICT_SHARE)
    explicit = np.column_stack(
        [
            np.array([rng.randrange(items) for _ in range(pairs)]),
            np.array([rng.randrange(experts) for _ in range(pairs)]),
        ]
    )
    unavailable = np.array([rng.random() < UNAVAILABLE_SHARE for _ in range(experts)])
    return {"items": item_rows, "experts": expert_rows, "explicit": explicit, "unavailable": unavailable}


def side(rows: list[tuple], tokenize):
    from reviews.affinity import Side

    return Side(
        unit=np.array([r[0] for r in rows], dtype=np.int64),
        city=np.array([r[1] for r in rows], dtype=np.int64),
        province=np.array([r[2] for r in rows], dtype=np.int64),
        disciplines=[r[3] for r in rows],
        tokens=[tokenize(r[4]) for r in rows],
    )


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Stage:
    """Wall time of one stage, and the process's peak resident memory when it ends.

    (tracemalloc would attribute memory to stages exactly but slows jieba's pure-Python tokenizer
    several times over, so the high-water mark of the resident set is read instead.)
    """

    def __init__(self, name: str, report: dict) -> None:
        self.name, self.report = name, report

    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.report[f"{self.name}_s"] = round(time.perf_counter() - self.t0, 2)
        self.report.setdefault("peak_mb_after", {})[self.name] = peak_rss_mb()


def certificate(scores, candidates, lp: dict) -> int:
    """Pruned eligible pairs whose reduced cost under the LP duals is positive (0: globally optimal)."""
    kept = set((candidates.item * len(scores.experts) + candidates.expert).tolist())
    violating = 0
    for start, stop, block, _banned in scores.blocks():
        slack = block - lp["item_price"][start:stop, None] - lp["expert_price"][None, :] - lp["flow_price"]
        rows, cols = np.nonzero(slack > 1e-6)
        violating += sum(
            1 for r, c in zip(rows + start, cols, strict=True) if int(r) * len(scores.experts) + int(c) not in kept
        )
    return violating


def run_size(items: int, experts: int, with_lp: bool, seed: int) -> dict:
    from applications.duplicates import tokenizer_warm_up, tokens
    from reviews.affinity import PairScores, candidates_build
    from reviews.solver import assignment_solve, lp_optimum

    tokenizer_warm_up()
    data = generate(items, experts, seed)
    report: dict = {"items": items, "experts": experts, "reviewers_per_item": REVIEWERS, "max_load": LOAD, "k": K}
    t_total = time.perf_counter()
    with Stage("affinity", report):
        item_side, expert_side = side(data["items"], tokens), side(data["experts"], tokens)
        scores = PairScores(
            item_side,
            expert_side,
            off_site="city",
            conflict_pairs=data["explicit"],
            excluded_experts=data["unavailable"],
        )
    with Stage("conflicts", report):
        candidates = candidates_build(scores, k=K)
    demand = np.full(items, REVIEWERS, dtype=np.int64)
    capacity = np.where(data["unavailable"], 0, LOAD).astype(np.int64)
    with Stage("solve", report):
        solution = assignment_solve(candidates, demand=demand, capacity=capacity)
    report["total_s"] = round(report["affinity_s"] + report["conflicts_s"] + report["solve_s"], 2)
    report["wall_s"] = round(time.perf_counter() - t_total, 2)
    available = ~data["unavailable"]
    pairs_total = items * int(available.sum())
    placed = len(solution.item)
    report.update(
        {
            "candidate_edges": len(candidates.item),
            "conflict_pairs": candidates.conflicts,
            "conflict_share": round(candidates.conflicts / pairs_total, 4),
            "unavailable_experts": int(data["unavailable"].sum()),
            "placed": placed,
            "total_affinity": round(solution.total_affinity, 4),
            "mean_affinity": round(solution.total_affinity / max(placed, 1), 4),
            "demand_unmet": int(solution.unmet.sum()),
            "conflicts_violated": conflicts_violated(solution, item_side, expert_side, data),
            "load_violated": int((np.bincount(solution.expert, minlength=experts) > capacity).sum()),
            "duplicate_pairs": placed - len(set(zip(solution.item.tolist(), solution.expert.tolist(), strict=True))),
            "peak_mb": peak_rss_mb(),
            "lp_optimum": None,
            "gap_to_lp": None,
            "pruned_pairs_violating": None,
        }
    )
    if with_lp:
        t0 = time.perf_counter()
        lp = lp_optimum(candidates, demand=demand, capacity=capacity, placed=placed)
        report["lp_s"] = round(time.perf_counter() - t0, 2)
        if lp["objective"] is not None:
            report["lp_optimum"] = round(lp["objective"], 4)
            report["gap_to_lp"] = round((lp["objective"] - solution.total_affinity) / lp["objective"], 8)
            t0 = time.perf_counter()
            report["pruned_pairs_violating"] = certificate(scores, candidates, lp)
            report["certificate_s"] = round(time.perf_counter() - t0, 2)
        else:
            report["lp_status"] = lp["status"]
    return report


def conflicts_violated(solution, items, experts, data) -> int:
    """Chosen pairs that break a conflict rule, checked independently of the masking code."""
    i, j = solution.item, solution.expert
    bad = (items.unit[i] == experts.unit[j]) | (items.city[i] == experts.city[j]) | data["unavailable"][j]
    explicit = set(map(tuple, data["explicit"].tolist()))
    bad |= np.array([(a, b) in explicit for a, b in zip(i.tolist(), j.tolist(), strict=True)], dtype=bool)
    return int(bad.sum())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "assignment.json"))
    parser.add_argument("--sizes", default=",".join(f"{a}x{b}" for a, b in SIZES))
    parser.add_argument("--lp-sizes", type=int, default=LP_SIZES)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kejiwang.settings_test")
    if args.child:
        import django

        django.setup()
        items, experts, with_lp, out = args.child.split("|")
        result = run_size(int(items), int(experts), with_lp == "1", args.seed)
        Path(out).write_text(json.dumps(result, ensure_ascii=False))
        return
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    results = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for index, (items, experts) in enumerate(sizes):
            out = Path(scratch) / f"{items}x{experts}.json"
            print(f"{items} items x {experts} experts ...", flush=True)
            child = [sys.executable, __file__, "--seed", str(args.seed), "--child"]
            child.append("|".join([str(items), str(experts), "1" if index < args.lp_sizes else "0", str(out)]))
            subprocess.run(child, cwd=ROOT, check=True, timeout=CHILD_TIMEOUT_S)
            result = json.loads(out.read_text())
            results.append(result)
            print(
                f"  affinity {result['affinity_s']} s, conflicts {result['conflicts_s']} s,"
                f" solve {result['solve_s']} s,"
                f" total {result['total_s']} s, peak {result['peak_mb']} MB, affinity {result['total_affinity']},"
                f" lp {result['lp_optimum']}, unmet {result['demand_unmet']}, violations"
                f" {result['conflicts_violated']}/{result['load_violated']}, pruned {result['pruned_pairs_violating']}",
                flush=True,
            )
    report = {
        "benchmark": "assignment",
        "results": results,
        "method": __doc__.split("\n\n")[0],
        "parameters": {"reviewers_per_item": REVIEWERS, "max_load": LOAD, "k": K, "cities": CITIES, "units": UNITS},
        "seconds": round(time.perf_counter() - started, 1),
        "code": code_version(),
        "machine": machine(),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
