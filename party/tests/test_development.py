"""Member development: the 25 steps in order, each timing rule at its edge, sponsors, training,
activist reviews and branch meeting votes; registry entries on approval."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from party.development import case_start, months_after, probation_extend, step_record
from party.models import DevelopmentStep, MemberStatus, PartyMember

pytestmark = pytest.mark.django_db
VOTE = {"present": 3, "yes": 2}  # the branch has 3 full members (+ the secretary's own branch elsewhere)


@pytest.fixture
def case(tree, members, secretary):
    return case_start(
        actor=secretary,
        organization=tree["branch"],
        name="孙晓东",
        id_number="330106199505050012",
        applied_on=date(2023, 3, 1),
    )


def run(case, secretary, number, day, **data):
    return step_record(actor=secretary, case=case, number=number, done_on=day, data=data or None)


def to_candidate(case, secretary, members):
    to_candidate_until_vote(case, secretary, members)
    run(case, secretary, 15, date(2024, 9, 1), **VOTE)
    run(case, secretary, 16, date(2024, 9, 10))


def test_the_25_steps_are_data():
    assert DevelopmentStep.objects.count() == 25
    assert DevelopmentStep.objects.get(number=7).min_months == 12


def test_steps_out_of_order_are_refused_with_the_step_that_comes_first(case, secretary):
    with pytest.raises(ValidationError) as refused:
        run(case, secretary, 3, date(2023, 4, 1))
    assert "2." in str(refused.value)


def test_the_first_talk_is_due_within_a_month(case, secretary):
    assert run(case, secretary, 2, date(2023, 4, 1)).late is False  # 1 March + 1 month
    case2 = case_start(
        actor=secretary, organization=case.organization, name="李一", id_number="", applied_on=date(2023, 3, 1)
    )
    assert run(case2, secretary, 2, date(2023, 4, 2)).late is True  # accepted, flagged


def test_an_activist_becomes_a_candidate_after_a_year_with_reviews_every_six_months(case, secretary):
    run(case, secretary, 2, date(2023, 3, 20))
    for n in (3, 4, 5):
        run(case, secretary, n, date(2023, 6, 1))
    run(case, secretary, 6, date(2023, 12, 1))
    with pytest.raises(ValidationError) as refused:
        run(case, secretary, 7, date(2024, 5, 31))  # a day short of a year
    assert "2024-06-01" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        run(case, secretary, 7, date(2024, 6, 1))  # a year, but only one review
    assert "2" in str(refused.value)
    run(case, secretary, 6, date(2024, 5, 30))
    assert run(case, secretary, 7, date(2024, 6, 1)).step.number == 7


def test_two_full_member_sponsors_and_enough_training(case, secretary, members, tree):
    run(case, secretary, 2, date(2023, 3, 20))
    for n in (3, 4, 5):
        run(case, secretary, n, date(2023, 6, 1))
    run(case, secretary, 6, date(2023, 12, 1))
    run(case, secretary, 6, date(2024, 6, 1))
    run(case, secretary, 7, date(2024, 6, 1))
    run(case, secretary, 8, date(2024, 6, 10))
    probationary = PartyMember.objects.create(
        name="预备", id_number="", organization=tree["branch"], status=MemberStatus.PROBATIONARY
    )
    for sponsors in ([members[0].pk], [members[0].pk, probationary.pk]):
        with pytest.raises(ValidationError):
            run(case, secretary, 9, date(2024, 6, 10), sponsors=sponsors)
    run(case, secretary, 9, date(2024, 6, 10), sponsors=[members[0].pk, members[1].pk])
    run(case, secretary, 10, date(2024, 7, 1))
    with pytest.raises(ValidationError):
        run(case, secretary, 11, date(2024, 7, 5), days=2, hours=23)
    run(case, secretary, 11, date(2024, 7, 5), hours=24)


@pytest.mark.parametrize(("present", "yes", "ok"), [(2, 2, True), (1, 1, False), (3, 1, False), (4, 4, False)])
def test_branch_meeting_votes_need_more_than_half_of_the_full_members(case, secretary, members, present, yes, ok):
    """Entitled: the branch's 3 full members (a probationary member would not count)."""
    to_candidate_until_vote(case, secretary, members)
    if ok:
        run(case, secretary, 15, date(2024, 9, 1), present=present, yes=yes)
    else:
        with pytest.raises(ValidationError):
            run(case, secretary, 15, date(2024, 9, 1), present=present, yes=yes)


