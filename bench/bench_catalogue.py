"""Benchmark: the service catalogue 办事指南 on the demo data (18 power items, 10 public services,
one withdrawn item) plus EXTRA_ITEMS published items of six materials each, as a county-level
catalogue merged into the province's would be.

Pages: median and p95 of REPEAT requests, query counts, ratio to /healthz in the same run.
Operations, once each: the PDF guide of one item, the Excel export of the whole catalogue, the
import of an IMPORT_ROWS-row workbook (check, preview and confirm), and publishing an item.

    .venv/bin/python bench/bench_catalogue.py --out bench/results/catalogue.json
"""

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_pages import measure, measure_signed_in, report, setup_django  # noqa: E402  (bench/ is the script's directory)
from benchlib import code_version  # noqa: E402

EXTRA_ITEMS = 2000
MATERIALS_PER_ITEM = 6
IMPORT_ROWS = 200
PDF_REPEAT = 5


def core_only_seed() -> None:
    """When another module's demo fails mid-edit: only the offices and officers the catalogue needs."""
    from django.contrib.auth.hashers import make_password

    from accounts.roles import Role
    from accounts.services import role_grant, user_create
    from catalogue.demo import seed_catalogue
    from core.demo.seed import OFFICES
    from orgs.models import Office
    from orgs.services import office_create

    for order, (name, code) in enumerate(OFFICES, start=1):
        office = Office.objects.filter(code=code).first() or office_create(
            actor=None, name=name, code=code, sort_order=order
        )
        user, _created = user_create(
            actor=None, username=f"off_{code}1", full_name=f"{name}干部", password_hash=make_password(None)
        )
        role_grant(actor=None, user=user, role=Role.OFFICER, office=office)
    for role, name in ((Role.LEADER, "leader1"), (Role.SUPERVISOR, "supervisor1")):
        user, _created = user_create(actor=None, username=name, full_name=name, password_hash=make_password(None))
        role_grant(actor=None, user=user, role=role)
    seed_catalogue()


def build_data() -> dict:
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    try:
        call_command("seed_demo", verbosity=0)
        full_demo = True
    except Exception as exc:  # another module's seeder may be mid-edit
        print(f"seed_demo failed ({exc!r}); seeding the catalogue alone", file=sys.stderr)
        with transaction.atomic():
            core_only_seed()
        full_demo = False
    from catalogue.models import ServiceItem, ServiceMaterial

    demo_items = ServiceItem.objects.count()
    add_items()
    return {
        "full_demo": full_demo,
        "demo_items": demo_items,
        "service_items": ServiceItem.objects.count(),
        "published_items": ServiceItem.objects.filter(status="published").count(),
        "materials": ServiceMaterial.objects.count(),
    }


def add_items() -> None:
    """EXTRA_ITEMS published items, bulk-created (their shape as the demo's)."""
    from django.utils import timezone

    from accounts.models import User
    from catalogue.models import ItemKind, PowerClass, ServiceItem, ServiceMaterial, VisitLevel
    from orgs.models import Office

    offices = list(Office.objects.all())
    author = User.objects.get(username="off_policy1")
    classes = PowerClass.values
    levels = VisitLevel.values
    now = timezone.now()
    items = ServiceItem.objects.bulk_create(
        (
            ServiceItem(
                code=f"BENCH-{n:05d}",
                name=f"基准测试事项{n:05d}（{['认定', '许可', '登记', '备案'][n % 4]}）",
                kind=ItemKind.POWER if n % 3 else ItemKind.PUBLIC_SERVICE,
                power_class=classes[n % len(classes)] if n % 3 else "",
                office=offices[n % len(offices)],
                audience="本省企业和事业单位",
                legal_basis="《中华人民共和国科学技术进步法》\n《基准测试管理办法》",
                conditions="符合条件的单位",
                procedure="申请\n受理\n审查\n决定",
                legal_limit_days=20,
                promised_limit_days=10,
                online_url="/portal/",
                onsite_address="省政务服务中心",
                phone="0571-87050000",
                visit_level=levels[n % len(levels)],
                visit_reason="需现场核验" if levels[n % len(levels)] == VisitLevel.MORE else "",
                status="published",
                published_at=now,
                created_by=author,
            )
            for n in range(EXTRA_ITEMS)
        ),
        batch_size=500,
    )
    ServiceMaterial.objects.bulk_create(
        (
            ServiceMaterial(item=item, order=k, name=f"申请材料{k}", form="copy", copies=1, required=k < 3)
            for item in items
            for k in range(1, MATERIALS_PER_ITEM + 1)
        ),
        batch_size=2000,
    )


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return round((time.perf_counter() - start) * 1000, 1), value


