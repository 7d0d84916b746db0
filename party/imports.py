"""Excel import of party members: every bad row is reported, nothing is imported from a bad file."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from core.excel import Column, ImportSpec
from core.imports import register_import
from core.validators import validate_id_number, validate_mobile
from party.models import DuesCategory, MemberStatus, OrgKind, PartyMember, PartyOrganization
from party.permissions import holds_party_post, managed_org_ids

STATUS = {"正式党员": MemberStatus.FULL, "预备党员": MemberStatus.PROBATIONARY}
CATEGORY = {str(label): value for value, label in DuesCategory.choices} | {
    "在职": DuesCategory.EMPLOYED,
    "离退休": DuesCategory.RETIRED,
    "学生": DuesCategory.STUDENT,
}


def parse_id(text: str) -> str:
    text = text.upper()
    validate_id_number(text)
    return text


def parse_mobile(text: str) -> str:
    validate_mobile(text)
    return text


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValidationError(_("Write the date as 2024-07-01.")) from None


def parse_status(text: str) -> str:
    if text not in STATUS:
        raise ValidationError(_("Write 正式党员 or 预备党员."))
    return STATUS[text]


def parse_category(text: str) -> str:
    if text not in CATEGORY:
        raise ValidationError(_("Unknown dues category; use one of: %(names)s.") % {"names": "、".join(CATEGORY)})
    return CATEGORY[text]


def check_member_row(values: dict, earlier: list[dict]) -> None:
    if any(row["id_number"] == values["id_number"] for row in earlier):
        raise ValidationError({"id_number": [_("This ID number appears twice in the file.")]})
    org = PartyOrganization.objects.filter(name=values["organization"], is_active=True, kind=OrgKind.BRANCH).first()
    if org is None:
        raise ValidationError({"organization": [_("No active party branch of this name.")]})
    values["organization"] = org
    # ID numbers are encrypted (no lookup by value): compare with the branch's registry.
    if any(m.id_number == values["id_number"] for m in PartyMember.objects.filter(organization=org, is_active=True)):
        raise ValidationError({"id_number": [_("This person is already in the branch's registry.")]})


def save_members(rows: list[dict], *, actor) -> int:
    managed = managed_org_ids(actor)
    foreign = sorted({row["organization"].name for row in rows if row["organization"].pk not in managed})
    if foreign:
        raise ValidationError(_("You do not manage: %(names)s. Nothing was imported.") % {"names": "、".join(foreign)})
    members = PartyMember.objects.bulk_create(
        [
            PartyMember(
                name=row["name"],
                id_number=row["id_number"],
                phone=row.get("phone") or "",
                organization=row["organization"],
                status=row["status"],
                admitted_on=row.get("admitted_on"),
                full_on=row.get("full_on"),
                position=row.get("position") or "",
                dues_category=row.get("dues_category") or DuesCategory.EMPLOYED,
            )
            for row in rows
        ]
    )
    for member in members:
        audit_record(actor=actor, action="party_member.import", target=member)
    return len(members)


MEMBER_IMPORT = register_import(
    ImportSpec(
        name="party_members",
        title=gettext_lazy("Party members"),
        columns=[
            Column("姓名", "name", example="王建国"),
            Column("身份证号", "id_number", parse=parse_id, example="110101199003070011"),
            Column("手机号", "phone", required=False, parse=parse_mobile, example="13905710000"),
            Column("所在党支部", "organization", example="新材料研究所先进碳材料课题组党支部"),
            Column("党员类别", "status", parse=parse_status, example="正式党员"),
            Column("入党时间", "admitted_on", required=False, parse=parse_date, example="2012-07-01"),
            Column("转正时间", "full_on", required=False, parse=parse_date, example="2013-07-01"),
            Column("职务岗位", "position", required=False, example="研究员"),
            Column("党费类别", "dues_category", required=False, parse=parse_category, example="在职"),
        ],
        check_row=check_member_row,
        save=save_members,
        rule=holds_party_post,
        parent=(gettext_lazy("Party organizations"), "party:orgs"),
    )
)
