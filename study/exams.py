"""Tests and exams (每月一测 / 年终总考 / 补考): drawing a paper, taking it against a server-side
clock, and marking it.

- The paper is drawn per member from the test's topics: for each question kind, ``counts[kind]``
  questions without repeats, in a member-specific order, and each choice question's options
  shuffled. The draw is a function of the pool and a stored random seed, so it can be redone
  and checked; the attempt also stores the drawn versions, so a later edit of the bank changes
  nothing for it.
- The deadline is fixed when the attempt starts (the time limit, capped at the test's close) and
  held on the server. An answer received after it is stored as not counted; finishing after it
  ends the attempt as "time ran out" with what arrived in time.
- One open attempt per member and test (a partial unique index, so two tabs cannot both start
  one); ``max_attempts`` counts finished ones. A make-up exam admits those who did not pass the
  exam it makes up for.
- Marking is exact (``study.bank.is_correct``); the score is out of 100 by the test's points per
  kind, rounded to 0.1; passing earns points once per test.
"""

import random
import secrets
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.forms import as_int
from party.models import PartyMember
from study.bank import is_correct
from study.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    PointAction,
    QuestionKind,
    QuestionVersion,
    StudyTest,
    TestKind,
)
from study.points import points_award

KIND_ORDER = [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.JUDGE, QuestionKind.BLANK]


def pool_of(test: StudyTest) -> dict[str, list[tuple[int, int]]]:
    """The questions a test draws from: kind → sorted (current version id, number of options)."""
    found: dict[str, list[tuple[int, int]]] = {k: [] for k in KIND_ORDER}
    rows = QuestionVersion.objects.filter(
        question__topic__in=test.topics.all(), question__is_active=True, question__current_id=F("pk")
    ).values_list("pk", "question__kind", "options")
    for pk, kind, options in rows:
        found[kind].append((pk, len(options)))
    for rows_of_kind in found.values():
        rows_of_kind.sort()
    return found


def draw(pool: dict[str, list[tuple[int, int]]], counts: dict[str, int], seed: int) -> list[dict]:
    """The paper for ``seed``: per kind (in a fixed kind order) a sample without repeats, in the
    sampled order, each choice question with its options in a shuffled order."""
    rng = random.Random(seed)
    paper = []
    for kind in KIND_ORDER:
        wanted = int(counts.get(kind, 0) or 0)
        available = pool.get(kind, [])
        if wanted > len(available):
            raise ValidationError(
                _("The bank has %(have)d %(kind)s questions for this test; %(want)d are asked for.")
                % {"have": len(available), "kind": QuestionKind(kind).label, "want": wanted}
            )
        for version, n_options in rng.sample(available, wanted):
            order = list(range(n_options))
            rng.shuffle(order)
            paper.append({"version": version, "kind": kind, "order": order})
    return paper


def _finished(test: StudyTest, member: PartyMember):
    return Attempt.objects.filter(test=test, member=member).exclude(status=AttemptStatus.OPEN)


def may_take(test: StudyTest, member: PartyMember, now: datetime) -> str | None:
    """Why the member cannot start an attempt now, or None."""
    if now < test.opens_at:
        return _("The test opens at %(at)s.") % {"at": timezone.localtime(test.opens_at).strftime("%Y-%m-%d %H:%M")}
    if now >= test.closes_at:
        return _("The test closed at %(at)s.") % {"at": timezone.localtime(test.closes_at).strftime("%Y-%m-%d %H:%M")}
    makeup_of = test.makeup_for_id if test.kind == TestKind.MAKEUP else None
    if makeup_of and Attempt.objects.filter(test_id=makeup_of, member=member, passed=True).exists():
        return _("You passed the exam; the make-up exam is for those who missed or failed it.")
    if _finished(test, member).count() >= test.max_attempts:
        return _("You have used the %(n)d attempts this test allows.") % {"n": test.max_attempts}
    return None


def attempt_start(*, member: PartyMember, test: StudyTest, now: datetime | None = None, seed: int | None = None):
    """Start an attempt with a fresh paper. Refused while another attempt at the test is open."""
    now = now or timezone.now()
    attempts_expire(now=now, member=member)
    if Attempt.objects.filter(test=test, member=member, status=AttemptStatus.OPEN).exists():
        raise ValidationError(_("You already have this test open; finish it first."))
    refusal = may_take(test, member, now)
    if refusal:
        raise ValidationError(refusal)
    seed = seed if seed is not None else secrets.randbits(62)
    paper = draw(pool_of(test), test.counts, seed)
    deadline = min(now + timedelta(minutes=test.duration_minutes), test.closes_at)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                test=test, member=member, seed=seed, paper=paper, started_at=now, deadline=deadline
            )
    except IntegrityError:  # another request started one at the same moment
        raise ValidationError(_("You already have this test open; finish it first.")) from None
    return attempt


def _check_response(kind: str, version: QuestionVersion, response: list) -> list:
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        try:
            picked = sorted({int(x) for x in response})
        except (TypeError, ValueError):
            raise ValidationError(_("Choose among the options shown.")) from None
        if any(not 0 <= i < len(version.options) for i in picked):
            raise ValidationError(_("Choose among the options shown."))
        if kind == QuestionKind.SINGLE and len(picked) > 1:
            raise ValidationError(_("Choose one option."))
        return picked
    if kind == QuestionKind.JUDGE:
        if response not in ([True], [False], []):
            raise ValidationError(_("Choose true or false."))
        return response
    texts = [str(x).strip()[:100] for x in response][: len(version.answer)]
    return texts + [""] * (len(version.answer) - len(texts))


