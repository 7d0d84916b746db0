"""Who may see and manage what in party building. Missing and forbidden both answer 404.

Posts decide: a secretary, deputy secretary or committee member of an organization manages it and
every organization below it. A member sees their own record, dues and meetings only.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from party.models import PartyMember, PartyOrganization, PartyPost


def descendants(roots) -> set[int]:
    """The given organizations and every organization below them (one query for the tree)."""
    roots = set(roots)
    if not roots:
        return set()
    children: dict[int | None, list[int]] = {}
    for pk, parent in PartyOrganization.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = set(), list(roots)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def managed_org_ids(user) -> set[int]:
    """The organizations the user holds a post in, and all their descendants (cached per user object)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_party_managed", None)
    if cached is None:
        roots = PartyPost.objects.filter(member__user=user, member__is_active=True).values_list(
            "organization_id", flat=True
        )
        cached = user._party_managed = descendants(roots)
    return cached


def require_manager(user, organization_id: int) -> None:
    """Services call this first: only managers of the organization (or above it) may write."""
    if organization_id not in managed_org_ids(user):
        raise PermissionDenied


def cached_on_user(user, name: str, compute) -> bool:
    """Per-request answer on the user object (the menu asks each predicate several times)."""
    if not user.is_authenticated:
        return False
    found = getattr(user, name, None)
    if found is None:
        found = bool(compute())
        setattr(user, name, found)
    return found


def post_kinds(user) -> frozenset[str]:
    """Kinds of the organizations the user holds a post in (one query, cached on the user object):
    the menu asks ``holds_party_post`` and ``study.permissions.runs_study`` on every page."""
    if not user.is_authenticated:
        return frozenset()
    found = getattr(user, "_party_post_kinds", None)
    if found is None:
        found = user._party_post_kinds = frozenset(
            PartyPost.objects.filter(member__user=user, member__is_active=True).values_list(
                "organization__kind", flat=True
            )
        )
    return found


@rules.predicate
def holds_party_post(user) -> bool:
    return bool(post_kinds(user))


@rules.predicate
def is_party_member(user) -> bool:
    return cached_on_user(user, "_party_member", lambda: PartyMember.objects.filter(user=user, is_active=True).exists())


def org_get_for_manager(user, pk: int) -> PartyOrganization:
    org = PartyOrganization.objects.select_related("parent").filter(pk=pk).first()
    if org is None or org.pk not in managed_org_ids(user):
        raise Http404
    return org


def member_get_for_manager(user, pk: int) -> PartyMember:
    member = PartyMember.objects.select_related("organization").filter(pk=pk).first()
    if member is None or member.organization_id not in managed_org_ids(user):
        raise Http404
    return member


def meeting_attachment_rule(user, meeting, write: bool) -> bool:
    """Minutes scans, sign-in sheets and photos of a meeting: its organization's managers only."""
    return meeting.organization_id in managed_org_ids(user)
