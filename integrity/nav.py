from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from integrity.views import can_read

register_nav(NavItem(_("Supervision"), _("Integrity records"), "integrity:records", can_read, order=70))
register_action_labels(
    {"integrity.create": _("Integrity record added"), "integrity.revoke": _("Integrity record revoked")}
)
