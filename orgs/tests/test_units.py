"""Units: who sees and edits them, the information sheet PDF, credit code validation."""

import subprocess

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from core.validators import validate_credit_code
from orgs.services import regions_load, unit_create

pytestmark = pytest.mark.django_db


def test_credit_code_check_character_is_verified():
    validate_credit_code("91330106MA2B00000U")
    with pytest.raises(ValidationError):
        validate_credit_code("91330106MA2B00000X")
    with pytest.raises(ValidationError):
        validate_credit_code("9133010")


def test_regions_load_gives_all_provinces_and_all_of_zhejiang():
    from orgs.models import Region

    regions_load()
    assert Region.objects.filter(level="province").count() == 34
    assert Region.objects.filter(parent_id="330000").count() == 11
    assert Region.objects.filter(parent__parent_id="330000").count() == 90
    assert Region.objects.get(code="330106").full_name == "浙江省杭州市西湖区"
    assert regions_load() == Region.objects.count()  # idempotent


def test_unit_gets_the_recommender_of_its_region(regions, recommender_org):
    unit = unit_create(
        actor=None,
        name="杭州示例科技有限公司",
        credit_code="91330106MA2B00000U",
        unit_type="enterprise",
        region=regions["xh"],
    )
    assert unit.recommender == recommender_org
    assert AuditEvent.objects.filter(action="unit.create", target_id=str(unit.pk)).exists()


def test_duplicate_credit_code_is_refused(unit):
    with pytest.raises(ValidationError):
        unit_create(actor=None, name="重复", credit_code=unit.credit_code, unit_type="enterprise", region=unit.region)


def test_unit_admin_edits_own_unit_but_not_another(unit, other_unit, unit_admin, login):
    client = login(unit_admin)
    response = client.post(
        f"/orgs/units/{unit.pk}/",
        {"address": "杭州市西湖区留和路318号", "contact_name": "张老师", "contact_phone": "0571-85070000"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.address == "杭州市西湖区留和路318号"
    assert AuditEvent.objects.filter(action="unit.update").exists()
    assert client.get(f"/orgs/units/{other_unit.pk}/").status_code == 404


def test_applicant_sees_own_unit_read_only(unit, applicant, login):
    client = login(applicant)
    page = client.get(f"/orgs/units/{unit.pk}/").content.decode()
    assert unit.name in page and 'name="contact_name"' not in page
    client.post(f"/orgs/units/{unit.pk}/", {"address": "改不了"})
    unit.refresh_from_db()
    assert unit.address != "改不了"


def test_units_list_is_for_staff_only(unit, officer, applicant, login):
    assert unit.name in login(officer).get("/orgs/units/").content.decode()
    assert login(applicant).get("/orgs/units/").status_code == 403


def test_units_list_query_count_is_constant(officer, login, regions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from orgs.models import Unit

    client = login(officer)
    client.get("/orgs/units/")
    counts = []
    for batch in range(2):
        Unit.objects.bulk_create(
            Unit(name=f"单位{batch}-{i}", credit_code=f"{batch}{i:017d}", unit_type="enterprise", region=regions["xh"])
            for i in range(15)
        )
        with CaptureQueriesContext(connection) as queries:
            client.get("/orgs/units/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def poppler(tool: str, pdf: bytes, tmp_path) -> str:
    """Read a PDF back with poppler (installed by `make test`)."""
    path = tmp_path / f"{tool}.pdf"
    path.write_bytes(pdf)
    args = [tool, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_information_sheet_pdf_renders_chinese_with_a_stamp_area(unit, unit_admin, login, tmp_path):
    response = login(unit_admin).get(f"/orgs/units/{unit.pk}/sheet.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "CJK" in poppler("pdffonts", response.content, tmp_path)
    text = poppler("pdftotext", response.content, tmp_path)
    assert "单位信息确认表" in text and unit.name in text and "盖章" in text
    assert AuditEvent.objects.filter(action="unit.sheet_download").exists()


def test_information_sheet_metadata_can_be_cleared(unit, unit_admin, login, tmp_path):
    client = login(unit_admin)
    with_meta = poppler("pdfinfo", client.get(f"/orgs/units/{unit.pk}/sheet.pdf").content, tmp_path)
    cleared = poppler("pdfinfo", client.get(f"/orgs/units/{unit.pk}/sheet.pdf?clean=1").content, tmp_path)
    assert "单位信息确认表" in with_meta and "Author:" in with_meta and "CreationDate:" in with_meta
    assert "Title:" not in cleared and "Author:" not in cleared and "CreationDate:" not in cleared


def test_system_admin_adds_offices_and_recommenders(sysadmin, login, regions):
    from orgs.models import Office, Recommender

    client = login(sysadmin)
    client.post(
        "/orgs/offices/", {"office-name": "资源配置与管理处", "office-code": "resources", "office-sort_order": 3}
    )
    client.post("/orgs/offices/", {"rec-name": "宁波市科学技术局", "rec-kind": "city_bureau", "rec-region": "330200"})
    assert Office.objects.filter(code="resources").exists()
    assert Recommender.objects.get(name="宁波市科学技术局").region_id == "330200"
    assert AuditEvent.objects.filter(action__in=["office.create", "recommender.create"]).count() == 2
    page = client.post(
        "/orgs/offices/", {"office-name": "资源配置与管理处", "office-code": "x", "office-sort_order": 0}
    )
    assert 'id="id_office-name_error"' in page.content.decode()


def test_officer_reads_offices_but_cannot_add(officer, login):
    client = login(officer)
    assert client.get("/orgs/offices/").status_code == 200
    assert (
        client.post("/orgs/offices/", {"office-name": "x", "office-code": "x", "office-sort_order": 0}).status_code
        == 403
    )


def test_staff_export_the_filtered_unit_list(unit, other_unit, officer, login):
    import io

    from openpyxl import load_workbook

    response = login(officer).get("/orgs/units/export.xlsx", {"q": "宁波"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "单位名称" and len(rows) == 2 and rows[1][0] == other_unit.name
    assert AuditEvent.objects.filter(action="unit.export").exists()


def test_applicants_cannot_export_units(applicant, login):
    assert login(applicant).get("/orgs/units/export.xlsx").status_code == 403
