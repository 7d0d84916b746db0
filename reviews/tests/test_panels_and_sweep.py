"""Panel votes with a pass share and recusal; expiry and replacement of unanswered invitations;
reminders before the deadline; applicant-requested avoidances."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from applications.models import Application
from notifications.models import Notification
from reviews.models import Assignment, AssignmentSource, AssignmentStatus, AvoidanceRequest, ReviewRound
from reviews.panels import needed_votes, panel_session_close, panel_session_create, panel_vote_cast
from reviews.services import avoidance_request_add, invitations_expire, reminders_send
from reviews.tests.conftest import accept

pytestmark = pytest.mark.django_db


def test_needed_votes_for_two_thirds():
    share = Decimal("0.667")
    assert [needed_votes(share, n) for n in (3, 5, 6, 7, 9, 33)] == [2, 4, 4, 5, 6, 22]
    assert needed_votes(Decimal("0.5"), 4) == 2 and needed_votes(share, 0) == 0
    assert needed_votes(Decimal("0.501"), 2) == 2 and needed_votes(Decimal("0.51"), 51) == 27  # never below the share


def test_panel_vote_with_recusal_and_pass_share(review_round, pool, officer, passed):
    experts = [pool["wz1"], pool["wz2"], pool["nj1"], pool["coop"]]  # coop is conflicted with the first item
    first, second = review_round.items.get(application=passed[0]), review_round.items.get(application=passed[1])
    session = panel_session_create(
        actor=officer,
        round=review_round,
        title="会议评审",
        held_at=timezone.now(),
        place="三楼会议室",
        attendees=experts,
        items=[first, second],
    )
    with pytest.raises(ValidationError):
        panel_vote_cast(actor=pool["coop"], session=session, item=first, vote="agree")  # recused
    with pytest.raises(PermissionDenied):
        panel_vote_cast(actor=pool["nj2"], session=session, item=first, vote="agree")  # not present
    for expert, vote in zip(experts[:3], ["agree", "agree", "disagree"], strict=True):
        panel_vote_cast(actor=expert, session=session, item=first, vote=vote)
    for expert, vote in zip(experts, ["agree", "agree", "abstain", "disagree"], strict=True):
        panel_vote_cast(actor=expert, session=session, item=second, vote=vote)
    panel_vote_cast(actor=pool["wz1"], session=session, item=second, vote="disagree")  # a change of mind
    session = panel_session_close(actor=officer, session=session)
    one, two = session.results[str(first.pk)], session.results[str(second.pk)]
    assert (one["present"], one["recused"], one["agree"], one["needed"], one["passed"]) == (3, 1, 2, 2, True)
    assert (two["present"], two["agree"], two["disagree"], two["abstain"], two["needed"]) == (4, 1, 2, 1, 3)
    assert two["passed"] is False
    with pytest.raises(ValidationError):
        panel_vote_cast(actor=pool["wz1"], session=session, item=first, vote="agree")  # closed


def test_a_panel_needs_three_experts(review_round, pool, officer, passed):
    with pytest.raises(ValidationError):
        panel_session_create(
            actor=officer,
            round=review_round,
            title="会议评审",
            held_at=timezone.now(),
            place="",
            attendees=[pool["wz1"], pool["wz2"]],
            items=list(review_round.items.all()),
        )


def test_unanswered_invitations_expire_and_are_replaced(in_review):
    late = Assignment.objects.filter(round=in_review, status=AssignmentStatus.INVITED).first()
    Assignment.objects.filter(pk=late.pk).update(answer_by=timezone.now() - timezone.timedelta(minutes=1))
    assert invitations_expire() == 1
    late.refresh_from_db()
    assert late.status == AssignmentStatus.EXPIRED
    assert Assignment.objects.filter(
        item=late.item, source=AssignmentSource.REPLACEMENT, status=AssignmentStatus.INVITED
    ).exists()
    assert invitations_expire() == 0  # idempotent: a second sweep finds nothing


def test_reminders_go_once_shortly_before_the_deadline(in_review):
    assignment = accept(Assignment.objects.filter(round=in_review).select_related("expert").first())
    assert reminders_send() == 0  # ten days to go
    ReviewRound.objects.filter(pk=in_review.pk).update(deadline=timezone.now() + timezone.timedelta(days=1))
    assert reminders_send() == 1
    assert reminders_send() == 0
    assert Notification.objects.filter(recipient=assignment.expert, title__contains="提醒").exists() or (
        Notification.objects.filter(recipient=assignment.expert, title__startswith="Reminder").exists()
    )


def test_applicant_names_at_most_three_experts_to_avoid(open_call, applicant, login, make_user, unit):
    from applications.services import application_start

    application = application_start(actor=applicant, call=open_call, title="待申报项目")
    client = login(applicant)
    url = f"/reviews/applications/{application.pk}/avoid/"
    page = client.post(url, {"name": "", "unit_name": "", "reason": ""}).content.decode()
    assert page.count("invalid-feedback") == 3
    for n in range(3):
        assert client.post(url, {"name": f"专家{n}", "unit_name": "某大学", "reason": "竞争关系"}).status_code == 302
    response = client.post(url, {"name": "专家9", "unit_name": "某大学", "reason": "竞争关系"})
    assert response.status_code == 200 and AvoidanceRequest.objects.count() == 3
    other = make_user("applicant9", "applicant", unit=unit)
    with pytest.raises(PermissionDenied):
        avoidance_request_add(actor=other, application=application, name="甲", unit_name="乙", reason="丙")
    assert login(other).get(url).status_code == 404
    Application.objects.filter(pk=application.pk).update(status="submitted")
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        avoidance_request_add(actor=applicant, application=application, name="甲", unit_name="乙", reason="丙")
