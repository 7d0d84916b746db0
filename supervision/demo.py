"""Demo data for supervised tasks (see core/demo/seed.py): a year of tasks of a provincial S&T
department, from every source, with stages, progress, evidence, result feedback (some sent back),
decomposed tasks with subtasks per office, urgent ones, a few overdue, stage bulletins and the
supervisors' weekly checks. Written through the services, with a seeded random generator."""

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from orgs.models import Office
from supervision import services
from supervision.bulletins import bulletins_generate
from supervision.models import SupervisedTask, TaskStatus

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OFFICES = (
    "hightech",
    "transfer",
    "rural",
    "social",
    "basic",
    "policy",
    "finance",
    "talent",
    "cooperation",
    "integrity",
)

# (title, requirements, source, source details, urgent)
TASKS = (
    (
        "落实科技成果转化三年行动",
        "制定年度实施方案，推动高校院所成果在省内转化，年度技术合同成交额增长15%以上。",
        "meeting",
        "厅党组会议纪要〔{y}〕3号",
        False,
    ),
    (
        "重点研发计划项目验收",
        "组织到期重点研发计划项目结题验收，形成验收结论并录入系统。",
        "meeting",
        "厅长办公会议纪要〔{y}〕5号",
        False,
    ),
    (
        "高新技术企业培育",
        "建立高企培育库，完成入库企业辅导，年度新认定高企数量达到目标。",
        "instruction",
        "分管厅领导批示（第12期要情）",
        False,
    ),
    (
        "行风热线来电督办：项目经费拨付进度",
        "核实来电反映的项目经费迟迟未拨付问题，5个工作日内答复来电人。",
        "hotline",
        "行风热线工单",
        True,
    ),
    (
        "科技特派员工作年度考核",
        "完成全省科技特派员年度考核，通报考核结果。",
        "meeting",
        "全省农村科技工作会议部署",
        False,
    ),
    (
        "省实验室建设推进情况调研",
        "赴各省实验室调研建设进度，形成调研报告报厅党组。",
        "instruction",
        "厅主要领导批示",
        False,
    ),
    (
        "科研诚信案件核查",
        "对举报线索开展核查，按程序提出处理意见。",
        "inspection",
        "省纪委监委驻厅纪检监察组交办",
        True,
    ),
    (
        "惠企政策兑现情况自查",
        "梳理研发费用加计扣除、首台套等政策兑现情况，查找堵点并整改。",
        "inspection",
        "营商环境专项督查",
        False,
    ),
    ("科技创新券使用情况检查", "抽查创新券申领与兑付情况，纠正违规使用。", "inspection", "审计发现问题整改", False),
    (
        "基础研究十年行动方案起草",
        "起草基础研究十年行动方案（征求意见稿），征求有关部门意见。",
        "instruction",
        "分管厅领导批示",
        False,
    ),
    (
        "国际科技合作基地绩效评估",
        "组织开展国际科技合作基地绩效评估，提出动态调整建议。",
        "meeting",
        "厅长办公会议纪要〔{y}〕8号",
        False,
    ),
    ("科普基地认定与复核", "完成新一批省级科普基地认定和到期基地复核。", "other", "年度重点工作清单", False),
    (
        "行风热线来电督办：高企认定咨询答复",
        "对来电咨询高企认定条件作出书面答复，并在网上公开常见问题。",
        "hotline",
        "行风热线工单",
        True,
    ),
    (
        "整改落实：项目评审专家抽取不规范问题",
        "完善专家抽取规则，实行系统随机抽取与回避，完成制度修订。",
        "rectification",
        "巡察反馈问题整改",
        False,
    ),
    (
        "整改落实：科技计划项目结题积压",
        "对超期未结题项目分类处置，年底前清零。",
        "rectification",
        "年度述职评议发现问题",
        False,
    ),
    (
        "“最多跑一次”事项网上办理率提升",
        "梳理依申请事项，网上可办率达到100%，压缩办理时限。",
        "meeting",
        "数字化改革专题会议纪要",
        False,
    ),
    ("科技厅政务信息公开年报编制", "按期编制并公开政府信息公开工作年度报告。", "other", "政务公开工作要点", False),
    (
        "重大科技专项中期检查",
        "组织重大专项中期检查，对进度滞后项目提出调整意见。",
        "meeting",
        "厅党组会议纪要〔{y}〕7号",
        False,
    ),
    ("新型研发机构备案与绩效评价", "完成新型研发机构年度绩效评价和备案复核。", "instruction", "分管厅领导批示", False),
    (
        "科技金融结合试点推进",
        "推动科技信贷风险池扩面，组织银企对接会不少于3场。",
        "meeting",
        "全省科技金融工作推进会部署",
        False,
    ),
)
SPLIT = (
    (
        "落实全省科技工作会议重点任务分工",
        "按照全省科技工作会议部署，分解落实年度重点任务，各处室按分工推进并按季报送进展。",
        "meeting",
        "全省科技工作会议",
        False,
    ),
    (
        "开展“我为群众办实事”实践活动",
        "各处室围绕服务科技企业和科研人员，确定并办结一批民生实事项目。",
        "instruction",
        "厅党组部署",
        False,
    ),
    ("科技领域营商环境专项整治", "对照问题清单逐项整改，建立长效机制。", "inspection", "省委第三巡视组反馈意见", False),
)
SUBTASK_PARTS = (
    "牵头制定工作方案并组织实施",
    "梳理本领域问题清单并限期整改",
    "完成年度目标任务并报送总结",
    "配合做好政策解读和宣传",
)
STAGE_NAMES = ("方案制定", "推进实施", "总结验收")
PROGRESS_TEXTS = (
    "已召开专题会议研究部署，形成工作方案。",
    "已完成调研摸底，正在起草相关文件。",
    "已完成阶段性目标，正在推进下一步工作。",
    "已征求相关处室和单位意见，正在修改完善。",
    "主体工作已完成，正在整理总结材料。",
)
CHECK_TEXTS = (
    ("按计划推进，阶段目标基本完成。", "督促按期报送阶段成果。"),
    ("进度略有滞后，材料尚未报送。", "约谈责任人，要求本周内补报。"),
    ("现场查看台账，记录完整。", "继续跟踪，下周复查。"),
)
SEND_BACK = ("办结材料缺少佐证，请补充会议纪要和验收报告。", "整改措施未完全落实，请补充长效机制文件。")


