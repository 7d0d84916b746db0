"""Benchmark: the rectification ledger on the demo data (the core, party and evaluation demo and the
ledger's 32 items) plus EXTRA items with three milestones and a progress note each, as a
department's ledger after a few years of 挂图作战.

Pages: median and p95 of REPEAT requests, query counts, ratio to /healthz in the same run.
Operations, once each: the reminder sweep over every open item, the Excel export of the whole
ledger, the roadmap's JSON for every item, and entering the pending review findings.

    .venv/bin/python bench/bench_rectification.py --out bench/results/rectification.json
"""

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_pages import measure, measure_signed_in, report, setup_django  # noqa: E402  (bench/ is the script's directory)
from benchlib import code_version  # noqa: E402

EXTRA = 300


def seed() -> None:
    """The demo's people, offices, party and evaluation data, then the ledger's own demo (the other
    issue-7 seeders are left out so the figures are the ledger's)."""
    from django.core.management import call_command
    from django.db import transaction

    from core.demo import seed as demo
    from evaluation.demo import seed_evaluation
    from orgs.models import Region
    from party.demo import seed_party
    from rectification.demo import seed_rectification

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    with transaction.atomic():
        seeder = demo._Seeder(None)
        demo.regions_load()
        seeder.regions = Region.objects.select_related("parent__parent").in_bulk()
        plan = demo.build_plan(seeder.regions)
        seeder.agency(plan.agency_code)
        seeder.offices_create()
        seeder.recommenders_create(plan.recommenders)
        seeder.units_create(plan.units)
        seeder.welcome(seeder.users_create(plan.users))
        seed_party()
        seed_evaluation()
    seed_rectification()


def grow() -> None:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from orgs.models import Office
    from rectification.services import milestone_add, progress_report, rectification_item_create

    today = timezone.localdate()
    boss = User.objects.get(username="supervisor1")
    offices = list(Office.objects.exclude(code="personnel"))
    clerks = {u.username: u for u in User.objects.filter(username__startswith="off_")}
    with transaction.atomic():
        for n in range(EXTRA):
            office = offices[n % len(offices)]
            clerk = clerks.get(f"off_{office.code}1")
            deadline = today + timedelta(days=30 + n % 200)
            item, _ = rectification_item_create(
                actor=boss,
                source="inspection",
                problem=f"基准测试问题{n}：制度执行不到位，工作落实有差距",
                goal="全面整改到位",
                deadline=deadline,
                measures="梳理问题；制定方案；落实整改",
                office=office,
                responsible=clerk,
                commitment="承诺按期整改到位",
            )
            for k in range(3):
                milestone_add(
                    actor=clerk,
                    item=item,
                    title=f"步骤{k + 1}",
                    starts_on=today + timedelta(days=k * 10),
                    due_on=today + timedelta(days=k * 10 + 9),
                )
            progress_report(actor=clerk, item=item, text="已召开专题会议部署整改工作")


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return round((time.perf_counter() - start) * 1000, 1), value


def operations() -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from rectification.models import RectificationItem
    from rectification.reminders import reminders_send
    from rectification.selectors import findings_pending, ledger_items, roadmap_data, roadmap_items
    from rectification.services import finding_import
    from rectification.views.ledger import export_headers, export_row

    figures = {}
    today = timezone.localdate()
    for label, day in (
        ("reminder sweep (first run)", today + timedelta(days=60)),
        ("reminder sweep (again)", today + timedelta(days=60)),
    ):
        reset_queries()
        with CaptureQueriesContext(connection) as q:
            ms, sent = timed(lambda d=day: reminders_send(today=d))
        figures[label] = {"ms": ms, "sent": sent, "queries": len(q)}

    def export():
        from core.excel import workbook_bytes

        rows = [export_row(item) for item in ledger_items(RectificationItem.objects.all())]
        return len(workbook_bytes(export_headers(), rows)), len(rows)

    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, (size, rows) = timed(export)
    figures["Excel export of the whole ledger"] = {"ms": ms, "rows": rows, "bytes": size, "queries": len(q)}

    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, data = timed(
            lambda: roadmap_data(roadmap_items(RectificationItem.objects.all(), limit=1000), today, public=False)
        )
    figures["roadmap JSON for every item"] = {"ms": ms, "bytes": len(data.encode()), "queries": len(q)}

    boss = User.objects.get(username="supervisor1")
    pending = list(findings_pending())
    ms, made = timed(lambda: sum(finding_import(actor=boss, finding=f)[1] for f in pending))
    figures["enter the pending review findings"] = {"ms": ms, "findings": made}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "rectification.json"))
    args = parser.parse_args()
    version = code_version()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client

        from rectification.models import RectificationItem, RectificationMilestone, RectificationStatus

        started = time.perf_counter()
        seed()
        grow()
        seed_seconds = round(time.perf_counter() - started, 1)
        sizes = {
            "items": RectificationItem.objects.count(),
            "milestones": RectificationMilestone.objects.count(),
            "closed": RectificationItem.objects.filter(status=RectificationStatus.CLOSED).count(),
        }
        item = RectificationItem.objects.filter(source_key__startswith="demo.", office__code="finance").first()
        pages = {
            "healthz (baseline)": measure(Client(), "/healthz"),
            "public /portal/rectification/": measure(Client(), "/portal/rectification/"),
        }
        paths = {
            "supervisor1": [
                "/rectification/",
                "/rectification/?overdue=1",
                "/rectification/roadmap/",
                f"/rectification/{item.pk}/",
                "/rectification/findings/",
            ],
            "leader1": ["/rectification/roadmap/", "/rectification/"],
            "off_finance1": ["/rectification/", f"/rectification/{item.pk}/"],
        }
        measure_signed_in(paths, pages)
        ops = operations()
    report(
        args.out,
        benchmark="rectification",
        code=version,
        data=sizes,
        seed_seconds=seed_seconds,
        pages=pages,
        operations=ops,
    )


if __name__ == "__main__":
    main()
