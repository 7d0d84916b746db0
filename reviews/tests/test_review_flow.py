"""The review workflow end to end through the real views: round, assignment, invitations,
decline and replacement, conflict declaration, scoring, results, panel vote, applicant feedback."""

import pytest
from django.utils import timezone

from approvals.models import ReviewScore, ScoreSource
from audit.models import AuditEvent
from core.models import Job, JobStatus
from reviews.models import (
    Assignment,
    AssignmentSource,
    AssignmentStatus,
    ConflictOverride,
    PanelSession,
    Review,
    ReviewRound,
    RoundStatus,
)

pytestmark = pytest.mark.django_db

COMMENT = "研究目标明确，技术路线总体可行，创新点突出，团队前期基础扎实，建议加强示范应用环节的设计。"


def round_form(**changes) -> dict:
    data = {
        "title": "2027年度重点研发计划通讯评审",
        "kind": "remote",
        "reviewers_per_item": "3",
        "max_load": "3",
        "deadline": (timezone.localtime() + timezone.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "answer_days": "3",
        "blind": "on",
        "off_site": "city",
        "group_by_discipline": "on",
        "aggregation": "mean",
        "dispersion_limit": "12",
        "min_comment_length": "20",
        "pair_cap": "0.5",
        "pass_share": "0.667",
    }
    rubric = [("创新性", 40, 10), ("可行性", 30, 10), ("研究基础", 30, 10)]
    for n, (name, weight, top) in enumerate(rubric):
        data |= {
            f"criterion-{n}-name": name,
            f"criterion-{n}-weight": str(weight),
            f"criterion-{n}-max_score": str(top),
        }
    return data | changes


def scores(review_round, values) -> dict:
    return {f"score_{c.pk}": str(v) for c, v in zip(review_round.criteria.all(), values, strict=True)}


def test_the_whole_review(
    officer, passed, pool, applicant, login, django_capture_on_commit_callbacks, mailoutbox, make_expert
):
    office = login(officer)
    # A rubric whose weights do not add up is refused at the rubric, with nothing lost.
    response = office.post(f"/reviews/calls/{passed[0].call_id}/new/", round_form(**{"criterion-0-weight": "50"}))
    assert response.status_code == 200 and "110" in response.content.decode()
    assert 'value="创新性"' in response.content.decode()
    response = office.post(f"/reviews/calls/{passed[0].call_id}/new/", round_form())
    round = ReviewRound.objects.get()
    assert response.status_code == 302 and round.items.count() == 3 and round.criteria.count() == 3

    # The assignment runs as a job with progress and lands on the proposal.
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(f"/reviews/rounds/{round.pk}/assign/")
    job = Job.objects.get(kind="review_assignment")
    assert response.url == f"/jobs/{job.pk}/" and job.status == JobStatus.DONE and job.percent == 100
    round.refresh_from_db()
    assert round.status == RoundStatus.PROPOSED and round.assignments.count() == 9
    page = office.get(f"/reviews/rounds/{round.pk}/assignments/").content.decode()
    assert passed[0].title in page

    # Adjust one pair by hand: take one expert off, add another (the same-city one, overriding).
    first = round.items.get(application=passed[0])
    taken = round.assignments.filter(item=first).first()
    office.post(f"/reviews/withdraw/{taken.pk}/", {"reason": "调整专业匹配"})
    item_url = f"/reviews/rounds/{round.pk}/assignments/{round.items.get(application=passed[1]).pk}/"
    second = round.items.get(application=passed[1])
    response = office.post(item_url, {"expert": pool["same_city"].pk})
    assert response.status_code == 200 and not round.assignments.filter(item=second, expert=pool["same_city"]).exists()
    response = office.post(item_url, {"expert": pool["same_city"].pk, "override_reason": "该方向省外专家不足"})
    assert response.status_code == 302
    override = ConflictOverride.objects.get(expert=pool["same_city"])
    assert override.conflicts == ["same_city"] and override.decided_by == officer
    response = office.post(item_url, {"expert": pool["same_unit"].pk, "override_reason": "试图覆盖"})
    assert response.status_code == 200 and not round.assignments.filter(expert=pool["same_unit"]).exists()

    # Invitations go out; the message names the round, never an applicant.
    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"/reviews/rounds/{round.pk}/invite/")
    round.refresh_from_db()
    assert round.status == RoundStatus.IN_REVIEW
    invited = list(round.assignments.filter(status=AssignmentStatus.INVITED).select_related("expert"))
    assert invited and mailoutbox
    for message in mailoutbox:
        for application in passed:
            assert application.title not in message.body and application.unit.name not in message.body
            assert application.pi.full_name not in message.body

    # One expert declines: the place is refilled automatically with a new invitation.
    decliner = invited[0]
    client = login(decliner.expert)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reviews/mine/{decliner.pk}/answer/", {"answer": "decline", "reason": "出差无法参加"})
    decliner.refresh_from_db()
    assert decliner.status == AssignmentStatus.DECLINED
    replacement = round.assignments.filter(item=decliner.item, source=AssignmentSource.REPLACEMENT)
    assert replacement.filter(status=AssignmentStatus.INVITED).exists()
    assert client.get(f"/reviews/mine/{decliner.pk}/").status_code == 404

    # Everyone else accepts, confirms no conflict and scores; one declares a conflict instead.
    clients = {decliner.expert_id: client}  # one sign-in per person (a TOTP code is never accepted twice)
    declared = None
    for assignment in round.assignments.filter(status=AssignmentStatus.INVITED).select_related("expert"):
        expert_client = clients.get(assignment.expert_id) or login(assignment.expert)
        clients[assignment.expert_id] = expert_client
        expert_client.post(f"/reviews/mine/{assignment.pk}/answer/", {"answer": "accept"})
        if declared is None and assignment.item_id != decliner.item_id:
            with django_capture_on_commit_callbacks(execute=True):
                expert_client.post(
                    f"/reviews/mine/{assignment.pk}/conflict/", {"declare": "1", "reason": "与申报人曾有合作"}
                )
            declared = assignment
            continue
        expert_client.post(f"/reviews/mine/{assignment.pk}/conflict/", {"confirm": "yes"})
    declared.refresh_from_db()
    assert declared.status == AssignmentStatus.CONFLICTED
    # The conflict's replacement accepts and scores too.
    for assignment in round.assignments.filter(status=AssignmentStatus.INVITED).select_related("expert"):
        expert_client = clients.get(assignment.expert_id) or login(assignment.expert)
        clients[assignment.expert_id] = expert_client
        expert_client.post(f"/reviews/mine/{assignment.pk}/answer/", {"answer": "accept"})
        expert_client.post(f"/reviews/mine/{assignment.pk}/conflict/", {"confirm": "yes"})
    accepted = list(round.assignments.filter(status=AssignmentStatus.ACCEPTED))
    assert len(accepted) == 9
    for n, assignment in enumerate(accepted):
        values = [8 - n % 3, 7, 9] if assignment.item.application_id != passed[2].pk else [5, 5, 5]
        data = scores(round, values) | {"recommendation": "support", "comment": COMMENT, "submit": "1"}
        review = Review.objects.get(assignment=assignment)
        response = clients[assignment.expert_id].post(
            f"/reviews/mine/{assignment.pk}/", data | {"version": review.version}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Review.objects.filter(status="submitted").count() == 9

    # Results: ranked, published into the funding list's scores, applicants notified.
    page = office.get(f"/reviews/rounds/{round.pk}/results/").content.decode()
    assert passed[0].title in page
    response = office.post(f"/reviews/rounds/{round.pk}/results/publish/")
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED
    ranked = list(round.items.order_by("rank"))
    assert ranked[-1].application_id == passed[2].pk and ranked[-1].score == 50
    assert ReviewScore.objects.filter(source=ScoreSource.REVIEW).count() == 3

    # A panel session votes with a two-thirds pass share.
    voters = [a.expert for a in accepted[:3]]
    office.post(
        f"/reviews/rounds/{round.pk}/panel/new/",
        {
            "title": "会议评审",
            "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "place": "省科技厅三楼会议室",
            "attendees": [u.pk for u in voters],
            "items": [ranked[0].pk],
        },
    )
    session = PanelSession.objects.get()
    for voter, choice in zip(voters, ["agree", "agree", "disagree"], strict=True):
        voter_client = clients[voter.pk]
        voter_client.post(f"/reviews/panel/{session.pk}/vote/", {"item": ranked[0].pk, "vote": choice})
    office.post(f"/reviews/panel/{session.pk}/close/")
    session.refresh_from_db()
    result = session.results[str(ranked[0].pk)]
    assert result["needed"] == 2 and result["passed"] == (result["agree"] >= 2)

    # The applicant sees the comments as 专家A/B/C, with no reviewer's name anywhere.
    item = round.items.get(application=passed[0])
    page = login(applicant).get(f"/reviews/feedback/{item.pk}/").content.decode()
    assert "专家A" in page or "Expert A" in page
    for assignment in Assignment.objects.filter(round=round).select_related("expert"):
        assert assignment.expert.full_name not in page and assignment.expert.username not in page

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "review_round.create",
        "review_round.propose",
        "review_round.invite",
        "review_assignment.decline",
    } <= actions
    assert {
        "review_assignment.declare_conflict",
        "review.submit",
        "review_round.publish",
        "panel_session.close",
    } <= actions
