"""Demo data for the decision stage: last year's calls, reviewed, signed off, in publicity and approved.

- 2026 key R&D call (closed): six applications past the formal check, scored by hand, a funding
  list signed off by the high-tech and finance offices and a leader, now in publicity on the
  portal with one answered and one open objection;
- 2026 challenge (揭榜挂帅) call (closed): a final list whose projects are in progress;
- 2027 challenge call (open): applications in the early states (draft, submitted, endorsed).

Everything goes through the services; only the passing of time (a call's dates, the end of a
publicity period) is written directly. Idempotent by call title.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import users_with_role
from applications.demo import demo_fill
from applications.models import Application
from applications.services import application_decide, application_start, application_submit
from approvals import services
from approvals.models import FundingList, ObjectionOutcome, ScoreSource
from orgs.models import Office
from plans.models import Call, Program
from plans.services import call_close, call_create, call_publish, challenge_add, topic_add

KEY_RD_2026 = "2026年度省重点研发计划项目申报指南"
CHALLENGE_2026 = "2026年度“揭榜挂帅”关键核心技术攻关榜单"
CHALLENGE_2027 = "2027年度“揭榜挂帅”重大攻关项目榜单"

KEY_RD_APPLICATIONS = (  # title, PI, topic, text, score, grant
    (
        "高速列车轴承健康监测与寿命预测",
        "u04_app1",
        "01",
        "研究高速列车轴箱轴承振动与温度多源信号融合的健康监测方法，建立剩余寿命预测模型，研制车载监测装置并完成线路试验。",
        "92.40",
        "260",
    ),
    (
        "工业机器人高精度减速器研制",
        "u05_app1",
        "01",
        "突破RV减速器摆线轮精密磨削与装配误差控制技术，研制回差小于一弧分的高精度减速器，在焊接机器人上完成可靠性验证。",
        "89.75",
        "250",
    ),
    (
        "面向工业软件的国产实时操作系统",
        "u06_app1",
        "02",
        "研发面向可编程控制器与运动控制的国产实时操作系统内核，任务切换时间低于五微秒，完成主流工业协议栈适配和产线示范。",
        "87.20",
        "230",
    ),
    (
        "高性能碳纤维复合材料低成本制备",
        "u07_app1",
        "03",
        "开发大丝束碳纤维快速预氧化与低能耗碳化工艺，研究热塑性复合材料自动铺放成型技术，降低制造成本百分之三十。",
        "85.60",
        "240",
    ),
    (
        "肿瘤早筛液体活检试剂盒研发",
        "u08_app1",
        "04",
        "基于循环肿瘤DNA甲基化标志物，建立多癌种早筛检测体系，完成试剂盒研制和千例临床样本验证，灵敏度不低于百分之八十五。",
        "83.10",
        "220",
    ),
    (
        "设施蔬菜智能水肥一体化装备",
        "u09_app1",
        "05",
        "研制基于作物生长模型和土壤墒情感知的水肥一体化智能装备，开发云端决策系统，在五个蔬菜基地示范，节水节肥百分之二十五以上。",
        "78.30",
        None,
    ),
)
CHALLENGE_APPLICATIONS = (  # title, PI, challenge index, text, score, grant
    (
        "锂电池隔膜高速双向拉伸成套装备与工艺",
        "u10_app1",
        0,
        "研制幅宽六米以上的高速双向拉伸隔膜生产线，突破孔隙均匀性在线调控技术，实现年产五千万平方米量产，良品率达到百分之九十五。",
        "90.50",
        "250",
    ),
    (
        "自主可控三维几何建模内核",
        "u11_app1",
        1,
        "构建自主可控的边界表示几何建模内核，支持参数化特征建模、百万级面片装配与主流格式双向转换，在三家装备企业替代应用。",
        "88.00",
        "260",
    ),
    (
        "大幅宽隔膜在线缺陷检测与闭环调控",
        "u15_app1",
        0,
        "面向隔膜生产线研制在线光学缺陷检测系统，建立厚度与孔隙率闭环调控模型，提升产线良品率，在两家企业开展验证。",
        "71.50",
        None,
    ),
)
CHALLENGE_2027_APPLICATIONS = (  # title, PI, challenge index, text, steps
    (
        "茶园病虫害多光谱识别与精准施药系统",
        "u12_app1",
        2,
        "融合无人机多光谱影像与虫情测报数据，构建茶园主要病虫害识别模型，研制精准施药装备，在三个产茶县示范应用。",
        ["endorse"],
    ),
    (
        "超薄高强锂电隔膜涂覆技术",
        "u13_app1",
        0,
        "研究陶瓷与芳纶复合涂覆工艺，开发超薄高强隔膜，提高电池安全性能和循环寿命，建设中试生产线。",
        [],
    ),
    ("国产三维CAD装配仿真模块", "u14_app1", 1, None, None),
)
OBJECTIONS = (
    (
        4,
        "赵明远",
        "330106198503150016",
        "13905712345",
        "该项目负责人所在团队同期承担国家级同类课题，申报内容存在重复资助风险，请予核查。",
        "经核查，该项目与所述国家级课题研究对象和技术路线不同，不构成重复资助，异议不成立。",
    ),
    (
        1,
        "陈晓燕",
        "330102199002280022",
        "13735561234",
        "项目合作单位提供的自筹经费证明材料疑似不实，请核实合作单位配套资金到位情况。",
        None,
    ),
)


def _users(names) -> dict[str, User]:
    return User.objects.in_bulk(list(names), field_name="username")


def _officers():
    hightech, finance = Office.objects.get(code="hightech"), Office.objects.get(code="finance")
    staff = _users(["officer", "off_hightech2", "off_finance1", "leader"])
    return staff, hightech, finance


def _call(title: str, program: Program, officer, *, year: int, cap: str, path: str) -> Call:
    now = timezone.now()
    return call_create(
        actor=officer,
        program=program,
        title=title,
        year=year,
        notice=f"现发布{title}，请符合条件的单位组织申报。",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        eligible_unit_types=["university", "institute", "enterprise", "hospital"],
        pi_max_age=60,
        limit_per_pi=1,
        limit_active_projects_per_pi=2,
        recommendation_path=path,
        budget_cap=Decimal(cap),
        required_attachments=["commitment", "budget_note"],
        publicity_working_days=5,
    )


COMMON = "项目实施期内，建立产学研协同攻关机制，形成自主知识产权和技术标准，培养高层次科技人才，推动成果在省内重点企业转化应用。"


def _apply(call: Call, pi: User, title: str, text: str, **target) -> Application:
    application = demo_fill(application_start(actor=pi, call=call, title=title, **target), text + COMMON)
    application_submit(actor=pi, application=application, key=f"demo-{application.pk}")
    return application


def _unit_admin(application: Application) -> User:
    return users_with_role(Role.UNIT_ADMIN, unit=application.unit).order_by("pk").first()


def _close(call: Call, officer, *, days_ago: int) -> Call:
    """Move a call's dates into the past, as if its period had run, and close it."""
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        opens_at=now - timedelta(days=days_ago + 40), closes_at=now - timedelta(days=days_ago)
    )
    return call_close(actor=officer, call=Call.objects.get(pk=call.pk))


