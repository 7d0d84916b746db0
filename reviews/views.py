"""Pages of expert review: the officer's rounds, the expert's workspace, the applicant's feedback."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import Role, has_role
from applications.models import BUDGET_CATEGORIES
from applications.permissions import application_get_for_user
from attachments.selectors import attachments_of
from attachments.services import IntegrityError, attachment_read
from attachments.views import CONTENT_TYPES
from audit.services import audit_record
from core.access import access
from core.errors import EditConflict
from core.excel import workbook_bytes
from core.forms import apply_errors, errors_by_field
from core.pdf import PdfMetadata, render_pdf
from plans.models import Call
from plans.permissions import call_get_for_user
from reviews import panels, scoring, services
from reviews.blind import IDENTIFYING_KINDS, CannotClean, attachment_clean, blind_file_name, identity_terms, redact
from reviews.forms import PanelSessionForm, RoundForm, criteria_from, criteria_rows, default_criteria
from reviews.models import (
    MAX_APPLICANT_AVOIDANCES,
    AssignmentStatus,
    AvoidanceRequest,
    PanelVote,
    Recommendation,
    Review,
    ReviewStatus,
    RoundStatus,
    SessionStatus,
    Vote,
)
from reviews.permissions import (
    assignment_get_for_expert,
    assignment_get_for_officer,
    feedback_item_get,
    is_expert,
    is_officer,
    item_get_for_officer,
    reads_rounds,
    round_get_for_user,
    runs_round,
    session_get_for_expert,
    session_get_for_officer,
)
from reviews.selectors import (
    expert_assignments,
    item_candidates,
    items_with_assignments,
    results_rows,
    round_counts,
    rounds_for,
    with_submitted_reviews,
)

is_applicant = has_role(Role.APPLICANT)


def _crumbs(round=None, *tail):
    crumbs = [(_("Review rounds"), "reviews:rounds")]
    if round is not None:
        crumbs.append((round.title, None if not tail else f"/reviews/rounds/{round.pk}/"))
    return crumbs + list(tail)


# --- officer: rounds ------------------------------------------------------------------------
@access(reads_rounds)
def rounds(request: HttpRequest) -> HttpResponse:
    from applications.models import ApplicationStatus

    offices = request.user.scopes(Role.OFFICER, "office")
    ready = (
        Call.objects.filter(program__office__in=offices, applications__status=ApplicationStatus.FORMAL_PASSED)
        .distinct()
        .select_related("program")
        .order_by("-closes_at")
    )
    context = {"rounds": rounds_for(request.user), "ready_calls": ready, "breadcrumbs": [(_("Review rounds"), None)]}
    return render(request, "reviews/rounds.html", context)


def _round_form_context(form, rows, call, round=None, criteria_errors=()):
    return {
        "form": form,
        "criteria": criteria_rows(rows),
        "call": call,
        "round": round,
        "criteria_errors": criteria_errors,
    }


def _split_criteria_errors(form, exc: ValidationError) -> list[str]:
    """Show rubric errors at the rubric table, the rest at the form's fields."""
    if hasattr(exc, "error_dict") and "criteria" in exc.error_dict:
        rubric = [m for e in exc.error_dict.pop("criteria") for m in e.messages]
        if exc.error_dict:
            apply_errors(form, exc)
        return rubric
    apply_errors(form, exc)
    return []


