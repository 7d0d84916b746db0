"""Demo programs and calls: a key R&D call and a 揭榜挂帅 challenge call, both published.

Idempotent: programs are looked up by name and calls by title.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import users_with_role
from orgs.models import Office, Recommender, RecommenderKind
from plans.models import Call, Program, ProgramKind
from plans.services import call_create, call_publish, challenge_add, program_create, quota_set, topic_add

PROGRAMS = (
    ("重点研发计划", ProgramKind.KEY_RD, "hightech"),
    ("自然科学基金", ProgramKind.NATURAL_SCIENCE, "basic"),
    ("揭榜挂帅专项", ProgramKind.CHALLENGE, "hightech"),
    ("创新基金", ProgramKind.INNOVATION_FUND, "transfer"),
)
KEY_RD_TOPICS = (
    ("01", "高端装备与智能制造", "面向数控机床、工业机器人等方向，突破关键核心部件与系统集成技术。"),
    ("02", "新一代信息技术", "聚焦集成电路设计、工业软件和人工智能基础算法。"),
    ("03", "新材料", "重点支持高性能纤维、先进半导体材料和新能源材料研发。"),
    ("04", "生物医药与医疗器械", "支持创新药物、高端医学影像设备和体外诊断试剂研发。"),
    ("05", "现代农业", "面向种业创新、智慧农业装备和农产品精深加工。"),
)
CHALLENGES = (
    (
        "高性能锂电池隔膜量产技术",
        "孔隙率≥45%，穿刺强度≥500gf，良品率≥95%，形成年产5000万平方米产线。",
        "800",
        "浙江某新能源科技有限公司",
    ),
    ("工业软件国产替代：三维CAD内核", "支持参数化建模与百万级面片装配，与主流格式双向兼容。", "1200", "某装备制造集团"),
    (
        "茶园病虫害智能识别与绿色防控",
        "识别准确率≥90%，覆盖10种主要病虫害，在3个县示范应用。",
        "300",
        "某茶业股份有限公司",
    ),
)


def _officer(office_code: str):
    office = Office.objects.get(code=office_code)
    return users_with_role(Role.OFFICER, office=office).order_by("pk").first(), office


def _call(program: Program, officer, *, title: str, notice: str, cap: str, days_open: int, path: str) -> Call | None:
    if Call.objects.filter(title=title).exists():
        return None
    now = timezone.now()
    return call_create(
        actor=officer,
        program=program,
        title=title,
        year=2027,
        notice=notice,
        opens_at=now - timedelta(days=3),
        closes_at=(now + timedelta(days=days_open)).replace(hour=17, minute=0, second=0),
        eligible_unit_types=["university", "institute", "enterprise", "hospital"],
        pi_max_age=60,
        pi_titles=["教授", "研究员", "高级工程师", "正高级工程师", "主任医师", "副教授", "副研究员"],
        limit_per_pi=1,
        limit_active_projects_per_pi=2,
        limit_per_unit=20,
        recommendation_path=path,
        budget_cap=Decimal(cap),
        required_attachments=["commitment", "budget_note"],
        review_mode="remote_then_panel",
        reviewers_per_item=5,
        publicity_working_days=5,
    )


def seed_plans() -> dict[str, int]:
    """Create the demo programs and the two published calls where missing."""
    created = {"programs": 0, "calls": 0}
    programs = {}
    for name, kind, office_code in PROGRAMS:
        program = Program.objects.filter(name=name).first()
        if program is None:
            officer, office = _officer(office_code)
            program = program_create(actor=officer, name=name, kind=kind, office=office)
            created["programs"] += 1
        programs[name] = program
    officer, _office = _officer("hightech")
    key_rd = _call(
        programs["重点研发计划"],
        officer,
        title="2027年度省重点研发计划项目申报指南",
        notice="为深入实施创新驱动发展战略，现发布2027年度省重点研发计划项目申报指南。\n"
        "请各有关单位按照指南要求，组织符合条件的科研人员在线申报，经依托单位审核、推荐单位推荐后报送。",
        cap="300",
        days_open=30,
        path="via_recommender",
    )
    if key_rd:
        for code, title, description in KEY_RD_TOPICS:
            topic_add(actor=officer, call=key_rd, code=code, title=title, description=description)
        for recommender in Recommender.objects.filter(kind=RecommenderKind.CITY_BUREAU):
            quota_set(actor=officer, call=key_rd, recommender=recommender, quota=15)
        call_publish(actor=officer, call=key_rd)
        created["calls"] += 1
    challenge = _call(
        programs["揭榜挂帅专项"],
        officer,
        title="2027年度“揭榜挂帅”重大攻关项目榜单",
        notice="围绕我省产业链关键核心技术需求，面向全社会公开张榜，不论资历、不设门槛，谁能干就让谁干。",
        cap="1200",
        days_open=45,
        path="direct",
    )
    if challenge:
        for title, requirement, prize, issuer in CHALLENGES:
            challenge_add(
                actor=officer,
                call=challenge,
                title=title,
                requirement=requirement,
                prize_amount=Decimal(prize),
                deadline=date(2029, 12, 31),
                issuer=issuer,
            )
        call_publish(actor=officer, call=challenge)
        created["calls"] += 1
    return created
