"""A member reads the day's learning card, takes the monthly test against the clock, and sees the
result with the explanations; a study administrator looks at the results by organization."""

from datetime import timedelta

import pytest
from django.utils import timezone

from party.models import MemberStatus, OrgKind, PartyMember, PartyOrganization
from party.tests.conftest import post_holder
from study.cards import card_create
from study.models import Attempt, CardRead, StudyTopic
from study.services import study_test_create
from study.tests.conftest import QUESTIONS
from tests.browser.conftest import snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_reads_the_card_and_takes_the_monthly_test(open_as, make_user):
    from study.bank import question_create

    organ = PartyOrganization.objects.create(name="省科学院直属机关委员会", kind=OrgKind.ORGAN_COMMITTEE)
    branch = PartyOrganization.objects.create(
        name="新材料研究所先进碳材料课题组党支部", kind=OrgKind.BRANCH, parent=organ
    )
    admin = post_holder(make_user, "studyadmin", organ, home=organ)
    user = make_user("member1")
    PartyMember.objects.create(user=user, name="刘雨桐", id_number="", organization=branch, status=MemberStatus.FULL)
    topic = StudyTopic.objects.create(name="党章党规", year=timezone.localdate().year, month=timezone.localdate().month)
    for kind, text, options, answer, explanation in QUESTIONS:
        question_create(
            actor=admin, topic=topic, kind=kind, text=text, options=options, answer=answer, explanation=explanation
        )
    card = card_create(
        actor=admin,
        topic=topic,
        title="民主集中制是党的根本组织原则",
        body=(
            "## 学习要点\n\n- **民主集中制**是党的根本组织原则。\n- 预备党员没有表决权。\n\n"
            "**思考题**：如何在支部工作中落实民主集中制？"
        ),
        publish_on=timezone.localdate(),
        min_seconds=3,
    )
    now = timezone.now()
    test = study_test_create(
        actor=admin,
        topics=[topic],
        counts={"single": 2, "multiple": 1, "judge": 2, "blank": 0},
        kind="monthly",
        title="本月“每月一测”",
        year=topic.year,
        month=topic.month,
        duration_minutes=15,
        pass_mark=60,
        max_attempts=1,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=5),
        makeup_for=None,
    )

    page = open_as(user)
    page.goto("/study/")
    snap(page, "68-study-home")
    page.click(f"text={card.title}")
    assert "学习要点" in page.content()
    CardRead.objects.filter(card=card).update(opened_at=timezone.now() - timedelta(seconds=10))
    page.click("#complete-card")
    page.wait_for_selector("[data-testid=card-done]")
    snap(page, "69-study-card-read")

    page.goto("/study/")
    page.click(f"[data-testid=start-{test.pk}]")
    page.wait_for_selector("[data-countdown]")
    attempt = Attempt.objects.get()
    # Answer: the first option of every choice question, "True" for every true/false question.
    for position, entry in enumerate(attempt.paper):
        if entry["kind"] == "judge":
            page.check(f"#q{position}-t")
        else:
            page.check(f"#q{position}-0")
    snap(page, "70-study-test-paper")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#finish")
    page.wait_for_selector("[data-testid=score]")
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and page.inner_text("[data-testid=score]") == str(attempt.score)
    assert "正确答案" in page.content() and "解析" in page.content()
    snap(page, "71-study-test-result")

    page.goto("/study/notes/")
    page.select_option("#n-kind", "reflection")
    page.fill("#n-title", "学习党章党规的心得体会")
    page.fill("#n-body", "通过学习，深刻认识到民主集中制是党的根本组织原则。" * 5)
    page.click("#submit-note")
    page.wait_for_selector(".alert-success")
    assert "学习党章党规的心得体会" in page.content()
    snap(page, "73-study-notes")

    staff = open_as(admin)
    staff.goto(f"/study/admin/tests/{test.pk}/")
    assert branch.name in staff.content()
    staff.goto("/study/rankings/")
    snap(staff, "72-study-rankings")
