"""Fixtures of supervised tasks: two offices with their officers, a leader, a supervisor, and a
task assigned on a fixed day so working-day arithmetic is checked against the real calendar."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from orgs.models import Office
from supervision.services import task_create

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ASSIGNED = dt.date(2026, 9, 1)  # a Tuesday, before the National Day holiday (Oct 1-7)


def pdf(name: str = "办结报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def other_office(db) -> Office:
    return Office.objects.create(name="成果转化与区域创新处", code="transfer", sort_order=2)


@pytest.fixture
def owner(make_user, office):
    return make_user("owner1", Role.OFFICER, office=office)


@pytest.fixture
def colleague(make_user, office):
    return make_user("colleague1", Role.OFFICER, office=office)


@pytest.fixture
def other_officer(make_user, other_office):
    return make_user("transfer1", Role.OFFICER, office=other_office)


@pytest.fixture
def leader(make_user):
    return make_user("leader1", Role.LEADER)


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor1", Role.SUPERVISOR)


@pytest.fixture
def make_task(supervisor, office, owner, leader):
    def make(**values):
        fields = {
            "actor": supervisor,
            "title": "落实科技成果转化三年行动",
            "requirements": "制定实施方案，完成年度转化目标，形成总结报告。",
            "source": "meeting",
            "source_details": "厅党组会议纪要〔2026〕12号",
            "office": office,
            "owner": owner,
            "leader": leader,
            "deadline": dt.date(2026, 10, 30),
            "assigned_on": ASSIGNED,
            "stages": [("方案制定", dt.date(2026, 9, 15)), ("推进实施", dt.date(2026, 10, 20))],
        }
        return task_create(**(fields | values))

    return make


@pytest.fixture
def task(make_task):
    return make_task()
