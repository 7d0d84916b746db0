"""The ledger's people and items: supervisors manage, officers of the item's office work on it,
leaders read; an officer of another office and an outsider see nothing."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from orgs.models import Office
from rectification.models import RectificationSource
from rectification.services import evidence_add, rectification_item_create

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "整改报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def other_office(db) -> Office:
    return Office.objects.create(name="基础研究处", code="basic")


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor1", Role.SUPERVISOR)


@pytest.fixture
def leader(make_user):
    return make_user("leader1", Role.LEADER)


@pytest.fixture
def colleague(make_user, office):
    """A second officer of the item's office."""
    return make_user("officer2", Role.OFFICER, office=office)


@pytest.fixture
def stranger(make_user, other_office):
    """An officer of another office."""
    return make_user("officer3", Role.OFFICER, office=other_office)


def clarities(office, person, **overrides) -> dict:
    values = {
        "source": RectificationSource.INSPECTION,
        "problem": "项目评审专家库更新不及时，部分领域专家数量不足",
        "goal": "专家库按季度更新，各领域入库专家不少于30人",
        "deadline": timezone.localdate() + timedelta(days=60),
        "measures": "1. 梳理现有专家信息；2. 面向高校院所征集专家；3. 建立季度更新机制",
        "office": office,
        "responsible": person,
        "commitment": "我处承诺于期限内完成专家库更新并向社会公开结果",
    }
    return values | overrides


@pytest.fixture
def item(supervisor, office, officer):
    """An item under rectification of ``office`` with ``officer`` responsible."""
    created, _ = rectification_item_create(actor=supervisor, **clarities(office, officer))
    return created


@pytest.fixture
def draft(supervisor, office):
    created, _ = rectification_item_create(
        actor=supervisor,
        source=RectificationSource.SURVEY,
        problem="政策宣传不到位，企业对研发费用加计扣除政策知晓率低",
        office=office,
    )
    return created


@pytest.fixture
def with_evidence(item, officer):
    evidence_add(actor=officer, item=item, upload=pdf())
    return item


def day(text: str) -> date:
    return date.fromisoformat(text)
