"""Study notes and reflections, the exhibition, discussion questions (members' and
administrators' pages)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import access
from core.errors import EditConflict
from core.forms import as_int, errors_by_field
from party.models import PartyMember
from party.permissions import is_party_member
from study.models import DiscussionAnswer, DiscussionQuestion, NoteKind, StudyNote, StudyTopic
from study.permissions import require_member, runs_study
from study.writing import (
    center_group_member_ids,
    discussion_answer,
    discussion_create,
    note_exhibit,
    note_submit,
    note_update,
    progress_of,
    target_for,
)

MINE = (_("My study"), "study:home")


@access(is_party_member)
def notes(request: HttpRequest) -> HttpResponse:
    """My notes and reflections this year against the target; write a new one."""
    member = require_member(request.user)
    year = timezone.localdate().year
    errors: dict = {}
    if request.method == "POST":
        topic = StudyTopic.objects.filter(pk=as_int(request.POST.get("topic"), 0)).first()
        try:
            note_submit(
                member=member,
                kind=request.POST.get("kind", ""),
                title=request.POST.get("title", ""),
                body=request.POST.get("body", ""),
                topic=topic,
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("Submitted."))
            return redirect("study:notes")
    context = {
        "progress": progress_of(member, year),
        "rows": StudyNote.objects.filter(member=member, year=year).select_related("topic"),
        "topics": StudyTopic.objects.filter(year=year),
        "kinds": NoteKind.choices,
        "errors": errors,
        "values": request.POST if errors else {},
        "year": year,
        "breadcrumbs": [MINE, (_("Notes and reflections"), None)],
    }
    return render(request, "study/notes.html", context, status=400 if errors else 200)


@access(is_party_member)
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = require_member(request.user)
    note = StudyNote.objects.filter(pk=pk, member=member).first()
    if note is None:
        raise Http404
    errors: dict = {}
    if request.method == "POST":
        try:
            note_update(
                member=member,
                note=note,
                title=request.POST.get("title", ""),
                body=request.POST.get("body", ""),
                version=as_int(request.POST.get("version"), 0),
            )
        except EditConflict as exc:
            errors = {"general": [str(exc)]}
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("study:notes")
    context = {
        "note": note,
        "errors": errors,
        "values": request.POST if errors else {"title": note.title, "body": note.body, "version": note.version},
        "breadcrumbs": [MINE, (_("Notes and reflections"), "study:notes"), (note.title, None)],
    }
    return render(request, "study/note_edit.html", context, status=400 if errors else 200)


@access(is_party_member)
def exhibition(request: HttpRequest) -> HttpResponse:
    rows = StudyNote.objects.filter(exhibited_at__isnull=False).select_related("member__organization")
    page = Paginator(rows.order_by("-exhibited_at"), 20).get_page(request.GET.get("page"))
    return render(
        request, "study/exhibition.html", {"page": page, "breadcrumbs": [MINE, (_("Exhibition of reflections"), None)]}
    )


@access(is_party_member)
def discussions(request: HttpRequest) -> HttpResponse:
    member = require_member(request.user)
    today = timezone.localdate()
    rows = DiscussionQuestion.objects.filter(opens_on__lte=today).order_by("-opens_on")[:30]
    answered = set(DiscussionAnswer.objects.filter(member=member).values_list("question_id", flat=True))
    context = {
        "rows": [(q, q.pk in answered, q.closes_on >= today) for q in rows],
        "breadcrumbs": [MINE, (_("Discussion questions"), None)],
    }
    return render(request, "study/discussions.html", context)


@access(is_party_member)
def discussion(request: HttpRequest, pk: int) -> HttpResponse:
    member = require_member(request.user)
    question = DiscussionQuestion.objects.filter(pk=pk, opens_on__lte=timezone.localdate()).first()
    if question is None:
        raise Http404
    mine = DiscussionAnswer.objects.filter(question=question, member=member).first()
    errors: dict = {}
    if request.method == "POST":
        try:
            discussion_answer(member=member, question=question, body=request.POST.get("body", ""))
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("Your answer is saved."))
            return redirect("study:discussion", pk=question.pk)
    context = {
        "question": question,
        "mine": mine,
        "open": question.closes_on >= timezone.localdate(),
        "errors": errors,
        "body": request.POST.get("body", "") if errors else (mine.body if mine else ""),
        "breadcrumbs": [MINE, (_("Discussion questions"), "study:discussions"), (question.title, None)],
    }
    return render(request, "study/discussion.html", context, status=400 if errors else 200)


# --- administrators ---------------------------------------------------------------------------
@access(runs_study)
def admin_notes(request: HttpRequest) -> HttpResponse:
    """Writing against the targets by member (center-group members first), reflections to exhibit."""
    year = as_int(request.GET.get("year"), timezone.localdate().year, low=2000, high=2100)
    writers = (
        PartyMember.objects.filter(study_notes__year=year)
        .annotate(
            chars=Sum("study_notes__chars", filter=Q(study_notes__kind=NoteKind.NOTE, study_notes__year=year)),
            reflections=Count("study_notes", filter=Q(study_notes__kind=NoteKind.REFLECTION, study_notes__year=year)),
        )
        .select_related("organization")
        .order_by("-chars")
    )
    center = center_group_member_ids()
    targets = {True: target_for(year, "center_group"), False: target_for(year, "member")}
    page = Paginator(writers, 50).get_page(request.GET.get("page"))
    rows = []
    for m in page:
        target = targets[m.pk in center]
        met = (m.chars or 0) >= target.note_chars and m.reflections >= target.reflections
        rows.append({"member": m, "center": m.pk in center, "target": target, "met": met})
    reflections = (
        StudyNote.objects.filter(year=year, kind=NoteKind.REFLECTION)
        .select_related("member__organization")
        .order_by("exhibited_at", "-submitted_at")[:50]
    )
    context = {
        "rows": rows,
        "page": page,
        "year": year,
        "reflections": reflections,
        "breadcrumbs": [(_("Study administration"), "study:admin"), (_("Notes and reflections"), None)],
    }
    return render(request, "study/admin/notes.html", context)


@access(runs_study)
@require_POST
def admin_exhibit(request: HttpRequest, pk: int) -> HttpResponse:
    note = StudyNote.objects.filter(pk=pk).first()
    if note is None:
        raise Http404
    try:
        note_exhibit(actor=request.user, note=note, exhibit=request.POST.get("exhibit") == "1")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("study:admin_notes")


@access(runs_study)
def admin_discussions(request: HttpRequest) -> HttpResponse:
    errors: dict = {}
    if request.method == "POST":
        from datetime import date

        def day(name):
            try:
                return date.fromisoformat(request.POST.get(name, ""))
            except ValueError:
                return None

        opens_on, closes_on = day("opens_on"), day("closes_on")
        if not opens_on or not closes_on:
            errors = {"opens_on": [_("Give both dates.")]}
        else:
            try:
                discussion_create(
                    actor=request.user,
                    title=request.POST.get("title", ""),
                    prompt=request.POST.get("prompt", ""),
                    opens_on=opens_on,
                    closes_on=closes_on,
                    min_chars=as_int(request.POST.get("min_chars"), 100, low=0, high=5000),
                )
            except ValidationError as exc:
                errors = errors_by_field(exc)
            else:
                messages.success(request, _("The discussion question was published."))
                return redirect("study:admin_discussions")
    rows = DiscussionQuestion.objects.annotate(n=Count("answers")).order_by("-opens_on")[:50]
    context = {
        "rows": rows,
        "errors": errors,
        "values": request.POST if errors else {},
        "breadcrumbs": [(_("Study administration"), "study:admin"), (_("Discussion questions"), None)],
    }
    return render(request, "study/admin/discussions.html", context, status=400 if errors else 200)


@access(runs_study)
def admin_discussion(request: HttpRequest, pk: int) -> HttpResponse:
    question = DiscussionQuestion.objects.filter(pk=pk).first()
    if question is None:
        raise Http404
    answers = question.answers.select_related("member__organization").order_by("-submitted_at")
    page = Paginator(answers, 30).get_page(request.GET.get("page"))
    context = {
        "question": question,
        "page": page,
        "breadcrumbs": [
            (_("Study administration"), "study:admin"),
            (_("Discussion questions"), "study:admin_discussions"),
            (question.title, None),
        ],
    }
    return render(request, "study/admin/discussion.html", context)
