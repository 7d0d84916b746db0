"""Writes to the service catalogue: items, their materials, publication and revisions."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from attachments.services import attachment_store
from audit.services import audit_record
from catalogue.models import (
    ItemKind,
    ItemStatus,
    MaterialForm,
    PowerClass,
    ServiceItem,
    ServiceItemRevision,
    ServiceMaterial,
    VisitLevel,
)
from catalogue.permissions import item_editable, manages_catalogue, office_editable
from core.errors import EditConflict
from core.workflow import Workflow, transition_apply
from notifications.services import notify

# The fields an editor sets (the form, the import and the snapshot use the same list).
ITEM_FIELDS = (
    "code",
    "name",
    "kind",
    "power_class",
    "office",
    "audience",
    "legal_basis",
    "conditions",
    "procedure",
    "legal_limit_days",
    "promised_limit_days",
    "is_free",
    "fee_amount",
    "fee_basis",
    "online_url",
    "onsite_address",
    "onsite_hours",
    "phone",
    "visit_level",
    "visit_reason",
)
MATERIAL_FIELDS = ("name", "form", "copies", "required", "notes")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_.]{1,39}$")
MAX_LIMIT_DAYS = 365
BLANK_FORM_EXTENSIONS = ("pdf", "docx", "doc", "xlsx", "xls")


def online_url_check(url: str) -> str:
    """An entry point on this platform ("/portal/") or an http/https address; anything else is refused."""
    url = url.strip()
    if not url:
        return ""
    if any(ch.isspace() for ch in url) or "\\" in url:
        raise ValidationError(_("The address must not contain spaces."))
    if url.startswith("/"):
        if url.startswith("//"):
            raise ValidationError(_("Write a path on this platform (starting with one /) or an http/https address."))
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Only http:// and https:// addresses or paths on this platform are allowed."))
    return url


def _clean(data: dict, *, item: ServiceItem | None) -> dict:
    """Normalise the fields and check the rules between them; every problem at its field."""
    data = {**data}
    errors: dict[str, list[str]] = {}
    for name in ("code", "name", "audience", "fee_basis", "onsite_address", "onsite_hours", "phone", "visit_reason"):
        data[name] = (data.get(name) or "").strip()
    for name in ("legal_basis", "conditions", "procedure"):
        lines = [line.strip() for line in (data.get(name) or "").splitlines() if line.strip()]
        data[name] = "\n".join(lines)
    for name in ITEM_FIELDS:  # the import bypasses the form's lengths (PostgreSQL would refuse the row)
        limit = getattr(ServiceItem._meta.get_field(name), "max_length", None)
        if limit and isinstance(data.get(name), str) and len(data[name]) > limit:
            errors[name] = [_("At most %(n)d characters.") % {"n": limit}]
    if not CODE_PATTERN.match(data["code"]):
        errors["code"] = [_("Use 2–40 letters, digits, hyphens or dots, e.g. 330000-KJ-XK-001.")]
    else:
        taken = ServiceItem.objects.filter(code=data["code"])
        if item is not None:
            taken = taken.exclude(pk=item.pk)
        if taken.exists():
            errors["code"] = [_("Another item already has this code.")]
    if not data["name"]:
        errors["name"] = [_("Give the item's name.")]
    if data.get("kind") not in ItemKind.values:
        errors["kind"] = [_("Choose power item or public service.")]
    elif data["kind"] == ItemKind.POWER and not data.get("power_class"):
        errors["power_class"] = [_("A power item needs its class (licensing, confirmation, ...).")]
    elif data["kind"] == ItemKind.PUBLIC_SERVICE:
        data["power_class"] = ""
    if not data["legal_basis"]:
        errors["legal_basis"] = [_("Give at least one legal basis.")]
    if not data["procedure"]:
        errors["procedure"] = [_("Give at least one step.")]
    legal, promised = data.get("legal_limit_days"), data.get("promised_limit_days")
    if promised is None or not 0 <= promised <= MAX_LIMIT_DAYS:
        errors["promised_limit_days"] = [_("Give the promised time limit, 0 to 365 working days.")]
    elif legal is not None and not 0 < legal <= MAX_LIMIT_DAYS:
        errors["legal_limit_days"] = [_("The legal time limit is 1 to 365 working days, or empty if none is set.")]
    elif legal is not None and promised > legal:
        errors["promised_limit_days"] = [_("The promised time limit cannot be longer than the legal one.")]
    if data.get("is_free"):
        data["fee_amount"] = None
    else:
        amount = data.get("fee_amount")
        if amount is None or Decimal(amount) <= 0:
            errors["fee_amount"] = [_("Give the fee in yuan, or tick free of charge.")]
        if not data["fee_basis"]:
            errors["fee_basis"] = [_("Give the basis for charging the fee.")]
    try:
        data["online_url"] = online_url_check(data.get("online_url") or "")
    except ValidationError as exc:
        errors["online_url"] = exc.messages
    level = data.get("visit_level")
    inspection = data.get("power_class") == PowerClass.INSPECTION  # started by the agency: nobody applies
    if level not in VisitLevel.values:
        errors["visit_level"] = [_("Choose how many visits the item needs.")]
    elif level == VisitLevel.ZERO and not data["online_url"] and "online_url" not in errors and not inspection:
        errors["online_url"] = [_("An item done fully online needs its online entry point.")]
    elif level == VisitLevel.MORE and not data["visit_reason"]:
        errors["visit_reason"] = [_("Say why the applicant has to come more than once.")]
    if level != VisitLevel.MORE:
        data["visit_reason"] = ""
    if level in (VisitLevel.ONCE, VisitLevel.MORE) and not data["onsite_address"]:
        errors["onsite_address"] = [_("An item that needs a visit needs the on-site address.")]
    if errors:
        raise ValidationError(errors)
    return data


def item_fields(item: ServiceItem) -> dict:
    """The item's editable fields as ``service_item_update`` takes them."""
    return {name: getattr(item, name) for name in ITEM_FIELDS}


