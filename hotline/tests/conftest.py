"""Fixtures of the service-request tests: the general office and its registrar, the handling office
(the root ``office``, 高新技术处, with ``officer``), another office, a leader and a supervisor, the
default categories, and requests at each stage on a fixed clock."""

import re
from datetime import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from core.human_check import human_check_answer
from hotline.defaults import categories_ensure
from hotline.models import RatingLink, RequestCategory
from hotline.services import service_request_assign, service_request_file, service_request_reply
from orgs.models import Office

REPLY = "您好，高新技术企业认定的申报材料清单已在办事指南中公布，请按清单准备材料。"


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def general(db) -> Office:
    return Office.objects.create(name="办公室", code="general")


@pytest.fixture
def registrar(make_user, general):
    return make_user("registrar1", Role.OFFICER, office=general)


@pytest.fixture
def other_office(db) -> Office:
    return Office.objects.create(name="基础研究处", code="basic")


@pytest.fixture
def other_officer(make_user, other_office):
    return make_user("officer_basic", Role.OFFICER, office=other_office)


@pytest.fixture
def leader(make_user):
    return make_user("leader1", Role.LEADER)


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor1", Role.SUPERVISOR)


@pytest.fixture
def categories(db) -> dict[str, RequestCategory]:
    categories_ensure()
    return {c.code: c for c in RequestCategory.objects.all()}


def file_request(categories, *, code="consult", now=None, email="zhang@example.test", title="高企认定政策咨询"):
    return service_request_file(
        name="张三",
        phone="13812345678",
        email=email,
        category=categories[code],
        title=title,
        content="请问今年高新技术企业认定什么时候开始申报？需要准备哪些材料？",
        now=now,
    )


@pytest.fixture
def filed(categories, general):
    return file_request(categories)


@pytest.fixture
def assigned(filed, registrar, office):
    return service_request_assign(actor=registrar, request=filed, office=office, version=filed.version)


@pytest.fixture
def replied(assigned, officer):
    return service_request_reply(actor=officer, request=assigned, reply=REPLY, version=assigned.version)


@pytest.fixture
def rating_token(replied) -> str:
    return str(RatingLink.objects.get(request=replied, round=replied.round).token)


def captcha_key(html: str) -> str:
    return re.search(r'name="captcha_0" value="(\w+)"', html).group(1)


def public_form_data(client, **overrides) -> dict:
    """GET the portal form and answer its human check honestly."""
    html = client.get("/portal/hotline/").content.decode()
    key = captcha_key(html)
    data = {
        "category": RequestCategory.objects.get(code="consult").pk,
        "title": "项目申报咨询",
        "content": "请问省重点研发计划今年的申报截止时间是什么时候？",
        "name": "李四",
        "phone": "13900001111",
        "email": "lisi@example.test",
        "captcha_0": key,
        "captcha_1": human_check_answer(key),
    }
    return data | overrides
