"""Demo data for party building, in the shape of seed 003: an academy's party leading group, its
organ committee, 9 base-level committees and general branches, 65 branches (many built on research
teams), about 1,500 members, and a year of dues history with some arrears.

Demo logins (password as for the others): ``party_admin`` is secretary of the organ committee (and
sees every organization), ``party_secretary`` is secretary of one branch whose current month is not
yet billed, ``party_member`` is a member of that branch. Bulk-created for speed; idempotent (nothing
happens when the organ committee exists).
"""

import random
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.demo.names import PersonGenerator
from core.demo.seed import DEMO_PASSWORD
from party.development import months_after
from party.dues import add_months, dues_settings, first_of_month, monthly_dues
from party.models import (
    Attendance,
    BillStatus,
    ContactLevel,
    ContactPoint,
    ContactVisit,
    DuesBase,
    DuesBill,
    DuesCategory,
    DuesRemittance,
    Meeting,
    MeetingKind,
    MemberStatus,
    OrgKind,
    PartyMember,
    PartyOrganization,
    PartyPost,
    PaymentMethod,
    Post,
    RemittanceStatus,
)

ACADEMY = "省科学院"
ORGAN = f"{ACADEMY}直属机关委员会"
INSTITUTES = (  # name, kind, research teams (one branch each)
    (
        "自动化研究所",
        OrgKind.COMMITTEE,
        ("工业机器人", "工业互联网", "智能控制", "机器视觉", "数控系统", "传感网络", "所机关", "离退休"),
    ),
    (
        "新材料研究所",
        OrgKind.COMMITTEE,
        ("先进碳材料", "复合材料", "高分子材料", "稀土功能材料", "纳米涂层", "所机关", "离退休", "研究生"),
    ),
    (
        "信息技术研究所",
        OrgKind.COMMITTEE,
        ("人工智能", "量子信息", "工业软件", "网络安全", "大数据", "所机关", "离退休", "研究生"),
    ),
    (
        "生物医药研究所",
        OrgKind.COMMITTEE,
        ("创新药物", "医疗器械", "体外诊断", "生物制剂", "中药现代化", "所机关", "离退休", "研究生"),
    ),
    ("能源研究所", OrgKind.COMMITTEE, ("储能材料", "碳捕集", "氢能", "光伏", "节能技术", "所机关", "离退休", "研究生")),
    (
        "农业技术研究所",
        OrgKind.COMMITTEE,
        ("种业创新", "畜牧兽医", "智慧农机", "土壤肥料", "所机关", "离退休", "研究生"),
    ),
    ("测试分析中心", OrgKind.GENERAL_BRANCH, ("理化检测", "计量校准", "中心机关", "离退休")),
    ("科技情报研究所", OrgKind.GENERAL_BRANCH, ("科技战略", "知识产权", "所机关", "离退休")),
    ("技术转移中心", OrgKind.GENERAL_BRANCH, ("成果转化", "科技金融", "中心机关", "离退休", "孵化器")),
)
ORGAN_BRANCHES = ("院机关第一党支部", "院机关第二党支部", "院机关第三党支部", "院机关第四党支部", "院后勤服务党支部")
PARTY_LOGINS = (
    ("party_admin", "周振华", "机关党委书记：全部党组织、党员与党费；学习管理（学习卡、题库、测试）"),
    ("party_secretary", "陈思远", "党支部书记：本支部党员、党费收缴与欠费清查"),
    ("party_member", "刘雨桐", "党员：本人党费与组织生活；每日一学、每月一测"),
)
DEMO_BRANCH = "新材料研究所先进碳材料课题组党支部"
MEMBERS_TARGET = 1500
MONTHS = 12


def _branch_name(institute: str, team: str) -> str:
    if team in ("所机关", "中心机关"):
        return f"{institute}机关党支部"
    if team == "离退休":
        return f"{institute}离退休党支部"
    if team == "研究生":
        return f"{institute}研究生党支部"
    return f"{institute}{team}课题组党支部"


