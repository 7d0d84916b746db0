"""The ledger list: filters by status, source, office, overdue and year; the Excel export with
the four clarities; manual entry by a supervisor with bad input at the field."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from rectification.models import RectificationItem, RectificationSource
from rectification.services import rectification_item_create
from rectification.tests.conftest import clarities

pytestmark = pytest.mark.django_db


@pytest.fixture
def several(supervisor, office, officer, other_office, stranger):
    today = timezone.localdate()
    late, _ = rectification_item_create(
        actor=supervisor,
        **clarities(office, officer, problem="科技项目经费拨付周期长", deadline=today + timedelta(days=1)),
    )
    RectificationItem.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=2))
    hotline, _ = rectification_item_create(
        actor=supervisor,
        **clarities(
            other_office, stranger, problem="行风热线反映办事指南更新滞后", source=RectificationSource.SERVICE_REQUEST
        ),
    )
    draft, _ = rectification_item_create(
        actor=supervisor, source=RectificationSource.ORGANIZATION_LIFE, problem="组织生活会查摆：调查研究不够深入"
    )
    return {"late": late, "hotline": hotline, "draft": draft}


def numbers(response) -> set[str]:
    return {n for n in RectificationItem.objects.values_list("number", flat=True) if n in response.content.decode()}


def test_the_filters_narrow_the_ledger(login, supervisor, several, office):
    boss = login(supervisor)
    n = {key: item.number for key, item in several.items()}
    assert numbers(boss.get("/rectification/")) == set(n.values())
    assert numbers(boss.get("/rectification/?status=draft")) == {n["draft"]}
    assert numbers(boss.get("/rectification/?source=service_request")) == {n["hotline"]}
    assert numbers(boss.get(f"/rectification/?office={office.pk}")) == {n["late"]}
    assert numbers(boss.get("/rectification/?overdue=1")) == {n["late"]}
    assert numbers(boss.get(f"/rectification/?year={timezone.localdate().year}")) == set(n.values())
    assert numbers(boss.get("/rectification/?year=2001")) == set()


def test_garbage_filters_are_ignored(login, supervisor, several):
    response = login(supervisor).get("/rectification/?status=x&source=%00&office=²&year=abc&page=zz")
    assert response.status_code == 200 and len(numbers(response)) == 3


def test_an_officer_sees_the_items_of_their_office_only(login, officer, several):
    assert numbers(login(officer).get("/rectification/")) == {several["late"].number}


def test_the_export_carries_the_four_clarities_as_filtered(login, supervisor, several, office):
    response = login(supervisor).get(f"/rectification/export/?office={office.pk}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row[rows[0][0]] == several["late"].number
    values = set(rows[1])
    assert {"科技项目经费拨付周期长", "专家库按季度更新，各领域入库专家不少于30人", office.name} <= values
    assert "我处承诺于期限内完成专家库更新并向社会公开结果" in values


def test_a_supervisor_enters_an_item_with_bad_input_answered_at_the_field(login, supervisor, office, stranger):
    boss = login(supervisor)
    response = boss.post("/rectification/new/", {"source": "inspection", "problem": ""})
    assert response.status_code == 400 and 'id="id_problem_error"' in response.content.decode()
    response = boss.post(
        "/rectification/new/",
        {"source": "inspection", "problem": "问题", "office": office.pk, "responsible": stranger.pk},
    )
    assert response.status_code == 400 and 'id="id_responsible_error"' in response.content.decode()
    response = boss.post("/rectification/new/", {"source": "nonsense", "problem": "问题"})
    assert response.status_code == 400 and 'id="id_source_error"' in response.content.decode()
    assert RectificationItem.objects.count() == 0


def test_an_item_entered_with_everything_starts_under_rectification(login, supervisor, office, officer):
    values = clarities(office, officer)
    post = values | {"office": office.pk, "responsible": officer.pk, "deadline": values["deadline"].isoformat()}
    post |= {"is_public": "on"}
    assert login(supervisor).post("/rectification/new/", post).status_code == 302
    item = RectificationItem.objects.get()
    assert item.status == "in_progress" and item.started_on == timezone.localdate()
