"""Demo data of reports and evaluations: a year of bi-monthly reports from the branches (a few
overdue, most commented on), last year's annual review of the committee and general-branch
secretaries with its results (seed 003: nine secretaries, leaders' comments), this year's review
collecting reports, and last year's democratic evaluation of the demo branch."""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.demo.names import PersonGenerator
from evaluation.models import (
    BimonthlyReport,
    CampaignStatus,
    DutyItem,
    DutyList,
    DutyRole,
    EvaluationEntry,
    EvaluationStage,
    EvaluatorGroup,
    Honour,
    HonourKind,
    HonourSource,
    MemberEvaluation,
    MemberGrade,
    MutualTally,
    ReviewCampaign,
    ReviewComment,
    ReviewEvaluator,
    ReviewFinding,
    ReviewSubject,
    ReviewTally,
)
from evaluation.reports import due_on
from evaluation.review import DEFAULT_DIMENSIONS, DEFAULT_SCALE, results_store
from party.models import MemberStatus, OrgKind, PartyMember, PartyOrganization, PartyPost, Post

WORK = (
    "召开支部党员大会和支委会，开展主题党日活动；组织党员学习贯彻上级会议精神；",
    "按月收缴党费，做好发展党员培养考察；支部书记讲党课一次；",
    "围绕课题攻关开展党员先锋岗活动，党员带头承担关键技术任务；",
)
PROBLEMS = ("党建与科研业务融合还不够深入；", "青年科研人员入党积极性有待提高；", "组织生活形式比较单一；")
NEXT = ("继续推进支部建在课题组上；", "加强入党积极分子培养；", "丰富主题党日活动形式；")
LEADER_COMMENTS = (
    "抓党建工作责任意识强，支部建在课题组上做法有特色，党员发展工作还需加强。",
    "组织生活规范，党建与科研融合有成效，要进一步发挥党员先锋模范作用。",
    "基础工作扎实，但对青年科研人员的政治引领还要加强。",
)


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def seed_evaluation() -> dict[str, int]:
    if BimonthlyReport.objects.exists() or ReviewCampaign.objects.exists():
        return {
            "bi-monthly reports": 0,
            "annual reviews": 0,
            "review evaluator accounts": 0,
            "duty lists": 0,
            "honours": 0,
        }
    admin = User.objects.filter(username="party_admin").first()
    organ = PartyOrganization.objects.filter(kind=OrgKind.ORGAN_COMMITTEE).first()
    if admin is None or organ is None:
        return {
            "bi-monthly reports": 0,
            "annual reviews": 0,
            "review evaluator accounts": 0,
            "duty lists": 0,
            "honours": 0,
        }
    rng = random.Random(2003)
    today = timezone.localdate()
    reports = _reports(admin, today, rng)
    campaigns = _reviews(admin, organ, today, rng)
    _member_evaluation(admin, today, rng)
    duties = _duties(admin, today, rng)
    honours = _honours(admin, organ, today, rng)
    return {
        "duty lists": duties,
        "honours": honours,
        "bi-monthly reports": reports,
        "annual reviews": campaigns,
        "review evaluator accounts": User.objects.filter(username__startswith="review_").count(),
    }


def _reports(admin, today: date, rng: random.Random) -> int:
    branches = list(PartyOrganization.objects.filter(kind=OrgKind.BRANCH, is_active=True))
    secretaries = {
        p.organization_id: p.member
        for p in PartyPost.objects.filter(organization__in=branches, post=Post.SECRETARY).select_related("member")
    }
    rows = []
    for period in range(1, 7):
        due = due_on(today.year, period)
        if due > today + timedelta(days=40):
            break
        for branch in branches:
            if due <= today and rng.random() < 0.06:
                continue  # a few never reported: the overdue list
            if due > today and rng.random() < 0.6:
                continue  # the period not yet due: some reported already
            submitted = min(_aware(due - timedelta(days=rng.randint(0, 12)), rng.randint(9, 17)), timezone.now())
            commented = due + timedelta(days=rng.randint(3, 15))
            rows.append(
                BimonthlyReport(
                    organization=branch,
                    year=today.year,
                    period=period,
                    work_done="".join(rng.sample(WORK, 3)),
                    problems=rng.choice(PROBLEMS),
                    next_steps="".join(rng.sample(NEXT, 2)),
                    submitted_at=submitted,
                    submitted_by=secretaries[branch.pk].user or admin if branch.pk in secretaries else admin,
                    comment="工作扎实，请继续抓好三会一课和党员发展。" if commented < today else "",
                    commented_by=admin if commented < today else None,
                    commented_at=_aware(commented, 15) if commented < today else None,
                )
            )
    BimonthlyReport.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _evaluator_accounts(rng: random.Random) -> list[tuple[User, str]]:
    """Accounts for the review's evaluators: five academy leaders, twenty members of the organs,
    thirty member representatives (demo accounts without a usable password)."""
    people = PersonGenerator(rng)
    unusable = make_password(None)
    plan = [(EvaluatorGroup.LEADER, 5), (EvaluatorGroup.ORGAN, 20), (EvaluatorGroup.REPRESENTATIVE, 30)]
    found = []
    for group, count in plan:
        for n in range(count):
            person = people.person(first_year=1965, last_year=1995)
            user = User.objects.create(
                username=f"review_{group}{n + 1:02d}",
                full_name=person.full_name,
                password=unusable,
                id_number=person.id_number,
                phone=person.phone,
            )
            found.append((user, group))
    admin = User.objects.get(username="party_admin")
    return [(admin, EvaluatorGroup.LEADER), *found]


