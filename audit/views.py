"""The audit log viewer: filters, export. Only the audit admin reads it."""

from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import is_audit_admin
from audit.forms import AuditFilterForm
from audit.selectors import audit_search
from audit.services import audit_record, audit_verify
from audit.tasks import export_audit_log, export_path
from core.access import access
from core.excel import XLSX_CONTENT_TYPE
from core.jobs import job_start
from core.models import Job, JobStatus


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, dict]:
    form = AuditFilterForm(data=request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return form, filters


@access(is_audit_admin)
def event_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = Paginator(audit_search(**filters), 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "breadcrumbs": [(_("Audit log"), None)],
        "querystring": request.GET.urlencode(),
    }
    return render(request, "audit/event_list.html", context)


@require_POST
@access(is_audit_admin)
def export_start(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters(request)
    with transaction.atomic():
        job = job_start(
            owner=request.user,
            kind="audit_export",
            title=_("Audit log export"),
            task=export_audit_log,
            back_url=reverse("audit:events"),
            filters={k: str(v) for k, v in filters.items()},
            language=translation.get_language(),
        )
        audit_record(
            actor=request.user,
            action="audit.export",
            target_type="core.job",
            target_id=str(job.pk),
            after={"filters": {k: str(v) for k, v in filters.items()}},
        )
    return redirect("core:job", pk=job.pk)


@access(is_audit_admin)
def export_download(request: HttpRequest, pk: str) -> HttpResponse:
    job = Job.objects.filter(pk=pk, owner=request.user, kind="audit_export", status=JobStatus.DONE).first()
    if job is None:
        raise Http404
    with transaction.atomic():
        audit_record(actor=request.user, action="audit.export_download", target_type="core.job", target_id=str(job.pk))
    handle = storages["default"].open(export_path(str(job.pk)), "rb")
    return FileResponse(handle, as_attachment=True, filename="audit-log.xlsx", content_type=XLSX_CONTENT_TYPE)


@access(is_audit_admin)
def verify(request: HttpRequest) -> HttpResponse:
    report = audit_verify()
    with transaction.atomic():
        audit_record(actor=request.user, action="audit.verify", after={"ok": report.ok, "problem": report.problem})
    return render(
        request,
        "audit/verify.html",
        {"report": report, "breadcrumbs": [(_("Audit log"), "/audit/"), (_("Chain check"), None)]},
    )
