from django.utils.translation import gettext_lazy as _

from accounts.roles import is_audit_admin
from core.nav import NavItem, register_nav

register_nav(NavItem(_("Administration"), _("Audit log"), "audit:events", is_audit_admin, order=90))
