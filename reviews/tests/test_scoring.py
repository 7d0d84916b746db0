"""Scoring rules: validation at the field, locked after submit, reopening by an officer only,
late and concurrent saves; aggregation, dispersion and ranking with ties."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import EditConflict
from reviews.aggregate import competition_rank, item_scores, trimmed_mean
from reviews.models import Assignment, Review, ReviewRound
from reviews.scoring import review_reopen, review_save
from reviews.tests.conftest import accept

pytestmark = pytest.mark.django_db
COMMENT = "选题具有重要应用价值，技术路线清晰可行，建议进一步明确产业化路径与考核指标。"


def sheet(round, values, **extra) -> dict:
    return {f"score_{c.pk}": str(v) for c, v in zip(round.criteria.all(), values, strict=True)} | extra


@pytest.fixture
def mine(in_review):
    assignment = accept(Assignment.objects.filter(round=in_review).select_related("expert").first())
    return assignment, Review.objects.get(assignment=assignment)


def test_scores_are_validated_at_the_field_with_the_work_kept(mine, login):
    assignment, review = mine
    round = assignment.round
    criteria = list(round.criteria.all())
    client = login(assignment.expert)
    data = sheet(round, [11, 7.3, "abc", 5, 5]) | {"comment": "太短", "submit": "1", "version": review.version}
    page = client.post(f"/reviews/mine/{assignment.pk}/", data).content.decode()
    assert f'id="score_{criteria[0].pk}_error"' in page and f'id="score_{criteria[1].pk}_error"' in page
    assert f'id="score_{criteria[2].pk}_error"' in page and 'id="comment_error"' in page
    assert 'value="7.3"' in page and "太短" in page  # nothing the expert typed is lost
    review.refresh_from_db()
    assert review.status == "draft" and review.scores == {}


def test_submit_locks_and_only_an_officer_reopens_with_a_reason(mine, login, officer):
    assignment, review = mine
    round = assignment.round
    review = review_save(
        actor=assignment.expert,
        review=review,
        data=sheet(round, [9, 8, 8, 7, 6], recommendation="strong", comment=COMMENT),
        version=review.version,
        submit=True,
    )
    assert review.status == "submitted" and review.total == Decimal("79.50")  # 9×3 + 8×2.5 + 8×2 + 7×1.5 + 6×1
    with pytest.raises(ValidationError):
        review_save(actor=assignment.expert, review=review, data=sheet(round, [1, 1, 1, 1, 1]), version=review.version)
    with pytest.raises(PermissionDenied):
        review_reopen(actor=assignment.expert, review=review, reason="想改分")
    with pytest.raises(ValidationError):
        review_reopen(actor=officer, review=review, reason=" ")
    review = review_reopen(actor=officer, review=review, reason="专家申请修正笔误")
    assert review.status == "draft" and review.reopen_reason == "专家申请修正笔误"
    event = AuditEvent.objects.filter(action="review.reopen").get()
    assert event.after["reason"] == "专家申请修正笔误"
    page = login(assignment.expert).get(f"/reviews/mine/{assignment.pk}/").content.decode()
    assert "专家申请修正笔误" in page


def test_a_late_save_is_refused_with_a_message(mine):
    assignment, review = mine
    ReviewRound.objects.filter(pk=assignment.round_id).update(deadline=timezone.now() - timezone.timedelta(minutes=1))
    assignment = Assignment.objects.select_related("round").get(pk=assignment.pk)
    review = Review.objects.get(pk=review.pk)
    with pytest.raises(ValidationError):
        review_save(actor=assignment.expert, review=review, data={}, version=review.version)


def test_concurrent_edits_are_detected(mine):
    assignment, review = mine
    review_save(actor=assignment.expert, review=review, data=sheet(assignment.round, [5, 5, 5, 5, 5]), version=1)
    with pytest.raises(EditConflict):
        review_save(actor=assignment.expert, review=review, data=sheet(assignment.round, [6, 6, 6, 6, 6]), version=1)


def test_the_full_text_needs_the_no_conflict_confirmation(in_review, login):
    from reviews.services import invitation_answer

    assignment = Assignment.objects.filter(round=in_review).select_related("expert").first()
    invitation_answer(actor=assignment.expert, assignment=assignment, accept=True)
    client = login(assignment.expert)
    page = client.get(f"/reviews/mine/{assignment.pk}/").content.decode()
    assert "confirm-no-conflict" in page and assignment.item.application.abstract[:20] not in page
    assert client.get(f"/reviews/mine/{assignment.pk}/review.pdf").status_code == 404
    client.post(f"/reviews/mine/{assignment.pk}/conflict/", {"confirm": "yes"})
    page = client.get(f"/reviews/mine/{assignment.pk}/").content.decode()
    assert assignment.item.application.abstract[:20] in page


def test_aggregation_methods():
    totals = {"a": [(1, 90.0), (2, 80.0), (3, 70.0), (4, 20.0)], "b": [(1, 60.0), (2, 60.0), (3, 60.0), (4, 60.0)]}
    assert item_scores(totals, "mean") == {"a": Decimal("65.00"), "b": Decimal("60.00")}
    assert item_scores(totals, "trimmed") == {"a": Decimal("75.00"), "b": Decimal("60.00")}
    assert trimmed_mean([90, 10, 50]) == 50  # three scores: nothing dropped
    # Expert 4 scores everything low; normalising removes that offset.
    severe = {"a": [(1, 90.0), (2, 88.0), (4, 50.0)], "b": [(1, 70.0), (2, 68.0), (4, 30.0)]}
    normalised = item_scores(severe, "normalised")
    assert normalised["a"] > normalised["b"]
    assert item_scores(severe, "mean")["a"] - item_scores(severe, "mean")["b"] == 20


def test_ranking_shares_ranks_on_ties():
    assert competition_rank({"a": Decimal("88.5"), "b": Decimal("90"), "c": Decimal("88.5"), "d": Decimal("70")}) == {
        "b": 1,
        "a": 2,
        "c": 2,
        "d": 4,
    }


def test_dispersion_flags_items_for_discussion(in_review):
    from reviews.scoring import results_compute

    for n, assignment in enumerate(Assignment.objects.filter(round=in_review).select_related("expert", "item")):
        assignment = accept(assignment)
        review = Review.objects.get(assignment=assignment)
        spread_values = [10, 10, 10, 10, 10] if n % 3 == 0 else [3, 3, 3, 3, 3]
        review_save(
            actor=assignment.expert,
            review=review,
            data=sheet(in_review, spread_values, recommendation="support", comment=COMMENT),
            version=review.version,
            submit=True,
        )
    items = results_compute(in_review)
    assert any(item.flagged for item in items)
    for item in items:
        assert item.flagged == (item.spread > in_review.dispersion_limit)
