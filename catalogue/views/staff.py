"""Staff pages of the service catalogue: the list, items and their materials, publication."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import audit_record
from catalogue import services
from catalogue.documents import EXPORT_HEADERS, export_rows, guide_pdf
from catalogue.forms import BlankFormUploadForm, ItemForm, MaterialForm, WithdrawForm
from catalogue.models import ItemKind, ItemStatus, PowerClass, VisitLevel
from catalogue.permissions import (
    can_create_items,
    editable_office_ids,
    is_staff_reader,
    item_editable,
    item_get_for_user,
    manages_catalogue,
    material_get_for_user,
)
from catalogue.selectors import item_counts, item_list
from core.access import access
from core.errors import EditConflict
from core.excel import XLSX_CONTENT_TYPE, workbook_bytes
from core.forms import apply_errors, as_int
from orgs.models import Office

PAGE_SIZE = 50


def _crumbs(*extra) -> list[tuple]:
    return [(_("Service catalogue"), reverse("catalogue:items")), *extra]


def _item_crumb(item) -> tuple:
    return (item.name, reverse("catalogue:item", args=[item.pk]))


def _filters(request: HttpRequest) -> dict:
    return {
        "query": request.GET.get("q", "").strip()[:100],
        "kind": request.GET.get("kind", ""),
        "power_class": request.GET.get("class", ""),
        "level": request.GET.get("level", ""),
        "status": request.GET.get("status", ""),
        "office": as_int(request.GET.get("office"), None, low=1),
    }


@access(is_staff_reader)
def items(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(item_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "counts": item_counts(published_only=False),
        "kinds": ItemKind.choices,
        "classes": PowerClass.choices,
        "levels": VisitLevel.choices,
        "statuses": ItemStatus.choices,
        "offices": Office.objects.filter(is_active=True),
        "can_create": can_create_items(request.user),
        "breadcrumbs": [(_("Service catalogue"), None)],
    }
    return render(request, "catalogue/items.html", context)


@access(is_staff_reader)
def items_export(request: HttpRequest) -> HttpResponse:
    """The catalogue as filtered, in the import's columns (so it can be edited and imported back)."""
    filters = _filters(request)
    rows = export_rows(item_list(**filters).prefetch_related("materials"))
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="service_item.export",
            target_type="catalogue.serviceitem",
            after={k: v for k, v in filters.items() if v} | {"rows": len(rows)},
        )
    response = HttpResponse(workbook_bytes(EXPORT_HEADERS, rows, "办事指南"), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "办事指南目录.xlsx")
    return response


def _editable_offices(user):
    offices = editable_office_ids(user)
    active = Office.objects.filter(is_active=True)
    return active if offices is None else active.filter(pk__in=offices)


