"""Excel import of the catalogue, in the same columns as the export: a row with a new code adds a
draft, a row with a known code updates that item. Every bad row is reported; a file with any bad
row imports nothing."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import ItemKind, MaterialForm, PowerClass, ServiceItem, VisitLevel
from catalogue.permissions import can_create_items, item_editable, office_editable
from catalogue.services import _clean, material_add, material_delete, service_item_create, service_item_update
from core.excel import Column, ImportSpec
from core.forms import as_int
from core.imports import register_import
from orgs.models import Office

CATEGORIES = {
    "行政许可": (ItemKind.POWER, PowerClass.LICENSING),
    "行政确认": (ItemKind.POWER, PowerClass.CONFIRMATION),
    "行政奖励": (ItemKind.POWER, PowerClass.REWARD),
    "行政检查": (ItemKind.POWER, PowerClass.INSPECTION),
    "其他行政权力": (ItemKind.POWER, PowerClass.OTHER),
    "公共服务": (ItemKind.PUBLIC_SERVICE, ""),
}
CATEGORY_NAMES = {value: name for name, value in CATEGORIES.items()}
LEVELS = {"跑零次": VisitLevel.ZERO, "最多跑一次": VisitLevel.ONCE, "需多次跑动": VisitLevel.MORE}
LEVEL_NAMES = {value: name for name, value in LEVELS.items()}
FORMS = {"原件": MaterialForm.ORIGINAL, "复印件": MaterialForm.COPY, "原件和复印件": MaterialForm.BOTH}
FORMS["电子文件"] = MaterialForm.ELECTRONIC
FORM_NAMES = {value: name for name, value in FORMS.items()}
FREE = "不收费"


def parse_category(text: str) -> tuple[str, str]:
    if text not in CATEGORIES:
        raise ValidationError(_("Write one of: %(names)s.") % {"names": "、".join(CATEGORIES)})
    return CATEGORIES[text]


def parse_level(text: str) -> str:
    if text not in LEVELS:
        raise ValidationError(_("Write one of: %(names)s.") % {"names": "、".join(LEVELS)})
    return LEVELS[text]


def parse_days(text: str) -> int:
    days = as_int(text, low=0, high=365)
    if days is None:
        raise ValidationError(_("Write a number of working days, 0 to 365."))
    return days


def parse_fee(text: str) -> Decimal | None:
    """不收费, or the fee in yuan."""
    if text == FREE:
        return None
    try:
        amount = Decimal(text.removesuffix("元").strip())
    except InvalidOperation:
        raise ValidationError(_("Write 不收费 or the fee in yuan, e.g. 200.")) from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("100000000"):
        raise ValidationError(_("Write 不收费 or the fee in yuan, e.g. 200."))
    return amount.quantize(Decimal("0.01"))


def parse_materials(text: str) -> list[dict]:
    """One material a line: 名称|原件|份数|必要|备注 (the last three may be left out)."""
    materials = []
    for number, line in enumerate((line for line in text.splitlines() if line.strip()), start=1):
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        name, form = parts[0], parts[1] if len(parts) > 1 else "原件"
        copies = as_int(parts[2], low=0, high=20) if len(parts) > 2 and parts[2] else 1
        required = parts[3] if len(parts) > 3 and parts[3] else "必要"
        if not name or form not in FORMS or copies is None or required not in ("必要", "非必要"):
            raise ValidationError(
                _("Material %(n)d: write 名称|原件 or 复印件 or 原件和复印件 or 电子文件|份数|必要 or 非必要|备注.")
                % {"n": number}
            )
        materials.append(
            {
                "name": name[:300],
                "form": FORMS[form],
                "copies": copies,
                "required": required == "必要",
                "notes": "|".join(parts[4:]),
            }
        )
    return materials


def _office(text: str, memo: dict) -> Office | None:
    offices = memo.get("offices")
    if offices is None:
        offices = memo["offices"] = {o.name: o for o in Office.objects.all()} | {
            o.code: o for o in Office.objects.all()
        }
    return offices.get(text)


def _item_values(values: dict) -> dict:
    kind, power_class = values["category"]
    return {
        "code": values["code"],
        "name": values["name"],
        "kind": kind,
        "power_class": power_class,
        "office": values["office"],
        "audience": values.get("audience") or "",
        "legal_basis": values["legal_basis"],
        "conditions": values.get("conditions") or "",
        "procedure": values["procedure"],
        "legal_limit_days": values.get("legal_limit_days"),
        "promised_limit_days": values["promised_limit_days"],
        "is_free": values["fee"] is None,
        "fee_amount": values["fee"],
        "fee_basis": values.get("fee_basis") or "",
        "online_url": values.get("online_url") or "",
        "onsite_address": values.get("onsite_address") or "",
        "onsite_hours": values.get("onsite_hours") or "",
        "phone": values.get("phone") or "",
        "visit_level": values["visit_level"],
        "visit_reason": values.get("visit_reason") or "",
    }


def check_item_row(values: dict, earlier: list[dict], memo: dict) -> None:
    actor = memo["actor"]
    office = _office(values["office"], memo)
    if office is None:
        raise ValidationError({"office": [_("No office of this name or code.")]})
    if not office_editable(actor, office):
        raise ValidationError({"office": [_("You can import items of your own office only.")]})
    values["office"] = office
    if any(row["code"] == values["code"] for row in earlier):
        raise ValidationError({"code": [_("This code appears twice in the file.")]})
    existing = ServiceItem.objects.filter(code=values["code"]).first()
    if existing is not None and not item_editable(actor, existing):
        raise ValidationError({"code": [_("This code belongs to an item of another office.")]})
    values["existing"] = existing
    values["materials"] = values.get("materials") or []
    item_values = _item_values(values)
    _clean(item_values, item=existing)  # every rule the form applies, at its column


def save_items(rows: list[dict], *, actor) -> int:
    for row in rows:
        existing = ServiceItem.objects.filter(pk=row["existing"].pk).first() if row["existing"] else None
        if existing is None:
            item = service_item_create(actor=actor, **_item_values(row))
        else:
            item = service_item_update(actor=actor, item=existing, version=existing.version, **_item_values(row))
            if row["materials"]:
                for material in list(item.materials.all()):
                    material_delete(actor=actor, material=material)
        for material in row["materials"]:
            material_add(actor=actor, item=item, **material)
    return len(rows)


ITEM_IMPORT = register_import(
    ImportSpec(
        name="catalogue_items",
        title=gettext_lazy("Service catalogue"),
        columns=[
            Column("事项编码", "code", example="330000-KJ-XK-001"),
            Column("事项名称", "name", example="实验动物生产许可证核发"),
            Column("事项类别", "category", parse=parse_category, example="行政许可"),
            Column("实施处室", "office", example="社会发展科技处"),
            Column("服务对象", "audience", required=False, example="从事实验动物生产的企业和事业单位"),
            Column("设定依据", "legal_basis", example="《实验动物管理条例》第十条"),
            Column("受理条件", "conditions", required=False, example="具有符合国家标准的实验动物设施"),
            Column("办理流程", "procedure", example="申请\n受理\n审查\n决定\n送达"),
            Column("法定时限（工作日）", "legal_limit_days", required=False, parse=parse_days, example="20"),
            Column("承诺时限（工作日）", "promised_limit_days", parse=parse_days, example="10"),
            Column("收费标准", "fee", parse=parse_fee, example=FREE),
            Column("收费依据", "fee_basis", required=False, example=""),
            Column("网上办理入口", "online_url", required=False, example="/portal/guide/"),
            Column("办理地点", "onsite_address", required=False, example="省政务服务中心科技厅窗口"),
            Column("办理时间", "onsite_hours", required=False, example="工作日 9:00-12:00，13:30-17:00"),
            Column("咨询电话", "phone", required=False, example="0571-87054000"),
            Column("跑动次数", "visit_level", parse=parse_level, example="最多跑一次"),
            Column("多次跑动原因", "visit_reason", required=False, example=""),
            Column(
                "申请材料",
                "materials",
                required=False,
                parse=parse_materials,
                example="实验动物生产许可证申请书|原件|1|必要|\n营业执照|复印件|1|必要|加盖公章",
            ),
        ],
        check_row=check_item_row,
        save=save_items,
        rule=can_create_items,
        parent=(gettext_lazy("Service catalogue"), "catalogue:items"),
    )
)
