import pytest
from django.utils import timezone

from plans.models import Program
from plans.services import call_create


@pytest.fixture
def program(office):
    return Program.objects.create(name="重点研发计划", kind="key_rd", office=office)


@pytest.fixture
def call_fields():
    now = timezone.now()
    return {
        "title": "2027年度重点研发计划申报指南",
        "year": 2027,
        "notice": "根据省科技厅年度工作安排，现发布申报指南。",
        "opens_at": now - timezone.timedelta(days=1),
        "closes_at": now + timezone.timedelta(days=30),
        "eligible_unit_types": ["university", "institute", "enterprise"],
        "budget_cap": "300.00",
    }


@pytest.fixture
def draft_call(program, officer, call_fields):
    return call_create(actor=officer, program=program, **call_fields)