def _organizations(today: date, rng: random.Random) -> list[PartyOrganization]:
    group = PartyOrganization.objects.create(name=f"中共{ACADEMY}党组", kind=OrgKind.LEADING_GROUP, order=0)
    organ = PartyOrganization.objects.create(
        name=ORGAN, kind=OrgKind.ORGAN_COMMITTEE, parent=group, term_started_on=date(today.year - 4, 6, 18), order=1
    )
    branches = [
        PartyOrganization.objects.create(
            name=f"{ACADEMY}{name}",
            kind=OrgKind.BRANCH,
            parent=organ,
            term_started_on=date(today.year - 2, 3, 1),
            order=n,
        )
        for n, name in enumerate(ORGAN_BRANCHES)
    ]
    for n, (institute, kind, teams) in enumerate(INSTITUTES, start=10):
        # One committee's term has run out (an election overdue), one ends soon.
        started = date(today.year - (5 if n == 12 else 4 if kind == OrgKind.COMMITTEE else 2), rng.randint(1, 12), 1)
        parent = PartyOrganization.objects.create(
            name=f"{ACADEMY}{institute}{'党委' if kind == OrgKind.COMMITTEE else '党总支'}",
            kind=kind,
            parent=organ,
            term_started_on=started,
            order=n,
        )
        for k, team in enumerate(teams):
            branches.append(
                PartyOrganization.objects.create(
                    name=_branch_name(institute, team),
                    kind=OrgKind.BRANCH,
                    parent=parent,
                    team=f"{team}创新团队" if team not in ("所机关", "中心机关", "离退休", "研究生") else "",
                    term_started_on=min(
                        today, date(today.year - rng.choice((0, 1, 1, 2, 2, 3)), rng.randint(1, 12), 1)
                    ),
                    dues_day=rng.choice((5, 10, 15, 20)),
                    order=k,
                )
            )
    return branches


def _category(branch: PartyOrganization, rng: random.Random) -> str:
    if "离退休" in branch.name:
        return DuesCategory.RETIRED
    if "研究生" in branch.name:
        return DuesCategory.STUDENT
    return DuesCategory.ANNUAL_SALARY if rng.random() < 0.02 else DuesCategory.EMPLOYED


def _base(category: str, rng: random.Random) -> Decimal | None:
    if category == DuesCategory.RETIRED:
        return Decimal(rng.randrange(380000, 760000)) / 100
    if category in (DuesCategory.EMPLOYED, DuesCategory.ANNUAL_SALARY):
        return Decimal(rng.randrange(420000, 1650000)) / 100
    return None


