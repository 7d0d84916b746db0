"""The ledger 整改台账: the filtered list, its Excel export, manual entry and the findings import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.services import audit_record
from core.access import access
from core.excel import workbook_bytes
from core.forms import apply_errors, as_int
from orgs.models import Office
from rectification.forms import ItemNewForm
from rectification.models import RectificationSource, RectificationStatus
from rectification.permissions import is_supervisor, reads_whole_ledger, uses_ledger, visible_items
from rectification.selectors import LedgerFilter, findings_pending, item_state, ledger_items, soon_limit, state_labels
from rectification.services import finding_import, office_officers, rectification_item_create

HOME = (gettext_lazy("Rectification ledger"), reverse_lazy("rectification:ledger"))
EXPORT_LIMIT = 5000


@access(uses_ledger)
def ledger(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    chosen = LedgerFilter.from_query(request.GET)
    items = ledger_items(chosen.apply(visible_items(request.user), today))
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    soon, labels = soon_limit(today), state_labels()
    rows = [(item, item_state(item, today, soon)) for item in page]
    context = {
        "page": page,
        "rows": rows,
        "labels": labels,
        "chosen": chosen,
        "filter_query": chosen.query_string(),
        "statuses": RectificationStatus.choices,
        "sources": RectificationSource.choices,
        "offices": Office.objects.filter(is_active=True) if reads_whole_ledger(request.user) else [],
        "years": range(today.year, today.year - 5, -1),
        "is_supervisor": is_supervisor(request.user),
        "breadcrumbs": [(HOME[0], None)],
    }
    return render(request, "rectification/ledger.html", context)


def export_headers() -> list[str]:
    return [
        _("Number"),
        _("Source"),
        _("Source details"),
        _("Problem"),
        _("Rectification goal"),
        _("Deadline (rectification)"),
        _("Rectification measures"),
        _("Responsible office"),
        _("Responsible person"),
        _("Public commitment"),
        _("Status"),
        _("Started on"),
        _("Completed on"),
        _("Closed on"),
        _("Times reopened"),
    ]


def export_row(item) -> list:
    closed = timezone.localtime(item.closed_at).date() if item.closed_at else None
    return [
        item.number,
        item.get_source_display(),
        item.source_ref,
        item.problem,
        item.goal,
        item.deadline,
        item.measures,
        item.office.name if item.office_id else "",
        (item.responsible.full_name or item.responsible.username) if item.responsible_id else "",
        item.commitment,
        item.get_status_display(),
        item.started_on,
        item.completed_on,
        closed,
        item.reopen_count,
    ]


@access(uses_ledger)
def ledger_export(request: HttpRequest) -> HttpResponse:
    """The ledger with the four clarities and the commitment, as filtered on the page."""
    chosen = LedgerFilter.from_query(request.GET)
    items = ledger_items(chosen.apply(visible_items(request.user), timezone.localdate()))[:EXPORT_LIMIT]
    rows = [export_row(item) for item in items]
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="rectification_item.export",
            target=None,
            after={"filter": chosen.query_string(), "rows": len(rows)},
        )
    response = HttpResponse(
        workbook_bytes(export_headers(), rows, title=_("Rectification ledger")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"整改台账-{timezone.localdate()}.xlsx")
    return response


def _check_responsible(form: ItemNewForm) -> bool:
    office, person = form.cleaned_data["office"], form.cleaned_data["responsible"]
    if person is not None and not office_officers(office).filter(pk=person.pk).exists():
        form.add_error("responsible", _("The responsible person must be an officer of the responsible office."))
        return False
    deadline = form.cleaned_data["deadline"]
    if deadline is not None and deadline < timezone.localdate():
        form.add_error("deadline", _("The deadline cannot be in the past."))
        return False
    return True


@access(is_supervisor)
def item_new(request: HttpRequest) -> HttpResponse:
    form = ItemNewForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _check_responsible(form):
        data = form.cleaned_data
        try:
            item, _created = rectification_item_create(
                actor=request.user,
                source=data["source"],
                source_ref=data["source_ref"],
                problem=data["problem"],
                goal=data["goal"],
                deadline=data["deadline"],
                measures=data["measures"],
                office=data["office"],
                responsible=data["responsible"],
                commitment=data["commitment"],
                is_public=data["is_public"],
                source_key=f"form:{data['submit_key']}" if data["submit_key"] else None,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Item %(number)s entered in the ledger.") % {"number": item.number})
            return redirect("rectification:item", pk=item.pk)
    context = {"form": form, "breadcrumbs": [HOME, (_("New item"), None)]}
    return render(request, "rectification/item_new.html", context, status=400 if form.errors else 200)


@access(is_supervisor)
def findings(request: HttpRequest) -> HttpResponse:
    """Annual review findings not yet in the ledger; the chosen ones are entered in one step."""
    pending = findings_pending()
    page = Paginator(pending, 50).get_page(request.GET.get("page"))
    context = {"page": page, "breadcrumbs": [HOME, (_("Review findings to enter"), None)]}
    return render(request, "rectification/findings.html", context)


@require_POST
@access(is_supervisor)
def findings_import(request: HttpRequest) -> HttpResponse:
    from evaluation.models import ReviewFinding

    ids = {as_int(value, None, low=1) for value in request.POST.getlist("finding")} - {None}
    chosen = ReviewFinding.objects.filter(pk__in=ids).select_related(
        "subject__campaign", "subject__organization", "subject__secretary", "owner__user"
    )
    if not ids or not chosen:
        messages.error(request, _("Choose at least one finding."))
        return redirect("rectification:findings")
    created = 0
    for finding in chosen:
        created += finding_import(actor=request.user, finding=finding)[1]
    messages.success(request, _("%(n)d findings entered in the ledger.") % {"n": created})
    return redirect(f"{reverse_lazy('rectification:ledger')}?source={RectificationSource.REVIEW_FINDING}")