@access(can_create_items)
def item_new(request: HttpRequest) -> HttpResponse:
    offices = _editable_offices(request.user)
    form = ItemForm(data=request.POST or None, offices=offices, initial={"office": offices.first(), "is_free": True})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            item = services.service_item_create(actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Service item saved as a draft. Add its materials next."))
            return redirect("catalogue:item", pk=item.pk)
    context = {"form": form, "breadcrumbs": _crumbs((_("New service item"), None))}
    return render(request, "catalogue/item_form.html", context, status=400 if form.errors else 200)


@access(is_staff_reader)
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(request.user, pk)
    editable = item_editable(request.user, item)
    context = {
        "item": item,
        "materials": item.materials.select_related("blank_form"),
        "revisions": item.revisions.select_related("actor")[:20],
        "transitions": services.SERVICE_ITEM_WORKFLOW.available(item, request.user),
        "editable": editable,
        "material_form": MaterialForm(prefix="new", initial={"form": "original", "copies": 1, "required": True}),
        "upload_form": BlankFormUploadForm(),
        "withdraw_form": WithdrawForm(),
        "breadcrumbs": _crumbs((item.name, None)),
    }
    return render(request, "catalogue/item.html", context)


@access(can_create_items)
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(request.user, pk, write=True)
    form = ItemForm(
        data=request.POST or None,
        instance=item,
        offices=_editable_offices(request.user) | Office.objects.filter(pk=item.office_id),
        initial={"version": item.version},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.service_item_update(
                actor=request.user, item=item, version=form.cleaned_data["version"] or 0, **data
            )
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Someone else saved this item after you opened it. Your text is kept below: copy what you "
                    "need, reload the page, and make your changes again."
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Service item saved."))
            return redirect("catalogue:item", pk=item.pk)
    context = {"form": form, "item": item, "breadcrumbs": _crumbs(_item_crumb(item), (_("Edit"), None))}
    return render(request, "catalogue/item_form.html", context, status=400 if form.errors else 200)


@access(is_staff_reader)
def item_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The guide as the public will get it (drafts included, marked as such)."""
    return guide_pdf(item_get_for_user(request.user, pk))


@access(manages_catalogue)
@require_POST
def item_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    item = item_get_for_user(request.user, pk)
    try:
        if name == "publish":
            services.service_item_publish(actor=request.user, item=item)
            messages.success(request, _("The guide is published on the portal."))
        elif name == "withdraw":
            services.service_item_withdraw(actor=request.user, item=item, reason=request.POST.get("reason", ""))
            messages.success(request, _("The guide is withdrawn from the portal."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("catalogue:item", pk=item.pk)


def _material_values(form) -> dict:
    return {k: form.cleaned_data[k] for k in ("name", "form", "copies", "required", "notes")}


@access(can_create_items)
@require_POST
def material_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(request.user, pk, write=True)
    form = MaterialForm(data=request.POST, prefix="new")
    if form.is_valid():
        try:
            services.material_add(actor=request.user, item=item, **_material_values(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Material added."))
            return redirect("catalogue:item", pk=item.pk)
    return _material_page(request, item, None, form)


def _material_page(request, item, material, form) -> HttpResponse:
    context = {
        "item": item,
        "material": material,
        "form": form,
        "breadcrumbs": _crumbs(_item_crumb(item), (_("Application material"), None)),
    }
    return render(request, "catalogue/material_form.html", context, status=400 if form.errors else 200)


@access(can_create_items)
def material_edit(request: HttpRequest, pk: int, material_id: int) -> HttpResponse:
    item = item_get_for_user(request.user, pk, write=True)
    material = material_get_for_user(request.user, item, material_id)
    form = MaterialForm(data=request.POST or None, instance=material)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_update(actor=request.user, material=material, **_material_values(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Material saved."))
            return redirect("catalogue:item", pk=item.pk)
    return _material_page(request, item, material, form)


@access(can_create_items)
@require_POST
def material_delete(request: HttpRequest, pk: int, material_id: int) -> HttpResponse:
    item = item_get_for_user(request.user, pk, write=True)
    material = material_get_for_user(request.user, item, material_id)
    services.material_delete(actor=request.user, material=material)
    messages.success(request, _("Material removed."))
    return redirect("catalogue:item", pk=item.pk)


@access(can_create_items)
@require_POST
def material_move(request: HttpRequest, pk: int, material_id: int) -> HttpResponse:
    item = item_get_for_user(request.user, pk, write=True)
    material = material_get_for_user(request.user, item, material_id)
    services.material_move(actor=request.user, material=material, up=request.POST.get("direction") != "down")
    return redirect("catalogue:item", pk=item.pk)


@access(can_create_items)
@require_POST
def material_form_upload(request: HttpRequest, pk: int, material_id: int) -> HttpResponse:
    item = item_get_for_user(request.user, pk, write=True)
    material = material_get_for_user(request.user, item, material_id)
    form = BlankFormUploadForm(data=request.POST, files=request.FILES)
    if form.is_valid():
        try:
            services.material_form_attach(actor=request.user, material=material, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Blank form uploaded."))
    else:
        messages.error(request, _("Choose the file to upload."))
    return redirect("catalogue:item", pk=item.pk)
