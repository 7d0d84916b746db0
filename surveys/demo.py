"""Demo data for surveys and evaluations (see core/demo/seed.py), as in seed 001:

- a solicitation letter (征求意见函) of the party committee office on the agency's conduct, sent
  to 50 units (the 40 demo units and 10 bureaus or departments), 39 returned, 12 problem areas
  found, 5 of them turned into rectification items;
- an anonymous evaluation (评议) of the general office's service, sent to 80 people, all 80
  returned, every rating 好 or 较好 (100% rated 较好 or better).

Everything goes through the services; the answer dates are set inside the survey's period and
the periods then moved into the past (the services only take answers while a survey is open).
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from orgs.models import Office, Recommender, Unit
from surveys.models import QuestionKind, Recipient, Survey
from surveys.services import (
    answer_tag,
    finding_add,
    finding_rectify,
    question_add,
    recipients_add,
    response_submit,
    survey_close,
    survey_create,
    survey_open,
)

LETTER = "关于征求对厅党组及领导班子作风建设意见建议的函"
EVALUATION = "2026年度机关处室服务质量评议"

LETTER_INTRO = (
    "各有关单位：\n为深入查找厅党组及领导班子在思想作风、工作作风、服务基层等方面存在的突出问题，"
    "扎实抓好整改落实，现向你单位征求意见建议。请于截止日期前通过本链接反馈，感谢支持！"
)
EVALUATION_INTRO = (
    "为进一步转变机关作风、提升服务质量，现开展机关处室服务质量评议。评议采取匿名方式，答卷不与评议人关联，请据实评价。"
)

LETTER_COMMENTS = {
    "审批效率": [
        "项目申报和变更审批环节偏多，建议进一步压缩审批时限。",
        "任务书变更审批周期较长，影响项目执行进度。",
        "部分事项仍需线下报送纸质材料，建议全程网办。",
        "经费调剂审批时间长，希望简化程序。",
    ],
    "政策宣传": [
        "新出台的科技政策解读不够及时，基层单位理解不到位。",
        "建议多开展政策宣讲进园区、进企业活动。",
        "申报指南发布后希望有线上答疑渠道。",
    ],
    "服务基层": [
        "领导班子深入基层调研的频次可以再提高。",
        "对县域科技创新的指导帮扶力度有待加强。",
        "希望建立定期走访联系企业的机制。",
        "建议完善“百家破百题”工作的跟踪反馈。",
    ],
    "材料负担": [
        "各类报表、检查较多，基层负担较重。",
        "同一材料在多个系统重复填报，建议数据共享。",
        "项目验收材料要求繁杂，建议精简。",
    ],
    "": [
        "总体满意，希望继续保持。",
        "专家评审结果反馈不够详细，希望提供具体意见。",
        "科研诚信宣传教育可以更常态化。",
        "建议加强对科技成果转化的政策支持。",
    ],
}

FINDINGS = [
    ("项目审批、变更环节多、时限长，“最多跑一次”落实不到位", 2),
    ("部分事项仍需报送纸质材料，网上办理深度不够", 2),
    ("科技政策解读不及时，宣传覆盖面不足", 2),
    ("领导班子深入基层调研不够，帮扶县域创新力度不足", 0),
    ("各类报表、检查多，基层单位负担较重", 0),
    ("同一数据多系统重复填报，信息共享不够", 0),
    ("专家评审意见反馈不够具体", 0),
    ("经费调剂审批周期长，影响项目执行", 2),
    ("对企业走访联系缺乏常态机制", 0),
    ("项目验收材料要求繁杂", 0),
    ("“百家破百题”问题跟踪反馈不到位", 3),
    ("科研诚信教育常态化不足", 0),
]

EVALUATION_COMMENTS = [
    "办事效率高，服务热情周到。",
    "政策咨询答复及时准确。",
    "希望进一步推广网上办理。",
    "工作人员业务熟练，解释耐心。",
    "整体服务很好，点赞。",
    "建议节假日前后增加咨询值班。",
]


def _letter(rng: random.Random, today) -> dict[str, int]:
    office = Office.objects.get(code="party")
    officer = User.objects.get(username="off_party1")
    # The letter goes to the units and, up to 50 in all, the city/county bureaus and departments.
    units = list(Unit.objects.filter(is_active=True).order_by("pk")[:50])
    bureaus = list(Recommender.objects.order_by("kind", "pk")[: 50 - len(units)])
    opens, closes = today - timedelta(days=200), today - timedelta(days=180)
    survey = survey_create(
        actor=officer,
        office=office,
        title=LETTER,
        kind="solicitation",
        intro=LETTER_INTRO,
        opens_on=opens,
        closes_on=today,
    )
    overall = question_add(
        actor=officer, survey=survey, kind=QuestionKind.RATING, text="对厅党组及领导班子作风建设的总体评价"
    )
    conduct = question_add(
        actor=officer, survey=survey, kind=QuestionKind.RATING, text="对机关工作人员服务态度和办事效率的评价"
    )
    trips = question_add(
        actor=officer,
        survey=survey,
        kind=QuestionKind.SINGLE,
        text="近一年在我厅办理业务平均跑动次数",
        options=["零跑动（全程网办）", "一次", "两次", "三次及以上"],
    )
    areas = question_add(
        actor=officer,
        survey=survey,
        kind=QuestionKind.MULTIPLE,
        text="您认为最需要改进的方面（可多选）",
        options=["审批效率", "政策宣传解读", "深入基层服务", "减轻基层负担", "评审与反馈", "科研诚信建设"],
        required=False,
    )
    problems = question_add(
        actor=officer, survey=survey, kind=QuestionKind.TEXT, text="存在的主要问题和意见建议", required=False
    )
    recipients_add(actor=officer, survey=survey, units=units, recommenders=bureaus)
    survey = survey_open(actor=officer, survey=survey)
    comments = [(theme, text) for theme, texts in LETTER_COMMENTS.items() for text in texts]
    rng.shuffle(comments)
    recipients = list(survey.recipients.order_by("pk"))
    rng.shuffle(recipients)
    tagged: dict[str, list] = {}
    for n, recipient in enumerate(recipients[:39]):
        day = opens + timedelta(days=rng.randint(0, 19))
        level = rng.choices([0, 1, 2, 3], weights=[45, 35, 15, 5])[0]
        values = {
            overall.pk: [str(level)],
            conduct.pk: [str(min(3, max(0, level + rng.choice([-1, 0, 0, 1]))))],
            trips.pk: [str(rng.choices([0, 1, 2, 3], weights=[40, 40, 15, 5])[0])],
            areas.pk: [str(i) for i in sorted(rng.sample(range(6), rng.randint(1, 3)))],
        }
        theme = ""
        if n < len(comments):
            theme, values[problems.pk] = comments[n][0], [comments[n][1]]
        response = response_submit(recipient=recipient, values=values, today=day)
        stamp = _at(day, hour=rng.randint(8, 17), minute=rng.randint(0, 59))
        Recipient.objects.filter(pk=recipient.pk).update(answered_at=stamp)  # the demo's history
        type(response).objects.filter(pk=response.pk).update(submitted_at=stamp)
        if theme:
            tagged.setdefault(theme, []).extend(a.pk for a in response.answers.filter(question=problems))
    for theme, ids in tagged.items():
        answer_tag(actor=officer, survey=survey, answer_ids=ids, theme=theme)
    findings = 0
    for problem, months in FINDINGS:
        finding = finding_add(actor=officer, survey=survey, problem=problem, question=problems)
        findings += 1
        if months:
            finding_rectify(actor=officer, finding=finding, deadline=closes + timedelta(days=30 * months))
    _backdate(survey, opens, closes)
    survey_close(actor=officer, survey=survey)
    return {
        "survey letters sent": len(units) + len(bureaus),
        "survey letters returned": 39,
        "survey problem areas": findings,
    }


def _evaluation(rng: random.Random, today) -> dict[str, int]:
    office = Office.objects.get(code="general")
    officer = User.objects.get(username="off_general1")
    people = list(User.objects.filter(is_active=True, username__contains="_app").order_by("pk")[:80])
    if len(people) < 80:
        people += list(
            User.objects.filter(is_active=True)
            .exclude(pk__in=[p.pk for p in people])
            .order_by("pk")[: 80 - len(people)]
        )
    opens, closes = today - timedelta(days=45), today - timedelta(days=31)
    survey = survey_create(
        actor=officer,
        office=office,
        title=EVALUATION,
        kind="evaluation",
        intro=EVALUATION_INTRO,
        anonymous=True,
        opens_on=opens,
        closes_on=today,
    )
    dimensions = ["服务态度", "办事效率", "政策执行", "依法行政", "廉洁自律"]
    questions = [
        question_add(actor=officer, survey=survey, kind=QuestionKind.RATING, text=f"对机关处室“{d}”的评价")
        for d in dimensions
    ]
    text = question_add(actor=officer, survey=survey, kind=QuestionKind.TEXT, text="意见和建议", required=False)
    recipients_add(actor=officer, survey=survey, users=people)
    survey = survey_open(actor=officer, survey=survey)
    for recipient in survey.recipients.all():
        values = {q.pk: [str(rng.choices([0, 1], weights=[70, 30])[0])] for q in questions}
        if rng.random() < 0.3:
            values[text.pk] = [rng.choice(EVALUATION_COMMENTS)]
        response_submit(recipient=recipient, values=values, today=opens + timedelta(days=rng.randint(0, 13)))
    _backdate(survey, opens, closes)
    survey_close(actor=officer, survey=survey)
    return {"evaluation forms sent": len(people), "evaluation forms returned": len(people)}


def _at(day, *, hour: int, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _backdate(survey: Survey, opens, closes) -> None:
    """Move a demo survey's period into the past once its answers are in (demo history only)."""
    sent = _at(opens, hour=9)
    Survey.objects.filter(pk=survey.pk).update(closes_on=closes, opened_at=sent)
    Recipient.objects.filter(survey=survey).update(sent_at=sent)


def seed_surveys() -> dict[str, int]:
    if Survey.objects.exists():
        return {}
    rng = random.Random(2026_001)
    today = timezone.localdate()
    with transaction.atomic():
        return _letter(rng, today) | _evaluation(rng, today)
