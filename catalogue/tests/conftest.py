"""Fixtures of the service catalogue: the catalogue office (政策法规处), an owning office, items."""

import pytest

from accounts.roles import Role
from catalogue.models import ItemKind, MaterialForm, PowerClass, VisitLevel
from catalogue.services import material_add, service_item_create, service_item_publish
from orgs.models import Office


@pytest.fixture
def policy_office(db) -> Office:
    return Office.objects.create(name="政策法规处", code="policy")


@pytest.fixture
def other_office(db) -> Office:
    return Office.objects.create(name="农村科技处", code="rural")


@pytest.fixture
def policy_officer(make_user, policy_office):
    return make_user("policy1", Role.OFFICER, office=policy_office)


@pytest.fixture
def other_officer(make_user, other_office):
    return make_user("rural1", Role.OFFICER, office=other_office)


@pytest.fixture
def leader(make_user):
    return make_user("leader1", Role.LEADER)


def item_data(office, **changes) -> dict:
    """Every field of a complete power item (高新技术企业认定), as the form and services take them."""
    return {
        "code": "330000-KJ-QR-001",
        "name": "高新技术企业认定",
        "kind": ItemKind.POWER,
        "power_class": PowerClass.CONFIRMATION,
        "office": office,
        "audience": "在本省注册一年以上的居民企业",
        "legal_basis": "《中华人民共和国企业所得税法》第二十八条\n《高新技术企业认定管理办法》（国科发火〔2016〕32号）",
        "conditions": "近三个会计年度研究开发费用总额占同期销售收入总额的比例符合要求",
        "procedure": "企业网上申报\n专家评审\n认定机构审查认定\n公示10个工作日\n备案公告",
        "legal_limit_days": 60,
        "promised_limit_days": 40,
        "is_free": True,
        "fee_amount": None,
        "fee_basis": "",
        "online_url": "/portal/",
        "onsite_address": "",
        "onsite_hours": "",
        "phone": "0571-87054000",
        "visit_level": VisitLevel.ZERO,
        "visit_reason": "",
    } | changes


def form_data(office, **changes) -> dict:
    """The same as posted by the item form."""
    data = item_data(office, **changes)
    posted = {k: ("" if v is None else v) for k, v in data.items()}
    posted["office"] = data["office"].pk
    if data["is_free"]:
        posted["is_free"] = "on"
    else:
        posted.pop("is_free")
    return posted


@pytest.fixture
def draft_item(officer, office):
    item = service_item_create(actor=officer, **item_data(office))
    material_add(
        actor=officer, item=item, name="高新技术企业认定申请书", form=MaterialForm.ORIGINAL, copies=1, required=True
    )
    return item


@pytest.fixture
def published_item(draft_item, policy_officer):
    return service_item_publish(actor=policy_officer, item=draft_item)
