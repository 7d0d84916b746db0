"""The expert review journey in Chromium: round with a rubric, optimal assignment, one pair
adjusted, invitations; a decline replaced; scoring with a validation error; a conflict declared;
ranked results; a panel vote; the applicant reads the anonymous comments."""

import pytest
from django.utils import timezone

from reviews.models import Assignment, AssignmentSource, AssignmentStatus, PanelSession, Review, ReviewRound
from reviews.panels import panel_vote_cast
from reviews.scoring import review_save
from reviews.tests.conftest import accept
from tests.browser.conftest import snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COMMENT = "研究目标明确，技术路线可行，创新性较强，团队基础扎实。建议细化考核指标，加强示范应用与成果转化环节的设计。"


def score_by_service(assignment, value):
    review = Review.objects.get(assignment=assignment)
    data = {f"score_{c.pk}": str(value) for c in assignment.round.criteria.all()}
    data |= {"recommendation": "support", "comment": COMMENT}
    review_save(actor=assignment.expert, review=review, data=data, version=review.version, submit=True)


def test_expert_review_from_round_to_anonymous_feedback(open_as, officer, passed, pool, applicant):
    staff = open_as(officer)
    staff.goto("/reviews/")
    snap(staff, "40-review-rounds")
    staff.click("text=新建评审批次")
    staff.fill("#id_reviewers_per_item", "3")
    staff.fill("#id_max_load", "3")
    staff.fill("#id_min_comment_length", "20")
    staff.fill("#id_deadline", (timezone.localtime() + timezone.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    staff.fill("#criterion-0-weight", "40")  # 40 + 25 + 20 + 15 + 10 = 110: refused at the rubric
    staff.click("button[type=submit]")
    assert "110" in staff.locator("#criteria_error").inner_text()
    snap(staff, "41-rubric-weights-refused")
    staff.fill("#criterion-0-weight", "30")
    staff.click("button[type=submit]")
    staff.wait_for_selector("#run-assignment")
    snap(staff, "42-round-created")
    round = ReviewRound.objects.get()

    staff.click("#run-assignment")
    staff.wait_for_selector("[data-testid=job-result]")
    snap(staff, "43-assignment-job-done")
    staff.click("[data-testid=job-result]")
    staff.wait_for_selector("text=专家")
    snap(staff, "44-assignment-proposed")
    assert round.assignments.filter(status=AssignmentStatus.PROPOSED).count() == 9

    # Adjust one pair: take an expert off the first application, then add the same-city expert
    # with an override reason (the off-site rule is the one conflict that may be overridden).
    first = round.items.get(application=passed[0])
    staff.goto(f"/reviews/rounds/{round.pk}/assignments/{first.pk}/")
    staff.locator("button:has-text('移出')").first.click()
    staff.wait_for_selector(".alert-success")
    row = staff.locator("tr", has_text=pool["same_city"].full_name)
    row.locator("[name=override_reason]").fill("省外该方向专家不足")
    row.locator("button").click()
    staff.wait_for_selector(".alert-success")
    snap(staff, "45-pair-adjusted")
    assert round.assignments.filter(expert=pool["same_city"], source=AssignmentSource.OFFICER).exists()

    staff.goto(f"/reviews/rounds/{round.pk}/")
    staff.click("#send-invitations")
    staff.wait_for_selector(".alert-success")
    round.refresh_from_db()
    assert round.status == "in_review"

    # One expert declines in the browser; a replacement is invited at once.
    invited = list(round.assignments.filter(status=AssignmentStatus.INVITED).select_related("expert"))
    decliner = next(a for a in invited if a.expert_id != pool["same_city"].pk)
    expert_page = open_as(decliner.expert)
    expert_page.goto("/reviews/mine/")
    snap(expert_page, "46-expert-invitations")
    expert_page.goto(f"/reviews/mine/{decliner.pk}/")
    expert_page.fill("#decline-reason", "近期出国访问")
    expert_page.click("button[value=decline]")
    expert_page.wait_for_selector(".alert-success")
    assert round.assignments.filter(item=decliner.item, source=AssignmentSource.REPLACEMENT).exists()

    # Another expert accepts, confirms no conflict, makes a mistake, then submits.
    scorer = next(a for a in invited if a.expert_id not in (decliner.expert_id, pool["same_city"].pk))
    scorer_page = open_as(scorer.expert)
    scorer_page.goto(f"/reviews/mine/{scorer.pk}/")
    scorer_page.click("button[value=accept]")
    scorer_page.check("#confirm")
    scorer_page.click("#confirm-no-conflict")
    scorer_page.wait_for_selector("#submit-review")
    criteria = list(round.criteria.all())
    for criterion in criteria:
        scorer_page.fill(f"#score_{criterion.pk}", "8")
    scorer_page.fill(f"#score_{criteria[0].pk}", "12")
    scorer_page.check("#rec-support")
    scorer_page.fill("#comment", COMMENT)
    scorer_page.click("#submit-review")
    assert "0" in scorer_page.locator(f"#score_{criteria[0].pk}_error").inner_text()
    assert scorer_page.input_value("#comment") == COMMENT  # nothing typed is lost
    snap(scorer_page, "47-score-out-of-range")
    scorer_page.fill(f"#score_{criteria[0].pk}", "9")
    scorer_page.click("#submit-review")
    scorer_page.wait_for_selector(".alert-success")
    snap(scorer_page, "48-review-submitted-locked")

    # A third expert declares a conflict before reading the application.
    conflicted = next(
        a
        for a in round.assignments.filter(status=AssignmentStatus.INVITED).select_related("expert")
        if a.expert_id not in (decliner.expert_id, scorer.expert_id)
    )
    conflict_page = open_as(conflicted.expert)
    conflict_page.goto(f"/reviews/mine/{conflicted.pk}/")
    conflict_page.click("button[value=accept]")
    conflict_page.fill("#conflict-reason", "与项目负责人为同一课题组成员")
    conflict_page.click("button[name=declare]")
    conflict_page.wait_for_selector(".alert-success")
    conflicted.refresh_from_db()
    assert conflicted.status == AssignmentStatus.CONFLICTED

    # Everyone else scores (by service: the browser part is shown above).
    for assignment in Assignment.objects.filter(round=round, status=AssignmentStatus.INVITED).select_related("expert"):
        accept(assignment)
    for n, assignment in enumerate(
        Assignment.objects.filter(round=round, status=AssignmentStatus.ACCEPTED).select_related("expert", "round")
    ):
        if Review.objects.get(assignment=assignment).status != "submitted":
            score_by_service(assignment, 9 - n % 4)
    staff.goto(f"/reviews/rounds/{round.pk}/results/")
    snap(staff, "49-results-ranked")
    staff.click("#publish-results")
    staff.wait_for_selector(".alert-success")
    round.refresh_from_db()
    assert round.status == "closed" and all(i.rank for i in round.items.all())

    # Panel vote on the top application.
    voters = list(
        {a.expert_id: a.expert for a in round.assignments.filter(status="accepted").select_related("expert")}.values()
    )[:3]
    top = round.items.order_by("rank").first()
    staff.goto(f"/reviews/rounds/{round.pk}/panel/new/")
    staff.fill("#id_held_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    staff.fill("#id_place", "省科技厅第三会议室")
    for voter in voters:
        staff.check(f"#att-{voter.pk}")
    staff.check(f"#item-{top.pk}")
    staff.click("button:has-text('开始投票')")
    staff.wait_for_selector("#close-vote")
    session = PanelSession.objects.get()
    voter_page = scorer_page if scorer.expert in voters else open_as(voters[0])
    me = scorer.expert if scorer.expert in voters else voters[0]
    voter_page.goto(f"/reviews/panel/{session.pk}/vote/")
    snap(voter_page, "50-panel-vote")
    voter_page.click("button[value=agree]")
    voter_page.wait_for_selector(".alert-success")
    for other in [v for v in voters if v != me]:
        panel_vote_cast(actor=other, session=session, item=top, vote="agree")
    staff.click("#close-vote")
    staff.wait_for_selector("text=通过")
    snap(staff, "51-panel-results")
    session.refresh_from_db()
    assert session.results[str(top.pk)]["passed"] is True

    # The applicant reads the comments as 专家A/B/C.
    pi = open_as(applicant)
    pi.goto(f"/applications/{passed[0].pk}/")
    pi.click("[data-testid=feedback]")
    pi.wait_for_selector("text=专家A")
    snap(pi, "52-applicant-anonymous-comments")
    body = pi.content()
    for assignment in round.assignments.select_related("expert"):
        assert assignment.expert.full_name not in body
