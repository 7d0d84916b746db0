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

# (title, PI account, topic code, text, steps after submission: list of (actor account, decision, reason))
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


def _text(subject: str) -> str:
    if len(subject) > 60:  # a full text already; add the usual closing sentence
        return subject + "预期申请发明专利五项，培养博士研究生三名，实现新增产值五千万元。"
    return (
        f"本项目围绕{subject}的关键技术瓶颈，开展机理研究、核心装备研制和系统集成，"
        f"建立{subject}技术规范，在省内重点企业和园区开展示范应用，形成自主知识产权和可推广的解决方案。"
        "项目实施期内预期申请发明专利五项，培养青年科技骨干十名。"
    )


def _fill(application: Application, text: str) -> Application:
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
        application = _fill(application, _text(subject))
        application_submit(actor=application.pi, application=application, key=f"demo-{application.pk}")
        for actor, decision, reason in steps:
            application = application_decide(actor=users[actor], application=application, name=decision, reason=reason)
    return {"applications": created}
