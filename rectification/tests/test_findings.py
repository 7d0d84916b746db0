"""Annual review findings enter the ledger in one step, once each; a finding's owner who is an
officer of one office becomes the responsible person."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluation.models import ReviewCampaign, ReviewFinding, ReviewSubject
from party.models import OrgKind, PartyMember, PartyOrganization
from rectification.models import RectificationItem, RectificationSource, RectificationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(supervisor, officer):
    organ = PartyOrganization.objects.create(name="省科技厅机关党委", kind=OrgKind.ORGAN_COMMITTEE)
    branch = PartyOrganization.objects.create(name="高新技术处党支部", kind=OrgKind.BRANCH, parent=organ)
    secretary = PartyMember.objects.create(name="陈书记", organization=branch, user=officer)
    campaign = ReviewCampaign.objects.create(
        title="2026年度党支部书记述职评议",
        year=2026,
        organization=organ,
        scale=[],
        dimensions=[],
        reports_due=timezone.localdate(),
        created_by=supervisor,
    )
    subject = ReviewSubject.objects.create(campaign=campaign, organization=branch, secretary=secretary)
    soon = timezone.localdate() + timedelta(days=45)
    return [
        ReviewFinding.objects.create(
            subject=subject, problem="“三会一课”记录不规范", owner=secretary, deadline=soon, created_by=supervisor
        ),
        ReviewFinding.objects.create(
            subject=subject, problem="党建与业务融合不够紧密", owner=secretary, deadline=soon, created_by=supervisor
        ),
    ]


def test_the_supervisor_enters_chosen_findings_in_one_step(login, supervisor, officer, office, findings):
    boss = login(supervisor)
    page = boss.get("/rectification/findings/").content.decode()
    assert "三会一课" in page and "党建与业务融合" in page
    response = boss.post("/rectification/findings/import/", {"finding": [findings[0].pk, findings[0].pk]})
    assert response.status_code == 302
    item = RectificationItem.objects.get()
    assert item.source == RectificationSource.REVIEW_FINDING
    assert item.source_key == f"evaluation.reviewfinding:{findings[0].pk}"
    assert item.problem == "“三会一课”记录不规范" and item.deadline == findings[0].deadline
    assert item.office == office and item.responsible == officer
    assert item.status == RectificationStatus.DRAFT  # goal, measures and commitment still to come
    assert "2026年度党支部书记述职评议" in item.source_ref
    page = boss.get("/rectification/findings/").content.decode()
    assert "三会一课" not in page and "党建与业务融合" in page


def test_entering_a_finding_twice_makes_one_item(login, supervisor, findings):
    boss = login(supervisor)
    boss.post("/rectification/findings/import/", {"finding": [findings[1].pk]})
    boss.post("/rectification/findings/import/", {"finding": [findings[1].pk]})
    assert RectificationItem.objects.count() == 1


def test_nothing_chosen_or_garbage_is_answered_with_a_message(login, supervisor, findings):
    boss = login(supervisor)
    response = boss.post("/rectification/findings/import/", {"finding": ["abc", "²"]}, follow=True)
    assert response.status_code == 200 and RectificationItem.objects.count() == 0


def test_only_supervisors_import_findings(login, officer, findings):
    assert login(officer).post("/rectification/findings/import/", {"finding": [findings[0].pk]}).status_code == 403
    assert RectificationItem.objects.count() == 0
