"""Excel import: template, every bad row reported, nothing imported from a bad file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from audit.models import AuditEvent
from core.excel import workbook_bytes
from orgs.imports import UNIT_IMPORT
from orgs.models import Unit

pytestmark = pytest.mark.django_db

HEADERS = UNIT_IMPORT.headers()
GOOD = [
    [
        "杭州云栖智能科技有限公司",
        "91330106MA2B00000U",
        "企业",
        "330106",
        "杭州市西湖区云栖路1号",
        "王明",
        "0571-88880000",
    ],
    ["之江新材料研究院", "12330100470000013L", "科研院所", "330100", "", "", ""],
]


def xlsx(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("units.xlsx", workbook_bytes(HEADERS, rows))


def test_template_has_the_headers_and_an_example(sysadmin, login, regions):
    response = login(sysadmin).get("/imports/units/template/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.cell(2, 2).value == "91330106MA2B00000U"


def test_good_file_is_previewed_then_imported(sysadmin, login, regions):
    from stdnum.cn import uscc

    assert all(uscc.is_valid(row[1]) for row in GOOD)
    client = login(sysadmin)
    page = client.post("/imports/units/", {"file": xlsx(GOOD)}).content.decode()
    assert "杭州云栖智能科技有限公司" in page and 'data-testid="import-confirm"' in page
    assert not Unit.objects.exists()
    from core.models import ImportBatch

    batch = ImportBatch.objects.get()
    response = client.post(f"/imports/units/{batch.pk}/confirm/")
    assert 'data-testid="import-done"' in response.content.decode()
    assert Unit.objects.count() == 2
    assert AuditEvent.objects.filter(action="unit.create").count() == 2
    assert client.post(f"/imports/units/{batch.pk}/confirm/").status_code == 404  # no double import


def test_every_bad_row_is_reported_and_nothing_is_imported(sysadmin, login, regions):
    rows = [
        GOOD[0],
        ["", "91330106MA2B00000X", "企业", "330106", "", "", ""],
        ["某单位", "91330106MA2B00000U", "企业", "330106", "", "", ""],
        ["另一单位", "12330100470000013L", "外星机构", "999999", "", "", ""],
    ]
    page = login(sysadmin).post("/imports/units/", {"file": xlsx(rows)}).content.decode()
    assert 'data-testid="import-errors"' in page
    for expected in ("必填项", "统一社会信用代码", "重复", "999999"):
        assert expected in page, expected
    assert not Unit.objects.exists()


def test_row_numbers_and_columns_are_named(regions):
    from core.excel import parse_workbook

    result = parse_workbook(UNIT_IMPORT, workbook_bytes(HEADERS, [GOOD[0], ["x", "bad", "企业", "330106", "", "", ""]]))
    assert [(e.row, e.column) for e in result.errors] == [(3, "统一社会信用代码")]
    assert len(result.rows) == 1 and not result.ok


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(sysadmin, login, regions):
    page = login(sysadmin).post("/imports/units/", {"file": SimpleUploadedFile("u.xlsx", b"not excel")})
    assert "不是可读取的" in page.content.decode()


def test_wrong_headers_point_to_the_template(sysadmin, login, regions):
    bad = SimpleUploadedFile("u.xlsx", workbook_bytes(["名称", "代码"], [["a", "b"]]))
    assert "下载模板" in login(sysadmin).post("/imports/units/", {"file": bad}).content.decode()


def test_only_the_system_admin_may_import_units(officer, login):
    assert login(officer).get("/imports/units/").status_code == 404
