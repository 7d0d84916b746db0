"""Demo data for the service catalogue (see core/demo/seed.py): the provincial S&T department's 18
power items under classified management (seed 004: 3 licences, 8 confirmations, 2 rewards, 3
inspections, 2 other powers) and 10 public services, written through the services by the owning
offices' officers and published by 政策法规处; one public service is still a draft and one
former power item was withdrawn when it was abolished. Blank application forms are small Excel
workbooks. Timestamps are spread over the past year. Idempotent: nothing happens when items exist.
"""

import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from catalogue.models import ItemKind, ItemStatus, PowerClass, ServiceItem, ServiceItemRevision, VisitLevel
from catalogue.services import (
    item_fields,
    material_add,
    material_form_attach,
    service_item_create,
    service_item_publish,
    service_item_update,
    service_item_withdraw,
)
from core.excel import workbook_bytes
from orgs.models import Office

PREFIX = "330000-KJ"
CENTRE = "省政务服务中心科技厅综合窗口（杭州市西湖区文三路10号1楼）"
HOURS = "工作日 上午9:00-12:00，下午13:30-17:00（法定节假日除外）"
PHONE = "0571-8705"
PROGRESS_LAW = "《中华人民共和国科学技术进步法》"
TRANSFER_LAW = "《中华人民共和国促进科技成果转化法》"
ANIMAL_RULES = "《实验动物管理条例》（国家科学技术委员会令第2号，2017年修订）"
ANIMAL_LICENCE = "《实验动物许可证管理办法（试行）》（国科发财字〔2001〕545号）"
AWARD_RULES = "《国家科学技术奖励条例》（国务院令第731号）"
PROVINCE_AWARD = "《浙江省科学技术奖励办法》（省政府令第382号）"
INTEGRITY_RULES = "《科研失信行为调查处理规则》（国科发监〔2022〕221号）"
APPLY_FORM = "申请表（在线填报后打印，加盖单位公章）"
LICENCE = "营业执照或事业单位法人证书"