@transaction.atomic
def seed_party() -> dict[str, int]:
    if PartyOrganization.objects.filter(name=ORGAN).exists():
        return {"party logins": 0, "party organizations": 0, "party members": 0, "dues bills": 0, "party meetings": 0}
    rng = random.Random(2016)
    people = PersonGenerator(rng)
    today = timezone.localdate()
    branches = _organizations(today, rng)
    demo_branch = next(b for b in branches if b.name == DEMO_BRANCH)
    since = date(today.year - 1, 6, 1)

    # Members: about 1,500, spread unevenly (one small branch shows the "fewer than 3" warning).
    weights = [rng.uniform(0.4, 1.6) for _ in branches]
    total = sum(weights)
    members = []
    for branch, weight in zip(branches, weights, strict=True):
        size = max(3, round(MEMBERS_TARGET * weight / total))
        if branch.name.startswith(f"{ACADEMY}院后勤"):
            size = 2
        for _n in range(size):
            person = people.person(first_year=1950 if "离退休" in branch.name else 1965, last_year=1999)
            admitted = date(rng.randint(1985, today.year - 1), rng.randint(1, 12), 1)
            probationary = admitted > add_months(first_of_month(today), -12)
            members.append(
                PartyMember(
                    name=person.full_name,
                    id_number=person.id_number,
                    phone=person.phone,
                    organization=branch,
                    status=MemberStatus.PROBATIONARY if probationary else MemberStatus.FULL,
                    admitted_on=admitted,
                    full_on=None if probationary else add_months(admitted, 12),
                    position=rng.choice(("研究员", "副研究员", "助理研究员", "工程师", "高级工程师", "管理岗")),
                    dues_category=_category(branch, rng),
                )
            )
    members = PartyMember.objects.bulk_create(members, batch_size=500)
    demo_members = [m for m in members if m.organization_id == demo_branch.pk]
    organ = PartyOrganization.objects.get(name=ORGAN)
    organ_branch = next(b for b in branches if b.parent_id == organ.pk)
    holders = {  # demo login -> the member row it signs in as, and the post it holds
        "party_admin": (next(m for m in members if m.organization_id == organ_branch.pk), organ),
        "party_secretary": (demo_members[1], demo_branch),
        "party_member": (demo_members[0], None),
    }
    password = make_password(DEMO_PASSWORD)
    posts = []
    for username, full_name, _description in PARTY_LOGINS:
        member, post_in = holders[username]
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create(
            username=username, full_name=full_name, password=password, id_number=member.id_number, phone=member.phone
        )
        PartyMember.objects.filter(pk=member.pk).update(user=user, name=full_name)
        member.name = full_name
        if post_in is not None:
            posts.append(PartyPost(organization=post_in, member=member, post=Post.SECRETARY, since=since))
    # Every other branch: its first member is secretary and, from 7 members, the next two are
    # committee members (they hold posts without demo accounts).
    for branch in branches:
        rows = [m for m in members if m.organization_id == branch.pk]
        if branch != demo_branch:
            posts.append(PartyPost(organization=branch, member=rows[0], post=Post.SECRETARY, since=since))
        if len(rows) >= 7:
            posts += [
                PartyPost(organization=branch, member=m, post=Post.COMMITTEE_MEMBER, since=since) for m in rows[2:4]
            ]
    # Every committee and general branch: a secretary, a deputy and committee members drawn from
    # the branches below (they make up the committee's center group, 中心组).
    for upper in PartyOrganization.objects.filter(kind__in=[OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH]):
        below = [m for m in members if m.organization.parent_id == upper.pk and m.status == MemberStatus.FULL]
        picked = below[4:9]
        roles = [Post.SECRETARY, Post.DEPUTY_SECRETARY] + [Post.COMMITTEE_MEMBER] * 3
        posts += [
            PartyPost(organization=upper, member=m, post=post, since=since)
            for m, post in zip(picked, roles, strict=False)
        ]
    PartyPost.objects.bulk_create(posts)

    # A year of dues: bases declared a year ago, bills every month, most paid on the branch's day.
    rules = dues_settings()
    start = add_months(first_of_month(today), -MONTHS)
    bases, bills = [], []
    late = {m.pk for m in members if rng.random() < 0.03} | {m.pk for m in demo_members[2:4]}
    for member in members:
        base = _base(member.dues_category, rng)
        if base is not None:
            bases.append(DuesBase(member=member, amount=base, effective_month=start, declared_on=start))
        dues = monthly_dues(category=member.dues_category, base=base, rules=rules)
        stop_paying = rng.randint(3, 8)
        branch = next(b for b in branches if b.pk == member.organization_id)
        for k in range(MONTHS + 1):
            month = add_months(start, k)
            if month == first_of_month(today) and branch == demo_branch:
                continue  # the demo secretary bills the current month in the browser
            unpaid = member.pk in late and k > MONTHS - stop_paying
            if month == first_of_month(today):
                unpaid = unpaid or rng.random() < 0.5  # the current month is being collected
            due_on = month.replace(day=branch.dues_day)
            bill = DuesBill(
                member=member,
                organization=branch,
                month=month,
                category=member.dues_category,
                base=base,
                rate=dues.rate,
                amount=dues.amount,
                due_on=due_on,
                status=BillStatus.UNPAID if unpaid else BillStatus.PAID,
            )
            if not unpaid:
                bill.paid_amount, bill.paid_on = dues.amount, min(due_on, today)
                bill.method = rng.choice(
                    (PaymentMethod.SELF, PaymentMethod.SELF, PaymentMethod.BATCH, PaymentMethod.PROXY)
                )
            bills.append(bill)
    DuesBase.objects.bulk_create(bases, batch_size=1000)
    DuesBill.objects.bulk_create(bills, batch_size=1000)
    paid = list(DuesBill.objects.filter(status=BillStatus.PAID).only("pk", "paid_on"))
    for bill in paid:
        bill.receipt = f"DF{bill.paid_on:%Y%m%d}{bill.pk:07d}"
    DuesBill.objects.bulk_update(paid, ["receipt"], batch_size=1000)
    meetings = _meetings(branches, members, today, rng)
    _development(demo_branch, today)
    _contact_points(branches, demo_branch, today)
    remittances = _remittances(branches, bills, today)
    return {
        "dues remittances": remittances,
        "party meetings": meetings,
        "party logins": len([p for p in PARTY_LOGINS if User.objects.filter(username=p[0]).exists()]),
        "party organizations": PartyOrganization.objects.count(),
        "party members": len(members),
        "dues bills": len(bills),
    }


