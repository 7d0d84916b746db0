from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from reviews.permissions import is_expert, reads_rounds

register_nav(
    NavItem(_("Expert review"), _("Review rounds"), "reviews:rounds", reads_rounds, icon="bi-clipboard-check", order=42)
)
register_nav(NavItem(_("Expert review"), _("My reviews"), "reviews:mine", is_expert, icon="bi-pencil-square", order=43))
register_action_labels(
    {
        "review_round.create": _("Review round created"),
        "review_round.update": _("Review round changed"),
        "review_round.assign_start": _("Expert assignment started"),
        "review_round.propose": _("Expert assignment proposed"),
        "review_round.invite": _("Review invitations sent"),
        "review_round.replace": _("Experts replaced automatically"),
        "review_round.publish": _("Review results published"),
        "review_round.export": _("Review results exported"),
        "review_round.extend": _("Scoring deadline extended"),
        "review_round.publish_short": _("Results published with fewer reviews than planned"),
        "review_assignment.add": _("Expert assigned by hand"),
        "review_assignment.withdraw": _("Expert taken off an application"),
        "review_assignment.accept": _("Review invitation accepted"),
        "review_assignment.decline": _("Review invitation declined"),
        "review_assignment.expire": _("Review invitation expired"),
        "review_assignment.declare_conflict": _("Conflict of interest declared"),
        "review_assignment.confirm_no_conflict": _("No conflict of interest confirmed"),
        "review.save": _("Review draft saved"),
        "review.submit": _("Review submitted"),
        "review.reopen": _("Review reopened"),
        "avoidance_request.add": _("Expert avoidance requested"),
        "avoidance_request.remove": _("Expert avoidance request removed"),
        "panel_session.create": _("Panel session opened"),
        "panel_vote.cast": _("Panel vote cast"),
        "panel_session.close": _("Panel session closed"),
    }
)
