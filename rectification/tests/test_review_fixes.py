"""Defects found by the second reader, each pinned by a test."""

import pytest

from rectification.models import RectificationItem

pytestmark = pytest.mark.django_db


def test_a_double_click_on_enter_in_the_ledger_makes_one_item(login, supervisor):
    boss = login(supervisor)
    page = boss.get("/rectification/new/")
    key = page.context["form"].initial["submit_key"]
    assert f'value="{key}"' in page.content.decode()
    post = {"source": "inspection", "problem": "项目验收材料要求重复提交", "is_public": "on", "submit_key": key}
    first = boss.post("/rectification/new/", post)
    second = boss.post("/rectification/new/", post)
    assert first.status_code == second.status_code == 302
    assert RectificationItem.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_two_forms_opened_separately_make_two_items(login, supervisor):
    boss = login(supervisor)
    for problem in ("问题一：材料重复提交", "问题二：办理时限过长"):
        key = boss.get("/rectification/new/").context["form"].initial["submit_key"]
        post = {"source": "inspection", "problem": problem, "submit_key": key}
        assert boss.post("/rectification/new/", post).status_code == 302
    assert RectificationItem.objects.count() == 2


def test_an_item_made_from_a_service_request_is_not_published_with_the_requesters_text(
    client, supervisor, office, officer
):
    from datetime import timedelta

    from django.utils import timezone

    from rectification.services import rectification_item_create, rectification_item_update

    text = "高企认定咨询无人答复：我是张三，电话13812345678，住西湖区文三路1号"
    item, _created = rectification_item_create(
        actor=supervisor, source="service_request", source_key="hotline.servicerequest:1", problem=text, office=office
    )
    assert item.is_public is False
    done = rectification_item_update(
        actor=officer,
        item=item,
        version=item.version,
        problem=text,
        goal="五个工作日内答复",
        deadline=timezone.localdate() + timedelta(days=30),
        measures="建立咨询台账",
        office=office,
        responsible=officer,
        commitment="限时答复",
        is_public=item.is_public,  # the edit form shows the stored choice
        internal_note="",
    )
    assert done.status == "in_progress"
    assert "13812345678" not in client.get("/portal/rectification/").content.decode()


def test_items_from_other_sources_are_still_public_by_default(supervisor, office):
    from rectification.services import rectification_item_create

    item, _created = rectification_item_create(
        actor=supervisor, source="survey", problem="政策宣传不到位", office=office
    )
    assert item.is_public is True
