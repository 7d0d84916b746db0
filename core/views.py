"""Health check, background-job progress and the shared Excel import pages."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from core.access import access, authenticated, public
from core.excel import XLSX_CONTENT_TYPE, template_bytes
from core.imports import import_batch_get_for_user, import_confirm, import_preview, import_spec_get_for_user
from core.models import Job


@never_cache
@access(public)
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers; 503 otherwise. Says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


set_language = access(public)(django_set_language)


def job_get_for_user(user, pk) -> Job:
    job = Job.objects.filter(pk=pk, owner=user).first()
    if job is None:
        raise Http404
    return job


@access(authenticated)
def job_detail(request: HttpRequest, pk) -> HttpResponse:
    job = job_get_for_user(request.user, pk)
    template = "core/partials/job_progress.html" if request.htmx else "core/job.html"
    crumbs = [(_("Back"), job.back_url), (job.title, None)] if job.back_url else [(job.title, None)]
    return render(request, template, {"job": job, "breadcrumbs": crumbs})


@access(authenticated)
def import_template(request: HttpRequest, name: str) -> HttpResponse:
    spec = import_spec_get_for_user(request.user, name)
    response = HttpResponse(template_bytes(spec), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="import-{spec.name}.xlsx"'
    return response


@access(authenticated)
def import_upload(request: HttpRequest, name: str) -> HttpResponse:
    """Upload a workbook; show every bad row, or a preview to confirm."""
    spec = import_spec_get_for_user(request.user, name)
    context: dict = {"spec": spec, "breadcrumbs": import_breadcrumbs(spec)}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["upload_error"] = _("Choose an .xlsx file to upload.")
        elif upload.size > 10 * 1024 * 1024:
            context["upload_error"] = _("The file is larger than 10 MB.")
        else:
            result, batch = import_preview(actor=request.user, spec=spec, file_name=upload.name, data=upload.read())
            context.update(result=result, batch=batch, preview=result.rows[:100])
    return render(request, "core/import.html", context)


def import_breadcrumbs(spec) -> list[tuple]:
    here = (_("Import from Excel"), None)
    return [(spec.parent[0], reverse(spec.parent[1])), here] if spec.parent else [here]


@access(authenticated)
def import_commit(request: HttpRequest, name: str, pk) -> HttpResponse:
    spec = import_spec_get_for_user(request.user, name)
    if request.method != "POST":
        return redirect("core:import", name=name)
    batch = import_batch_get_for_user(request.user, spec, pk)
    try:
        count = import_confirm(actor=request.user, spec=spec, batch=batch)
    except ValidationError as exc:
        context = {"spec": spec, "upload_error": " ".join(exc.messages), "breadcrumbs": import_breadcrumbs(spec)}
        return render(request, "core/import.html", context)
    return render(
        request, "core/import.html", {"spec": spec, "imported": count, "breadcrumbs": import_breadcrumbs(spec)}
    )
