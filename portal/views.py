"""The public portal: call notices with their attachments (no sign-in)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from attachments.selectors import attachments_of
from attachments.services import IntegrityError, attachment_read
from attachments.views import CONTENT_TYPES
from core.access import access, public
from plans.permissions import published_call_get
from plans.selectors import published_calls
from plans.services import ATTACHMENT_KINDS


@access(public)
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(published_calls(), 20).get_page(request.GET.get("page"))
    return render(request, "portal/index.html", {"page": page})


@access(public)
def call_notice(request: HttpRequest, pk: int) -> HttpResponse:
    call = published_call_get(pk)
    context = {
        "call": call,
        "topics": call.topics.all(),
        "challenges": call.challenges.all(),
        "files": attachments_of(call),
        "attachment_kinds": [ATTACHMENT_KINDS.get(k, k) for k in call.required_attachments],
    }
    return render(request, "portal/call_notice.html", context)


@access(public)
def call_file(request: HttpRequest, pk: int, file_id) -> HttpResponse:
    """A published call's notice attachment, for anyone; the download is audited."""
    call = published_call_get(pk)
    attachment = attachments_of(call).filter(pk=file_id).first()
    if attachment is None:
        raise Http404
    try:
        data = attachment_read(actor=request.user, attachment=attachment)
    except IntegrityError:
        raise Http404 from None
    response = HttpResponse(data, content_type=CONTENT_TYPES.get(attachment.extension, "application/octet-stream"))
    response["Content-Disposition"] = content_disposition_header(True, attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
