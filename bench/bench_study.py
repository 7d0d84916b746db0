"""Benchmark: party study and evaluations on the demo data (261 cards, 384 questions, 3,305
attempts, 604 notes, 339 bi-monthly reports, last year's review with 55 evaluators), with an
account for every member (1,481) as in production.

Pages: median and p95 of REPEAT requests, query counts, ratio to /healthz in the same run.
Operations, once each: pushing a day's card to every member, 200 members starting and handing
in a monthly test (draw + marking), the rankings of all organizations, 55 ballots and closing
an annual review of the nine secretaries.

    make bench-study  ->  bench/results/study.json
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_pages import measure, measure_signed_in, report, setup_django  # noqa: E402  (bench/ is the script's directory)
from benchlib import code_version  # noqa: E402

TAKERS = 200


def build_data() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from accounts.models import User
    from party.models import PartyMember
    from study.models import Attempt, LearningCard, QuestionVersion, StudyNote

    unlinked = list(PartyMember.objects.filter(user__isnull=True))
    users = User.objects.bulk_create([User(username=f"pm{m.pk}", full_name=m.name) for m in unlinked], batch_size=1000)
    for member, user in zip(unlinked, users, strict=True):
        member.user = user
    PartyMember.objects.bulk_update(unlinked, ["user"], batch_size=1000)
    return {
        "members_with_accounts": PartyMember.objects.filter(user__isnull=False).count(),
        "learning_cards": LearningCard.objects.count(),
        "question_versions": QuestionVersion.objects.count(),
        "attempts": Attempt.objects.count(),
        "study_notes": StudyNote.objects.count(),
    }


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return round((time.perf_counter() - start) * 1000, 1), value


def operations() -> dict:

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from evaluation.models import CampaignStatus, ReviewCampaign
    from evaluation.review import ballot_cast, campaign_close, rating_open
    from party.models import PartyMember, PartyOrganization
    from study.cards import card_create, cards_push
    from study.exams import answers_save, attempt_finish, attempt_start
    from study.models import LearningCard, StudyTest, StudyTopic
    from study.selectors import org_ranking

    admin = User.objects.get(username="party_admin")
    figures = {}
    topic = StudyTopic.objects.filter(year=timezone.localdate().year).first()
    LearningCard.objects.filter(publish_on=timezone.localdate()).update(pushed_at=timezone.now())  # the demo's own
    card_create(actor=admin, topic=topic, title="基准测试学习卡", body="内容", publish_on=timezone.localdate())
    reset_queries()  # the query log is a bounded deque: a full one would count nothing
    with CaptureQueriesContext(connection) as q:
        ms, pushed = timed(cards_push)
    figures["push a card to every member's inbox"] = {"ms": ms, "cards": pushed, "queries": len(q)}

    test = StudyTest.objects.filter(closes_at__gt=timezone.now(), opens_at__lte=timezone.now()).first()
    takers = list(PartyMember.objects.filter(user__isnull=False).exclude(attempts__test=test)[:TAKERS])

    def take_all():
        for member in takers:
            attempt = attempt_start(member=member, test=test)
            shown = {"single": [0], "multiple": [0, 1], "judge": [True], "blank": ["答案"]}
            answers_save(
                member=member,
                attempt=attempt,
                responses={n: shown[e["kind"]] for n, e in enumerate(attempt.paper)},
            )
            attempt_finish(member=member, attempt=attempt)

    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, _none = timed(take_all)
    figures["members start, answer and hand in a monthly test"] = {
        "members": len(takers),
        "ms": ms,
        "ms_per_member": round(ms / max(1, len(takers)), 1),
        "queries_per_member": round(len(q) / max(1, len(takers)), 1),
    }

    orgs = list(PartyOrganization.objects.filter(is_active=True).values_list("pk", flat=True))
    reset_queries()
    with CaptureQueriesContext(connection) as q:
        ms, rows = timed(lambda: org_ranking(timezone.localdate().year, orgs))
    figures["rankings of every organization"] = {"ms": ms, "organizations": len(rows), "queries": len(q)}

    campaign = ReviewCampaign.objects.filter(status=CampaignStatus.REPORTING).first()
    campaign.subjects.update(report="述职报告" * 30, submitted_at=timezone.now())
    rating_open(actor=admin, campaign=campaign)
    evaluators = list(campaign.evaluators.select_related("user"))
    cells = [(s.pk, d) for s in campaign.subjects.all() for d in range(len(campaign.dimensions))]

    def ballots():
        for n, evaluator in enumerate(evaluators):
            ballot_cast(actor=evaluator.user, campaign=campaign, levels={c: (n + c[1]) % 3 for c in cells})

    ms, _none = timed(ballots)
    figures["annual review ballots"] = {
        "ballots": len(evaluators),
        "cells_per_ballot": len(cells),
        "ms": ms,
        "ms_per_ballot": round(ms / max(1, len(evaluators)), 1),
    }
    ms, _none = timed(lambda: campaign_close(actor=admin, campaign=campaign))
    figures["close the review (scores, grades, ranks)"] = {"ms": ms, "subjects": len(cells) // 4}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "study.json"))
    args = parser.parse_args()
    version = code_version()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client

        from evaluation.models import ReviewCampaign
        from party.demo import DEMO_BRANCH
        from party.models import PartyOrganization
        from study.models import StudyTest

        started = time.perf_counter()
        sizes = build_data()
        seed_seconds = round(time.perf_counter() - started, 1)
        branch = PartyOrganization.objects.get(name=DEMO_BRANCH)
        test = StudyTest.objects.filter(attempts__isnull=False).order_by("-closes_at").first()
        closed = ReviewCampaign.objects.filter(status="closed").first()
        pages = {"healthz (baseline)": measure(Client(), "/healthz")}
        paths = {
            "party_member": ["/study/", "/study/cards/", "/study/notes/", "/study/exhibition/", "/evaluation/duties/"],
            "party_secretary": [
                "/evaluation/reports/",
                f"/evaluation/members/{branch.pk}/",
                "/study/rankings/",
            ],
            "party_admin": [
                "/",
                "/study/admin/",
                "/study/admin/cards/",
                "/study/admin/questions/",
                f"/study/admin/tests/{test.pk}/",
                "/study/admin/notes/",
                "/study/admin/people/",
                "/study/rankings/",
                "/study/center-group/",
                "/evaluation/reports/",
                "/evaluation/reviews/",
                f"/evaluation/reviews/{closed.pk}/",
                "/evaluation/duties/",
                "/evaluation/honours/",
            ],
        }
        measure_signed_in(paths, pages)
        ops = operations()
    report(
        args.out,
        benchmark="study",
        code=version,
        data=sizes,
        seed_seconds=seed_seconds,
        pages=pages,
        operations=ops,
    )


if __name__ == "__main__":
    main()
