"""The study administrators' pages: topics, cards, the question bank, tests and their results."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from attachments.selectors import attachments_of
from attachments.services import attachment_store
from core.access import access
from core.forms import apply_errors, as_int
from study.bank import answer_text, question_create, question_edit
from study.cards import card_create, card_update
from study.forms import CardForm, QuestionForm, TestForm, TopicForm
from study.models import (
    Attempt,
    AttemptStatus,
    LearningCard,
    Question,
    QuestionKind,
    StudyTest,
    StudyTopic,
)
from study.permissions import runs_study
from study.services import study_test_create, topic_create

ADMIN = (_("Study administration"), "study:admin")


def _kind_counts() -> list[tuple[str, int]]:
    found = dict(Question.objects.filter(is_active=True).values_list("kind").annotate(n=Count("pk")).order_by())
    return [(label, found.get(value, 0)) for value, label in QuestionKind.choices]


@access(runs_study)
def overview(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    context = {
        "year": year,
        "topics": StudyTopic.objects.filter(year=year).annotate(
            n_cards=Count("cards", distinct=True), n_questions=Count("questions", distinct=True)
        ),
        "by_kind": dict(Question.objects.filter(is_active=True).values_list("kind").annotate(n=Count("pk")).order_by()),
        "kinds": QuestionKind.choices,
        "tests": StudyTest.objects.filter(year=year).annotate(
            takers=Count("attempts__member", distinct=True),
            passed=Count("attempts__member", filter=Q(attempts__passed=True), distinct=True),
        ),
        "form": TopicForm(initial={"year": year}),
        "breadcrumbs": [(ADMIN[0], None)],
    }
    if request.method == "POST":
        form = context["form"] = TopicForm(request.POST)
        if form.is_valid():
            try:
                topic_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The topic was added."))
                return redirect("study:admin")
    return render(request, "study/admin/overview.html", context, status=400 if context["form"].errors else 200)


@access(runs_study)
def card_list(request: HttpRequest) -> HttpResponse:
    rows = (
        LearningCard.objects.select_related("topic")
        .annotate(opened=Count("reads"), completed=Count("reads", filter=Q(reads__completed_at__isnull=False)))
        .order_by("-publish_on", "pk")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page": page, "breadcrumbs": [ADMIN, (_("Learning cards"), None)]}
    return render(request, "study/admin/cards.html", context)


@access(runs_study)
def card_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    found = None
    if pk is not None:
        found = LearningCard.objects.filter(pk=pk).first()
        if found is None:
            raise Http404
    initial = (
        {
            "topic": found.topic_id,
            "title": found.title,
            "publish_on": found.publish_on,
            "body": found.body,
            "min_seconds": found.min_seconds,
        }
        if found
        else {"publish_on": timezone.localdate()}
    )
    form = CardForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.FILES.get("file") and found:
        try:
            attachment_store(actor=request.user, owner=found, upload=request.FILES["file"], kind="card")
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The file was attached to the card."))
        return redirect("study:admin_card", pk=found.pk)
    if request.method == "POST" and form.is_valid():
        try:
            if found:
                card = card_update(actor=request.user, card=found, **form.cleaned_data)
            else:
                card = card_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The card was saved."))
            return redirect("study:admin_card", pk=card.pk)
    context = {
        "form": form,
        "card": found,
        "files": attachments_of(found) if found else [],
        "breadcrumbs": [
            ADMIN,
            (_("Learning cards"), "study:admin_cards"),
            (found.title if found else _("New card"), None),
        ],
    }
    return render(request, "study/admin/card_form.html", context, status=400 if form.errors else 200)


@access(runs_study)
def question_list(request: HttpRequest) -> HttpResponse:
    rows = Question.objects.select_related("topic", "current")
    topic, kind = request.GET.get("topic", ""), request.GET.get("kind", "")
    if as_int(topic) is not None:
        rows = rows.filter(topic_id=as_int(topic))
    if kind in QuestionKind.values:
        rows = rows.filter(kind=kind)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "topics": StudyTopic.objects.all(),
        "kinds": QuestionKind.choices,
        "topic": topic,
        "kind": kind,
        "breadcrumbs": [ADMIN, (_("Question bank"), None)],
    }
    return render(request, "study/admin/questions.html", context)


@access(runs_study)
def question_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    found = Question.objects.select_related("current").filter(pk=pk).first() if pk is not None else None
    if pk is not None and found is None:
        raise Http404
    initial = {}
    if found:
        initial = {
            "topic": found.topic_id,
            "kind": found.kind,
            "difficulty": found.difficulty,
            "text": found.current.text,
            "options": "\n".join(found.current.options),
            "answer": answer_text(found.kind, found.current.answer),
            "explanation": found.current.explanation,
        }
    form = QuestionForm(request.POST or None, initial=initial)
    if found:
        for name in ("topic", "kind", "difficulty"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = [line for line in data["options"].splitlines() if line.strip()]
        try:
            if found:
                question_edit(
                    actor=request.user,
                    question=found,
                    text=data["text"],
                    options=options,
                    answer=data["answer"],
                    explanation=data["explanation"],
                )
            else:
                found = question_create(
                    actor=request.user, options=options, **{k: v for k, v in data.items() if k != "options"}
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("study:admin_questions")
    context = {
        "form": form,
        "question": found,
        "versions": found.versions.all() if found else [],
        "breadcrumbs": [ADMIN, (_("Question bank"), "study:admin_questions"), (_("Question"), None)],
    }
    return render(request, "study/admin/question_form.html", context, status=400 if form.errors else 200)


@access(runs_study)
def test_new(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    form = TestForm(request.POST or None, initial={"year": year, "month": timezone.localdate().month})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        counts = {k: data.pop(k) for k in ("single", "multiple", "judge", "blank")}
        topics = data.pop("topics")
        try:
            test = study_test_create(actor=request.user, topics=topics, counts=counts, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The test was set."))
            return redirect("study:admin_test", pk=test.pk)
    context = {"form": form, "breadcrumbs": [ADMIN, (_("New test"), None)]}
    return render(request, "study/admin/test_form.html", context, status=400 if form.errors else 200)


@access(runs_study)
def test_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Participation and results by organization, and (administrators only) by person."""
    test = StudyTest.objects.filter(pk=pk).first()
    if test is None:
        raise Http404
    finished = Attempt.objects.filter(test=test).exclude(status=AttemptStatus.OPEN)
    by_org = (
        finished.values("member__organization__name")
        .annotate(
            takers=Count("member", distinct=True),
            passed=Count("member", filter=Q(passed=True), distinct=True),
            average=Avg("score"),
        )
        .order_by("-average")
    )
    people = finished.select_related("member__organization").order_by("-score", "finished_at")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    context = {
        "test": test,
        "by_org": by_org,
        "page": page,
        "breadcrumbs": [ADMIN, (test.title, None)],
    }
    return render(request, "study/admin/test_results.html", context)
