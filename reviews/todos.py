"""Workbench to-dos: invitations and reviews for experts, rounds to move on for officers."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role
from reviews.models import Assignment, AssignmentStatus, ReviewRound, ReviewStatus, RoundStatus
from workbench.registry import Todo, todo_provider


@todo_provider("reviews")
def review_todos(user) -> list[Todo]:
    items = []
    module = _("Expert review")
    if Role.EXPERT in user.role_names:
        mine = Assignment.objects.filter(expert=user, round__status=RoundStatus.IN_REVIEW).aggregate(
            invited=Count("pk", filter=Q(status=AssignmentStatus.INVITED)),
            answer_by=Min("answer_by", filter=Q(status=AssignmentStatus.INVITED)),
            to_score=Count(
                "pk", filter=Q(status=AssignmentStatus.ACCEPTED) & ~Q(review__status=ReviewStatus.SUBMITTED)
            ),
            deadline=Min(
                "round__deadline",
                filter=Q(status=AssignmentStatus.ACCEPTED) & ~Q(review__status=ReviewStatus.SUBMITTED),
            ),
        )
        url = reverse("reviews:mine")
        items.append(Todo(module, _("Review invitations to answer"), mine["invited"], url, mine["answer_by"]))
        items.append(Todo(module, _("Reviews to score"), mine["to_score"], url, mine["deadline"]))
    offices = user.scopes(Role.OFFICER, "office")
    if offices:
        proposed = ReviewRound.objects.filter(call__program__office__in=offices, status=RoundStatus.PROPOSED).count()
        items.append(Todo(module, _("Review assignments to check and send"), proposed, reverse("reviews:rounds")))
    return items