def _reviews(admin, organ, today: date, rng: random.Random) -> int:
    upper = list(
        PartyOrganization.objects.filter(kind__in=[OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH], is_active=True).order_by(
            "name"
        )
    )
    secretaries = {
        p.organization_id: p.member
        for p in PartyPost.objects.filter(organization__in=upper, post=Post.SECRETARY).select_related("member")
    }
    subjects_orgs = [o for o in upper if o.pk in secretaries]
    evaluators = _evaluator_accounts(rng)
    last = ReviewCampaign.objects.create(
        title=f"{today.year - 1}年度院属单位党委（党总支）书记抓基层党建工作述职评议",
        year=today.year - 1,
        organization=organ,
        scale=DEFAULT_SCALE,
        dimensions=DEFAULT_DIMENSIONS,
        status=CampaignStatus.CLOSED,
        reports_due=date(today.year, 1, 15),
        created_by=admin,
    )
    subjects = ReviewSubject.objects.bulk_create(
        [
            ReviewSubject(
                campaign=last,
                organization=o,
                secretary=secretaries[o.pk],
                report=f"{o.name}书记述职报告：一年来，认真履行抓基层党建第一责任人职责，"
                + "".join(rng.sample(WORK, 3))
                + "存在的不足："
                + rng.choice(PROBLEMS),
                submitted_at=_aware(date(today.year, 1, rng.randint(5, 14))),
            )
            for o in subjects_orgs
        ]
    )
    ReviewEvaluator.objects.bulk_create(
        [ReviewEvaluator(campaign=last, user=u, group=g, voted=rng.random() < 0.95) for u, g in evaluators]
    )
    voters: dict[str, int] = {}
    for e in last.evaluators.filter(voted=True):
        voters[e.group] = voters.get(e.group, 0) + 1
    tallies = []
    for subject in subjects:
        strength = rng.uniform(0.45, 0.9)  # share of 好 among the ratings
        for d in range(len(DEFAULT_DIMENSIONS)):
            for group, n in voters.items():
                counts = [0, 0, 0, 0]
                for _vote in range(n):
                    r = rng.random()
                    counts[
                        0 if r < strength else 1 if r < strength + (1 - strength) * 0.8 else 2 if r < 0.995 else 3
                    ] += 1
                tallies += [
                    ReviewTally(subject=subject, dimension=d, group=group, level=level, count=c)
                    for level, c in enumerate(counts)
                ]
    ReviewTally.objects.bulk_create(tallies, batch_size=1000)
    results_store(last)
    leaders = [u for u, g in evaluators if g == EvaluatorGroup.LEADER]
    ReviewComment.objects.bulk_create(
        [ReviewComment(subject=s, author=rng.choice(leaders), text=rng.choice(LEADER_COMMENTS)) for s in subjects]
    )
    ReviewFinding.objects.bulk_create(
        [
            ReviewFinding(
                subject=s,
                problem=rng.choice(PROBLEMS).rstrip("；"),
                owner=s.secretary,
                deadline=date(today.year, 6, 30),
                done_on=date(today.year, rng.randint(3, 6), 15) if rng.random() < 0.6 else None,
                created_by=admin,
            )
            for s in subjects
        ]
    )
    current = ReviewCampaign.objects.create(
        title=f"{today.year}年度院属单位党委（党总支）书记抓基层党建工作述职评议",
        year=today.year,
        organization=organ,
        scale=DEFAULT_SCALE,
        dimensions=DEFAULT_DIMENSIONS,
        status=CampaignStatus.REPORTING,
        reports_due=date(today.year + 1, 1, 15),
        created_by=admin,
    )
    ReviewSubject.objects.bulk_create(
        [ReviewSubject(campaign=current, organization=o, secretary=secretaries[o.pk]) for o in subjects_orgs]
    )
    ReviewEvaluator.objects.bulk_create([ReviewEvaluator(campaign=current, user=u, group=g) for u, g in evaluators])
    return 2


