"""One ledger item: its page (four clarities, milestones, evidence, history) and every action on it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from attachments.selectors import attachments_of
from core.access import access
from core.errors import EditConflict
from core.forms import apply_errors, errors_by_field
from rectification import services
from rectification.forms import EvidenceForm, ItemEditForm, MilestoneEditForm, MilestoneForm
from rectification.models import RectificationMilestone, RectificationStatus
from rectification.permissions import (
    can_manage,
    can_work_on,
    rectification_item_get_for_user,
    uses_ledger,
)
from rectification.selectors import item_state, milestone_state, soon_limit, state_labels
from rectification.views.ledger import HOME

CONFLICT = gettext_lazy(
    "This item was changed by someone else after you opened it. Your text is kept below: "
    "reload to see the latest version, then apply your changes again."
)


def _parse_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def item_page(request: HttpRequest, item, *, errors: dict | None = None, status: int = 200, **forms) -> HttpResponse:
    """The item page; a failed action re-renders it with its errors and the typed values."""
    today = timezone.localdate()
    soon = soon_limit(today)
    user = request.user
    milestones = [(m, milestone_state(m, today, soon)) for m in item.milestones.all()]
    context = {
        "item": item,
        "state": item_state(item, today, soon),
        "labels": state_labels(),
        "milestones": milestones,
        "events": item.events.select_related("actor"),
        "evidence": attachments_of(item, kind=services.EVIDENCE).select_related("uploaded_by"),
        "can_work": can_work_on(user, item),
        "can_manage": can_manage(user, item),
        "transitions": {t.name for t in services.ITEM_WORKFLOW.available(item, user)},
        "committed": services.is_committed(item),
        "milestone_form": forms.get("milestone_form") or MilestoneForm(),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "errors": errors or {},
        "values": request.POST if errors else {},
        "today": today,
        "in_progress": item.status == RectificationStatus.IN_PROGRESS,
        "breadcrumbs": [HOME, (item.number, None)],
    }
    return render(request, "rectification/item.html", context, status=status)


@access(uses_ledger)
def item(request: HttpRequest, pk: int) -> HttpResponse:
    return item_page(request, rectification_item_get_for_user(request.user, pk))


def _initial(item) -> dict:
    names = ("problem", "goal", "deadline", "measures", "commitment", "is_public", "internal_note", "version")
    return {name: getattr(item, name) for name in names} | {"office": item.office, "responsible": item.responsible}


@access(uses_ledger)
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = rectification_item_get_for_user(request.user, pk, write=True)
    form = ItemEditForm(data=request.POST if request.method == "POST" else None, initial=_initial(item))
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            updated = services.rectification_item_update(actor=request.user, item=item, **data)
        except EditConflict:
            conflict = True
            form.add_error(None, CONFLICT)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if updated.status != item.status:
                messages.success(
                    request, _("All four clarities and the commitment are set: the item is now under rectification.")
                )
            else:
                messages.success(request, _("The item was saved."))
            return redirect("rectification:item", pk=item.pk)
    context = {
        "item": item,
        "form": form,
        "conflict": conflict,
        "breadcrumbs": [HOME, (item.number, reverse("rectification:item", args=[item.pk])), (_("Edit"), None)],
    }
    return render(
        request, "rectification/item_edit.html", context, status=409 if conflict else 400 if form.errors else 200
    )


@require_POST
@access(uses_ledger)
def milestone_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = rectification_item_get_for_user(request.user, pk, write=True)
    form = MilestoneForm(data=request.POST)
    if form.is_valid():
        try:
            services.milestone_add(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Milestone added."))
            return redirect("rectification:item", pk=item.pk)
    return item_page(request, item, milestone_form=form, status=400)


def _milestone_for(user, pk: int) -> RectificationMilestone:
    milestone = RectificationMilestone.objects.filter(pk=pk).first()
    if milestone is None:
        raise Http404
    milestone.item = rectification_item_get_for_user(user, milestone.item_id, write=True)
    return milestone


@access(uses_ledger)
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone_for(request.user, pk)
    item = milestone.item
    initial = {"title": milestone.title, "starts_on": milestone.starts_on, "due_on": milestone.due_on}
    form = MilestoneEditForm(
        data=request.POST if request.method == "POST" else None, initial=initial | {"version": milestone.version}
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(actor=request.user, milestone=milestone, **form.cleaned_data)
        except EditConflict:
            conflict = True
            form.add_error(None, CONFLICT)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Milestone saved."))
            return redirect("rectification:item", pk=item.pk)
    context = {
        "item": item,
        "milestone": milestone,
        "form": form,
        "breadcrumbs": [HOME, (item.number, reverse("rectification:item", args=[item.pk])), (milestone.title, None)],
    }
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, "rectification/milestone_edit.html", context, status=status)


@require_POST
@access(uses_ledger)
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone_for(request.user, pk)
    try:
        services.milestone_done(
            actor=request.user, milestone=milestone, done_on=_parse_date(request.POST.get("done_on", ""))
        )
    except ValidationError as exc:
        errors = {f"milestone_{milestone.pk}": errors_by_field(exc)}
        return item_page(request, milestone.item, errors=errors, status=400)
    messages.success(request, _("Milestone marked as reached."))
    return redirect("rectification:item", pk=milestone.item_id)


@require_POST
@access(uses_ledger)
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    item = rectification_item_get_for_user(request.user, pk, write=True)
    try:
        services.progress_report(actor=request.user, item=item, text=request.POST.get("text", ""))
    except ValidationError as exc:
        return item_page(request, item, errors={"progress": errors_by_field(exc)}, status=400)
    messages.success(request, _("Progress recorded."))
    return redirect("rectification:item", pk=item.pk)


@require_POST
@access(uses_ledger)
def weekly_check(request: HttpRequest, pk: int) -> HttpResponse:
    item = rectification_item_get_for_user(request.user, pk)
    if not can_manage(request.user, item):
        raise Http404
    try:
        services.weekly_check_record(actor=request.user, item=item, text=request.POST.get("text", ""))
    except ValidationError as exc:
        return item_page(request, item, errors={"check": errors_by_field(exc)}, status=400)
    messages.success(request, _("Weekly check recorded."))
    return redirect("rectification:item", pk=item.pk)


@require_POST
@access(uses_ledger)
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = rectification_item_get_for_user(request.user, pk, write=True)
    form = EvidenceForm(data=request.POST, files=request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(actor=request.user, item=item, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Evidence file added."))
            return redirect("rectification:item", pk=item.pk)
    return item_page(request, item, evidence_form=form, status=400)


@require_POST
@access(uses_ledger)
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    item = rectification_item_get_for_user(request.user, pk, write=True)
    try:
        services.completion_report(
            actor=request.user,
            item=item,
            text=request.POST.get("text", ""),
            completed_on=_parse_date(request.POST.get("completed_on", "")),
        )
    except ValidationError as exc:
        return item_page(request, item, errors={"complete": errors_by_field(exc)}, status=400)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Completion reported: the supervisors will review it."))
    return redirect("rectification:item", pk=item.pk)


@require_POST
@access(uses_ledger)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisors' review of a reported completion: close (销号) or send back with a reason."""
    item = rectification_item_get_for_user(request.user, pk)
    if not can_manage(request.user, item):
        raise Http404
    decision = request.POST.get("decision", "")
    text = request.POST.get("text", "")
    try:
        if decision == "close":
            services.rectification_item_close(actor=request.user, item=item, opinion=text)
            messages.success(request, _("The item was closed (struck off the ledger)."))
        elif decision == "send_back":
            services.rectification_item_send_back(actor=request.user, item=item, reason=text)
            messages.success(request, _("The item was sent back to the responsible office."))
        else:
            raise ValidationError({"decision": [_("Choose to close the item or to send it back.")]})
    except ValidationError as exc:
        found = errors_by_field(exc)
        if "reason" in found:
            found["text"] = found.pop("reason")
        return item_page(request, item, errors={"review": found}, status=400)
    return redirect("rectification:item", pk=item.pk)


@require_POST
@access(uses_ledger)
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    item = rectification_item_get_for_user(request.user, pk)
    if not can_manage(request.user, item):
        raise Http404
    try:
        services.rectification_item_reopen(actor=request.user, item=item, reason=request.POST.get("text", ""))
    except ValidationError as exc:
        found = errors_by_field(exc)
        if "reason" in found:
            found["text"] = found.pop("reason")
        return item_page(request, item, errors={"reopen": found}, status=400)
    messages.success(request, _("The item was reopened."))
    return redirect("rectification:item", pk=item.pk)
