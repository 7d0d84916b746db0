"""The periodic sweep on a fixed clock: warnings before and after the deadline go out once; unrated
replies close after the rating window."""

from datetime import date

import pytest

from hotline.models import RequestStatus
from hotline.reminders import sweep
from hotline.services import service_request_assign, service_request_rate, service_request_reply
from hotline.tests.conftest import REPLY, at, file_request
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_due(categories, registrar, office, officer):
    """咨询 received Wed Sep 30, 2026: due Sat Oct 10 (the adjusted working day after National Day)."""
    request = file_request(categories, code="consult", now=at(2026, 9, 30))
    return service_request_assign(actor=registrar, request=request, office=office, version=request.version)


def _titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_no_warning_while_the_deadline_is_far(request_due, officer):
    assert sweep(today=date(2026, 10, 8)) == {"due": 0, "overdue": 0, "closed_unrated": 0}


def test_the_office_is_warned_once_on_the_last_working_days(request_due, officer, registrar):
    before = len(_titles(officer))
    assert sweep(today=date(2026, 10, 9))["due"] == 1  # one working day (Sat Oct 10) left
    assert sweep(today=date(2026, 10, 9))["due"] == 0
    assert sweep(today=date(2026, 10, 10))["due"] == 0
    assert len(_titles(officer)) == before + 1
    assert not any(request_due.number in t for t in _titles(registrar) if "due" in t or "到期" in t)


def test_overdue_requests_are_reported_once_to_the_office_and_the_general_office(request_due, officer, registrar):
    assert sweep(today=date(2026, 10, 10))["overdue"] == 0
    assert sweep(today=date(2026, 10, 11))["overdue"] == 1
    assert sweep(today=date(2026, 10, 12))["overdue"] == 0
    assert any(request_due.number in t for t in _titles(officer))
    assert any(request_due.number in t for t in _titles(registrar))


def test_a_reopened_request_is_warned_again_in_its_new_round(request_due, officer):
    sweep(today=date(2026, 10, 9))
    replied = service_request_reply(
        actor=officer, request=request_due, reply=REPLY, version=request_due.version, now=at(2026, 10, 9)
    )
    token = replied.rating_links.get().token
    reopened = service_request_rate(token=token, rating="unsatisfied", comment="还是没说清楚", now=at(2026, 10, 12))
    assert reopened.deadline == date(2026, 10, 15)
    assert sweep(today=date(2026, 10, 14))["due"] == 1


def test_replied_requests_are_not_warned(request_due, officer):
    service_request_reply(actor=officer, request=request_due, reply=REPLY, version=request_due.version)
    assert sweep(today=date(2026, 10, 11))["overdue"] == 0


def test_unrated_replies_close_after_the_rating_window(request_due, officer):
    replied = service_request_reply(
        actor=officer, request=request_due, reply=REPLY, version=request_due.version, now=at(2026, 10, 9)
    )
    # Working days after Fri Oct 9: Sat Oct 10 (adjusted), 12-16, 19-22: the 10th is Oct 22.
    assert sweep(today=date(2026, 10, 21))["closed_unrated"] == 0
    assert sweep(today=date(2026, 10, 22))["closed_unrated"] == 1
    replied.refresh_from_db()
    assert replied.status == RequestStatus.CLOSED and replied.rating == ""
    assert sweep(today=date(2026, 10, 23))["closed_unrated"] == 0
