from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from plans.permissions import is_staff_reader

register_nav(NavItem(_("S&T plans"), _("Calls"), "plans:calls", is_staff_reader, order=30))

register_action_labels(
    {
        "program.create": _("Program created"),
        "call.create": _("Call drafted"),
        "call.update": _("Call settings changed"),
        "call.publish": _("Call published"),
        "call.close": _("Call closed"),
        "topic.create": _("Topic added"),
        "challenge.create": _("Challenge added"),
        "quota.set": _("Recommendation quota set"),
    }
)
