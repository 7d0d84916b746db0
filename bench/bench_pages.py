"""Benchmark: main pages on the demo data set, plus a large audit log, inbox and call (10,000 applications).

Times each page with Django's test client against a scratch SQLite database (the embedded
default), reports median and p95 in milliseconds, the query count, and the ratio to /healthz
measured in the same run. Loops are bounded (REPEAT requests per page).

    make bench-pages   ->  bench/results/pages.json
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchlib import machine  # noqa: E402  (bench/ is the script's directory)

REPEAT = 30
EXTRA_AUDIT_EVENTS = 20000
EXTRA_NOTIFICATIONS = 2000
EXTRA_APPLICATIONS = 10000  # endorsed applications in one call, for the officer's list pages


def setup_django(var_dir: str) -> None:
    os.environ.update(
        {"DEBUG": "1", "OTP_REQUIRED": "0", "KEJIWANG_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "kejiwang.settings"}
    )
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]


def build_data() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from django.db import transaction

    from accounts.models import User
    from audit.services import audit_record
    from notifications.services import notify

    officer = User.objects.get(username="officer")
    with transaction.atomic():
        for i in range(EXTRA_AUDIT_EVENTS):
            audit_record(actor=officer, action="bench.event", target_type="bench", target_id=str(i))
    notify(recipients=[officer] * EXTRA_NOTIFICATIONS, title="基准测试消息", email=False)
    from audit.models import AuditEvent
    from orgs.models import Unit

    call = add_applications()

    return {
        "users": User.objects.count(),
        "units": Unit.objects.count(),
        "audit_events": AuditEvent.objects.count(),
        "officer_notifications": EXTRA_NOTIFICATIONS,
        "applications_in_one_call": call.applications.count(),
        "call_id": call.pk,
    }


def add_applications():
    """EXTRA_APPLICATIONS endorsed applications from the demo applicants in the demo key R&D call."""
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, ApplicationStatus
    from plans.models import Call

    call = Call.objects.get(title="2027年度省重点研发计划项目申报指南")
    applicants = list(User.objects.filter(username__regex=r"^u\d+_app\d+$").select_related("unit"))
    topics = list(call.topics.all())
    now = timezone.now()
    Application.objects.bulk_create(
        (
            Application(
                call=call,
                topic=topics[i % len(topics)],
                pi=applicants[i % len(applicants)],
                unit=applicants[i % len(applicants)].unit,
                title=f"基准测试项目{i:05d}",
                status=ApplicationStatus.UNIT_ENDORSED,
                submitted_at=now,
            )
            for i in range(EXTRA_APPLICATIONS)
        ),
        batch_size=1000,
    )
    return call


def measure(client, path: str) -> dict:
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    request_started.disconnect(reset_queries)  # keep the query log across the request being counted
    reset_queries()  # the log is a bounded deque, already full from seeding
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "queries": len(queries),
    }


def measure_signed_in(paths_by_user: dict[str, list[str]], pages: dict) -> dict:
    """Measure each user's pages signed in as that user, then every page's ratio to the
    ``"healthz (baseline)"`` entry already in ``pages``."""
    from django.test import Client

    from accounts.models import User

    for username, paths in paths_by_user.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for path in paths:
            pages[f"{username} {path}"] = measure(client, path)
    baseline = pages["healthz (baseline)"]["median_ms"]
    for figures in pages.values():
        figures["ratio_to_baseline"] = round(figures["median_ms"] / baseline, 1)
    return pages


def report(out: str, *, pages: dict, operations: dict, **figures) -> None:
    """Write a page-and-operation benchmark's JSON (with the machine) and print its figures."""
    result = {**figures, "pages": pages, "operations": operations, "machine": machine()}
    result["database"] = "sqlite (embedded default)"
    Path(out).write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    width = max(len(k) for k in pages)
    for name, found in pages.items():
        print(
            f"{name:<{width}}  {found['median_ms']:>8} ms  x{found['ratio_to_baseline']:<6} {found['queries']} queries"
        )
    for name, found in operations.items():
        print(f"{name}: {found}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "pages.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client

        started = time.perf_counter()
        sizes = build_data()
        seed_seconds = round(time.perf_counter() - started, 1)
        anonymous = Client()
        pages = {"healthz (baseline)": measure(anonymous, "/healthz"), "login": measure(anonymous, "/accounts/login/")}
        paths = {
            "unitadmin": ["/", "/accounts/memberships/"],
            "officer": [
                "/",
                "/notifications/",
                "/orgs/units/",
                "/orgs/units/?q=科技",
                "/plans/calls/",
                f"/applications/calls/{sizes['call_id']}/",
                f"/applications/calls/{sizes['call_id']}/?page=100",
                "/approvals/",
            ],
            "sysadmin": ["/accounts/users/", "/accounts/users/?q=expert"],
            "auditadmin": ["/audit/", "/audit/?action=auth"],
        }
        measure_signed_in(paths, pages)
    result = {
        "benchmark": "pages",
        "data": sizes,
        "seed_seconds": seed_seconds,
        "repeat": REPEAT,
        "pages": pages,
        "machine": machine(),
        "database": "sqlite (embedded default)",
    }
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    width = max(len(k) for k in pages)
    for name, figures in pages.items():
        ratio, queries = figures["ratio_to_baseline"], figures["queries"]
        print(f"{name:<{width}}  {figures['median_ms']:>8} ms  x{ratio:<6} {queries} queries")


if __name__ == "__main__":
    main()
