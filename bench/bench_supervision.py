"""Benchmark: supervised tasks on the demo data (about 55 tasks over a year with stages, progress,
evidence, bulletins and weekly checks), grown to BULK more tasks so the list pages are measured at
the size of a few years of a provincial department's supervision work.

Pages: median and p95 of REPEAT requests, query counts, ratio to /healthz in the same run.
Operations, once each: the daily sweep (time-limit warnings and stage bulletins) over every task,
a supervisor's hand-issued bulletin of every task being handled, and the Excel export.

    .venv/bin/python bench/bench_supervision.py --out bench/results/supervision.json
"""

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_pages import measure, measure_signed_in, report, setup_django  # noqa: E402  (bench/ is the script's directory)
from benchlib import code_version  # noqa: E402

BULK = 1500


def build_data() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from orgs.models import Office
    from supervision.models import StageBulletin, SupervisedTask, TaskStage, WeeklyCheck
    from supervision.services import task_create

    today = timezone.localdate()
    supervisor = User.objects.get(username="supervisor1")
    leader = User.objects.get(username="leader1")
    offices = list(Office.objects.filter(code__in=["hightech", "transfer", "rural", "social", "basic"]))
    owners = {o.pk: User.objects.get(username=f"off_{o.code}1") for o in offices}
    with transaction.atomic():
        for n in range(BULK):
            office = offices[n % len(offices)]
            assigned = today - dt.timedelta(days=n % 300)
            task_create(
                actor=supervisor,
                title=f"基准督办事项{n}",
                requirements="按要求推进并报送进展。",
                source="meeting",
                office=office,
                owner=owners[office.pk],
                leader=leader,
                assigned_on=assigned,
                deadline=assigned + dt.timedelta(days=40),
                stages=[("方案制定", assigned + dt.timedelta(days=10)), ("推进实施", assigned + dt.timedelta(days=30))],
            )
    return {
        "supervised_tasks": SupervisedTask.objects.count(),
        "stages": TaskStage.objects.count(),
        "bulletins": StageBulletin.objects.count(),
        "weekly_checks": WeeklyCheck.objects.count(),
    }


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return round((time.perf_counter() - start) * 1000, 1), value


def operations() -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from supervision.bulletins import bulletin_issue, bulletins_generate
    from supervision.reminders import warnings_send

    figures = {}
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, sent = timed(lambda: warnings_send(today=timezone.localdate()))
    figures["daily time-limit warnings over every task"] = {"ms": ms, "warnings": sent, "queries": len(q)}
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, made = timed(lambda: bulletins_generate(today=timezone.localdate(), lookback=14))
    figures["stage bulletins of the last 14 days"] = {"ms": ms, "bulletins": made, "queries": len(q)}
    supervisor = User.objects.get(username="supervisor1")
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, bulletin = timed(lambda: bulletin_issue(actor=supervisor, title="基准通报"))
    figures["hand-issued bulletin of every task being handled"] = {
        "ms": ms,
        "lines": bulletin.lines.count(),
        "queries": len(q),
    }
    client = Client()
    client.force_login(supervisor)
    ms, response = timed(lambda: client.get("/supervision/export/"))
    figures["Excel export of the whole progress table"] = {"ms": ms, "bytes": len(response.content)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "supervision.json"))
    args = parser.parse_args()
    version = code_version()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client

        started = time.perf_counter()
        sizes = build_data()
        seed_seconds = round(time.perf_counter() - started, 1)
        from supervision.models import StageBulletin, SupervisedTask

        task = SupervisedTask.objects.filter(parent__isnull=True, subtasks__isnull=False).first()
        bulletin = StageBulletin.objects.order_by("-pk").first()
        pages = {"healthz (baseline)": measure(Client(), "/healthz")}
        paths = {
            "supervisor1": [
                "/supervision/",
                "/supervision/?overdue=1",
                "/supervision/distribution/",
                f"/supervision/distribution/?parent={task.pk}",
                f"/supervision/{task.pk}/",
                "/supervision/weekly/",
                "/supervision/bulletins/",
                f"/supervision/bulletins/{bulletin.pk}/",
                "/",
            ],
            "off_hightech1": ["/supervision/", "/supervision/distribution/", "/"],
        }
        measure_signed_in(paths, pages)
        ops = operations()
    report(
        args.out,
        benchmark="supervision",
        code=version,
        data=sizes,
        seed_seconds=seed_seconds,
        pages=pages,
        operations=ops,
    )


if __name__ == "__main__":
    main()
