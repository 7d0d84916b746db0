"""The workbench gathers to-dos from every module through one registry."""

import pytest
from django.urls import reverse

from workbench.registry import Todo, registered, todo_provider, todos_for

pytestmark = pytest.mark.django_db


def test_modules_plug_in_their_to_dos_and_they_are_sorted_by_deadline(applicant):
    from django.utils import timezone

    from workbench import registry

    soon = timezone.now() + timezone.timedelta(days=1)
    later = timezone.now() + timezone.timedelta(days=5)

    @todo_provider("test-module")
    def provider(user):
        return [
            Todo(module="测试", title="较晚的事项", count=2, url="/later", deadline=later),
            Todo(module="测试", title="较早的事项", count=1, url="/soon", deadline=soon),
            Todo(module="测试", title="没有待办", count=0, url="/none"),
        ]

    try:
        titles = [t.title for t in todos_for(applicant)]
        assert titles[:2] == ["较早的事项", "较晚的事项"] and "没有待办" not in titles
    finally:
        registry._providers.pop("test-module")


def test_accounts_registers_its_provider():
    assert "accounts" in registered()


def test_unit_admin_sees_pending_confirmations_with_a_link(unit_admin, unit, make_user, login):
    from accounts.models import UnitMembership

    for i in range(3):
        UnitMembership.objects.create(user=make_user(f"pending{i}"), unit=unit)
    page = login(unit_admin).get("/").content.decode()
    assert 'class="count">3<' in page
    assert reverse("accounts:memberships") in page


def test_workbench_query_count_does_not_grow_with_pending_items(unit_admin, unit, make_user, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import UnitMembership
    from notifications.services import notify

    client = login(unit_admin)
    client.get("/")
    counts = []
    for batch in range(2):
        for i in range(10):
            UnitMembership.objects.create(user=make_user(f"p{batch}-{i}"), unit=unit)
        notify(recipients=[unit_admin], title=f"通知{batch}", email=False)
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_navigation_follows_roles(applicant, audit_admin, login):
    applicant_page = login(applicant).get("/").content.decode()
    audit_page = login(audit_admin).get("/").content.decode()
    assert "/audit/" not in applicant_page and "/audit/" in audit_page
