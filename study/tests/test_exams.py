"""Tests and exams: reproducible draws without repeats, the server-side clock, one open attempt,
attempts allowed, make-up exams, marking and the points for passing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from study.exams import answers_save, attempt_finish, attempt_start, attempts_expire, draw, pool_of
from study.models import Attempt, AttemptStatus, PointEntry, QuestionVersion
from study.services import study_test_create

pytestmark = pytest.mark.django_db


def right_responses(attempt):
    """Position → the right response, in the shown order of options."""
    versions = QuestionVersion.objects.in_bulk([e["version"] for e in attempt.paper])
    found = {}
    for position, entry in enumerate(attempt.paper):
        answer = versions[entry["version"]].answer
        if entry["kind"] in ("single", "multiple"):
            found[position] = [entry["order"].index(i) for i in answer]
        elif entry["kind"] == "judge":
            found[position] = answer
        else:
            found[position] = [alts[0] for alts in answer]
    return found


def test_the_draw_is_reproducible_from_the_stored_seed_and_never_repeats(monthly, members):
    attempt = attempt_start(member=members[0], test=monthly)
    assert draw(pool_of(monthly), monthly.counts, attempt.seed) == attempt.paper
    versions = [e["version"] for e in attempt.paper]
    assert len(versions) == len(set(versions)) == 5
    assert [e["kind"] for e in attempt.paper] == ["single", "single", "multiple", "judge", "blank"]
    for seed in range(200):  # never a repeat, whatever the seed
        paper = draw(pool_of(monthly), monthly.counts, seed)
        assert len({e["version"] for e in paper}) == len(paper)


def test_members_get_different_orders(monthly):
    papers = {str(draw(pool_of(monthly), monthly.counts, seed)) for seed in range(20)}
    assert len(papers) > 10


def test_a_test_asking_more_than_the_bank_holds_is_refused(bank, topic, study_admin):
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        study_test_create(
            actor=study_admin,
            topics=[topic],
            counts={"single": 4},  # the bank has 3
            kind="monthly",
            title="超量",
            year=topic.year,
            month=1,
            duration_minutes=10,
            pass_mark=60,
            max_attempts=1,
            opens_at=now,
            closes_at=now + timedelta(days=1),
            makeup_for=None,
        )
    assert "3" in str(refused.value)


def test_a_second_concurrent_attempt_is_refused(monthly, members):
    attempt_start(member=members[0], test=monthly)
    with pytest.raises(ValidationError):
        attempt_start(member=members[0], test=monthly)
    assert Attempt.objects.filter(member=members[0]).count() == 1


def test_full_marks_pass_and_earn_points_once(monthly, members):
    attempt = attempt_start(member=members[0], test=monthly)
    answers_save(member=members[0], attempt=attempt, responses=right_responses(attempt))
    done = attempt_finish(member=members[0], attempt=attempt)
    assert (done.status, done.score, done.passed) == (AttemptStatus.SUBMITTED, 100, True)
    second = attempt_start(member=members[0], test=monthly)  # two attempts allowed
    answers_save(member=members[0], attempt=second, responses=right_responses(second))
    attempt_finish(member=members[0], attempt=second)
    assert list(PointEntry.objects.filter(member=members[0]).values_list("action", "points")) == [("test_passed", 10)]
    with pytest.raises(ValidationError):  # the attempts allowed are used
        attempt_start(member=members[0], test=monthly)


def test_a_late_answer_does_not_count(monthly, members):
    start = timezone.now()
    attempt = attempt_start(member=members[0], test=monthly, now=start)
    right = right_responses(attempt)
    in_time = {p: r for p, r in right.items() if p < 3}
    assert answers_save(member=members[0], attempt=attempt, responses=in_time, now=start + timedelta(minutes=5))
    late = start + timedelta(minutes=21)  # the limit is 20 minutes
    assert not answers_save(member=members[0], attempt=attempt, responses=right, now=late)
    done = attempt_finish(member=members[0], attempt=attempt, now=late)
    assert done.status == AttemptStatus.EXPIRED
    assert done.score == 60  # 3 of 5 in time, each worth the same
    late_ones = done.answers.filter(counted=False)
    assert late_ones.count() == 2 and not any(a.correct for a in late_ones)


def test_a_late_change_leaves_the_answer_given_in_time(monthly, members):
    start = timezone.now()
    attempt = attempt_start(member=members[0], test=monthly, now=start)
    right = right_responses(attempt)
    answers_save(member=members[0], attempt=attempt, responses={3: right[3]}, now=start + timedelta(minutes=1))
    wrong = [not right[3][0]]
    answers_save(member=members[0], attempt=attempt, responses={3: wrong}, now=start + timedelta(minutes=30))
    assert attempt.answers.get().response == right[3]


def test_the_sweep_closes_attempts_out_of_time(monthly, members):
    start = timezone.now() - timedelta(minutes=30)
    attempt = attempt_start(member=members[0], test=monthly, now=start)
    assert attempts_expire() == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED and attempt.score == 0 and attempt.passed is False
    assert attempts_expire() == 0


def test_the_deadline_never_passes_the_close(monthly, members):
    monthly.closes_at = timezone.now() + timedelta(minutes=5)
    monthly.save()
    attempt = attempt_start(member=members[0], test=monthly)
    assert attempt.deadline == monthly.closes_at


def test_tests_open_and_close(monthly, members):
    with pytest.raises(ValidationError):
        attempt_start(member=members[0], test=monthly, now=monthly.opens_at - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        attempt_start(member=members[0], test=monthly, now=monthly.closes_at)


def test_the_makeup_exam_admits_those_who_did_not_pass(monthly, members, topic, study_admin):
    passed = attempt_start(member=members[0], test=monthly)
    answers_save(member=members[0], attempt=passed, responses=right_responses(passed))
    attempt_finish(member=members[0], attempt=passed)
    failed = attempt_start(member=members[1], test=monthly)
    attempt_finish(member=members[1], attempt=failed)
    now = timezone.now()
    makeup = study_test_create(
        actor=study_admin,
        topics=[topic],
        counts={"single": 1, "judge": 1},
        kind="makeup",
        title="补考",
        year=topic.year,
        month=None,
        duration_minutes=10,
        pass_mark=60,
        max_attempts=1,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=1),
        makeup_for=monthly,
    )
    with pytest.raises(ValidationError):
        attempt_start(member=members[0], test=makeup)
    attempt_start(member=members[1], test=makeup)  # failed: admitted
    attempt_start(member=members[2], test=makeup)  # missed it: admitted


def test_editing_a_question_changes_nothing_for_an_attempt_taken(monthly, members, study_admin):
    from study.bank import question_edit
    from study.models import Question

    attempt = attempt_start(member=members[0], test=monthly)
    answers_save(member=members[0], attempt=attempt, responses=right_responses(attempt))
    attempt_finish(member=members[0], attempt=attempt)
    entry = next(e for e in attempt.paper if e["kind"] == "judge")
    question = Question.objects.get(versions=entry["version"])
    question_edit(
        actor=study_admin,
        question=question,
        text="改过的题干",
        options=[],
        answer="对" if question.current.answer == [False] else "错",
    )
    attempt.refresh_from_db()
    assert QuestionVersion.objects.get(pk=entry["version"]).text != "改过的题干"
    assert attempt.score == 100