def _through_formal_check(call, rows, officer, pick) -> list[tuple[Application, str, str | None]]:
    users = _users([row[1] for row in rows])
    done = []
    for title, pi_name, target, text, score, grant in rows:
        application = _apply(call, users[pi_name], title, text, **pick(target))
        application = application_decide(actor=_unit_admin(application), application=application, name="endorse")
        done.append((application, score, grant))
    call = _close(call, officer, days_ago=25)
    for application, _score, _grant in done:
        application_decide(actor=officer, application=application, name="formal_pass")
    return done


def _signed_list(call, results, staff, hightech, finance) -> FundingList:
    officer = staff["officer"]
    for application, score, _grant in results:
        services.review_score_record(
            actor=officer,
            application=Application.objects.get(pk=application.pk),
            score=score,
            source=ScoreSource.MANUAL,
            note="会议评审汇总得分（人工录入）",
        )
    funding_list = services.funding_list_open(actor=officer, call=Call.objects.get(pk=call.pk))
    funding_list = services.funding_list_save(
        actor=officer,
        funding_list=funding_list,
        version=funding_list.version,
        grants={application.pk: grant for application, _score, grant in results if grant},
        offices=[finance],
        note="按专家评审得分排序，择优支持；资助额度经计划财务处核定。",
    )
    services.funding_list_submit(actor=officer, funding_list=funding_list)
    for actor, seat in (
        (staff["off_finance1"], f"office-{finance.pk}"),
        (staff["off_hightech2"], f"office-{hightech.pk}"),
        (staff["leader"], "leader"),
    ):
        services.sign_off(actor=actor, funding_list=funding_list, seat=seat, decision="approve", comment="同意。")
    return services.publicity_start(actor=officer, funding_list=FundingList.objects.get(pk=funding_list.pk))


