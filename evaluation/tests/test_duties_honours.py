"""Duty lists with progress and evidence; honours with their basis and the suggested candidates."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import EditConflict
from evaluation.duties import duty_list_create, duty_progress
from evaluation.honours import candidates, honour_award
from evaluation.models import DutyItem, Honour
from party.tests.conftest import post_holder

pytestmark = pytest.mark.django_db


def test_duties_with_progress_and_evidence(tree, members, secretary, other_secretary):
    duty_list = duty_list_create(
        actor=secretary,
        organization=tree["branch"],
        year=2026,
        role="committee_member",
        holder=members[0],
        items=["负责党员教育管理", "", "每季度讲一次党课"],
    )
    first, second = DutyItem.objects.filter(duty_list=duty_list)
    assert duty_list.items.count() == 2
    with pytest.raises(ValidationError) as no_evidence:
        duty_progress(actor=members[0].user, item=first, progress=50, evidence="", version=1)
    assert "evidence" in no_evidence.value.message_dict
    duty_progress(actor=members[0].user, item=first, progress=50, evidence="已开展专题学习2次（支部记录）", version=1)
    with pytest.raises(EditConflict):
        duty_progress(actor=secretary, item=first, progress=60, evidence="另一窗口", version=1)
    with pytest.raises(PermissionDenied):
        duty_progress(actor=other_secretary, item=second, progress=10, evidence="越权", version=1)
    with pytest.raises(PermissionDenied):
        duty_list_create(
            actor=other_secretary,
            organization=tree["branch"],
            year=2026,
            role="secretary",
            holder=members[1],
            items=["x"],
        )
    with pytest.raises(ValidationError):
        duty_list_create(
            actor=secretary,
            organization=tree["branch"],
            year=2026,
            role="committee_member",
            holder=members[0],
            items=["重复"],
        )


def test_honours_rest_on_a_basis_and_stay_in_the_tree(tree, members, make_user, other_secretary):
    organ = post_holder(make_user, "organsec", tree["organ"], home=tree["organ"])
    with pytest.raises(ValidationError) as refused:
        honour_award(
            actor=organ, awarded_by=tree["organ"], year=2026, kind="member", source="study", reason="", document=""
        )
    assert set(refused.value.message_dict) == {"member", "reason", "document"}
    honour_award(
        actor=organ,
        awarded_by=tree["organ"],
        year=2026,
        kind="member",
        source="evaluation",
        reason="带领团队攻克关键技术，民主评议为优秀。",
        document="科院直党〔2026〕8号",
        member=members[0],
    )
    honour_award(
        actor=organ,
        awarded_by=tree["organ"],
        year=2026,
        kind="organization",
        source="review",
        reason="述职评议为好。",
        document="科院直党〔2026〕8号",
        organization=tree["branch"],
    )
    assert Honour.objects.count() == 2
    with pytest.raises(PermissionDenied):  # the branch secretary of another branch cannot award
        honour_award(
            actor=other_secretary,
            awarded_by=tree["organ"],
            year=2026,
            kind="member",
            source="other",
            reason="x",
            document="y",
            member=members[0],
        )
    assert set(candidates(2026, [tree["branch"].pk])) == {"reviewed", "excellent", "studious"}


def test_duty_and_honour_pages(tree, members, secretary, make_user, login):
    client = login(secretary)
    bad = client.post(f"/evaluation/duties/new/{tree['branch'].pk}/", {"role": "secretary", "holder": "", "items": ""})
    assert bad.status_code == 400
    client.post(
        f"/evaluation/duties/new/{tree['branch'].pk}/",
        {"role": "committee_member", "holder": members[0].pk, "items": "负责组织生活\n负责党费收缴"},
    )
    assert members[0].name in login(members[0].user).get("/evaluation/duties/").content.decode()
    duty = DutyItem.objects.first()
    member_client = login(members[0].user)
    assert member_client.get(f"/evaluation/duties/{duty.duty_list_id}/").status_code == 200
    assert login(members[1].user).get(f"/evaluation/duties/{duty.duty_list_id}/").status_code == 404
    member_client.post(
        f"/evaluation/duties/{duty.duty_list_id}/",
        {"item": duty.pk, "progress": "40", "evidence": "已完成", "version": "1"},
    )
    duty.refresh_from_db()
    assert duty.progress == 40
    organ = post_holder(make_user, "organsec", tree["organ"], home=tree["organ"])
    page = login(organ).get("/evaluation/honours/").content.decode()
    assert 'name="kind"' in page
    assert 'name="kind"' not in login(secretary).get("/evaluation/honours/").content.decode()  # a branch does not award
