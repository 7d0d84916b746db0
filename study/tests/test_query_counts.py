"""The study pages' query counts do not grow with cards, readings and attempts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from study.cards import card_complete, card_create, card_open
from study.exams import attempt_finish, attempt_start

pytestmark = pytest.mark.django_db


def grow(topic, study_admin, members, monthly, start: int, n: int) -> None:
    for k in range(n):
        card = card_create(
            actor=study_admin,
            topic=topic,
            title=f"学习卡{start + k}",
            body="内容",
            publish_on=timezone.localdate() - timedelta(days=start + k),
            min_seconds=0,
        )
        for member in members[:3]:
            card_open(member=member, card=card)
            card_complete(member=member, card=card)
    for member in members[:3]:
        attempt = attempt_start(member=member, test=monthly)
        attempt_finish(member=member, attempt=attempt)


def counts(client, paths) -> dict[str, int]:
    found = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        found[path] = len(queries)
    return found


def test_study_pages_do_not_grow(topic, study_admin, members, monthly, login):
    grow(topic, study_admin, members, monthly, 0, 2)
    member, admin = login(members[0].user), login(study_admin)
    member_paths = ["/study/", "/study/cards/"]
    admin_paths = [
        "/study/admin/",
        "/study/admin/cards/",
        "/study/admin/questions/",
        f"/study/admin/tests/{monthly.pk}/",
        "/study/rankings/",
        "/study/admin/people/",
    ]
    counts(member, member_paths), counts(admin, admin_paths)
    small = counts(member, member_paths) | counts(admin, admin_paths)
    grow(topic, study_admin, members, monthly, 10, 6)
    assert counts(member, member_paths) | counts(admin, admin_paths) == small
