from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from supervision.permissions import is_supervisor, manages_tasks, shows_in_menu

SECTION = _("Supervision and service")

register_nav(
    NavItem(SECTION, _("Supervised tasks"), "supervision:tasks", shows_in_menu, icon="bi-flag", order=80),
    NavItem(SECTION, _("Task distribution"), "supervision:distribution", shows_in_menu, icon="bi-diagram-3", order=81),
    NavItem(SECTION, _("Stage bulletins"), "supervision:bulletins", shows_in_menu, icon="bi-megaphone", order=82),
    NavItem(SECTION, _("Weekly checks"), "supervision:weekly", manages_tasks, icon="bi-calendar-check", order=83),
    NavItem(SECTION, _("Time-limit policy"), "supervision:policy", is_supervisor, icon="bi-stopwatch", order=84),
)
register_action_labels(
    {
        "supervised_task.create": _("Supervised task assigned"),
        "supervised_task.update": _("Supervised task edited"),
        "supervised_task.start": _("Supervised task taken up"),
        "supervised_task.progress": _("Supervised task progress reported"),
        "supervised_task.report": _("Supervised task reported complete"),
        "supervised_task.accept": _("Supervised task accepted and closed"),
        "supervised_task.send_back": _("Supervised task sent back"),
        "supervised_task.cancel": _("Supervised task withdrawn"),
        "weekly_check.record": _("Weekly check recorded"),
        "stage_bulletin.issue": _("Stage bulletin issued"),
        "supervision_policy.update": _("Time-limit policy changed"),
    }
)
