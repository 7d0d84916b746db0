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
    CenterGroupPlan,
    DiscussionAnswer,
    DiscussionQuestion,
    LearningCard,
    PointEntry,
    QuestionVersion,
    StudyNote,
    StudyTest,
    StudyTopic,
    TestKind,
)
from study.text import char_count, render

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
    sessions = _center_group(admin, topics, today, rng)
    notes = _writing(admin, topics, members, demo_member, today, rng)
    return {
        "learning cards": len(cards),
        "questions": QuestionVersion.objects.count(),
        "study attempts": attempts,
        "center-group sessions": sessions,
        "study notes": notes,
    }


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


SPEAKERS = ("党委书记领学", "党委副书记领学", "班子成员交流发言", "特邀专家辅导")


def _center_group(admin, topics, today: date, rng: random.Random) -> int:
    """Each committee's plan and a session a month so far (summaries circulated but the last)."""
    from party.meetings import requirements
    from party.models import Attendance, Meeting, MeetingKind, PartyOrganization, PartyPost

    kinds = requirements()[MeetingKind.CENTER_GROUP].org_kinds
    sessions, attendance = [], []
    for org in PartyOrganization.objects.filter(kind__in=kinds, is_active=True):
        plan = "\n".join(f"{month}月：{topic.name}" for month, (topic, _r) in enumerate(topics, start=1))
        CenterGroupPlan.objects.create(
            organization=org, year=today.year, sessions_planned=12, plan=plan, created_by=admin
        )
        holders = list(
            {
                p.member_id: p.member for p in PartyPost.objects.filter(organization=org).select_related("member")
            }.values()
        )
        for month in range(1, today.month):
            held = date(today.year, month, rng.randint(10, 25))
            present = [m for m in holders if rng.random() < 0.9]
            sessions.append(
                (
                    Meeting(
                        organization=org,
                        kind=MeetingKind.CENTER_GROUP,
                        held_on=held,
                        topic=topics[month - 1][0].name,
                        speakers=rng.choice(SPEAKERS),
                        minutes=f"围绕“{topics[month - 1][0].name}”专题集体学习，班子成员结合分管工作交流研讨，"
                        "研究部署下一步学习贯彻措施。",
                        entitled=len(holders),
                        present=len(present),
                        quorate=True,
                        recorded_by=admin,
                        circulated_at=_aware(held + timedelta(days=2), 10) if month < today.month - 1 else None,
                    ),
                    holders,
                    present,
                )
            )
    created = Meeting.objects.bulk_create([s[0] for s in sessions], batch_size=500)
    for meeting, (_m, holders, present) in zip(created, sessions, strict=True):
        attendance += [
            Attendance(meeting=meeting, member=m, present=m in present, leave_reason="" if m in present else "公务出差")
            for m in holders
        ]
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    return len(created)


NOTE_LINES = (
    "通过学习，深刻认识到坚持党的全面领导是推进科技创新的根本保证。",
    "要把学习成果转化为攻坚克难的实际行动，聚焦关键核心技术开展联合攻关。",
    "支部建在课题组上，党建与科研同部署、同检查、同考核。",
    "坚持问题导向，把调查研究作为推进工作的基本功。",
    "严守科研诚信，营造风清气正的创新生态。",
)


def _writing(admin, topics, members, demo_member, today: date, rng: random.Random) -> int:
    """Notes of the center-group members (most near the 20,000-character target), reflections
    (some exhibited), and two discussion questions with answers."""
    from study.writing import center_group_member_ids

    center = center_group_member_ids()
    writers = [m for m in members if m.pk in center] + rng.sample(members, 60)
    if demo_member:
        writers.append(demo_member)
    notes = []
    for member in writers:
        in_group = member.pk in center
        for n in range(rng.randint(8, 14) if in_group else rng.randint(1, 4)):
            topic = topics[min(n, today.month - 1)][0]
            body = "".join(
                rng.choice(NOTE_LINES) for _ in range(rng.randint(20, 60) if in_group else rng.randint(5, 15))
            )
            notes.append(
                StudyNote(
                    member=member,
                    year=today.year,
                    kind="note",
                    topic=topic,
                    title=f"{topic.name}学习笔记",
                    body=body,
                    chars=char_count(body),
                    submitted_at=_aware(date(today.year, min(n + 1, today.month), 15), 20),
                )
            )
        for n in range(2 if in_group else rng.randint(0, 1)):
            body = "".join(rng.choice(NOTE_LINES) for _ in range(12))
            notes.append(
                StudyNote(
                    member=member,
                    year=today.year,
                    kind="reflection",
                    topic=topics[n][0],
                    title=f"学习“{topics[n][0].name}”的心得体会",
                    body=body,
                    chars=char_count(body),
                    submitted_at=_aware(date(today.year, n * 5 + 1, 20), 21),
                    exhibited_at=_aware(date(today.year, n * 5 + 2, 1), 9) if (shown := rng.random() < 0.15) else None,
                    exhibited_by=admin if shown else None,
                )
            )
    StudyNote.objects.bulk_create(notes, batch_size=1000)
    for title, opens in (
        ("如何把支部建在创新团队上、推动党建与科研深度融合？", 30),
        ("结合本岗位，谈谈如何发展新质生产力？", 5),
    ):
        question = DiscussionQuestion.objects.create(
            title=title,
            prompt="请结合本支部、本课题组的实际情况作答，不少于100字。",
            opens_on=today - timedelta(days=opens),
            closes_on=today + timedelta(days=10),
            min_chars=100,
            created_by=admin,
        )
        DiscussionAnswer.objects.bulk_create(
            [
                DiscussionAnswer(
                    question=question,
                    member=m,
                    body=(body := "".join(rng.choice(NOTE_LINES) for _ in range(6))),
                    chars=char_count(body),
                    submitted_at=_aware(today - timedelta(days=rng.randint(0, min(opens, 4))), 19),
                )
                for m in rng.sample(members, 80)
                if m != demo_member
            ]
        )
    return len(notes)
