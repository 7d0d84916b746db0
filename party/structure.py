"""Editing the organization tree and its posts (党组织设置与班子成员).

Only managers of an organization (its post holders and those of every organization above it)
may add organizations below it, edit it or fill its posts; a top-level organization is added by
a system administrator. What may sit below what is fixed by ``CHILD_KINDS``. Every change is
audited; a post is ended, never edited, and the audit log keeps who held it from when to when.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from party.models import OrgKind, PartyMember, PartyOrganization, PartyPost, Post
from party.permissions import descendants, require_manager

# Which kinds of organization may be set up directly below which (None: at the top).
CHILD_KINDS: dict[str | None, tuple[str, ...]] = {
    None: (OrgKind.LEADING_GROUP, OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE),
    OrgKind.LEADING_GROUP: (OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE),
    OrgKind.ORGAN_COMMITTEE: (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH),
    OrgKind.COMMITTEE: (OrgKind.GENERAL_BRANCH, OrgKind.BRANCH),
    OrgKind.GENERAL_BRANCH: (OrgKind.BRANCH,),
    OrgKind.BRANCH: (OrgKind.GROUP,),
    OrgKind.GROUP: (),
}
# A 党小组 has a group leader (组长), not a committee: only the secretary post applies.
GROUP_POSTS = (Post.SECRETARY,)

EDITABLE = ("name", "office", "unit", "team", "term_started_on", "term_years", "dues_day", "order")


def _check(values: dict, kind: str, parent: PartyOrganization | None, pk: int | None = None) -> dict:
    errors: dict[str, list] = {}
    name = (values.get("name") or "").strip()
    if not name:
        errors["name"] = [_("Give the organization's full name.")]
    elif PartyOrganization.objects.filter(name=name, is_active=True).exclude(pk=pk).exists():
        errors["name"] = [_("An active organization of this name exists.")]
    allowed = CHILD_KINDS.get(parent.kind if parent else None, ())
    if kind not in allowed:
        errors["kind"] = [
            _("Below %(parent)s only these may be set up: %(kinds)s.")
            % {
                "parent": parent.name if parent else _("the top level"),
                "kinds": "、".join(str(OrgKind(k).label) for k in allowed) or "—",
            }
        ]
    day = values.get("dues_day")
    if day is not None and not 1 <= day <= 28:
        errors["dues_day"] = [_("Choose a day from 1 to 28 (every month has it).")]
    years = values.get("term_years")
    if years is not None and not 1 <= years <= 5:
        errors["term_years"] = [_("A term is 1 to 5 years.")]
    started = values.get("term_started_on")
    if started and started > timezone.localdate():
        errors["term_started_on"] = [_("The term cannot start in the future.")]
    if errors:
        raise ValidationError(errors)
    values["name"] = name
    values["team"] = (values.get("team") or "").strip()[:100]
    return values


@transaction.atomic
def org_create(*, actor, parent: PartyOrganization | None, kind: str, **values) -> PartyOrganization:
    if parent is None:
        if not actor.is_superuser:
            raise PermissionDenied
    else:
        require_manager(actor, parent.pk)
    values = _check(values, kind, parent)
    values.setdefault("dues_day", 10)
    org = PartyOrganization.objects.create(
        parent=parent, kind=kind, **{k: v for k, v in values.items() if k in EDITABLE and v is not None}
    )
    audit_record(
        actor=actor, action="party_org.create", target=org, after={"kind": kind, "parent": parent and parent.pk}
    )
    _forget(actor)
    return org


@transaction.atomic
def org_update(*, actor, organization: PartyOrganization, **values) -> PartyOrganization:
    locked = PartyOrganization.objects.select_for_update(of=("self",)).select_related("parent").get(pk=organization.pk)
    require_manager(actor, locked.pk)
    values = _check(values, locked.kind, locked.parent, pk=locked.pk)
    before = {k: str(getattr(locked, k + "_id" if k in ("office", "unit") else k)) for k in EDITABLE}
    for key, value in values.items():
        if key in EDITABLE and (value is not None or key in ("office", "unit", "term_started_on", "term_years")):
            setattr(locked, key, value)
    locked.save()
    after = {k: str(getattr(locked, k + "_id" if k in ("office", "unit") else k)) for k in EDITABLE}
    changed = {k: after[k] for k in EDITABLE if before[k] != after[k]}
    audit_record(
        actor=actor,
        action="party_org.update",
        target=locked,
        before={k: before[k] for k in changed},
        after=changed,
    )
    return locked


@transaction.atomic
def org_deactivate(*, actor, organization: PartyOrganization, reason: str) -> PartyOrganization:
    """Dissolve an organization (撤销): only when nobody and nothing active remains below it."""
    require_manager(actor, organization.pk)
    if organization.parent_id is None and not actor.is_superuser:
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason and the approval document.")]})
    below = descendants([organization.pk]) - {organization.pk}
    if PartyOrganization.objects.filter(pk__in=below, is_active=True).exists():
        raise ValidationError(_("Dissolve or move the organizations below it first."))
    if PartyMember.objects.filter(organization=organization, is_active=True).exists():
        raise ValidationError(_("Transfer its members to another organization first."))
    organization.is_active = False
    organization.save(update_fields=["is_active"])
    organization.posts.all().delete()
    audit_record(actor=actor, action="party_org.deactivate", target=organization, after={"reason": reason.strip()})
    _forget(actor)
    return organization


@transaction.atomic
def post_assign(*, actor, organization: PartyOrganization, member: PartyMember, post: str, since: date | None):
    require_manager(actor, organization.pk)
    errors: dict[str, list] = {}
    if post not in Post.values:
        errors["post"] = [_("Choose a post.")]
    elif organization.kind == OrgKind.GROUP and post not in GROUP_POSTS:
        errors["post"] = [_("A party group has a group leader only (recorded as its secretary).")]
    elif post == Post.SECRETARY and organization.posts.filter(post=Post.SECRETARY).exclude(member=member).exists():
        errors["post"] = [_("The organization has a secretary; end that post first.")]
    if not member.is_active or member.organization_id not in descendants([organization.pk]):
        errors["member"] = [_("Choose a member of this organization or of one below it.")]
    elif member.status != "full":
        errors["member"] = [_("Probationary members cannot hold a post.")]
    elif organization.posts.filter(member=member, post=post).exists():
        errors["member"] = [_("This member already holds the post.")]
    if errors:
        raise ValidationError(errors)
    held = PartyPost.objects.create(
        organization=organization, member=member, post=post, since=since or timezone.localdate()
    )
    audit_record(
        actor=actor, action="party_post.assign", target=organization, after={"member": member.pk, "post": post}
    )
    return held


@transaction.atomic
def post_end(*, actor, post: PartyPost) -> None:
    require_manager(actor, post.organization_id)
    if post.member.user_id == actor.pk and post.post == Post.SECRETARY and not actor.is_superuser:
        # Ending one's own secretary post would lock the secretary out mid-action; the level above does it.
        raise ValidationError(_("Your own secretary post is ended by the organization above."))
    audit_record(
        actor=actor,
        action="party_post.end",
        target=post.organization,
        before={"member": post.member_id, "post": post.post, "since": post.since.isoformat()},
    )
    post.delete()


def _forget(actor) -> None:
    """Drop the per-request cache of what the actor manages (the tree changed)."""
    for name in ("_party_managed", "_party_post_kinds"):
        if hasattr(actor, name):
            delattr(actor, name)