def item_snapshot(item: ServiceItem) -> dict:
    """What the public sees of an item, as JSON: its fields and its materials."""
    values = {name: getattr(item, name) for name in ITEM_FIELDS if name != "office"}
    values["office"] = item.office.name
    values["fee_amount"] = str(item.fee_amount) if item.fee_amount is not None else None
    values["materials"] = [
        {
            **{name: getattr(m, name) for name in MATERIAL_FIELDS},
            "blank_form": m.blank_form.original_name if m.blank_form_id else "",
        }
        for m in item.materials.select_related("blank_form")
    ]
    return values


def _revision_record(*, actor, item: ServiceItem, note: str = "") -> ServiceItemRevision | None:
    """Keep the item's published state if it changed since the last revision."""
    snapshot = item_snapshot(item)
    last = item.revisions.order_by("-number").first()
    if last is not None and last.snapshot == snapshot:
        return None
    changed = [] if last is None else sorted(k for k in snapshot if snapshot.get(k) != last.snapshot.get(k))
    return ServiceItemRevision.objects.create(
        item=item, number=(last.number + 1) if last else 1, snapshot=snapshot, changed=changed, note=note, actor=actor
    )


def _audit_values(data: dict) -> dict:
    out = {k: v for k, v in data.items() if k in ITEM_FIELDS}
    if "office" in out:
        out["office"] = out["office"].code
    if out.get("fee_amount") is not None:
        out["fee_amount"] = str(out["fee_amount"])
    return out


def service_item_create(*, actor: User, **fields) -> ServiceItem:
    """A new item, as a draft, of an office the actor may edit."""
    data = _clean(fields, item=None)
    if not office_editable(actor, data["office"]):
        raise ValidationError({"office": [_("You can add items of your own office only.")]})
    with transaction.atomic():
        item = ServiceItem.objects.create(created_by=actor, **{k: data[k] for k in ITEM_FIELDS})
        audit_record(actor=actor, action="service_item.create", target=item, after=_audit_values(data))
    return item


