"""Demo data for expert review: a closed call in remote review, half way through.

"2026年度省重点研发计划（第二批）": twelve applications past the formal check, a blind round with
five experts per application, the optimal assignment sent as invitations; most experts have
answered (a few declined and were replaced, one declared a conflict), some reviews are submitted,
some are drafts, some invitations wait. The demo login ``expert`` has one review in draft and one
invitation to answer. Everything goes through the services; idempotent by call title.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import users_with_role
from applications.demo import demo_fill
from applications.models import Application
from applications.services import application_decide, application_save, application_start, application_submit
from approvals.demo import COMMON
from plans.models import Call, Program
from plans.services import call_close, call_create, call_publish, topic_add
from reviews import services
from reviews.forms import default_criteria
from reviews.models import Assignment, AssignmentStatus, Review, ReviewRound
from reviews.scoring import review_save

CALL_TITLE = "2026年度省重点研发计划（第二批）项目申报指南"
ROUND_TITLE = "2026年度省重点研发计划（第二批）通讯评审"
TOPICS = (
    ("01", "高端装备与智能制造", ["460.20", "460.50"], "数控机床、工业机器人、精密减速器"),
    ("02", "新一代信息技术", ["520.20", "520.40"], "人工智能、工业软件、集成电路设计"),
    ("03", "新材料", ["430.50", "430.30"], "高性能纤维、半导体材料、纳米材料"),
    ("04", "生物医药与医疗器械", ["350.10", "320.67"], "创新药物、医学影像、体外诊断"),
    ("05", "现代农业", ["210.30", "210.70"], "种业创新、智慧农业装备、病虫害防控"),
    ("06", "新能源与储能", ["480.40", "470.40"], "锂电池、储能系统、电力电子"),
)
APPLICATIONS = (  # title, topic, quality (the mean total the experts give)
    ("五轴联动数控机床热误差实时补偿系统", "01", 88),
    ("协作机器人高精度关节模组研制", "01", 82),
    ("面向芯片设计的国产EDA布局布线工具", "02", 90),
    ("工业视觉缺陷检测大模型及产线应用", "02", 76),
    ("碳化硅单晶衬底低缺陷生长技术", "03", 85),
    ("可降解镁合金心血管支架材料", "03", 71),
    ("阿尔茨海默病早期血液诊断试剂盒", "04", 79),
    ("基于人工智能的肺结节影像辅助诊断系统", "04", 84),
    ("水稻抗病基因编辑育种技术", "05", 80),
    ("茶叶采摘机器人关键技术研究", "05", 68),
    ("钠离子电池正极材料规模化制备", "06", 86),
    ("工商业储能系统智能能量管理平台", "06", 74),
)
COMMENTS = (
    "项目选题符合省重点产业发展方向，研究目标明确，技术路线总体可行。建议进一步细化关键技术指标的考核方式，并加强与应用企业的协同。",
    "申报团队前期研究基础较好，具备完成项目的条件。创新点表述较为笼统，建议突出与国内外同类技术相比的先进性，并补充中试验证方案。",
    "研究内容系统完整，预期成果具有较好的产业化前景。经费预算中设备费比例偏高，建议结合已有条件压缩，并明确自筹资金落实情况。",
    "项目针对行业共性难题，具有较强的现实意义。但实施方案中风险分析不足，部分指标偏于保守，建议提高知识产权和示范应用的考核要求。",
    "技术路线清晰，团队结构合理，产学研合作机制较为完善。建议在项目实施中加强标准制定工作，推动成果在省内重点企业转化应用。",
)


def _call(officer) -> Call:
    now = timezone.now()
    call = call_create(
        actor=officer,
        program=Program.objects.get(name="重点研发计划"),
        title=CALL_TITLE,
        year=2026,
        notice=f"现发布{CALL_TITLE}，请符合条件的单位组织申报。",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        eligible_unit_types=["university", "institute", "enterprise", "hospital"],
        pi_max_age=60,
        limit_per_pi=1,
        recommendation_path="direct",
        budget_cap=Decimal("300"),
        required_attachments=["commitment", "budget_note"],
        publicity_working_days=5,
    )
    for code, title, _codes, _words in TOPICS:
        topic_add(actor=officer, call=call, code=code, title=title, description=f"{title}领域关键核心技术攻关。")
    return call_publish(actor=officer, call=call)


def _applicants(count: int) -> list[User]:
    """PIs without an application in the other demo calls, the demo login ``applicant`` first."""
    busy = set(Application.objects.values_list("pi", flat=True))
    chosen = [u for u in User.objects.filter(username="applicant") if u.pk not in busy]
    for user in users_with_role(Role.APPLICANT).exclude(pk__in=busy).order_by("username"):
        if len(chosen) >= count:
            break
        if user not in chosen and user.unit_id:
            chosen.append(user)
    return chosen


def _applications(call: Call, officer) -> list[Application]:
    topics = {code: (call.topics.get(code=code), codes, words) for code, _t, codes, words in TOPICS}
    done = []
    for (title, code, _quality), pi in zip(APPLICATIONS, _applicants(len(APPLICATIONS)), strict=False):
        topic, codes, words = topics[code]
        try:
            application = demo_fill(application_start(actor=pi, call=call, title=title, topic=topic), "")
        except ValidationError:
            continue  # a PI the call's rules do not admit
        text = (
            f"围绕{title}开展研究，重点突破{words.split('、')[0]}等关键技术，研制样机并在省内重点企业开展示范应用。"
            + COMMON
        )
        application = application_save(
            actor=pi,
            application=application,
            version=application.version,
            abstract=text,
            objectives=text + "形成发明专利、技术标准和示范工程。",
            keywords=words,
            discipline_codes=",".join(codes),
        )
        application_submit(actor=pi, application=application, key=f"demo-review-{application.pk}")
        admin = users_with_role(Role.UNIT_ADMIN, unit=application.unit).order_by("pk").first()
        application = application_decide(actor=admin, application=application, name="endorse")
        done.append(application)
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=10)
    )
    call_close(actor=officer, call=Call.objects.get(pk=call.pk))
    return [application_decide(actor=officer, application=a, name="formal_pass") for a in done]


def _scores(round: ReviewRound, total: float) -> dict:
    data = {}
    for criterion in round.criteria.all():
        value = round_half(max(0.0, min(1.0, total / 100)) * criterion.max_score)
        data[f"score_{criterion.pk}"] = str(value)
    return data


def round_half(value: float) -> float:
    return int(value * 2 + 0.5) / 2


def _expert_login_work(round: ReviewRound, officer) -> None:
    """Give the demo login ``expert`` two applications (where conflicts allow)."""
    expert = User.objects.filter(username="expert").first()
    if expert is None:
        return
    for item in round.items.order_by("code"):
        if Assignment.objects.filter(round=round, expert=expert).count() >= 2:
            return
        try:
            services.assignment_add(actor=officer, round=round, item=item, expert=expert)
        except ValidationError:
            continue


def seed_review_round() -> dict[str, int]:
    if Call.objects.filter(title=CALL_TITLE).exists():
        return {"review rounds": 0}
    officer = User.objects.get(username="officer")
    call = _call(officer)
    applications = _applications(call, officer)
    if not applications:
        return {"review rounds": 0}
    data = {
        "title": ROUND_TITLE,
        "kind": "remote",
        "reviewers_per_item": 5,
        "max_load": 4,
        "deadline": timezone.now() + timedelta(days=7),
        "answer_days": 3,
        "blind": True,
        "off_site": "city",
        "group_by_discipline": True,
        "aggregation": "trimmed",
        "dispersion_limit": Decimal("12"),
        "min_comment_length": 50,
        "randomise": False,
        "pair_cap": Decimal("0.5"),
        "pass_share": Decimal("0.667"),
    }
    round = services.review_round_create(actor=officer, call=call, data=data, criteria=default_criteria())
    report = services.assignment_fill(round)
    services.round_assign_finish(actor=officer, round=round, report=report)
    round.refresh_from_db()
    _expert_login_work(round, officer)
    services.round_invite(actor=officer, round=round)
    round.refresh_from_db()
    quality = {title: q for title, _code, q in APPLICATIONS}
    _answers(round, {a.pk: quality[a.title] for a in applications})
    return {"review rounds": 1}


def _answers(round: ReviewRound, quality: dict) -> None:
    rng = random.Random(2026)
    demo_expert = User.objects.filter(username="expert").first()
    declined = 0
    invited = list(round.assignments.filter(status=AssignmentStatus.INVITED).select_related("expert", "item"))
    for assignment in invited:
        if demo_expert and assignment.expert_id == demo_expert.pk:
            continue
        if declined < 4 and rng.random() < 0.12:
            services.invitation_answer(
                actor=assignment.expert, assignment=assignment, accept=False, reason="近期出差，时间冲突"
            )
            declined += 1
    services.replacements_fill(round)
    conflict_declared = False
    for n, assignment in enumerate(
        round.assignments.filter(status=AssignmentStatus.INVITED).select_related("expert", "item")
    ):
        is_demo = demo_expert and assignment.expert_id == demo_expert.pk
        if is_demo and not Assignment.objects.filter(expert=demo_expert, status=AssignmentStatus.ACCEPTED).exists():
            _start(assignment, round, quality, rng, submit=False)
            continue
        if is_demo or rng.random() < 0.15:
            continue  # still waiting for an answer
        if not conflict_declared and n > 5:
            services.invitation_answer(actor=assignment.expert, assignment=assignment, accept=True)
            services.conflict_declare(
                actor=assignment.expert, assignment=assignment, reason="与项目负责人近三年有合作论文"
            )
            conflict_declared = True
            continue
        _start(assignment, round, quality, rng, submit=rng.random() < 0.7)
    services.replacements_fill(round)


def _start(assignment, round, quality, rng, *, submit: bool) -> None:
    assignment = services.invitation_answer(actor=assignment.expert, assignment=assignment, accept=True)
    assignment = services.no_conflict_confirm(actor=assignment.expert, assignment=assignment)
    review = Review.objects.get(assignment=assignment)
    total = quality.get(assignment.item.application_id, 75) + rng.gauss(0, 5)
    if assignment.item.code.endswith("004"):
        total += rng.choice([-22, 18])  # one application the experts disagree on: flagged for discussion
    data = _scores(round, total) | {
        "recommendation": "support" if total >= 75 else "not",
        "comment": rng.choice(COMMENTS),
    }
    if total >= 88:
        data["recommendation"] = "strong"
    review_save(actor=assignment.expert, review=review, data=data, version=review.version, submit=submit)
