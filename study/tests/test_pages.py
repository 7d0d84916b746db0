"""The study pages walked through: an administrator writes a card, a question and a test; a
member reads the card, takes the test and sees the explanations; the wrong users are refused."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.excel import workbook_bytes
from core.models import ImportBatch
from study.imports import QUESTION_IMPORT
from study.models import Attempt, CardRead, LearningCard, Question, StudyTest, StudyTopic
from study.tests.test_exams import right_responses

pytestmark = pytest.mark.django_db


def test_an_administrator_sets_up_the_month(study_admin, bank, topic, login):
    client = login(study_admin)
    assert client.get("/study/admin/").status_code == 200
    bad = client.post("/study/admin/", {"name": "", "year": "2026"})
    assert bad.status_code == 400
    client.post("/study/admin/", {"name": "科学家精神", "year": str(topic.year), "month": "5"})
    assert StudyTopic.objects.filter(name="科学家精神").exists()
    today = timezone.localdate().isoformat()
    created = client.post(
        "/study/admin/cards/new/",
        {
            "topic": topic.pk,
            "title": "弘扬科学家精神",
            "publish_on": today,
            "body": "## 要点\n\n- 爱国\n- 创新",
            "min_seconds": "30",
        },
    )
    card = LearningCard.objects.get(title="弘扬科学家精神")
    assert created.status_code == 302 and "<li>爱国</li>" in card.body_html
    blank = client.post(
        "/study/admin/questions/new/",
        {"topic": topic.pk, "kind": "single", "difficulty": "2", "text": "题干", "options": "甲\n乙", "answer": "C"},
    )
    assert blank.status_code == 400 and "is-invalid" in blank.content.decode()
    client.post(
        "/study/admin/questions/new/",
        {
            "topic": topic.pk,
            "kind": "single",
            "difficulty": "2",
            "text": "新增题目",
            "options": "甲\n乙",
            "answer": "B",
        },
    )
    assert Question.objects.filter(current__text="新增题目").exists()
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    set_test = client.post(
        "/study/admin/tests/new/",
        {
            "kind": "monthly",
            "title": "5月“每月一测”",
            "year": str(topic.year),
            "month": "5",
            "topics": [topic.pk],
            "single": "2",
            "multiple": "1",
            "judge": "1",
            "blank": "0",
            "duration_minutes": "15",
            "pass_mark": "60",
            "max_attempts": "1",
            "opens_at": now.strftime(fmt),
            "closes_at": (now + timedelta(days=2)).strftime(fmt),
        },
    )
    test = StudyTest.objects.get(title="5月“每月一测”")
    assert set_test.status_code == 302 and test.counts == {"single": 2, "multiple": 1, "judge": 1, "blank": 0}
    assert client.get(f"/study/admin/tests/{test.pk}/").status_code == 200


def test_a_member_reads_the_card_takes_the_test_and_sees_the_explanations(monthly, topic, study_admin, members, login):
    from study.cards import card_create

    card = card_create(actor=study_admin, topic=topic, title="今日卡片", body="内容", publish_on=timezone.localdate())
    client = login(members[0].user)
    home = client.get("/study/").content.decode()
    assert "今日卡片" in home and monthly.title in home
    page = client.get(f"/study/cards/{card.pk}/").content.decode()
    assert "内容" in page
    CardRead.objects.filter(card=card).update(opened_at=timezone.now() - timedelta(minutes=2))
    client.post(f"/study/cards/{card.pk}/")
    assert CardRead.objects.get(card=card).completed_at
    started = client.post(f"/study/tests/{monthly.pk}/start/")
    attempt = Attempt.objects.get(member=members[0])
    assert started["Location"] == f"/study/attempts/{attempt.pk}/"
    paper = client.get(f"/study/attempts/{attempt.pk}/").content.decode()
    assert 'data-countdown="' in paper and "实事求是是精髓" not in paper  # no explanations while taking it
    again = client.post(f"/study/tests/{monthly.pk}/start/")  # back to the open paper, not a second one
    assert again["Location"] == f"/study/attempts/{attempt.pk}/" and Attempt.objects.count() == 1
    right = right_responses(attempt)
    form = {"action": "finish"}
    for position, response in right.items():
        if attempt.paper[position]["kind"] == "judge":
            form[f"q{position}"] = "true" if response == [True] else "false"
        elif attempt.paper[position]["kind"] == "single":
            form[f"q{position}"] = str(response[0])
        else:
            form[f"q{position}"] = [str(r) for r in response]
    wrong_position = next(p for p, e in enumerate(attempt.paper) if e["kind"] == "multiple")
    form[f"q{wrong_position}"] = [str(right[wrong_position][0])]  # only one of the right options
    done = client.post(f"/study/attempts/{attempt.pk}/", form)
    assert done["Location"] == f"/study/attempts/{attempt.pk}/result/"
    result = client.get(done["Location"]).content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 80 and attempt.passed
    assert "✗" in result and ("不含职工大会" in result or "党员的权利" in result)


def test_someone_elses_attempt_and_the_admin_pages_are_refused(monthly, members, secretary, login):
    from study.exams import attempt_start

    attempt = attempt_start(member=members[0], test=monthly)
    other = login(members[1].user)
    assert other.get(f"/study/attempts/{attempt.pk}/").status_code == 404
    assert other.get(f"/study/attempts/{attempt.pk}/result/").status_code == 404
    assert other.post(f"/study/attempts/{attempt.pk}/", {"action": "finish"}).status_code == 404
    for path in ("/study/admin/", "/study/admin/cards/", "/study/admin/questions/", "/study/admin/people/"):
        assert other.get(path).status_code == 403, path
        assert login(secretary).get(path).status_code == 403, path


def test_a_future_card_is_not_shown(topic, study_admin, members, login):
    from study.cards import card_create

    card = card_create(
        actor=study_admin,
        topic=topic,
        title="明天的卡片",
        body="内容",
        publish_on=timezone.localdate() + timedelta(days=1),
    )
    assert login(members[0].user).get(f"/study/cards/{card.pk}/").status_code == 404


def test_rankings_by_organization_only_for_managers(monthly, members, secretary, study_admin, login):
    page = login(secretary).get("/study/rankings/").content.decode()
    assert "新材料研究所第一党支部" in page
    assert login(members[0].user).get("/study/rankings/").status_code == 403
    assert login(study_admin).get("/study/admin/people/").status_code == 200


def test_question_import_reports_every_bad_row(topic, study_admin, login):
    year = str(topic.year)
    good = [
        year,
        topic.name,
        "单选题",
        "中",
        "党的根本宗旨是（　）。",
        "全心全意为人民服务",
        "实事求是",
        "",
        "",
        "",
        "",
        "A",
        "党章",
    ]
    rows = [
        good,
        [year, topic.name, "判断题", "", "预备党员有表决权。", "", "", "", "", "", "", "错", ""],
        [year, "不存在的专题", "单选题", "", "题", "甲", "乙", "", "", "", "", "A", ""],
        [year, topic.name, "多选题", "", "题二", "甲", "乙", "丙", "", "", "", "A", ""],
        [year, topic.name, "问答题", "", "题三", "", "", "", "", "", "", "A", ""],
        good,
    ]
    client = login(study_admin)
    data = SimpleUploadedFile("q.xlsx", workbook_bytes(QUESTION_IMPORT.headers(), rows))
    page = client.post("/imports/study_questions/", {"file": data}).content.decode()
    assert 'data-testid="import-errors"' in page
    assert not Question.objects.exists()
    data = SimpleUploadedFile("q.xlsx", workbook_bytes(QUESTION_IMPORT.headers(), rows[:2]))
    client.post("/imports/study_questions/", {"file": data})
    client.post(f"/imports/study_questions/{ImportBatch.objects.get().pk}/confirm/")
    assert Question.objects.count() == 2