def _store(
    attempt: Attempt, existing: dict[int, AttemptAnswer], version: QuestionVersion, response: list, now: datetime
) -> AttemptAnswer | None:
    """The answer to save: a new row, an in-time change, or None (a late change to an answer
    given in time is ignored: the in-time answer stands)."""
    counted = now <= attempt.deadline
    found = existing.get(version.pk)
    if found is None:
        return AttemptAnswer(attempt=attempt, version=version, response=response, answered_at=now, counted=counted)
    if counted:
        found.response, found.answered_at = response, now
        return found
    return None


@transaction.atomic
def answers_save(*, member: PartyMember, attempt: Attempt, responses: dict[int, list], now: datetime | None = None):
    """Save answers by position on the paper; returns whether they arrived in time."""
    now = now or timezone.now()
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.member_id != member.pk:
        raise ValidationError(_("This is not your attempt."))
    if locked.status != AttemptStatus.OPEN:
        raise ValidationError(_("This attempt is finished."))
    versions = QuestionVersion.objects.in_bulk([e["version"] for e in locked.paper])
    existing = {a.version_id: a for a in AttemptAnswer.objects.filter(attempt=locked)}
    changed: list[AttemptAnswer] = []
    for position, response in responses.items():
        if not 0 <= position < len(locked.paper):
            continue
        entry = locked.paper[position]
        version = versions[entry["version"]]
        # Choice responses arrive as positions in the shown order; store them as option indexes.
        if entry["kind"] in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            shown = [as_int(i, low=0, high=len(entry["order"]) - 1) for i in response]
            if any(i is None for i in shown):
                raise ValidationError(_("Choose among the options shown."))
            response = [entry["order"][i] for i in shown]
        answer = _store(locked, existing, version, _check_response(entry["kind"], version, response), now)
        if answer is not None:
            changed.append(answer)
    AttemptAnswer.objects.bulk_create([a for a in changed if a.pk is None])
    AttemptAnswer.objects.bulk_update([a for a in changed if a.pk is not None], ["response", "answered_at"])
    return now <= locked.deadline


def _mark(attempt: Attempt) -> tuple[Decimal, bool]:
    test = attempt.test
    versions = QuestionVersion.objects.in_bulk([e["version"] for e in attempt.paper])
    answers = {a.version_id: a for a in attempt.answers.all()}
    earned = possible = Decimal("0")
    for entry in attempt.paper:
        worth = Decimal(str(test.points.get(entry["kind"], 1)))
        possible += worth
        answer = answers.get(entry["version"])
        version = versions[entry["version"]]
        right = bool(answer and answer.counted and is_correct(entry["kind"], version.answer, answer.response))
        if answer:
            answer.correct = right if answer.counted else False
        if right:
            earned += worth
    AttemptAnswer.objects.bulk_update(list(answers.values()), ["correct"])
    score = (earned * 100 / possible).quantize(Decimal("0.1"), ROUND_HALF_UP) if possible else Decimal("0")
    return score, score >= test.pass_mark


@transaction.atomic
def attempt_finish(*, member: PartyMember, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Hand in the paper: marked at once; after the deadline it ends as "time ran out"."""
    now = now or timezone.now()
    locked = Attempt.objects.select_for_update().select_related("test").get(pk=attempt.pk)
    if locked.member_id != member.pk:
        raise ValidationError(_("This is not your attempt."))
    if locked.status != AttemptStatus.OPEN:
        return locked
    return _close(locked, AttemptStatus.SUBMITTED if now <= locked.deadline else AttemptStatus.EXPIRED, now)


def _close(attempt: Attempt, status: str, now: datetime) -> Attempt:
    attempt.score, attempt.passed = _mark(attempt)
    attempt.status, attempt.finished_at = status, now
    attempt.save(update_fields=["score", "passed", "status", "finished_at"])
    audit_record(
        actor=attempt.member.user,
        action="study_attempt.finish",
        target=attempt,
        after={"status": status, "score": str(attempt.score), "passed": attempt.passed},
    )
    if attempt.passed:
        points_award(
            member=attempt.member,
            action=PointAction.TEST_PASSED,
            source=f"test:{attempt.test_id}",
            day=timezone.localdate(now),
        )
    return attempt


def attempts_expire(*, now: datetime | None = None, member: PartyMember | None = None) -> int:
    """Close every open attempt past its deadline (the periodic sweep, and before a new start)."""
    now = now or timezone.now()
    due = Attempt.objects.filter(status=AttemptStatus.OPEN, deadline__lt=now)
    if member is not None:
        due = due.filter(member=member)
    closed = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            locked = (
                Attempt.objects.select_for_update(of=("self",))
                .select_related("test", "member__user")
                .filter(pk=pk, status=AttemptStatus.OPEN)
                .first()
            )
            if locked is not None:
                _close(locked, AttemptStatus.EXPIRED, now)
                closed += 1
    return closed
