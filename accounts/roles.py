"""Roles and the rule predicates built on them."""

import rules
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    UNIT_ADMIN = "unit_admin", _("Unit admin")
    RECOMMENDER = "recommender", _("Recommender")
    OFFICER = "officer", _("Program officer")
    EXPERT = "expert", _("Expert")
    LEADER = "leader", _("Leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    SYSADMIN = "sysadmin", _("System admin")
    SECURITY_ADMIN = "security_admin", _("Security admin")
    AUDIT_ADMIN = "audit_admin", _("Audit admin")


# 三权分立: no account may hold two of these.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles whose holders must pass a second factor when it is enforced.
SECOND_FACTOR_ROLES = frozenset(
    {Role.OFFICER, Role.EXPERT, Role.LEADER, Role.SUPERVISOR, Role.SYSADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
)
# Which scope each role needs: a unit, a recommender, an office, or none.
ROLE_SCOPE = {
    Role.APPLICANT: "unit",
    Role.UNIT_ADMIN: "unit",
    Role.RECOMMENDER: "recommender",
    Role.OFFICER: "office",
}


def has_role(*wanted: str) -> rules.Predicate:
    """Predicate: the user holds at least one of the given roles (in any scope)."""
    wanted_set = frozenset(wanted)

    @rules.predicate(name=f"has_role({','.join(sorted(wanted_set))})")
    def predicate(user) -> bool:
        return bool(user.is_authenticated and wanted_set & user.role_names)

    return predicate


is_sysadmin = has_role(Role.SYSADMIN)
is_security_admin = has_role(Role.SECURITY_ADMIN)
is_audit_admin = has_role(Role.AUDIT_ADMIN)
is_unit_admin = has_role(Role.UNIT_ADMIN)
is_officer = has_role(Role.OFFICER)
is_staff_reader = has_role(Role.OFFICER, Role.LEADER, Role.SUPERVISOR)
