"""Democratic evaluation of members: stages, anonymous mutual assessment, at most a third
excellent, probationary members not graded."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.members import (
    evaluation_advance,
    evaluation_start,
    grades_record,
    mutual_submit,
    self_assessment_submit,
)
from evaluation.models import MutualTally
from party.models import MemberStatus, PartyMember

pytestmark = pytest.mark.django_db
TEXT = "一年来认真学习党的创新理论，按时参加组织生活，按月交纳党费，在科研岗位上发挥先锋模范作用。" * 2


@pytest.fixture
def branch_members(tree, members, make_user):
    """Seven full members (three from the shared fixture) and one probationary member."""
    people = list(PartyMember.objects.filter(organization=tree["branch"]))
    for n in range(4):
        people.append(
            PartyMember.objects.create(
                user=make_user(f"extra{n}"), name=f"党员{n}", id_number="", organization=tree["branch"], status="full"
            )
        )
    people.append(
        PartyMember.objects.create(
            user=make_user("probation"),
            name="预备党员甲",
            id_number="",
            organization=tree["branch"],
            status="probationary",
        )
    )
    return people


def test_the_stages_and_the_one_third_limit(tree, secretary, branch_members):
    evaluation = evaluation_start(actor=secretary, organization=tree["branch"], year=2026)
    with pytest.raises(ValidationError):
        evaluation_start(actor=secretary, organization=tree["branch"], year=2026)
    self_assessment_submit(actor=branch_members[0].user, evaluation=evaluation, text=TEXT)
    evaluation_advance(actor=secretary, evaluation=evaluation)  # → mutual
    entries = {e.member_id: e for e in evaluation.entries.all()}
    me = entries[branch_members[0].pk]
    grades = {e.pk: "qualified" for e in entries.values() if e.pk != me.pk}
    first_other = next(iter(grades))
    grades[first_other] = "excellent"
    mutual_submit(actor=branch_members[0].user, evaluation=evaluation, grades=grades)
    with pytest.raises(ValidationError):
        mutual_submit(actor=branch_members[0].user, evaluation=evaluation, grades=grades)
    assert MutualTally.objects.get(entry_id=first_other, grade="excellent").count == 1
    evaluation_advance(actor=secretary, evaluation=evaluation)  # → grading
    full = [e for e in entries.values() if e.member.status == MemberStatus.FULL]
    assert len(full) == 7
    three = {e.pk: "excellent" for e in full[:3]} | {e.pk: "qualified" for e in full[3:]}
    with pytest.raises(ValidationError) as too_many:
        grades_record(actor=secretary, evaluation=evaluation, grades=three)
    assert "2" in str(too_many.value)  # floor(7 / 3) = 2
    two = {e.pk: "excellent" for e in full[:2]} | {e.pk: "qualified" for e in full[2:]}
    grades_record(actor=secretary, evaluation=evaluation, grades=two)
    evaluation_advance(actor=secretary, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.stage == "closed"


def test_a_probationary_member_cannot_be_graded(tree, secretary, branch_members):
    evaluation = evaluation_start(actor=secretary, organization=tree["branch"], year=2026)
    evaluation_advance(actor=secretary, evaluation=evaluation)
    evaluation_advance(actor=secretary, evaluation=evaluation)
    probationary = evaluation.entries.get(member__status="probationary")
    with pytest.raises(ValidationError) as refused:
        grades_record(actor=secretary, evaluation=evaluation, grades={probationary.pk: "qualified"})
    assert "预备党员甲" in str(refused.value)
    with pytest.raises(ValidationError):  # closing needs every full member graded
        evaluation_advance(actor=secretary, evaluation=evaluation)


def test_only_the_branch_managers_run_it(tree, other_secretary, secretary, branch_members):
    with pytest.raises(PermissionDenied):
        evaluation_start(actor=other_secretary, organization=tree["branch"], year=2026)
    evaluation = evaluation_start(actor=secretary, organization=tree["branch"], year=2026)
    with pytest.raises(PermissionDenied):
        self_assessment_submit(actor=other_secretary, evaluation=evaluation, text=TEXT)


def test_member_evaluation_pages(tree, secretary, branch_members, login):
    client = login(secretary)
    client.post(f"/evaluation/members/{tree['branch'].pk}/", {"action": "start"})
    member = login(branch_members[1].user)
    member.post("/evaluation/members/mine/", {"action": "self", "text": TEXT})
    page = client.get(f"/evaluation/members/{tree['branch'].pk}/").content.decode()
    assert "自评" in page or "Self" in page
    assert login(branch_members[2].user).get(f"/evaluation/members/{tree['branch'].pk}/").status_code in (403, 404)
