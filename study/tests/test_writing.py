"""Notes and reflections against the yearly targets, exhibition, discussion questions, and the
center-group plan with its sessions' summaries circulated to the branches."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.errors import EditConflict
from notifications.models import Notification
from party.meetings import summary_circulate
from party.models import Meeting
from party.tests.conftest import post_holder
from study.models import StudyNote, StudyTarget
from study.services import study_plan_save
from study.writing import (
    discussion_answer,
    discussion_create,
    note_exhibit,
    note_submit,
    note_update,
    progress_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee_secretary(make_user, tree):
    return post_holder(make_user, "committee1", tree["committee"])


def test_characters_are_counted_without_spaces(members):
    note = note_submit(member=members[0], kind="note", title="学习笔记", body="学习 贯彻\n全会 精神 ABC")
    assert note.chars == 11


def test_center_group_members_have_the_20000_character_target(tree, members, committee_secretary):
    from party.models import PartyMember

    leader = PartyMember.objects.get(user=committee_secretary)
    year = timezone.localdate().year
    progress = progress_of(leader, year)
    assert (progress.target.note_chars, progress.target.reflections) == (20000, 2)
    note_submit(member=leader, kind="note", title="笔记一", body="学" * 19999)
    note_submit(member=leader, kind="reflection", title="心得一", body="心得体会" * 100)
    note_submit(member=leader, kind="reflection", title="心得二", body="心得体会" * 100)
    assert not progress_of(leader, year).met  # one character short
    note_submit(member=leader, kind="note", title="笔记二", body="习")
    assert progress_of(leader, year).met
    # An ordinary member has no target unless one is set.
    assert progress_of(members[0], year).target.note_chars == 0
    StudyTarget.objects.filter(year=year, audience="member").update(note_chars=5000, reflections=1)
    assert progress_of(members[0], year).target.note_chars == 5000


def test_notes_are_checked_and_edits_are_locked_against_conflicts(members):
    with pytest.raises(ValidationError) as refused:
        note_submit(member=members[0], kind="poem", title=" ", body="  ")
    assert set(refused.value.message_dict) == {"kind", "title", "body"}
    note = note_submit(member=members[0], kind="note", title="笔记", body="第一稿")
    note_update(member=members[0], note=note, title="笔记", body="第二稿内容", version=1)
    with pytest.raises(EditConflict):
        note_update(member=members[0], note=note, title="笔记", body="另一窗口的旧稿", version=1)
    with pytest.raises(PermissionDenied):
        note_update(member=members[1], note=note, title="笔记", body="别人的", version=2)
    note.refresh_from_db()
    assert (note.body, note.chars, note.version) == ("第二稿内容", 5, 2)


def test_notes_earn_points_within_the_daily_cap(members):
    for n in range(3):
        note_submit(member=members[0], kind="note", title=f"笔记{n}", body="内容")
    assert sum(members[0].points.values_list("points", flat=True)) == 5  # 5 a note, at most 5 a day


def test_only_reflections_are_exhibited_and_only_by_administrators(members, study_admin, secretary):
    reflection = note_submit(member=members[0], kind="reflection", title="心得", body="内容")
    note = note_submit(member=members[0], kind="note", title="笔记", body="内容")
    with pytest.raises(PermissionDenied):
        note_exhibit(actor=secretary, note=reflection, exhibit=True)
    with pytest.raises(ValidationError):
        note_exhibit(actor=study_admin, note=note, exhibit=True)
    note_exhibit(actor=study_admin, note=reflection, exhibit=True)
    assert StudyNote.objects.get(pk=reflection.pk).exhibited_at


def test_discussion_answers_need_their_length_and_an_open_question(members, study_admin):
    today = timezone.localdate()
    question = discussion_create(
        actor=study_admin,
        title="如何把党建与科研深度融合？",
        prompt="结合本课题组实际谈谈。",
        opens_on=today,
        closes_on=today + timedelta(days=7),
        min_chars=20,
    )
    with pytest.raises(ValidationError) as short:
        discussion_answer(member=members[0], question=question, body="太短")
    assert "20" in str(short.value)
    discussion_answer(member=members[0], question=question, body="把支部建在课题组上，" * 3)
    discussion_answer(member=members[0], question=question, body="修改后的回答：组织生活与科研攻关相结合。" * 2)
    assert question.answers.count() == 1
    question.closes_on = today - timedelta(days=1)
    question.save()
    with pytest.raises(ValidationError):
        discussion_answer(member=members[1], question=question, body="逾期的回答" * 10)


def test_the_committee_plans_and_circulates_session_summaries(
    tree, members, secretary, other_secretary, committee_secretary
):
    committee = tree["committee"]
    with pytest.raises(ValidationError):
        study_plan_save(actor=secretary, organization=tree["branch"], year=2026, sessions_planned=12, plan="计划")
    plan = study_plan_save(
        actor=committee_secretary, organization=committee, year=2026, sessions_planned=12, plan="1月：全会精神"
    )
    assert plan.sessions_planned == 12
    session = Meeting.objects.create(
        organization=committee,
        kind="center_group_study",
        held_on=timezone.localdate(),
        topic="学习贯彻全会精神",
        minutes="党委书记领学，班子成员交流研讨。",
        recorded_by=committee_secretary,
    )
    with pytest.raises(PermissionDenied):
        summary_circulate(actor=secretary, meeting=session)
    told = summary_circulate(actor=committee_secretary, meeting=session)
    assert told == 2  # the two branch secretaries below
    note = Notification.objects.filter(recipient=other_secretary).get()
    assert "学习贯彻全会精神" in note.title and note.url == f"/study/center-group/sessions/{session.pk}/"
    with pytest.raises(ValidationError):
        summary_circulate(actor=committee_secretary, meeting=session)


def test_writing_pages(members, study_admin, secretary, committee_secretary, tree, login):
    client = login(members[0].user)
    bad = client.post("/study/notes/", {"kind": "note", "title": "", "body": ""})
    assert bad.status_code == 400 and "is-invalid" in bad.content.decode()
    client.post("/study/notes/", {"kind": "reflection", "title": "我的心得", "body": "在科研一线践行初心使命。"})
    note = StudyNote.objects.get(title="我的心得")
    assert "我的心得" in client.get("/study/notes/").content.decode()
    conflict = client.post(f"/study/notes/{note.pk}/", {"title": "改", "body": "改", "version": "99"})
    assert conflict.status_code == 400 and "另一" in conflict.content.decode()
    assert login(members[1].user).get(f"/study/notes/{note.pk}/").status_code == 404
    admin = login(study_admin)
    assert admin.get("/study/admin/notes/").status_code == 200
    admin.post(f"/study/admin/notes/{note.pk}/exhibit/", {"exhibit": "1"})
    assert "在科研一线践行初心使命" in client.get("/study/exhibition/").content.decode()
    assert client.get("/study/admin/notes/").status_code == 403
    session = Meeting.objects.create(
        organization=tree["committee"],
        kind="center_group_study",
        held_on=timezone.localdate(),
        topic="专题学习",
        minutes="研讨。",
        recorded_by=committee_secretary,
    )
    committee_client = login(committee_secretary)
    assert "专题学习" in committee_client.get("/study/center-group/").content.decode()
    committee_client.post(f"/study/center-group/sessions/{session.pk}/circulate/")
    session.refresh_from_db()
    assert session.circulated_at
    branch_client = login(secretary)
    assert branch_client.get(f"/study/center-group/sessions/{session.pk}/").status_code == 200  # told: may read
    assert branch_client.post(f"/study/center-group/sessions/{session.pk}/circulate/").status_code == 404
    assert client.get(f"/study/center-group/sessions/{session.pk}/").status_code == 403  # no post at all
