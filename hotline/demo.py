"""Demo data for service requests (see core/demo/seed.py): a year of the 行风热线, written through
the services on the clock of each step.

About 230 requests across channels, categories and offices; almost all replied on time and rated
满意, a few 基本满意, two 不满意 reopened and then resolved; some open now. The last complete
quarter holds exactly 40 requests, all resolved on time and rated 满意 or 基本满意 (seed 000:
"40 requests handled, resolution and satisfaction rates of 100%").
"""

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from accounts.models import User
from core.workdays import deadline_after, is_working_day
from hotline.defaults import categories_ensure
from hotline.models import Channel, Rating, RatingLink, RequestCategory, ServiceRequest
from hotline.services import (
    service_request_assign,
    service_request_close_unrated,
    service_request_enter,
    service_request_file,
    service_request_invalidate,
    service_request_rate,
    service_request_reply,
)
from orgs.models import Office

SEED_QUARTER_REQUESTS = 40
OTHER_REQUESTS = 190

# office code, category code, subject, content, reply
TOPICS = (
    (
        "hightech",
        "consult",
        "高企认定政策咨询",
        "我公司成立两年，拥有3项发明专利，研发人员占比12%，请问是否符合高新技术企业认定条件？今年何时开始申报？",
        "您好！高新技术企业认定须同时满足注册成立一年以上、拥有核心自主知识产权、科技人员占比不低于10%、"
        "近三年研发费用占比达标等条件。今年第一批申报已于6月启动，具体以认定机构通知为准，材料清单见办事指南。",
    ),
    (
        "hightech",
        "help",
        "高企认定系统填报问题",
        "在高新技术企业认定管理工作网填报时，知识产权页面无法上传附件，多次尝试均失败，申报截止临近，请帮助解决。",
        "您好！经与系统运维单位核实，附件上传故障系浏览器兼容问题，已于当日修复。请使用新版浏览器重新上传，"
        "如仍有问题可拨打办事指南中公布的技术支持电话。",
    ),
    (
        "policy",
        "consult",
        "研发费用加计扣除政策咨询",
        "企业委托外部单位开展研发活动，相关费用能否享受研发费用加计扣除？需要在科技部门备案吗？",
        "您好！委托境内外部机构研发发生的费用，按实际发生额的80%计入委托方研发费用并享受加计扣除，"
        "委托方需与受托方签订技术开发合同并到技术合同登记机构登记。具体口径以税务部门规定为准。",
    ),
    (
        "finance",
        "help",
        "项目经费拨付进度查询",
        "我单位承担的省重点研发计划项目任务书已签订三个月，第一期经费至今未到账，请问拨付进度如何？",
        "您好！经查，该项目第一期经费已于本月初由财政部门直接支付至项目承担单位账户，请与单位财务部门核对到账情况。",
    ),
    (
        "finance",
        "consult",
        "经费报销口径咨询",
        "项目组成员参加国内学术会议的差旅费能否在项目经费中列支？劳务费发放对象有什么限制？",
        "您好！与项目研究相关的国内学术会议差旅费可在业务费中列支；劳务费可支付给参与项目研究的研究生、"
        "博士后、访问学者及聘用的研究人员、科研辅助人员等，具体按单位内部管理办法执行。",
    ),
    (
        "rural",
        "consult",
        "科技特派员选派咨询",
        "我是农业科学院的研究人员，想报名参加今年的省级科技特派员选派，请问报名条件和流程是什么？",
        "您好！省级科技特派员从高校、科研院所等单位的专业技术人员中选派，由派出单位推荐、县（市、区）科技部门对接需求，"
        "我厅统一发文。今年选派通知将于近期在门户网站发布，请关注。",
    ),
    (
        "rural",
        "help",
        "科技特派员工作补助发放",
        "去年下派的科技特派员工作补助至今尚未收到，请问什么时候发放？",
        "您好！去年度科技特派员工作经费已下达至各派驻县科技部门，由其按考核结果拨付。我处已督促相关县尽快发放，"
        "预计本月底前到位。",
    ),
    (
        "talent",
        "consult",
        "专家库入库申请",
        "我是高校副教授，想申请加入省科技专家库，请问需要什么条件、在哪里申请？",
        "您好！具有副高级以上职称、从事相关专业工作的人员可在科技网“专家库”栏目在线申请，填写学科代码和研究方向，"
        "经所在单位审核、我厅复核后入库。",
    ),
    (
        "talent",
        "suggestion",
        "建议增加科普活动场次",
        "建议在周末和寒暑假增加科技馆、科普基地的青少年科普活动场次，方便家长带孩子参加。",
        "您好！感谢您的建议。我们已将其转交各科普基地，今年暑期起将新增周末青少年科普专场，活动安排将在门户网站公布。",
    ),
    (
        "basic",
        "consult",
        "自然科学基金申报咨询",
        "今年省自然科学基金青年项目对申请人年龄有何要求？在站博士后能否申请？",
        "您好！青年项目申请人年龄男性不超过35周岁、女性不超过38周岁；在站博士后可通过依托单位申请，"
        "详见今年的申报指南。",
    ),
    (
        "transfer",
        "consult",
        "技术合同登记咨询",
        "技术服务合同登记需要提交哪些材料？登记后可以享受哪些优惠政策？",
        "您好！技术合同登记需提交合同文本、认定登记表等材料，可在科技网在线办理。经认定登记的技术开发、"
        "技术转让合同可按规定享受增值税免征等优惠。",
    ),
    (
        "transfer",
        "help",
        "科技成果转化对接需求",
        "我们是一家中小企业，需要新型环保涂料方面的技术，能否帮助对接相关高校或科研院所？",
        "您好！已将您的需求发布在技术市场平台，并推荐两家相关研究团队，联系方式已通过电话告知，请及时对接。",
    ),
    (
        "cooperation",
        "consult",
        "国际科技合作项目申报",
        "请问今年是否有对外科技合作专项？外方合作单位需要提供哪些证明材料？",
        "您好！今年对外科技合作专项指南已发布，外方合作单位需提供合作意向书或协议，详见申报指南附件。",
    ),
    (
        "integrity",
        "complaint",
        "投诉某单位项目验收材料造假",
        "反映某科技公司在省级科技项目验收中提供虚假的用户使用证明，请有关部门核查。",
        "您好！收到您的反映后，我处已会同项目主管处室调阅验收材料并开展核查，将依据科研诚信管理办法依规处理，"
        "处理结果将按规定公开。感谢您的监督。",
    ),
    (
        "integrity",
        "report",
        "举报项目负责人重复申报",
        "举报某项目负责人以相同研究内容在多个计划中重复申报，请核实。",
        "您好！经查重比对，该负责人两项申报内容存在较高相似度，形式审查阶段已不予受理其中一项，并记录在案。",
    ),
    (
        "general",
        "complaint",
        "投诉办事窗口答复不清",
        "前往政务服务窗口咨询项目验收事宜，工作人员答复含糊，让我多跑了一次。",
        "您好！我们已约谈相关窗口人员并开展业务培训，同时在办事指南中补充了验收材料清单和一次性告知单，"
        "力争让群众“最多跑一次”。对给您带来的不便深表歉意。",
    ),
    (
        "general",
        "suggestion",
        "建议网站增加办事进度查询",
        "建议科技网增加办件进度查询功能，让申报单位随时了解审核进度。",
        "您好！感谢建议。科技网已上线“我的申报”进度查询，单位和个人登录后可查看每个环节的办理状态和时间。",
    ),
    (
        "social",
        "consult",
        "社会发展项目验收咨询",
        "社会发展科技项目到期后如何申请验收？可以申请延期吗？",
        "您好！项目到期后三个月内通过科技网提交验收申请；确需延期的，应在到期前提出变更申请，经主管处室审核后办理。",
    ),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强海燕红梅文博思远晓东雨欣子涵佳怡浩然"
CHANNELS = [
    (Channel.WEB, 50),
    (Channel.PHONE, 24),
    (Channel.TRANSFER_12345, 10),
    (Channel.LETTER, 7),
    (Channel.VISIT, 5),
    (Channel.EMAIL, 4),
]


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour, minutes=minute))


