"""The expert keeps a profile; an officer approves it; the pool is for staff only."""

import pytest

from audit.models import AuditEvent
from experts.models import ExpertProfile, ProfileStatus
from notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("disciplines")]


def profile_post(regions, **overrides) -> dict:
    data = {
        "title": "教授",
        "unit_name": "之江理工大学",
        "region": regions["hz"].pk,
        "discipline_codes": "520.20、520.60",
        "keywords": "机器学习、知识图谱",
        "research_fields": "工业知识图谱构建与推理",
        "available": "on",
        "avoid-0-name": "李华",
        "avoid-0-unit": "宁波海洋材料研究院",
    }
    return data | overrides


def test_expert_saves_a_profile_that_waits_for_approval(expert, login, regions):
    response = login(expert).post("/experts/me/", profile_post(regions))
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=expert)
    assert profile.status == ProfileStatus.PENDING
    assert profile.discipline_codes == ["520.20", "520.60"]
    assert profile.avoid_people == [{"name": "李华", "unit": "宁波海洋材料研究院"}]
    assert AuditEvent.objects.filter(action="expert_profile.save").exists()


def test_unknown_discipline_code_is_named_at_the_field(expert, login, regions):
    page = login(expert).post("/experts/me/", profile_post(regions, discipline_codes="520.20 999.99")).content
    assert "999.99" in page.decode() and "未知" in page.decode()
    assert not ExpertProfile.objects.exists()


def test_unavailable_expert_must_say_until_when(expert, login, regions):
    data = profile_post(regions)
    del data["available"]
    page = login(expert).post("/experts/me/", data).content.decode()
    assert "何时" in page
    assert not ExpertProfile.objects.exists()


def test_second_tab_gets_a_conflict_instead_of_overwriting(expert, login, regions):
    client = login(expert)
    client.post("/experts/me/", profile_post(regions))
    version = ExpertProfile.objects.get().version
    client.post("/experts/me/", profile_post(regions, keywords="第一个窗口", version=version))
    page = client.post("/experts/me/", profile_post(regions, keywords="第二个窗口", version=version)).content.decode()
    assert "另一个窗口" in page
    assert ExpertProfile.objects.get().keywords == "第一个窗口"


def test_officer_approves_and_the_expert_is_told(expert, officer, login, regions):
    login(expert).post("/experts/me/", profile_post(regions))
    profile = ExpertProfile.objects.get()
    client = login(officer)
    assert "测试expert1" in client.get("/experts/?status=pending").content.decode()
    assert client.post(f"/experts/{profile.pk}/decide/", {"decision": "approve"}).status_code == 302
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.APPROVED and profile.approved_by == officer
    assert Notification.objects.filter(recipient=expert, title__contains="通过").exists()


def test_return_needs_a_reason_and_the_expert_sees_it(expert, officer, login, regions):
    expert_client = login(expert)
    expert_client.post("/experts/me/", profile_post(regions))
    profile = ExpertProfile.objects.get()
    client = login(officer)
    client.post(f"/experts/{profile.pk}/decide/", {"decision": "return"}, follow=True)
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.PENDING
    client.post(f"/experts/{profile.pk}/decide/", {"decision": "return", "reason": "请补充研究方向"})
    page = expert_client.get("/experts/me/").content.decode()
    assert "请补充研究方向" in page


def test_pool_filters_by_discipline(expert, officer, login, regions):
    login(expert).post("/experts/me/", profile_post(regions))
    client = login(officer)
    assert "测试expert1" in client.get("/experts/?discipline=520").content.decode()
    assert "测试expert1" not in client.get("/experts/?discipline=460").content.decode()


@pytest.mark.parametrize("persona", ["applicant", "expert", "unit_admin"])
def test_only_staff_see_the_pool(persona, request, login, regions):
    user = request.getfixturevalue(persona)
    assert login(user).get("/experts/").status_code == 403


def test_expert_cannot_approve_a_profile(expert, make_user, login, regions):
    client = login(expert)
    client.post("/experts/me/", profile_post(regions))
    profile = ExpertProfile.objects.get()
    assert client.post(f"/experts/{profile.pk}/decide/", {"decision": "approve"}).status_code == 403
    assert ExpertProfile.objects.get().status == ProfileStatus.PENDING


def test_missing_profile_is_404_for_officers(officer, login):
    assert login(officer).get("/experts/999999/").status_code == 404


def test_non_expert_has_no_profile_page(applicant, login):
    assert login(applicant).get("/experts/me/").status_code == 403


def test_pool_list_has_constant_queries(officer, login, regions, make_user, django_assert_max_num_queries):
    from experts.models import ExpertProfile

    for n in range(30):
        user = make_user(f"pool{n}")
        ExpertProfile.objects.create(
            user=user,
            title="研究员",
            unit_name="某研究所",
            region=regions["hz"],
            discipline_codes=["520.20"],
            keywords="k",
            research_fields="r",
            status=ProfileStatus.APPROVED,
        )
    client = login(officer)
    client.get("/experts/")
    with django_assert_max_num_queries(14):
        assert client.get("/experts/").status_code == 200


def test_pool_and_profile_show_integrity_status_and_review_history_per_round(
    officer, expert, login, regions, disciplines
):
    from django.utils import timezone

    from experts.models import ExpertProfile, ProfileStatus
    from integrity.services import integrity_record_create

    profile = ExpertProfile.objects.create(
        user=expert,
        title="教授",
        unit_name="之江理工大学",
        region=regions["hz"],
        discipline_codes=["520.20"],
        keywords="机器学习",
        research_fields="知识图谱",
        status=ProfileStatus.APPROVED,
    )
    integrity_record_create(
        actor=officer,
        person=expert,
        list_kind="yellow",
        restrictions=["review"],
        reason="评审意见雷同",
        starts_on=timezone.localdate(),
    )
    client = login(officer)
    assert "text-bg-warning" in client.get("/experts/").content.decode()
    page = client.get(f"/experts/{profile.pk}/").content.decode()
    assert "评审意见雷同" in page
