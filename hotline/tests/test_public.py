"""The portal pages: filing with the human check and the rate limit, the private status link and
the one-time satisfaction link. Contact data never appears on them."""

import pytest
from django.core.cache import cache

from hotline.models import RatingLink, RequestStatus, ServiceRequest
from hotline.public_views import REQUESTS_PER_HOUR
from hotline.tests.conftest import public_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_a_member_of_the_public_files_a_request_and_follows_it_by_the_private_link(client, categories, general):
    response = client.post("/portal/hotline/", public_form_data(client))
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert response.url == f"/portal/hotline/{request.token}/?new=1"
    assert request.channel == "web" and request.status == RequestStatus.RECEIVED
    page = client.get(response.url).content.decode()
    assert request.number in page and "项目申报咨询" in page
    assert "13900001111" not in page and "lisi@" not in page and "李四" not in page


def test_the_form_is_in_chinese_and_names_the_time_limits(client, categories):
    page = client.get("/portal/hotline/").content.decode()
    assert "行风热线" in page and "3个工作日内答复" in page and 'name="captcha_1"' in page


def test_a_wrong_human_check_answer_is_refused_at_the_field(client, categories):
    data = public_form_data(client)
    data["captcha_1"] = str(int(data["captcha_1"]) + 1)
    response = client.post("/portal/hotline/", data)
    assert response.status_code == 400
    assert "captcha" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_bad_input_is_answered_at_the_fields_in_chinese(client, categories):
    response = client.post(
        "/portal/hotline/", public_form_data(client, title="", content="短", name="", phone="", email="")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"title", "content", "name"} <= set(errors)
    assert "这个字段是必须的" in str(errors["title"])


def test_a_request_without_any_contact_is_refused(client, categories):
    response = client.post("/portal/hotline/", public_form_data(client, phone="", email=""))
    assert response.status_code == 400
    assert "phone" in response.context["form"].errors


def test_filing_is_rate_limited_per_address(client, categories, general):
    for _n in range(REQUESTS_PER_HOUR):
        assert client.post("/portal/hotline/", public_form_data(client)).status_code == 302
    response = client.post("/portal/hotline/", public_form_data(client))
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert ServiceRequest.objects.count() == REQUESTS_PER_HOUR


def test_an_unknown_status_link_is_not_found(client, db):
    assert client.get("/portal/hotline/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/portal/hotline/rate/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_status_page_shows_the_reply_and_the_rating_link(client, replied, rating_token):
    page = client.get(f"/portal/hotline/{replied.token}/").content.decode()
    assert "高新技术企业认定的申报材料清单" in page and f"/portal/hotline/rate/{rating_token}/" in page
    assert "13812345678" not in page and "138****5678" not in page


def test_the_satisfaction_link_works_once(client, replied, rating_token):
    url = f"/portal/hotline/rate/{rating_token}/"
    assert 'name="rating"' in client.get(url).content.decode()
    first = client.post(url, {"rating": "satisfied", "comment": "谢谢"})
    assert first.status_code == 200 and first.context["state"] == "thanks"
    assert ServiceRequest.objects.get().status == RequestStatus.CLOSED
    second = client.post(url, {"rating": "unsatisfied", "comment": "再试一次看看"})
    assert second.status_code == 410 and second.context["state"] == "used"
    assert "已使用" in second.content.decode() or "used" in second.content.decode()
    assert ServiceRequest.objects.get().rating == "satisfied"
    assert client.get(url).context["state"] == "used"


def test_unsatisfied_through_the_link_reopens_the_request(client, replied, rating_token):
    url = f"/portal/hotline/rate/{rating_token}/"
    missing = client.post(url, {"rating": "unsatisfied", "comment": ""})
    assert missing.status_code == 400 and "comment" in missing.context["form"].errors
    response = client.post(url, {"rating": "unsatisfied", "comment": "问题没有解决，材料清单不全"})
    assert response.context["state"] == "thanks"
    request = ServiceRequest.objects.get()
    assert request.status == RequestStatus.REOPENED and request.round == 2
    assert RatingLink.objects.get(token=rating_token).used_at is not None


def test_a_bad_rating_value_is_answered_at_the_field(client, replied, rating_token):
    response = client.post(f"/portal/hotline/rate/{rating_token}/", {"rating": "excellent"})
    assert response.status_code == 400 and "rating" in response.context["form"].errors
