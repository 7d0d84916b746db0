"""Stage bulletins: one per stage date, the day after it, listing who is on time and who is late;
supervisors also issue them by hand."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Notification
from supervision.bulletins import bulletin_issue, bulletins_generate
from supervision.models import BulletinKind, LineState, StageBulletin
from supervision.services import progress_report

pytestmark = pytest.mark.django_db
STAGE_DAY = dt.date(2026, 9, 15)


@pytest.fixture
def two_tasks(make_task, make_user, other_office):
    from accounts.roles import Role

    other_owner = make_user("transfer2", Role.OFFICER, office=other_office)
    done = make_task()
    late = make_task(office=other_office, owner=other_owner, title="高新技术企业培育")
    return done, late, other_owner


def test_the_bulletin_of_a_stage_date_is_made_once_the_day_after(two_tasks, owner, leader):
    done, late, other_owner = two_tasks
    progress_report(
        actor=owner,
        task=done,
        text="方案已印发",
        progress=30,
        stage=done.stages.first(),
        stage_done=True,
        today=STAGE_DAY,
    )
    assert bulletins_generate(today=STAGE_DAY) == 0  # not on the day itself
    assert bulletins_generate(today=dt.date(2026, 9, 16)) == 1
    assert bulletins_generate(today=dt.date(2026, 9, 17)) == 0  # once
    bulletin = StageBulletin.objects.get()
    assert bulletin.kind == BulletinKind.STAGE and bulletin.stage_date == STAGE_DAY
    states = {line.task_id: line.state for line in bulletin.lines.all()}
    assert states == {done.pk: LineState.DONE, late.pk: LineState.LATE}
    assert (bulletin.on_time, bulletin.late) == (1, 1)
    assert Notification.objects.filter(recipient=leader, url=f"/supervision/bulletins/{bulletin.pk}/").exists()
    assert Notification.objects.filter(recipient=other_owner, url=f"/supervision/bulletins/{bulletin.pk}/").exists()


def test_a_stage_finished_after_its_date_counts_as_done_late(two_tasks, owner):
    done, _late, _other = two_tasks
    progress_report(
        actor=owner,
        task=done,
        text="补报",
        progress=30,
        stage=done.stages.first(),
        stage_done=True,
        today=dt.date(2026, 9, 17),
    )
    bulletins_generate(today=dt.date(2026, 9, 18))
    line = StageBulletin.objects.get().lines.get(task=done)
    assert line.state == LineState.DONE_LATE and line.days_late == 2


def test_a_sweep_that_was_down_catches_up_on_recent_stage_dates(two_tasks):
    assert bulletins_generate(today=dt.date(2026, 10, 21)) == 1  # Oct 20 (Sep 15 is too far back)
    assert StageBulletin.objects.get().stage_date == dt.date(2026, 10, 20)


def test_a_supervisor_issues_a_bulletin_of_every_task_being_handled(two_tasks, supervisor, owner):
    bulletin = bulletin_issue(actor=supervisor, title="第三季度督办通报", today=dt.date(2026, 9, 20))
    assert bulletin.kind == BulletinKind.MANUAL and bulletin.lines.count() == 2
    assert bulletin.late == 2  # both first stages (Sep 15) have passed unfinished
    with pytest.raises(ValidationError):
        bulletin_issue(actor=owner, title="越权通报")
    with pytest.raises(ValidationError) as caught:
        bulletin_issue(actor=supervisor, title=" ")
    assert "title" in caught.value.message_dict


def test_issuing_the_same_bulletin_twice_gives_one_bulletin_and_one_round_of_notifications(two_tasks, supervisor):
    first = bulletin_issue(actor=supervisor, title="第三季度督办通报", today=dt.date(2026, 9, 20))
    sent = Notification.objects.count()
    again = bulletin_issue(actor=supervisor, title="第三季度督办通报", today=dt.date(2026, 9, 20))
    assert again.pk == first.pk and Notification.objects.count() == sent
    other = bulletin_issue(actor=supervisor, title="第三季度督办通报（补充）", today=dt.date(2026, 9, 20))
    assert other.pk != first.pk