def to_candidate_until_vote(case, secretary, members):
    run(case, secretary, 2, date(2023, 3, 20))
    for n in (3, 4, 5):
        run(case, secretary, n, date(2023, 6, 1))
    run(case, secretary, 6, date(2023, 12, 1))
    run(case, secretary, 6, date(2024, 6, 1))
    run(case, secretary, 7, date(2024, 6, 1))
    run(case, secretary, 8, date(2024, 6, 10))
    run(case, secretary, 9, date(2024, 6, 10), sponsors=[members[0].pk, members[1].pk])
    run(case, secretary, 10, date(2024, 7, 1))
    run(case, secretary, 11, date(2024, 7, 5), days=3)
    for n, day in ((12, date(2024, 8, 1)), (13, date(2024, 8, 10)), (14, date(2024, 8, 15))):
        run(case, secretary, n, day)


def test_approval_within_six_months_enters_a_probationary_member(case, secretary, members):
    to_candidate(case, secretary, members)
    with pytest.raises(ValidationError):
        run(case, secretary, 17, date(2025, 3, 2))  # more than 6 months after the branch meeting
    record = run(case, secretary, 17, date(2024, 12, 15))  # after 3 months: accepted, flagged late
    assert record.late is True
    case.refresh_from_db()
    assert case.member.status == MemberStatus.PROBATIONARY and case.member.admitted_on == date(2024, 9, 1)


def test_probation_lasts_a_year_from_the_branch_meeting_and_may_be_extended(case, secretary, members):
    to_candidate(case, secretary, members)
    run(case, secretary, 17, date(2024, 10, 1))
    for n in (18, 19, 20):
        run(case, secretary, n, date(2024, 10, 15))
    with pytest.raises(ValidationError) as refused:
        run(case, secretary, 22, date(2025, 8, 31))
    assert "2025-09-01" in str(refused.value)
    with pytest.raises(ValidationError):
        probation_extend(actor=secretary, case=case, months=3, reason="考察期表现需进一步观察")
    probation_extend(actor=secretary, case=case, months=6, reason="考察期表现需进一步观察")
    with pytest.raises(ValidationError):
        run(case, secretary, 22, date(2025, 9, 1))  # now 18 months
    run(case, secretary, 22, date(2026, 3, 1))
    run(case, secretary, 23, date(2026, 3, 1), present=3, yes=3)
    run(case, secretary, 24, date(2026, 3, 20))
    case.refresh_from_db()
    assert case.member.status == MemberStatus.FULL and case.member.full_on == date(2026, 3, 1)


def test_only_the_branch_managers_record_steps(case, other_secretary):
    with pytest.raises(PermissionDenied):
        step_record(actor=other_secretary, case=case, number=2, done_on=date(2023, 3, 10))


def test_months_after_keeps_the_day_or_takes_the_month_end():
    assert months_after(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert months_after(date(2023, 3, 1), 12) == date(2024, 3, 1)


def test_development_pages_refuse_an_early_step_at_the_field_and_keep_the_input(tree, members, secretary, login):
    client = login(secretary)
    response = client.post(
        f"/party/orgs/{tree['branch'].pk}/development/", {"name": "周敏", "id_number": "", "applied_on": "2024-01-10"}
    )
    case_url = response.url
    client.post(case_url, {"step": "2", "done_on": "2024-01-20"})
    client.post(case_url, {"step": "3", "done_on": "2024-02-01"})
    page = client.post(case_url, {"step": "7", "done_on": "2024-03-01", "document": "支委会纪要"}).content.decode()
    assert 'id="step_error"' in page and "支委会纪要" in page
    other = login(members[0].user)
    assert other.get(case_url).status_code == 403