# (code, name, class, office, audience, legal bases, conditions, steps, legal, promised, level, url, materials)
# materials: (name, form, copies, required, notes, blank form?)
POWER_ITEMS = [
    (
        "XK-001",
        "外国人来华工作许可",
        PowerClass.LICENSING,
        "cooperation",
        "在本省依法设立、拟聘用外国人的用人单位",
        [
            "《中华人民共和国出境入境管理法》第四十一条",
            "《外国人在中国就业管理规定》",
            "《外国人来华工作许可服务指南（暂行）》（外专发〔2017〕36号）",
        ],
        "用人单位依法设立，无严重违法失信记录；聘用的外国人符合来华工作许可条件，所从事的工作符合我国经济社会发展需要。",
        [
            "用人单位在线注册并提交申请",
            "受理机构在线预审",
            "审查并作出决定",
            "在线打印外国人工作许可通知或领取工作许可证",
        ],
        10,
        5,
        VisitLevel.ZERO,
        "https://fuwu.most.gov.cn/",
        [
            ("外国人来华工作许可申请表", "electronic", 1, True, "在线填写", True),
            ("工作资历证明", "electronic", 1, True, "", False),
            ("最高学位（学历）证书或相关批准书、职业资格证明", "electronic", 1, True, "须经认证", False),
            ("无犯罪记录证明", "electronic", 1, True, "须经认证，6个月内出具", False),
            ("体检证明", "electronic", 1, True, "6个月内出具", False),
            ("聘用合同或任职证明", "electronic", 1, True, "", False),
        ],
    ),
    (
        "XK-002",
        "实验动物生产许可证核发",
        PowerClass.LICENSING,
        "social",
        "从事实验动物及相关产品保种、繁育、生产、供应、运输的单位",
        [ANIMAL_RULES, ANIMAL_LICENCE, "《浙江省实验动物管理办法》"],
        "实验动物种子来源清楚、遗传背景明确；生产环境设施符合国家标准；有经培训合格的专业技术人员；有健全的质量管理制度。",
        ["网上申请", "受理", "材料审查", "专家现场评审", "作出许可决定", "证书送达（邮寄）"],
        20,
        12,
        VisitLevel.ONCE,
        "https://www.zjzwfw.gov.cn/",
        [
            ("实验动物生产许可证申请书", "original", 1, True, "", True),
            (LICENCE, "copy", 1, True, "加盖公章", False),
            ("实验动物质量检测报告", "original", 1, True, "具有资质的检测机构一年内出具", False),
            ("设施环境检测报告", "original", 1, True, "", False),
            ("从业人员培训合格证明", "copy", 1, True, "", False),
        ],
    ),
    (
        "XK-003",
        "实验动物使用许可证核发",
        PowerClass.LICENSING,
        "social",
        "使用实验动物及相关产品进行科学研究、检定检测、生产和教学的单位",
        [ANIMAL_RULES, ANIMAL_LICENCE],
        "使用的实验动物来自有生产许可证的单位；实验环境设施符合国家标准；设立实验动物管理和伦理审查机构。",
        ["网上申请", "受理", "材料审查", "专家现场评审", "作出许可决定", "证书送达（邮寄）"],
        20,
        12,
        VisitLevel.ONCE,
        "https://www.zjzwfw.gov.cn/",
        [
            ("实验动物使用许可证申请书", "original", 1, True, "", True),
            (LICENCE, "copy", 1, True, "加盖公章", False),
            ("实验动物福利伦理审查制度", "copy", 1, True, "", False),
            ("设施环境检测报告", "original", 1, True, "", False),
        ],
    ),
    (
        "QR-001",
        "高新技术企业认定",
        PowerClass.CONFIRMATION,
        "hightech",
        "在本省注册成立一年以上的居民企业",
        [
            "《中华人民共和国企业所得税法》第二十八条",
            "《中华人民共和国企业所得税法实施条例》第九十三条",
            "《高新技术企业认定管理办法》（国科发火〔2016〕32号）",
            "《高新技术企业认定管理工作指引》（国科发火〔2016〕195号）",
        ],
        "企业拥有核心自主知识产权；主要产品（服务）属于《国家重点支持的高新技术领域》；科技人员占比不低于10%；近三个会计年度研究开发费用占比符合规定。",
        [
            "企业在高新技术企业认定管理工作网注册并在线申报",
            "市级科技部门推荐",
            "专家评审",
            "认定机构审查认定",
            "公示10个工作日",
            "报送备案并公告",
        ],
        None,
        60,
        VisitLevel.ZERO,
        "https://www.innocom.gov.cn/",
        [
            ("高新技术企业认定申请书", "electronic", 1, True, "在线填报", False),
            ("知识产权相关材料", "electronic", 1, True, "", False),
            ("近三个会计年度研究开发费用专项审计报告", "electronic", 1, True, "具有资质的中介机构出具", False),
            ("近一个会计年度高新技术产品（服务）收入专项审计报告", "electronic", 1, True, "", False),
            ("近三个会计年度财务会计报告", "electronic", 1, True, "", False),
        ],
    ),
    (
        "QR-002",
        "技术合同认定登记",
        PowerClass.CONFIRMATION,
        "transfer",
        "订立技术开发、技术转让、技术许可、技术咨询和技术服务合同的法人和非法人组织",
        [
            TRANSFER_LAW + "第四十五条",
            "《技术合同认定登记管理办法》（国科发政字〔2000〕063号）",
            "《技术合同认定规则》",
        ],
        "合同已依法订立并生效，属于技术合同范围，权利义务明确。",
        ["网上提交合同文本", "技术合同登记机构审查", "认定登记", "在线打印登记证明"],
        None,
        3,
        VisitLevel.ZERO,
        "/portal/",
        [
            ("技术合同文本", "electronic", 1, True, "双方签章的扫描件", False),
            ("技术合同认定登记申请表", "electronic", 1, True, "", True),
        ],
    ),
    (
        "QR-003",
        "科技型中小企业评价入库",
        PowerClass.CONFIRMATION,
        "hightech",
        "在中国境内注册的居民企业，职工总数不超过500人、年销售收入不超过2亿元、资产总额不超过2亿元",
        ["《科技型中小企业评价办法》（国科发政〔2017〕115号）", "《科技型中小企业评价服务工作指引》"],
        "企业提供的产品和服务不属于国家规定的禁止、限制和淘汰类；近三年无重大安全、质量事故和严重环境违法、科研严重失信行为；综合评价得分不低于60分。",
        ["企业在科技型中小企业服务平台在线填报", "省级科技部门组织评价", "公示10个工作日", "入库并赋予登记编号"],
        None,
        20,
        VisitLevel.ZERO,
        "https://www.innofund.gov.cn/",
        [("科技型中小企业信息表", "electronic", 1, True, "在线填报", False)],
    ),
    (
        "QR-004",
        "省级重点实验室认定",
        PowerClass.CONFIRMATION,
        "basic",
        "本省高校、科研院所、企业等依托单位",
        [PROGRESS_LAW + "第四十八条", "《浙江省重点实验室建设与运行管理办法》"],
        "研究方向符合本省重点发展领域；有稳定的研究队伍和学术带头人；科研用房不少于1500平方米，仪器设备原值不少于2000万元。",
        ["依托单位申报", "主管部门推荐", "形式审查", "专家评审（含现场考察）", "厅长办公会审定", "公示并发文认定"],
        None,
        90,
        VisitLevel.MORE,
        "/portal/",
        [
            ("省级重点实验室建设申请书", "original", 2, True, "", True),
            ("依托单位承诺书", "original", 1, True, "", False),
            ("近五年代表性成果清单及证明", "copy", 1, True, "", False),
        ],
    ),
    (
        "QR-005",
        "技术先进型服务企业认定",
        PowerClass.CONFIRMATION,
        "hightech",
        "从事技术外包服务、技术性业务流程外包服务等的企业",
        [
            "《财政部 税务总局 商务部 科技部 国家发展改革委关于将技术先进型服务企业所得税政策推广至全国实施的通知》（财税〔2017〕79号）"
        ],
        "具有大专以上学历的员工占企业职工总数的50%以上；技术先进型服务业务收入占企业当年总收入的50%以上。",
        ["企业网上申请", "市级科技、商务部门初审", "省级联合审核", "公示并发文认定"],
        None,
        30,
        VisitLevel.ZERO,
        "/portal/",
        [
            ("技术先进型服务企业认定申请书", "electronic", 1, True, "", True),
            ("上年度财务审计报告", "electronic", 1, True, "", False),
            ("职工学历情况证明", "electronic", 1, True, "", False),
        ],
    ),
    (
        "QR-006",
        "省级科技企业孵化器认定",
        PowerClass.CONFIRMATION,
        "transfer",
        "以促进科技成果转化、培育科技企业为宗旨的孵化机构",
        [TRANSFER_LAW, "《科技企业孵化器管理办法》（国科发区〔2018〕300号）", "《浙江省科技企业孵化器认定和管理办法》"],
        "孵化场地面积不少于5000平方米；在孵企业不少于30家；运营满一年。",
        ["网上申报", "市级科技部门推荐", "专家评审和实地核查", "公示并发文认定"],
        None,
        60,
        VisitLevel.ONCE,
        "/portal/",
        [
            ("省级科技企业孵化器认定申请表", "original", 1, True, "", True),
            ("在孵企业名单及入驻协议", "copy", 1, True, "", False),
            ("孵化场地产权证明或租赁合同", "copy", 1, True, "", False),
        ],
    ),
    (
        "QR-007",
        "省级新型研发机构认定",
        PowerClass.CONFIRMATION,
        "transfer",
        "在本省注册、具有独立法人资格的研发机构",
        [PROGRESS_LAW + "第四十九条", "《关于促进新型研发机构发展的指导意见》（国科发政〔2019〕313号）"],
        "以科技研发为主要业务，年研发经费支出不低于年收入的30%；研发人员占比不低于30%。",
        ["网上申报", "市级科技部门推荐", "专家评审", "公示并发文认定"],
        None,
        60,
        VisitLevel.ZERO,
        "/portal/",
        [
            ("省级新型研发机构认定申请书", "electronic", 1, True, "", False),
            ("法人登记证书", "electronic", 1, True, "", False),
            ("上年度研发经费专项审计报告", "electronic", 1, True, "", False),
        ],
    ),
    (
        "QR-008",
        "省级科普基地认定",
        PowerClass.CONFIRMATION,
        "talent",
        "面向公众开放、具有科普功能的场馆、园区和机构",
        ["《中华人民共和国科学技术普及法》第二十四条", "《浙江省科学技术普及条例》"],
        "常年向公众开放，年开放天数不少于200天；有专职科普人员和固定科普展教场所。",
        ["网上申报", "市级科技部门推荐", "专家评审", "公示并发文命名"],
        None,
        45,
        VisitLevel.ZERO,
        "/portal/",
        [
            ("省级科普基地申报书", "electronic", 1, True, "", True),
            ("年度科普活动开展情况", "electronic", 1, True, "", False),
        ],
    ),
    (
        "JL-001",
        "省科学技术奖评审授奖",
        PowerClass.REWARD,
        "talent",
        "在本省科学技术进步活动中作出突出贡献的个人和组织（经提名）",
        [PROGRESS_LAW + "第十五条", AWARD_RULES, PROVINCE_AWARD],
        "提名项目（人选）须经提名者提名；成果已实际应用两年以上（基础研究类除外）；知识产权无争议。",
        ["提名者在线提名", "形式审查", "网络公示", "专业评审组初评", "奖励委员会审定", "省政府批准并授奖"],
        None,
        180,
        VisitLevel.ZERO,
        "/portal/",
        [
            ("省科学技术奖提名书", "electronic", 1, True, "在线填写", False),
            ("主要知识产权和标准规范证明", "electronic", 1, True, "", False),
            ("应用证明及经济社会效益证明", "electronic", 1, True, "", False),
        ],
    ),
    (
        "JL-002",
        "省国际科学技术合作奖授予",
        PowerClass.REWARD,
        "cooperation",
        "对本省科学技术事业作出重要贡献的外国人或外国组织",
        [AWARD_RULES, PROVINCE_AWARD],
        "在与本省合作研究、技术开发、人才培养等方面作出重要贡献。",
        ["提名者提名", "形式审查", "专家评审", "奖励委员会审定", "省政府批准并授奖"],
        None,
        180,
        VisitLevel.ZERO,
        "/portal/",
        [("省国际科学技术合作奖提名书", "electronic", 1, True, "", False)],
    ),
    (
        "JC-001",
        "省级科技计划项目及资金监督检查",
        PowerClass.INSPECTION,
        "integrity",
        "承担省级科技计划项目的单位和个人",
        [
            PROGRESS_LAW + "第六十七条",
            "《浙江省省级科技计划项目管理办法》",
            "《科学技术活动违规行为处理规定》（科技部令第19号）",
        ],
        "按年度检查计划“双随机、一公开”抽查，或根据举报线索专项检查。",
        ["制定检查计划", "随机抽取检查对象和检查人员", "实施检查", "反馈检查意见", "督促整改", "公开检查结果"],
        None,
        30,
        VisitLevel.ZERO,
        "",
        [("项目任务书及预算执行情况", "copy", 1, True, "检查时提供", False)],
    ),
    (
        "JC-002",
        "实验动物生产和使用单位监督检查",
        PowerClass.INSPECTION,
        "social",
        "取得实验动物生产、使用许可证的单位",
        [ANIMAL_RULES + "第二十八条", ANIMAL_LICENCE],
        "按“双随机、一公开”要求年度抽查。",
        ["随机抽取检查对象", "现场检查", "出具检查意见", "限期整改与复查", "公开检查结果"],
        None,
        30,
        VisitLevel.ZERO,
        "",
        [("许可证及年度自查报告", "copy", 1, True, "", False)],
    ),
    (
        "JC-003",
        "科研诚信与科技伦理监督检查",
        PowerClass.INSPECTION,
        "integrity",
        "本省科研机构、高等学校、企业等科研活动主体",
        [
            PROGRESS_LAW + "第一百零三条",
            "《关于进一步加强科研诚信建设的若干意见》",
            "《科技伦理审查办法（试行）》（国科发监〔2023〕167号）",
        ],
        "结合项目管理和举报线索开展检查。",
        ["制定检查方案", "实施检查", "反馈意见", "督促整改"],
        None,
        30,
        VisitLevel.ZERO,
        "",
        [("科研诚信和科技伦理管理制度", "copy", 1, True, "", False)],
    ),
    (
        "QT-001",
        "科研失信行为调查处理",
        PowerClass.OTHER,
        "integrity",
        "涉嫌科研失信行为的单位和个人",
        [INTEGRITY_RULES, PROGRESS_LAW + "第一百一十二条"],
        "收到实名举报或在项目管理中发现失信线索。",
        ["线索受理", "初核", "立案调查", "作出处理决定", "送达并告知申诉权利", "纳入科研诚信记录"],
        None,
        120,
        VisitLevel.ONCE,
        "/portal/",
        [
            ("举报材料（实名）", "original", 1, True, "写明被举报人、具体失信行为并附证据", True),
            ("举报人身份证明", "copy", 1, True, "", False),
        ],
    ),
    (
        "QT-002",
        "省级科技计划项目验收",
        PowerClass.OTHER,
        "finance",
        "承担省级科技计划项目并已到执行期的单位",
        ["《浙江省省级科技计划项目管理办法》", "《浙江省省级科技计划专项资金管理办法》"],
        "项目执行期满或提前完成任务目标，完成经费决算。",
        ["承担单位提交验收申请", "专业机构形式审查", "组织专家验收", "出具验收结论"],
        None,
        60,
        VisitLevel.ZERO,
        "/portal/",
        [
            ("项目验收申请表", "electronic", 1, True, "", True),
            ("项目总结报告", "electronic", 1, True, "", False),
            ("经费决算表及审计报告", "electronic", 1, True, "", False),
        ],
    ),
]