def _working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _last_complete_quarter(today: date) -> tuple[date, date]:
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = quarter_start - timedelta(days=1)
    return date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last


class _Seeder:
    def __init__(self, rng: random.Random, registrar: User, officers: dict[str, User], offices: dict[str, Office]):
        self.rng, self.registrar, self.officers, self.offices = rng, registrar, officers, offices
        self.categories = {c.code: c for c in RequestCategory.objects.all()}
        self.counts = {"service requests": 0, "service request ratings": 0}

    def person(self) -> tuple[str, str, str]:
        rng = self.rng
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        email = f"user{rng.randrange(10**6):06d}@example.com" if rng.random() < 0.15 else ""
        return name, phone, email

    def intake(self, received: datetime, topic, channel: str, *, urgent: bool = False) -> ServiceRequest:
        _office, category, title, content, _reply = topic
        name, phone, email = self.person()
        category = self.categories[category]
        if channel == Channel.WEB:
            request = service_request_file(
                name=name, phone=phone, email=email, category=category, title=title, content=content, now=received
            )
        else:
            request = service_request_enter(
                actor=self.registrar,
                channel=channel,
                category=category,
                title=title,
                content=content,
                name=name,
                phone=phone,
                email=email,
                is_urgent=urgent,
                received_at=received,
                now=received + timedelta(minutes=20),
            )
        self.counts["service requests"] += 1
        return request

    def assign(self, request: ServiceRequest, topic) -> ServiceRequest:
        office = self.offices[topic[0]]
        day = _working_day_on_or_after(timezone.localtime(request.received_at).date() + timedelta(days=1))
        moment = max(_aware(day, 9, self.rng.randrange(60)), request.received_at + timedelta(minutes=30))
        moment = min(moment, timezone.now() - timedelta(minutes=5))
        return service_request_assign(
            actor=self.registrar, request=request, office=office, version=request.version, now=moment
        )

    def reply(self, request: ServiceRequest, topic, *, late: bool = False, text: str = "") -> ServiceRequest:
        limit = request.category.limit_for(request.is_urgent)
        if late:
            day = deadline_after(request.deadline, self.rng.choice((1, 2)))
        else:
            day = deadline_after(request.accepted_on, self.rng.randint(1, max(1, limit - 1)))
        moment = max(
            _aware(day, self.rng.randint(10, 16), self.rng.randrange(60)), request.assigned_at + timedelta(hours=1)
        )
        moment = min(moment, timezone.now() - timedelta(minutes=2))
        officer = self.officers[topic[0]]
        return service_request_reply(
            actor=officer, request=request, reply=text or topic[4], version=request.version, now=moment
        )

    def rate(self, request: ServiceRequest, rating: str, comment: str = "", *, callback: bool = False):
        link = RatingLink.objects.get(request=request, round=request.round)
        moment = min(
            request.replied_at + timedelta(hours=self.rng.randint(3, 60)), timezone.now() - timedelta(minutes=1)
        )
        self.counts["service request ratings"] += 1
        return service_request_rate(
            token=link.token, rating=rating, comment=comment, actor=self.registrar if callback else None, now=moment
        )

    def topic(self):
        return self.rng.choice(TOPICS)

    def channel(self) -> str:
        return self.rng.choices([c for c, _w in CHANNELS], weights=[w for _c, w in CHANNELS])[0]

    def received_on(self, first: date, last: date) -> datetime:
        span = (last - first).days
        day = _working_day_on_or_after(first + timedelta(days=self.rng.randint(0, span)))
        day = min(day, last)
        return _aware(day, self.rng.randint(8, 17), self.rng.randrange(60))

    def resolved(self, received: datetime, *, rating: str | None, late: bool = False, callback: bool = False):
        topic = self.topic()
        request = self.assign(self.intake(received, topic, self.channel()), topic)
        request = self.reply(request, topic, late=late)
        if rating:
            request = self.rate(
                request, rating, callback=callback or (not request.requester_email and self.rng.random() < 0.3)
            )
        return request


