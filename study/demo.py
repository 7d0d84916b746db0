"""Demo data of party study: twelve monthly topics, a learning card for every weekday of the year
(261), a question bank of 384 questions, a monthly test each month (the current one open), the
year-end exam, and a year of readings, attempts and points for a sample of members."""

import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from party.models import PartyMember
from study.bank import question_create
from study.demo_content import TOPICS
from study.exams import draw, pool_of
from study.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    CardRead,
    LearningCard,
    PointEntry,
    QuestionVersion,
    StudyTest,
    StudyTopic,
    TestKind,
)
from study.text import render

COUNTS = {"single": 5, "multiple": 3, "judge": 2, "blank": 0}
POINTS = {"single": 10, "multiple": 10, "judge": 10, "blank": 10}
TAKERS = 0.2  # share of members taking each past monthly test
READERS = 120  # members whose card readings are in the demo


def _questions(admin, topic: StudyTopic, right: list[str], wrong: list[str], blanks) -> None:
    for n, (true_one, false_three) in enumerate((t, f) for t in right for f in combinations(wrong, 3)):
        if n % 2:
            continue  # 8 of the 16 combinations
        options = [true_one, *false_three]
        random.Random(n).shuffle(options)
        question_create(
            actor=admin,
            topic=topic,
            kind="single",
            text=f"下列关于“{topic.name}”的表述，正确的是（　）。",
            options=options,
            answer="ABCD"[options.index(true_one)],
            explanation=f"{true_one}。",
        )
    for n, (false_one, true_three) in enumerate((f, t) for f in wrong for t in combinations(right, 3)):
        if n % 2:
            continue
        options = [false_one, *true_three]
        random.Random(100 + n).shuffle(options)
        question_create(
            actor=admin,
            topic=topic,
            kind="single",
            text=f"下列关于“{topic.name}”的表述，错误的是（　）。",
            options=options,
            answer="ABCD"[options.index(false_one)],
            explanation=f"“{false_one}”的说法错误。",
        )
    for n, trues in enumerate(list(combinations(right, 3))[:3] + list(combinations(right, 2))[:3]):
        falses = wrong[n % 4 : n % 4 + 4 - len(trues)]
        options = [*trues, *falses]
        random.Random(200 + n).shuffle(options)
        question_create(
            actor=admin,
            topic=topic,
            kind="multiple",
            text=f"下列关于“{topic.name}”的表述，正确的有（　）。",
            options=options,
            answer="".join(sorted("ABCD"[options.index(t)] for t in trues)),
            explanation="正确的表述：" + "；".join(trues) + "。",
        )
    for statement in right:
        question_create(actor=admin, topic=topic, kind="judge", text=f"{statement}。", options=[], answer="对")
    for statement in wrong:
        question_create(
            actor=admin,
            topic=topic,
            kind="judge",
            text=f"{statement}。",
            options=[],
            answer="错",
            explanation="该说法错误。",
        )
    for text, answer in blanks:
        question_create(actor=admin, topic=topic, kind="blank", text=text, options=[], answer=answer)


def _card_body(topic: str, right: list[str], n: int) -> str:
    lead = right[n % len(right)]
    points = "\n".join(f"- {s}。" for s in right)
    return (
        f"## {lead}\n\n"
        f"本期围绕“{topic}”专题，学习{lead}的重要内容。各党支部要结合科研工作实际，"
        "把学习成果转化为推动科技创新的实际行动。\n\n"
        f"**学习要点**\n\n{points}\n\n"
        "**思考题**：结合本岗位工作，谈谈如何把学习要求落到实处？"
    )


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _last_day(year: int, month: int) -> date:
    return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)


