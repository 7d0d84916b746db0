"""Excel imports of party members and of dues payments: every bad row is reported, nothing is
imported from a bad file."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from core.excel import Column, ImportSpec
from core.imports import register_import
from core.validators import parse_mobile, validate_id_number
from party.models import DuesBill, DuesCategory, MemberStatus, OrgKind, PartyMember, PartyOrganization, PaymentMethod
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


def _organization(memo: dict, name: str, **filters) -> PartyOrganization | None:
    """An active organization by name that the importer manages, looked up once per file. Any
    other is refused before anything about it is looked up, so a file tells an importer nothing
    about the registry or the dues of organizations they do not manage."""
    found = memo.setdefault("orgs", {})
    if name not in found:
        found[name] = PartyOrganization.objects.filter(name=name, is_active=True, **filters).first()
    org = found[name]
    actor = memo.get("actor")
    if org is not None and (actor is None or org.pk not in managed_org_ids(actor)):
        raise ValidationError({"organization": [_("You do not manage this organization.")]})
    return org


def check_member_row(values: dict, earlier: list[dict], memo: dict) -> None:
    seen = memo.setdefault("id_numbers", set())
    if values["id_number"] in seen:
        raise ValidationError({"id_number": [_("This ID number appears twice in the file.")]})
    org = _organization(memo, values["organization"], kind=OrgKind.BRANCH)
    if org is None:
        raise ValidationError({"organization": [_("No active party branch of this name.")]})
    values["organization"] = org
    # ID numbers are encrypted (no lookup by value): compare with the branch's registry, read once.
    registry = memo.setdefault("registry", {})
    if org.pk not in registry:
        registry[org.pk] = {m.id_number for m in PartyMember.objects.filter(organization=org, is_active=True)}
    if values["id_number"] in registry[org.pk]:
        raise ValidationError({"id_number": [_("This person is already in the branch's registry.")]})
    seen.add(values["id_number"])


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


# --- dues payments ------------------------------------------------------------------------------
def parse_month(text: str) -> date:
    try:
        return date.fromisoformat(text.replace("/", "-")[:7] + "-01")
    except ValueError:
        raise ValidationError(_("Write the month as 2026-03.")) from None


def parse_amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace("¥", "").replace(",", "").strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0 or value >= Decimal("1000000"):
        raise ValidationError(_("Enter the amount paid in yuan, e.g. 97.80."))
    return value.quantize(Decimal("0.01"))


def check_payment_row(values: dict, earlier: list[dict], memo: dict) -> None:
    """Find the member (organization + name + ID number) and the month's unpaid bill; the amount
    must cover the bill (more is recorded as a voluntary extra)."""
    from party.dues import dues_settings
    from party.services import payment_refusal

    org = _organization(memo, values["organization"])
    if org is None:
        raise ValidationError({"organization": [_("No active party organization of this name.")]})
    # ID numbers are encrypted (no lookup by value): read the organization's registry once.
    registry = memo.setdefault("registry", {})
    if org.pk not in registry:
        registry[org.pk] = {
            (m.name, m.id_number): m for m in PartyMember.objects.filter(organization=org, is_active=True)
        }
    member = registry[org.pk].get((values["name"], values["id_number"]))
    if member is None:
        raise ValidationError({"id_number": [_("No member of this name and ID number in the organization.")]})
    seen = memo.setdefault("months", set())
    if (member.pk, values["month"]) in seen:
        raise ValidationError({"month": [_("This member's month appears twice in the file.")]})
    bill = DuesBill.objects.filter(member=member, month=values["month"]).select_related("organization").first()
    if bill is None:
        raise ValidationError({"month": [_("The branch has not billed this month for the member yet.")]})
    bill.member = member
    if values["paid_on"] > timezone.localdate():
        raise ValidationError({"paid_on": [_("The payment date cannot be in the future.")]})
    if "rules" not in memo:
        memo["rules"] = dues_settings()
    refusal = payment_refusal(bill, values["paid_on"], memo["rules"])
    if refusal:
        raise ValidationError({"month": [refusal]})
    if values["amount"] < bill.amount:
        raise ValidationError(
            {
                "amount": [
                    _("Less than the %(amount)s yuan due; partial payments are not accepted.") % {"amount": bill.amount}
                ]
            }
        )
    values["organization"] = org
    values["bill"] = bill
    seen.add((member.pk, values["month"]))


def save_payments(rows: list[dict], *, actor) -> int:
    from party.services import dues_pay

    managed = managed_org_ids(actor)
    foreign = sorted({row["bill"].organization.name for row in rows if row["bill"].organization_id not in managed})
    if foreign:
        raise ValidationError(_("You do not manage: %(names)s. Nothing was imported.") % {"names": "、".join(foreign)})
    for row in rows:
        dues_pay(
            actor=actor,
            bills=[row["bill"]],
            paid_on=row["paid_on"],
            method=PaymentMethod.IMPORT,
            proxy_name=row.get("proxy_name") or "",
            extra=row["amount"] - row["bill"].amount,
        )
    return len(rows)


PAYMENT_IMPORT = register_import(
    ImportSpec(
        name="party_dues_payments",
        title=gettext_lazy("Dues payments"),
        columns=[
            Column("所在党组织", "organization", example="新材料研究所先进碳材料课题组党支部"),
            Column("姓名", "name", example="王建国"),
            Column("身份证号", "id_number", parse=parse_id, example="110101199003070011"),
            Column("所属月份", "month", parse=parse_month, example="2026-03"),
            Column("缴纳金额", "amount", parse=parse_amount, example="97.80"),
            Column("缴纳日期", "paid_on", parse=parse_date, example="2026-03-10"),
            Column("代缴人", "proxy_name", required=False, example=""),
        ],
        check_row=check_payment_row,
        save=save_payments,
        rule=holds_party_post,
        parent=(gettext_lazy("Party organizations"), "party:orgs"),
    )
)
