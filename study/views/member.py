"""A member's study pages: today's card, the card list, taking a test, the result with the
explanations of what was wrong."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attachments.selectors import attachments_of
from core.access import access
from party.permissions import is_party_member
from study.bank import LETTERS
from study.cards import card_complete, card_open
from study.exams import answers_save, attempt_finish, attempt_start, may_take
from study.models import Attempt, AttemptStatus, CardRead, LearningCard, QuestionKind, QuestionVersion, StudyTest
from study.permissions import require_member


def _card_for_member(pk: int) -> LearningCard:
    card = LearningCard.objects.select_related("topic").filter(pk=pk, publish_on__lte=timezone.localdate()).first()
    if card is None:
        raise Http404
    return card


def _attempt_for_member(member, pk: int) -> Attempt:
    attempt = Attempt.objects.select_related("test").filter(pk=pk, member=member).first()
    if attempt is None:
        raise Http404
    return attempt


@access(is_party_member)
def home(request: HttpRequest) -> HttpResponse:
    member = require_member(request.user)
    today, now = timezone.localdate(), timezone.now()
    todays = list(LearningCard.objects.filter(publish_on=today).select_related("topic"))
    read = dict(CardRead.objects.filter(member=member, card__in=todays).values_list("card_id", "completed_at"))
    tests = list(StudyTest.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at"))
    mine = {a.test_id: a for a in Attempt.objects.filter(member=member, test__in=tests).order_by("started_at")}
    context = {
        "member": member,
        "todays": [(c, c.pk in read, read.get(c.pk)) for c in todays],
        "tests": [(t, mine.get(t.pk), may_take(t, member, now)) for t in tests],
        "points": member.points.filter(day__year=today.year).aggregate(n=Sum("points"))["n"] or 0,
        "results": Attempt.objects.filter(member=member).exclude(status=AttemptStatus.OPEN).select_related("test")[:10],
        "breadcrumbs": [(_("My study"), None)],
    }
    return render(request, "study/home.html", context)


@access(is_party_member)
def cards(request: HttpRequest) -> HttpResponse:
    member = require_member(request.user)
    rows = LearningCard.objects.filter(publish_on__lte=timezone.localdate()).select_related("topic")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    done = set(
        CardRead.objects.filter(member=member, card__in=list(page), completed_at__isnull=False).values_list(
            "card_id", flat=True
        )
    )
    context = {"page": page, "done": done, "breadcrumbs": [(_("My study"), "study:home"), (_("Learning cards"), None)]}
    return render(request, "study/cards.html", context)


@access(is_party_member)
def card(request: HttpRequest, pk: int) -> HttpResponse:
    member = require_member(request.user)
    found = _card_for_member(pk)
    if request.method == "POST":
        try:
            card_complete(member=member, card=found)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Card completed."))
        return redirect("study:card", pk=found.pk)
    read = card_open(member=member, card=found)
    context = {
        "card": found,
        "read": read,
        "files": attachments_of(found),
        "breadcrumbs": [(_("My study"), "study:home"), (_("Learning cards"), "study:cards"), (found.title, None)],
    }
    return render(request, "study/card.html", context)


@access(is_party_member)
@require_POST
def test_start(request: HttpRequest, pk: int) -> HttpResponse:
    member = require_member(request.user)
    test = StudyTest.objects.filter(pk=pk).first()
    if test is None:
        raise Http404
    open_one = Attempt.objects.filter(test=test, member=member, status=AttemptStatus.OPEN).first()
    if open_one and open_one.deadline > timezone.now():
        return redirect("study:attempt", pk=open_one.pk)  # back to the paper already open
    try:
        attempt = attempt_start(member=member, test=test)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("study:home")
    return redirect("study:attempt", pk=attempt.pk)


def _paper_rows(attempt: Attempt, with_answers: bool) -> list[dict]:
    versions = QuestionVersion.objects.in_bulk([e["version"] for e in attempt.paper])
    given = {a.version_id: a for a in attempt.answers.all()}
    rows = []
    for position, entry in enumerate(attempt.paper):
        version = versions[entry["version"]]
        answer = given.get(version.pk)
        shown = [(n, LETTERS[n], version.options[i], i) for n, i in enumerate(entry["order"])]
        picked = set(answer.response) if answer and entry["kind"] in ("single", "multiple") else set()
        row = {
            "position": position,
            "number": position + 1,
            "kind": entry["kind"],
            "kind_label": QuestionKind(entry["kind"]).label,
            "text": version.text,
            "options": [(n, letter, text, i in picked) for n, letter, text, i in shown],
            "judge": answer.response[0] if answer and entry["kind"] == "judge" and answer.response else None,
            "blanks": (answer.response if answer and entry["kind"] == "blank" else [""] * len(version.answer))
            if entry["kind"] == "blank"
            else [],
            "answer": answer,
        }
        if with_answers:
            row["correct"] = bool(answer and answer.correct)
            row["late"] = bool(answer and not answer.counted)
            row["explanation"] = version.explanation
            row["right"] = _right_text(entry, version, shown)
        rows.append(row)
    return rows


def _right_text(entry: dict, version: QuestionVersion, shown) -> str:
    kind = entry["kind"]
    if kind in ("single", "multiple"):
        letter_of = {i: letter for _n, letter, _t, i in shown}
        return "".join(sorted(letter_of[i] for i in version.answer))
    if kind == "judge":
        return _("True") if version.answer == [True] else _("False")
    return "；".join(" / ".join(alts) for alts in version.answer)


def _responses(post, attempt: Attempt) -> dict[int, list]:
    found: dict[int, list] = {}
    for position, entry in enumerate(attempt.paper):
        key = f"q{position}"
        if entry["kind"] in ("single", "multiple"):
            values = post.getlist(key)
            if values:
                found[position] = values
        elif entry["kind"] == "judge":
            value = post.get(key)
            if value in ("true", "false"):
                found[position] = [value == "true"]
        else:
            blanks = post.getlist(key)
            if any(b.strip() for b in blanks):
                found[position] = blanks
    return found


@access(is_party_member)
def attempt(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper, against the server's clock: answers are saved as sent; "hand in" marks it."""
    member = require_member(request.user)
    found = _attempt_for_member(member, pk)
    if found.status != AttemptStatus.OPEN:
        return redirect("study:result", pk=found.pk)
    if request.method == "POST":
        try:
            in_time = answers_save(member=member, attempt=found, responses=_responses(request.POST, found))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("study:attempt", pk=found.pk)
        if not in_time:
            messages.warning(request, _("Time was up: answers sent after the limit are not counted."))
        if request.POST.get("action") == "finish" or not in_time:
            attempt_finish(member=member, attempt=found)
            return redirect("study:result", pk=found.pk)
        messages.success(request, _("Your answers are saved."))
        return redirect("study:attempt", pk=found.pk)
    remaining = max(0, int((found.deadline - timezone.now()).total_seconds()))
    context = {
        "attempt": found,
        "rows": _paper_rows(found, with_answers=False),
        "remaining": remaining,
        "breadcrumbs": [(_("My study"), "study:home"), (found.test.title, None)],
    }
    return render(request, "study/attempt.html", context)


@access(is_party_member)
def result(request: HttpRequest, pk: int) -> HttpResponse:
    member = require_member(request.user)
    found = _attempt_for_member(member, pk)
    if found.status == AttemptStatus.OPEN:
        if found.deadline > timezone.now():
            return redirect("study:attempt", pk=found.pk)
        found = attempt_finish(member=member, attempt=found)
    rows = _paper_rows(found, with_answers=True)
    context = {
        "attempt": found,
        "rows": rows,
        "wrong": sum(1 for r in rows if not r["correct"]),
        "breadcrumbs": [(_("My study"), "study:home"), (found.test.title, None)],
    }
    return render(request, "study/result.html", context)
