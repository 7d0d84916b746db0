from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from orgs.permissions import can_read_orgs, has_unit

register_nav(
    NavItem(_("My unit"), _("Unit profile"), "orgs:my_unit", has_unit, order=19),
    NavItem(_("Organizations"), _("Units"), "orgs:units", can_read_orgs, order=60),
    NavItem(_("Organizations"), _("Offices and recommenders"), "orgs:offices", can_read_orgs, order=61),
    NavItem(_("Organizations"), _("Working-day calendar"), "orgs:calendar", can_read_orgs, order=62),
)
register_action_labels({"closure.set": _("Agency closure set"), "closure.remove": _("Agency closure removed")})
