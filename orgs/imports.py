"""Excel import of units (system admin)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel import Column, ImportSpec
from core.imports import register_import
from core.validators import normalize_credit_code, validate_credit_code
from orgs.models import Region, Unit, UnitType
from orgs.permissions import can_manage_orgs
from orgs.services import unit_create


def parse_credit_code(text: str) -> str:
    code = normalize_credit_code(text)
    validate_credit_code(code)
    return code


def parse_unit_type(text: str) -> str:
    if text in UnitType.values:
        return text
    labels = {str(label): value for value, label in UnitType.choices}
    if text in labels:
        return labels[text]
    raise ValidationError(_("Unknown unit type; use one of: %(types)s.") % {"types": "、".join(labels)})


def parse_region(text: str) -> Region:
    region = Region.objects.filter(code=text.strip()).first()
    if region is None:
        raise ValidationError(_("No region has the code %(code)s.") % {"code": text})
    return region


def check_unit_row(values: dict, earlier: list[dict], _memo: dict) -> None:
    code = values["credit_code"]
    if any(row["credit_code"] == code for row in earlier):
        raise ValidationError({"credit_code": [_("This credit code appears twice in the file.")]})
    if Unit.objects.filter(credit_code=code).exists():
        raise ValidationError({"credit_code": [_("A unit with this credit code is already registered.")]})


def save_units(rows: list[dict], *, actor) -> int:
    for row in rows:
        unit_create(
            actor=actor,
            name=row["name"],
            credit_code=row["credit_code"],
            unit_type=row["unit_type"],
            region=row["region"],
            address=row.get("address") or "",
            contact_name=row.get("contact_name") or "",
            contact_phone=row.get("contact_phone") or "",
        )
    return len(rows)


UNIT_IMPORT = register_import(
    ImportSpec(
        name="units",
        title=gettext_lazy("Units"),
        columns=[
            Column("单位名称", "name", example="浙江示例科技有限公司"),
            Column("统一社会信用代码", "credit_code", parse=parse_credit_code, example="91330106MA2B00000U"),
            Column("单位类型", "unit_type", parse=parse_unit_type, example="企业"),
            Column("行政区划代码", "region", parse=parse_region, example="330106"),
            Column("地址", "address", required=False, example="杭州市西湖区文三路100号"),
            Column("联系人", "contact_name", required=False, example="王明"),
            Column("联系电话", "contact_phone", required=False, example="0571-88880000"),
        ],
        check_row=check_unit_row,
        save=save_units,
        rule=can_manage_orgs,
        parent=(gettext_lazy("Units"), "orgs:units"),
    )
)