PUBLIC_SERVICES = [
    (
        "GG-001",
        "科技成果登记",
        "transfer",
        "完成科技成果的单位和个人",
        [TRANSFER_LAW, "《科技成果登记办法》（国科发计字〔2000〕542号）"],
        10,
        VisitLevel.ZERO,
        "/portal/",
    ),
    (
        "GG-002",
        "省级科技计划项目申报",
        "finance",
        "符合申报指南要求的单位",
        ["《浙江省省级科技计划项目管理办法》"],
        0,
        VisitLevel.ZERO,
        "/portal/",
    ),
    (
        "GG-003",
        "科技计划项目立项公示查询",
        "finance",
        "社会公众",
        ["《浙江省省级科技计划项目管理办法》"],
        0,
        VisitLevel.ZERO,
        "/portal/publicity/",
    ),
    (
        "GG-004",
        "国家科学技术奖提名服务",
        "talent",
        "拟提名国家科学技术奖的单位和专家",
        [AWARD_RULES, "《国家科学技术奖励条例实施细则》"],
        15,
        VisitLevel.ZERO,
        "/portal/",
    ),
    (
        "GG-005",
        "外国高端人才确认函出具",
        "cooperation",
        "拟聘用外国高端人才的用人单位",
        ["《外国人来华工作许可服务指南（暂行）》"],
        5,
        VisitLevel.ZERO,
        "https://fuwu.most.gov.cn/",
    ),
    (
        "GG-006",
        "大型科研仪器开放共享查询与预约",
        "basic",
        "有测试需求的单位和个人",
        ["《国务院关于国家重大科研基础设施和大型科研仪器向社会开放的意见》（国发〔2014〕70号）"],
        0,
        VisitLevel.ZERO,
        "https://www.zjkjpt.example.cn/",
    ),
    (
        "GG-007",
        "科技特派员服务对接",
        "rural",
        "需要技术服务的农业经营主体和乡村",
        ["《关于深入推行科技特派员制度的若干意见》（国办发〔2016〕32号）"],
        10,
        VisitLevel.ZERO,
        "/portal/",
    ),
    (
        "GG-008",
        "科研诚信信息查询",
        "integrity",
        "项目承担单位和社会公众",
        ["《科研诚信案件调查处理规则（试行）》"],
        3,
        VisitLevel.ONCE,
        "/portal/",
    ),
    (
        "GG-009",
        "行风热线诉求受理（我为群众办实事）",
        "general",
        "企业和群众",
        ["《信访工作条例》"],
        5,
        VisitLevel.ZERO,
        "/portal/hotline/",
    ),
]
# Items that still need more than one visit, and why (published with the reason, as the rules ask).
MORE_VISITS = {"QR-004": "专家现场考察时须依托单位负责人和实验室主任到场汇报答辩，认定后领取牌匾。"}
DRAFT_SERVICE = (
    "GG-010",
    "科技型企业研发费用加计扣除政策咨询",
    "policy",
    "企业",
    ["《中华人民共和国企业所得税法》第三十条"],
    3,
    VisitLevel.ZERO,
    "/portal/",
)


