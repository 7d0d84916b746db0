"""Duty lists: mine and those of the organizations I manage; setting a list; reporting progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access
from core.errors import EditConflict
from core.forms import as_int, errors_by_field
from evaluation.duties import can_report, duty_list_create, duty_progress
from evaluation.models import DutyItem, DutyList, DutyRole
from evaluation.permissions import takes_part
from party.models import PartyMember
from party.permissions import descendants, managed_org_ids, org_get_for_manager

HOME = (_("Duty lists"), "evaluation:duties")


@access(takes_part)
def duties(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    managed = managed_org_ids(request.user)
    rows = (
        DutyList.objects.filter(Q(holder__user=request.user) | Q(organization__in=managed), year=year)
        .select_related("organization", "holder")
        .annotate(n=Count("items"), progress=Avg("items__progress"))
        .order_by("organization__name", "role")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page": page, "year": year, "breadcrumbs": [(HOME[0], None)]}
    return render(request, "evaluation/duties.html", context)


@access(takes_part)
def duty_list_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get_for_manager(request.user, pk)
    holders = PartyMember.objects.filter(
        organization__in=descendants([org.pk]), is_active=True, status="full"
    ).order_by("name")
    errors: dict = {}
    if request.method == "POST":
        holder = holders.filter(pk=as_int(request.POST.get("holder"), 0)).first()
        if holder is None:
            errors = {"holder": [_("Choose the holder.")]}
        else:
            try:
                duty_list = duty_list_create(
                    actor=request.user,
                    organization=org,
                    year=timezone.localdate().year,
                    role=request.POST.get("role", ""),
                    holder=holder,
                    items=request.POST.get("items", "").splitlines(),
                )
            except ValidationError as exc:
                errors = errors_by_field(exc)
            else:
                messages.success(request, _("The duty list was set."))
                return redirect("evaluation:duty_list", pk=duty_list.pk)
    context = {
        "org": org,
        "holders": holders,
        "roles": DutyRole.choices,
        "errors": errors,
        "values": request.POST if errors else {},
        "breadcrumbs": [HOME, (org.name, None)],
    }
    return render(request, "evaluation/duty_new.html", context, status=400 if errors else 200)


def _list_for(user, pk: int) -> DutyList:
    found = DutyList.objects.select_related("organization", "holder").filter(pk=pk).first()
    if found is None or not can_report(user, found):
        raise Http404
    return found


@access(takes_part)
def duty_list(request: HttpRequest, pk: int) -> HttpResponse:
    found = _list_for(request.user, pk)
    errors: dict = {}
    if request.method == "POST":
        item = found.items.filter(pk=as_int(request.POST.get("item"), 0)).first()
        if item is None:
            raise Http404
        try:
            duty_progress(
                actor=request.user,
                item=item,
                progress=as_int(request.POST.get("progress"), -1),
                evidence=request.POST.get("evidence", ""),
                version=as_int(request.POST.get("version"), 0),
            )
        except EditConflict as exc:
            messages.error(request, str(exc))
        except (ValidationError, ValueError) as exc:
            errors = {item.pk: errors_by_field(exc) if isinstance(exc, ValidationError) else {"progress": [str(exc)]}}
        else:
            messages.success(request, _("The progress was recorded."))
            return redirect("evaluation:duty_list", pk=found.pk)
    items = [(i, errors.get(i.pk, {})) for i in DutyItem.objects.filter(duty_list=found)]
    context = {"list": found, "items": items, "breadcrumbs": [HOME, (str(found), None)]}
    return render(request, "evaluation/duty_list.html", context, status=400 if errors else 200)
