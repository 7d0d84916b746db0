"""Benchmark: a review round of realistic size, from the database, and its pages.

On the demo data set plus one closed call with ITEMS applications past the formal check (each with
a team of three and a cooperation unit) and EXPERTS extra approved experts, measures:

- the assignment job as it runs in production (``reviews.services.assignment_fill``: loading the
  pool and every conflict rule from the database, affinity, solving, writing the assignments),
  split into its stages;
- the officer's pages (round, assignment table, one item's candidate list, provisional results
  with every review submitted) and the expert's workspace, median and p95 over REPEAT requests,
  with the query count and the ratio to /healthz measured in the same run.

Scratch SQLite database (the embedded default); bounded loops.

    make bench-review   ->  bench/results/review.json
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_pages import measure, setup_django  # noqa: E402  (bench/ is the script's directory)
from benchlib import code_version, machine  # noqa: E402

ITEMS = 600
EXPERTS = 3000
REVIEWERS = 5
MAX_LOAD = 5
REPEAT = 15


def build() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import RoleAssignment, User
    from applications.models import Application, ApplicationStatus
    from experts.demo import FIELDS
    from experts.models import ExpertProfile, ProfileStatus
    from orgs.models import Unit
    from plans.models import Call
    from reviews.forms import default_criteria
    from reviews.services import review_round_create

    rng = random.Random(2026)
    officer = User.objects.get(username="officer")
    units = list(Unit.objects.select_related("region"))
    password = "!"  # unusable: the pages sign in with force_login
    users = User.objects.bulk_create(
        [
            User(username=f"bench_expert{n:05d}", full_name=f"基准专家{n:05d}", password=password)
            for n in range(EXPERTS)
        ],
        batch_size=1000,
    )
    profiles = []
    for n, user in enumerate(users):
        codes, keywords, field = FIELDS[n % len(FIELDS)]
        unit = rng.choice(units)
        profiles.append(
            ExpertProfile(
                user=user,
                title="教授",
                unit=unit,
                region=unit.region,
                discipline_codes=rng.sample(codes, 2),
                keywords=keywords,
                research_fields=field,
                status=ProfileStatus.APPROVED,
            )
        )
    ExpertProfile.objects.bulk_create(profiles, batch_size=1000)
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role="expert") for u in users], batch_size=1000)

    source = Call.objects.get(title="2027年度省重点研发计划项目申报指南")
    call = Call.objects.create(
        program=source.program,
        year=2026,
        title="基准测试评审指南",
        notice="基准测试",
        status="closed",
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=30),
        eligible_unit_types=["university"],
        budget_cap=300,
    )
    applicants = list(User.objects.filter(username__regex=r"^u\d+_app\d+$").select_related("unit"))
    Application.objects.bulk_create(
        [
            Application(
                call=call,
                pi=applicants[i % len(applicants)],
                unit=applicants[i % len(applicants)].unit,
                title=f"基准测试项目{i:04d}",
                status=ApplicationStatus.FORMAL_PASSED,
                discipline_codes=",".join(FIELDS[i % len(FIELDS)][0][:2]),
                keywords=FIELDS[i % len(FIELDS)][1],
                abstract=FIELDS[i % len(FIELDS)][2] + "关键技术研究与示范应用。",
                team=[{"name": f"成员{i}-{k}", "unit": rng.choice(units).name} for k in range(3)],
                cooperation_units=[rng.choice(units).name],
                submitted_at=timezone.now() - timedelta(days=31),
            )
            for i in range(ITEMS)
        ],
        batch_size=500,
    )
    data = {
        "title": "基准测试通讯评审",
        "kind": "remote",
        "reviewers_per_item": REVIEWERS,
        "max_load": MAX_LOAD,
        "deadline": timezone.now() + timedelta(days=7),
        "blind": True,
        "off_site": "city",
        "aggregation": "trimmed",
    }
    round = review_round_create(actor=officer, call=call, data=data, criteria=default_criteria())
    return {"round": round, "officer": officer}


def time_assignment(round) -> dict:
    from reviews.conflicts import RoundPool
    from reviews.services import assignment_fill

    started = time.perf_counter()
    pool = RoundPool.load(round)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    pool.sides()
    sides_s = time.perf_counter() - started
    started = time.perf_counter()
    report = assignment_fill(round)
    total_s = time.perf_counter() - started
    return {
        "pool_and_conflicts_s": round_s(load_s),
        "tokens_and_arrays_s": round_s(sides_s),
        "assignment_fill_total_s": round_s(total_s),
        "placed": report["placed"],
        "unmet": report["unmet"],
        "conflict_pairs_excluded": report["conflicts_excluded"],
        "explicit_conflict_pairs": sum(1 for reasons in pool.pairs.values() if reasons),
        "experts_in_pool": len(pool.experts),
    }


def round_s(value: float) -> float:
    return float(f"{value:.2f}")


def submit_everything(round) -> int:
    """Accept every assignment and submit a review for it, in bulk (the pages' worst case)."""
    from django.utils import timezone

    from reviews.models import Assignment, Review

    round.assignments.update(status="accepted", no_conflict_confirmed_at=timezone.now())
    criteria = list(round.criteria.all())
    rng = random.Random(7)
    reviews = []
    for assignment in Assignment.objects.filter(round=round):
        value = rng.randint(5, 10)
        reviews.append(
            Review(
                assignment=assignment,
                scores={str(c.pk): value for c in criteria},
                total=value * 10,
                recommendation="support",
                comment="基准测试评审意见。" * 6,
                status="submitted",
                submitted_at=timezone.now(),
            )
        )
    Review.objects.bulk_create(reviews, batch_size=1000)
    round.status = "in_review"
    round.save(update_fields=["status"])
    return len(reviews)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "review.json"))
    args = parser.parse_args()
    import bench_pages

    bench_pages.REPEAT = REPEAT
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client

        from reviews.models import Assignment, ReviewRound

        started = time.perf_counter()
        built = build()
        seed_s = round_s(time.perf_counter() - started)
        round = ReviewRound.objects.get(pk=built["round"].pk)
        assignment = time_assignment(round)
        round.status = "proposed"
        round.save(update_fields=["status"])
        officer = Client()
        officer.force_login(built["officer"])
        item = round.items.order_by("pk").first()
        pages = {"healthz (baseline)": measure(Client(), "/healthz")}
        for path in (
            f"/reviews/rounds/{round.pk}/",
            f"/reviews/rounds/{round.pk}/assignments/",
            f"/reviews/rounds/{round.pk}/assignments/{item.pk}/",
        ):
            pages[f"officer {path}"] = measure(officer, path)
        reviews = submit_everything(round)
        pages[f"officer /reviews/rounds/{round.pk}/results/ (all reviews in)"] = measure(
            officer, f"/reviews/rounds/{round.pk}/results/"
        )
        busiest = Assignment.objects.filter(round=round).values_list("expert", flat=True).order_by("expert").first()
        expert = Client()
        expert.force_login(type(built["officer"]).objects.get(pk=busiest))
        pages["expert /reviews/mine/"] = measure(expert, "/reviews/mine/")
        mine = Assignment.objects.filter(round=round, expert_id=busiest).first()
        pages["expert /reviews/mine/<id>/"] = measure(expert, f"/reviews/mine/{mine.pk}/")
        baseline = pages["healthz (baseline)"]["median_ms"]
        for figures in pages.values():
            figures["ratio_to_baseline"] = round_s(figures["median_ms"] / baseline)
        sizes = {
            "items": ITEMS,
            "extra_experts": EXPERTS,
            "reviewers_per_item": REVIEWERS,
            "max_load": MAX_LOAD,
            "assignments": Assignment.objects.filter(round=round).count(),
            "reviews_submitted": reviews,
        }
    result = {
        "benchmark": "review",
        "data": sizes,
        "seed_s": seed_s,
        "assignment_job": assignment,
        "repeat": REPEAT,
        "pages": pages,
        "median_ms_all": statistics.median(p["median_ms"] for p in pages.values()),
        "machine": machine(),
        "code": code_version(),
        "database": "sqlite (embedded default)",
    }
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(assignment, ensure_ascii=False))
    width = max(len(k) for k in pages)
    for name, figures in pages.items():
        ratio, queries = figures["ratio_to_baseline"], figures["queries"]
        print(f"{name:<{width}}  {figures['median_ms']:>8} ms  x{ratio:<6} {queries} queries")


if __name__ == "__main__":
    main()
