"""Honours: the year's honours, and awarding one (managers of a top organization), with the
candidates the reviews, evaluations and study results suggest."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access
from core.forms import as_int, errors_by_field
from evaluation.honours import candidates, honour_award
from evaluation.models import Honour, HonourKind, HonourSource
from evaluation.permissions import takes_part
from party.models import OrgKind, PartyMember, PartyOrganization
from party.permissions import managed_org_ids
from study.permissions import runs_study

TOP = (OrgKind.LEADING_GROUP, OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE)


@access(takes_part)
def honours(request: HttpRequest) -> HttpResponse:
    year = as_int(request.GET.get("year"), timezone.localdate().year, low=2000, high=2100)
    managed = managed_org_ids(request.user)
    awarders = list(PartyOrganization.objects.filter(pk__in=managed, kind__in=TOP, is_active=True).order_by("order"))
    errors: dict = {}
    if request.method == "POST" and awarders:
        awarded_by = next((o for o in awarders if str(o.pk) == request.POST.get("awarded_by")), awarders[0])
        member = PartyMember.objects.filter(pk=as_int(request.POST.get("member"), 0), organization__in=managed).first()
        organization = PartyOrganization.objects.filter(
            pk=as_int(request.POST.get("organization"), 0), pk__in=managed
        ).first()
        try:
            honour_award(
                actor=request.user,
                awarded_by=awarded_by,
                year=year,
                kind=request.POST.get("kind", ""),
                source=request.POST.get("source", ""),
                reason=request.POST.get("reason", ""),
                document=request.POST.get("document", ""),
                organization=organization,
                member=member,
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("The honour was recorded."))
            return redirect(f"/evaluation/honours/?year={year}")
    suggested = candidates(year, managed, with_points=runs_study.test(request.user)) if awarders else None
    people = {}
    if suggested:
        for member in (
            [e.member for e in suggested["excellent"]]
            + suggested["studious"]
            + [s.secretary for s in suggested["reviewed"]]
        ):
            people[member.pk] = member
    context = {
        "year": year,
        "org_choices": PartyOrganization.objects.filter(
            pk__in=managed, is_active=True, kind__in=[OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH]
        ).order_by("name")
        if awarders
        else [],
        "member_choices": sorted(people.values(), key=lambda m: m.name),
        "rows": Honour.objects.filter(year=year).select_related("organization", "member__organization", "awarded_by"),
        "awarders": awarders,
        "suggested": suggested,
        "kinds": HonourKind.choices,
        "sources": HonourSource.choices,
        "errors": errors,
        "values": request.POST if errors else {},
        "breadcrumbs": [(_("Honours"), None)],
    }
    return render(request, "evaluation/honours.html", context, status=400 if errors else 200)