def service_item_update(*, actor: User, item: ServiceItem, version: int, **fields) -> ServiceItem:
    """Save the item's fields if nobody saved it since ``version`` was read (else ``EditConflict``).
    A change to a published item is a new revision."""
    data = _clean(fields, item=item)
    if not item_editable(actor, item) or not office_editable(actor, data["office"]):
        raise ValidationError({"office": [_("You can move items to your own office only.")]})
    with transaction.atomic():
        before = _audit_values({k: getattr(item, k) for k in ITEM_FIELDS})
        values = {k: data[k] for k in ITEM_FIELDS}
        updated = ServiceItem.objects.filter(pk=item.pk, version=version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise EditConflict
        item = ServiceItem.objects.select_related("office").get(pk=item.pk)
        after = _audit_values(values)
        changes = {k: v for k, v in after.items() if before.get(k) != v}
        if item.status == ItemStatus.PUBLISHED:
            _revision_record(actor=actor, item=item, note=_("Edited while published"))
        audit_record(
            actor=actor,
            action="service_item.update",
            target=item,
            before={k: before[k] for k in changes},
            after=changes,
        )
    return item


def publish_ready(item: ServiceItem, actor, changes: dict) -> None:
    """Guard: what a published guide must contain."""
    errors = {}
    if not item.materials.exists():
        errors["materials"] = [_("List the application materials before publishing.")]
    if not item.phone:
        errors["phone"] = [_("Give the consultation phone before publishing.")]
    if errors:
        raise ValidationError(errors)


SERVICE_ITEM_WORKFLOW = (
    Workflow("status", audit_prefix="service_item")
    .add(
        "publish",
        [ItemStatus.DRAFT, ItemStatus.WITHDRAWN],
        ItemStatus.PUBLISHED,
        rule=lambda actor, item: manages_catalogue(actor),
        guards=(publish_ready,),
    )
    .add(
        "withdraw",
        [ItemStatus.PUBLISHED],
        ItemStatus.WITHDRAWN,
        rule=lambda actor, item: manages_catalogue(actor),
        needs_reason=True,
    )
)


def office_officers(item: ServiceItem) -> list[User]:
    return list(
        User.objects.filter(
            role_assignments__role=Role.OFFICER, role_assignments__office=item.office, role_assignments__is_active=True
        ).distinct()
    )


def service_item_publish(*, actor: User, item: ServiceItem) -> ServiceItem:
    """Put the item on the portal (政策法规处), keep the revision, tell the responsible office."""
    with transaction.atomic():
        changes = {} if item.published_at else {"published_at": timezone.now()}
        item = transition_apply(actor=actor, obj=item, workflow=SERVICE_ITEM_WORKFLOW, name="publish", changes=changes)
        item = ServiceItem.objects.select_related("office").get(pk=item.pk)
        _revision_record(actor=actor, item=item, note=_("Published"))
        notify(
            recipients=[u for u in office_officers(item) if u.pk != actor.pk],
            title=_("Service guide published: %(name)s") % {"name": item.name},
            url=reverse("catalogue:item", args=[item.pk]),
            email=False,
        )
    return item


def service_item_withdraw(*, actor: User, item: ServiceItem, reason: str) -> ServiceItem:
    """Take the item off the portal, with the reason (kept in the audit log and the revision note)."""
    with transaction.atomic():
        item = transition_apply(actor=actor, obj=item, workflow=SERVICE_ITEM_WORKFLOW, name="withdraw", reason=reason)
        notify(
            recipients=[u for u in office_officers(item) if u.pk != actor.pk],
            title=_("Service guide withdrawn: %(name)s") % {"name": item.name},
            body=reason.strip(),
            url=reverse("catalogue:item", args=[item.pk]),
            email=False,
        )
    return item


def _material_clean(fields: dict) -> dict:
    data = {k: fields.get(k) for k in MATERIAL_FIELDS}
    data["name"] = (data["name"] or "").strip()
    data["notes"] = (data["notes"] or "").strip()
    errors = {}
    if not data["name"]:
        errors["name"] = [_("Give the material's name.")]
    if data["form"] not in MaterialForm.values:
        errors["form"] = [_("Choose original, copy, both or electronic.")]
    if data["copies"] is None or not 0 <= data["copies"] <= 20:
        errors["copies"] = [_("Give the number of copies, 0 to 20.")]
    if errors:
        raise ValidationError(errors)
    data["required"] = bool(data["required"])
    return data


def _after_material_change(*, actor, item: ServiceItem, note: str) -> None:
    ServiceItem.objects.filter(pk=item.pk).update(updated_at=timezone.now())
    if item.status == ItemStatus.PUBLISHED:
        _revision_record(actor=actor, item=item, note=note)


def _locked_item(item: ServiceItem) -> ServiceItem:
    """Lock the item row so two editors' material changes and revisions come one after the other."""
    return ServiceItem.objects.select_for_update(of=("self",)).select_related("office").get(pk=item.pk)


def material_add(*, actor: User, item: ServiceItem, **fields) -> ServiceMaterial:
    """A material at the end of the item's list."""
    data = _material_clean(fields)
    with transaction.atomic():
        item = _locked_item(item)
        last = item.materials.aggregate(n=Max("order"))["n"]
        material = ServiceMaterial.objects.create(item=item, order=(last or 0) + 1, **data)
        _after_material_change(actor=actor, item=item, note=_("Material added"))
        audit_record(actor=actor, action="service_material.add", target=item, after={"material": data["name"]})
    return material


def material_update(*, actor: User, material: ServiceMaterial, **fields) -> ServiceMaterial:
    data = _material_clean(fields)
    with transaction.atomic():
        item = _locked_item(material.item)
        before = {k: getattr(material, k) for k in MATERIAL_FIELDS}
        for key, value in data.items():
            setattr(material, key, value)
        material.save(update_fields=list(data))
        _after_material_change(actor=actor, item=item, note=_("Material changed"))
        changes = {k: v for k, v in data.items() if before[k] != v}
        audit_record(
            actor=actor,
            action="service_material.update",
            target=item,
            before={"material": before["name"], **{k: before[k] for k in changes}},
            after=changes,
        )
    return material


def material_delete(*, actor: User, material: ServiceMaterial) -> None:
    with transaction.atomic():
        item = _locked_item(material.item)
        name = material.name
        material.delete()
        _after_material_change(actor=actor, item=item, note=_("Material removed"))
        audit_record(actor=actor, action="service_material.delete", target=item, before={"material": name})


def material_move(*, actor: User, material: ServiceMaterial, up: bool) -> None:
    """Swap the material with its neighbour above (or below)."""
    with transaction.atomic():
        item = _locked_item(material.item)
        siblings = list(item.materials.order_by("order", "pk"))
        index = next(i for i, m in enumerate(siblings) if m.pk == material.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for number, m in enumerate(siblings, start=1):
            m.order = number
        ServiceMaterial.objects.bulk_update(siblings, ["order"])
        _after_material_change(actor=actor, item=item, note=_("Materials reordered"))
        audit_record(
            actor=actor, action="service_material.move", target=item, after={"material": material.name, "up": up}
        )


def material_form_attach(*, actor: User, material: ServiceMaterial, upload) -> ServiceMaterial:
    """Store the blank form (PDF, Word or Excel) applicants download for this material."""
    # Stored first: a refused file's audit event must outlive this transaction.
    attachment = attachment_store(
        actor=actor, owner=material.item, upload=upload, kind="blank_form", allowed=BLANK_FORM_EXTENSIONS
    )
    with transaction.atomic():
        item = _locked_item(material.item)
        material.blank_form = attachment
        material.save(update_fields=["blank_form"])
        _after_material_change(actor=actor, item=item, note=_("Blank form uploaded"))
        audit_record(
            actor=actor,
            action="service_material.form",
            target=item,
            after={"material": material.name, "file": attachment.original_name, "sha256": attachment.sha256},
        )
    return material