def _member_evaluation(admin, today: date, rng: random.Random) -> None:
    """Last year's democratic evaluation of the demo branch, closed with grades."""
    from party.demo import DEMO_BRANCH

    branch = PartyOrganization.objects.filter(name=DEMO_BRANCH).first()
    if branch is None:
        return
    evaluation = MemberEvaluation.objects.create(
        organization=branch, year=today.year - 1, stage=EvaluationStage.CLOSED, created_by=admin
    )
    members = list(PartyMember.objects.filter(organization=branch, is_active=True))
    full = [m for m in members if m.status == MemberStatus.FULL]
    excellent = set(rng.sample(full, len(full) // 3 if len(full) >= 3 else 0))
    entries = EvaluationEntry.objects.bulk_create(
        [
            EvaluationEntry(
                evaluation=evaluation,
                member=m,
                self_assessment="一年来认真学习党的创新理论，按时参加组织生活，按月交纳党费，立足科研岗位发挥党员作用。",
                grade=(MemberGrade.EXCELLENT if m in excellent else MemberGrade.QUALIFIED)
                if m.status == MemberStatus.FULL
                else "",
                mutual_done=True,
            )
            for m in members
        ]
    )
    MutualTally.objects.bulk_create(
        [
            MutualTally(
                entry=e,
                grade=grade,
                count=(len(members) - 1) * share // 100,
            )
            for e in entries
            for grade, share in (
                (MemberGrade.EXCELLENT, 40 if e.grade == MemberGrade.EXCELLENT else 15),
                (MemberGrade.QUALIFIED, 60 if e.grade == MemberGrade.EXCELLENT else 85),
                (MemberGrade.BASICALLY, 0),
                (MemberGrade.UNQUALIFIED, 0),
            )
        ]
    )


DUTIES = {
    DutyRole.SECRETARY: (
        "履行抓党建第一责任人职责，每季度专题研究党建工作",
        "落实“三会一课”制度，每年讲党课不少于1次",
        "推进支部建在创新团队和课题组上",
        "抓好党员发展和教育管理",
    ),
    DutyRole.COMMITTEE_MEMBER: ("负责党员教育管理和组织生活记录", "负责党费收缴和使用管理", "联系青年科研人员"),
}


def _duties(admin, today: date, rng: random.Random) -> int:
    posts = PartyPost.objects.filter(
        organization__kind__in=[OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH],
        post__in=[Post.SECRETARY, Post.COMMITTEE_MEMBER],
    ).select_related("organization", "member")
    lists, items = [], []
    for post in posts:
        role = DutyRole.SECRETARY if post.post == Post.SECRETARY else DutyRole.COMMITTEE_MEMBER
        lists.append(
            DutyList(organization=post.organization, year=today.year, role=role, holder=post.member, created_by=admin)
        )
    lists = DutyList.objects.bulk_create(lists, batch_size=500, ignore_conflicts=False)
    for duty_list in lists:
        for text in DUTIES[duty_list.role]:
            progress = min(100, max(0, int(rng.gauss(today.month * 8, 15)) // 10 * 10))
            items.append(
                DutyItem(
                    duty_list=duty_list,
                    text=text,
                    progress=progress,
                    evidence="已按计划推进，相关会议记录和台账已归档。" if progress else "",
                )
            )
    DutyItem.objects.bulk_create(items, batch_size=1000)
    return len(lists)


def _honours(admin, organ, today: date, rng: random.Random) -> int:
    """Last year's honours, resting on last year's review and evaluation."""
    year = today.year - 1
    best = list(
        ReviewSubject.objects.filter(campaign__year=year, rank__lte=3).select_related("organization", "secretary")
    )
    excellent = list(
        EvaluationEntry.objects.filter(evaluation__year=year, grade=MemberGrade.EXCELLENT).select_related("member")
    )
    rows = (
        [
            Honour(
                year=year,
                kind=HonourKind.ORGANIZATION,
                organization=s.organization,
                source=HonourSource.REVIEW,
                reason=f"述职评议等次为“{s.grade}”，基层党建工作成效明显。",
                document=f"科院直党〔{today.year}〕5号",
                awarded_on=date(today.year, 6, 28),
                awarded_by=organ,
                created_by=admin,
            )
            for s in best
        ]
        + [
            Honour(
                year=year,
                kind=HonourKind.MEMBER,
                member=e.member,
                source=HonourSource.EVALUATION,
                reason="民主评议为优秀，在科研攻关中发挥先锋模范作用。",
                document=f"科院直党〔{today.year}〕5号",
                awarded_on=date(today.year, 6, 28),
                awarded_by=organ,
                created_by=admin,
            )
            for e in excellent
        ]
        + [
            Honour(
                year=year,
                kind=HonourKind.WORKER,
                member=s.secretary,
                source=HonourSource.REVIEW,
                reason="长期从事党务工作，认真负责，成绩突出。",
                document=f"科院直党〔{today.year}〕5号",
                awarded_on=date(today.year, 6, 28),
                awarded_by=organ,
                created_by=admin,
            )
            for s in best[:2]
        ]
    )
    Honour.objects.bulk_create(rows)
    return len(rows)
