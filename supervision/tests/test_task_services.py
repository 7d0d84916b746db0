"""Assigning, handling, completing with evidence and giving result feedback on a task."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attachments.models import Attachment
from audit.models import AuditEvent
from notifications.models import Notification
from supervision.models import EventKind, SupervisedTask, TaskStatus
from supervision.services import (
    default_deadline,
    evidence_add,
    policy_update,
    progress_report,
    task_accept,
    task_report,
    task_send_back,
    task_start,
)
from supervision.tests.conftest import ASSIGNED, pdf

pytestmark = pytest.mark.django_db


def test_assignment_numbers_the_task_notifies_the_office_and_is_audited(task, owner, colleague):
    assert task.number == "DB-2026-001"
    assert task.status == TaskStatus.ASSIGNED
    assert [s.name for s in task.stages.all()] == ["方案制定", "推进实施"]
    assert Notification.objects.filter(recipient=owner, url=f"/supervision/{task.pk}/").exists()
    assert AuditEvent.objects.filter(action="supervised_task.create", target_id=str(task.pk)).exists()


def test_default_deadline_counts_working_days_across_the_national_day_holiday(make_task):
    # 20 working days from the day after Monday 2026-09-21: Sep 22-24, Sep 28-30 (Mid-Autumn
    # Sep 25-27 skipped), Oct 8, 9 and the adjusted Saturday workday Oct 10 (National Day Oct 1-7
    # skipped), Oct 12-16, Oct 19-23, Oct 26.
    task = make_task(deadline=None, assigned_on=dt.date(2026, 9, 21), stages=[])
    assert task.deadline == default_deadline(dt.date(2026, 9, 21), urgent=False)
    assert task.deadline == dt.date(2026, 10, 26)


def test_an_urgent_task_gets_the_shorter_limit(make_task):
    task = make_task(deadline=None, is_urgent=True, stages=[])
    assert task.deadline == dt.date(2026, 9, 8)  # 5 working days after Tuesday 1 September


def test_the_person_responsible_must_belong_to_the_office(make_task, other_officer):
    with pytest.raises(ValidationError) as caught:
        make_task(owner=other_officer)
    assert "owner" in caught.value.message_dict


def test_stage_dates_must_run_in_order_up_to_the_deadline(make_task):
    with pytest.raises(ValidationError) as caught:
        make_task(stages=[("方案制定", dt.date(2026, 10, 1)), ("推进实施", dt.date(2026, 9, 20))])
    assert "stages" in caught.value.message_dict
    with pytest.raises(ValidationError):
        make_task(stages=[("总结验收", dt.date(2026, 11, 30))])


def test_a_task_cannot_be_reported_complete_without_evidence(task, owner):
    task_start(actor=owner, task=task)
    with pytest.raises(ValidationError) as caught:
        task_report(actor=owner, task=task, summary="已完成")
    assert "files" in caught.value.message_dict
    assert SupervisedTask.objects.get(pk=task.pk).status == TaskStatus.IN_PROGRESS


def test_a_task_cannot_be_closed_when_its_evidence_is_gone(task, owner, supervisor):
    task_report(actor=owner, task=task, summary="已完成", uploads=[pdf()])
    Attachment.objects.all().delete()
    with pytest.raises(ValidationError):
        task_accept(actor=supervisor, task=SupervisedTask.objects.get(pk=task.pk))
    assert SupervisedTask.objects.get(pk=task.pk).status == TaskStatus.REPORTED


def test_feedback_sends_the_task_back_and_then_accepts_it_keeping_the_history(task, owner, supervisor):
    progress_report(
        actor=owner,
        task=task,
        text="方案已印发",
        progress=40,
        stage=task.stages.first(),
        stage_done=True,
        today=dt.date(2026, 9, 10),
    )
    assert SupervisedTask.objects.get(pk=task.pk).status == TaskStatus.IN_PROGRESS  # progress takes it up
    task_report(actor=owner, task=task, summary="完成年度目标", uploads=[pdf()], today=dt.date(2026, 10, 29))
    task = task_send_back(
        actor=supervisor,
        task=SupervisedTask.objects.get(pk=task.pk),
        reason="缺少第三方评估报告",
        today=dt.date(2026, 10, 29),
    )
    assert task.status == TaskStatus.IN_PROGRESS and task.send_back_count == 1 and task.reported_on is None
    assert Notification.objects.filter(recipient=owner, title__contains="缺少第三方评估报告").exists()
    task = task_report(actor=owner, task=task, summary="已补充评估报告", today=dt.date(2026, 10, 30))
    task = task_accept(actor=supervisor, task=task, comment="同意办结", today=dt.date(2026, 11, 2))
    assert task.status == TaskStatus.CLOSED and task.closed_on == dt.date(2026, 11, 2)
    assert not task.finished_late()
    kinds = list(task.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.REPORTED) == 2 and EventKind.SENT_BACK in kinds and kinds[-1] == EventKind.ACCEPTED
    assert all(s.completed_on for s in task.stages.all())


def test_only_the_raiser_gives_feedback(task, owner, leader):
    task = task_report(actor=owner, task=task, summary="已完成", uploads=[pdf()])
    with pytest.raises(PermissionDenied):
        task_accept(actor=leader, task=task)
    with pytest.raises(PermissionDenied):
        task_send_back(actor=owner, task=task, reason="自行退回")


def test_sending_back_needs_a_reason(task, owner, supervisor):
    task = task_report(actor=owner, task=task, summary="已完成", uploads=[pdf()])
    with pytest.raises(ValidationError) as caught:
        task_send_back(actor=supervisor, task=task, reason="  ")
    assert "reason" in caught.value.message_dict


def test_an_officer_of_another_office_cannot_add_evidence(task, other_officer):
    with pytest.raises(ValidationError):
        evidence_add(actor=other_officer, task=task, upload=pdf())


def test_a_parent_is_reported_only_after_its_subtasks_are_closed(
    task, make_task, make_user, other_office, owner, supervisor
):
    from accounts.roles import Role

    other_owner = make_user("transfer2", Role.OFFICER, office=other_office)
    sub = make_task(
        parent=task, office=other_office, owner=other_owner, deadline=dt.date(2026, 10, 20), stages=[], title="子任务"
    )
    with pytest.raises(ValidationError) as caught:
        make_task(parent=task, deadline=dt.date(2026, 11, 20), stages=[])
    assert "deadline" in caught.value.message_dict
    with pytest.raises(ValidationError):
        task_report(actor=owner, task=task, summary="已完成", uploads=[pdf()])
    sub = task_report(actor=other_owner, task=sub, summary="子任务完成", uploads=[pdf("子任务.pdf")])
    task_accept(actor=supervisor, task=sub)
    # the refused report stored nothing: its evidence was rolled back with it
    assert task_report(actor=owner, task=task, summary="全部完成", uploads=[pdf()]).status == TaskStatus.REPORTED


def test_the_policy_is_edited_with_an_optimistic_lock(supervisor, owner):
    from core.errors import EditConflict
    from supervision.services import POLICY_FIELDS, policy

    values = dict.fromkeys(POLICY_FIELDS, 2) | {"default_limit_days": 15}
    policy_update(actor=supervisor, version=policy().version, **values)
    assert policy().default_limit_days == 15
    with pytest.raises(EditConflict):
        policy_update(actor=supervisor, version=1, **values)
    with pytest.raises(ValidationError):
        policy_update(actor=owner, version=policy().version, **values)
    assert ASSIGNED.year == 2026


def test_numbers_keep_counting_past_a_thousand(make_task):
    SupervisedTask.objects.filter(pk=make_task(stages=[]).pk).update(number="DB-2026-999")
    SupervisedTask.objects.filter(pk=make_task(stages=[]).pk).update(number="DB-2026-1000")
    assert make_task(stages=[]).number == "DB-2026-1001"