def _remittances(branches, bills, today: date) -> int:
    """Each branch remits every completed quarter's dues to the organization above; the latest
    quarter is still awaiting confirmation for every third branch. The committees pass on what
    they confirmed for the quarters before that."""
    recorder = User.objects.filter(username="party_admin").first()
    if recorder is None:
        return 0
    current = first_of_month(today)
    quarter_start = add_months(current, -((current.month - 1) % 3))
    quarters = [add_months(quarter_start, -3 * n) for n in range(4, 0, -1)]
    collected: dict[tuple[int, date], Decimal] = {}
    for bill in bills:
        if bill.status == BillStatus.PAID:
            q = add_months(bill.month, -((bill.month.month - 1) % 3))
            collected[(bill.organization_id, q)] = collected.get((bill.organization_id, q), Decimal("0")) + bill.amount
    rows = []
    received: dict[tuple[int, date], Decimal] = {}
    for n, branch in enumerate(branches):
        for q in quarters:
            amount = collected.get((branch.pk, q))
            if not amount:
                continue
            latest = q == quarters[-1]
            remitted_on = add_months(q, 3).replace(day=15)
            if remitted_on > today:
                continue
            pending = latest and n % 3 == 0
            rows.append(
                DuesRemittance(
                    organization=branch,
                    to_organization_id=branch.parent_id,
                    months_from=q,
                    months_to=add_months(q, 2),
                    amount=amount,
                    remitted_on=remitted_on,
                    reference=f"HD{remitted_on:%Y%m}{branch.pk:04d}",
                    status=RemittanceStatus.SENT if pending else RemittanceStatus.CONFIRMED,
                    recorded_by=recorder,
                    confirmed_by=None if pending else recorder,
                    confirmed_on=None if pending else remitted_on.replace(day=20),
                )
            )
            if not pending and not latest:
                key = (branch.parent_id, q)
                received[key] = received.get(key, Decimal("0")) + amount
    parents = {o.pk: o for o in PartyOrganization.objects.filter(pk__in={k[0] for k in received})}
    for (org_id, q), amount in sorted(received.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        org = parents[org_id]
        if org.parent_id is None or org.kind == OrgKind.ORGAN_COMMITTEE:
            continue
        on = add_months(q, 3).replace(day=25)
        rows.append(
            DuesRemittance(
                organization=org,
                to_organization_id=org.parent_id,
                months_from=q,
                months_to=add_months(q, 2),
                amount=amount,
                remitted_on=on,
                reference=f"HD{on:%Y%m}{org.pk:04d}",
                status=RemittanceStatus.CONFIRMED,
                recorded_by=recorder,
                confirmed_by=recorder,
                confirmed_on=on.replace(day=28),
            )
        )
    DuesRemittance.objects.bulk_create(rows, batch_size=500)
    return len(rows)


MEETING_TOPICS = {
    MeetingKind.COMMITTEE_MEETING: ("研究本月支部工作安排", "研究党员发展和党费收缴", "研究主题党日活动方案"),
    MeetingKind.THEME_DAY: ("重温入党誓词", "参观红色教育基地", "科技志愿服务进企业", "学习科技创新政策"),
    MeetingKind.MEMBER_MEETING: ("传达学习上级会议精神", "讨论发展对象", "通报季度工作"),
    MeetingKind.PARTY_LECTURE: ("书记讲党课：以科技创新引领产业发展", "党课：弘扬科学家精神"),
}
SKIPS = 0.12  # share of months a branch misses a monthly meeting (so some are behind)


def _meetings(branches, members, today: date, rng: random.Random) -> int:
    """This year's meetings up to last month for every branch, with attendance (bulk)."""
    by_branch: dict[int, list] = {}
    for member in members:
        by_branch.setdefault(member.organization_id, []).append(member)
    committee = {}
    for post in PartyPost.objects.filter(organization__in=branches).values_list("organization_id", "member_id"):
        committee.setdefault(post[0], []).append(post[1])
    recorder = User.objects.filter(username="party_admin").first() or User.objects.order_by("pk").first()
    plans = []  # (meeting, entitled member ids, present member ids)
    for branch in branches:
        people = by_branch.get(branch.pk, [])
        for month in range(1, today.month):
            held = date(today.year, month, rng.randint(5, 25))
            kinds = [MeetingKind.COMMITTEE_MEETING, MeetingKind.THEME_DAY]
            if month % 3 == 0:
                kinds += [MeetingKind.MEMBER_MEETING, MeetingKind.PARTY_LECTURE]
            for kind in kinds:
                if kind in (MeetingKind.COMMITTEE_MEETING, MeetingKind.THEME_DAY) and rng.random() < SKIPS:
                    continue
                entitled = (
                    committee.get(branch.pk, []) if kind == MeetingKind.COMMITTEE_MEETING else [m.pk for m in people]
                )
                if not entitled:
                    continue
                present = [pk for pk in entitled if rng.random() < 0.9]
                plans.append(
                    (
                        Meeting(
                            organization=branch,
                            kind=kind,
                            held_on=held,
                            topic=rng.choice(MEETING_TOPICS[kind]),
                            minutes="支部书记主持会议，传达学习上级要求，与会党员结合岗位工作交流发言，会议形成决议。",
                            entitled=len(entitled),
                            present=len(present),
                            quorate=len(present) * 2 > len(entitled),
                            recorded_by=recorder,
                        ),
                        entitled,
                        set(present),
                    )
                )
    created = Meeting.objects.bulk_create([p[0] for p in plans], batch_size=1000)
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting, member_id=pk, present=pk in present, leave_reason="" if pk in present else "出差"
            )
            for meeting, (_m, entitled, present) in zip(created, plans, strict=True)
            for pk in entitled
        ],
        batch_size=2000,
    )
    return len(created)


