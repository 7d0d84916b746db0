"""Reads about accounts that need care."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import MembershipStatus, SecurityPolicy, UnitMembership, User
from accounts.roles import Role

POLICY_CACHE_KEY = "accounts:password_expiry_days"


def password_expiry_days() -> int:
    return cache.get_or_set(POLICY_CACHE_KEY, lambda: SecurityPolicy.current().password_expiry_days, 60)


def password_expired(user: User) -> bool:
    """True when the policy sets an expiry and the user's password is older than it."""
    days = password_expiry_days()
    if not days or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > timedelta(days=days)


def pending_memberships_for(user: User) -> QuerySet[UnitMembership]:
    """Binding requests waiting for this user as unit admin."""
    unit_ids = user.scopes(Role.UNIT_ADMIN, "unit")
    return (
        UnitMembership.objects.filter(unit_id__in=unit_ids, status=MembershipStatus.PENDING)
        .select_related("user", "unit")
        .order_by("requested_at")
    )


def users_with_role(role: str, **scope: object) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        role_assignments__role=role,
        role_assignments__is_active=True,
        **{f"role_assignments__{k}": v for k, v in scope.items()},
    ).distinct()


def user_search(*, query: str = "", role: str = "", page: str | int | None = 1, per_page: int = 50):
    """A page of accounts with their roles, searchable by account name or full name, filtered by role."""
    from django.core.paginator import Paginator
    from django.db.models import Prefetch, Q

    from accounts.models import RoleAssignment

    users = User.objects.select_related("unit").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.filter(is_active=True), to_attr="current_roles")
    )
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    if role:
        users = users.filter(role_assignments__role=role, role_assignments__is_active=True).distinct()
    return Paginator(users.order_by("username"), per_page).get_page(page)
