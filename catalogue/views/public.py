"""The service catalogue on the public portal (no sign-in): published items only."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from attachments.services import IntegrityError, attachment_read
from attachments.views import CONTENT_TYPES
from catalogue.documents import guide_pdf
from catalogue.models import ItemKind, ItemStatus, PowerClass, VisitLevel
from catalogue.permissions import published_item_get
from catalogue.selectors import item_counts, item_list
from core.access import access, public
from core.forms import as_int
from orgs.models import Office


@access(public)
def guide_list(request: HttpRequest) -> HttpResponse:
    """Items by kind and class, with search, the "最多跑一次" filter and the counts."""
    filters = {
        "query": request.GET.get("q", "").strip()[:100],
        "kind": request.GET.get("kind", ""),
        "power_class": request.GET.get("class", ""),
        "level": request.GET.get("level", ""),
        "office": as_int(request.GET.get("office"), None, low=1),
    }
    page = Paginator(item_list(**filters, published_only=True), 30).get_page(request.GET.get("page"))
    counts = item_counts(published_only=True)
    context = {
        "page": page,
        "filters": filters,
        "counts": counts,
        "classes": [(value, label, counts[f"class_{value}"]) for value, label in PowerClass.choices],
        "levels": VisitLevel.choices,
        "kinds": ItemKind.choices,
        "offices": Office.objects.filter(is_active=True, service_items__status=ItemStatus.PUBLISHED).distinct(),
    }
    return render(request, "catalogue/public/list.html", context)


@access(public)
def guide_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = published_item_get(pk)
    context = {"item": item, "materials": item.materials.select_related("blank_form")}
    return render(request, "catalogue/public/item.html", context)


@access(public)
def guide_item_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return guide_pdf(published_item_get(pk))


@access(public)
def guide_blank_form(request: HttpRequest, pk: int, file_id) -> HttpResponse:
    """The blank form of one of a published item's materials (only forms still linked to a material)."""
    item = published_item_get(pk)
    material = item.materials.select_related("blank_form").filter(blank_form_id=file_id).first()
    if material is None:
        raise Http404
    attachment = material.blank_form
    try:
        data = attachment_read(actor=request.user, attachment=attachment)
    except IntegrityError:
        raise Http404 from None
    response = HttpResponse(data, content_type=CONTENT_TYPES.get(attachment.extension, "application/octet-stream"))
    response["Content-Disposition"] = content_disposition_header(True, attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
