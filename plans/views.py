"""Officers' pages for programs and calls (申报指南)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from attachments.selectors import attachments_of
from attachments.services import attachment_store
from core.access import access
from core.forms import apply_errors
from plans import services
from plans.forms import CallForm, ChallengeForm, NoticeFileForm, QuotaForm, TopicForm
from plans.models import CallStatus
from plans.permissions import call_get_for_user, can_create_calls, is_staff_reader, runs_call
from plans.selectors import call_list

CRUMB = (_("Calls"), "/plans/calls/")


@access(is_staff_reader)
def calls(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    mine = request.GET.get("mine") == "1"
    offices = request.user.scopes(Role.OFFICER, "office") if mine else None
    page = Paginator(call_list(status=status, office_ids=offices), 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "mine": mine,
        "statuses": CallStatus.choices,
        "can_create": can_create_calls.test(request.user),
        "breadcrumbs": [(_("Calls"), None)],
    }
    return render(request, "plans/calls.html", context)


@access(can_create_calls)
def call_new(request: HttpRequest) -> HttpResponse:
    form = CallForm(data=request.POST or None, offices=request.user.scopes(Role.OFFICER, "office"))
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Call drafted. Add its topics, then publish it."))
            return redirect("plans:call", pk=call.pk)
    return render(request, "plans/call_form.html", {"form": form, "breadcrumbs": [CRUMB, (_("New call"), None)]})


@access(is_staff_reader)
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_get_for_user(request.user, pk, write=True)
    form = CallForm(data=request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(actor=request.user, call=call, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Call settings saved."))
            return redirect("plans:call", pk=call.pk)
    crumbs = [CRUMB, (call.title, f"/plans/calls/{call.pk}/"), (_("Edit"), None)]
    return render(request, "plans/call_form.html", {"form": form, "call": call, "breadcrumbs": crumbs})


SUBFORMS = {"topic": TopicForm, "challenge": ChallengeForm, "quota": QuotaForm, "file": NoticeFileForm}


def _save_subform(request: HttpRequest, call, name: str, form) -> None:
    data = form.cleaned_data
    if name == "topic":
        services.topic_add(actor=request.user, call=call, **data)
    elif name == "challenge":
        services.challenge_add(actor=request.user, call=call, **data)
    elif name == "quota":
        services.quota_set(actor=request.user, call=call, **data)
    else:
        attachment_store(actor=request.user, owner=call, upload=data["file"], kind="notice")


@access(is_staff_reader)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_get_for_user(request.user, pk)
    editable = runs_call(request.user, call) and call.status != CallStatus.CLOSED
    forms = {name: cls(prefix=name) for name, cls in SUBFORMS.items()}
    if request.method == "POST":
        name = request.POST.get("form", "")
        if not editable or name not in SUBFORMS:
            raise PermissionDenied
        form = forms[name] = SUBFORMS[name](data=request.POST, files=request.FILES, prefix=name)
        if form.is_valid():
            try:
                _save_subform(request, call, name, form)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("plans:call", pk=call.pk)
    context = {
        "call": call,
        "editable": editable,
        "forms": forms,
        "topics": call.topics.all(),
        "challenges": call.challenges.all(),
        "quotas": call.quotas.select_related("recommender__region"),
        "files": attachments_of(call),
        "attachment_kinds": [services.ATTACHMENT_KINDS.get(k, k) for k in call.required_attachments],
        "transitions": services.CALL_WORKFLOW.available(call, request.user),
        "breadcrumbs": [CRUMB, (call.title, None)],
    }
    return render(request, "plans/call_detail.html", context)


@require_POST
@access(is_staff_reader)
def call_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    call = call_get_for_user(request.user, pk, write=True)
    action = {"publish": services.call_publish, "close": services.call_close}.get(name)
    if action is None:
        raise PermissionDenied
    try:
        action(actor=request.user, call=call)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        call.refresh_from_db(fields=["status"])
        messages.success(request, _("The call is now: %(status)s.") % {"status": call.get_status_display()})
    return redirect("plans:call", pk=call.pk)
