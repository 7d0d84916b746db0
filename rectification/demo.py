"""Demo data for the rectification ledger (see core/demo/seed.py): thirty items over the past year
from several sources, with milestones, progress, weekly checks, evidence, closures, one reopened
item and some overdue ones, so the ledger and the roadmap look like a department's real work.

Written through the services (audited); only the dates are moved back afterwards, since the
services stamp "today".
"""

import contextlib
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from orgs.models import Office
from rectification import services
from rectification.models import (
    RectificationEvent,
    RectificationItem,
    RectificationMilestone,
    RectificationSource,
)
from rectification.selectors import overdue_q

S = RectificationSource
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (source, source details, office, problem, goal, measures (steps separated by ；), commitment,
#  entered days ago, days to the deadline from entry, fate)
ITEMS = [
    (
        S.INSPECTION,
        "2026年省委巡视反馈意见",
        "basic",
        "项目评审专家库更新不及时，部分新兴领域入库专家不足",
        "专家库每季度动态更新，人工智能、生物医药等领域入库专家均不少于50人",
        "梳理专家信息并清理失效专家；面向高校院所定向征集新兴领域专家；建立季度更新和退出机制",
        "基础研究处承诺按期完成专家库更新，结果在门户网站公开",
        330,
        120,
        "closed",
    ),
    (
        S.INSPECTION,
        "2026年省委巡视反馈意见",
        "finance",
        "科技项目经费拨付周期长，部分项目立项后两个月才到账",
        "立项后经费拨付周期压缩至15个工作日以内",
        "梳理拨付环节并精简审批节点；上线经费拨付网上审批；建立超期拨付通报制度",
        "计划财务处承诺经费拨付不超过15个工作日，接受项目单位监督",
        320,
        150,
        "reopened",
    ),
    (
        S.SURVEY,
        "2026年度征求意见函汇总问题",
        "policy",
        "政策宣传不到位，中小企业对研发费用加计扣除政策知晓率低",
        "重点园区企业政策知晓率达到90%以上",
        "编印政策明白纸；开展政策宣讲进园区活动；在门户网站开设政策解读专栏",
        "政策法规处承诺年内完成全省11个设区市政策宣讲",
        300,
        180,
        "closed",
    ),
    (
        S.SERVICE_REQUEST,
        "行风热线来电汇总",
        "hightech",
        "高新技术企业认定咨询电话长时间无人接听",
        "工作时间咨询电话接通率达到95%以上",
        "设置专人值守咨询电话；公布备用咨询渠道；每月通报接听情况",
        "高新技术处承诺工作日咨询电话有人接、有回音",
        290,
        60,
        "closed",
    ),
    (
        S.ORGANIZATION_LIFE,
        "机关党委2026年度组织生活会",
        "general",
        "调查研究不够深入，到基层单位调研次数偏少",
        "处级以上干部每季度到基层调研不少于1次",
        "制定年度调研计划；建立调研成果转化台账；年底开展调研报告评比",
        "办公室承诺调研计划按季度落实并通报",
        280,
        200,
        "submitted",
    ),
    (
        S.INSPECTION,
        "科技监督专项检查",
        "integrity",
        "部分项目验收材料把关不严，存在佐证材料缺失",
        "验收材料完整率达到100%",
        "修订验收材料清单；开展验收专家培训；对近三年验收项目开展抽查",
        "监督评估与科研诚信处承诺抽查结果向社会公开",
        270,
        150,
        "closed",
    ),
    (
        S.SURVEY,
        "2026年度征求意见函汇总问题",
        "transfer",
        "科技成果转化服务平台信息更新慢，成果供需对接效果不明显",
        "平台成果信息每月更新，全年促成对接项目100项以上",
        "完善成果信息采集机制；举办成果对接专场活动；建立对接成效跟踪台账",
        "成果转化与区域创新处承诺每月更新平台信息",
        260,
        210,
        "progress",
    ),
    (
        S.SERVICE_REQUEST,
        "行风热线来电汇总",
        "talent",
        "科技特派员补助发放不及时",
        "科技特派员补助按季度及时足额发放",
        "核对特派员在岗考核结果；优化补助发放流程；建立发放进度公示制度",
        "科技人才与科普处承诺补助每季度结束后20个工作日内发放",
        250,
        90,
        "closed",
    ),
    (
        S.SUPERVISION,
        "厅长办公会督办事项",
        "rural",
        "农业科技园区考核评价指标不够科学，重数量轻质量",
        "形成突出质量效益的园区评价指标体系",
        "开展园区考核指标调研；修订园区评价办法；组织试评价并完善指标",
        "农村科技处承诺新评价办法年内印发实施",
        240,
        240,
        "progress",
    ),
    (
        S.INSPECTION,
        "科技监督专项检查",
        "social",
        "社会发展科技项目中期检查流于形式",
        "中期检查覆盖率100%，问题整改闭环率100%",
        "制定中期检查工作规范；实行现场检查与线上抽查结合；建立问题整改清单",
        "社会发展科技处承诺中期检查结果全部纳入项目管理台账",
        230,
        120,
        "late",
    ),
    (
        S.ORGANIZATION_LIFE,
        "机关党委2026年度组织生活会",
        "party",
        "党建与业务融合不够紧密，党建活动与科研任务结合不足",
        "每个支部年内开展1项党建与业务融合品牌活动",
        "开展支部结对共建；组织党员科技服务队下基层；总结推广融合典型案例",
        "机关党委承诺融合活动成效在年终考核中体现",
        220,
        230,
        "progress",
    ),
    (
        S.SURVEY,
        "服务对象满意度评议意见",
        "cooperation",
        "国际科技合作项目申报指南发布晚，申报准备时间不足",
        "申报指南提前不少于45天发布",
        "调整年度工作计划；提前开展合作需求征集；指南发布后组织线上解读",
        "对外科技合作处承诺指南发布时间提前并保持稳定",
        210,
        100,
        "late",
    ),
    (
        S.SERVICE_REQUEST,
        "我为群众办实事问题清单",
        "hightech",
        "科技型中小企业评价系统操作复杂，企业填报反复退回",
        "企业一次填报通过率提高到80%以上",
        "优化评价系统填报界面；编制填报操作指南；设立线上答疑专席",
        "高新技术处承诺系统优化后企业平均填报时间减半",
        200,
        150,
        "submitted",
    ),
    (
        S.INSPECTION,
        "2026年省委巡视反馈意见",
        "finance",
        "科研经费报销手续繁琐，“报销难”问题仍然存在",
        "简化科研经费报销流程，推行“一表通”报销",
        "清理报销环节和材料；推行科研财务助理制度；开展报销满意度回访",
        "计划财务处承诺报销材料精简三分之一以上",
        190,
        180,
        "progress",
    ),
    (
        S.SUPERVISION,
        "厅长办公会督办事项",
        "basic",
        "自然科学基金项目结题审查标准不统一",
        "形成统一的结题审查标准并全面执行",
        "梳理各学科结题审查要求；制定统一审查规范；开展审查人员培训",
        "基础研究处承诺新规范发布后一律按标准审查",
        180,
        130,
        "closed",
    ),
    (
        S.SURVEY,
        "2026年度征求意见函汇总问题",
        "transfer",
        "县域科技创新服务能力不足，基层科技管理力量薄弱",
        "每个县（市、区）至少配备2名专职科技管理人员",
        "摸排县域科技管理队伍现状；开展基层科技管理干部培训；推动县域科技服务站建设",
        "成果转化与区域创新处承诺年内完成全部县域培训",
        170,
        240,
        "progress",
    ),
    (
        S.SERVICE_REQUEST,
        "行风热线来电汇总",
        "general",
        "门户网站部分办事指南内容过时，链接失效",
        "办事指南内容准确率和链接有效率达到100%",
        "全面核查门户网站办事指南；建立信息更新责任清单；每月开展链接巡检",
        "办公室承诺发现问题2个工作日内更正",
        160,
        45,
        "late",
    ),
    (
        S.ORGANIZATION_LIFE,
        "机关党委2026年度组织生活会",
        "integrity",
        "科研诚信宣传教育覆盖面不广，部分青年科研人员意识淡薄",
        "青年科研人员科研诚信教育覆盖率100%",
        "编写科研诚信案例读本；在高校院所开展巡回宣讲；将诚信教育纳入项目负责人培训",
        "监督评估与科研诚信处承诺教育覆盖全部承担单位",
        150,
        200,
        "progress",
    ),
    (
        S.INSPECTION,
        "科技监督专项检查",
        "rural",
        "部分农业科技项目实施进度滞后，未按合同节点推进",
        "滞后项目全部按调整后的节点完成",
        "逐项排查滞后原因；实行一项目一方案；每月调度实施进度",
        "农村科技处承诺对滞后项目实行挂图作战、按月销号",
        140,
        90,
        "late",
    ),
    (
        S.SURVEY,
        "服务对象满意度评议意见",
        "talent",
        "科普基地认定标准宣传不足，申报单位对条件理解不一",
        "申报材料一次合格率达到85%以上",
        "发布认定标准解读；组织申报培训会；开通线上预审服务",
        "科技人才与科普处承诺预审意见3个工作日内反馈",
        130,
        120,
        "submitted",
    ),
    (
        S.SUPERVISION,
        "领导批示督办事项",
        "social",
        "公共卫生领域科技攻关项目组织协调不够顺畅",
        "建立跨部门协调机制，项目按期完成年度目标",
        "成立项目协调专班；建立月度会商制度；形成问题快速响应清单",
        "社会发展科技处承诺重大问题5个工作日内协调解决",
        120,
        180,
        "progress",
    ),
    (
        S.SERVICE_REQUEST,
        "我为群众办实事问题清单",
        "policy",
        "科技政策“找不到、看不懂”，政策查询不便",
        "建成科技政策一站式查询服务",
        "梳理现行有效科技政策；建设政策查询专栏；推出政策图解和短视频",
        "政策法规处承诺现行有效政策全部上网可查",
        110,
        150,
        "progress",
    ),
    (
        S.INSPECTION,
        "2026年省委巡视反馈意见",
        "cooperation",
        "外事经费使用管理不够规范",
        "外事经费使用全部纳入规范化管理",
        "修订外事经费管理办法；开展经费使用专项自查；建立事前审核制度",
        "对外科技合作处承诺自查问题全部整改到位",
        100,
        80,
        "late",
    ),
    (
        S.ORGANIZATION_LIFE,
        "机关党委2026年度组织生活会",
        "hightech",
        "服务企业主动性不够，“坐等上门”现象仍有存在",
        "处室干部每月走访服务企业不少于5家",
        "建立联系服务企业制度；开展“服务企业月”活动；建立企业诉求办理台账",
        "高新技术处承诺企业诉求5个工作日内答复",
        90,
        160,
        "progress",
    ),
    (
        S.SURVEY,
        "2026年度征求意见函汇总问题",
        "basic",
        "青年科学基金资助比例偏低，青年人才支持力度不足",
        "青年项目资助比例提高至30%以上",
        "调研青年科研人员需求；优化资助结构；设立青年人才专项",
        "基础研究处承诺新一轮指南中落实青年支持政策",
        75,
        170,
        "progress",
    ),
    (
        S.SERVICE_REQUEST,
        "行风热线来电汇总",
        "finance",
        "项目结余资金使用规定解释口径不一",
        "统一结余资金政策解释口径",
        "梳理结余资金相关规定；发布政策问答；对各处室开展统一培训",
        "计划财务处承诺答复口径全厅统一",
        60,
        90,
        "progress",
    ),
    (
        S.OTHER,
        "厅党组专题会议",
        "general",
        "会议文件多、篇幅长，基层负担较重",
        "全年会议和文件数量较上年减少15%以上",
        "建立会议文件计划管理；推行短会短文；开展基层减负监测",
        "办公室承诺减负成效每半年通报一次",
        40,
        120,
        "draft",
    ),
    (
        S.SURVEY,
        "服务对象满意度评议意见",
        "transfer",
        "技术合同登记点布局不合理，部分地区办理不便",
        "",
        "",
        "",
        30,
        0,
        "draft",
    ),
    (
        S.INSPECTION,
        "科技监督专项检查",
        "integrity",
        "科研项目信用记录与项目管理系统未完全打通",
        "",
        "",
        "",
        20,
        0,
        "draft",
    ),
    (
        S.SERVICE_REQUEST,
        "我为群众办实事问题清单",
        "talent",
        "外国高端人才工作许可办理时间长",
        "工作许可办理时限压缩至5个工作日",
        "梳理办理流程；推行容缺受理；实行全程网办",
        "科技人才与科普处承诺符合条件的申请5个工作日内办结",
        12,
        100,
        "progress",
    ),
]

CHECKS = [
    "本周调度：已对照整改方案逐项核查，阶段任务按计划推进。",
    "本周调度：抽查相关台账，发现个别佐证材料不全，已要求补充。",
    "本周调度：责任处室汇报了推进情况，下一步需加快进度。",
]


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__regex=r"^(off_[a-z]+[12]|supervisor[123])$")}


