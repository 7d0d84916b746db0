"""Who sees and edits the service catalogue. Missing and forbidden both answer 404.

- The public reads published items only (drafts and withdrawn items never).
- Staff (officers, leaders, supervisors) read every item.
- Officers of the responsible office edit its items; officers of 政策法规处 (the office that
  manages the catalogue) edit every item, and they alone publish and withdraw.
"""

import rules
from django.http import Http404

from accounts.roles import Role, has_role
from catalogue.models import ItemStatus, ServiceItem, ServiceMaterial
from orgs.models import Office

CATALOGUE_OFFICE = "policy"  # 政策法规处

is_staff_reader = has_role(Role.OFFICER, Role.LEADER, Role.SUPERVISOR)


def _cached(user, name: str, compute):
    if not hasattr(user, name):
        setattr(user, name, compute())
    return getattr(user, name)


def officer_office_ids(user) -> list[int]:
    if not user.is_authenticated:
        return []
    return user.scopes(Role.OFFICER, "office")


@rules.predicate
def manages_catalogue(user) -> bool:
    """An officer of the office that manages the catalogue."""
    offices = officer_office_ids(user)
    return bool(offices) and _cached(
        user,
        "_manages_catalogue",
        lambda: Office.objects.filter(code=CATALOGUE_OFFICE, pk__in=offices).exists(),
    )


@rules.predicate
def can_create_items(user) -> bool:
    """Any officer: each adds items of their own office (the catalogue office for any office)."""
    return bool(officer_office_ids(user))


def editable_office_ids(user) -> list[int] | None:
    """Offices whose items the user may edit; None means every office."""
    if manages_catalogue(user):
        return None
    return officer_office_ids(user)


def item_editable(user, item: ServiceItem) -> bool:
    offices = editable_office_ids(user)
    return offices is None or item.office_id in offices


def office_editable(user, office: Office) -> bool:
    offices = editable_office_ids(user)
    return offices is None or office.pk in offices


def item_get_for_user(user, pk: int, *, write: bool = False) -> ServiceItem:
    """An item for staff (read) or for its editors (write)."""
    item = ServiceItem.objects.select_related("office").filter(pk=pk).first()
    if item is None:
        raise Http404
    allowed = item_editable(user, item) if write else is_staff_reader.test(user)
    if not allowed:
        raise Http404
    return item


def material_get_for_user(user, item: ServiceItem, pk: int) -> ServiceMaterial:
    """A material of ``item`` (already checked for writing)."""
    material = ServiceMaterial.objects.filter(pk=pk, item=item).first()
    if material is None:
        raise Http404
    return material


def published_item_get(pk: int) -> ServiceItem:
    """An item the public may read: published only."""
    item = ServiceItem.objects.select_related("office").filter(pk=pk, status=ItemStatus.PUBLISHED).first()
    if item is None:
        raise Http404
    return item


def item_attachment_rule(user, item: ServiceItem, write: bool) -> bool:
    """Blank forms: everyone once the item is published, staff always; its editors manage them."""
    if write:
        return user.is_authenticated and item_editable(user, item)
    return item.status == ItemStatus.PUBLISHED or is_staff_reader.test(user)