def operations() -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from openpyxl import load_workbook

    from accounts.models import User
    from catalogue.imports import ITEM_IMPORT
    from catalogue.models import ServiceItem
    from catalogue.services import item_fields, material_add, service_item_create, service_item_publish
    from core.excel import workbook_bytes
    from core.imports import import_confirm, import_preview

    figures = {}
    client = Client()
    item = ServiceItem.objects.filter(status="published", code__startswith="330000-").first()
    times = []
    for _ in range(PDF_REPEAT):
        ms, response = timed(lambda: client.get(f"/portal/guide/{item.pk}/guide.pdf"))
        assert response.status_code == 200
        times.append(ms)
    figures["guide PDF of one item"] = {"median_ms": sorted(times)[len(times) // 2], "bytes": len(response.content)}

    manager = User.objects.get(username="off_policy1")
    staff = Client()
    staff.force_login(manager)
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, response = timed(lambda: staff.get("/catalogue/export.xlsx"))
    assert response.status_code == 200
    figures["Excel export of the whole catalogue"] = {
        "ms": ms,
        "rows": ServiceItem.objects.count(),
        "queries": len(q),
        "bytes": len(response.content),
    }

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    template = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if str(r[0]).startswith("BENCH-"))
    width = len(ITEM_IMPORT.headers())
    rows = []
    for n in range(IMPORT_ROWS):
        row = ["" if v is None else v for v in template[:width]]
        row[0], row[1] = f"IMPORT-{n:04d}", f"导入测试事项{n:04d}"
        rows.append(row)
    data = workbook_bytes(ITEM_IMPORT.headers(), rows)
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms_check, (result, batch) = timed(
            lambda: import_preview(actor=manager, spec=ITEM_IMPORT, file_name="bench.xlsx", data=data)
        )
    assert batch is not None, result.errors[:5]
    check_queries = len(q)
    ms_save, count = timed(lambda: import_confirm(actor=manager, spec=ITEM_IMPORT, batch=batch))
    figures["import of a catalogue workbook"] = {
        "rows": count,
        "check_ms": ms_check,
        "check_queries": check_queries,
        "confirm_ms": ms_save,
        "ms_per_row": round((ms_check + ms_save) / max(1, count), 1),
    }

    draft = service_item_create(actor=manager, **item_fields(item) | {"code": "BENCH-PUB-1"})
    material_add(actor=manager, item=draft, name="申请表", form="original", copies=1, required=True)
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, _item = timed(lambda: service_item_publish(actor=manager, item=draft))
    figures["publish an item (revision, audit, notifications)"] = {"ms": ms, "queries": len(q)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "catalogue.json"))
    args = parser.parse_args()
    version = code_version()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client

        from catalogue.models import ServiceItem

        started = time.perf_counter()
        sizes = build_data()
        seed_seconds = round(time.perf_counter() - started, 1)
        item = ServiceItem.objects.filter(status="published", code__startswith="330000-").first()
        anonymous = Client()
        pages = {"healthz (baseline)": measure(anonymous, "/healthz")}
        for path in (
            "/portal/guide/",
            "/portal/guide/?level=once",
            "/portal/guide/?kind=power&class=confirmation",
            "/portal/guide/?q=认定&page=3",
            f"/portal/guide/{item.pk}/",
        ):
            pages[f"anonymous {path}"] = measure(anonymous, path)
        paths = {
            "off_policy1": [
                "/catalogue/",
                "/catalogue/?status=published&q=认定&page=2",
                f"/catalogue/{item.pk}/",
                f"/catalogue/{item.pk}/edit/",
            ],
        }
        measure_signed_in(paths, pages)
        ops = operations()
    report(
        args.out,
        benchmark="catalogue",
        code=version,
        data=sizes,
        seed_seconds=seed_seconds,
        pages=pages,
        operations=ops,
    )


if __name__ == "__main__":
    main()
