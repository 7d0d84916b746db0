"""Funding lists: score entry, proposal, joint sign-off, publicity, objections, final approval."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals import services
from approvals.forms import AnswerForm, ListMetaForm, SignOffForm
from approvals.models import LEADER_SEAT, FundingList, ListStatus, Objection, ScoreSource
from approvals.permissions import funding_list_get_for_user, runs_list, signs_for
from approvals.selectors import lists_for_user, ready_calls_for
from audit.services import audit_record
from core.access import access
from core.forms import apply_errors
from plans.permissions import call_get_for_user, is_officer, is_staff_reader

CRUMB = (_("Approval and publicity"), "approvals:index")


@access(is_staff_reader)
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "lists": lists_for_user(request.user),
        "ready_calls": ready_calls_for(request.user),
        "breadcrumbs": [(_("Approval and publicity"), None)],
    }
    return render(request, "approvals/index.html", context)


@access(is_officer)
def scores(request: HttpRequest, call_id: int) -> HttpResponse:
    """Manual score entry, clearly marked, standing in until the expert review module delivers scores."""
    call = call_get_for_user(request.user, call_id, write=True)
    candidates = services.ranked_candidates(call)
    errors: dict[int, str] = {}
    if request.method == "POST":
        try:
            with transaction.atomic():
                for application in candidates:
                    raw = request.POST.get(f"score-{application.pk}", "").strip()
                    if not raw:
                        continue
                    try:
                        services.review_score_record(
                            actor=request.user,
                            application=application,
                            score=raw,
                            source=ScoreSource.MANUAL,
                            note=request.POST.get(f"note-{application.pk}", ""),
                        )
                    except ValidationError as exc:
                        errors[application.pk] = " ".join(exc.messages)
                if errors:
                    raise ValidationError("rolled back")
        except ValidationError:
            messages.error(request, _("Nothing was saved; correct the marked scores."))
        else:
            messages.success(request, _("Scores saved."))
            return redirect("approvals:scores", call_id=call.pk)
    rows = [
        {
            "application": a,
            "value": request.POST.get(f"score-{a.pk}", "")
            if request.method == "POST"
            else getattr(getattr(a, "review_score", None), "score", ""),
            "note": request.POST.get(f"note-{a.pk}", "")
            if request.method == "POST"
            else getattr(getattr(a, "review_score", None), "note", ""),
            "error": errors.get(a.pk, ""),
        }
        for a in candidates
    ]
    context = {
        "call": call,
        "rows": rows,
        "frozen": FundingList.objects.filter(call=call).exclude(status=ListStatus.DRAFT).exists(),
        "breadcrumbs": [CRUMB, (call.title, None), (_("Review scores"), None)],
    }
    return render(request, "approvals/scores.html", context)


@require_POST
@access(is_officer)
def open_list(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_get_for_user(request.user, call_id, write=True)
    try:
        funding_list = services.funding_list_open(actor=request.user, call=call)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("approvals:index")
    return redirect("approvals:detail", pk=funding_list.pk)


def _detail_context(request: HttpRequest, funding_list: FundingList, **extra) -> dict:
    user = request.user
    runs = runs_list(user, funding_list)
    items = list(funding_list.items.select_related("application__unit", "application__pi", "application__project"))
    on_list = {item.application_id: item for item in items}
    candidates = []
    if runs and funding_list.status == ListStatus.DRAFT:
        for application in services.ranked_candidates(funding_list.call):
            item = on_list.get(application.pk)
            candidates.append(
                {
                    "application": application,
                    "score": getattr(getattr(application, "review_score", None), "score", None),
                    "source": getattr(getattr(application, "review_score", None), "source", ""),
                    "included": item is not None,
                    "grant": item.grant if item else application.grant_total,
                }
            )
    seats = signs_for(user, funding_list)
    seat_labels = dict([(f"office-{o.pk}", o.name) for o in funding_list.offices.all()] + [(LEADER_SEAT, _("Leader"))])
    current = {s.seat: s for s in funding_list.sign_offs.filter(round=funding_list.sign_off_round)}
    objections = list(funding_list.objections.select_related("item__application", "answered_by"))
    answering, bound = extra.pop("answering", None), extra.pop("answer_form", None)
    for objection in objections:
        objection.answer_form = bound if objection.pk == answering else AnswerForm(prefix=f"o{objection.pk}")
    context = {
        "funding_list": funding_list,
        "call": funding_list.call,
        "runs": runs,
        "items": items,
        "candidates": candidates,
        "meta_form": ListMetaForm(initial={"offices": funding_list.offices.all(), "note": funding_list.note}),
        "seat_status": [(label, current.get(seat)) for seat, label in seat_labels.items()],
        "history": funding_list.sign_offs.exclude(round=funding_list.sign_off_round).select_related("signer", "office"),
        "sign_form": SignOffForm(seats=[(s, seat_labels.get(s, s)) for s in seats]) if seats else None,
        "objections": objections,
        "open_objections": sum(1 for o in objections if o.is_open),
        "publicity_over": bool(funding_list.publicity_ends_at and timezone.now() >= funding_list.publicity_ends_at),
        "projects": [item.application.project for item in items if hasattr(item.application, "project")]
        if funding_list.status == ListStatus.FINAL
        else [],
        "breadcrumbs": [CRUMB, (funding_list.call.title, None)],
    }
    context.update(extra)
    return context


@access(is_staff_reader)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    funding_list = funding_list_get_for_user(request.user, pk)
    return render(request, "approvals/detail.html", _detail_context(request, funding_list))


@require_POST
@access(is_officer)
def save(request: HttpRequest, pk: int) -> HttpResponse:
    funding_list = funding_list_get_for_user(request.user, pk, write=True)
    form = ListMetaForm(data=request.POST)
    included = {int(v) for v in request.POST.getlist("include") if v.isdigit()}
    grants = {app_id: request.POST.get(f"grant-{app_id}", "") for app_id in included}
    if form.is_valid():
        try:
            services.funding_list_save(
                actor=request.user,
                funding_list=funding_list,
                version=int(request.POST.get("version", "0") or 0),
                grants=grants,
                offices=list(form.cleaned_data["offices"]),
                note=form.cleaned_data["note"],
            )
        except services.EditConflict:
            messages.error(
                request,
                _("Someone else changed this list after you opened it. Reload the page; your changes were not saved."),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Funding list saved."))
            return redirect("approvals:detail", pk=pk)
    context = _detail_context(request, funding_list, meta_form=form)
    for row in context["candidates"]:  # keep what was typed
        row["included"] = row["application"].pk in included
        row["grant"] = request.POST.get(f"grant-{row['application'].pk}", row["grant"])
    return render(request, "approvals/detail.html", context, status=400)


ACTIONS = {
    "submit": (services.funding_list_submit, _("The list was sent to joint sign-off.")),
    "publish": (services.publicity_start, _("The list is published on the portal for publicity.")),
    "finalize": (services.funding_list_finalize, _("The list is approved; the projects are created.")),
}


@require_POST
@access(is_officer)
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    funding_list = funding_list_get_for_user(request.user, pk, write=True)
    if name not in ACTIONS:
        raise Http404
    action, done_message = ACTIONS[name]
    try:
        action(actor=request.user, funding_list=funding_list)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done_message)
    return redirect("approvals:detail", pk=pk)


@require_POST
@access(is_staff_reader)
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    funding_list = funding_list_get_for_user(request.user, pk)
    seats = signs_for(request.user, funding_list)
    if not seats:
        raise PermissionDenied
    form = SignOffForm(data=request.POST, seats=[(s, s) for s in seats])
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.sign_off(
            actor=request.user,
            funding_list=funding_list,
            seat=form.cleaned_data["seat"],
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your sign-off is recorded."))
    return redirect("approvals:detail", pk=pk)


def _objection_for_officer(user, pk: int, objection_id: int) -> Objection:
    funding_list = funding_list_get_for_user(user, pk, write=True)
    objection = funding_list.objections.filter(pk=objection_id).first()
    if objection is None:
        raise Http404
    return objection


@require_POST
@access(is_officer)
def answer(request: HttpRequest, pk: int, objection_id: int) -> HttpResponse:
    objection = _objection_for_officer(request.user, pk, objection_id)
    form = AnswerForm(data=request.POST, prefix=f"o{objection.pk}")
    if form.is_valid():
        try:
            services.objection_answer(
                actor=request.user,
                objection=objection,
                answer=form.cleaned_data["answer"],
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The answer is recorded."))
            return redirect("approvals:detail", pk=pk)
    context = _detail_context(request, objection.funding_list, answer_form=form, answering=objection.pk)
    return render(request, "approvals/detail.html", context, status=400)


@require_POST
@access(is_officer)
def contact(request: HttpRequest, pk: int, objection_id: int) -> HttpResponse:
    """Reveal an objector's contact data to the officer running the call; the reveal is audited."""
    objection = _objection_for_officer(request.user, pk, objection_id)
    audit_record(
        actor=request.user, action="objection.reveal", target=objection, after={"fields": ["id_number", "phone"]}
    )
    return render(request, "approvals/partials/contact.html", {"objection": objection})
