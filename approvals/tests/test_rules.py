"""Every refusal of the decision stage, each with the reason the user sees."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from applications.checks import formal_checks
from approvals import services
from approvals.models import FundingList, ListStatus, ScoreSource
from approvals.permissions import signs_for
from projects.models import Project

pytestmark = pytest.mark.django_db


def scored(officer, applications, scores=(90, 80)):
    for application, score in zip(applications, scores, strict=True):
        services.review_score_record(actor=officer, application=application, score=score, source=ScoreSource.MANUAL)


def drafted(officer, passed, finance_office, grants=None):
    funding_list = services.funding_list_open(actor=officer, call=passed[0].call)
    return services.funding_list_save(
        actor=officer,
        funding_list=funding_list,
        version=funding_list.version,
        grants=grants or {passed[0].pk: "90", passed[1].pk: "80"},
        offices=[finance_office],
        note="",
    )


def test_no_funding_list_while_the_call_is_open(open_call, officer):
    with pytest.raises(ValidationError, match="截止后"):
        services.funding_list_open(actor=officer, call=open_call)


def test_scores_are_bounded_manual_scores_never_overwrite_review_scores(passed, officer):
    with pytest.raises(ValidationError, match="0 至 100"):
        services.review_score_record(actor=officer, application=passed[0], score="101", source=ScoreSource.MANUAL)
    with pytest.raises(ValidationError):
        services.review_score_record(actor=officer, application=passed[0], score="abc", source=ScoreSource.MANUAL)
    services.review_score_record(actor=None, application=passed[0], score="88", source=ScoreSource.REVIEW)
    with pytest.raises(ValidationError, match="专家评审"):
        services.review_score_record(actor=officer, application=passed[0], score="99", source=ScoreSource.MANUAL)


def test_a_bad_score_in_the_table_saves_nothing_and_keeps_what_was_typed(passed, officer, login):
    first, second = passed
    response = login(officer).post(
        f"/approvals/calls/{first.call_id}/scores/", {f"score-{first.pk}": "95", f"score-{second.pk}": "120"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "未保存任何分数" in page and 'value="120"' in page
    assert not type(first).objects.filter(review_score__isnull=False).exists()


def test_officers_of_other_offices_cannot_score_or_draw_up_the_list(passed, make_user, finance_office, login):
    stranger = make_user("stranger", Role.OFFICER, office=finance_office)
    with pytest.raises(PermissionDenied):
        services.review_score_record(actor=stranger, application=passed[0], score="90", source=ScoreSource.MANUAL)
    client = login(stranger)
    assert client.get(f"/approvals/calls/{passed[0].call_id}/scores/").status_code == 404
    assert client.post(f"/approvals/calls/{passed[0].call_id}/open/").status_code == 404


def test_grants_above_the_request_and_unscored_items_are_refused(passed, officer, finance_office):
    services.review_score_record(actor=officer, application=passed[0], score=90, source=ScoreSource.MANUAL)
    funding_list = services.funding_list_open(actor=officer, call=passed[0].call)
    with pytest.raises(ValidationError) as refused:
        services.funding_list_save(
            actor=officer,
            funding_list=funding_list,
            version=funding_list.version,
            grants={passed[0].pk: "500", passed[1].pk: "10"},
            offices=[finance_office],
            note="",
        )
    text = " ".join(refused.value.messages)
    assert "超过申请额度" in text and "尚无评审得分" in text
    assert not funding_list.items.exists()


def test_a_stale_tab_cannot_overwrite_the_list(passed, officer, finance_office):
    scored(officer, passed)
    funding_list = drafted(officer, passed, finance_office)
    with pytest.raises(services.EditConflict):
        services.funding_list_save(
            actor=officer,
            funding_list=funding_list,
            version=funding_list.version - 1,
            grants={passed[0].pk: "50"},
            offices=[finance_office],
            note="",
        )
    assert funding_list.items.count() == 2


def test_joint_review_needs_a_second_office(passed, officer):
    scored(officer, passed)
    funding_list = services.funding_list_open(actor=officer, call=passed[0].call)
    funding_list = services.funding_list_save(
        actor=officer, funding_list=funding_list, version=1, grants={passed[0].pk: "90"}, offices=[], note=""
    )
    with pytest.raises(ValidationError, match="至少一个其他处室"):
        services.funding_list_submit(actor=officer, funding_list=funding_list)


def test_a_disagreement_returns_the_list_with_its_reason_and_a_new_round_starts(
    passed, officer, finance_office, finance_officer, leader, second_officer
):
    scored(officer, passed)
    funding_list = services.funding_list_submit(actor=officer, funding_list=drafted(officer, passed, finance_office))
    seat = f"office-{finance_office.pk}"
    with pytest.raises(ValidationError):
        services.sign_off(actor=finance_officer, funding_list=funding_list, seat=seat, decision="reject")
    services.sign_off(
        actor=finance_officer, funding_list=funding_list, seat=seat, decision="reject", comment="经费测算偏高"
    )
    funding_list.refresh_from_db()
    assert funding_list.status == ListStatus.DRAFT and funding_list.return_reason == "经费测算偏高"
    funding_list = services.funding_list_submit(actor=officer, funding_list=funding_list)
    assert funding_list.sign_off_round == 2 and signs_for(finance_officer, funding_list) == [seat]


def test_nobody_signs_twice_or_for_a_seat_they_do_not_hold_or_on_their_own_project(
    passed, officer, finance_office, finance_officer, leader, applicant, make_user
):
    scored(officer, passed)
    funding_list = services.funding_list_submit(actor=officer, funding_list=drafted(officer, passed, finance_office))
    assert signs_for(officer, funding_list) == []  # the proposer
    with pytest.raises(PermissionDenied):
        services.sign_off(actor=finance_officer, funding_list=funding_list, seat="leader", decision="approve")
    services.sign_off(
        actor=finance_officer, funding_list=funding_list, seat=f"office-{finance_office.pk}", decision="approve"
    )
    assert signs_for(finance_officer, funding_list) == []
    # A leader who leads a project on the list may not sign it.
    from accounts.services import role_grant

    role_grant(actor=None, user=applicant, role=Role.LEADER)
    applicant = type(applicant).objects.get(pk=applicant.pk)
    assert signs_for(applicant, funding_list) == []
    assert signs_for(leader, funding_list) == ["leader"]


def test_publicity_runs_for_the_calls_working_days(
    passed, officer, finance_office, finance_officer, leader, second_officer
):
    scored(officer, passed)
    funding_list = services.funding_list_submit(actor=officer, funding_list=drafted(officer, passed, finance_office))
    with pytest.raises(ValidationError):
        services.publicity_start(actor=officer, funding_list=funding_list)  # not signed yet
    for actor, seat in (
        (finance_officer, f"office-{finance_office.pk}"),
        (second_officer, f"office-{passed[0].call.program.office_id}"),
        (leader, "leader"),
    ):
        services.sign_off(actor=actor, funding_list=funding_list, seat=seat, decision="approve")
    funding_list = services.publicity_start(actor=officer, funding_list=FundingList.objects.get(pk=funding_list.pk))
    from core.workdays import working_days_between

    start = timezone.localtime(funding_list.publicity_starts_at).date()
    last = timezone.localtime(funding_list.publicity_ends_at).date() - timezone.timedelta(days=1)
    assert working_days_between(start, last) == passed[0].call.publicity_working_days
    with pytest.raises(ValidationError, match="公示期至"):
        services.funding_list_finalize(actor=officer, funding_list=funding_list)


def test_active_projects_per_pi_are_counted_by_the_formal_check(passed, applicant, officer):
    application = passed[0]
    call = application.call
    type(call).objects.filter(pk=call.pk).update(limit_active_projects_per_pi=1)
    application.call.refresh_from_db()
    check = {c.name: c for c in formal_checks(application)}["负责人在研项目数"]
    assert check.passed
    Project.objects.create(
        number="KJ2026001001",
        application=passed[1],
        call=call,
        title="旧项目",
        pi=applicant,
        unit=application.unit,
        grant="50",
        approved_at=timezone.now(),
    )
    check = {c.name: c for c in formal_checks(application)}["负责人在研项目数"]
    assert not check.passed and "在研项目 1 项" in check.reason


def test_funding_list_pages_keep_a_constant_number_of_queries(
    passed, officer, finance_office, login, django_assert_max_num_queries
):
    scored(officer, passed)
    funding_list = drafted(officer, passed, finance_office)
    client = login(officer)
    with django_assert_max_num_queries(30):
        assert client.get(f"/approvals/{funding_list.pk}/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/approvals/").status_code == 200


def test_the_workbench_lists_sign_offs_and_objections_waiting(
    passed, officer, finance_office, finance_officer, leader, login
):
    scored(officer, passed)
    services.funding_list_submit(actor=officer, funding_list=drafted(officer, passed, finance_office))
    page = login(finance_officer).get("/").content.decode()
    assert "待我会签的拟立项清单" in page
    from approvals.todos import approval_todos

    counts = {t.title: t.count for t in approval_todos(finance_officer)}
    assert counts["待我会签的拟立项清单"] == 1
    assert {t.title: t.count for t in approval_todos(officer)}["待我会签的拟立项清单"] == 0
