"""Terms and elections (validity at 4/5 present, elected with more than half), postponement,
and transfers of membership with letters that expire."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from party.models import MemberStatus, PartyMember, TransferStatus
from party.organization import elected, election_record, election_valid, term_postpone, transfer_decide, transfer_issue
from party.services import bills_generate, dues_base_declare, dues_pay

pytestmark = pytest.mark.django_db


def test_an_election_needs_four_fifths_present_and_winners_more_than_half():
    assert election_valid(10, 8) and not election_valid(10, 7)
    assert election_valid(5, 4) and not election_valid(6, 4)  # 4/6 < 4/5
    assert elected(10, [{"name": "甲", "votes": 6}, {"name": "乙", "votes": 5}]) == [
        "甲"
    ]  # 5 of 10 is not more than half


def test_probationary_members_have_no_vote_and_a_valid_election_starts_the_term(tree, members, secretary):
    PartyMember.objects.create(name="预备", id_number="", organization=tree["branch"], status=MemberStatus.PROBATIONARY)
    with pytest.raises(ValidationError):
        election_record(
            actor=secretary,
            organization=tree["branch"],
            held_on=timezone.localdate(),
            present=4,
            ballots=[{"name": "王建国", "votes": 4}],
        )
    election = election_record(
        actor=secretary,
        organization=tree["branch"],
        held_on=timezone.localdate(),
        present=3,
        ballots=[{"name": "王建国", "votes": 3}, {"name": "李红梅", "votes": 1}],
    )
    assert election.entitled == 3 and election.valid and election.elected == ["王建国"]
    tree["branch"].refresh_from_db()
    assert tree["branch"].term_started_on == timezone.localdate()
    assert tree["branch"].term_ends_on.year == timezone.localdate().year + 3


def test_an_invalid_election_keeps_the_old_term(tree, members, secretary):
    election = election_record(
        actor=secretary,
        organization=tree["branch"],
        held_on=timezone.localdate(),
        present=2,
        ballots=[{"name": "王建国", "votes": 2}],
    )
    assert election.valid is False and election.elected == []  # 2 of 3 < 4/5
    tree["branch"].refresh_from_db()
    assert tree["branch"].term_started_on is None


def test_early_elections_need_an_approval_and_postponement_is_at_most_a_year(tree, members, secretary, make_user):
    with pytest.raises(ValidationError):
        election_record(
            actor=secretary,
            organization=tree["branch"],
            held_on=timezone.localdate(),
            present=3,
            ballots=[{"name": "甲", "votes": 3}],
            kind="early",
        )
    from party.tests.conftest import post_holder

    committee_secretary = post_holder(make_user, "committee_sec", tree["committee"], home=tree["committee"])
    tree["branch"].term_started_on = date(2023, 6, 1)
    tree["branch"].save()
    term_postpone(actor=committee_secretary, organization=tree["branch"], months=6, document="科院党〔2026〕3号")
    assert tree["branch"].term_ends_on == date(2026, 12, 1)
    with pytest.raises(ValidationError):
        term_postpone(actor=committee_secretary, organization=tree["branch"], months=7, document="再次延期")


def test_a_transfer_letter_states_dues_paid_and_the_receiver_accepts(tree, members, secretary, other_secretary):
    member = members[0]
    month = timezone.localdate().replace(day=1)
    dues_base_declare(actor=secretary, member=member, amount="4000", effective_month=month)
    bills_generate(actor=secretary, organization=tree["branch"], month=month)
    dues_pay(actor=secretary, bills=list(member.dues_bills.all()), paid_on=timezone.localdate())
    transfer = transfer_issue(actor=secretary, member=member, to_org=tree["other"], reason="工作调动")
    assert transfer.dues_paid_to == month and transfer.valid_until > timezone.localdate() + timedelta(days=88)
    with pytest.raises(PermissionDenied):
        transfer_decide(actor=secretary, transfer=transfer, accept=True)  # the receiver decides
    with pytest.raises(ValidationError):
        transfer_decide(actor=other_secretary, transfer=transfer, accept=False)  # a rejection needs a reason
    transfer_decide(actor=other_secretary, transfer=transfer, accept=True)
    member.refresh_from_db()
    assert member.organization == tree["other"]


def test_an_expired_letter_cannot_be_accepted_and_outside_transfers_leave_the_registry(
    tree, members, secretary, other_secretary
):
    transfer = transfer_issue(
        actor=secretary, member=members[1], to_org=tree["other"], issued_on=timezone.localdate() - timedelta(days=100)
    )
    assert transfer.expired
    with pytest.raises(ValidationError):
        transfer_decide(actor=other_secretary, transfer=transfer, accept=True)
    out = transfer_issue(actor=secretary, member=members[2], to_name="中共某市某区街道工作委员会")
    assert out.status == TransferStatus.COMPLETED
    members[2].refresh_from_db()
    assert members[2].is_active is False


def test_transfer_and_election_pages(tree, members, secretary, other_secretary, login):
    client = login(secretary)
    client.post(f"/party/members/{members[0].pk}/transfer/", {"to_org": tree["other"].pk, "reason": "工作调动"})
    receiver = login(other_secretary)
    page = receiver.get(f"/party/orgs/{tree['other'].pk}/").content.decode()
    assert members[0].name in page and "ZZ" in page
    transfer = members[0].transfers.get()
    answer = client.post(f"/party/transfers/{transfer.pk}/answer/", {"answer": "accept"})
    assert answer.status_code == 404  # not the receiving organization
    receiver.post(f"/party/transfers/{transfer.pk}/answer/", {"answer": "accept"})
    members[0].refresh_from_db()
    assert members[0].organization == tree["other"]
    client.post(
        f"/party/orgs/{tree['branch'].pk}/elections/new/",
        {"held_on": timezone.localdate().isoformat(), "present": "2", "ballots": "李红梅 2\n张伟：1"},
    )
    election = tree["branch"].elections.get()
    assert election.entitled == 2 and election.valid and election.elected == ["李红梅"]


def test_contact_points_with_visits_and_the_quarterly_flag(tree, members, secretary, login):
    from party.organization import contact_point_add, contact_visit_record, visit_overdue

    point = contact_point_add(
        actor=secretary, leader=members[0], organization=tree["branch"], level="branch", team="先进碳材料创新团队"
    )
    assert visit_overdue(None)
    with pytest.raises(ValidationError):
        contact_visit_record(actor=secretary, point=point, visited_on=timezone.localdate(), summary=" ")
    contact_visit_record(
        actor=secretary, point=point, visited_on=timezone.localdate(), summary="走访课题组，了解科研攻关中的困难。"
    )
    page = login(secretary).get("/party/contact-points/").content.decode()
    assert "先进碳材料创新团队" in page and timezone.localdate().isoformat() in page
    assert visit_overdue(date(2026, 1, 1), today=date(2026, 4, 2)) and not visit_overdue(
        date(2026, 1, 1), today=date(2026, 3, 31)
    )


def test_members_six_months_without_attending_paying_or_transferring_are_flagged(tree, members, secretary, login):
    from party.meetings import meeting_record
    from party.organization import lost_contact

    everyone = list(PartyMember.objects.filter(organization=tree["branch"]))
    assert set(lost_contact(tree["branch"])) == set(everyone)
    meeting_record(
        actor=secretary,
        organization=tree["branch"],
        kind="theme_day",
        held_on=timezone.localdate(),
        topic="主题党日",
        minutes="学习。",
        present_ids=[members[0].pk],
        leave_reasons={m.pk: "出差" for m in everyone if m != members[0]},
    )
    flagged = lost_contact(tree["branch"])
    assert members[0] not in flagged and members[1] in flagged
    assert members[1].name in login(secretary).get(f"/party/orgs/{tree['branch'].pk}/").content.decode()
