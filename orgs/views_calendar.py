"""The working-day calendar page: a month of the national calendar (holidays, adjusted weekend
workdays) and the agency's closures, which officers set and remove."""

import calendar as monthgrid
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from core.access import access
from core.forms import as_int, as_month, errors_by_field
from core.models import AgencyClosure
from core.workdays import day_kind
from orgs.permissions import can_read_orgs
from orgs.services import closure_remove, closure_set

can_edit_calendar = has_role(Role.OFFICER, Role.SYSADMIN)


def _weeks(month: date) -> list[list[dict]]:
    closures = {c.day: c for c in AgencyClosure.objects.filter(day__year=month.year, day__month=month.month)}
    weeks = []
    for week in monthgrid.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        row = []
        for day in week:
            kind, name = day_kind(day)
            closure = closures.get(day) if day.month == month.month else None
            row.append(
                {
                    "day": day,
                    "in_month": day.month == month.month,
                    "kind": "closure" if closure else kind,
                    "name": closure.reason if closure else name,
                }
            )
        weeks.append(row)
    return weeks


def _remove(request: HttpRequest, month: date) -> HttpResponse:
    closure = AgencyClosure.objects.filter(pk=as_int(request.POST.get("remove"), 0)).first()
    if closure is None:
        raise Http404
    try:
        closure_remove(actor=request.user, closure=closure)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The closure was removed."))
    return redirect(f"/orgs/calendar/?month={month:%Y-%m}")


@access(can_read_orgs)
def working_calendar(request: HttpRequest) -> HttpResponse:
    month = as_month(request.GET.get("month") or request.POST.get("month"), timezone.localdate().replace(day=1))
    errors: dict = {}
    if request.method == "POST":
        if not can_edit_calendar.test(request.user):
            raise Http404
        if request.POST.get("remove"):
            return _remove(request, month)
        try:
            day = date.fromisoformat(request.POST.get("day", ""))
        except ValueError:
            day = None
        try:
            closure_set(actor=request.user, day=day, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("The closure was set: deadlines in working days skip it."))
            return redirect(f"/orgs/calendar/?month={day:%Y-%m}")
    context = {
        "month": month,
        "weeks": _weeks(month),
        "previous": (month - timedelta(days=1)).replace(day=1),
        "next": (month + timedelta(days=32)).replace(day=1),
        "can_edit": can_edit_calendar.test(request.user),
        "upcoming": AgencyClosure.objects.filter(day__gte=timezone.localdate())[:20],
        "errors": errors,
        "values": request.POST if errors else {},
        "breadcrumbs": [(_("Working-day calendar"), None)],
    }
    return render(request, "orgs/calendar.html", context, status=400 if errors else 200)
