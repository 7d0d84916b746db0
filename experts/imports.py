"""Excel import of experts: every bad row is reported, nothing is imported from a file with one."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.excel import Column, ImportSpec
from core.imports import register_import
from core.validators import parse_mobile
from experts.permissions import manages_pool
from experts.services import discipline_codes_parse, expert_import_row
from orgs.imports import parse_region
from orgs.models import Unit


def parse_email(text: str) -> str:
    validate_email(text)
    return text.lower()


def check_expert_row(values: dict, earlier: list[dict], _memo: dict) -> None:
    name = values["username"]
    if any(row["username"].lower() == name.lower() for row in earlier):
        raise ValidationError({"username": [_("This account name appears twice in the file.")]})
    if User.objects.filter(username__iexact=name).exists():
        raise ValidationError({"username": [_("This account name is already taken.")]})
    if any(row["email"] == values["email"] for row in earlier):
        raise ValidationError({"email": [_("This e-mail address appears twice in the file.")]})
    values["unit"] = Unit.objects.filter(name=values["unit_name"]).first()


def save_experts(rows: list[dict], *, actor) -> int:
    for row in rows:
        expert_import_row(actor=actor, row=row)
    return len(rows)


EXPERT_IMPORT = register_import(
    ImportSpec(
        name="experts",
        title=gettext_lazy("Experts"),
        columns=[
            Column("账号", "username", example="zhangwei_zj"),
            Column("姓名", "full_name", example="张伟"),
            Column("职称", "title", example="教授"),
            Column("工作单位", "unit_name", example="之江理工大学"),
            Column("行政区划代码", "region", parse=parse_region, example="330106"),
            Column("学科代码", "discipline_codes", parse=discipline_codes_parse, example="520.20、520.60"),
            Column("关键词", "keywords", example="机器学习、知识图谱"),
            Column("研究方向", "research_fields", required=False, example="面向制造业的工业知识图谱构建"),
            Column("电子邮箱", "email", parse=parse_email, example="zhangwei@example.edu.cn"),
            Column("手机号", "phone", required=False, parse=parse_mobile, example="13800000000"),
        ],
        check_row=check_expert_row,
        save=save_experts,
        rule=manages_pool,
        parent=(gettext_lazy("Expert pool"), "experts:pool"),
    )
)
