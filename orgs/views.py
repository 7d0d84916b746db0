"""Units, offices and recommenders: lists for staff, the unit profile for its admins."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from accounts.roles import Role
from attachments.selectors import attachments_of
from attachments.services import attachment_store
from audit.services import audit_record
from core.access import access, authenticated
from core.charts import bar_chart, pie_chart
from core.excel import XLSX_CONTENT_TYPE, workbook_bytes
from core.forms import apply_errors
from core.pdf import PdfMetadata, render_pdf
from orgs.forms import AttachmentUploadForm, OfficeForm, RecommenderForm, UnitForm, UnitProfileForm
from orgs.models import Office, Recommender, UnitType
from orgs.permissions import can_manage_orgs, can_read_orgs, has_unit, unit_editable, unit_get_for_user
from orgs.selectors import unit_list, unit_statistics
from orgs.services import office_create, recommender_create, unit_create, unit_update


@access(can_read_orgs)
def units(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    unit_type = request.GET.get("type", "")
    page = Paginator(unit_list(query=query, unit_type=unit_type), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "unit_type": unit_type,
        "unit_types": UnitType.choices,
        "can_manage": can_manage_orgs.test(request.user),
        "form": UnitForm(),
        "charts": unit_charts(),
        "breadcrumbs": [(_("Units"), None)],
    }
    return render(request, "orgs/units.html", context)


def unit_charts() -> dict[str, str]:
    """ECharts options for units by type and by city."""
    stats = unit_statistics()
    labels = dict(UnitType.choices)
    return {
        "type": pie_chart({str(labels.get(k, k)): v for k, v in stats["by_type"].items()}),
        "city": bar_chart(list(stats["by_city"]), list(stats["by_city"].values()), rotate=40),
    }


@access(can_read_orgs)
def units_export(request: HttpRequest) -> HttpResponse:
    """The unit list (with the current filters) as an Excel workbook; the export is audited."""
    query, unit_type = request.GET.get("q", "").strip(), request.GET.get("type", "")
    units = unit_list(query=query, unit_type=unit_type)
    labels = dict(UnitType.choices)
    rows = (
        [
            u.name,
            u.credit_code,
            str(labels.get(u.unit_type, u.unit_type)),
            u.region_id,
            u.region.name,
            u.recommender.name if u.recommender else "",
            u.address,
            u.contact_name,
            u.people_count,
        ]
        for u in units
    )
    headers = [
        "单位名称",
        "统一社会信用代码",
        "单位类型",
        "行政区划代码",
        "行政区划",
        "推荐单位",
        "地址",
        "联系人",
        "注册人员数",
    ]
    with transaction.atomic():
        audit_record(
            actor=request.user, action="unit.export", target_type="orgs.unit", after={"q": query, "type": unit_type}
        )
    response = HttpResponse(workbook_bytes(headers, rows, "单位"), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "单位名录.xlsx")
    return response


@access(can_manage_orgs)
def unit_new(request: HttpRequest) -> HttpResponse:
    form = UnitForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = unit_create(actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Unit registered."))
            return redirect("orgs:unit", pk=unit.pk)
    return render(
        request,
        "orgs/unit_new.html",
        {"form": form, "breadcrumbs": [(_("Units"), "/orgs/units/"), (_("New unit"), None)]},
    )


@access(authenticated)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_get_for_user(request.user, pk)
    editable = unit_editable(request.user, unit)
    profile_form = UnitProfileForm(instance=unit)
    upload_form = AttachmentUploadForm()
    if request.method == "POST" and editable:
        if "file" in request.FILES or request.POST.get("action") == "upload":
            upload_form = AttachmentUploadForm(data=request.POST, files=request.FILES)
            if upload_form.is_valid():
                try:
                    attachment_store(
                        actor=request.user,
                        owner=unit,
                        upload=upload_form.cleaned_data["file"],
                        kind=upload_form.cleaned_data["kind"],
                    )
                except ValidationError as exc:
                    upload_form.add_error("file", exc)
                else:
                    messages.success(request, _("File uploaded."))
                    return redirect("orgs:unit", pk=unit.pk)
        else:
            profile_form = UnitProfileForm(data=request.POST, instance=unit_get_for_user(request.user, pk, write=True))
            if profile_form.is_valid():
                unit_update(actor=request.user, unit=unit, **profile_form.cleaned_data)
                messages.success(request, _("Unit profile saved."))
                return redirect("orgs:unit", pk=unit.pk)
    context = {
        "unit": unit,
        "editable": editable,
        "profile_form": profile_form,
        "upload_form": upload_form,
        "attachments": attachments_of(unit),
        "people": unit.people.order_by("full_name")[:200],
        "breadcrumbs": [_unit_parent_crumb(request.user), (unit.name, None)],
    }
    return render(request, "orgs/unit_detail.html", context)


def _unit_parent_crumb(user) -> tuple:
    return (_("Units"), "/orgs/units/") if can_read_orgs.test(user) else (_("My unit"), None)


@access(has_unit)
def my_unit(request: HttpRequest) -> HttpResponse:
    """The unit the user administers (or belongs to)."""
    unit_ids = request.user.scopes(Role.UNIT_ADMIN, "unit") or [request.user.unit_id]
    return redirect("orgs:unit", pk=unit_ids[0])


@access(can_read_orgs)
def offices(request: HttpRequest) -> HttpResponse:
    office_form, recommender_form = OfficeForm(prefix="office"), RecommenderForm(prefix="rec")
    if request.method == "POST":
        if not can_manage_orgs.test(request.user):
            raise PermissionDenied
        if "office-name" in request.POST:
            office_form = OfficeForm(data=request.POST, prefix="office")
            if office_form.is_valid():
                office_create(actor=request.user, **office_form.cleaned_data)
                messages.success(request, _("Office added."))
                return redirect("orgs:offices")
        else:
            recommender_form = RecommenderForm(data=request.POST, prefix="rec")
            if recommender_form.is_valid():
                recommender_create(actor=request.user, **recommender_form.cleaned_data)
                messages.success(request, _("Recommender added."))
                return redirect("orgs:offices")
    context = {
        "offices": Office.objects.all(),
        "recommenders": Recommender.objects.select_related("region", "parent"),
        "can_manage": can_manage_orgs.test(request.user),
        "office_form": office_form,
        "recommender_form": recommender_form,
        "breadcrumbs": [(_("Offices and recommenders"), None)],
    }
    return render(request, "orgs/offices.html", context)


@access(authenticated)
def unit_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """单位信息确认表: the unit's registration data as a PDF to sign and stamp."""
    unit = unit_get_for_user(request.user, pk)
    with transaction.atomic():
        audit_record(actor=request.user, action="unit.sheet_download", target=unit)
    pdf = render_pdf(
        "orgs/unit_sheet_pdf.html",
        {"unit": unit, "people_count": unit.people.count()},
        metadata=PdfMetadata(title="单位信息确认表", author=str(settings.KEJIWANG_NAME), subject=unit.name),
        clear_metadata=request.GET.get("clean") == "1",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"单位信息确认表-{unit.name}.pdf")
    return response
