"""Benchmark: the deadline surge — thousands of complete drafts submitted at once over loopback.

For each database backend (an SQLite file, the embedded default; a scratch PostgreSQL database),
in a fresh database: DRAFTS complete drafts of USERS applicants are prepared in one open call, then
gunicorn serves the production settings (DEBUG off; only the loopback-HTTP switches
SECURE_SSL_REDIRECT=0 / SECURE_COOKIES=0 and OTP_REQUIRED=0 come from the environment) and N
concurrent clients (threads, one HTTP connection each, stdlib http.client) sign in through the login
form and submit every draft by POSTing /applications/<pk>/submit/ with a fresh idempotency key.
A few percent of submissions are sent again with the same key after the answer (a retried request)
and a few are sent twice at the same moment with the same key (a double click).

Reported per backend: submit latency p50/p95/p99 (first attempts), throughput as a ratio to
/healthz measured with the same clients in the same run, and the database counts afterwards
(with the ORM): submitted, lost, duplicated (more than one receipt), receipts the clients were
given but the database does not hold, duplicate-check tasks and unit-admin notifications queued,
and whether the audit hash chain still verifies. Every loop is bounded in count and in time.

    make bench-surge   ->  bench/results/surge.json
    bench/bench_surge.py --clients 50,200 --backends sqlite     (other sizes)
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchlib import HOST, code_version, machine, pg_scratch, postgres_ready  # noqa: E402  (bench/ is the script's directory)

GUNICORN = Path(sys.executable).with_name("gunicorn")

DRAFTS = 10_000
USERS = 200  # applicants, DRAFTS / USERS drafts each
UNITS = 20  # applicant units, one unit admin each (they get a notification per submission)
PASSWORD = "Surge@Bench-2026"  # scratch accounts in a scratch database
RETRY_SHARE = 0.03  # sent again with the same key after the answer
TWIN_SHARE = 0.02  # sent twice at once with the same key
HEALTHZ_PER_CLIENT = 15
REQUEST_TIMEOUT = 60  # seconds, per request
IDLE_RECONNECT_S = 1.0  # a connection idle longer is reopened (gunicorn's keep-alive is 2 s)
LIMITS = {"boot_s": 60, "healthz_s": 60, "login_s": 180, "submit_s": 600, "shutdown_s": 30}
PG_DATABASE = "kejiwang_bench_surge"


# --- The client: one connection, a cookie jar, form posts -----------------------------------------


class Browser:
    """A minimal HTTP/1.1 client for one signed-in person: its own connection and cookies."""

    def __init__(self, port: int, cookies: dict | None = None) -> None:
        self.port = port
        self.cookies: dict[str, str] = dict(cookies or {})
        self.conn: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, bytes]:
        """(status, Location, body). Transport errors propagate; the connection is dropped then."""
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.conn is not None and time.monotonic() - self.last_used > IDLE_RECONNECT_S:
            self.close()  # as a browser does: no request on a keep-alive connection the server may have closed
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except Exception:
            self.close()
            raise
        self.last_used = time.monotonic()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.getheader("Location", ""), data

    def sign_in(self, username: str) -> bool:
        status, _location, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            return False
        form = {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": PASSWORD, "next": "/"}
        status, location, _body = self.request("POST", "/accounts/login/", form)
        return status == 302 and location == "/" and "sessionid" in self.cookies

    def submit(self, pk: int, key: str) -> tuple[str, str, float]:
        """(outcome, receipt number or "", milliseconds) of one submit POST."""
        form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), "key": key}
        started = time.perf_counter()
        try:
            status, location, _body = self.request("POST", f"/applications/{pk}/submit/", form)
        except Exception as exc:
            return f"transport:{type(exc).__name__}", "", (time.perf_counter() - started) * 1000
        elapsed = (time.perf_counter() - started) * 1000
        if status == 302 and f"/applications/{pk}/receipts/" in location:
            return "receipt", location.rstrip("/").rsplit("/", 1)[-1], elapsed
        if status == 302 and location.endswith(f"/applications/{pk}/edit/"):
            return "refused", "", elapsed  # a ValidationError shown on the form
        return f"http_{status}", "", elapsed


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))], 1)


def run_threads(target, count: int, time_limit: float) -> float:
    """Start ``count`` threads on target(index), join them within the time limit; wall seconds."""
    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, started + time_limit + REQUEST_TIMEOUT - time.perf_counter()))
    return time.perf_counter() - started


def healthz_phase(port: int, clients: int) -> dict:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures = Counter()
    deadline = time.monotonic() + LIMITS["healthz_s"]

    def client(index: int) -> None:
        browser = Browser(port)
        for _ in range(HEALTHZ_PER_CLIENT):
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            try:
                status, _location, _body = browser.request("GET", "/healthz")
            except Exception as exc:
                failures[type(exc).__name__] += 1
                continue
            if status == 200:
                latencies[index].append((time.perf_counter() - started) * 1000)
            else:
                failures[f"http_{status}"] += 1
        browser.close()

    wall = run_threads(client, clients, LIMITS["healthz_s"])
    done = [x for per_client in latencies for x in per_client]
    return {
        "requests": len(done),
        "per_s": round(len(done) / wall, 1),
        "p50_ms": percentile(done, 0.5),
        "p95_ms": percentile(done, 0.95),
        "failures": dict(failures),
        "seconds": round(wall, 1),
    }


def surge_phases(port: int, clients: int, work: dict[str, list[int]]) -> dict:
    """Sign every applicant in, then submit every draft; per-client lists, merged at the end."""
    usernames = sorted(work)
    mine = [usernames[i::clients] for i in range(clients)]  # applicants of each client
    browsers: dict[str, Browser] = {}
    login_ms: list[float] = []
    login_failed: list[str] = []
    login_deadline = time.monotonic() + LIMITS["login_s"]

    def sign_in(index: int) -> None:
        for username in mine[index]:
            browser = Browser(port)
            started = time.perf_counter()
            try:
                ok = time.monotonic() < login_deadline and browser.sign_in(username)
            except Exception:
                ok = False
            login_ms.append((time.perf_counter() - started) * 1000)
            if ok:
                browsers[username] = browser
            else:
                login_failed.append(username)

    login_wall = run_threads(sign_in, clients, LIMITS["login_s"])

    rng = random.Random(2026)
    plan = []  # per client: (username, pk, mode)
    for names in mine:
        items = [(name, pk) for name in names for pk in work[name]]
        plan.append(
            [
                (
                    name,
                    pk,
                    "retry"
                    if (r := rng.random()) < RETRY_SHARE
                    else "twin"
                    if r < RETRY_SHARE + TWIN_SHARE
                    else "once",
                )
                for name, pk in items
            ]
        )
    latencies: list[list[float]] = [[] for _ in range(clients)]
    outcomes: list[Counter] = [Counter() for _ in range(clients)]
    receipts: list[dict[int, set[str]]] = [{} for _ in range(clients)]
    idempotency: list[Counter] = [Counter() for _ in range(clients)]
    not_attempted = [0] * clients
    submit_deadline = time.monotonic() + LIMITS["submit_s"]

    def submit(index: int) -> None:
        seen = receipts[index]
        for position, (username, pk, mode) in enumerate(plan[index]):
            browser = browsers.get(username)
            if browser is None:
                outcomes[index]["not_signed_in"] += 1
                continue
            if time.monotonic() > submit_deadline:
                not_attempted[index] = len(plan[index]) - position
                break
            key = uuid.uuid4().hex
            twin_result: list = []
            twin = None
            if mode == "twin":  # the same key at the same moment, on a second connection
                other = Browser(port, browser.cookies)
                twin = threading.Thread(target=lambda o=other, k=key, p=pk, r=twin_result: r.append(o.submit(p, k)))
                twin.start()
            outcome, number, elapsed = browser.submit(pk, key)
            latencies[index].append(elapsed)
            outcomes[index][outcome] += 1
            if number:
                seen.setdefault(pk, set()).add(number)
            if mode == "retry":
                again, number_again, _ = browser.submit(pk, key)
                idempotency[index]["retries"] += 1
                idempotency[index]["retry_same_receipt"] += again == "receipt" and number_again == number
                if number_again:
                    seen.setdefault(pk, set()).add(number_again)
            if twin is not None:
                twin.join(REQUEST_TIMEOUT + 5)
                other.close()
                idempotency[index]["double_clicks"] += 1
                if twin_result:
                    twin_outcome, twin_number, _ = twin_result[0]
                    idempotency[index]["double_click_same_receipt"] += (
                        twin_outcome == outcome == "receipt" and twin_number == number
                    )
                    idempotency[index][f"double_click_twin_{twin_outcome}"] += 1
                    if twin_number:
                        seen.setdefault(pk, set()).add(twin_number)
        for name in mine[index]:
            if name in browsers:
                browsers[name].close()

    submit_wall = run_threads(submit, clients, LIMITS["submit_s"])
    all_latencies = [x for per_client in latencies for x in per_client]
    merged_outcomes = sum(outcomes, Counter())
    merged_receipts: dict[int, set[str]] = {}
    for per_client in receipts:
        for pk, numbers in per_client.items():
            merged_receipts.setdefault(pk, set()).update(numbers)
    return {
        "login": {
            "signed_in": len(browsers),
            "failed": len(login_failed),
            "p50_ms": percentile(login_ms, 0.5),
            "seconds": round(login_wall, 1),
        },
        "submit_wall_s": submit_wall,
        "latencies": all_latencies,
        "outcomes": dict(merged_outcomes),
        "idempotency": dict(sum(idempotency, Counter())),
        "not_attempted": sum(not_attempted),
        "client_receipts": merged_receipts,
    }


# --- One backend, one client count: runs in its own process (Django settings are per process) ----


def production_env(var_dir: str, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "kejiwang.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "KEJIWANG_VAR_DIR": var_dir,
            "OTP_REQUIRED": "0",
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback: no redirect to https,
            "SECURE_COOKIES": "0",  # and cookies without the Secure flag
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def prepare(drafts: int, users: int) -> dict:
    """One open call with a topic; UNITS units with a unit admin; applicants owning complete drafts."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import RoleAssignment, User
    from accounts.roles import Role
    from applications.models import BUDGET_CATEGORIES, Application, ApplicationStatus
    from orgs.models import Office, Region, RegionLevel, Unit
    from plans.models import Call, CallStatus, Program, Topic

    rng = random.Random(7)
    now = timezone.now()
    subjects = ["高端数控机床", "海洋新材料", "智慧农业", "工业互联网", "新能源汽车电池", "生物医药", "集成电路封装"]
    methods = ["多源数据融合", "深度学习", "数字孪生", "高通量筛选", "精密测量", "边缘计算", "绿色制造"]
    goals = ["示范应用", "产业化推广", "标准制定", "关键部件国产化", "成本降低百分之二十"]
    with transaction.atomic():
        province = Region.objects.create(code="330000", name="浙江省", level=RegionLevel.PROVINCE)
        city = Region.objects.create(code="330100", name="杭州市", level=RegionLevel.CITY, parent=province)
        office = Office.objects.create(name="高新技术处", code="hightech")
        program = Program.objects.create(name="重点研发计划", kind="key_rd", office=office)
        call = Call.objects.create(
            program=program,
            year=now.year + 1,
            title="重点研发计划申报指南（截止日压测）",
            notice="截止日前集中提交的压力测试。",
            status=CallStatus.PUBLISHED,
            opens_at=now - timedelta(days=30),
            closes_at=now + timedelta(days=1),
            published_at=now - timedelta(days=30),
            eligible_unit_types=["university", "institute", "enterprise"],
            budget_cap=Decimal("300"),
            limit_per_pi=max(1, drafts // users),
            required_attachments=[],
        )
        topic = Topic.objects.create(call=call, code="01", title="高端装备")
        units = Unit.objects.bulk_create(
            Unit(name=f"压测单位{i:02d}", credit_code=f"12330100MB{i:07d}X", unit_type="university", region=city)
            for i in range(UNITS)
        )
        password = make_password(PASSWORD)  # Argon2 (the production hasher), computed once for all accounts
        people = User.objects.bulk_create(
            User(
                username=f"surge{i:03d}",
                full_name=f"申报人{i:03d}",
                email=f"surge{i:03d}@example.test",
                unit=units[i % UNITS],
                password=password,
                password_changed_at=now,
            )
            for i in range(users)
        )
        admins = User.objects.bulk_create(
            User(
                username=f"surgeadmin{i:02d}",
                full_name=f"单位管理员{i:02d}",
                email=f"surgeadmin{i:02d}@example.test",
                unit=unit,
                password=password,
                password_changed_at=now,
            )
            for i, unit in enumerate(units)
        )
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role=Role.APPLICANT, unit_id=u.unit_id) for u in people]
            + [RoleAssignment(user=u, role=Role.UNIT_ADMIN, unit_id=u.unit_id) for u in admins]
        )
        rows = []
        for n in range(drafts):
            pi = people[n % users]
            subject, method, goal = rng.choice(subjects), rng.choice(methods), rng.choice(goals)
            text = (
                f"本项目（编号{n:05d}）面向{subject}领域的关键共性问题，采用{method}方法开展系统研究。"
                f"重点突破{subject}中的核心技术瓶颈，建立可复用的技术体系与评价方法，"
                f"在省内骨干企业开展{goal}，预期申请发明专利{rng.randint(2, 9)}项，"
                f"培养研究生{rng.randint(2, 8)}名，形成可推广的解决方案。"
            )
            rows.append(
                Application(
                    call=call,
                    topic=topic,
                    pi=pi,
                    unit_id=pi.unit_id,
                    status=ApplicationStatus.DRAFT,
                    title=f"{subject}{method}关键技术研究与{goal}（{n:05d}）",
                    start_date=date(now.year + 1, 1, 1),
                    end_date=date(now.year + 3, 12, 31),
                    discipline_codes="460.45",
                    keywords=f"{subject},{method},{goal}",
                    abstract=text,
                    objectives=text + "主要研究内容包括理论建模、样机研制与示范验证三部分。",
                    team=[
                        {"name": pi.full_name, "unit": units[n % users % UNITS].name, "title": "教授", "role": "负责人"}
                    ],
                    indicators=[{"name": "发明专利", "target": "5项"}],
                    budget={key: {"grant": "50.00", "matching": "10.00"} for key in BUDGET_CATEGORIES},
                )
            )
        Application.objects.bulk_create(rows, batch_size=1000)
    work: dict[str, list[int]] = {}
    for pk, username in Application.objects.filter(call=call).values_list("pk", "pi__username"):
        work.setdefault(username, []).append(pk)
    return {"call": call.pk, "work": work}


