"""A closed call with three applications past the formal check, and a pool of approved experts.

Units and regions are chosen so each conflict rule has a case: the applicants are at 之江理工大学
(杭州市西湖区); experts sit at the same university, elsewhere in 杭州, in 宁波 (the cooperation
unit of the first application), in 温州 and in 南京 (another province).
"""

import pytest
from django.utils import timezone

from accounts.roles import Role
from applications.services import application_decide
from applications.tests.test_recommendation import endorsed
from experts.models import ExpertProfile, ProfileStatus
from orgs.models import Region, RegionLevel, Unit
from reviews.forms import default_criteria
from reviews.services import review_round_create


@pytest.fixture
def more_regions(regions):
    wz = Region.objects.create(code="330300", name="温州市", level=RegionLevel.CITY, parent=regions["zj"])
    js = Region.objects.create(code="320000", name="江苏省", level=RegionLevel.PROVINCE)
    nj = Region.objects.create(code="320100", name="南京市", level=RegionLevel.CITY, parent=js)
    return regions | {"wz": wz, "js": js, "nj": nj}


@pytest.fixture
def units(more_regions, unit, other_unit):
    def make(name, code, region):
        return Unit.objects.create(name=name, credit_code=code, unit_type="university", region=more_regions[region])

    return {
        "zjlg": unit,  # 之江理工大学, 西湖区 (杭州)
        "nbhy": other_unit,  # 宁波海洋材料研究院
        "hzdz": make("杭州电子信息学院", "12330100470000038A", "hz"),
        "wzdx": make("温州理工学院", "12330300470000046T", "wz"),
        "njgy": make("南京工业技术大学", "12320100470000054X", "nj"),
        "njhk": make("南京航空装备研究院", "12320100470000062R", "nj"),
    }


@pytest.fixture
def make_expert(make_user, units, disciplines):
    """An expert with an approved profile: ``make_expert("e1", "njgy", codes=[...])``."""

    def make(username, unit_key, *, codes=("460.45",), keywords="数控机床、热误差补偿", full_name=None, **extra):
        user = make_user(username, Role.EXPERT)
        if full_name:
            type(user).objects.filter(pk=user.pk).update(full_name=full_name)
            user.refresh_from_db()
        unit = units[unit_key]
        ExpertProfile.objects.create(
            user=user,
            title="教授",
            unit=unit,
            region=unit.region,
            discipline_codes=list(codes),
            keywords=keywords,
            research_fields="高端装备、精密加工与误差补偿",
            status=ProfileStatus.APPROVED,
            **extra,
        )
        return user

    return make


@pytest.fixture
def pool(make_expert):
    """Eight experts: five eligible under the city rule (宁波 ×1, 温州 ×2, 南京 ×2), three not."""
    return {
        "same_unit": make_expert("x_zjlg", "zjlg"),
        "same_city": make_expert("x_hzdz", "hzdz"),
        "coop": make_expert("x_nbhy", "nbhy"),
        "wz1": make_expert("x_wz1", "wzdx"),
        "wz2": make_expert("x_wz2", "wzdx", codes=("460.20",)),
        "nj1": make_expert("x_nj1", "njgy"),
        "nj2": make_expert("x_nj2", "njhk", codes=("520.20",), keywords="人工智能、工业软件"),
        "nj3": make_expert("x_nj3", "njgy", codes=("460.45", "460.20")),
    }


@pytest.fixture
def second_pi(make_user, unit):
    return make_user("applicant2", Role.APPLICANT, unit=unit)


@pytest.fixture
def third_pi(make_user, unit):
    return make_user("applicant3", Role.APPLICANT, unit=unit)


@pytest.fixture
def passed(open_call, applicant, second_pi, third_pi, unit_admin, officer):
    """Three applications past the formal check of a call that has since closed.

    The first names 宁波海洋材料研究院 as cooperation unit and 钱学森 (南京工业技术大学) on its team.
    """
    type(open_call).objects.filter(pk=open_call.pk).update(recommendation_path="direct")
    open_call.refresh_from_db()
    apps = [
        endorsed(open_call, applicant, unit_admin, "高精度主轴热误差补偿"),
        endorsed(open_call, second_pi, unit_admin, "五轴机床误差在线补偿"),
        endorsed(open_call, third_pi, unit_admin, "数控系统热变形建模"),
    ]
    first = apps[0]
    type(first).objects.filter(pk=first.pk).update(
        cooperation_units=["宁波海洋材料研究院"],
        team=[{"name": "钱学森", "unit": "南京工业技术大学", "title": "教授", "role": "成员"}],
    )
    result = [application_decide(actor=officer, application=a, name="formal_pass") for a in apps]
    type(open_call).objects.filter(pk=open_call.pk).update(
        closes_at=timezone.now() - timezone.timedelta(hours=1), status="closed"
    )
    open_call.refresh_from_db()
    return [type(a).objects.select_related("unit", "pi").get(pk=a.pk) for a in result]


def round_data(**changes) -> dict:
    data = {
        "title": "2027年度重点研发计划通讯评审",
        "kind": "remote",
        "reviewers_per_item": 3,
        "max_load": 3,
        "deadline": timezone.now() + timezone.timedelta(days=10),
        "answer_days": 3,
        "blind": True,
        "off_site": "city",
        "group_by_discipline": True,
        "aggregation": "trimmed",
        "dispersion_limit": "12",
        "min_comment_length": 20,
        "randomise": False,
        "pair_cap": "0.5",
        "pass_share": "0.667",
    }
    return data | changes


@pytest.fixture
def review_round(passed, officer):
    return review_round_create(actor=officer, call=passed[0].call, data=round_data(), criteria=default_criteria())


@pytest.fixture
def in_review(review_round, pool, officer):
    """The round with its optimal assignment sent as invitations."""
    from reviews.services import assignment_fill, round_assign_finish, round_invite

    report = assignment_fill(review_round)
    round_assign_finish(actor=officer, round=review_round, report=report)
    review_round.refresh_from_db()
    round_invite(actor=officer, round=review_round)
    review_round.refresh_from_db()
    return review_round


def accept(assignment):
    """The expert accepts and confirms having no conflict (services, for tests that start later)."""
    from reviews.services import invitation_answer, no_conflict_confirm

    assignment = invitation_answer(actor=assignment.expert, assignment=assignment, accept=True)
    return no_conflict_confirm(actor=assignment.expert, assignment=assignment)