def _key_rd_2026(program: Program) -> int:
    staff, hightech, finance = _officers()
    officer = staff["officer"]
    call = _call(KEY_RD_2026, program, officer, year=2026, cap="300", path="direct")
    for code, title, description in (
        ("01", "高端装备与智能制造", "关键核心部件与系统集成。"),
        ("02", "新一代信息技术", "工业软件与基础软件。"),
        ("03", "新材料", "先进结构与功能材料。"),
        ("04", "生物医药与医疗器械", "创新药物与诊断试剂。"),
        ("05", "现代农业", "智慧农业装备。"),
    ):
        topic_add(actor=officer, call=call, code=code, title=title, description=description)
    call = call_publish(actor=officer, call=call)
    results = _through_formal_check(
        call, KEY_RD_APPLICATIONS, officer, lambda code: {"topic": call.topics.get(code=code)}
    )
    funding_list = _signed_list(call, results, staff, hightech, finance)
    items = {item.rank: item for item in funding_list.items.all()}
    for rank, name, id_number, phone, content, answer in OBJECTIONS:
        objection = services.objection_file(
            funding_list=funding_list,
            item=items[rank],
            name=name,
            id_number=id_number,
            phone=phone,
            email="",
            content=content,
        )
        if answer:
            services.objection_answer(
                actor=officer, objection=objection, answer=answer, outcome=ObjectionOutcome.DISMISSED
            )
    return len(results)


def _challenge_2026(program: Program) -> int:
    staff, hightech, finance = _officers()
    officer = staff["officer"]
    call = _call(CHALLENGE_2026, program, officer, year=2026, cap="1200", path="direct")
    challenges = [
        challenge_add(
            actor=officer,
            call=call,
            title=title,
            requirement=requirement,
            prize_amount=Decimal(prize),
            deadline=timezone.localdate() + timedelta(days=900),
            issuer="",
        )
        for title, requirement, prize in (
            ("高速双向拉伸锂电隔膜成套装备", "幅宽≥6米，良品率≥95%，年产能≥5000万平方米。", "800"),
            ("三维几何建模内核", "支持参数化特征建模和百万级面片装配。", "1200"),
        )
    ]
    call = call_publish(actor=officer, call=call)
    results = _through_formal_check(
        call, CHALLENGE_APPLICATIONS, officer, lambda index: {"challenge": challenges[index]}
    )
    funding_list = _signed_list(call, results, staff, hightech, finance)
    FundingList.objects.filter(pk=funding_list.pk).update(publicity_ends_at=timezone.now())  # the period has run
    services.funding_list_finalize(actor=officer, funding_list=FundingList.objects.get(pk=funding_list.pk))
    return len(results)


def _challenge_2027() -> int:
    call = Call.objects.filter(title=CHALLENGE_2027).first()
    if call is None or call.applications.exists():
        return 0
    challenges = list(call.challenges.order_by("pk"))
    users = _users([row[1] for row in CHALLENGE_2027_APPLICATIONS])
    for title, pi_name, index, text, steps in CHALLENGE_2027_APPLICATIONS:
        pi = users[pi_name]
        if text is None:
            application_start(actor=pi, call=call, title=title, challenge=challenges[index])
            continue
        application = _apply(call, pi, title, text, challenge=challenges[index])
        for step in steps:
            application = application_decide(actor=_unit_admin(application), application=application, name=step)
    return len(CHALLENGE_2027_APPLICATIONS)


def seed_decisions() -> dict[str, int]:
    """Create the decision-stage demo data where missing; returns the applications created."""
    created = _challenge_2027()
    if not Call.objects.filter(title=KEY_RD_2026).exists():
        created += _key_rd_2026(Program.objects.get(name="重点研发计划"))
    if not Call.objects.filter(title=CHALLENGE_2026).exists():
        created += _challenge_2026(Program.objects.get(name="揭榜挂帅专项"))
    return {"decision-stage applications": created}
