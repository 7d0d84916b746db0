"""Expert review over the API: an expert's own assignments, an applicant's anonymous comments.

Neither answer names another expert: assignments carry no reviewer list, feedback carries only
the aliases (专家A, 专家B, ...). In blind rounds the expert's view masks the applicant's identity.
"""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from accounts.models import TokenScope
from core.api_scopes import require_scope
from reviews.blind import identity_terms, redact
from reviews.permissions import feedback_item_get
from reviews.scoring import feedback_for
from reviews.selectors import expert_assignments

router = Router(tags=["reviews"])


class AssignmentOut(Schema):
    id: int
    code: str
    title: str
    round: str
    status: str
    answer_by: datetime | None
    deadline: datetime
    review_status: str


class CommentOut(Schema):
    alias: str
    recommendation: str
    comment: str


class FeedbackOut(Schema):
    code: str
    round: str
    score: float | None
    comments: list[CommentOut]


@router.get("/assignments", response=list[AssignmentOut], summary="My open review assignments (experts)")
def my_assignments(request: HttpRequest):
    require_scope(request, TokenScope.READ_REVIEWS)
    rows = []
    for a in expert_assignments(request.user).select_related("item__application__unit", "item__application__pi"):
        application = a.item.application
        title = redact(application.title, identity_terms(application)) if a.round.blind else application.title
        review = getattr(a, "review", None)
        rows.append(
            {
                "id": a.pk,
                "code": a.item.code,
                "title": title,
                "round": a.round.title,
                "status": a.status,
                "answer_by": a.answer_by,
                "deadline": a.round.deadline,
                "review_status": review.status if review else "",
            }
        )
    return rows


@router.get("/feedback/{item_id}", response=FeedbackOut, summary="Anonymous review comments on my application")
def my_feedback(request: HttpRequest, item_id: int):
    require_scope(request, TokenScope.READ_REVIEWS)
    item = feedback_item_get(request.user, item_id)
    return {
        "code": item.code,
        "round": item.round.title,
        "score": float(item.score) if item.score is not None else None,
        "comments": feedback_for(item),
    }
