"""Background jobs of expert review: the assignment (with progress), replacements, the sweep."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from core.jobs import run_with_progress


@task()
def round_assign(round_id: int, actor_id: int, job_id: str) -> int:
    """Compute the optimal assignment of a round, reporting progress per block of applications."""
    from accounts.models import User
    from reviews.models import ReviewRound
    from reviews.services import assignment_fill, round_assign_finish

    round = ReviewRound.objects.select_related("call__program").get(pk=round_id)
    actor = User.objects.get(pk=actor_id)

    def body(progress) -> None:
        total = max(1, round.items.count())
        progress.total(total + 1)

        reported = 0

        def on_chunk(done: int, _total: int) -> None:
            nonlocal reported
            progress.advance(
                done - reported,
                _("Affinity and conflicts: %(done)d of %(total)d") % {"done": done, "total": total},
            )
            reported = done

        report = assignment_fill(round, on_chunk=on_chunk)
        round_assign_finish(actor=actor, round=round, report=report)
        progress.advance(total + 1 - reported)
        progress.finish(
            result_url=reverse("reviews:assignments", args=[round_id]),
            message=_("%(placed)d places filled, %(unmet)d open.") % report,
        )

    run_with_progress(job_id, body)
    return round_id


@task()
def round_refill(round_id: int) -> int:
    """Replace declined, expired, conflicted and withdrawn assignments of a round."""
    from reviews.models import ReviewRound
    from reviews.services import replacements_fill

    return replacements_fill(ReviewRound.objects.get(pk=round_id))["placed"]


@task()
def review_sweep() -> dict:
    """Expire unanswered invitations (and replace them) and send deadline reminders."""
    from reviews.services import invitations_expire, reminders_send

    return {"expired": invitations_expire(), "reminded": reminders_send()}