def _moment(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _steps(item, start, end, steps: list[str], actor, today, fate: str) -> None:
    span = max((end - start).days, len(steps))
    for n, title in enumerate(steps):
        first = start + timedelta(days=span * n // len(steps))
        last = start + timedelta(days=span * (n + 1) // len(steps) - 1)
        milestone = services.milestone_add(actor=actor, item=item, title=title[:120], starts_on=first, due_on=last)
        finished = fate in ("closed", "reopened", "submitted") or (last < today and fate == "progress")
        if finished and last <= today:
            services.milestone_done(actor=actor, milestone=milestone, done_on=last)


def _back_date(item: RectificationItem, entered, until) -> None:
    """Spread the item's history from its entry to ``until`` (the services stamped it all today)."""
    events = list(item.events.order_by("pk"))
    for n, event in enumerate(events):
        day = entered + timedelta(days=(until - entered).days * n // max(len(events) - 1, 1))
        RectificationEvent.objects.filter(pk=event.pk).update(at=_moment(day))
    started = entered if item.status != "draft" else None
    RectificationItem.objects.filter(pk=item.pk).update(created_at=_moment(entered), started_on=started)


def _one(n: int, spec: tuple, users: dict, today) -> str:
    source, ref, code, problem, goal, measures, commitment, ago, days, fate = spec
    office = Office.objects.get(code=code)
    clerk = users.get(f"off_{code}1")
    boss = users[f"supervisor{n % 3 + 1}"]
    entered = today - timedelta(days=ago)
    deadline = entered + timedelta(days=days) if days else None
    item, created = services.rectification_item_create(
        actor=boss,
        source=source,
        source_ref=ref,
        source_key=f"demo.rectification:{n}",
        problem=problem,
        goal=goal,
        deadline=deadline,
        measures=measures,
        office=office,
        responsible=clerk if fate != "draft" else None,
        commitment=commitment,
    )
    if not created or fate == "draft":
        _back_date(item, entered, today)
        return fate
    if entered.year != today.year:
        RectificationItem.objects.filter(pk=item.pk).update(number=services._next_number(entered.year))
    end = min(deadline, today) if fate in ("closed", "reopened", "submitted") else deadline
    _steps(item, entered, end, measures.split("；"), clerk, today, fate)
    services.progress_report(actor=clerk, item=item, text=f"已按整改方案启动，{measures.split('；')[0]}工作已部署。")
    for k, text in enumerate(CHECKS[: 1 + n % 3]):
        week = _moment(min(today, entered + timedelta(days=7 * (k + 1))))
        with contextlib.suppress(ValidationError):  # that week is already checked
            services.weekly_check_record(actor=boss, item=item, text=text, now=week)
    if fate in ("closed", "reopened", "submitted"):
        upload = SimpleUploadedFile(f"{item.number}整改佐证材料.pdf", PDF)
        services.evidence_add(actor=clerk, item=item, upload=upload)
        done_on = min(end, today)
        item = services.completion_report(
            actor=clerk, item=item, text=f"各项整改措施已落实到位：{goal}。", completed_on=done_on
        )
    until = today
    if fate in ("closed", "reopened"):
        item = services.rectification_item_close(
            actor=boss, item=item, opinion="经核查，整改措施落实到位，佐证材料齐全，同意销号。"
        )
        until = min(today, item.completed_on + timedelta(days=5))
        RectificationItem.objects.filter(pk=item.pk).update(closed_at=_moment(until))
    if fate == "reopened":
        services.rectification_item_reopen(
            actor=boss, item=item, reason="销号后行风热线仍接到多起拨付延迟投诉，问题出现反弹，重新整改。"
        )
        RectificationItem.objects.filter(pk=item.pk).update(deadline=today + timedelta(days=45))
        services.milestone_add(
            actor=clerk,
            item=item,
            title="反弹问题专项整治",
            starts_on=today - timedelta(days=5),
            due_on=today + timedelta(days=40),
        )
        until = today
    _back_date(item, entered, until)
    return fate


def _findings(supervisor: User) -> int:
    """Enter some of the annual review's findings (the rest wait on the import page)."""
    from rectification.selectors import findings_pending

    entered = 0
    for finding in list(findings_pending()[:3]):
        entered += services.finding_import(actor=supervisor, finding=finding)[1]
    return entered


def seed_rectification() -> dict[str, int]:
    if RectificationItem.objects.filter(source_key__startswith="demo.rectification:").exists():
        return {}
    users = _users()
    if "supervisor1" not in users:
        return {}
    today = timezone.localdate()
    fates: dict[str, int] = {}
    with transaction.atomic(), translation.override("zh-hans"):
        for n, spec in enumerate(ITEMS, start=1):
            fate = _one(n, spec, users, today)
            fates[fate] = fates.get(fate, 0) + 1
        findings = _findings(users["supervisor1"])
    return {
        "rectification items": len(ITEMS) + findings,
        "rectification items closed": fates.get("closed", 0),
        "rectification items overdue": RectificationItem.objects.filter(overdue_q(today)).count(),
        "rectification milestones": RectificationMilestone.objects.count(),
        "review findings entered in the ledger": findings,
    }