@transaction.atomic
def seed_study() -> dict[str, int]:
    today = timezone.localdate()
    if StudyTopic.objects.filter(year=today.year).exists():
        return {"learning cards": 0, "questions": 0, "study attempts": 0}
    admin = User.objects.filter(username="party_admin").first()
    if admin is None:
        return {"learning cards": 0, "questions": 0, "study attempts": 0}
    rng = random.Random(2026)
    topics = []
    for month, (name, right, wrong, blanks) in enumerate(TOPICS, start=1):
        topic = StudyTopic.objects.create(name=name, year=today.year, month=month, description=f"{month}月学习专题")
        topics.append((topic, right))
        _questions(admin, topic, right, wrong, blanks)

    cards = []
    day = date(today.year, 1, 1)
    while day.year == today.year:
        if day.weekday() < 5:
            topic, right = topics[day.month - 1]
            body = _card_body(topic.name, right, day.day)
            cards.append(
                LearningCard(
                    topic=topic,
                    title=f"{topic.name}（{day.month}月{day.day}日）",
                    body=body,
                    body_html=render(body),
                    publish_on=day,
                    created_by=admin,
                    pushed_at=_aware(day, 8) if day < today else None,
                )
            )
        day += timedelta(days=1)
    cards = LearningCard.objects.bulk_create(cards)

    tests = []
    for month in range(1, 13):
        topic, _right = topics[month - 1]
        test = StudyTest.objects.create(
            kind=TestKind.MONTHLY,
            title=f"{today.year}年{month}月“每月一测”",
            year=today.year,
            month=month,
            counts=COUNTS,
            points=POINTS,
            duration_minutes=20,
            pass_mark=60,
            max_attempts=2,
            opens_at=_aware(date(today.year, month, 1), 8),
            closes_at=_aware(_last_day(today.year, month), 22),
            created_by=admin,
        )
        test.topics.set([topic])
        tests.append(test)
    annual = StudyTest.objects.create(
        kind=TestKind.ANNUAL,
        title=f"{today.year}年度“年终总考”",
        year=today.year,
        counts={"single": 20, "multiple": 10, "judge": 10, "blank": 5},
        points={"single": 2, "multiple": 3, "judge": 2, "blank": 2},
        duration_minutes=60,
        pass_mark=60,
        max_attempts=1,
        opens_at=_aware(date(today.year, 12, 20), 8),
        closes_at=_aware(date(today.year, 12, 30), 22),
        created_by=admin,
    )
    annual.topics.set([t for t, _r in topics])

    members = list(PartyMember.objects.filter(is_active=True).order_by("pk"))
    demo_member = PartyMember.objects.filter(user__username="party_member").first()
    attempts = _attempts(tests, members, demo_member, today, rng)
    _readings(cards, members, demo_member, today, rng)
    return {"learning cards": len(cards), "questions": QuestionVersion.objects.count(), "study attempts": attempts}


def _attempts(tests, members, demo_member, today: date, rng: random.Random) -> int:
    attempts, plans = [], []
    for test in tests:
        if test.closes_at.date() >= today:
            continue  # the current month's test is open for the demo member to take
        pool = pool_of(test)
        versions = QuestionVersion.objects.in_bulk([v for rows in pool.values() for v, _n in rows])
        takers = [m for m in members if rng.random() < TAKERS or m == demo_member]
        for member in takers:
            skill = 0.35 if (member == demo_member and test.month == 3) else rng.uniform(0.55, 0.97)
            seed = rng.getrandbits(62)
            paper = draw(pool, test.counts, seed)
            started = test.opens_at + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 10))
            answers, earned = [], 0
            for entry in paper:
                version = versions[entry["version"]]
                right = rng.random() < skill
                if entry["kind"] == "judge":
                    response = version.answer if right else [not version.answer[0]]
                elif right:
                    response = list(version.answer)
                else:
                    response = [next(i for i in range(len(version.options)) if i not in version.answer)]
                earned += right
                answers.append((version, response, right))
            score = (Decimal(earned * 100) / len(paper)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            finished = started + timedelta(minutes=rng.randint(6, 19))
            attempts.append(
                Attempt(
                    test=test,
                    member=member,
                    seed=seed,
                    paper=paper,
                    started_at=started,
                    deadline=started + timedelta(minutes=test.duration_minutes),
                    finished_at=finished,
                    status=AttemptStatus.SUBMITTED,
                    score=score,
                    passed=score >= test.pass_mark,
                )
            )
            plans.append((answers, finished))
    attempts = Attempt.objects.bulk_create(attempts, batch_size=1000)
    AttemptAnswer.objects.bulk_create(
        [
            AttemptAnswer(attempt=a, version=v, response=r, answered_at=at, counted=True, correct=ok)
            for a, (answers, at) in zip(attempts, plans, strict=True)
            for v, r, ok in answers
        ],
        batch_size=2000,
    )
    PointEntry.objects.bulk_create(
        [
            PointEntry(
                member_id=a.member_id,
                action="test_passed",
                points=10,
                day=a.finished_at.date(),
                source=f"test:{a.test_id}",
            )
            for a in attempts
            if a.passed
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(attempts)


def _readings(cards, members, demo_member, today: date, rng: random.Random) -> None:
    readers = rng.sample(members, min(READERS, len(members)))
    if demo_member and demo_member not in readers:
        readers.append(demo_member)
    reads, points = [], []
    for member in readers:
        share = 0.9 if member == demo_member else rng.uniform(0.3, 0.8)
        for card in cards:
            if card.publish_on >= today or rng.random() > share:
                continue  # today's card is left for the demo member to read
            opened = _aware(card.publish_on, rng.randint(8, 21))
            seconds = rng.randint(40, 600)
            reads.append(
                CardRead(
                    card=card,
                    member=member,
                    opened_at=opened,
                    seconds=seconds,
                    completed_at=opened + timedelta(seconds=seconds),
                )
            )
            points.append(
                PointEntry(
                    member=member, action="card_completed", points=2, day=card.publish_on, source=f"card:{card.pk}"
                )
            )
    CardRead.objects.bulk_create(reads, batch_size=2000)
    PointEntry.objects.bulk_create(points, batch_size=2000)
