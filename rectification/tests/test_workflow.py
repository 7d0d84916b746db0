"""The whole life of an item through the real views: entered by a supervisor as a draft, completed
by the office (four clarities and one commitment), milestones and progress, evidence, completion,
the weekly check, a send-back, closure (销号) and reopening with the history kept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from notifications.models import Notification
from rectification.models import EventKind, RectificationItem, RectificationStatus
from rectification.tests.conftest import pdf

pytestmark = pytest.mark.django_db


def test_an_item_goes_from_entry_to_closure_and_back(login, supervisor, officer, office):
    today = timezone.localdate()
    boss, clerk = login(supervisor), login(officer)

    response = boss.post(
        "/rectification/new/",
        {
            "source": "inspection",
            "source_ref": "2026年第三季度督查",
            "problem": "科技项目经费拨付周期长",
            "office": office.pk,
        },
    )
    assert response.status_code == 302
    item = RectificationItem.objects.get()
    assert item.status == RectificationStatus.DRAFT and item.number.startswith(f"ZG-{today.year}-")

    edit = {
        "version": item.version,
        "problem": item.problem,
        "goal": "经费拨付周期压缩至15个工作日以内",
        "deadline": (today + timedelta(days=90)).isoformat(),
        "measures": "优化拨付流程，实行网上审批",
        "office": office.pk,
        "responsible": officer.pk,
        "commitment": "承诺三个月内完成流程再造",
        "is_public": "on",
        "internal_note": "财务处配合",
    }
    assert clerk.post(f"/rectification/{item.pk}/edit/", edit).status_code == 302
    item.refresh_from_db()
    assert item.status == RectificationStatus.IN_PROGRESS and item.started_on == today

    milestone = {
        "title": "完成流程梳理",
        "starts_on": today.isoformat(),
        "due_on": (today + timedelta(days=30)).isoformat(),
    }
    assert clerk.post(f"/rectification/{item.pk}/milestones/", milestone).status_code == 302
    step = item.milestones.get()
    done = clerk.post(f"/rectification/milestones/{step.pk}/done/", {"done_on": today.isoformat()})
    assert done.status_code == 302
    assert (
        clerk.post(f"/rectification/{item.pk}/progress/", {"text": "已完成流程梳理，形成优化方案初稿"}).status_code
        == 302
    )

    # Completion needs evidence: refused at the field first.
    report = {"text": "网上审批系统已上线运行，拨付周期降至12个工作日", "completed_on": today.isoformat()}
    refused = clerk.post(f"/rectification/{item.pk}/complete/", report)
    assert refused.status_code == 400
    assert "至少" in refused.content.decode() or "evidence" in refused.content.decode()
    assert clerk.post(f"/rectification/{item.pk}/evidence/", {"file": pdf()}).status_code == 302
    assert clerk.post(f"/rectification/{item.pk}/complete/", report).status_code == 302
    item.refresh_from_db()
    assert item.status == RectificationStatus.SUBMITTED and item.completed_on == today

    assert (
        boss.post(f"/rectification/{item.pk}/check/", {"text": "本周调度：系统运行正常，抽查5笔拨付"}).status_code
        == 302
    )
    # Sending back needs a reason.
    assert boss.post(f"/rectification/{item.pk}/review/", {"decision": "send_back", "text": ""}).status_code == 400
    sent = boss.post(f"/rectification/{item.pk}/review/", {"decision": "send_back", "text": "缺少拨付台账佐证"})
    assert sent.status_code == 302
    item.refresh_from_db()
    assert item.status == RectificationStatus.IN_PROGRESS and item.completed_on is None

    assert clerk.post(f"/rectification/{item.pk}/complete/", report).status_code == 302
    assert (
        boss.post(f"/rectification/{item.pk}/review/", {"decision": "close", "text": "佐证充分，同意销号"}).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.status == RectificationStatus.CLOSED and item.closed_at is not None

    assert boss.post(f"/rectification/{item.pk}/reopen/", {"text": ""}).status_code == 400
    assert boss.post(f"/rectification/{item.pk}/reopen/", {"text": "群众反映拨付又出现延迟"}).status_code == 302
    item.refresh_from_db()
    assert item.status == RectificationStatus.IN_PROGRESS and item.reopen_count == 1 and item.closed_at is None

    kinds = list(item.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.CREATED,
        EventKind.COMMITTED,
        EventKind.PROGRESS,  # the milestone reached
        EventKind.PROGRESS,
        EventKind.SUBMITTED,
        EventKind.WEEKLY_CHECK,
        EventKind.SENT_BACK,
        EventKind.SUBMITTED,
        EventKind.CLOSED,
        EventKind.REOPENED,
    ]
    page = clerk.get(f"/rectification/{item.pk}/").content.decode()
    assert "缺少拨付台账佐证" in page and "群众反映拨付又出现延迟" in page and "本周调度" in page
    actions = set(AuditEvent.objects.filter(target_id=str(item.pk)).values_list("action", flat=True))
    assert {
        "rectification_item.create",
        "rectification_item.update",
        "rectification_item.submit",
        "rectification_item.send_back",
        "rectification_item.close",
        "rectification_item.reopen",
        "rectification_item.weekly_check",
        "rectification_milestone.add",
        "rectification_milestone.done",
    } <= actions
    assert Notification.objects.filter(recipient=officer).count() >= 3  # sent back, closed, reopened


def test_a_double_submitted_completion_makes_one_report(login, officer, with_evidence):
    clerk = login(officer)
    report = {"text": "整改已完成，专家库已更新", "completed_on": timezone.localdate().isoformat()}
    assert clerk.post(f"/rectification/{with_evidence.pk}/complete/", report).status_code == 302
    again = clerk.post(f"/rectification/{with_evidence.pk}/complete/", report)
    assert again.status_code == 404  # no longer the office's to work on
    assert with_evidence.events.filter(kind=EventKind.SUBMITTED).count() == 1


def test_a_double_submitted_closure_closes_once(login, supervisor, officer, with_evidence):
    login(officer).post(
        f"/rectification/{with_evidence.pk}/complete/",
        {"text": "整改已完成，专家库已更新", "completed_on": timezone.localdate().isoformat()},
    )
    boss = login(supervisor)
    assert boss.post(f"/rectification/{with_evidence.pk}/review/", {"decision": "close"}).status_code == 302
    again = boss.post(f"/rectification/{with_evidence.pk}/review/", {"decision": "close"})
    assert again.status_code == 400
    assert with_evidence.events.filter(kind=EventKind.CLOSED).count() == 1


def test_the_weekly_check_is_one_per_item_and_week(login, supervisor, item):
    boss = login(supervisor)
    assert boss.post(f"/rectification/{item.pk}/check/", {"text": "本周调度：方案已印发"}).status_code == 302
    again = boss.post(f"/rectification/{item.pk}/check/", {"text": "本周调度：再次检查"})
    assert again.status_code == 400 and "本周" in again.content.decode()


def test_an_unknown_review_decision_is_answered_at_the_field(login, supervisor, with_evidence):
    response = login(supervisor).post(f"/rectification/{with_evidence.pk}/review/", {"decision": "maybe"})
    assert response.status_code == 400
