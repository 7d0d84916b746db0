from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from rectification.permissions import is_supervisor, uses_ledger

SECTION = _("Supervision and service")
register_nav(
    NavItem(SECTION, _("Rectification ledger"), "rectification:ledger", uses_ledger, icon="bi-journal-check", order=85),
    NavItem(
        SECTION, _("Rectification roadmap"), "rectification:roadmap", uses_ledger, icon="bi-bar-chart-steps", order=86
    ),
    NavItem(SECTION, _("Review findings to enter"), "rectification:findings", is_supervisor, icon="bi-inbox", order=87),
)
register_action_labels(
    {
        "rectification_item.create": _("Rectification item entered"),
        "rectification_item.update": _("Rectification item edited"),
        "rectification_item.progress": _("Rectification progress reported"),
        "rectification_item.weekly_check": _("Rectification weekly check recorded"),
        "rectification_item.submit": _("Rectification completion reported"),
        "rectification_item.close": _("Rectification item closed"),
        "rectification_item.send_back": _("Rectification item sent back"),
        "rectification_item.reopen": _("Rectification item reopened"),
        "rectification_item.export": _("Rectification ledger exported"),
        "rectification_milestone.add": _("Rectification milestone added"),
        "rectification_milestone.update": _("Rectification milestone changed"),
        "rectification_milestone.done": _("Rectification milestone reached"),
    }
)
