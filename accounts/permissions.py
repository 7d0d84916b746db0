"""Access functions for accounts. Missing and forbidden both answer 404."""

from django.http import Http404

from accounts.models import AccessToken, MembershipStatus, RoleAssignment, UnitMembership, User
from accounts.roles import Role


def user_get_for_admin(actor: User, pk: int) -> User:
    """An account, for the system or security admin."""
    if not actor.role_names & {Role.SYSADMIN, Role.SECURITY_ADMIN}:
        raise Http404
    user = User.objects.filter(pk=pk).select_related("unit").first()
    if user is None:
        raise Http404
    return user


def role_assignment_get_for_user(actor: User, pk: int) -> RoleAssignment:
    if Role.SECURITY_ADMIN not in actor.role_names:
        raise Http404
    assignment = RoleAssignment.objects.filter(pk=pk, is_active=True).select_related("user").first()
    if assignment is None:
        raise Http404
    return assignment


def membership_get_for_user(actor: User, pk: int) -> UnitMembership:
    """A pending binding request of a unit the actor administers."""
    membership = (
        UnitMembership.objects.filter(
            pk=pk, unit_id__in=actor.scopes(Role.UNIT_ADMIN, "unit"), status=MembershipStatus.PENDING
        )
        .select_related("user", "unit")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def token_get_for_user(actor: User, pk: int) -> AccessToken:
    token = AccessToken.objects.filter(pk=pk, user=actor).first()
    if token is None:
        raise Http404
    return token
