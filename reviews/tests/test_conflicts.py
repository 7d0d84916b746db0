"""Each conflict rule, from the database, with its reason; enforced in the assignment itself."""

import pytest
from django.utils import timezone

from applications.models import Application
from experts.models import ExpertProfile
from integrity.models import Restriction
from integrity.services import integrity_record_create
from projects.models import Project
from reviews.conflicts import Conflict, RoundPool
from reviews.models import AvoidanceRequest, OffSite, ReviewRound
from reviews.services import assignment_fill

pytestmark = pytest.mark.django_db


def reasons(round, application, expert) -> list[str]:
    pool = RoundPool.load(round)
    i = next(n for n, item in enumerate(pool.items) if item.application_id == application.pk)
    j = pool.expert_index(expert.pk)
    return pool.reasons(i, j)


def test_same_unit(review_round, passed, pool):
    assert Conflict.SAME_UNIT in reasons(review_round, passed[1], pool["same_unit"])


def test_same_city_under_the_off_site_rule_and_not_without_it(review_round, passed, pool):
    assert Conflict.SAME_CITY in reasons(review_round, passed[1], pool["same_city"])
    ReviewRound.objects.filter(pk=review_round.pk).update(off_site=OffSite.NONE)
    review_round.refresh_from_db()
    assert reasons(review_round, passed[1], pool["same_city"]) == []


def test_same_province_excludes_all_of_zhejiang(review_round, passed, pool):
    ReviewRound.objects.filter(pk=review_round.pk).update(off_site=OffSite.PROVINCE)
    review_round.refresh_from_db()
    assert Conflict.SAME_PROVINCE in reasons(review_round, passed[1], pool["wz1"])
    assert reasons(review_round, passed[1], pool["nj1"]) == []


def test_team_member_by_name_and_unit(review_round, passed, make_expert):
    qian = make_expert("qian", "njgy", full_name="钱学森")
    assert Conflict.TEAM_MEMBER in reasons(review_round, passed[0], qian)
    assert Conflict.TEAM_MEMBER not in reasons(review_round, passed[1], qian)


def test_cooperation_unit(review_round, passed, pool):
    assert Conflict.COOPERATION_UNIT in reasons(review_round, passed[0], pool["coop"])
    assert reasons(review_round, passed[1], pool["coop"]) == []


def test_own_application_in_the_same_call_excludes_the_expert_from_the_round(review_round, passed, pool, open_call):
    Application.objects.create(call=open_call, pi=pool["nj1"], unit=passed[0].unit, title="专家本人的申报")
    for application in passed:
        assert Conflict.OWN_APPLICATION in reasons(review_round, application, pool["nj1"])


def test_co_applicant_on_a_project_in_the_last_three_years(review_round, passed, pool, open_call, applicant):
    earlier = Application.objects.create(
        call=open_call,
        pi=applicant,
        unit=passed[0].unit,
        title="往年合作项目",
        team=[{"name": pool["wz1"].full_name, "unit": "温州理工学院"}],
    )
    Project.objects.create(
        number="2024-001",
        application=earlier,
        call=open_call,
        title=earlier.title,
        pi=applicant,
        unit=passed[0].unit,
        grant=100,
        approved_at=timezone.now() - timezone.timedelta(days=700),
    )
    assert Conflict.CO_APPLICANT in reasons(review_round, passed[0], pool["wz1"])  # applicant is its PI
    assert Conflict.CO_APPLICANT not in reasons(review_round, passed[1], pool["wz1"])
    Project.objects.filter(number="2024-001").update(approved_at=timezone.now() - timezone.timedelta(days=365 * 4))
    assert Conflict.CO_APPLICANT not in reasons(review_round, passed[0], pool["wz1"])  # older than three years


def test_avoidances_declared_by_the_expert(review_round, passed, pool):
    profile = ExpertProfile.objects.get(user=pool["nj2"])
    profile.avoid_units.add(passed[0].unit)
    assert Conflict.EXPERT_AVOIDS in reasons(review_round, passed[0], pool["nj2"])
    profile.avoid_units.clear()
    profile.avoid_people = [{"name": passed[2].pi.full_name, "unit": ""}]
    profile.save()
    assert Conflict.EXPERT_AVOIDS in reasons(review_round, passed[2], pool["nj2"])
    assert Conflict.EXPERT_AVOIDS not in reasons(review_round, passed[1], pool["nj2"])


def test_avoidance_requested_by_the_applicant(review_round, passed, pool):
    AvoidanceRequest.objects.create(
        application=passed[1], name=pool["wz2"].full_name, unit_name="温州理工学院", reason="同一技术方向竞争"
    )
    assert Conflict.APPLICANT_AVOIDS in reasons(review_round, passed[1], pool["wz2"])
    assert Conflict.APPLICANT_AVOIDS not in reasons(review_round, passed[0], pool["wz2"])


def test_integrity_restriction_excludes_the_expert(review_round, passed, pool, officer):
    integrity_record_create(
        actor=officer,
        person=pool["nj3"],
        list_kind="black",
        restrictions=[Restriction.REVIEW],
        reason="评审中违反保密规定",
        starts_on=timezone.localdate(),
    )
    assert Conflict.INTEGRITY in reasons(review_round, passed[0], pool["nj3"])


def test_the_assignment_never_places_a_conflicted_pair(review_round, passed, pool):
    report = assignment_fill(review_round)
    assert report["placed"] == 9 and report["unmet"] == 0
    rounds = RoundPool.load(review_round)
    for assignment in review_round.assignments.all():
        i = next(n for n, item in enumerate(rounds.items) if item.pk == assignment.item_id)
        assert rounds.reasons(i, rounds.expert_index(assignment.expert_id)) == []
    loads = {}
    for assignment in review_round.assignments.all():
        loads[assignment.expert_id] = loads.get(assignment.expert_id, 0) + 1
    assert max(loads.values()) <= review_round.max_load


def test_infeasible_assignment_says_which_item_lacks_experts_and_why(review_round, passed, pool):
    """Six places each: the first application has only five eligible experts, the others six."""
    ReviewRound.objects.filter(pk=review_round.pk).update(reviewers_per_item=6, max_load=10)
    review_round.refresh_from_db()
    report = assignment_fill(review_round)
    assert report["unmet"] == 1
    [problem] = report["problems"]
    first = review_round.items.get(application=passed[0])
    assert problem["item"] == first.pk and problem["unmet"] == 1
    assert first.code in problem["text"] and "5" in problem["text"] and "6" in problem["text"]
    assert str(Conflict.SAME_CITY.label) in problem["text"]  # the leading reasons, to act on