def _development(branch: PartyOrganization, today: date) -> None:
    """Three people on their way into the party in the demo secretary's branch, at different stages."""
    from party.development import case_start, step_record

    secretary = User.objects.filter(username="party_secretary").first()
    if secretary is None:
        return
    sponsors = list(
        PartyMember.objects.filter(organization=branch, status=MemberStatus.FULL).values_list("pk", flat=True)[:2]
    )
    full = PartyMember.objects.filter(organization=branch, status=MemberStatus.FULL).count()
    vote = {"present": full, "yes": full}

    def ago(months: int) -> date:
        return months_after(today, -months)

    people = (("吴一凡", 2), ("郑可欣", 9), ("冯浩然", 20))
    for name, stop in people:
        start = ago(30 if stop == 20 else 16 if stop == 9 else 1)
        case = case_start(actor=secretary, organization=branch, name=name, id_number="", applied_on=start)
        plan = [
            (2, months_after(start, 0), {}),
            (3, months_after(start, 1), {}),
            (4, months_after(start, 1), {}),
            (5, months_after(start, 1), {}),
            (6, months_after(start, 7), {}),
            (6, months_after(start, 13), {}),
            (7, months_after(start, 13), {}),
            (8, months_after(start, 13), {}),
            (9, months_after(start, 13), {"sponsors": sponsors}),
            (10, months_after(start, 14), {}),
            (11, months_after(start, 14), {"days": 3}),
            (12, months_after(start, 15), {}),
            (13, months_after(start, 15), {}),
            (14, months_after(start, 15), {}),
            (15, months_after(start, 16), vote),
            (16, months_after(start, 16), {}),
            (17, months_after(start, 17), {}),
            (18, months_after(start, 17), {}),
            (19, months_after(start, 17), {}),
            (20, months_after(start, 17), {}),
        ]
        for number, day, data in plan:
            if number > stop or day > today:
                break
            step_record(actor=secretary, case=case, number=number, done_on=day, data=data, document="支部记录")


def _contact_points(branches, demo_branch: PartyOrganization, today: date) -> None:
    """ "三级六点": the organ committee's secretary linked with committees, branch secretaries with teams."""
    organ_secretary = PartyPost.objects.filter(organization__kind=OrgKind.ORGAN_COMMITTEE, post=Post.SECRETARY).first()
    points, visits = [], []
    recorder = User.objects.filter(username="party_admin").first()
    committees = PartyOrganization.objects.filter(kind__in=[OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH])
    if organ_secretary is not None:
        points += [
            ContactPoint(
                leader=organ_secretary.member,
                organization=c,
                level=ContactLevel.LEADING_GROUP,
                since=today.replace(month=1, day=1),
            )
            for c in committees[:3]
        ]
    for post in PartyPost.objects.filter(
        organization__in=[b for b in branches if b.team][:12], post=Post.SECRETARY
    ).select_related("organization"):
        points.append(
            ContactPoint(
                leader=post.member,
                organization=post.organization,
                team=post.organization.team,
                level=ContactLevel.BRANCH,
                since=today.replace(month=1, day=1),
            )
        )
    points = ContactPoint.objects.bulk_create(points)
    for n, point in enumerate(points):
        if n % 4 == 3:
            continue  # some without a visit this quarter
        visits.append(
            ContactVisit(
                point=point,
                visited_on=months_after(today, -(n % 3)),
                summary="走访调研，了解科研攻关和党建工作情况，帮助解决实际困难。",
                recorded_by=recorder,
            )
        )
    if recorder is not None:
        ContactVisit.objects.bulk_create(visits)
