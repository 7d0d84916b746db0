from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from party.permissions import holds_party_post, is_party_member

register_nav(
    NavItem(
        _("Party building"),
        _("Bi-monthly reports"),
        "evaluation:reports",
        holds_party_post,
        icon="bi-file-text",
        order=65,
    ),
    # Evaluators outside the party registry reach the review from its notification and the workbench.
    NavItem(
        _("Party building"),
        _("Annual review"),
        "evaluation:reviews",
        holds_party_post | is_party_member,
        icon="bi-award",
        order=66,
    ),
    NavItem(
        _("Party building"),
        _("My evaluation"),
        "evaluation:my_evaluation",
        is_party_member,
        icon="bi-person-check",
        order=67,
    ),
)
register_nav(
    NavItem(
        _("Party building"),
        _("Duty lists"),
        "evaluation:duties",
        holds_party_post | is_party_member,
        icon="bi-list-check",
        order=68,
    ),
    NavItem(
        _("Party building"),
        _("Honours"),
        "evaluation:honours",
        holds_party_post | is_party_member,
        icon="bi-trophy",
        order=69,
    ),
)
register_action_labels(
    {
        "party_report.submit": _("Bi-monthly report submitted"),
        "party_report.comment": _("Bi-monthly report commented on"),
        "review_campaign.create": _("Annual review set up"),
        "review_campaign.rating": _("Annual review rating opened"),
        "review_campaign.closed": _("Annual review results published"),
        "review_campaign.export": _("Annual review results exported"),
        "review_report.submit": _("Review report submitted"),
        "review_ballot.cast": _("Review ballot cast"),
        "review_comment.add": _("Review comment added"),
        "review_finding.add": _("Review finding recorded"),
        "member_evaluation.start": _("Member evaluation started"),
        "member_evaluation.advance": _("Member evaluation moved to the next stage"),
        "member_evaluation.self": _("Self-assessment submitted"),
        "member_evaluation.mutual": _("Mutual assessment submitted"),
        "member_evaluation.grade": _("Members graded"),
        "duty_list.create": _("Duty list set"),
        "duty_item.progress": _("Duty progress reported"),
        "honour.award": _("Honour awarded"),
    }
)
