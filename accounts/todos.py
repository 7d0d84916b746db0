"""Workbench to-dos from accounts: unit bindings waiting for a unit admin."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import pending_memberships_for
from workbench.registry import Todo, todo_provider


@todo_provider("accounts")
def account_todos(user) -> list[Todo]:
    if Role.UNIT_ADMIN not in user.role_names:
        return []
    count = pending_memberships_for(user).count()
    return [
        Todo(
            module=_("Accounts"),
            title=_("Applicants waiting for unit confirmation"),
            count=count,
            url=reverse("accounts:memberships"),
        )
    ]
