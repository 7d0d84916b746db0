"""The service-request services: deadlines in working days, the workflow, the one-time rating."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from core.errors import EditConflict
from hotline.models import EventKind, Rating, RatingLink, RequestStatus
from hotline.services import (
    category_save,
    service_request_assign,
    service_request_enter,
    service_request_invalidate,
    service_request_rate,
    service_request_rate_callback,
    service_request_reply,
    service_request_return,
    service_request_to_rectification,
)
from hotline.tests.conftest import REPLY, at, file_request

pytestmark = pytest.mark.django_db


def test_deadline_counts_working_days_across_national_day_and_the_adjusted_saturday(categories, general):
    request = file_request(categories, code="consult", now=at(2026, 9, 30))  # 咨询: 3 working days
    # Oct 1-7 are holidays; Oct 8 (Thu), Oct 9 (Fri) and the adjusted Saturday Oct 10 are working days.
    assert request.accepted_on == date(2026, 9, 30)
    assert request.deadline == date(2026, 10, 10)


def test_deadline_counts_working_days_across_the_spring_festival(categories, general):
    request = file_request(categories, code="help", now=at(2026, 2, 13))  # 求助: 5 working days
    # Sat Feb 14 is an adjusted working day, Feb 15-23 the holiday: 14, 24, 25, 26, 27.
    assert request.deadline == date(2026, 2, 27)


def test_urgent_requests_get_the_shorter_limit(categories, registrar):
    request = service_request_enter(
        actor=registrar,
        channel="phone",
        category=categories["complaint"],
        title="投诉某单位拖欠科研经费",
        content="某单位拖欠项目组科研经费三个月未拨付。",
        name="王五",
        phone="13700000000",
        is_urgent=True,
        received_at=at(2026, 11, 2),  # Monday
        now=at(2026, 11, 3),
    )
    assert request.channel == "phone"
    assert request.deadline == date(2026, 11, 9)  # 5 working days after Monday: Tue..Mon


def test_filing_keeps_the_requesters_identity_out_of_the_audit_log(categories, general):
    request = file_request(categories)
    event = AuditEvent.objects.get(action="service_request.file", target_id=str(request.pk))
    logged = str(event.before) + str(event.after) + event.target_repr
    assert "张三" not in logged and "13812345678" not in logged and "zhang@" not in logged
    assert request.number.startswith("RX")


def test_numbers_follow_each_other_within_a_year(categories, general):
    first, second = file_request(categories), file_request(categories)
    assert int(second.number[-5:]) == int(first.number[-5:]) + 1


def test_only_the_general_office_assigns(filed, officer, office):
    with pytest.raises(PermissionDenied):
        service_request_assign(actor=officer, request=filed, office=office, version=filed.version)


def test_assigning_with_another_category_recomputes_the_deadline(categories, registrar, office):
    request = file_request(categories, code="consult", now=at(2026, 11, 2))
    assert request.deadline == date(2026, 11, 5)
    assigned = service_request_assign(
        actor=registrar, request=request, office=office, category=categories["complaint"], version=request.version
    )
    assert assigned.status == RequestStatus.ASSIGNED
    assert assigned.deadline == date(2026, 11, 16)  # 10 working days from Nov 3


def test_a_stale_version_is_an_edit_conflict(filed, registrar, office, other_office):
    service_request_assign(actor=registrar, request=filed, office=office, version=filed.version)
    with pytest.raises(EditConflict):
        service_request_assign(actor=registrar, request=filed, office=other_office, version=filed.version)


def test_a_reply_by_the_deadline_is_on_time_and_mails_the_requester(
    assigned, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        replied = service_request_reply(
            actor=officer, request=assigned, reply=REPLY, version=assigned.version, link_base="https://kjw.example"
        )
    assert replied.status == RequestStatus.REPLIED and replied.on_time is True
    link = RatingLink.objects.get(request=replied)
    assert len(mail.outbox) == 1
    assert f"https://kjw.example/portal/hotline/rate/{link.token}/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["zhang@example.test"]


def test_a_reply_after_the_deadline_is_late(categories, registrar, office, officer):
    request = file_request(categories, code="consult", now=at(2026, 11, 2))
    request = service_request_assign(actor=registrar, request=request, office=office, version=request.version)
    replied = service_request_reply(
        actor=officer, request=request, reply=REPLY, version=request.version, now=at(2026, 11, 6)
    )
    assert replied.on_time is False


def test_a_short_reply_is_refused_at_the_field(assigned, officer):
    with pytest.raises(ValidationError) as caught:
        service_request_reply(actor=officer, request=assigned, reply="已阅", version=assigned.version)
    assert "reply" in caught.value.message_dict


def test_only_the_handling_office_replies(assigned, other_officer, registrar):
    for actor in (other_officer, registrar):
        with pytest.raises(PermissionDenied):
            service_request_reply(actor=actor, request=assigned, reply=REPLY, version=assigned.version)


def test_satisfied_closes_the_request(replied, rating_token):
    closed = service_request_rate(token=rating_token, rating=Rating.SATISFIED, comment="答复很及时")
    assert closed.status == RequestStatus.CLOSED and closed.rating == Rating.SATISFIED and closed.closed_at


def test_the_rating_link_works_once(replied, rating_token):
    service_request_rate(token=rating_token, rating=Rating.BASICALLY)
    with pytest.raises(ValidationError) as caught:
        service_request_rate(token=rating_token, rating=Rating.UNSATISFIED, comment="再评一次试试")
    assert caught.value.code == "used"
    assert "使用" in caught.value.messages[0] or "used" in caught.value.messages[0]


def test_unsatisfied_needs_a_comment(replied, rating_token):
    with pytest.raises(ValidationError) as caught:
        service_request_rate(token=rating_token, rating=Rating.UNSATISFIED, comment="")
    assert "comment" in caught.value.message_dict


def test_unsatisfied_reopens_for_the_office_with_a_new_deadline_and_keeps_the_history(
    categories, registrar, office, officer
):
    request = file_request(categories, code="consult", now=at(2026, 11, 2))
    request = service_request_assign(actor=registrar, request=request, office=office, version=request.version)
    request = service_request_reply(
        actor=officer, request=request, reply=REPLY, version=request.version, now=at(2026, 11, 3)
    )
    first = RatingLink.objects.get(request=request, round=1)
    reopened = service_request_rate(
        token=first.token, rating=Rating.UNSATISFIED, comment="材料清单链接打不开", now=at(2026, 11, 4)
    )
    assert reopened.status == RequestStatus.REOPENED and reopened.round == 2 and reopened.office == office
    assert reopened.accepted_on == date(2026, 11, 4) and reopened.deadline == date(2026, 11, 9)
    again = service_request_reply(
        actor=officer, request=reopened, reply=REPLY + "（已更新链接）", version=reopened.version, now=at(2026, 11, 5)
    )
    second = RatingLink.objects.get(request=again, round=2)
    with pytest.raises(ValidationError) as caught:  # the first link stays used
        service_request_rate(token=first.token, rating=Rating.SATISFIED)
    assert caught.value.code == "used"
    closed = service_request_rate(token=second.token, rating=Rating.SATISFIED)
    assert closed.status == RequestStatus.CLOSED
    kinds = list(closed.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.REPLIED) == 2 and EventKind.REOPENED in kinds
    assert list(closed.rating_links.values_list("rating", flat=True)) == [Rating.UNSATISFIED, Rating.SATISFIED]


def test_a_registrar_records_a_callback_rating(replied, registrar, officer):
    closed = service_request_rate_callback(actor=registrar, request=replied, rating=Rating.SATISFIED)
    assert closed.status == RequestStatus.CLOSED
    assert RatingLink.objects.get(request=replied).by_staff == registrar
    with pytest.raises(PermissionDenied):
        service_request_rate_callback(actor=officer, request=replied, rating=Rating.SATISFIED)


def test_the_office_returns_a_request_outside_its_remit_with_a_reason(assigned, officer):
    with pytest.raises(ValidationError):
        service_request_return(actor=officer, request=assigned, reason="  ", version=assigned.version)
    returned = service_request_return(
        actor=officer, request=assigned, reason="属于基础研究处职责", version=assigned.version
    )
    assert returned.status == RequestStatus.RECEIVED and returned.office is None


def test_the_general_office_refuses_an_invalid_request(filed, registrar):
    refused = service_request_invalidate(actor=registrar, request=filed, reason="广告信息", version=filed.version)
    assert refused.status == RequestStatus.INVALID


def test_staff_entry_refuses_bad_input_at_the_fields(categories, registrar):
    with pytest.raises(ValidationError) as caught:
        service_request_enter(
            actor=registrar,
            channel="web",
            category=categories["consult"],
            title="",
            content="短",
            name="",
            phone="abc",
            received_at=at(2099, 1, 1),
        )
    assert set(caught.value.message_dict) >= {"channel", "title", "content", "name", "phone", "received_at"}


def test_a_request_becomes_one_rectification_item(replied, officer):
    item, created = service_request_to_rectification(actor=officer, request=replied)
    again, created_again = service_request_to_rectification(actor=officer, request=replied)
    assert created and not created_again and again.pk == item.pk
    assert item.source_key == f"hotline.servicerequest:{replied.pk}" and item.office_id == replied.office_id


def test_category_limits_are_checked(registrar, categories):
    with pytest.raises(ValidationError) as caught:
        category_save(actor=registrar, name="咨询", code="Bad Code", limit_days=0, urgent_limit_days=5)
    assert set(caught.value.message_dict) == {"name", "code", "limit_days"}
    saved = category_save(
        actor=registrar, category=categories["consult"], name="咨询", code="consult", limit_days=4, urgent_limit_days=2
    )
    assert saved.limit_days == 4
