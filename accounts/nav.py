from django.utils.translation import gettext_lazy as _

from accounts.roles import has_role, is_security_admin, is_unit_admin
from core.access import authenticated
from core.nav import NavItem, register_nav

register_nav(
    NavItem(_("Workbench"), _("My workbench"), "workbench:home", authenticated, order=0),
    NavItem(_("Workbench"), _("Notifications"), "notifications:inbox", authenticated, order=1),
    NavItem(_("My unit"), _("Unit confirmations"), "accounts:memberships", is_unit_admin, order=20),
    NavItem(_("Administration"), _("Users"), "accounts:users", has_role("sysadmin", "security_admin"), order=80),
    NavItem(_("Administration"), _("Security policy"), "accounts:security_policy", is_security_admin, order=82),
)
