"""The report of service requests: figures by period and office, charts and the Excel export."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core.access import access
from core.charts import bar_chart, pie_chart
from core.excel import workbook_bytes
from core.forms import as_int
from hotline.models import Channel
from hotline.permissions import can_read_report
from hotline.selectors import Period, monthly_counts, report

KINDS = ("month", "quarter", "year")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period_from(request: HttpRequest) -> Period:
    """The period asked for (?kind=quarter&year=2026&number=3); the current quarter by default."""
    today = timezone.localdate()
    kind = request.GET.get("kind", "quarter")
    kind = kind if kind in KINDS else "quarter"
    year = as_int(request.GET.get("year"), today.year, low=2000, high=2100)
    default = {"month": today.month, "quarter": (today.month - 1) // 3 + 1, "year": 1}[kind]
    high = {"month": 12, "quarter": 4, "year": 1}[kind]
    number = as_int(request.GET.get("number"), default, low=1, high=high)
    return Period(kind, year, number)


@access(can_read_report)
def report_page(request: HttpRequest) -> HttpResponse:
    period = period_from(request)
    figures = report(period)
    by_office = figures["by_office"]
    months = monthly_counts(period.year)
    channel_names = dict(Channel.choices)
    total = figures["total"]
    context = {
        **figures,
        "kinds": KINDS,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
        "numbers": range(1, {"month": 13, "quarter": 5, "year": 2}[period.kind]),
        "query": request.GET.urlencode(),
        "office_chart": bar_chart(
            [name or _("Not assigned") for name, _f in by_office], [f.received for _n, f in by_office]
        ),
        "month_chart": bar_chart([f"{m}月" for m, _r, _d in months], [r for _m, r, _d in months], rotate=0),
        "rating_chart": pie_chart(
            {
                _("Satisfied"): total.satisfied,
                _("Basically satisfied"): total.basically,
                _("Unsatisfied"): total.unsatisfied,
            }
        ),
        "channels_named": [(str(channel_names.get(k, k)), v) for k, v in figures["channels"].items()],
        "breadcrumbs": [(_("Service requests"), reverse("hotline:requests")), (_("Service request report"), None)],
    }
    return render(request, "hotline/report.html", context)


@access(can_read_report)
def report_export(request: HttpRequest) -> HttpResponse:
    period = period_from(request)
    figures = report(period)
    headers = [
        _("Office"),
        _("Received"),
        _("Resolved"),
        _("Resolved on time"),
        _("Resolution rate"),
        _("On-time rate"),
        _("Rated"),
        _("Satisfied"),
        _("Basically satisfied"),
        _("Unsatisfied"),
        _("Satisfaction rate"),
    ]

    def row(name, f):
        return [
            name,
            f.received,
            f.resolved,
            f.on_time,
            f.resolution_rate,
            f.on_time_rate,
            f.rated,
            f.satisfied,
            f.basically,
            f.unsatisfied,
            f.satisfaction_rate,
        ]

    rows = [row(name or _("Not assigned"), f) for name, f in figures["by_office"]]
    rows.append(row(_("Total"), figures["total"]))
    data = workbook_bytes(headers, rows, title=period.label)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"行风热线统计-{period.label}.xlsx")
    return response