def _office_user(code: str) -> User | None:
    return User.objects.filter(username=f"off_{code}1").first()


def _blank_form(name: str) -> ContentFile:
    rows = [["单位名称", ""], ["统一社会信用代码", ""], ["联系人", ""], ["联系电话", ""], ["申请事项说明", ""]]
    return ContentFile(workbook_bytes(["项目", "填写内容"], rows, "申请表"), name=f"{name}.xlsx")


def _power_item(offices, number: int, spec) -> ServiceItem | None:
    code, name, power_class, office, audience, bases, conditions, steps, legal, promised, level, url, materials = spec
    actor = _office_user(office)
    if actor is None:
        return None
    item = service_item_create(
        actor=actor,
        code=f"{PREFIX}-{code}",
        name=name,
        kind=ItemKind.POWER,
        power_class=power_class,
        office=offices[office],
        audience=audience,
        legal_basis="\n".join(bases),
        conditions=conditions,
        procedure="\n".join(steps),
        legal_limit_days=legal if legal is not None else (20 if power_class == PowerClass.LICENSING else None),
        promised_limit_days=promised,
        is_free=True,
        fee_amount=None,
        fee_basis="",
        online_url=url,
        onsite_address=CENTRE if level != VisitLevel.ZERO else "",
        onsite_hours=HOURS if level != VisitLevel.ZERO else "",
        phone=f"{PHONE}{4000 + number:04d}",
        visit_level=level,
        visit_reason=MORE_VISITS.get(code, ""),
    )
    for m_name, form, copies, required, notes, blank in materials:
        material = material_add(
            actor=actor, item=item, name=m_name, form=form, copies=copies, required=required, notes=notes
        )
        if blank:
            material_form_attach(actor=actor, material=material, upload=_blank_form(m_name))
    return item