@access(is_officer)
def round_create(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = call_get_for_user(request.user, call_pk, write=True)
    initial = {
        "title": _("%(call)s: expert review") % {"call": call.title},
        "reviewers_per_item": call.reviewers_per_item,
        "off_site": "city" if call.off_site_review else "",
        "kind": "panel" if call.review_mode == "panel" else "remote",
    }
    form = RoundForm(request.POST or None, initial=initial)
    rows = criteria_from(request.POST) if request.method == "POST" else default_criteria()
    rubric_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            round = services.review_round_create(actor=request.user, call=call, data=form.cleaned_data, criteria=rows)
        except ValidationError as exc:
            rubric_errors = _split_criteria_errors(form, exc)
        else:
            messages.success(request, _("Review round created."))
            return redirect("reviews:round", pk=round.pk)
    context = _round_form_context(form, rows, call, criteria_errors=rubric_errors) | {
        "breadcrumbs": _crumbs(None, (_("New review round"), None))
    }
    return render(request, "reviews/round_form.html", context)


@access(is_officer)
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_get_for_user(request.user, pk, write=True)
    criteria = [
        {"name": c.name, "guidance": c.guidance, "weight": c.weight, "max_score": c.max_score}
        for c in round.criteria.all()
    ]
    form = RoundForm(request.POST or None, instance=round, initial={"version": round.version})
    rows = criteria_from(request.POST) if request.method == "POST" else criteria
    rubric_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.review_round_update(
                actor=request.user,
                round=round,
                data=form.cleaned_data,
                criteria=rows,
                version=form.cleaned_data["version"],
            )
        except EditConflict:
            form.add_error(
                None, _("The round was changed in another window. Reload the page and make your changes again.")
            )
        except ValidationError as exc:
            rubric_errors = _split_criteria_errors(form, exc)
        else:
            messages.success(request, _("Review round saved."))
            return redirect("reviews:round", pk=pk)
    context = _round_form_context(form, rows, round.call, round, rubric_errors) | {
        "breadcrumbs": _crumbs(round, (_("Edit"), None))
    }
    return render(request, "reviews/round_form.html", context)


@access(reads_rounds)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_get_for_user(request.user, pk)
    context = {
        "round": round,
        "criteria": round.criteria.all(),
        "counts": round_counts(round),
        "manages": runs_round(request.user, round),
        "sessions": round.panel_sessions.all(),
        "breadcrumbs": _crumbs(round),
    }
    return render(request, "reviews/round_detail.html", context)


@require_POST
@access(is_officer)
def assign_run(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_get_for_user(request.user, pk, write=True)
    try:
        job = services.assignment_run(actor=request.user, round=round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reviews:round", pk=pk)
    return redirect("core:job", pk=job.pk)


@access(reads_rounds)
def assignments(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_get_for_user(request.user, pk)
    only_open = request.GET.get("open") == "1"
    context = {
        "round": round,
        "page": Paginator(items_with_assignments(round, only_open=only_open), ITEMS_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "only_open": only_open,
        "report": round.assignment_report,
        "manages": runs_round(request.user, round),
        "open_places": services.open_places(round),
        "breadcrumbs": _crumbs(round, (_("Assignment"), None)),
    }
    return render(request, "reviews/assignments.html", context)


@access(is_officer)
def assignment_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """One item: its assignments and the best-suited experts, to adjust by hand."""
    round = round_get_for_user(request.user, pk, write=True)
    item = item_get_for_officer(request.user, round, item_pk)
    error = None
    if request.method == "POST":
        expert_id = request.POST.get("expert", "")
        expert = User.objects.filter(pk=int(expert_id)).first() if expert_id.isdigit() else None
        try:
            if expert is None:
                raise ValidationError({"expert": [_("Choose an expert.")]})
            services.assignment_add(
                actor=request.user,
                round=round,
                item=item,
                expert=expert,
                override_reason=request.POST.get("override_reason", ""),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("%(name)s added to %(code)s.") % {"name": expert.full_name, "code": item.code})
            return redirect("reviews:assignment_item", pk=pk, item_pk=item_pk)
    context = {
        "round": round,
        "item": item,
        "assigned": item.assignments.select_related("expert__expert_profile__unit").order_by("status"),
        "candidates": item_candidates(round, item),
        "error": error,
        "posted_expert": request.POST.get("expert", ""),
        "breadcrumbs": _crumbs(round, (_("Assignment"), f"/reviews/rounds/{pk}/assignments/"), (item.code, None)),
    }
    return render(request, "reviews/assignment_item.html", context)


@require_POST
@access(is_officer)
def assignment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for_officer(request.user, pk)
    try:
        services.assignment_withdraw(actor=request.user, assignment=assignment, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Expert taken off the application."))
    return redirect("reviews:assignment_item", pk=assignment.round_id, item_pk=assignment.item_id)


@require_POST
@access(is_officer)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_get_for_user(request.user, pk, write=True)
    try:
        result = services.round_invite(actor=request.user, round=round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)d invitations sent.") % {"n": result["sent"]})
        if result["dropped"]:
            messages.warning(
                request,
                _("%(n)d proposed experts now have a conflict and were not invited; others are being invited instead.")
                % {"n": result["dropped"]},
            )
    return redirect("reviews:round", pk=pk)


RESULTS_PER_PAGE = 100
ITEMS_PER_PAGE = 50


@access(reads_rounds)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_get_for_user(request.user, pk)
    totals = scoring.submitted_totals(round)
    rows = results_rows(round)
    if round.status not in (RoundStatus.CLOSED, RoundStatus.DRAFT):
        rows = scoring.results_apply(round, rows, totals)  # the provisional ranking, in memory (nothing saved)
    page = Paginator(rows, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    with_submitted_reviews(page.object_list)
    in_review = round.status == RoundStatus.IN_REVIEW
    context = {
        "round": round,
        "page": page,
        "blockers": scoring.results_blockers(round, totals) if in_review else [],
        "short": scoring.results_short(round, totals) if in_review else [],
        "short_error": request.session.pop("reviews_short_error", ""),
        "manages": runs_round(request.user, round),
        "breadcrumbs": _crumbs(round, (_("Results"), None)),
    }
    return render(request, "reviews/results.html", context)


@require_POST
@access(is_officer)
def results_publish(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_get_for_user(request.user, pk, write=True)
    try:
        scoring.results_publish(actor=request.user, round=round, short_reason=request.POST.get("short_reason", ""))
    except ValidationError as exc:
        errors = errors_by_field(exc)
        if "short_reason" in errors:
            request.session["reviews_short_error"] = " ".join(errors["short_reason"])
        else:
            messages.error(request, " ".join(m for ms in errors.values() for m in ms))
    else:
        messages.success(request, _("Results published; the scores now rank the funding list."))
    return redirect("reviews:results", pk=pk)


@require_POST
@access(is_officer)
def deadline_extend(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_get_for_user(request.user, pk, write=True)
    field = forms.DateTimeField()
    try:
        deadline = field.clean(request.POST.get("deadline", ""))
        services.review_round_deadline_extend(
            actor=request.user, round=round, deadline=deadline, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Scoring deadline extended; the experts have been notified."))
    return redirect("reviews:round", pk=pk)


@access(reads_rounds)
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The results with every expert's total (officers and oversight only)."""
    round = round_get_for_user(request.user, pk)
    headers = [_("Rank"), _("Review number"), _("Project title"), _("Unit"), _("Score"), _("Standard deviation")]
    headers += [_("Flagged for discussion"), _("Expert"), _("Expert's total"), _("Recommendation")]
    rows = []
    items = results_rows(round)
    if round.status not in (RoundStatus.CLOSED, RoundStatus.DRAFT):
        items = scoring.results_apply(round, items)
    with_submitted_reviews(items)
    for item in items:
        base = [item.rank, item.code, item.application.title, item.application.unit.name, item.score, item.spread]
        base.append(_("Yes") if item.flagged else "")
        for assignment in item.accepted or [None]:
            review = assignment.review if assignment else None
            rows.append(
                base
                + (
                    [assignment.expert.full_name, review.total, review.get_recommendation_display()]
                    if review
                    else ["", "", ""]
                )
            )
    with transaction.atomic():
        audit_record(actor=request.user, action="review_round.export", target=round)
    response = HttpResponse(
        workbook_bytes(headers, rows, title=_("Results")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"评审结果-{round.pk}.xlsx")
    return response


@require_POST
@access(is_officer)
def review_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("assignment__round__call__program"), pk=pk)
    if not runs_round(request.user, review.assignment.round):
        raise Http404
    try:
        scoring.review_reopen(actor=request.user, review=review, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Review reopened; the expert has been notified."))
    return redirect("reviews:results", pk=review.assignment.round_id)


# --- officer: panel sessions ----------------------------------------------------------------
@access(is_officer)
def panel_new(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_get_for_user(request.user, pk, write=True)
    form = PanelSessionForm(
        request.POST or None, initial={"title": _("%(round)s: panel review") % {"round": round.title}}
    )
    experts = (
        User.objects.filter(review_assignments__round=round, review_assignments__status=AssignmentStatus.ACCEPTED)
        .distinct()
        .order_by("full_name")
    )
    items = round.items.select_related("application").order_by("rank", "code")
    if request.method == "POST" and form.is_valid():
        try:
            session = panels.panel_session_create(
                actor=request.user,
                round=round,
                title=form.cleaned_data["title"],
                held_at=form.cleaned_data["held_at"],
                place=form.cleaned_data["place"],
                attendees=experts.filter(pk__in=_ints(request.POST.getlist("attendees"))),
                items=items.filter(pk__in=_ints(request.POST.getlist("items"))),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Panel session opened for voting."))
            return redirect("reviews:panel", pk=session.pk)
    context = {
        "round": round,
        "form": form,
        "experts": experts,
        "items": items,
        "chosen_experts": request.POST.getlist("attendees"),
        "chosen_items": request.POST.getlist("items"),
        "breadcrumbs": _crumbs(round, (_("New panel session"), None)),
    }
    return render(request, "reviews/panel_form.html", context)


@access(is_officer)
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_officer(request.user, pk)
    items = list(session.items.select_related("application").order_by("code"))
    cast = dict(PanelVote.objects.filter(session=session).values_list("item").annotate(n=Count("pk")).order_by())
    context = {
        "session": session,
        "round": session.round,
        "items": [(item, cast.get(item.pk, 0), session.results.get(str(item.pk))) for item in items],
        "attendees": session.attendees.order_by("full_name"),
        "breadcrumbs": _crumbs(session.round, (session.title, None)),
    }
    return render(request, "reviews/panel_detail.html", context)


@require_POST
@access(is_officer)
def panel_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_officer(request.user, pk)
    try:
        panels.panel_session_close(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Voting closed and the results recorded."))
    return redirect("reviews:panel", pk=pk)


# --- expert: workspace ----------------------------------------------------------------------
@access(is_expert)
def mine(request: HttpRequest) -> HttpResponse:
    sessions = request.user.panel_sessions.filter(status=SessionStatus.OPEN).select_related("round")
    context = {
        "assignments": expert_assignments(request.user),
        "sessions": sessions,
        "breadcrumbs": [(_("My reviews"), None)],
    }
    return render(request, "reviews/mine.html", context)


def _expert_files(assignment) -> list[tuple[int, object]]:
    """The attachments an expert receives, numbered; blind rounds leave out the identifying kinds."""
    files = attachments_of(assignment.item.application).order_by("uploaded_at", "pk")
    if assignment.round.blind:
        files = files.exclude(kind__in=IDENTIFYING_KINDS)
    return list(enumerate(files, start=1))


def _blinded(assignment):
    """The application as this expert may see it (identity masked in blind rounds)."""
    application = assignment.item.application
    blind = assignment.round.blind
    terms = identity_terms(application) if blind else []

    def text(value):
        return redact(value, terms) if blind else value

    files = [
        {"pk": f.pk, "name": blind_file_name(n, f.extension) if blind else f.original_name, "size": f.size}
        for n, f in _expert_files(assignment)
    ]
    return {
        "title": text(application.title),
        "topic": application.topic,
        "discipline_codes": application.discipline_codes,
        "keywords": text(application.keywords),
        "abstract": text(application.abstract),
        "objectives": text(application.objectives),
        "indicators": [
            {"name": text(i.get("name", "")), "target": text(i.get("target", ""))} for i in application.indicators or []
        ],
        "budget_rows": [(label, application.budget.get(key, {})) for key, label in BUDGET_CATEGORIES.items()],
        "start_date": application.start_date,
        "end_date": application.end_date,
        "files": files,
        "blind": blind,
        "pi": None if blind else application.pi.full_name,
        "unit": None if blind else application.unit.name,
        "team": [] if blind else application.team,
        "cooperation_units": [] if blind else application.cooperation_units,
    }


@access(is_expert)
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for_expert(request.user, pk)
    round = assignment.round
    review = Review.objects.filter(assignment=assignment).first()
    confirmed = assignment.no_conflict_confirmed_at is not None
    criteria = list(round.criteria.all())
    values = request.POST if request.method == "POST" else None
    errors: dict = {}
    if request.method == "POST" and review is not None:
        submit = "submit" in request.POST
        try:
            review = scoring.review_save(
                actor=request.user,
                review=review,
                data=request.POST,
                version=_int(request.POST.get("version")),
                submit=submit,
            )
        except EditConflict:
            errors["general"] = [
                _(
                    "This review was saved in another window. "
                    "Your entries are kept below; reload to see the other version."
                )
            ]
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("Review submitted; it is now locked.") if submit else _("Draft saved."))
            return redirect("reviews:assignment", pk=pk)
    stored = review.scores if review else {}
    rows = [
        {
            "criterion": c,
            "value": (values.get(f"score_{c.pk}", "") if values is not None else stored.get(str(c.pk), "")),
            "errors": errors.get(f"score_{c.pk}", []),
        }
        for c in criteria
    ]
    context = {
        "assignment": assignment,
        "round": round,
        "review": review,
        "confirmed": confirmed,
        "shown": _blinded(assignment) if confirmed else None,
        "title": redact(assignment.item.application.title, identity_terms(assignment.item.application))
        if round.blind
        else assignment.item.application.title,
        "rows": rows,
        "comment": values.get("comment", "") if values is not None else (review.comment if review else ""),
        "recommendation": values.get("recommendation", "")
        if values is not None
        else (review.recommendation if review else ""),
        "recommendations": Recommendation.choices,
        "errors": errors,
        "locked": review is not None and review.status == ReviewStatus.SUBMITTED,
        "breadcrumbs": [(_("My reviews"), "reviews:mine"), (assignment.item.code, None)],
    }
    return render(request, "reviews/assignment.html", context)


@require_POST
@access(is_expert)
def assignment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for_expert(request.user, pk)
    accept = request.POST.get("answer") == "accept"
    try:
        services.invitation_answer(
            actor=request.user, assignment=assignment, accept=accept, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, _("To decline, give a reason.") if not accept else " ".join(exc.messages))
        return redirect("reviews:assignment", pk=pk)
    if accept:
        messages.success(
            request, _("Invitation accepted. Confirm that you have no conflict of interest to open the application.")
        )
        return redirect("reviews:assignment", pk=pk)
    messages.success(request, _("Invitation declined. Thank you for letting us know."))
    return redirect("reviews:mine")


@require_POST
@access(is_expert)
def assignment_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for_expert(request.user, pk)
    if request.POST.get("declare"):
        try:
            services.conflict_declare(actor=request.user, assignment=assignment, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reviews:assignment", pk=pk)
        messages.success(
            request,
            _("Conflict declared. The application has been taken off your list and another expert will be invited."),
        )
        return redirect("reviews:mine")
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you have no conflict of interest."))
        return redirect("reviews:assignment", pk=pk)
    services.no_conflict_confirm(actor=request.user, assignment=assignment)
    return redirect("reviews:assignment", pk=pk)


def _int(text) -> int:
    """A posted integer; 0 for anything else (a stale or tampered form fails the lock, not the server)."""
    text = str(text or "").strip()
    return int(text) if text.isdigit() else 0


def _ints(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _confirmed_assignment(user, pk):
    assignment = assignment_get_for_expert(user, pk)
    if assignment.status != AssignmentStatus.ACCEPTED or assignment.no_conflict_confirmed_at is None:
        raise Http404
    return assignment


@access(is_expert)
def assignment_file(request: HttpRequest, pk: int, file_pk) -> HttpResponse:
    """An attachment of the application, renamed and stripped of metadata in blind rounds."""
    assignment = _confirmed_assignment(request.user, pk)
    number, attachment = next(((n, f) for n, f in _expert_files(assignment) if str(f.pk) == str(file_pk)), (None, None))
    if attachment is None:
        raise Http404
    try:
        data = attachment_read(actor=request.user, attachment=attachment)
    except IntegrityError:
        return _plain(_("This file is damaged and cannot be downloaded."), 409)
    name = attachment.original_name
    if assignment.round.blind:
        name = blind_file_name(number, attachment.extension)
        try:
            data = attachment_clean(data, attachment.extension)
        except CannotClean:
            return _plain(
                _(
                    "This file cannot be stripped of the applicant's identity (e.g. an old .doc or .xls file, "
                    "or a damaged PDF) and is withheld in blind review. Ask the program officer for a PDF copy."
                ),
                409,
            )
    response = HttpResponse(data, content_type=CONTENT_TYPES.get(attachment.extension, "application/octet-stream"))
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@access(is_expert)
def review_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The expert's own scoresheet (专家评审意见表) as a PDF; blind rounds leave identity and metadata out."""
    assignment = _confirmed_assignment(request.user, pk)
    review = get_object_or_404(Review, assignment=assignment)
    criteria = list(assignment.round.criteria.all())
    context = {
        "assignment": assignment,
        "shown": _blinded(assignment),
        "review": review,
        "rows": [(c, review.scores.get(str(c.pk), "")) for c in criteria],
    }
    pdf = render_pdf(
        "reviews/review_pdf.html",
        context,
        metadata=PdfMetadata(title=f"专家评审意见表 {assignment.item.code}"),
        clear_metadata=assignment.round.blind,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"评审意见表-{assignment.item.code}.pdf")
    return response


@access(is_expert)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_expert(request.user, pk)
    items = list(session.items.select_related("application__unit", "application__pi").order_by("rank", "code"))
    recused = panels.recusals(session.round, items, [request.user])
    if request.method == "POST":
        item = next((i for i in items if str(i.pk) == request.POST.get("item")), None)
        if item is None:
            raise Http404
        try:
            panels.panel_vote_cast(actor=request.user, session=session, item=item, vote=request.POST.get("vote", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Vote recorded for %(code)s.") % {"code": item.code})
        return redirect("reviews:vote", pk=pk)
    mine = dict(PanelVote.objects.filter(session=session, expert=request.user).values_list("item", "vote"))
    blind = session.round.blind
    rows = [
        {
            "item": item,
            "title": redact(item.application.title, identity_terms(item.application))
            if blind
            else item.application.title,
            "vote": mine.get(item.pk, ""),
        }
        for item in items
        if (item.pk, request.user.pk) not in recused  # a conflicted expert does not even see the item
    ]
    context = {
        "session": session,
        "rows": rows,
        "votes": Vote.choices,
        "breadcrumbs": [(_("My reviews"), "reviews:mine"), (session.title, None)],
    }
    return render(request, "reviews/vote.html", context)


# --- applicant: feedback and avoidance requests ---------------------------------------------
@access(is_applicant)
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    item = feedback_item_get(request.user, pk)
    context = {
        "item": item,
        "comments": scoring.feedback_for(item),
        "breadcrumbs": [(_("My applications"), "applications:mine"), (_("Review comments"), None)],
    }
    return render(request, "reviews/feedback.html", context)


@access(is_applicant)
def feedback_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = feedback_item_get(request.user, pk)
    pdf = render_pdf(
        "reviews/feedback_pdf.html",
        {"item": item, "comments": scoring.feedback_for(item)},
        metadata=PdfMetadata(title=f"专家评审意见反馈 {item.code}"),
        clear_metadata=True,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"评审意见反馈-{item.code}.pdf")
    return response


@access(is_applicant)
def avoidances(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(request.user, pk)
    if application.pi_id != request.user.pk:
        raise Http404
    errors: dict = {}
    if request.method == "POST":
        try:
            services.avoidance_request_add(
                actor=request.user,
                application=application,
                name=request.POST.get("name", ""),
                unit_name=request.POST.get("unit_name", ""),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("Avoidance request saved."))
            return redirect("reviews:avoidances", pk=pk)
    context = {
        "application": application,
        "requests": AvoidanceRequest.objects.filter(application=application),
        "limit": MAX_APPLICANT_AVOIDANCES,
        "errors": errors,
        "posted": request.POST,
        "breadcrumbs": [
            (_("My applications"), "applications:mine"),
            (application.title, f"/applications/{pk}/"),
            (_("Experts to avoid"), None),
        ],
    }
    return render(request, "reviews/avoidances.html", context)


@require_POST
@access(is_applicant)
def avoidance_remove(request: HttpRequest, pk: int) -> HttpResponse:
    request_row = (
        AvoidanceRequest.objects.select_related("application").filter(pk=pk, application__pi=request.user).first()
    )
    if request_row is None:
        raise Http404
    try:
        services.avoidance_request_remove(actor=request.user, request=request_row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reviews:avoidances", pk=request_row.application_id)
