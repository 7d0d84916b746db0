"""The evaluation pages' query counts do not grow with reports, subjects, ballots and duties."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluation.duties import duty_list_create
from evaluation.models import ReviewSubject
from evaluation.reports import report_submit
from evaluation.review import ballot_cast, campaign_close, campaign_create, rating_open
from evaluation.review import report_submit as review_report
from party.models import OrgKind, PartyOrganization
from party.tests.conftest import post_holder

pytestmark = pytest.mark.django_db
REPORT = "认真履行抓基层党建第一责任人职责，推动党建与科研深度融合。" * 5


def grow(tree, host, make_user, n: int, start: int, members):
    from accounts.models import User

    subjects = []
    for k in range(n):
        org = PartyOrganization.objects.create(
            name=f"第{start + k}党总支", kind=OrgKind.GENERAL_BRANCH, parent=tree["organ"]
        )
        secretary = post_holder(make_user, f"gsec{start + k}", org, home=org)
        report_submit(
            actor=secretary, organization=org, year=2026, period=1, work_done=REPORT, problems="", next_steps=""
        )
        subjects.append(org)
    host = User.objects.get(pk=host.pk)  # what it manages is cached on the object: the tree grew
    evaluators = [(make_user(f"ev{start + k}"), "representative") for k in range(n)] + [(host, "leader")]
    campaign = campaign_create(
        actor=host,
        organization=tree["organ"],
        title=f"述职评议{start}",
        year=2026,
        reports_due=timezone.localdate() + timedelta(days=5),
        subjects=subjects,
        evaluators=evaluators,
    )
    for subject in ReviewSubject.objects.filter(campaign=campaign).select_related("secretary__user"):
        review_report(actor=subject.secretary.user, subject=subject, report=REPORT)
    rating_open(actor=host, campaign=campaign)
    for user, _group in evaluators:
        ballot_cast(
            actor=user,
            campaign=campaign,
            levels={(s.pk, d): 1 for s in campaign.subjects.all() for d in range(len(campaign.dimensions))},
        )
    campaign_close(actor=host, campaign=campaign)
    holder = members[0] if start == 0 else members[1]
    duty_list_create(
        actor=host,
        organization=tree["branch"],
        year=timezone.localdate().year,
        role="committee_member",
        holder=holder,
        items=["责任一", "责任二"],
    )
    return campaign


def counts(client, paths):
    found = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        found[path] = len(queries)
    return found


def test_evaluation_pages_do_not_grow(tree, members, make_user, login):
    host = post_holder(make_user, "organsec", tree["organ"], home=tree["organ"])
    small_campaign = grow(tree, host, make_user, 2, 0, members)
    big_campaign = grow(tree, host, make_user, 6, 100, members)
    client = login(host)
    base = ["/evaluation/reports/", "/evaluation/reviews/", "/evaluation/duties/", "/evaluation/honours/"]
    counts(client, base)
    small = counts(client, [*base, f"/evaluation/reviews/{small_campaign.pk}/"])
    big = counts(client, [*base, f"/evaluation/reviews/{big_campaign.pk}/"])
    assert list(small.values()) == list(big.values())
