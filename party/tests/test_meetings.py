"""Organization life: attendance with reasons, quorum at its edges, compliance against the
requirements kept as data, and who sees which meetings."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from party.meetings import compliance_of, meeting_record, quorum_met, requirements
from party.models import MeetingRequirement, MemberStatus, PartyMember, PartyPost, Post

pytestmark = pytest.mark.django_db


def test_more_than_half_is_a_quorum_and_an_exact_half_is_not():
    assert quorum_met("members_half", 9, 5) and not quorum_met("members_half", 8, 4)
    assert quorum_met("committee_half", 3, 2) and not quorum_met("committee_half", 4, 2)
    assert not quorum_met("members_half", 0, 0) and quorum_met("", 10, 1)


def record(actor, org, kind, members, present, **extra):
    reasons = {m.pk: "出差" for m in members if m not in present}
    return meeting_record(
        actor=actor,
        organization=org,
        kind=kind,
        held_on=extra.pop("held_on", timezone.localdate()),
        topic=extra.pop("topic", "学习贯彻全会精神"),
        minutes=extra.pop("minutes", "书记传达会议精神，党员交流发言。"),
        present_ids=[m.pk for m in present],
        leave_reasons=extra.pop("reasons", reasons),
        **extra,
    )


def test_member_meeting_attendance_and_quorum(tree, members, secretary):
    everyone = list(PartyMember.objects.filter(organization=tree["branch"]))
    meeting = record(secretary, tree["branch"], "member_meeting", everyone, everyone[:2])
    assert (meeting.entitled, meeting.present, meeting.quorate) == (3, 2, True)
    meeting = record(secretary, tree["branch"], "member_meeting", everyone, everyone[:1])
    assert meeting.quorate is False  # 1 of 3


def test_absence_needs_a_reason_and_the_date_cannot_be_ahead(tree, members, secretary):
    everyone = list(PartyMember.objects.filter(organization=tree["branch"]))
    with pytest.raises(ValidationError) as refused:
        record(secretary, tree["branch"], "member_meeting", everyone, everyone[:2], reasons={})
    assert "attendance" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        record(
            secretary, tree["branch"], "theme_day", everyone, everyone, held_on=timezone.localdate() + timedelta(days=1)
        )
    assert "held_on" in refused.value.message_dict


def test_committee_meetings_count_the_committee_only(tree, members, secretary):
    for member in members[:2]:
        PartyPost.objects.create(
            organization=tree["branch"], member=member, post=Post.COMMITTEE_MEMBER, since=timezone.localdate()
        )
    committee = list(PartyMember.objects.filter(posts__organization=tree["branch"]).distinct())
    assert len(committee) == 3  # the secretary and two committee members
    meeting = record(secretary, tree["branch"], "committee_meeting", committee, committee[:1])
    assert (meeting.entitled, meeting.quorate) == (3, False)
    meeting = record(secretary, tree["branch"], "committee_meeting", committee, committee[:2])
    assert meeting.quorate is True


def test_only_its_managers_record_an_organizations_meetings(tree, members, other_secretary):
    with pytest.raises(PermissionDenied):
        record(other_secretary, tree["branch"], "theme_day", members[:3], members[:3])


def test_compliance_counts_quorate_meetings_against_the_months_completed(tree, members, secretary):
    everyone = list(PartyMember.objects.filter(organization=tree["branch"]))
    record(secretary, tree["branch"], "theme_day", everyone, everyone, held_on=date(2026, 1, 20))
    record(secretary, tree["branch"], "theme_day", everyone, everyone, held_on=date(2026, 2, 20))
    record(secretary, tree["branch"], "member_meeting", everyone, everyone[:1], held_on=date(2026, 2, 21))  # no quorum
    rows = {c.kind: c for c in compliance_of(tree["branch"], 2026, today=date(2026, 4, 15))}
    assert (rows["theme_day"].due, rows["theme_day"].held, rows["theme_day"].overdue) == (3, 2, True)
    assert (rows["member_meeting"].due, rows["member_meeting"].held) == (
        1,
        0,
    )  # quarterly: 4 × 3/12; the one held lacked quorum
    assert rows["committee_meeting"].required == 12 and "center_group_study" not in rows  # not for branches


def test_the_requirements_are_data(tree):
    requirements()
    MeetingRequirement.objects.filter(kind="party_lecture").update(per_year=6)
    rows = {c.kind: c for c in compliance_of(tree["branch"], 2025, today=date(2026, 4, 15))}
    assert rows["party_lecture"].required == 6 and rows["party_lecture"].due == 6


def test_members_see_their_own_meetings_only(tree, members, secretary, login):
    everyone = list(PartyMember.objects.filter(organization=tree["branch"]))
    present = [m for m in everyone if m != members[0]]
    record(secretary, tree["branch"], "theme_day", everyone, present, topic="参观红色教育基地")
    other = PartyMember.objects.create(name="赵敏", id_number="", organization=tree["other"], status=MemberStatus.FULL)
    assert other.attendance.count() == 0
    client = login(members[0].user)
    page = client.get("/party/meetings/mine/").content.decode()
    assert "参观红色教育基地" in page and "出差" in page
    assert client.get(f"/party/orgs/{tree['branch'].pk}/meetings/").status_code == 403


def test_meeting_attachments_for_its_managers_only(tree, members, secretary, other_secretary, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from attachments.models import Attachment

    everyone = list(PartyMember.objects.filter(organization=tree["branch"]))
    meeting = record(secretary, tree["branch"], "member_meeting", everyone, everyone)
    client = login(secretary)
    empty = client.post(f"/party/meetings/{meeting.pk}/", {})
    assert empty.status_code == 400 and "is-invalid" in empty.content.decode()
    fake = client.post(f"/party/meetings/{meeting.pk}/", {"file": SimpleUploadedFile("签到表.pdf", b"not a pdf")})
    assert fake.status_code == 400 and not Attachment.objects.exists()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    done = client.post(f"/party/meetings/{meeting.pk}/", {"file": SimpleUploadedFile("签到表.pdf", pdf)})
    assert done.status_code == 302
    attachment = Attachment.objects.get()
    assert "签到表.pdf" in client.get(f"/party/meetings/{meeting.pk}/").content.decode()
    assert client.get(f"/files/{attachment.pk}/").status_code == 200
    other = login(other_secretary)
    assert other.get(f"/files/{attachment.pk}/").status_code == 404
    assert other.post(f"/party/meetings/{meeting.pk}/", {"file": SimpleUploadedFile("x.pdf", pdf)}).status_code == 404