def wait_ready(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + LIMITS["boot_s"]
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            if Browser(port).request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def count_after(call_id: int, expected: int, client_receipts: dict[int, set[str]]) -> dict:
    """What the database holds after the surge (read with the ORM, server stopped)."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from applications.models import Application, ApplicationStatus, SubmissionReceipt
    from audit.services import audit_verify
    from notifications.models import Notification

    rows = list(
        Application.objects.filter(call_id=call_id).annotate(n=Count("receipts")).values_list("pk", "status", "n")
    )
    status = Counter(s for _pk, s, _n in rows)
    submitted = sum(1 for _pk, s, n in rows if s == ApplicationStatus.SUBMITTED and n >= 1)
    stored = dict(
        SubmissionReceipt.objects.filter(application__call_id=call_id).values_list("number", "application_id")
    )
    acknowledged_not_stored = sum(
        1 for pk, numbers in client_receipts.items() for number in numbers if stored.get(number) != pk
    )
    started = time.perf_counter()
    chain = audit_verify()
    return {
        "expected": expected,
        "submitted": submitted,
        "lost": expected - submitted,
        "duplicated": sum(1 for _pk, _s, n in rows if n > 1),
        "status_counts": dict(status),
        "receipts": len(stored),
        "submitted_without_receipt": sum(1 for _pk, s, n in rows if s == ApplicationStatus.SUBMITTED and n == 0),
        "receipt_on_draft": sum(1 for _pk, s, n in rows if s == ApplicationStatus.DRAFT and n > 0),
        "acknowledged_not_stored": acknowledged_not_stored,
        "duplicate_checks_queued": DBTaskResult.objects.filter(task_path__endswith="check_duplicates").count(),
        "unit_admin_notifications": Notification.objects.filter(recipient__username__startswith="surgeadmin").count(),
        "audit_chain": {"ok": chain.ok, "events": chain.checked, "verify_s": round(time.perf_counter() - started, 1)},
    }


def server_log_summary(text: str) -> dict:
    return {
        "database_locked": text.count("database is locked"),
        "tracebacks": text.count("Traceback (most recent call last)"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "internal_server_errors": text.count("Internal Server Error"),
    }


def collect_static() -> None:
    """``collectstatic`` into the scratch var dir with the production storage (whitenoise manifest)."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def server_times(access_log: str) -> dict:
    """Time inside gunicorn per request (from its access log: no queueing before a worker takes it)."""
    kinds: dict[str, list[float]] = {"submit": [], "healthz": [], "login": []}
    for line in access_log.splitlines():
        parts = line.split()
        if len(parts) != 4:
            continue
        method, path, _status, micros = parts
        kind = (
            "submit"
            if method == "POST" and re.fullmatch(r"/applications/\d+/submit/", path)
            else "healthz"
            if path == "/healthz"
            else "login"
            if method == "POST" and path == "/accounts/login/"
            else None
        )
        if kind:
            kinds[kind].append(int(micros) / 1000)
    return {
        kind: {"requests": len(v), "p50_ms": percentile(v, 0.5), "p95_ms": percentile(v, 0.95)}
        for kind, v in kinds.items()
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run_one(backend: str, clients: int, database_url: str, var_dir: str, gunicorn_args: list[str], sizes: dict) -> dict:
    """In a process whose environment already holds the production settings for ``database_url``."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    migrate_s = time.perf_counter() - started
    started = time.perf_counter()
    prepared = prepare(sizes["drafts"], sizes["applicants"])
    prepare_s = time.perf_counter() - started
    connections.close_all()

    port = free_port()
    log_path = Path(var_dir) / f"gunicorn-{backend}-{clients}.log"
    access_path = Path(var_dir) / f"access-{backend}-{clients}.log"
    command = [str(GUNICORN), "kejiwang.wsgi", "--bind", f"{HOST}:{port}", *gunicorn_args]
    command += ["--access-logfile", str(access_path), "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_ready(port, server)
        healthz = healthz_phase(port, clients)
        surge = surge_phases(port, clients, prepared["work"])
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(LIMITS["shutdown_s"])
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    counts = count_after(prepared["call"], sizes["drafts"], surge["client_receipts"])
    latencies = surge["latencies"]
    receipts_given = surge["outcomes"].get("receipt", 0)
    submit_per_s = receipts_given / surge["submit_wall_s"] if surge["submit_wall_s"] else 0.0
    return {
        "backend": backend,
        "clients": clients,
        "expected": counts["expected"],
        "submitted": counts["submitted"],
        "lost": counts["lost"],
        "duplicated": counts["duplicated"],
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": round(max(latencies, default=0.0), 1),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else 0.0,
        "throughput_ratio": round(submit_per_s / healthz["per_s"], 3) if healthz["per_s"] else None,
        "submits_per_s": round(submit_per_s, 1),
        "healthz": healthz,
        "first_attempt_outcomes": surge["outcomes"],
        "idempotency": surge["idempotency"],
        "not_attempted": surge["not_attempted"],
        "login": surge["login"],
        "database_after": {k: v for k, v in counts.items() if k not in ("expected", "submitted", "lost", "duplicated")},
        "server_time": server_times(access_path.read_text(errors="replace")),
        "server_log": server_log_summary(log_path.read_text(errors="replace")),
        "seconds": {
            "migrate": round(migrate_s, 1),
            "prepare": round(prepare_s, 1),
            "submit": round(surge["submit_wall_s"], 1),
        },
    }


# --- The orchestrating process ---------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "surge.json"))
    parser.add_argument("--clients", default="200", help="comma-separated client counts (each at most 200)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (README: gunicorn kejiwang.wsgi -w 4)")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (>1: gthread worker)")
    parser.add_argument("--drafts", type=int, default=DRAFTS, help="drafts prepared (smaller for a smoke run)")
    parser.add_argument("--applicants", type=int, default=USERS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument(
        "--collectstatic", action="store_true", help=argparse.SUPPRESS
    )  # internal: backend,clients,database_url,var_dir,out
    args = parser.parse_args()
    sizes = {"drafts": args.drafts, "applicants": args.applicants}
    gunicorn_args = ["--workers", str(args.workers), "--threads", str(args.threads), "--timeout", "60"]
    gunicorn_args += ["--graceful-timeout", "10"]
    if args.collectstatic:
        collect_static()
        return
    if args.child:
        backend, clients, database_url, var_dir, out = args.child.split("|")
        result = run_one(backend, int(clients), database_url, var_dir, gunicorn_args, sizes)
        Path(out).write_text(json.dumps(result, ensure_ascii=False))
        return

    client_counts = [min(200, int(n)) for n in args.clients.split(",")]
    results = []
    code = code_version()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as var_dir:
        static_env = production_env(var_dir, f"sqlite:///{var_dir}/static.sqlite3")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--collectstatic"], cwd=ROOT, env=static_env, check=True, timeout=300)
        collectstatic_s = round(time.perf_counter() - t0, 1)
        for backend in args.backends.split(","):
            for clients in client_counts:
                if backend == "postgresql":
                    reason = postgres_ready()
                    if reason:
                        results.append({"backend": backend, "clients": clients, "skipped": reason})
                        continue
                    pg_scratch(PG_DATABASE, create=True)
                    database_url = f"postgres://postgres@{HOST}:5432/{PG_DATABASE}"
                else:
                    database_url = f"sqlite:///{var_dir}/surge-{clients}.sqlite3"
                out = Path(var_dir) / f"result-{backend}-{clients}.json"
                print(f"{backend}, {clients} clients ...", flush=True)
                try:
                    subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            *("--child", "|".join([backend, str(clients), database_url, var_dir, str(out)])),
                            *("--workers", str(args.workers), "--threads", str(args.threads)),
                            *("--drafts", str(args.drafts), "--applicants", str(args.applicants)),
                        ],
                        cwd=ROOT,
                        env=production_env(var_dir, database_url),
                        check=True,
                        timeout=sum(LIMITS.values()) + 600,
                    )
                    results.append(json.loads(out.read_text()))
                finally:
                    if backend == "postgresql":
                        pg_scratch(PG_DATABASE, create=False)
                    Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    result = {
        "benchmark": "surge",
        "results": results,
        "data": {**sizes, "drafts_per_applicant": args.drafts // args.applicants, "units": UNITS},
        "method": {
            "server": f"gunicorn kejiwang.wsgi --workers {args.workers} --threads {args.threads} on {HOST}",
            "settings": "kejiwang.settings, DEBUG=0, OTP_REQUIRED=0, SECURE_SSL_REDIRECT=0, SECURE_COOKIES=0, "
            "no REDIS_URL (cache and task queue in the database)",
            "client": "one thread per client, one HTTP/1.1 connection (stdlib http.client) per signed-in applicant, "
            "on the same machine as the server",
            "retry_share": RETRY_SHARE,
            "double_click_share": TWIN_SHARE,
            "healthz_per_client": HEALTHZ_PER_CLIENT,
            "latency": "first submit attempt of every draft, client side, ms (includes waiting for a free worker)",
            "server_time": "time inside gunicorn per request, from its access log (%(D)s)",
            "throughput_ratio": "receipts per second during the surge / /healthz answers per second, same clients",
        },
        "limits_s": LIMITS,
        "collectstatic_s": collectstatic_s,
        "seconds": round(time.perf_counter() - started, 1),
        "code": code,
        "machine": machine(),
    }
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    for entry in results:
        if "skipped" in entry:
            print(f"{entry['backend']:<11} skipped: {entry['skipped']}")
            continue
        print(
            f"{entry['backend']:<11} {entry['clients']:>4} clients  submitted {entry['submitted']}/{entry['expected']}"
            f"  lost {entry['lost']}  duplicated {entry['duplicated']}  p50 {entry['p50_ms']} ms"
            f"  p95 {entry['p95_ms']} ms  p99 {entry['p99_ms']} ms  x{entry['throughput_ratio']} of /healthz"
        )


if __name__ == "__main__":
    main()