def _service_item(offices, number: int, spec) -> ServiceItem | None:
    code, name, office, audience, bases, promised, level, url = spec
    actor = _office_user(office)
    if actor is None:
        return None
    item = service_item_create(
        actor=actor,
        code=f"{PREFIX}-{code}",
        name=name,
        kind=ItemKind.PUBLIC_SERVICE,
        power_class="",
        office=offices[office],
        audience=audience,
        legal_basis="\n".join(bases),
        conditions="",
        procedure="\n".join(["在线提交", "审核办理", "反馈结果"]),
        legal_limit_days=None,
        promised_limit_days=promised,
        is_free=True,
        fee_amount=None,
        fee_basis="",
        online_url=url,
        onsite_address=CENTRE if level != VisitLevel.ZERO else "",
        onsite_hours=HOURS if level != VisitLevel.ZERO else "",
        phone=f"{PHONE}{4100 + number:04d}",
        visit_level=level,
        visit_reason="",
    )
    material_add(actor=actor, item=item, name=APPLY_FORM, form="electronic", copies=1, required=True, notes="")
    return item


def _backdate(items: list[ServiceItem], rng: random.Random) -> None:
    """Spread creation and publication over the past year (the services stamp the current time)."""
    now = timezone.now()
    for item in items:
        published = now - timedelta(days=rng.randint(20, 360), hours=rng.randint(0, 8))
        ServiceItem.objects.filter(pk=item.pk).update(
            created_at=published - timedelta(days=rng.randint(3, 20)),
            published_at=published if item.published_at else None,
            updated_at=published + timedelta(days=rng.randint(0, 15)),
        )
        ServiceItemRevision.objects.filter(item=item, number=1).update(created_at=published)


