"""Benchmark: party building on the demo's seed-003 shape (76 organizations, 65 branches, ~1,500
members) with three years of dues history (~57,000 bills) and a year of meetings.

Times the party pages (median and p95 of REPEAT requests, query count, ratio to /healthz in the
same run) and the heavy operations once each: billing a month for every branch, the reminder
sweep over every member two days before the collection day (first run sends, second finds
nothing new), checking an Excel file of 1,000 dues payments, and the yearly disclosure of the whole tree.

    make bench-party  ->  bench/results/party.json
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_pages import measure, measure_signed_in, report, setup_django  # noqa: E402  (bench/ is the script's directory)
from benchlib import code_version  # noqa: E402

EXTRA_YEARS = 2  # of paid bills before the demo's year, so ledgers and arrears scan ~57,000 bills
IMPORT_ROWS = 1000


def build_data() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from party.dues import add_months
    from party.models import DuesBill

    first = DuesBill.objects.order_by("month").values_list("month", flat=True).first()
    template = list(DuesBill.objects.filter(month=first))
    history = []
    for k in range(1, EXTRA_YEARS * 12 + 1):
        month = add_months(first, -k)
        for bill in template:
            history.append(
                DuesBill(
                    member_id=bill.member_id,
                    organization_id=bill.organization_id,
                    month=month,
                    category=bill.category,
                    base=bill.base,
                    rate=bill.rate,
                    amount=bill.amount,
                    due_on=month.replace(day=bill.due_on.day),
                    status="paid",
                    paid_amount=bill.amount,
                    paid_on=month.replace(day=bill.due_on.day),
                    method="self",
                )
            )
    DuesBill.objects.bulk_create(history, batch_size=2000)
    from accounts.models import User
    from party.models import Meeting, PartyMember, PartyOrganization

    # In production every member signs in; the demo gives accounts to three. Give one to each
    # member so the reminder sweep reaches all of them.
    unlinked = list(PartyMember.objects.filter(user__isnull=True))
    users = User.objects.bulk_create(
        [User(username=f"pm{m.pk}", full_name=m.name, email=f"pm{m.pk}@example.test") for m in unlinked],
        batch_size=1000,
    )
    for member, user in zip(unlinked, users, strict=True):
        member.user = user
    PartyMember.objects.bulk_update(unlinked, ["user"], batch_size=1000)

    return {
        "party_organizations": PartyOrganization.objects.count(),
        "branches": PartyOrganization.objects.filter(kind="branch").count(),
        "members": PartyMember.objects.count(),
        "dues_bills": DuesBill.objects.count(),
        "meetings": Meeting.objects.count(),
    }


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return round((time.perf_counter() - start) * 1000, 1), value


def operations() -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from core.excel import parse_workbook, workbook_bytes
    from party.dues import add_months, first_of_month
    from party.imports import PAYMENT_IMPORT
    from party.models import BillStatus, DuesBill, PartyOrganization
    from party.reminders import reminders_send
    from party.services import bills_generate, disclosure

    admin = User.objects.get(username="party_admin")
    branches = list(PartyOrganization.objects.filter(kind="branch", is_active=True))
    next_month = add_months(first_of_month(timezone.localdate()), 1)
    figures = {}
    with CaptureQueriesContext(connection) as q:
        ms, results = timed(lambda: [bills_generate(actor=admin, organization=b, month=next_month) for b in branches])
    figures["bill next month, every branch"] = {
        "ms": ms,
        "bills": sum(r.created for r in results),
        "queries": len(q),
    }
    DuesBill.objects.filter(month=next_month).delete()  # keep the sweep's figures about this month

    # Two days before the demo branches' collection day (the 10th), inside the dues notice window.
    sweep_day = first_of_month(timezone.localdate()).replace(day=8)
    ms, sent = timed(lambda: reminders_send(today=sweep_day))
    figures["reminder sweep, first run"] = {"ms": ms, "sent": sent, "as_of": sweep_day.isoformat()}
    ms, sent = timed(lambda: reminders_send(today=sweep_day))
    figures["reminder sweep, nothing new"] = {"ms": ms, "sent": sent}

    unpaid = list(
        DuesBill.objects.filter(status=BillStatus.UNPAID).select_related("member", "organization")[:IMPORT_ROWS]
    )
    rows = [
        [
            b.organization.name,
            b.member.name,
            b.member.id_number,
            f"{b.month:%Y-%m}",
            str(b.amount),
            timezone.localdate().isoformat(),
            "",
        ]
        for b in unpaid
    ]
    data = workbook_bytes(PAYMENT_IMPORT.headers(), rows)
    with CaptureQueriesContext(connection) as q:
        ms, result = timed(lambda: parse_workbook(PAYMENT_IMPORT, data, actor=admin))
    figures["check a dues payment file"] = {
        "ms": ms,
        "rows": len(rows),
        "bad_rows": len({e.row for e in result.errors}),
        "queries_per_row": round(len(q) / max(1, len(rows)), 1),
    }

    top = PartyOrganization.objects.filter(parent__isnull=True).first()
    with CaptureQueriesContext(connection) as q:
        ms, report = timed(lambda: disclosure(top, timezone.localdate().year))
    figures["yearly disclosure, whole tree"] = {"ms": ms, "rows": len(report["rows"]), "queries": len(q)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "party.json"))
    args = parser.parse_args()
    version = code_version()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client

        from party.demo import DEMO_BRANCH
        from party.models import PartyOrganization

        started = time.perf_counter()
        sizes = build_data()
        seed_seconds = round(time.perf_counter() - started, 1)
        branch = PartyOrganization.objects.get(name=DEMO_BRANCH)
        top = PartyOrganization.objects.filter(kind="organ_committee").first()
        committee = branch.parent
        pages = {"healthz (baseline)": measure(Client(), "/healthz")}
        paths = {
            "party_admin": [
                "/",
                "/party/",
                "/party/compliance/",
                f"/party/orgs/{top.pk}/disclosure/",
                f"/party/orgs/{committee.pk}/remittances/",
                "/party/contact-points/",
            ],
            "party_secretary": [
                f"/party/orgs/{branch.pk}/",
                f"/party/orgs/{branch.pk}/dues/",
                f"/party/orgs/{branch.pk}/meetings/",
                f"/party/orgs/{branch.pk}/posts/",
            ],
            "party_member": ["/party/dues/mine/", "/party/meetings/mine/"],
        }
        measure_signed_in(paths, pages)
        ops = operations()
    report(
        args.out,
        benchmark="party",
        code=version,
        data=sizes,
        seed_seconds=seed_seconds,
        pages=pages,
        operations=ops,
    )


if __name__ == "__main__":
    main()
