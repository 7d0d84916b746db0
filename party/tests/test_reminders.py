"""Reminders of the daily sweep: dues before the collection day, terms before they end and once
overdue, organization life once a month; each goes out once, and the robots get a summary."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from notifications.models import Delivery, Notification, WebhookEndpoint
from party.dues import first_of_month
from party.meetings import requirements
from party.models import DuesSettings, PartyReminder
from party.reminders import reminders_send
from party.services import bills_generate, dues_base_declare, dues_pay
from party.tasks import party_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def robot(db):
    return WebhookEndpoint.objects.create(name="党建工作群", kind="dingtalk", url="http://127.0.0.1:9/robot")


def billed_month(tree, secretary, members, today):
    for member in members[:3]:
        dues_base_declare(actor=secretary, member=member, amount="4000", effective_month=first_of_month(today))
    bills_generate(actor=secretary, organization=tree["branch"], month=today)


def dues_notes():
    return Notification.objects.filter(title__contains="2026-03")


def test_dues_reminder_in_the_notice_window_once(tree, members, secretary, robot):
    # The branch collects on the 15th; the default notice is 3 days.
    today = date(2026, 3, 11)
    billed_month(tree, secretary, members, today)
    assert reminders_send(today=today)["dues"] == 0  # 4 days before: too early
    assert reminders_send(today=date(2026, 3, 12))["dues"] == 3
    assert {n.recipient_id for n in dues_notes()} == {m.user_id for m in members[:3]}
    assert reminders_send(today=date(2026, 3, 13))["dues"] == 0  # already reminded this month
    assert dues_notes().count() == 3
    # One robot line per collection day (the other robot line is March's organization-life count).
    assert list(PartyReminder.objects.filter(key__startswith="dues-robot:").values_list("key", flat=True)) == [
        "dues-robot:2026-03-15"
    ]
    assert (
        Delivery.objects.filter(channel="dingtalk").count()
        == PartyReminder.objects.filter(key__contains="-robot:").count()
    )


def test_paid_members_and_days_after_collection_get_nothing(tree, members, secretary):
    today = date(2026, 3, 12)
    billed_month(tree, secretary, members, today)
    bill = members[0].dues_bills.get()
    dues_pay(actor=secretary, bills=[bill], paid_on=min(today, timezone.localdate()))
    assert reminders_send(today=today)["dues"] == 2
    PartyReminder.objects.all().delete()
    assert reminders_send(today=date(2026, 3, 16))["dues"] == 0  # the day has passed


def test_the_notice_is_configurable(tree, members, secretary):
    billed_month(tree, secretary, members, date(2026, 3, 1))
    DuesSettings.objects.update(notice_days=7)
    assert reminders_send(today=date(2026, 3, 8))["dues"] == 3


def test_term_reminders_before_the_end_and_once_overdue(tree, secretary, make_user):
    from party.tests.conftest import post_holder

    committee_secretary = post_holder(make_user, "committee1", tree["committee"])
    branch = tree["branch"]
    branch.term_started_on = date(2023, 6, 1)  # a branch term is 3 years: ends 2026-06-01
    branch.save()
    assert reminders_send(today=date(2026, 3, 2))["terms"] == 0  # 91 days before
    assert reminders_send(today=date(2026, 3, 3))["terms"] == 1  # 90 days before
    note = Notification.objects.filter(title__contains="2026-06-01").first()
    assert note.url == f"/party/orgs/{branch.pk}/"
    recipients = set(Notification.objects.filter(title__contains="2026-06-01").values_list("recipient", flat=True))
    assert recipients == {secretary.pk, committee_secretary.pk}  # the branch and the level above
    assert reminders_send(today=date(2026, 4, 1))["terms"] == 0
    assert reminders_send(today=date(2026, 6, 2))["terms"] == 1  # overdue, once
    assert reminders_send(today=date(2026, 6, 3))["terms"] == 0


def test_organization_life_reminder_monthly(tree, secretary, robot):
    requirements()  # the default requirements
    today = date(2026, 5, 3)  # four months done: a monthly committee meeting is due 4 times
    assert reminders_send(today=today)["life"] == 1  # the branch with a secretary (the other has none)
    assert reminders_send(today=today + timedelta(days=1))["life"] == 0
    assert Delivery.objects.filter(channel="dingtalk").count() == 1
    assert reminders_send(today=date(2026, 6, 1))["life"] == 1  # a new month


def test_the_sweep_runs_as_a_task(tree, members, secretary):
    result = party_sweep.call()
    assert set(result) == {"dues", "terms", "life"}


def test_the_unique_key_stops_a_repeat_the_sweep_did_not_know_of(db):
    from party.reminders import send_once

    calls = []
    assert send_once("dues:1:2026-03", lambda: calls.append(1), set()) is True
    # A second scheduler that read its known keys before the first one committed:
    assert send_once("dues:1:2026-03", lambda: calls.append(2), set()) is False
    assert calls == [1]
