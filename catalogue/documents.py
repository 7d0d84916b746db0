"""Documents of the catalogue: the Excel export (the import's columns) and the PDF guide."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from catalogue.imports import CATEGORY_NAMES, FORM_NAMES, FREE, ITEM_IMPORT, LEVEL_NAMES
from catalogue.models import ServiceItem
from core.pdf import PdfMetadata, render_pdf

EXPORT_HEADERS = [*ITEM_IMPORT.headers(), "状态", "更新时间"]


def _materials_cell(item: ServiceItem) -> str:
    return "\n".join(
        f"{m.name}|{FORM_NAMES[m.form]}|{m.copies}|{'必要' if m.required else '非必要'}|{m.notes}"
        for m in item.materials.all()
    )


def export_rows(items) -> list[list]:
    """One row per item, each cell as the import reads it back."""
    return [
        [
            item.code,
            item.name,
            CATEGORY_NAMES[(item.kind, item.power_class)],
            item.office.name,
            item.audience,
            item.legal_basis,
            item.conditions,
            item.procedure,
            item.legal_limit_days if item.legal_limit_days is not None else "",
            item.promised_limit_days,
            FREE if item.is_free else str(item.fee_amount),
            item.fee_basis,
            item.online_url,
            item.onsite_address,
            item.onsite_hours,
            item.phone,
            LEVEL_NAMES[item.visit_level],
            item.visit_reason,
            _materials_cell(item),
            item.get_status_display(),
            timezone.localtime(item.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for item in items
    ]


def guide_pdf(item: ServiceItem, *, base_url: str = "") -> HttpResponse:
    """办事指南 of one item as a PDF (A4, Noto CJK)."""
    pdf = render_pdf(
        "catalogue/guide_pdf.html",
        {"item": item, "materials": item.materials.select_related("blank_form"), "base_url": base_url},
        metadata=PdfMetadata(
            title=f"{item.name}办事指南", author=str(settings.KEJIWANG_NAME), subject=item.code, keywords=["办事指南"]
        ),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"办事指南-{item.code}-{item.name}.pdf")
    return response
