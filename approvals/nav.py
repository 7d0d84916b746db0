from django.utils.translation import gettext_lazy as _

from approvals import todos  # noqa: F401  (workbench to-dos)
from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from plans.permissions import is_staff_reader

register_nav(NavItem(_("S&T plans"), _("Approval and publicity"), "approvals:index", is_staff_reader, order=32))

register_action_labels(
    {
        "review_score.record": _("Review score recorded"),
        "funding_list.create": _("Funding list started"),
        "funding_list.save": _("Funding list edited"),
        "funding_list.submit": _("Funding list sent to joint sign-off"),
        "funding_list.sign": _("Funding list signed"),
        "funding_list.return": _("Funding list returned in sign-off"),
        "funding_list.complete": _("Joint sign-off completed"),
        "funding_list.publish": _("Funding list published for publicity"),
        "funding_list.finalize": _("Funding list approved"),
        "objection.file": _("Objection filed"),
        "objection.answer": _("Objection answered"),
        "objection.reveal": _("Objector's contact data viewed"),
        "project.create": _("Project created"),
        "application.propose": _("Application proposed for funding"),
        "application.approve": _("Application approved"),
        "application.not_fund": _("Application not funded"),
    }
)
