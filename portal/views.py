"""The public portal (no sign-in): call notices with their attachments, publicity lists and objections."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from approvals.forms import ObjectionForm
from approvals.models import Objection
from approvals.permissions import public_list_get
from approvals.selectors import public_lists
from approvals.services import objection_file
from attachments.selectors import attachments_of
from attachments.services import IntegrityError, attachment_read
from attachments.views import CONTENT_TYPES
from core.access import access, public
from core.forms import apply_errors
from core.ratelimit import client_ip, rate_limited
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


@access(public)
def publicity_lists(request: HttpRequest) -> HttpResponse:
    page = Paginator(public_lists(), 20).get_page(request.GET.get("page"))
    return render(request, "portal/publicity_lists.html", {"page": page})


OBJECTIONS_PER_HOUR = 5


@access(public)
def publicity(request: HttpRequest, pk: int) -> HttpResponse:
    """A funding list in publicity (or approved), and the real-name objection form while publicity runs."""
    funding_list = public_list_get(pk)
    items = list(funding_list.items.select_related("application__unit", "application__pi"))
    form = ObjectionForm(data=request.POST or None, items=items)
    if request.method == "POST":
        if rate_limited("objection", client_ip(request), limit=OBJECTIONS_PER_HOUR, window=3600):
            form.add_error(None, _("Too many objections from this address; try again in an hour."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                objection = objection_file(
                    funding_list=funding_list,
                    item=next((i for i in items if i.pk == data["item"]), None),
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    email=data["email"],
                    content=data["content"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("portal:objection", token=objection.token)
    context = {"funding_list": funding_list, "call": funding_list.call, "items": items, "form": form}
    return render(request, "portal/publicity.html", context, status=400 if form.errors else 200)


@access(public)
def objection_status(request: HttpRequest, token) -> HttpResponse:
    """What the objector sees through the private link shown after filing: the status and the answer."""
    objection = Objection.objects.select_related("funding_list__call", "item__application").filter(token=token).first()
    if objection is None:
        raise Http404
    return render(request, "portal/objection.html", {"objection": objection})
