"""Dues: a branch's month, the ledger, my dues, bases and approvals, the yearly disclosure, remittance upward."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import audit_record
from core.access import access
from core.excel import workbook_bytes
from core.forms import as_int, as_month, errors_by_field
from party.dues import add_months
from party.models import (
    BillStatus,
    DuesBill,
    DuesRemittance,
    PartyMember,
    PaymentMethod,
)
from party.permissions import (
    holds_party_post,
    is_party_member,
    member_get_for_manager,
    org_get_for_manager,
)
from party.remittance import holdings, remittance_confirm, remittance_record
from party.services import (
    arrears_of,
    bills_generate,
    disclosure,
    dues_approval_record,
    dues_base_declare,
    dues_pay,
    ledger,
)
from party.views._helpers import _date, _int_or_zero, _month


@access(holds_party_post)
def dues(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get_for_manager(request.user, pk)
    month = _month(request.GET.get("month") or request.POST.get("month"))
    if request.method == "POST":
        try:
            if request.POST.get("action") == "bill":
                result = bills_generate(actor=request.user, organization=org, month=month)
                messages.success(
                    request, _("%(n)d bills created for %(month)s.") % {"n": result.created, "month": f"{month:%Y-%m}"}
                )
                if result.missing_base:
                    messages.warning(
                        request,
                        _("No declared base, not billed: %(names)s.") % {"names": "、".join(result.missing_base)},
                    )
            else:
                ids = [n for n in (as_int(x) for x in request.POST.getlist("bill")) if n is not None]
                paid = dues_pay(
                    actor=request.user,
                    bills=list(DuesBill.objects.filter(pk__in=ids, organization=org)),
                    paid_on=timezone.localdate(),
                    method=request.POST.get("method", PaymentMethod.BATCH),
                    proxy_name=request.POST.get("proxy_name", ""),
                )
                messages.success(request, _("%(n)d payments recorded.") % {"n": len(paid)})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"/party/orgs/{pk}/dues/?month={month:%Y-%m}")
    bills = DuesBill.objects.filter(organization=org, month=month).select_related("member").order_by("member__name")
    totals = {
        "billed": sum(b.amount for b in bills),
        "paid": sum(b.paid_amount or 0 for b in bills if b.status == BillStatus.PAID),
        "unpaid": sum(1 for b in bills if b.status == BillStatus.UNPAID),
    }
    context = {
        "org": org,
        "month": month,
        "previous": add_months(month, -1),
        "next": add_months(month, 1),
        "bills": bills,
        "totals": totals,
        "arrears": arrears_of(org, up_to=month),
        "methods": [
            (PaymentMethod.BATCH, PaymentMethod.BATCH.label),
            (PaymentMethod.SELF, PaymentMethod.SELF.label),
            (PaymentMethod.PROXY, PaymentMethod.PROXY.label),
        ],
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (org.name, f"/party/orgs/{pk}/"),
            (_("Party dues"), None),
        ],
    }
    return render(request, "party/dues.html", context)


@access(holds_party_post)
def ledger_export(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get_for_manager(request.user, pk)
    year = as_int(request.GET.get("year"), timezone.localdate().year, low=2000, high=2100)
    headers = [
        _("Month"),
        _("Bills"),
        _("Amount due"),
        _("Amount paid"),
        _("Voluntary extra"),
        _("Unpaid bills"),
        _("Outstanding"),
    ]
    rows = [
        [f"{r['month']:%Y-%m}", r["bills"], r["billed"], r["paid"], r["extra"], r["unpaid"], r["outstanding"]]
        for r in ledger(org, year)
    ]
    with transaction.atomic():
        audit_record(actor=request.user, action="dues.export", target=org, after={"year": year})
    response = HttpResponse(
        workbook_bytes(headers, rows, title=f"{year}"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"党费台账-{org.name}-{year}.xlsx")
    return response


@access(is_party_member)
def my_dues(request: HttpRequest) -> HttpResponse:
    member = PartyMember.objects.select_related("organization").get(user=request.user, is_active=True)
    bills = member.dues_bills.order_by("-month")[:24]
    context = {
        "member": member,
        "bills": bills,
        "unpaid": [b for b in bills if b.status == BillStatus.UNPAID],
        "breadcrumbs": [(_("My party dues"), None)],
    }
    return render(request, "party/my_dues.html", context)


@require_POST
@access(holds_party_post)
def dues_base_new(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get_for_manager(request.user, pk)
    try:
        month = _month(request.POST.get("effective_month"))
        dues_base_declare(
            actor=request.user, member=member, amount=request.POST.get("amount", ""), effective_month=month
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Dues base declared."))
    return redirect("party:member", pk=pk)


@require_POST
@access(holds_party_post)
def dues_approval_new(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get_for_manager(request.user, pk)
    try:
        dues_approval_record(
            actor=request.user,
            member=member,
            kind=request.POST.get("kind", ""),
            months_from=_month(request.POST.get("months_from")),
            months_to=_month(request.POST.get("months_to")),
            reason=request.POST.get("reason", ""),
            document=request.POST.get("document", ""),
            amount=request.POST.get("amount") or None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Approval recorded."))
    return redirect("party:member", pk=pk)


@access(holds_party_post)
def dues_disclosure(request: HttpRequest, pk: int) -> HttpResponse:
    """党费收缴使用情况公开: the year's dues by organization below this one, on screen or as Excel."""
    org = org_get_for_manager(request.user, pk)
    year = as_int(request.GET.get("year"), timezone.localdate().year, low=2000, high=2100)
    report = disclosure(org, year)
    if request.GET.get("format") == "xlsx":
        headers = [
            _("Party organization"),
            _("Members billed"),
            _("Amount due"),
            _("Amount paid"),
            _("Voluntary extra"),
            _("Outstanding"),
        ]
        rows = [
            [r["organization__name"], r["members"], r["due"], r["paid"], r["extra"], r["outstanding"]]
            for r in report["rows"]
        ]
        totals = report["totals"]
        rows.append(
            [_("Total"), totals["members"], totals["due"], totals["paid"], totals["extra"], totals["outstanding"]]
        )
        with transaction.atomic():
            audit_record(
                actor=request.user, action="dues.export", target=org, after={"year": year, "report": "disclosure"}
            )
        response = HttpResponse(
            workbook_bytes(headers, rows, title=f"{year}"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition_header(True, f"党费收缴情况公开-{org.name}-{year}.xlsx")
        return response
    context = {
        "org": org,
        "report": report,
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (org.name, f"/party/orgs/{pk}/"),
            (_("Dues disclosure"), None),
        ],
    }
    return render(request, "party/disclosure.html", context)


@access(holds_party_post)
def remittances(request: HttpRequest, pk: int) -> HttpResponse:
    """What the organization holds, remittances it sent up and received from below; remit, confirm."""
    org = org_get_for_manager(request.user, pk)
    errors: dict = {}
    if request.method == "POST" and request.POST.get("confirm"):
        remittance = DuesRemittance.objects.filter(
            pk=_int_or_zero(request.POST["confirm"]), to_organization=org
        ).first()
        if remittance is None:
            raise Http404
        try:
            remittance_confirm(actor=request.user, remittance=remittance)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The receipt was confirmed."))
        return redirect("party:remittances", pk=org.pk)
    if request.method == "POST":
        try:
            remittance_record(
                actor=request.user,
                organization=org,
                months_from=as_month(request.POST.get("months_from")),
                months_to=as_month(request.POST.get("months_to")),
                amount=request.POST.get("amount", ""),
                remitted_on=_date(request.POST.get("remitted_on")),
                reference=request.POST.get("reference", ""),
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("The remittance was recorded."))
            return redirect("party:remittances", pk=org.pk)
    context = {
        "org": org,
        "held": holdings(org),
        "sent": org.remittances_sent.select_related("to_organization", "confirmed_by"),
        "received": org.remittances_received.select_related("organization", "confirmed_by"),
        "errors": errors,
        "values": request.POST if errors else {},
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (org.name, f"/party/orgs/{org.pk}/"),
            (_("Dues remittance"), None),
        ],
    }
    return render(request, "party/remittances.html", context, status=400 if errors else 200)
