"""Benchmark: surveys and evaluations on the demo data (the solicitation letter to 50 units with 39
returns and 12 problems, the anonymous evaluation with 80 returns), plus a large survey built here:
1,000 recipients, 800 answers with comments.

Pages: median and p95 of REPEAT requests, query counts, ratio to /healthz in the same run.
Operations, once each: sending the large survey (1,000 links), 800 answers through the public
service, its results (distributions and rates), its comments grouped with jieba keywords, and its
Excel export.

    .venv/bin/python bench/bench_surveys.py --out bench/results/surveys.json
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_pages import measure, measure_signed_in, report, setup_django  # noqa: E402  (bench/ is the script's directory)
from benchlib import code_version  # noqa: E402

RECIPIENTS = 1000
ANSWERS = 800
COMMENTS = [
    "审批时限偏长，希望压缩",
    "政策宣传解读不够及时",
    "材料重复报送负担重",
    "服务热情，办事高效",
    "希望加强基层调研",
]


def build_data() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from surveys.models import Answer, Recipient, Survey

    return {
        "surveys": Survey.objects.count(),
        "recipients": Recipient.objects.count(),
        "answers": Answer.objects.count(),
    }


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return round((time.perf_counter() - start) * 1000, 1), value


def operations() -> tuple[dict, object]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from orgs.models import Office
    from surveys.exports import results_workbook
    from surveys.models import QuestionKind
    from surveys.selectors import comments, results
    from surveys.services import question_add, recipients_add, response_submit, survey_create, survey_open

    officer = User.objects.get(username="off_party1")
    today = timezone.localdate()
    survey = survey_create(
        actor=officer,
        office=Office.objects.get(code="party"),
        title="基准测试：大规模征求意见",
        kind="solicitation",
        opens_on=today,
        closes_on=today + timezone.timedelta(days=20),
    )
    questions = [
        question_add(actor=officer, survey=survey, kind=QuestionKind.RATING, text=f"评价{n}") for n in range(5)
    ]
    choice = question_add(
        actor=officer, survey=survey, kind=QuestionKind.MULTIPLE, text="改进方面", options=["甲", "乙", "丙", "丁"]
    )
    text = question_add(actor=officer, survey=survey, kind=QuestionKind.TEXT, text="意见", required=False)
    recipients_add(
        actor=officer, survey=survey, externals=[(f"对象{n}", f"b{n}@example.test") for n in range(RECIPIENTS)]
    )
    figures = {}
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, survey = timed(lambda: survey_open(actor=officer, survey=survey))
    figures["send a survey to 1,000 recipients"] = {"ms": ms, "queries": len(q)}
    rng = random.Random(7)
    recipients = list(survey.recipients.all()[:ANSWERS])

    def answer_all():
        for recipient in recipients:
            values = {qq.pk: [str(rng.randint(0, 3))] for qq in questions}
            values[choice.pk] = [str(i) for i in rng.sample(range(4), 2)]
            values[text.pk] = [rng.choice(COMMENTS) + str(rng.randint(1, 99))]
            response_submit(recipient=recipient, values=values)

    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, _none = timed(answer_all)
    figures["800 answers through the public service"] = {
        "ms": ms,
        "ms_per_answer": round(ms / ANSWERS, 1),
        "queries_per_answer": round(len(q) / ANSWERS, 1),
    }
    for name, fn in (
        ("results of the 800-answer survey", lambda: results(survey)),
        ("comments grouped with jieba keywords", lambda: comments(survey)),
        ("Excel export of the 800-answer survey", lambda: results_workbook(survey)),
    ):
        reset_queries()
        with CaptureQueriesContext(connection) as q:
            ms, _value = timed(fn)
        figures[name] = {"ms": ms, "queries": len(q)}
    return figures, survey


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "surveys.json"))
    args = parser.parse_args()
    version = code_version()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client

        from surveys.models import Survey

        started = time.perf_counter()
        sizes = build_data()
        seed_seconds = round(time.perf_counter() - started, 1)
        letter = Survey.objects.get(kind="solicitation")
        evaluation = Survey.objects.get(kind="evaluation")
        ops, large = operations()
        pages = {"healthz (baseline)": measure(Client(), "/healthz")}
        waiting = large.recipients.filter(answered=False).first()
        pages["public answer page (anonymous)"] = measure(Client(), f"/portal/surveys/{waiting.token}/")
        paths = {
            "off_party1": [
                "/surveys/",
                f"/surveys/{letter.pk}/",
                f"/surveys/{letter.pk}/recipients/",
                f"/surveys/{letter.pk}/results/",
                f"/surveys/{letter.pk}/comments/",
                f"/surveys/{letter.pk}/findings/",
                f"/surveys/{large.pk}/results/",
                f"/surveys/{large.pk}/comments/",
                f"/surveys/{large.pk}/recipients/",
            ],
            "leader1": ["/surveys/", f"/surveys/{evaluation.pk}/results/", f"/surveys/{letter.pk}/results/"],
        }
        measure_signed_in(paths, pages)
    report(
        args.out,
        benchmark="surveys",
        code=version,
        data=sizes,
        seed_seconds=seed_seconds,
        pages=pages,
        operations=ops,
    )


if __name__ == "__main__":
    main()