def seed_hotline() -> dict[str, int]:
    if ServiceRequest.objects.exists():
        return {}
    categories_ensure()
    registrar = User.objects.filter(username="off_general1").first()
    offices = {o.code: o for o in Office.objects.filter(code__in={t[0] for t in TOPICS})}
    officers = {code: User.objects.filter(username=f"off_{code}1").first() for code in offices}
    if registrar is None or len(offices) < len({t[0] for t in TOPICS}) or not all(officers.values()):
        return {}
    rng = random.Random(7)
    seeder = _Seeder(rng, registrar, officers, offices)
    today = timezone.localdate()
    q_first, q_last = _last_complete_quarter(today)

    # The seed-000 quarter: 40 requests, every one resolved on time and rated 满意 or 基本满意.
    for n in range(SEED_QUARTER_REQUESTS):
        rating = Rating.BASICALLY if n % 8 == 3 else Rating.SATISFIED
        seeder.resolved(seeder.received_on(q_first, q_last - timedelta(days=12)), rating=rating)

    # The rest of the year, outside that quarter and the last three weeks.
    year_ago = today - timedelta(days=365)
    windows = [(year_ago, q_first - timedelta(days=1)), (q_last + timedelta(days=1), today - timedelta(days=21))]
    windows = [(a, b) for a, b in windows if b > a]
    spans = [(b - a).days for a, b in windows]
    unsatisfied_left, late_left, unrated_left, invalid_left = 2, 3, 6, 2
    for n in range(OTHER_REQUESTS):
        first, last = rng.choices(windows, weights=spans)[0]
        received = seeder.received_on(first, last)
        if invalid_left and n % 60 == 17:
            invalid_left -= 1
            spam = seeder.intake(
                received,
                ("general", "suggestion", "低价代办各类资质", "专业代办高企认定、包过，联系微信。", ""),
                Channel.WEB,
            )
            service_request_invalidate(
                actor=registrar,
                request=spam,
                reason="广告信息，不予受理",
                version=spam.version,
                now=received + timedelta(hours=2),
            )
            continue
        if unsatisfied_left and n % 70 == 33:
            unsatisfied_left -= 1
            topic = seeder.topic()
            request = seeder.reply(seeder.assign(seeder.intake(received, topic, Channel.WEB), topic), topic)
            request = seeder.rate(request, Rating.UNSATISFIED, "答复过于笼统，没有说明具体办理时间，希望给出明确答复。")
            request = seeder.reply(
                request, topic, text=topic[4] + "补充说明：已与您电话沟通，明确了具体办理时间和联系人。"
            )
            seeder.rate(request, Rating.SATISFIED, "二次答复很具体，问题已解决，谢谢。")
            continue
        late = bool(late_left) and n % 50 == 9
        late_left -= late
        unrated = bool(unrated_left) and n % 25 == 5
        unrated_left -= unrated
        rating = None if unrated else (Rating.BASICALLY if rng.random() < 0.1 else Rating.SATISFIED)
        request = seeder.resolved(received, rating=rating, late=late)
        if unrated:
            service_request_close_unrated(request=request, today=today)

    # Open now: just received, being handled (one overdue), replied awaiting a rating.
    recent = [_working_day_on_or_after(today - timedelta(days=d)) for d in (20, 12, 9, 7, 6, 5, 4, 3, 2, 1)]
    now = timezone.now()
    for k, day in enumerate(d for d in recent if d <= today):
        received = min(_aware(day, 9 + k % 7, 15), now - timedelta(hours=1))
        topic = seeder.topic()
        request = seeder.intake(received, topic, seeder.channel(), urgent=k == 4)
        if k >= 8:
            continue  # to be assigned
        request = seeder.assign(request, topic)
        if k in (1, 2):
            seeder.rate(seeder.reply(request, topic), Rating.SATISFIED)
        elif k in (3, 4):
            seeder.reply(request, topic)  # awaiting the rating
        # k == 0 stays with its office past the deadline; 5-7 are being handled.
    return seeder.counts
