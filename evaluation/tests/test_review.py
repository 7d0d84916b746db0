"""The annual review: reports, one anonymous ballot per evaluator, weighted scores, grades and
ranks, leaders' comments, findings; no page, export or audit event ties a rating to its rater."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from evaluation.models import ReviewFinding, ReviewSubject, ReviewTally
from evaluation.review import (
    ballot_cast,
    campaign_close,
    campaign_create,
    comment_add,
    finding_add,
    rating_open,
    report_submit,
    scores,
)
from party.models import PartyMember
from party.tests.conftest import post_holder

pytestmark = pytest.mark.django_db
REPORT = "一年来，认真履行抓党建第一责任人职责，" * 10

SCALE = [
    {"label": "好", "score": 100, "min": 90},
    {"label": "较好", "score": 80, "min": 75},
    {"label": "一般", "score": 60, "min": 60},
    {"label": "差", "score": 40, "min": 0},
]
DIMENSIONS = [{"name": "履职", "weight": 60}, {"name": "融合", "weight": 40}]


@pytest.fixture
def setup(tree, secretary, other_secretary, make_user):
    host = post_holder(make_user, "organsec", tree["organ"], home=tree["organ"])
    leader = post_holder(make_user, "leader1", tree["organ"], home=tree["organ"])
    organ_member = make_user("organ1")
    campaign = campaign_create(
        actor=host,
        organization=tree["organ"],
        title="2026年度党组织书记述职评议",
        year=2026,
        reports_due=timezone.localdate() + timedelta(days=7),
        subjects=[tree["branch"], tree["other"]],
        evaluators=[(host, "leader"), (leader, "leader"), (organ_member, "organ")],
        scale=SCALE,
        dimensions=DIMENSIONS,
    )
    return {"campaign": campaign, "host": host, "leader": leader, "organ": organ_member}


def subjects_of(campaign):
    return {s.organization.name: s for s in campaign.subjects.select_related("organization")}


def rate(user, campaign, a: tuple[int, int], b: tuple[int, int]) -> None:
    s = subjects_of(campaign)
    first, second = s["新材料研究所第一党支部"], s["信息所党支部"]
    ballot_cast(
        actor=user,
        campaign=campaign,
        levels={(first.pk, 0): a[0], (first.pk, 1): a[1], (second.pk, 0): b[0], (second.pk, 1): b[1]},
    )


def reported(setup, secretary, other_secretary):
    campaign = setup["campaign"]
    for user in (secretary, other_secretary):
        subject = ReviewSubject.objects.get(campaign=campaign, secretary__user=user)
        report_submit(actor=user, subject=subject, report=REPORT)
    rating_open(actor=setup["host"], campaign=campaign)
    campaign.refresh_from_db()
    return campaign


def test_the_scale_and_weights_are_checked(tree, secretary, make_user):
    host = post_holder(make_user, "organsec", tree["organ"], home=tree["organ"])
    with pytest.raises(ValidationError) as refused:
        campaign_create(
            actor=host,
            organization=tree["organ"],
            title="错误设置",
            year=2026,
            reports_due=date(2026, 12, 20),
            subjects=[tree["branch"]],
            evaluators=[],
            scale=SCALE,
            dimensions=[{"name": "履职", "weight": 60}],
        )
    assert "dimensions" in refused.value.message_dict


def test_rating_opens_only_with_every_report(setup, secretary, other_secretary):
    campaign = setup["campaign"]
    with pytest.raises(ValidationError):
        report_submit(
            actor=secretary,
            subject=ReviewSubject.objects.get(campaign=campaign, secretary__user=secretary),
            report="太短",
        )
    with pytest.raises(PermissionDenied):  # someone else's report
        report_submit(
            actor=secretary,
            subject=ReviewSubject.objects.get(campaign=campaign, secretary__user=other_secretary),
            report=REPORT,
        )
    report_submit(
        actor=secretary, subject=ReviewSubject.objects.get(campaign=campaign, secretary__user=secretary), report=REPORT
    )
    with pytest.raises(ValidationError) as missing:
        rating_open(actor=setup["host"], campaign=campaign)
    assert "信息所党支部" in str(missing.value)


def test_weighted_scores_grades_and_ranks(setup, secretary, other_secretary):
    campaign = reported(setup, secretary, other_secretary)
    rate(setup["host"], campaign, (0, 0), (1, 2))  # first: 好 好; second: 较好 一般
    rate(setup["leader"], campaign, (0, 1), (1, 1))  # first: 好 较好; second: 较好 较好
    rate(setup["organ"], campaign, (1, 0), (0, 3))  # first: 较好 好; second: 好 差
    campaign_close(actor=setup["host"], campaign=campaign)
    s = subjects_of(campaign)
    first, second = s["新材料研究所第一党支部"], s["信息所党支部"]
    first.refresh_from_db(), second.refresh_from_db()
    # first: 履职 (100+100+80)/3 = 93.33 × 60% + 融合 (100+80+100)/3 = 93.33 × 40% = 93.33
    assert first.score == Decimal("93.33") and first.grade == "好" and first.rank == 1
    # second: 履职 (80+80+100)/3 = 86.67 × 60% + 融合 (60+80+40)/3 = 60 × 40% = 76.00
    assert second.score == Decimal("76.00") and second.grade == "较好" and second.rank == 2
    assert scores(campaign)[first.pk]["levels"] == [4, 2, 0, 0]


def test_tied_scores_share_a_rank(setup, secretary, other_secretary):
    campaign = reported(setup, secretary, other_secretary)
    for user in (setup["host"], setup["leader"], setup["organ"]):
        rate(user, campaign, (1, 1), (1, 1))
    campaign_close(actor=setup["host"], campaign=campaign)
    assert sorted(campaign.subjects.values_list("rank", flat=True)) == [1, 1]


def test_one_complete_ballot_per_evaluator(setup, secretary, other_secretary, make_user):
    campaign = reported(setup, secretary, other_secretary)
    s = subjects_of(campaign)
    with pytest.raises(ValidationError):  # not every cell
        ballot_cast(actor=setup["host"], campaign=campaign, levels={(s["信息所党支部"].pk, 0): 0})
    rate(setup["host"], campaign, (0, 0), (0, 0))
    with pytest.raises(ValidationError):
        rate(setup["host"], campaign, (3, 3), (3, 3))
    with pytest.raises(PermissionDenied):
        rate(make_user("stranger"), campaign, (0, 0), (0, 0))


def test_ratings_cannot_be_traced_to_their_rater(setup, secretary, other_secretary, login):
    campaign = reported(setup, secretary, other_secretary)
    rate(setup["host"], campaign, (0, 0), (3, 3))
    rate(setup["organ"], campaign, (3, 3), (0, 0))
    # Nothing stored links a count to a person: no user, no time, random keys.
    fields = {f.name for f in ReviewTally._meta.get_fields()}
    assert fields == {"id", "subject", "dimension", "group", "level", "count"}
    ballots = AuditEvent.objects.filter(action="review_ballot.cast")
    assert ballots.count() == 2 and all(not e.after and not e.before for e in ballots)
    # What each one sees after rating: that they rated, never what.
    for user in (setup["host"], setup["organ"]):
        page = login(user).get(f"/evaluation/reviews/{campaign.pk}/").content.decode()
        assert 'data-testid="voted"' in page
        assert 'name="r-' not in page
    campaign_close(actor=setup["host"], campaign=campaign)
    results = login(setup["leader"]).get(f"/evaluation/reviews/{campaign.pk}/").content.decode()
    assert (
        setup["organ"].full_name not in results
        and setup["host"].full_name not in results.split('data-testid="results"')[1]
    )
    # The audit log an auditor reads shows the ballots as cast, with no content.
    assert all("level" not in str(e.after) for e in AuditEvent.objects.filter(target_type="evaluation.reviewcampaign"))


def test_only_leaders_comment_and_only_managers_record_findings(setup, secretary, other_secretary):
    campaign = reported(setup, secretary, other_secretary)
    subject = ReviewSubject.objects.get(campaign=campaign, secretary__user=secretary)
    with pytest.raises(PermissionDenied):
        comment_add(actor=setup["organ"], subject=subject, text="机关干部不是院领导，不能点评。")
    comment_add(actor=setup["leader"], subject=subject, text="党建与科研融合做得好，发展党员工作要加强。")
    owner = PartyMember.objects.get(user=secretary)
    with pytest.raises(PermissionDenied):
        finding_add(actor=secretary, subject=subject, problem="问题", owner=owner, deadline=date(2027, 3, 31))
    finding_add(
        actor=setup["host"],
        subject=subject,
        problem="发展党员工作偏少",
        owner=owner,
        deadline=timezone.localdate() + timedelta(days=90),
    )
    assert ReviewFinding.objects.get().owner == owner


def test_the_review_pages_walk_through(setup, secretary, other_secretary, login, tree, make_user):
    campaign = setup["campaign"]
    sec = login(secretary)
    page = sec.get(f"/evaluation/reviews/{campaign.pk}/").content.decode()
    assert 'id="my-report"' in page and "信息所党支部" not in page  # only their own subject
    sec.post(f"/evaluation/reviews/{campaign.pk}/act/", {"action": "report", "report": REPORT})
    login(other_secretary).post(f"/evaluation/reviews/{campaign.pk}/act/", {"action": "report", "report": REPORT})
    host = login(setup["host"])
    host.post(f"/evaluation/reviews/{campaign.pk}/act/", {"action": "open"})
    campaign.refresh_from_db()
    assert campaign.status == "rating"
    form = {"action": "ballot"} | {f"r-{s.pk}-{d}": "1" for s in campaign.subjects.all() for d in range(2)}
    host.post(f"/evaluation/reviews/{campaign.pk}/act/", form)
    host.post(f"/evaluation/reviews/{campaign.pk}/act/", {"action": "close"})
    page = host.get(f"/evaluation/reviews/{campaign.pk}/").content.decode()
    assert 'data-testid="results"' in page and "data-chart" in page
    assert login(secretary).get(f"/evaluation/reviews/{campaign.pk}/").status_code == 200
    # A member outside the review does not find it; someone outside the party is refused the list.
    outsider_member = PartyMember.objects.create(
        user=make_user("member9"), name="旁观者", id_number="", organization=tree["branch"], status="full"
    )
    assert login(outsider_member.user).get(f"/evaluation/reviews/{campaign.pk}/").status_code == 404
    assert login(make_user("nobody")).get("/evaluation/reviews/").status_code == 403


def test_published_results_export_to_excel_for_the_organizers_only(setup, secretary, other_secretary, login):
    campaign = reported(setup, secretary, other_secretary)
    url = f"/evaluation/reviews/{campaign.pk}/results.xlsx"
    assert login(setup["host"]).get(url).status_code == 404  # nothing published yet
    rate(setup["host"], campaign, (0, 0), (1, 2))
    rate(setup["leader"], campaign, (0, 1), (1, 1))
    campaign_close(actor=setup["host"], campaign=campaign)
    response = login(setup["host"]).get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][5:] == tuple(level["label"] for level in campaign.scale)
    assert rows[1][2] == "新材料研究所第一党支部" and rows[1][5:] == (3, 1, 0, 0)  # counts, never raters
    assert AuditEvent.objects.filter(action="review_campaign.export").count() == 1
    assert login(secretary).get(url).status_code == 404  # a subject sees their own result on the page only
