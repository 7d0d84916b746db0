"""Regressions from the review pass: leaks, anonymity while an assessment runs, stale stages,
publishing without ballots, and bad input answered at the field instead of a server error."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.excel import workbook_bytes
from core.forms import as_int
from evaluation.members import evaluation_advance, evaluation_start, mutual_submit
from evaluation.models import MemberEvaluation, ReviewEvaluator
from evaluation.review import campaign_close, campaign_create, rating_open, report_submit
from party.imports import PAYMENT_IMPORT
from party.models import Meeting, PartyMember
from party.tests.conftest import post_holder
from party.tests.test_dues import billed

pytestmark = pytest.mark.django_db
REPORT = "认真履行抓基层党建第一责任人职责，推动党建与科研深度融合。" * 5


def test_as_int_takes_ascii_digits_only():
    assert as_int("12") == 12 and as_int("-3") == -3 and as_int(" 7 ") == 7
    assert as_int("²") is None and as_int("abc", 0) == 0 and as_int("") is None and as_int("1" * 20) is None
    assert as_int("0", 5, low=1) == 5 and as_int("2101", 9, high=2100) == 9


def test_a_payment_file_says_nothing_about_a_branch_one_does_not_manage(
    tree, members, secretary, other_secretary, login
):
    bills = billed(tree, secretary, members[0], 0)
    row = [
        tree["branch"].name,
        members[0].name,
        members[0].id_number,
        f"{bills[0].month:%Y-%m}",
        "1.00",
        "2026-01-05",
        "",
    ]
    data = SimpleUploadedFile("p.xlsx", workbook_bytes(PAYMENT_IMPORT.headers(), [row]))
    page = login(other_secretary).post("/imports/party_dues_payments/", {"file": data}).content.decode()
    assert "您不负责管理该党组织" in page or "do not manage" in page
    assert "40.00" not in page and "部分缴纳" not in page


def test_branches_read_a_center_group_session_only_once_circulated(tree, secretary, make_user, login):
    committee = post_holder(make_user, "committee1", tree["committee"])
    session = Meeting.objects.create(
        organization=tree["committee"],
        kind="center_group_study",
        held_on=timezone.localdate(),
        topic="专题学习",
        minutes="内部研讨内容。",
        recorded_by=committee,
    )
    branch = login(secretary)
    assert branch.get(f"/study/center-group/sessions/{session.pk}/").status_code == 404
    Meeting.objects.filter(pk=session.pk).update(circulated_at=timezone.now())
    assert branch.get(f"/study/center-group/sessions/{session.pk}/").status_code == 200


@pytest.fixture
def evaluation(tree, members, secretary, make_user):
    for n in range(3):
        PartyMember.objects.create(
            user=make_user(f"extra{n}"), name=f"党员{n}", id_number="", organization=tree["branch"], status="full"
        )
    return evaluation_start(actor=secretary, organization=tree["branch"], year=2026)


def test_mutual_counts_stay_hidden_while_the_assessment_runs(tree, members, secretary, evaluation, login):
    evaluation_advance(actor=secretary, evaluation=evaluation)
    mine = evaluation.entries.get(member=members[0])
    mutual_submit(
        actor=members[0].user,
        evaluation=evaluation,
        grades={e.pk: "unqualified" for e in evaluation.entries.exclude(pk=mine.pk)},
    )
    page = login(secretary).get(f"/evaluation/members/{tree['branch'].pk}/")
    assert not any(sum(counts) for _e, counts in page.context["rows"])


def test_a_second_click_on_next_stage_does_not_skip_one(tree, secretary, evaluation, login):
    client = login(secretary)
    url = f"/evaluation/members/{tree['branch'].pk}/"
    client.post(url, {"action": "advance", "stage": "self"})
    client.post(url, {"action": "advance", "stage": "self"})  # the same page sent twice
    assert MemberEvaluation.objects.get().stage == "mutual"
    with pytest.raises(ValidationError):
        evaluation_advance(actor=secretary, evaluation=evaluation, expected="self")


def test_results_are_not_published_without_ballots_and_evaluators_are_listed_once(
    tree, secretary, other_secretary, make_user
):
    host = post_holder(make_user, "organsec", tree["organ"], home=tree["organ"])
    campaign = campaign_create(
        actor=host,
        organization=tree["organ"],
        title="述职评议",
        year=2026,
        reports_due=timezone.localdate() + timedelta(days=3),
        subjects=[tree["branch"], tree["other"]],
        evaluators=[(host, "leader"), (host, "organ")],
    )
    assert ReviewEvaluator.objects.filter(campaign=campaign).count() == 1
    for user in (secretary, other_secretary):
        report_submit(actor=user, subject=campaign.subjects.get(secretary__user=user), report=REPORT)
    rating_open(actor=host, campaign=campaign)
    with pytest.raises(ValidationError):
        campaign_close(actor=host, campaign=campaign)


def test_tests_passed_per_member_counts_members(tree, members, monthly):
    from study.exams import attempt_finish, attempt_start
    from study.models import Attempt
    from study.selectors import org_ranking

    for member in members[:2]:
        attempt = attempt_start(member=member, test=monthly)
        attempt_finish(member=member, attempt=attempt)
    Attempt.objects.update(passed=True)
    row = next(r for r in org_ranking(monthly.year, [tree["branch"].pk]) if r["org"] == tree["branch"])
    assert str(row["passed_per_member"]) == "0.7"  # two of the three members


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/study/notes/", {"kind": "note", "title": "t", "body": "b", "topic": "abc"}),
        ("/study/rankings/?year=²", None),
        ("/evaluation/reports/orgs/{branch}/?year=0&period=9", None),
    ],
)
def test_bad_numbers_are_not_server_errors(path, data, tree, members, secretary, login):
    client = login(secretary if "reports" in path or "rankings" in path else members[0].user)
    url = path.format(branch=tree["branch"].pk)
    response = client.post(url, data) if data else client.get(url)
    assert response.status_code < 500


def test_a_huge_remittance_is_refused_at_the_field(tree, secretary, login):
    month = f"{timezone.localdate():%Y-%m}"
    response = login(secretary).post(
        f"/party/orgs/{tree['branch'].pk}/remittances/",
        {"months_from": month, "months_to": month, "amount": "1e30", "remitted_on": "2026-01-01", "reference": "x"},
    )
    assert response.status_code == 400 and "is-invalid" in response.content.decode()


def test_the_recorder_of_a_remittance_does_not_confirm_it(tree, members, make_user):
    from party.remittance import remittance_confirm, remittance_record
    from party.services import dues_pay

    committee = post_holder(make_user, "committee1", tree["committee"])
    bills = billed(tree, committee, members[0], 0)
    dues_pay(actor=committee, bills=bills, paid_on=timezone.localdate())
    month = bills[0].month
    sent = remittance_record(
        actor=committee,
        organization=tree["branch"],
        months_from=month,
        months_to=month,
        amount="1.00",
        remitted_on=timezone.localdate(),
        reference="HD1",
    )
    with pytest.raises(ValidationError):
        remittance_confirm(actor=committee, remittance=sent)


def test_future_card_files_and_negative_options_are_refused(topic, study_admin, members, monthly, login):
    from attachments.services import attachment_store
    from study.cards import card_create
    from study.exams import answers_save, attempt_start

    card = card_create(
        actor=study_admin,
        topic=topic,
        title="明日卡片",
        body="内容",
        publish_on=timezone.localdate() + timedelta(days=1),
    )
    pdf = SimpleUploadedFile("课件.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    attachment = attachment_store(actor=study_admin, owner=card, upload=pdf, kind="card")
    assert login(members[0].user).get(f"/files/{attachment.pk}/").status_code == 404
    attempt = attempt_start(member=members[0], test=monthly)
    with pytest.raises(ValidationError):
        answers_save(member=members[0], attempt=attempt, responses={0: ["-1"]})
