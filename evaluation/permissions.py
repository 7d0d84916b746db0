"""Who sees what in reports and evaluations. Missing and forbidden both answer 404.

- Bi-monthly reports: the reporting organization's managers write them; the managers of the
  organization above read and comment.
- Annual review: the holding organization's managers run it and see everything but who rated
  what (nobody sees that: it is not stored); a reviewed secretary sees their own report, and
  their own result once published; evaluators see the reports and their ballot; leaders also
  see the results and comment.
- Member evaluation: the branch's managers run it; each member sees their own entry only.
"""

import rules
from django.http import Http404

from evaluation.models import EvaluatorGroup, ReviewCampaign, ReviewEvaluator, ReviewSubject
from party.permissions import cached_on_user, holds_party_post, is_party_member, managed_org_ids


@rules.predicate
def takes_part(user) -> bool:
    """Any party post holder, member, or evaluator (the menu entry and the list pages)."""
    return (
        holds_party_post(user)
        or is_party_member(user)
        or cached_on_user(user, "_review_evaluator", lambda: ReviewEvaluator.objects.filter(user=user).exists())
    )


def campaign_roles(user, campaign: ReviewCampaign) -> dict[str, bool]:
    evaluator = ReviewEvaluator.objects.filter(campaign=campaign, user=user).first()
    return {
        "manager": campaign.organization_id in managed_org_ids(user),
        "evaluator": evaluator is not None,
        "leader": bool(evaluator and evaluator.group == EvaluatorGroup.LEADER),
        "voted": bool(evaluator and evaluator.voted),
        "subject": ReviewSubject.objects.filter(campaign=campaign, secretary__user=user).first(),
        "group": evaluator.group if evaluator else "",
    }


def campaign_get_for_user(user, pk: int) -> tuple[ReviewCampaign, dict]:
    campaign = ReviewCampaign.objects.select_related("organization").filter(pk=pk).first()
    if campaign is None:
        raise Http404
    roles = campaign_roles(user, campaign)
    if not (roles["manager"] or roles["evaluator"] or roles["subject"]):
        raise Http404
    return campaign, roles
