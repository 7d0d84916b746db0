"""Benchmark: service requests on the demo data (240 requests over a year, every office; the demo's
accounts, offices and calls, without the party, review and other supervision modules), then with
10,000 more requests (bulk-inserted, spread over the year) to show the list and report stay flat.

Pages: median and p95 of REPEAT requests, query counts, ratio to /healthz in the same run.
Operations, once each: 50 requests filed on the portal, 50 assigned and replied, 50 rated through
the one-time link, the year's report by office, its Excel export and the periodic sweep.

    .venv/bin/python bench/bench_hotline.py --out bench/results/hotline.json
"""

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_pages import measure, measure_signed_in, report, setup_django  # noqa: E402  (bench/ is the script's directory)
from benchlib import code_version  # noqa: E402

BATCH = 50
EXTRA_REQUESTS = 10000


# Seeders of modules the service requests do not read: skipped, so that the run is faster and
# independent of work in progress elsewhere (the accounts, offices and calls are seeded as usual).
SKIPPED_SEEDERS = {
    "party.demo": "seed_party",
    "study.demo": "seed_study",
    "evaluation.demo": "seed_evaluation",
    "reviews.demo": "seed_review_round",
    "rectification.demo": "seed_rectification",
    "supervision.demo": "seed_supervision",
    "surveys.demo": "seed_surveys",
    "catalogue.demo": "seed_catalogue",
}


def build_data() -> dict:
    import importlib

    from django.core.management import call_command

    for module, name in SKIPPED_SEEDERS.items():
        setattr(importlib.import_module(module), name, dict)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from hotline.models import RatingLink, ServiceRequest

    return {"service_requests": ServiceRequest.objects.count(), "rating_links": RatingLink.objects.count()}


def grow() -> int:
    """Bulk-insert closed, rated requests over the past year (no audit: only the pages are measured)."""
    from django.utils import timezone

    from hotline.models import RequestCategory, ServiceRequest
    from orgs.models import Office

    rng = random.Random(1)
    offices = list(Office.objects.all())
    categories = list(RequestCategory.objects.all())
    now = timezone.now()
    rows = []
    for n in range(EXTRA_REQUESTS):
        received = now - timedelta(days=rng.randint(21, 360), hours=rng.randint(0, 8))
        day = timezone.localtime(received).date()
        rows.append(
            ServiceRequest(
                number=f"BX{n:08d}",
                channel=rng.choice(["web", "phone", "12345"]),
                category=rng.choice(categories),
                title="基准测试诉求",
                content="基准测试诉求内容，用于衡量列表和统计页面。",
                requester_name="测试",
                requester_phone="13800000000",
                received_at=received,
                accepted_on=day,
                deadline=day + timedelta(days=5),
                office=rng.choice(offices),
                reply="基准测试答复内容。",
                replied_at=received + timedelta(days=2),
                on_time=rng.random() < 0.97,
                rating=rng.choice(["satisfied"] * 8 + ["basically", "unsatisfied"]),
                rated_at=received + timedelta(days=3),
                status="closed",
                closed_at=received + timedelta(days=3),
            )
        )
    ServiceRequest.objects.bulk_create(rows, batch_size=1000)
    return ServiceRequest.objects.count()


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return round((time.perf_counter() - start) * 1000, 1), value


def operations() -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from hotline.models import RatingLink, RequestCategory
    from hotline.reminders import sweep
    from hotline.selectors import Period
    from hotline.selectors import report as hotline_report
    from hotline.services import (
        service_request_assign,
        service_request_file,
        service_request_rate,
        service_request_reply,
    )
    from orgs.models import Office

    registrar = User.objects.get(username="off_general1")
    officer = User.objects.get(username="off_hightech1")
    office = Office.objects.get(code="hightech")
    category = RequestCategory.objects.get(code="consult")
    figures = {}

    def per(name, fn, n=BATCH):
        reset_queries()
        with CaptureQueriesContext(connection) as q:
            ms, value = timed(fn)
        figures[name] = {"n": n, "ms": ms, "ms_each": round(ms / n, 1), "queries_each": round(len(q) / n, 1)}
        return value

    filed = per(
        "file a request on the portal",
        lambda: [
            service_request_file(
                name="基准",
                phone="13800000000",
                email="",
                category=category,
                title="基准咨询",
                content="基准测试咨询内容：请问项目申报截止时间是什么时候？",
            )
            for _n in range(BATCH)
        ],
    )

    def handle():
        done = []
        for request in filed:
            request = service_request_assign(actor=registrar, request=request, office=office, version=request.version)
            done.append(
                service_request_reply(
                    actor=officer,
                    request=request,
                    reply="基准测试答复内容：您咨询的事项已办理完毕，请登录科技网查看。",
                    version=request.version,
                )
            )
        return done

    replied = per("assign and reply", handle)
    tokens = [RatingLink.objects.get(request=r, round=r.round).token for r in replied]
    per("rate through the one-time link", lambda: [service_request_rate(token=t, rating="satisfied") for t in tokens])
    year = timezone.localdate().year
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, found = timed(lambda: hotline_report(Period("year", year, 1)))
    figures["the year's report by office"] = {"ms": ms, "received": found["total"].received, "queries": len(q)}
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, found = timed(lambda: sweep(today=timezone.localdate()))
    figures["periodic sweep"] = {"ms": ms, "result": found, "queries": len(q)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "hotline.json"))
    args = parser.parse_args()
    version = code_version()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client

        from hotline.models import RatingLink, ServiceRequest

        started = time.perf_counter()
        sizes = build_data()
        seed_seconds = round(time.perf_counter() - started, 1)
        sample = ServiceRequest.objects.filter(status="closed", office__code="hightech").first()
        open_link = RatingLink.objects.filter(used_at__isnull=True, request__status="replied").first()
        pages = {"healthz (baseline)": measure(Client(), "/healthz")}
        pages["anonymous /portal/hotline/"] = measure(Client(), "/portal/hotline/")
        pages[f"anonymous /portal/hotline/{sample.token}/"] = measure(Client(), f"/portal/hotline/{sample.token}/")
        if open_link:
            pages["anonymous rating link"] = measure(Client(), f"/portal/hotline/rate/{open_link.token}/")
        paths = {
            "off_general1": [
                "/hotline/",
                "/hotline/?status=open",
                f"/hotline/{sample.pk}/",
                "/hotline/report/",
                "/hotline/report/?kind=year",
                "/hotline/report/export/?kind=year",
                "/hotline/categories/",
                "/",
            ],
            "off_hightech1": ["/hotline/", f"/hotline/{sample.pk}/"],
            "leader1": ["/hotline/", "/hotline/report/?kind=year"],
        }
        measure_signed_in(paths, pages)
        sizes["service_requests_after_growth"] = grow()
        grown = {"healthz (baseline)": pages["healthz (baseline)"]}
        measure_signed_in(
            {"off_general1": ["/hotline/", "/hotline/?status=closed&page=100", "/hotline/report/?kind=year", "/"]},
            grown,
        )
        for name, figures in grown.items():
            if name != "healthz (baseline)":
                pages[f"[{EXTRA_REQUESTS} more requests] {name}"] = figures
        ops = operations()
    report(
        args.out, benchmark="hotline", code=version, data=sizes, seed_seconds=seed_seconds, pages=pages, operations=ops
    )


if __name__ == "__main__":
    main()
