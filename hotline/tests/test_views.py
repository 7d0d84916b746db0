"""The staff pages: the whole path through the views, who may see what, bad input, conflicts."""

import pytest
from django.core.cache import cache

from audit.models import AuditEvent
from hotline.models import RatingLink, RequestStatus, ServiceRequest
from hotline.tests.conftest import REPLY, public_form_data

pytestmark = pytest.mark.django_db


def test_the_whole_path_through_the_views(client, login, categories, registrar, officer, office, leader):
    cache.clear()
    client.post("/portal/hotline/", public_form_data(client))
    request = ServiceRequest.objects.get()
    registrar_client = login(registrar)
    assert request.number in registrar_client.get("/hotline/").content.decode()
    response = registrar_client.post(
        f"/hotline/{request.pk}/assign/",
        {"office": office.pk, "category": request.category_id, "note": "请高新处答复", "version": request.version},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED and request.office == office
    officer_client = login(officer)
    page = officer_client.get(f"/hotline/{request.pk}/").content.decode()
    assert 'data-testid="reply-form"' in page
    response = officer_client.post(f"/hotline/{request.pk}/reply/", {"reply": REPLY, "version": request.version})
    assert response.status_code == 302
    link = RatingLink.objects.get(request=request)
    client.post(f"/portal/hotline/rate/{link.token}/", {"rating": "satisfied"})
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    report = login(leader).get("/hotline/report/").content.decode()
    assert 'data-testid="satisfaction-rate">100.0%' in report and 'data-testid="resolution-rate">100.0%' in report


def test_the_general_office_records_a_phone_call_and_assigns_it_at_once(login, categories, registrar, office):
    response = login(registrar).post(
        "/hotline/new/",
        {
            "channel": "phone",
            "category": categories["help"].pk,
            "title": "科技特派员补助发放",
            "content": "科技特派员下乡服务补助何时发放？",
            "name": "赵六",
            "phone": "0571-88888888",
            "office": office.pk,
        },
    )
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert request.channel == "phone" and request.status == RequestStatus.ASSIGNED and request.entered_by == registrar


def test_staff_entry_answers_bad_input_at_the_fields(login, categories, registrar):
    response = login(registrar).post("/hotline/new/", {"channel": "web", "category": categories["help"].pk})
    assert response.status_code == 400
    assert {"channel", "title", "content", "name"} <= set(response.context["form"].errors)


def test_anonymous_users_are_sent_to_sign_in(client, filed):
    for url in ("/hotline/", f"/hotline/{filed.pk}/", "/hotline/report/", "/hotline/new/", "/hotline/categories/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_people_without_a_staff_role_are_refused(login, outsider, applicant, filed):
    for user in (outsider, applicant):
        signed_in = login(user)
        assert signed_in.get("/hotline/").status_code == 403
        assert signed_in.get(f"/hotline/{filed.pk}/").status_code == 403
        assert signed_in.get("/hotline/report/").status_code == 403


def test_an_officer_of_another_office_cannot_open_or_act_on_the_request(login, assigned, other_officer):
    signed_in = login(other_officer)
    assert signed_in.get(f"/hotline/{assigned.pk}/").status_code == 404
    assert assigned.number not in signed_in.get("/hotline/").content.decode()
    response = signed_in.post(f"/hotline/{assigned.pk}/reply/", {"reply": REPLY, "version": assigned.version})
    assert response.status_code == 404
    assert signed_in.post(f"/hotline/{assigned.pk}/contact/").status_code == 404


def test_only_the_general_office_assigns_through_the_view(login, filed, officer, office):
    response = login(officer).post(f"/hotline/{filed.pk}/assign/", {"office": office.pk, "version": filed.version})
    assert response.status_code == 403


def test_leaders_and_supervisors_read_everything_with_contact_masked(login, assigned, leader, supervisor):
    for user in (leader, supervisor):
        signed_in = login(user)
        page = signed_in.get(f"/hotline/{assigned.pk}/").content.decode()
        assert assigned.title in page and "138****5678" in page and "13812345678" not in page
        assert "张*" in page and "张三" not in page
        assert "z***@example.test" in page and "reply-form" not in page and "reveal-contact" not in page
        assert signed_in.post(f"/hotline/{assigned.pk}/contact/").status_code == 404


def test_the_handling_office_reveals_the_contact_data_and_it_is_audited(login, assigned, officer):
    signed_in = login(officer)
    page = signed_in.get(f"/hotline/{assigned.pk}/").content.decode()
    assert "13812345678" not in page and "reveal-contact" in page
    revealed = signed_in.post(f"/hotline/{assigned.pk}/contact/").content.decode()
    assert "13812345678" in revealed and "zhang@example.test" in revealed
    assert AuditEvent.objects.filter(action="service_request.reveal_contact", target_id=str(assigned.pk)).count() == 1


def test_a_short_reply_is_answered_at_the_field_and_keeps_the_text(login, assigned, officer):
    response = login(officer).post(f"/hotline/{assigned.pk}/reply/", {"reply": "已阅", "version": assigned.version})
    assert response.status_code == 400
    assert "reply" in response.context["reply_form"].errors
    assert "已阅" in response.content.decode()


def test_a_reply_on_a_stale_page_is_a_conflict_that_keeps_the_typed_text(
    login, assigned, officer, registrar, other_office
):
    typed = REPLY + "（第二个窗口）"
    login(registrar).post(
        f"/hotline/{assigned.pk}/assign/",
        {
            "office": assigned.office_id,
            "category": assigned.category_id,
            "is_urgent": "on",
            "version": assigned.version,
        },
    )
    response = login(officer).post(f"/hotline/{assigned.pk}/reply/", {"reply": typed, "version": assigned.version})
    assert response.status_code == 409
    assert response.context["reply_form"].non_field_errors()
    assert typed in response.content.decode()


def test_a_double_submitted_reply_is_sent_once(login, assigned, officer):
    signed_in = login(officer)
    data = {"reply": REPLY, "version": assigned.version}
    assert signed_in.post(f"/hotline/{assigned.pk}/reply/", data).status_code == 302
    second = signed_in.post(f"/hotline/{assigned.pk}/reply/", data)
    assert second.status_code in (400, 409)
    assert RatingLink.objects.filter(request=assigned).count() == 1


def test_assigning_without_an_office_is_answered_at_the_field(login, filed, registrar):
    response = login(registrar).post(
        f"/hotline/{filed.pk}/assign/", {"office": "", "category": filed.category_id, "version": filed.version}
    )
    assert response.status_code == 400 and "office" in response.context["assign_form"].errors


def test_the_office_returns_and_the_general_office_refuses_through_the_views(login, assigned, officer, registrar):
    handling = login(officer)
    response = handling.post(f"/hotline/{assigned.pk}/return/", {"reason": "", "version": assigned.version})
    assert response.status_code == 400
    response = handling.post(
        f"/hotline/{assigned.pk}/return/", {"reason": "不属于本处职责", "version": assigned.version}
    )
    assert response.status_code == 302 and response.url == "/hotline/"
    assigned.refresh_from_db()
    response = login(registrar).post(
        f"/hotline/{assigned.pk}/invalidate/", {"reason": "重复提交", "version": assigned.version}
    )
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == RequestStatus.INVALID


def test_state_changes_need_post(login, assigned, officer):
    assert login(officer).get(f"/hotline/{assigned.pk}/reply/").status_code == 405


def test_the_list_filters_and_ignores_bad_parameters(login, assigned, registrar):
    signed_in = login(registrar)
    assert assigned.number in signed_in.get("/hotline/?status=assigned&q=高企").content.decode()
    assert assigned.number not in signed_in.get("/hotline/?status=closed").content.decode()
    assert signed_in.get("/hotline/?office=²&category=abc&status=zzz&page=x").status_code == 200


def test_the_general_office_edits_the_categories(login, categories, registrar, officer):
    signed_in = login(registrar)
    consult = categories["consult"]
    response = signed_in.post(
        "/hotline/categories/",
        {"pk": consult.pk, "name": "咨询", "code": "consult", "limit_days": 4, "urgent_limit_days": 9, "sort_order": 1},
    )
    assert response.status_code == 400 and "urgent_limit_days" in response.context["form"].errors
    response = signed_in.post(
        "/hotline/categories/",
        {
            "pk": consult.pk,
            "name": "咨询",
            "code": "consult",
            "limit_days": 4,
            "urgent_limit_days": 2,
            "sort_order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    consult.refresh_from_db()
    assert consult.limit_days == 4
    assert login(officer).get("/hotline/categories/").status_code == 403


def test_the_callback_rating_and_the_rectification_step(login, replied, registrar):
    signed_in = login(registrar)
    response = signed_in.post(f"/hotline/{replied.pk}/rectification/")
    assert response.status_code == 302
    response = signed_in.post(f"/hotline/{replied.pk}/callback/", {"rating": "basically", "comment": ""})
    assert response.status_code == 302
    replied.refresh_from_db()
    assert replied.status == RequestStatus.CLOSED and replied.rating == "basically"
