"""Who may do what in the rectification ledger. Missing and forbidden both answer 404.

- Supervisors (纪检/督查) manage the whole ledger: enter items, import review findings, record the
  weekly checks, review completion and close items (销号) or send them back, and reopen them.
- Officers see and work on the items of their own office: complete and edit the four clarities
  and the commitment while the item is a draft or under rectification, keep the milestones,
  report progress, attach evidence and report completion.
- Leaders read the whole ledger and open the roadmap.
- Everyone else sees nothing (the public reads the public roadmap on the portal).
"""

from django.http import Http404

from accounts.roles import Role, has_role, is_officer
from rectification.models import RectificationItem, RectificationStatus

is_supervisor = has_role(Role.SUPERVISOR)
is_leader = has_role(Role.LEADER)
uses_ledger = has_role(Role.SUPERVISOR, Role.LEADER, Role.OFFICER)
reads_whole_ledger = has_role(Role.SUPERVISOR, Role.LEADER)
# States in which the responsible office still works on an item.
WORKING_STATES = frozenset({RectificationStatus.DRAFT, RectificationStatus.IN_PROGRESS})


def own_office_ids(user) -> list[int]:
    return user.scopes(Role.OFFICER, "office") if user.is_authenticated else []


def can_read(user, item: RectificationItem) -> bool:
    """The supervisors and leaders read every item; an officer the items of their office."""
    return bool(
        reads_whole_ledger(user)
        or (is_officer(user) and item.office_id is not None and item.office_id in own_office_ids(user))
    )


def can_work_on(user, item: RectificationItem) -> bool:
    """Edit the four clarities, milestones, progress, evidence, completion: the item's office
    (and the supervisors, who enter the items), only while the item is a draft or under way."""
    return bool(
        item.status in WORKING_STATES
        and (
            is_supervisor(user)
            or (is_officer(user) and item.office_id is not None and item.office_id in own_office_ids(user))
        )
    )


def can_manage(user, item: RectificationItem) -> bool:
    """Weekly checks, review, closure, reopening: the supervisors only."""
    return bool(is_supervisor(user))


def rectification_item_get_for_user(user, pk, *, write: bool = False) -> RectificationItem:
    """The item if ``user`` may read it (or work on it with ``write``); otherwise 404."""
    item = RectificationItem.objects.select_related("office", "responsible", "created_by").filter(pk=pk).first()
    if item is None or not can_read(user, item):
        raise Http404
    if write and not can_work_on(user, item):
        raise Http404
    return item


def visible_items(user):
    """The items ``user`` may read, as a queryset (the ledger list, roadmap, export)."""
    items = RectificationItem.objects.all()
    if reads_whole_ledger(user):
        return items
    if is_officer(user):
        return items.filter(office_id__in=own_office_ids(user))
    return items.none()


def evidence_rule(user, item: RectificationItem, write: bool) -> bool:
    """Evidence files (attachments owner rule): readers of the item read them; those who work on
    the item add or remove them."""
    return can_work_on(user, item) if write else can_read(user, item)
