"""Who may see and change expert profiles."""

from django.http import Http404

from accounts.roles import Role, has_role
from experts.models import ExpertProfile

is_expert = has_role(Role.EXPERT)
manages_pool = has_role(Role.OFFICER)
reads_pool = has_role(Role.OFFICER, Role.LEADER, Role.SUPERVISOR)


def expert_profile_get_for_user(user, pk: int, *, write: bool = False) -> ExpertProfile:
    """A profile by id: officers may read and approve any; others get 404 (experts use their own page)."""
    allowed = manages_pool.test(user) if write else reads_pool.test(user)
    profile = ExpertProfile.objects.select_related("user", "unit", "region").filter(pk=pk).first()
    if profile is None or not allowed:
        raise Http404
    return profile
