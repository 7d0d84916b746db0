from django.utils.translation import gettext_lazy as _

from accounts.roles import is_sysadmin
from core.nav import NavItem, register_nav

register_nav(NavItem(_("Administration"), _("Group-chat robots"), "notifications:webhooks", is_sysadmin, order=84))
