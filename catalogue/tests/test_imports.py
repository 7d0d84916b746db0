"""Excel import and export of the catalogue: every bad row reported, nothing from a bad file,
and an exported file imports back."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from catalogue.imports import ITEM_IMPORT
from catalogue.models import ServiceItem, VisitLevel
from catalogue.services import service_item_create
from catalogue.tests.conftest import item_data
from core.excel import parse_workbook

pytestmark = pytest.mark.django_db


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(ITEM_IMPORT.headers())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(**changes) -> list:
    values = {
        "code": "KJ-XK-101",
        "name": "实验动物使用许可证核发",
        "category": "行政许可",
        "office": "高新技术处",
        "audience": "使用实验动物的单位",
        "legal_basis": "《实验动物管理条例》\n《实验动物许可证管理办法（试行）》",
        "conditions": "",
        "procedure": "申请\n受理\n现场评审\n决定",
        "legal": "20",
        "promised": "15",
        "fee": "不收费",
        "fee_basis": "",
        "url": "/portal/guide/",
        "address": "省政务服务中心科技厅窗口",
        "hours": "工作日 9:00-17:00",
        "phone": "0571-87054001",
        "level": "最多跑一次",
        "reason": "",
        "materials": "申请书|原件|1|必要|\n营业执照|复印件|1|必要|加盖公章",
    } | changes
    return list(values.values())


def upload(client, data: bytes):
    return client.post("/imports/catalogue_items/", {"file": SimpleUploadedFile("目录.xlsx", data)})


def test_a_good_file_is_previewed_then_imported_as_drafts_with_materials(login, officer, office):
    client = login(officer)
    response = upload(client, workbook([row(), row(code="KJ-XK-102", name="实验动物生产许可证核发")]))
    assert response.status_code == 200 and response.context["batch"] is not None
    batch = response.context["batch"]
    client.post(f"/imports/catalogue_items/{batch.pk}/confirm/")
    item = ServiceItem.objects.get(code="KJ-XK-101")
    assert item.status == "draft" and item.visit_level == VisitLevel.ONCE and item.legal_limit_days == 20
    assert list(item.materials.values_list("name", "form", "notes")) == [
        ("申请书", "original", ""),
        ("营业执照", "copy", "加盖公章"),
    ]
    assert ServiceItem.objects.count() == 2


def test_every_bad_row_is_reported_and_nothing_is_imported(login, officer, office, other_office):
    data = workbook(
        [
            row(),
            row(code="KJ-XK-101"),  # twice in the file
            row(code="KJ-2", category="行政审批"),
            row(code="KJ-3", office="农村科技处"),  # another office
            row(code="KJ-4", promised="30"),  # longer than the legal limit
            row(code="KJ-5", url="javascript:alert(1)"),
            row(code="KJ-6", fee="若干"),
            row(code="KJ-7", materials="申请书|扫描件|1|必要"),
            row(code="KJ-8", level="需多次跑动"),  # no reason
            row(code="KJ-9", promised="²"),
        ]
    )
    result = parse_workbook(ITEM_IMPORT, data, actor=officer)
    bad_rows = sorted({error.row for error in result.errors})
    assert bad_rows == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    response = upload(login(officer), data)
    assert response.context["batch"] is None
    assert not ServiceItem.objects.exists()


def test_an_exported_catalogue_imports_back_as_an_update(login, officer, office, draft_item):
    client = login(officer)
    exported = client.get("/catalogue/export.xlsx").content
    sheet = load_workbook(io.BytesIO(exported)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][: len(ITEM_IMPORT.headers())] == ITEM_IMPORT.headers()
    rows[1][1] = "高新技术企业认定（2027年修订）"
    response = upload(client, workbook([[c if c is not None else "" for c in rows[1]][: len(ITEM_IMPORT.headers())]]))
    assert response.context["batch"] is not None, response.context["result"].errors
    client.post(f"/imports/catalogue_items/{response.context['batch'].pk}/confirm/")
    draft_item.refresh_from_db()
    assert draft_item.name == "高新技术企业认定（2027年修订）" and draft_item.version == 2
    assert list(draft_item.materials.values_list("name", flat=True)) == ["高新技术企业认定申请书"]


def test_an_item_of_another_office_cannot_be_overwritten_by_import(login, officer, other_officer, other_office):
    service_item_create(actor=other_officer, **item_data(other_office, code="KJ-XK-101"))
    result = parse_workbook(ITEM_IMPORT, workbook([row()]), actor=officer)
    assert [e.column for e in result.errors] == ["事项编码"]


def test_someone_without_an_office_cannot_open_the_import(login, make_user):
    from accounts.roles import Role

    leader = make_user("leader9", Role.LEADER)
    assert login(leader).get("/imports/catalogue_items/").status_code == 404
