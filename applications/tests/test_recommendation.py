"""Recommenders recommend their region's endorsed applications within the call's quota."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from applications.duplicates import duplicate_check
from applications.models import ApplicationStatus
from applications.services import application_decide, application_save, application_start, application_submit
from applications.tests.conftest import PDF
from attachments.services import attachment_store
from plans.services import quota_set

pytestmark = pytest.mark.django_db
TEXT = "面向高端数控机床核心部件研究热误差建模与补偿方法，开发在线监测系统并示范应用。" * 4


def endorsed(call, pi, unit_admin, title: str):
    application = application_start(actor=pi, call=call, title=title, topic=call.topics.first())
    application_save(
        actor=pi,
        application=application,
        version=application.version,
        abstract=TEXT,
        objectives=TEXT,
        keywords="数控、热误差、补偿",
        discipline_codes="460.45",
        start_date="2027-01-01",
        end_date="2028-12-31",
        indicators=[{"name": "专利", "target": "3项"}],
        budget={"business": {"grant": "100", "matching": "0"}},
    )
    attachment_store(actor=pi, owner=application, upload=SimpleUploadedFile("c.pdf", PDF), kind="commitment")
    application_submit(actor=pi, application=application, key=f"key-{title}")
    duplicate_check(application)  # queued on commit in real use; the test transaction never commits
    return application_decide(actor=unit_admin, application=application, name="endorse")


@pytest.fixture
def region_recommender(unit, recommender_org, make_user):
    unit.recommender = recommender_org
    unit.save(update_fields=["recommender"])
    return make_user("rec1", Role.RECOMMENDER, recommender=recommender_org)


def test_recommender_recommends_within_quota_and_is_refused_beyond_it(
    open_call, applicant, unit_admin, region_recommender, recommender_org, officer, make_user, unit, login
):
    quota_set(actor=officer, call=open_call, recommender=recommender_org, quota=1)
    first = endorsed(open_call, applicant, unit_admin, "项目一")
    second_pi = make_user("pi2", Role.APPLICANT, unit=unit)
    second = endorsed(open_call, second_pi, unit_admin, "项目二")
    client = login(region_recommender)
    queue = client.get("/applications/recommendations/").content.decode()
    assert "已推荐0项，限额1项" in queue and second.title in queue
    client.post(f"/applications/{first.pk}/decide/", {"decision": "recommend"})
    first.refresh_from_db()
    assert first.status == ApplicationStatus.RECOMMENDED
    page = client.post(f"/applications/{second.pk}/decide/", {"decision": "recommend"}, follow=True).content.decode()
    second.refresh_from_db()
    assert second.status == ApplicationStatus.UNIT_ENDORSED and "限额" in page


def test_recommender_returns_with_a_reason(open_call, applicant, unit_admin, region_recommender):
    application = endorsed(open_call, applicant, unit_admin, "项目三")
    with pytest.raises(ValidationError):
        application_decide(actor=region_recommender, application=application, name="recommender_return", reason="")
    done = application_decide(
        actor=region_recommender, application=application, name="recommender_return", reason="请补充合作协议"
    )
    assert done.status == ApplicationStatus.RETURNED and done.return_reason == "请补充合作协议"


def test_recommender_of_another_region_cannot_see_or_decide(
    open_call, applicant, unit_admin, region_recommender, make_user, regions, login
):
    from orgs.models import Recommender

    application = endorsed(open_call, applicant, unit_admin, "项目四")
    other = Recommender.objects.create(name="宁波市科学技术局", kind="city_bureau", region=regions["nb"])
    stranger = make_user("rec-nb", Role.RECOMMENDER, recommender=other)
    client = login(stranger)
    assert client.get(f"/applications/{application.pk}/").status_code == 404
    assert client.post(f"/applications/{application.pk}/decide/", {"decision": "recommend"}).status_code == 404


def test_direct_calls_skip_the_recommender(open_call, applicant, unit_admin, region_recommender):
    type(open_call).objects.filter(pk=open_call.pk).update(recommendation_path="direct")
    open_call.refresh_from_db()
    application = endorsed(open_call, applicant, unit_admin, "项目五")
    with pytest.raises(ValidationError):
        application_decide(actor=region_recommender, application=application, name="recommend")


def test_recommender_sees_nothing_before_the_unit_endorses(open_call, applicant, region_recommender, login):
    application = application_start(actor=applicant, call=open_call, title="未审核")
    assert login(region_recommender).get(f"/applications/{application.pk}/").status_code == 404
