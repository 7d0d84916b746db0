"""Demo applications to the key R&D call, one or more in every state of the flow.

Built through the services (so receipts, audit events and notifications are real); idempotent by title.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from applications.models import Application
from applications.services import application_decide, application_save, application_start, application_submit
from attachments.services import attachment_store
from plans.models import Call

CALL_TITLE = "2027年度省重点研发计划项目申报指南"
DEMO_PDF = b"%PDF-1.4\n% Kejiwang demo attachment\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SPINDLE = (
    "本项目面向高端数控机床核心部件，研究高精度主轴热误差建模与补偿方法。"
    "开发基于多源传感的在线监测系统，实现主轴热变形的实时预测与补偿。"
    "在省内龙头装备企业开展示范应用，形成可推广的技术标准和产品。"
)
SPINDLE_REORDERED = (
    "在省内龙头装备企业开展示范应用，形成可推广的技术标准和产品。"
    "本项目面向高端数控机床核心部件，研究高精度主轴热误差建模与补偿方法。"
    "开发基于多源传感的在线监测系统，实现主轴热变形的实时预测与补偿。"
)

TEXTS = {
    "城市地下管网": "针对城市老旧供水管网漏损率高、定位难的问题，融合分布式光纤振动传感与声波相关分析，研制漏点智能定位终端，"
    "构建管网数字孪生与漏损预警平台，在杭州、宁波两个片区开展示范，目标将漏损定位误差控制在一米以内。",
    "晶圆缺陷检测": "面向十二英寸晶圆制造产线，研究暗场散射成像与深度学习相结合的微小缺陷检测方法，开发亚微米级缺陷分类算法和在线检测设备，"
    "解决进口检测设备依赖问题，在省内晶圆厂完成产线验证，检出率不低于百分之九十五。",
    "钠离子电池正极材料": "以层状氧化物和聚阴离子化合物为重点，研究钠离子电池正极材料的晶体结构调控与表面包覆技术，突破公斤级到吨级放大制备工艺，"
    "建设年产千吨级中试线，电芯能量密度达到每公斤一百六十瓦时，循环寿命超过四千次。",
    "茶园病虫害识别": "利用无人机多光谱遥感和地面物联网虫情测报灯，构建茶小绿叶蝉、茶尺蠖等主要病虫害的智能识别模型，研发绿色防控决策系统，"
    "在三个产茶县建立示范基地，化学农药使用量减少三成，茶叶品质和茶农收入同步提升。",
    "海洋牧场水质监测": "围绕海洋牧场养殖环境保障需求，研制溶解氧、叶绿素、赤潮藻等多参数浮标式水质在线监测装置，构建基于机器学习的赤潮与缺氧预警模型，"
    "在舟山海域建设示范海洋牧场，实现预警提前量四十八小时以上。",
    "农业废弃物利用": "针对秸秆、畜禽粪污等农业废弃物资源化利用率低的问题，研究厌氧发酵产沼与生物炭联产工艺，开发有机肥精准配方和智能发酵装备，"
    "在平原县建设示范工程，年处理废弃物五万吨，形成种养循环的技术模式。",
}

# (title, PI account, topic code, text key or full text, steps after submission: (actor account, decision, reason))
PLANS = (
    ("基于大模型的科技项目智能评审辅助系统", "applicant", "02", None, None),
    (
        "城市地下管网泄漏智能监测关键技术",
        "applicant",
        "02",
        "城市地下管网",
        [("unitadmin", "unit_return", "预算说明不完整，请补充设备费测算依据。")],
    ),
    ("高端数控机床主轴热误差补偿技术", "u01_app1", "01", SPINDLE, []),
    ("数控机床主轴热变形实时补偿系统研发", "u01_app3", "01", SPINDLE_REORDERED, []),
    ("面向集成电路制造的晶圆缺陷智能检测", "u01_app2", "02", "晶圆缺陷检测", []),
    ("新型钠离子电池正极材料规模化制备", "u02_app1", "03", "钠离子电池正极材料", [("u02_admin", "endorse", "")]),
    (
        "茶园病虫害智能识别与绿色防控",
        "u03_app1",
        "05",
        "茶园病虫害识别",
        [("u03_admin", "endorse", ""), ("recommender", "recommend", "")],
    ),
    (
        "海洋牧场水质在线监测与预警平台",
        "u02_app2",
        "02",
        "海洋牧场水质监测",
        [("u02_admin", "endorse", ""), ("recommender", "recommend", ""), ("officer", "formal_pass", "")],
    ),
    (
        "农业废弃物高值化利用技术",
        "u03_app2",
        "05",
        "农业废弃物利用",
        [
            ("u03_admin", "endorse", ""),
            ("recommender", "recommend", ""),
            ("officer", "formal_fail", "项目负责人在研省级项目已达上限，不符合限项要求。"),
        ],
    ),
)


def _text(key: str) -> str:
    return TEXTS.get(key, key) + "预期申请发明专利五项。"


def demo_fill(application: Application, text: str) -> Application:
    """Fill every section of a demo draft with ``text`` and upload the required attachments."""
    application = application_save(
        actor=application.pi,
        application=application,
        version=application.version,
        abstract=text,
        objectives=text + "主要研究内容包括关键技术攻关、样机研制、标准制定与示范推广。",
        keywords="关键技术、示范应用、产业化",
        discipline_codes="460.45",
        start_date=date(2027, 1, 1),
        end_date=date(2029, 12, 31),
        indicators=[{"name": "发明专利", "target": "5项"}, {"name": "新增产值", "target": "5000万元"}],
        budget={
            "equipment": {"grant": "60", "matching": "40"},
            "business": {"grant": "120", "matching": "80"},
            "labour": {"grant": "50", "matching": "0"},
            "indirect": {"grant": "30", "matching": "0"},
        },
        cooperation_units=["宁波海洋材料研究院"],
    )
    for kind, name in (("commitment", "单位承诺书.pdf"), ("budget_note", "预算说明.pdf")):
        attachment_store(actor=application.pi, owner=application, upload=SimpleUploadedFile(name, DEMO_PDF), kind=kind)
    return application


def seed_applications() -> dict[str, int]:
    call = Call.objects.filter(title=CALL_TITLE).first()
    if call is None:
        return {"applications": 0}
    users = User.objects.in_bulk(
        [p[1] for p in PLANS] + ["unitadmin", "u02_admin", "u03_admin", "recommender", "officer"], field_name="username"
    )
    created = 0
    for title, pi_name, topic_code, subject, steps in PLANS:
        if Application.objects.filter(call=call, title=title).exists() or pi_name not in users:
            continue
        application = application_start(
            actor=users[pi_name], call=call, title=title, topic=call.topics.get(code=topic_code)
        )
        created += 1
        if subject is None:
            continue  # stays an early draft
        application = demo_fill(application, _text(subject))
        application_submit(actor=application.pi, application=application, key=f"demo-{application.pk}")
        for actor, decision, reason in steps:
            application = application_decide(actor=users[actor], application=application, name=decision, reason=reason)
    return {"applications": created}
