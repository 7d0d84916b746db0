"""Regressions found in review: a mistyped year in the time received is refused at the field; a
requester's words turned into a rectification item do not go on the public roadmap by default."""

import pytest
from django.core.exceptions import ValidationError

from hotline.models import ServiceRequest
from hotline.services import service_request_enter, service_request_to_rectification
from hotline.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_a_received_time_in_year_one_is_refused_at_the_field_instead_of_a_server_error(login, categories, registrar):
    response = login(registrar).post(
        "/hotline/new/",
        {
            "channel": "phone",
            "category": categories["help"].pk,
            "title": "科技特派员补助发放",
            "content": "科技特派员下乡服务补助何时发放？",
            "name": "赵六",
            "received_at": "0001-01-01T00:00",
        },
    )
    assert response.status_code == 400
    assert "received_at" in response.context["form"].errors
    assert "科技特派员下乡服务补助何时发放？" in response.content.decode()  # the typed text is kept
    assert not ServiceRequest.objects.exists()


def test_a_received_time_before_2000_is_refused_by_the_service(categories, registrar):
    with pytest.raises(ValidationError) as caught:
        service_request_enter(
            actor=registrar,
            channel="letter",
            category=categories["help"],
            title="来信",
            content="来信询问科技项目验收的有关事项。",
            name="赵六",
            received_at=at(1999, 12, 31),
            now=at(2026, 11, 2),
        )
    assert "received_at" in caught.value.message_dict


def test_a_rectification_item_made_from_a_request_is_kept_off_the_public_roadmap(replied, officer):
    item, created = service_request_to_rectification(actor=officer, request=replied)
    assert created and replied.content in item.problem
    assert item.is_public is False  # the office ticks "shown on the public roadmap" once it has checked the text


def test_a_double_click_on_record_the_request_records_one_request(login, registrar, categories, office):
    import re

    signed_in = login(registrar)
    key = re.search(r'name="submit_key" value="([^"]+)"', signed_in.get("/hotline/new/").content.decode()).group(1)
    form = {
        "submit_key": key,
        "channel": "phone",
        "category": categories["help"].pk,
        "title": "科技特派员补助发放",
        "content": "科技特派员下乡服务补助何时发放？",
        "name": "赵六",
        "office": office.pk,
    }
    first, second = signed_in.post("/hotline/new/", form), signed_in.post("/hotline/new/", form)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert ServiceRequest.objects.count() == 1
    assert ServiceRequest.objects.get().office == office  # assigned once, not reassigned by the second send
