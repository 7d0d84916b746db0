"""Problems found in the answers, and turning one into a rectification item in one step."""

import pytest

from rectification.models import RectificationItem
from surveys.models import Finding

pytestmark = pytest.mark.django_db


def test_an_officer_records_a_problem_and_turns_it_into_a_rectification_item_once(login, officer, open_survey):
    web = login(officer)
    question = open_survey.questions.last()
    response = web.post(
        f"/surveys/{open_survey.pk}/findings/",
        {"problem": "项目申报材料要求过多、重复提交", "question": str(question.pk), "office": ""},
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.office == open_survey.office and finding.question == question
    url = f"/surveys/{open_survey.pk}/findings/{finding.pk}/rectify/"
    assert web.post(url).status_code == 302
    assert web.post(url).status_code == 302  # a double click makes one item
    item = RectificationItem.objects.get()
    assert item.source == "survey" and item.source_key == f"surveys.finding:{finding.pk}"
    assert item.problem == "项目申报材料要求过多、重复提交" and item.office == open_survey.office
    finding.refresh_from_db()
    assert finding.rectification_item == item
    page = web.get(f"/surveys/{open_survey.pk}/findings/").content.decode()
    assert item.number in page


def test_an_empty_problem_is_refused_at_the_field(login, officer, open_survey):
    response = login(officer).post(f"/surveys/{open_survey.pk}/findings/", {"problem": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors["problem"]
    assert not Finding.objects.exists()


def test_a_leader_reads_the_problems_but_cannot_turn_them_into_items(login, officer, leader, open_survey):
    from surveys.services import finding_add

    finding = finding_add(actor=officer, survey=open_survey, problem="政策兑现慢")
    web = login(leader)
    assert "政策兑现慢" in web.get(f"/surveys/{open_survey.pk}/findings/").content.decode()
    assert web.post(f"/surveys/{open_survey.pk}/findings/{finding.pk}/rectify/").status_code == 403
    assert web.post(f"/surveys/{open_survey.pk}/findings/", {"problem": "x"}).status_code == 404
    assert not RectificationItem.objects.exists()
