from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attachments.permissions import attachment_get_for_user
from attachments.services import IntegrityError, attachment_delete, attachment_read
from core.access import access, authenticated

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
}


@access(authenticated)
def download(request: HttpRequest, pk) -> HttpResponse:
    """Serve a file as an attachment after the permission and integrity checks."""
    attachment = attachment_get_for_user(request.user, pk)
    try:
        data = attachment_read(actor=request.user, attachment=attachment)
    except IntegrityError:
        return HttpResponse(
            _("This file is damaged (its checksum no longer matches) and cannot be downloaded."),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(data, content_type=CONTENT_TYPES.get(attachment.extension, "application/octet-stream"))
    response["Content-Disposition"] = content_disposition_header(True, attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@access(authenticated)
def delete(request: HttpRequest, pk) -> HttpResponse:
    attachment = attachment_get_for_user(request.user, pk, write=True)
    attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("File deleted."))
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return redirect(target if target and safe else "/")