def _users(prefix: str, count: int) -> list[User]:
    return list(User.objects.filter(username__in=[f"{prefix}{n}" for n in range(1, count + 1)]).order_by("username"))


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _stages(start: dt.date, deadline: dt.date) -> list[tuple[str, dt.date]]:
    span = (deadline - start).days
    if span < 9:
        return []
    dates = [start + dt.timedelta(days=span // 3), start + dt.timedelta(days=2 * span // 3), deadline]
    # stage dates fall on the 15th or the month end, as departments set them
    snapped = [d.replace(day=15) if d.day <= 15 else _month_end(d) for d in dates]
    snapped = [min(max(d, start), deadline) for d in snapped]
    return [(name, d) for name, d in zip(STAGE_NAMES, sorted(snapped), strict=True)]


class _Seeder:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng, self.today = rng, today
        self.offices = {o.code: o for o in Office.objects.filter(code__in=OFFICES)}
        self.leaders = _users("leader", 4)
        self.supervisors = _users("supervisor", 3)
        self.officers = {
            code: list(User.objects.filter(username__in=[f"off_{code}1", f"off_{code}2"]).order_by("username"))
            for code in OFFICES
        }
        self.counts = {"supervised tasks": 0, "task progress reports": 0, "tasks sent back": 0}

    def make(self, spec, assigned_on: dt.date, *, code: str, parent=None, deadline=None, title=None):
        text, requirements, source, details, urgent = spec
        raiser = parent.raised_by if parent else self.rng.choice(self.leaders + self.supervisors)
        owner = self.officers[code][self.rng.randrange(len(self.officers[code]))]
        deadline = deadline or services.default_deadline(assigned_on, urgent=urgent)
        if not urgent and parent is None:
            deadline = max(deadline, assigned_on + dt.timedelta(days=self.rng.choice((45, 60, 90, 120))))
        co = [self.offices[c] for c in self.rng.sample(OFFICES, 2) if c != code][: self.rng.randint(0, 2)]
        task = services.task_create(
            actor=self.rng.choice(self.supervisors),
            raised_by=raiser,
            title=title or text,
            requirements=requirements,
            source=source,
            source_details=details.format(y=assigned_on.year),
            office=self.offices[code],
            co_offices=co,
            owner=owner,
            leader=parent.leader if parent else self.rng.choice(self.leaders),
            deadline=deadline,
            is_urgent=urgent,
            stages=_stages(assigned_on, deadline),
            parent=parent,
            assigned_on=assigned_on,
        )
        self.counts["supervised tasks"] += 1
        return task

    def handle(self, task: SupervisedTask, *, finish: bool) -> None:
        """Progress through the stages; finish (report, perhaps sent back once, accepted) when asked."""
        rng, today = self.rng, self.today
        stages = list(task.stages.all())
        for n, stage in enumerate(stages):
            late = rng.random() < 0.2
            day = stage.due_on + dt.timedelta(days=rng.randint(2, 6) if late else -rng.randint(0, 3))
            if day > today or (not finish and n == len(stages) - 1):
                break
            day = max(day, task.assigned_on)
            services.progress_report(
                actor=task.owner,
                task=task,
                text=rng.choice(PROGRESS_TEXTS),
                progress=min(90, 30 * (n + 1)),
                stage=stage,
                stage_done=n < len(stages) - 1,
                today=day,
            )
            self.counts["task progress reports"] += 1
        if not finish:
            return
        task.refresh_from_db()
        reported = min(today, task.deadline + dt.timedelta(days=rng.choice((-5, -3, -1, 0, 2, 6))))
        reported = max(reported, task.assigned_on)
        upload = SimpleUploadedFile(f"{task.number}办结材料.pdf", PDF, content_type="application/pdf")
        task = services.task_report(
            actor=task.owner,
            task=task,
            summary="已按要求完成各项工作，相关材料已归档。",
            uploads=[upload],
            today=reported,
        )
        if rng.random() < 0.3 and reported + dt.timedelta(days=10) < today:
            task = services.task_send_back(
                actor=task.raised_by, task=task, reason=rng.choice(SEND_BACK), today=reported + dt.timedelta(days=2)
            )
            self.counts["tasks sent back"] += 1
            reported = reported + dt.timedelta(days=rng.randint(3, 8))
            task = services.task_report(
                actor=task.owner, task=task, summary="已按反馈意见补充完善材料。", today=reported
            )
        if reported + dt.timedelta(days=3) < today:
            services.task_accept(
                actor=task.raised_by, task=task, comment="同意办结。", today=reported + dt.timedelta(days=2)
            )

    def checks(self) -> int:
        made = 0
        active = SupervisedTask.objects.filter(status__in=(TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS))
        for weeks_ago in range(4, -1, -1):
            day = self.today - dt.timedelta(days=7 * weeks_ago)
            for task in active.filter(assigned_on__lte=day)[:12]:
                finding, next_step = self.rng.choice(CHECK_TEXTS)
                services.weekly_check_record(
                    actor=self.rng.choice(self.supervisors), task=task, finding=finding, next_step=next_step, today=day
                )
                made += 1
        return made


def seed_supervision() -> dict[str, int]:
    if SupervisedTask.objects.exists() or not Office.objects.filter(code="hightech").exists():
        return {}
    rng = random.Random(20260707)
    today = timezone.localdate()
    seeder = _Seeder(rng, today)
    if not (seeder.leaders and seeder.supervisors):
        return {}
    with transaction.atomic():
        plan = []
        for round_ in range(2):
            for spec in TASKS:
                plan.append((today - dt.timedelta(days=rng.randint(5, 360)), spec, round_))
        plan.sort(key=lambda p: p[0])
        kept_overdue = 0
        for assigned_on, spec, round_ in plan:
            title = (
                spec[0] if round_ == 0 else f"{spec[0]}（{assigned_on.year}年第{(assigned_on.month - 1) // 3 + 1}季度）"
            )
            task = seeder.make(spec, assigned_on, code=rng.choice(OFFICES), title=title)
            age = (today - task.deadline).days
            # most finished tasks are closed; a few recent ones stay overdue, some finish early
            finish = age > 90 or (age > 0 and rng.random() < 0.5) or (age > -20 and rng.random() < 0.3)
            if 0 < age <= 60 and kept_overdue < 3:  # a few stay overdue, for the warnings and bulletins
                finish, kept_overdue = False, kept_overdue + 1
            seeder.handle(task, finish=finish)
        for n, spec in enumerate(SPLIT):
            assigned_on = today - dt.timedelta(days=(300, 150, 40)[n])
            parent = seeder.make(spec, assigned_on, code="policy")
            for k, code in enumerate(rng.sample(OFFICES, 4)):
                sub = seeder.make(
                    spec,
                    assigned_on,
                    code=code,
                    parent=parent,
                    deadline=parent.deadline - dt.timedelta(days=rng.randint(0, 10)),
                    title=f"{seeder.offices[code].name}：{SUBTASK_PARTS[k]}",
                )
                late_by = (today - sub.deadline).days
                seeder.handle(sub, finish=late_by > 90 or (late_by > 0 and k > 0))
            parent.refresh_from_db()
            open_subtasks = parent.subtasks.exclude(status__in=(TaskStatus.CLOSED, TaskStatus.CANCELLED)).exists()
            seeder.handle(parent, finish=not open_subtasks)
        bulletins = 0
        day = today - dt.timedelta(days=364)
        while day <= today:
            bulletins += bulletins_generate(today=day, lookback=7)
            day += dt.timedelta(days=7)
        bulletins += bulletins_generate(today=today, lookback=7)
        checks = seeder.checks()
        officer = seeder.supervisors[0]
        if SupervisedTask.objects.filter(status__in=(TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)).exists():
            from supervision.bulletins import bulletin_issue

            bulletin_issue(
                actor=officer,
                title=f"关于{today.year}年督办事项推进情况的通报",
                remarks="请各处室对照通报，对滞后事项制定赶进度措施，逾期事项限期办结。",
                today=today,
            )
            bulletins += 1
    return seeder.counts | {"stage bulletins": bulletins, "weekly checks": checks}
