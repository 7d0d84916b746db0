"""Applicants fill and submit applications; unit admins endorse or return them."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role
from applications import services
from applications.checks import formal_checks
from applications.forms import (
    COOPERATION_ROWS,
    INDICATOR_COLUMNS,
    INDICATOR_ROWS,
    TEAM_COLUMNS,
    TEAM_ROWS,
    ApplicationForm,
    StartForm,
    budget_from,
    cooperation_from,
    padded,
    table_rows,
)
from applications.models import BUDGET_CATEGORIES, Application, ApplicationStatus
from applications.permissions import BEFORE_ENDORSEMENT, EDITABLE, application_get_for_user, is_officer_of, is_pi
from applications.selectors import call_applications, call_statistics, quota_usage
from applications.tasks import check_duplicates
from attachments.selectors import attachments_of
from attachments.services import attachment_store
from audit.services import audit_record
from core.access import access
from core.charts import bar_chart
from core.excel import XLSX_CONTENT_TYPE, workbook_bytes
from core.forms import apply_errors
from core.jobs import job_start
from core.pdf import PdfMetadata, render_pdf
from plans.models import Call, CallStatus, RecommenderQuota
from plans.permissions import call_get_for_oversight
from plans.services import ATTACHMENT_KINDS

is_applicant = has_role(Role.APPLICANT)
is_unit_admin = has_role(Role.UNIT_ADMIN)
is_recommender = has_role(Role.RECOMMENDER)
is_checker = has_role(Role.UNIT_ADMIN, Role.RECOMMENDER, Role.OFFICER)
CRUMB = (_("My applications"), "/applications/")


@access(is_applicant)
def my_applications(request: HttpRequest) -> HttpResponse:
    mine = Application.objects.filter(pi=request.user).select_related("call", "topic")
    open_calls = [c for c in Call.objects.filter(status=CallStatus.PUBLISHED).select_related("program") if c.is_open]
    context = {"applications": mine, "open_calls": open_calls, "breadcrumbs": [(_("My applications"), None)]}
    return render(request, "applications/mine.html", context)


@access(is_applicant)
def start(request: HttpRequest, call_id: int) -> HttpResponse:
    call = Call.objects.filter(pk=call_id, status=CallStatus.PUBLISHED).first()
    if call is None or not call.is_open:
        messages.error(request, _("This call is not accepting applications now."))
        return redirect("applications:mine")
    form = StartForm(data=request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(actor=request.user, call=call, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("applications:edit", pk=application.pk)
    return render(
        request, "applications/start.html", {"form": form, "call": call, "breadcrumbs": [CRUMB, (call.title, None)]}
    )


def _edit_context(request: HttpRequest, application: Application, form: ApplicationForm, **extra) -> dict:
    return {
        "application": application,
        "form": form,
        "missing": services.missing_items(application),
        "team": padded(application.team, TEAM_ROWS, {}),
        "indicators": padded(application.indicators, INDICATOR_ROWS, {}),
        "cooperation": padded(application.cooperation_units, COOPERATION_ROWS, ""),
        "budget_rows": [(key, label, application.budget.get(key, {})) for key, label in BUDGET_CATEGORIES.items()],
        "files": attachments_of(application),
        "kinds": ATTACHMENT_KINDS.items(),
        "kind_labels": dict(ATTACHMENT_KINDS),
        "submit_key": uuid.uuid4().hex,
        "breadcrumbs": [CRUMB, (application.title, None)],
        **extra,
    }


def _save_from_post(request: HttpRequest, application: Application) -> tuple[ApplicationForm, Application | None]:
    application.refresh_from_db()  # the current version, reached through the access function above
    form = ApplicationForm(data=request.POST, instance=application)
    if not form.is_valid():
        return form, None
    changes = {name: form.cleaned_data[name] for name in form.fields}
    changes |= {
        "team": table_rows(request.POST, "team", TEAM_COLUMNS, TEAM_ROWS),
        "indicators": table_rows(request.POST, "indicator", INDICATOR_COLUMNS, INDICATOR_ROWS),
        "cooperation_units": cooperation_from(request.POST),
        "budget": budget_from(request.POST),
    }
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        raise services.EditConflict(application.pk) from None
    try:
        return form, services.application_save(actor=request.user, application=application, version=version, **changes)
    except ValidationError as exc:
        apply_errors(form, exc)
        return form, None


@access(is_applicant)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(request.user, pk)
    if application.status not in EDITABLE or not is_pi(request.user, application):
        return redirect("applications:detail", pk=pk)
    application = application_get_for_user(request.user, pk, write=True)
    form = ApplicationForm(instance=application)
    if request.method == "POST":
        try:
            form, saved = _save_from_post(request, application)
        except services.EditConflict:
            conflict = _(
                "This application was changed in another window since you opened it. "
                "Nothing was overwritten: reload the page to see the latest version, then redo your change."
            )
            if request.htmx:
                return render(request, "applications/partials/save_status.html", {"conflict": conflict}, status=409)
            messages.error(request, conflict)
            return redirect("applications:edit", pk=pk)
        if request.htmx:
            return render(
                request,
                "applications/partials/save_status.html",
                {"application": saved, "form": form, "saved_at": timezone.localtime()},
                status=200 if saved else 400,
            )
        if saved:
            messages.success(request, _("Draft saved."))
            return redirect("applications:edit", pk=pk)
    return render(request, "applications/edit.html", _edit_context(request, application, form))


@require_POST
@access(is_applicant)
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(request.user, pk, write=True)
    kind = request.POST.get("kind", "")
    upload_file = request.FILES.get("file")
    if kind not in ATTACHMENT_KINDS or upload_file is None:
        messages.error(request, _("Choose the kind of document and a file."))
    else:
        error = None
        with transaction.atomic():  # the same row lock as submission: no file lands after the receipt
            locked = Application.objects.select_for_update().get(pk=application.pk)
            if locked.status not in EDITABLE:
                raise PermissionDenied
            try:
                attachment_store(actor=request.user, owner=locked, upload=upload_file, kind=kind)
            except ValidationError as exc:
                error = exc  # the rejection is audited; keep that audit row
        if error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("File uploaded."))
    return redirect("applications:edit", pk=pk)


@require_POST
@access(is_applicant)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(request.user, pk)
    key = request.POST.get("key", "")
    if not key or len(key) > 64 or not is_pi(request.user, application):
        raise PermissionDenied
    try:
        receipt = services.application_submit(actor=request.user, application=application, key=key)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("applications:edit", pk=pk)
    return redirect("applications:receipt", pk=pk, number=receipt.number)


@access(has_role(Role.APPLICANT, Role.UNIT_ADMIN, Role.RECOMMENDER, Role.OFFICER, Role.LEADER, Role.SUPERVISOR))
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = application_get_for_user(user, pk)
    context = {
        "application": application,
        "files": attachments_of(application),
        "budget_rows": [(label, application.budget.get(key, {})) for key, label in BUDGET_CATEGORIES.items()],
        "receipts": application.receipts.all(),
        "kinds": dict(ATTACHMENT_KINDS),
        "decisions": [
            t
            for t in services.APPLICATION_WORKFLOW.available(application, request.user)
            if t.name in services.DECISIONS
        ],
        "checks": formal_checks(application) if is_officer_of(request.user, application) else None,
        "duplicates": application.duplicate_reports.first() if is_officer_of(request.user, application) else None,
        "is_pi": is_pi(request.user, application),
        # Expert review results, once published (the reviews app's items; anonymous comments only).
        "review_feedback": application.review_items.filter(round__status="closed").select_related("round")
        if is_pi(request.user, application)
        else [],
        "breadcrumbs": [
            CRUMB if is_pi(request.user, application) else (_("Applications"), None),
            (application.title, None),
        ],
    }
    return render(request, "applications/detail.html", context)


@access(is_applicant)
def receipt(request: HttpRequest, pk: int, number: str) -> HttpResponse:
    application = application_get_for_user(request.user, pk)
    found = application.receipts.filter(number=number).first()
    if found is None or not is_pi(request.user, application):
        raise PermissionDenied
    return render(
        request,
        "applications/receipt.html",
        {"application": application, "receipt": found, "breadcrumbs": [CRUMB, (_("Submission receipt"), None)]},
    )


@access(is_unit_admin)
def unit_queue(request: HttpRequest) -> HttpResponse:
    units = request.user.scopes(Role.UNIT_ADMIN, "unit")
    status = request.GET.get("status", ApplicationStatus.SUBMITTED)
    items = (
        Application.objects.filter(unit_id__in=units)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("call", "pi", "topic")
        .order_by("-submitted_at")
    )
    if status:
        items = items.filter(status=status)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": ApplicationStatus.choices[1:],
        "breadcrumbs": [(_("Unit endorsement"), None)],
    }
    return render(request, "applications/unit_queue.html", context)


@require_POST
@access(is_checker)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Endorse, recommend or return: whichever decisions the workflow offers this user now."""
    application = application_get_for_user(request.user, pk)
    name = request.POST.get("decision", "")
    offered = {t.name for t in services.APPLICATION_WORKFLOW.available(application, request.user)}
    if name not in offered or name not in services.DECISIONS:
        raise PermissionDenied
    try:
        services.application_decide(
            actor=request.user, application=application, name=name, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Decision recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("applications:detail", pk=pk)


@access(is_recommender)
def recommender_queue(request: HttpRequest) -> HttpResponse:
    recommenders = request.user.scopes(Role.RECOMMENDER, "recommender")
    status = request.GET.get("status", ApplicationStatus.UNIT_ENDORSED)
    items = (
        Application.objects.filter(unit__recommender_id__in=recommenders)
        .exclude(status__in=BEFORE_ENDORSEMENT)
        .select_related("call", "pi", "unit", "topic")
        .order_by("-submitted_at")
    )
    if status:
        items = items.filter(status=status)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    quotas = RecommenderQuota.objects.filter(recommender_id__in=recommenders, call__status=CallStatus.PUBLISHED)
    context = {
        "page": page,
        "status": status,
        "statuses": ApplicationStatus.choices[3:],
        "quotas": quota_usage(quotas),
        "breadcrumbs": [(_("Recommendation"), None)],
    }
    return render(request, "applications/recommender_queue.html", context)


@access(has_role(Role.OFFICER, Role.LEADER, Role.SUPERVISOR))
def call_applications_view(request: HttpRequest, call_id: int) -> HttpResponse:
    """Staff view of one call's applications with statistics and charts."""
    call = call_get_for_oversight(request.user, call_id)
    status, query = request.GET.get("status", ""), request.GET.get("q", "").strip()
    page = Paginator(call_applications(call, status=status, query=query), 50).get_page(request.GET.get("page"))
    stats = call_statistics(call)
    context = {
        "call": call,
        "page": page,
        "status": status,
        "query": query,
        "statuses": ApplicationStatus.choices,
        "stats": stats,
        "charts": statistics_charts(stats),
        "breadcrumbs": [
            (_("Calls"), "/plans/calls/"),
            (call.title, f"/plans/calls/{call.pk}/"),
            (_("Applications"), None),
        ],
    }
    return render(request, "applications/call_applications.html", context)


@access(has_role(Role.OFFICER, Role.LEADER, Role.SUPERVISOR))
def call_applications_export(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_get_for_oversight(request.user, call_id)
    labels = dict(ApplicationStatus.choices)
    rows = (
        [
            a.title,
            a.unit.name,
            a.unit.region.name,
            a.pi.full_name,
            a.topic.code if a.topic else "",
            str(labels.get(a.status, a.status)),
            timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M:%S") if a.submitted_at else "",
            a.grant_total,
            a.matching_total,
        ]
        for a in call_applications(call, status=request.GET.get("status", ""))
    )
    headers = [
        "项目名称",
        "申报单位",
        "所在地区",
        "项目负责人",
        "指南方向",
        "状态",
        "提交时间",
        "专项经费（万元）",
        "自筹经费（万元）",
    ]
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="application.export",
            target=call,
            after={"status": request.GET.get("status", "")},
        )
    response = HttpResponse(workbook_bytes(headers, rows, "申报书"), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{call.title}-申报书.xlsx")
    return response


def statistics_charts(stats: dict) -> dict[str, str]:
    labels = dict(ApplicationStatus.choices)
    return {
        "status": bar_chart([str(labels.get(k, k)) for k in stats["status"]], list(stats["status"].values())),
        "unit": bar_chart(list(stats["unit"]), list(stats["unit"].values())),
    }


@require_POST
@access(has_role(Role.OFFICER))
def duplicates_run(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the duplicate check again on demand, as a job with a progress bar."""
    application = application_get_for_user(request.user, pk)
    if not is_officer_of(request.user, application):
        raise PermissionDenied
    with transaction.atomic():
        job = job_start(
            owner=request.user,
            kind="duplicate_check",
            title=_("Duplicate check: %(title)s") % {"title": application.title},
            task=check_duplicates,
            back_url=f"/applications/{pk}/",
            application_id=pk,
        )
        audit_record(actor=request.user, action="application.duplicate_check", target=application)
    return redirect("core:job", pk=job.pk)


@access(has_role(Role.APPLICANT, Role.UNIT_ADMIN, Role.RECOMMENDER, Role.OFFICER, Role.LEADER, Role.SUPERVISOR))
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The application as a PDF for signature and unit stamp, tied to its latest receipt."""
    application = application_get_for_user(request.user, pk)
    context = {
        "application": application,
        "receipt": application.receipts.first(),
        "budget_rows": [(label, application.budget.get(key, {})) for key, label in BUDGET_CATEGORIES.items()],
    }
    with transaction.atomic():
        audit_record(actor=request.user, action="application.pdf_download", target=application)
    pdf = render_pdf(
        "applications/application_pdf.html",
        context,
        metadata=PdfMetadata(
            title=f"申报书：{application.title}", author=application.unit.name, subject=str(application.call)
        ),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"申报书-{application.title}.pdf")
    return response