def seed_catalogue() -> dict[str, int]:
    if ServiceItem.objects.exists():
        return {}
    manager = _office_user("policy")
    offices = {office.code: office for office in Office.objects.all()}
    if manager is None or not {"hightech", "social", "transfer", "integrity"} <= set(offices):
        return {}
    rng = random.Random(2026)
    items = [_power_item(offices, n, spec) for n, spec in enumerate(POWER_ITEMS, start=1)]
    items += [_service_item(offices, n, spec) for n, spec in enumerate(PUBLIC_SERVICES, start=1)]
    items = [item for item in items if item is not None]
    published = [service_item_publish(actor=manager, item=item) for item in items]
    _backdate(published, rng)
    # "压缩办理时限": the promised limit of the laboratory-animal licences was cut after publication.
    for item in ServiceItem.objects.filter(code__in=[f"{PREFIX}-XK-002", f"{PREFIX}-XK-003"]).select_related("office"):
        values = item_fields(item) | {"promised_limit_days": 10}
        service_item_update(actor=manager, item=item, version=item.version, **values)
    draft = _service_item(offices, 10, DRAFT_SERVICE)
    abolished = _power_item(
        offices,
        19,
        (
            "QR-099",
            "科技中介服务机构资格认定",
            PowerClass.CONFIRMATION,
            "transfer",
            "科技中介服务机构",
            ["《国务院关于取消和调整一批行政审批项目等事项的决定》"],
            "",
            ["网上申请", "审查", "认定"],
            None,
            20,
            VisitLevel.ZERO,
            "/portal/",
            [(APPLY_FORM, "electronic", 1, True, "", False)],
        ),
    )
    if abolished is not None:
        abolished = service_item_publish(actor=manager, item=abolished)
        service_item_withdraw(actor=manager, item=abolished, reason="该事项已由国务院决定取消，停止办理。")
    return {
        "service items": ServiceItem.objects.count(),
        "published service items": ServiceItem.objects.filter(status=ItemStatus.PUBLISHED).count(),
        "power items published": ServiceItem.objects.filter(status=ItemStatus.PUBLISHED, kind=ItemKind.POWER).count(),
        "service item drafts": int(draft is not None),
        "service materials": sum(item.materials.count() for item in ServiceItem.objects.all()),
    }
