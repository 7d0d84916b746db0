"""Points with daily caps, learning cards read for their minimum time, the daily push."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Notification
from study.cards import card_complete, card_create, card_open, cards_push
from study.models import PointEntry, PointRule
from study.points import points_award
from study.text import render

pytestmark = pytest.mark.django_db


def test_point_caps_hold(members):
    PointRule.objects.create(action="note_submitted", points=5, daily_cap=8)
    day = date(2026, 3, 2)
    given = [points_award(member=members[0], action="note_submitted", source=f"note:{n}", day=day) for n in range(3)]
    assert given == [5, 3, 0]  # the third note that day earns nothing, the second only up to the cap
    assert points_award(member=members[0], action="note_submitted", source="note:9", day=day + timedelta(days=1)) == 5
    assert points_award(member=members[0], action="note_submitted", source="note:0", day=day + timedelta(days=1)) == 0


def test_a_source_earns_once(members):
    assert points_award(member=members[0], action="test_passed", source="test:1", day=date(2026, 3, 2)) == 10
    assert points_award(member=members[0], action="test_passed", source="test:1", day=date(2026, 3, 3)) == 0


def test_card_text_is_sanitized():
    html = render("## 标题\n\n**要点** <script>alert(1)</script> [链接](javascript:alert(1)) <img src=x onerror=1>")
    assert "<h2>标题</h2>" in html and "<strong>要点</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "<img" not in html
    own = render("![课件截图](/files/0b0e7c1c-7d1b-4f5e-9a53-1c2d3e4f5a6b/) ![外链](https://example.com/x.png)")
    assert '<img alt="课件截图" src="/files/0b0e7c1c-7d1b-4f5e-9a53-1c2d3e4f5a6b/">' in own
    assert "example.com" not in own


def test_a_card_counts_after_its_minimum_reading_time(topic, study_admin, members):
    card = card_create(
        actor=study_admin,
        topic=topic,
        title="每日一学",
        body="学习内容",
        publish_on=timezone.localdate(),
        min_seconds=30,
    )
    opened = timezone.now()
    card_open(member=members[0], card=card, now=opened)
    with pytest.raises(ValidationError) as early:
        card_complete(member=members[0], card=card, now=opened + timedelta(seconds=10))
    assert "20" in str(early.value)
    read = card_complete(member=members[0], card=card, now=opened + timedelta(seconds=95))
    assert read.seconds == 95 and read.completed_at
    assert PointEntry.objects.get(member=members[0]).points == 2
    card_complete(member=members[0], card=card, now=opened + timedelta(seconds=200))  # again: nothing more
    assert PointEntry.objects.filter(member=members[0]).count() == 1


def test_only_study_administrators_write_cards(topic, secretary):
    with pytest.raises(ValidationError):
        card_create(actor=secretary, topic=topic, title="越权", body="内容", publish_on=timezone.localdate())


def test_the_days_cards_are_pushed_once(topic, study_admin, members):
    card = card_create(actor=study_admin, topic=topic, title="今日学习卡", body="内容", publish_on=timezone.localdate())
    assert cards_push() == 1
    assert cards_push() == 0
    notes = Notification.objects.filter(title__contains="今日学习卡")
    assert {n.recipient_id for n in notes} >= {m.user_id for m in members[:3]}
    assert notes.first().url == f"/study/cards/{card.pk}/"
