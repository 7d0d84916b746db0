"""Regression tests from the review pass: re-runs, concurrent jobs, parties to a round, deadlines,
publication with missing reviews, stale proposals, tampered input."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from accounts.services import role_grant
from core.models import Job, JobStatus
from integrity.models import Restriction
from integrity.services import integrity_record_create
from notifications.models import Notification
from reviews.models import Assignment, AssignmentSource, AssignmentStatus, Review, ReviewRound
from reviews.panels import panel_session_create
from reviews.scoring import results_publish, review_reopen, review_save
from reviews.services import (
    assignment_add,
    assignment_fill,
    assignment_run,
    assignment_withdraw,
    review_round_deadline_extend,
    round_assign_finish,
    round_invite,
)
from reviews.tests.conftest import accept

pytestmark = pytest.mark.django_db
COMMENT = "论证充分，技术路线清晰可行，建议加强产业化示范和知识产权布局，细化年度考核指标。"


def proposed(round, officer):
    report = assignment_fill(round)
    round_assign_finish(actor=officer, round=round, report=report)
    round.refresh_from_db()
    return report


def submit(assignment, value=8):
    review = Review.objects.get(assignment=assignment)
    data = {f"score_{c.pk}": str(value) for c in assignment.round.criteria.all()}
    data |= {"recommendation": "support", "comment": COMMENT}
    return review_save(actor=assignment.expert, review=review, data=data, version=review.version, submit=True)


def test_running_the_assignment_again_replaces_the_proposal_and_keeps_manual_additions(
    review_round, officer, pool, passed
):
    proposed(review_round, officer)
    item = review_round.items.get(application=passed[1])
    assignment_add(
        actor=officer, round=review_round, item=item, expert=pool["same_city"], override_reason="省外专家不足"
    )
    report = assignment_fill(review_round)
    assert report["placed"] > 0
    active = review_round.assignments.filter(status=AssignmentStatus.PROPOSED)
    assert active.filter(source=AssignmentSource.OFFICER, expert=pool["same_city"]).exists()
    for each in review_round.items.all():
        assert active.filter(item=each).count() >= review_round.reviewers_per_item


def test_a_second_run_is_refused_while_one_is_running(review_round, officer):
    job = assignment_run(actor=officer, round=review_round)  # its task waits for the commit
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    with pytest.raises(ValidationError):
        assignment_run(actor=officer, round=review_round)


def test_parties_to_a_round_never_see_its_staff_pages(in_review, passed, login, make_user, office):
    role_grant(actor=None, user=passed[0].pi, role=Role.LEADER)
    client = login(passed[0].pi)
    for path in ("", "assignments/", "results/", "results.xlsx"):
        assert client.get(f"/reviews/rounds/{in_review.pk}/{path}").status_code == 404, path
    assert str(in_review.title) not in client.get("/reviews/").content.decode()
    reviewer = Assignment.objects.filter(round=in_review).first().expert
    role_grant(actor=None, user=reviewer, role=Role.OFFICER, office=office)
    assert login(reviewer).get(f"/reviews/rounds/{in_review.pk}/results/").status_code == 404


def test_conflicted_items_are_not_listed_on_the_vote_page(review_round, pool, officer, passed, login):
    first, second = review_round.items.get(application=passed[0]), review_round.items.get(application=passed[1])
    session = panel_session_create(
        actor=officer,
        round=review_round,
        title="会议评审",
        held_at=timezone.now(),
        place="",
        attendees=[pool["coop"], pool["wz1"], pool["nj1"]],
        items=[first, second],
    )
    page = login(pool["coop"]).get(f"/reviews/panel/{session.pk}/vote/").content.decode()
    assert first.code not in page and passed[0].title not in page and second.code in page


def test_after_the_deadline_nothing_is_refilled_or_reopened_until_it_is_extended(in_review, officer):
    assignment = accept(Assignment.objects.filter(round=in_review).select_related("expert").first())
    review = submit(assignment)
    ReviewRound.objects.filter(pk=in_review.pk).update(deadline=timezone.now() - timezone.timedelta(minutes=1))
    in_review.refresh_from_db()
    other = Assignment.objects.filter(round=in_review, status=AssignmentStatus.INVITED).first()
    before = Assignment.objects.filter(round=in_review).count()
    assignment_withdraw(actor=officer, assignment=other, reason="专家临时有事")
    assert Assignment.objects.filter(round=in_review).count() == before  # no invitation past the deadline
    review = Review.objects.select_related("assignment__round").get(pk=review.pk)
    with pytest.raises(ValidationError):
        review_reopen(actor=officer, review=review, reason="修正")
    with pytest.raises(ValidationError):
        review_round_deadline_extend(actor=officer, round=in_review, deadline=timezone.now(), reason="延期")
    review_round_deadline_extend(
        actor=officer, round=in_review, deadline=timezone.now() + timezone.timedelta(days=3), reason="专家申请延期"
    )
    assert Notification.objects.filter(recipient=assignment.expert, title__contains=in_review.title).count() >= 2
    review = Review.objects.select_related("assignment__round").get(pk=review.pk)
    assert review_reopen(actor=officer, review=review, reason="修正笔误").status == "draft"


def test_publishing_items_short_of_reviews_needs_a_reason(in_review, officer):
    assignments = list(Assignment.objects.filter(round=in_review).select_related("expert"))
    declined = assignments[0]
    declined.status = AssignmentStatus.DECLINED
    declined.save(update_fields=["status"])  # and suppose no replacement could be found
    for assignment in assignments[1:]:
        submit(accept(assignment))
    with pytest.raises(ValidationError) as refused:
        results_publish(actor=officer, round=in_review)
    assert "short_reason" in refused.value.message_dict
    results_publish(actor=officer, round=in_review, short_reason="该方向专家不足，经处务会同意")
    in_review.refresh_from_db()
    assert in_review.status == "closed"


def test_an_open_panel_session_blocks_publication(in_review, officer, pool):
    for assignment in Assignment.objects.filter(round=in_review).select_related("expert"):
        submit(accept(assignment))
    panel_session_create(
        actor=officer,
        round=in_review,
        title="会议评审",
        held_at=timezone.now(),
        place="",
        attendees=[pool["wz1"], pool["wz2"], pool["nj1"]],
        items=list(in_review.items.all()),
    )
    with pytest.raises(ValidationError):
        results_publish(actor=officer, round=in_review)


def test_invitations_drop_proposals_a_new_restriction_forbids(review_round, officer, pool):
    proposed(review_round, officer)
    restricted = review_round.assignments.filter(status=AssignmentStatus.PROPOSED).first().expert
    integrity_record_create(
        actor=officer,
        person=restricted,
        list_kind="black",
        restrictions=[Restriction.REVIEW],
        reason="违反评审纪律",
        starts_on=timezone.localdate(),
    )
    result = round_invite(actor=officer, round=review_round)
    assert result["dropped"] >= 1
    assert not Assignment.objects.filter(
        round=review_round, expert=restricted, status=AssignmentStatus.INVITED
    ).exists()


def test_results_page_writes_nothing_before_publication(in_review, officer, login):
    for assignment in Assignment.objects.filter(round=in_review).select_related("expert"):
        submit(accept(assignment))
    assert login(officer).get(f"/reviews/rounds/{in_review.pk}/results/").status_code == 200
    assert not in_review.items.filter(score__isnull=False).exists()


def test_tampered_input_gets_a_message_not_a_server_error(in_review, officer, login):
    assignment = accept(Assignment.objects.filter(round=in_review).select_related("expert").first())
    expert = login(assignment.expert)
    assert expert.post(f"/reviews/mine/{assignment.pk}/", {"version": "abc", "save": "1"}).status_code == 200
    staff = login(officer)
    item = in_review.items.first()
    assert staff.post(f"/reviews/rounds/{in_review.pk}/assignments/{item.pk}/", {"expert": "abc"}).status_code == 200
    response = staff.post(
        f"/reviews/rounds/{in_review.pk}/panel/new/",
        {"title": "会", "held_at": "2027-01-01T09:00", "attendees": ["x", "1"], "items": ["y"]},
    )
    assert response.status_code == 200
    assert staff.post(f"/reviews/rounds/{in_review.pk}/deadline/", {"deadline": "not a date"}).status_code == 302
