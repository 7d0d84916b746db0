"""Access functions for organizations. Missing and forbidden both answer 404."""

import rules
from django.http import Http404

from accounts.roles import Role, has_role
from orgs.models import Unit

can_manage_orgs = has_role(Role.SYSADMIN)
can_read_orgs = has_role(Role.SYSADMIN, Role.OFFICER, Role.LEADER, Role.SUPERVISOR, Role.SECURITY_ADMIN)


@rules.predicate
def has_unit(user) -> bool:
    """The user administers a unit or is bound to one."""
    return bool(user.is_authenticated and (user.unit_id or user.scopes(Role.UNIT_ADMIN, "unit")))


@rules.predicate
def is_admin_of_unit(user, unit: Unit) -> bool:
    return unit.pk in user.scopes(Role.UNIT_ADMIN, "unit")


def unit_visible(user, unit: Unit) -> bool:
    return can_read_orgs.test(user) or is_admin_of_unit.test(user, unit) or user.unit_id == unit.pk


def unit_editable(user, unit: Unit) -> bool:
    return can_manage_orgs.test(user) or is_admin_of_unit.test(user, unit)


def unit_get_for_user(user, pk: int, *, write: bool = False) -> Unit:
    """A unit the user may see (or edit, with ``write``): staff, its unit admins, its members."""
    unit = Unit.objects.select_related("region", "recommender").filter(pk=pk).first()
    if unit is None:
        raise Http404
    allowed = unit_editable(user, unit) if write else unit_visible(user, unit)
    if not allowed:
        raise Http404
    return unit


def unit_attachment_rule(user, unit: Unit, write: bool) -> bool:
    return unit_editable(user, unit) if write else unit_visible(user, unit)
