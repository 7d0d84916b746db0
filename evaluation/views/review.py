"""The annual review (述职评议): setting it up, secretaries' reports, the anonymous ballot,
leaders' comments, results with grade, rank and distribution."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from accounts.models import User
from audit.services import audit_record
from core.access import access
from core.charts import bar_chart
from core.excel import XLSX_CONTENT_TYPE, workbook_bytes
from core.forms import as_int, errors_by_field
from evaluation.models import CampaignStatus, EvaluatorGroup, ReviewCampaign
from evaluation.permissions import campaign_get_for_user, takes_part
from evaluation.review import (
    SCALES,
    ballot_cast,
    campaign_close,
    campaign_create,
    comment_add,
    finding_add,
    rating_open,
    report_submit,
    scores,
)
from party.models import OrgKind, PartyOrganization, PartyPost, Post
from party.permissions import descendants, holds_party_post, managed_org_ids, org_get_for_manager

HOME = (_("Annual review"), "evaluation:reviews")


@access(takes_part)
def campaigns(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = (
        ReviewCampaign.objects.filter(
            Q(organization__in=managed_org_ids(user)) | Q(evaluators__user=user) | Q(subjects__secretary__user=user)
        )
        .distinct()
        .select_related("organization")
    )
    hosts = PartyOrganization.objects.filter(
        pk__in=managed_org_ids(user), kind__in=[OrgKind.LEADING_GROUP, OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE]
    )
    context = {"rows": rows, "hosts": hosts, "breadcrumbs": [(HOME[0], None)]}
    return render(request, "evaluation/campaigns.html", context)


def _usernames(text: str, group: str, errors: list) -> list[tuple[User, str]]:
    names = [line.strip() for line in text.splitlines() if line.strip()]
    found = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    errors += [_("No account named %(name)s.") % {"name": n} for n in names if n not in found]
    return [(found[n], group) for n in names if n in found]


@access(holds_party_post)
def campaign_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Set up a review held by organization ``pk``: the secretaries below it are the subjects; its
    own post holders rate as leaders; further evaluators by account name."""
    host = org_get_for_manager(request.user, pk)
    below = PartyOrganization.objects.filter(
        pk__in=descendants([host.pk]) - {host.pk},
        kind__in=[OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH],
        is_active=True,
        posts__post=Post.SECRETARY,
    ).distinct()
    default = below.exclude(kind=OrgKind.BRANCH) if below.exclude(kind=OrgKind.BRANCH).exists() else below
    leaders = [
        p.member.user
        for p in PartyPost.objects.filter(organization=host, member__user__isnull=False).select_related("member__user")
    ]
    errors: dict = {}
    values = request.POST
    if request.method == "POST":
        problems: list = []
        evaluators = [(u, EvaluatorGroup.LEADER) for u in {u.pk: u for u in leaders}.values()]
        evaluators += _usernames(values.get("organ", ""), EvaluatorGroup.ORGAN, problems)
        evaluators += _usernames(values.get("representatives", ""), EvaluatorGroup.REPRESENTATIVE, problems)
        subjects = list(below.filter(pk__in=[as_int(x, 0) for x in values.getlist("subjects")]))
        try:
            due = date.fromisoformat(values.get("reports_due", ""))
        except ValueError:
            due = None
        if problems:
            errors["evaluators"] = problems
        if not subjects:
            errors["subjects"] = [_("Choose the secretaries to be reviewed.")]
        if due is None:
            errors["reports_due"] = [_("Give the date the reports are due.")]
        if not values.get("title", "").strip():
            errors["title"] = [_("Give the review a title.")]
        if not errors:
            try:
                campaign = campaign_create(
                    actor=request.user,
                    organization=host,
                    title=values["title"],
                    year=due.year,
                    reports_due=due,
                    subjects=subjects,
                    evaluators=evaluators,
                    scale=SCALES.get(values.get("scale", ""), SCALES["standard"]),
                )
            except ValidationError as exc:
                errors = errors_by_field(exc)
            else:
                messages.success(request, _("The review was set up."))
                return redirect("evaluation:review", pk=campaign.pk)
    context = {
        "host": host,
        "below": below,
        "chosen": {as_int(x, 0) for x in values.getlist("subjects")} if errors else {o.pk for o in default},
        "leaders": leaders,
        "scales": [(key, " / ".join(level["label"] for level in scale)) for key, scale in SCALES.items()],
        "errors": errors,
        "values": values,
        "breadcrumbs": [HOME, (_("New review"), None)],
    }
    return render(request, "evaluation/campaign_new.html", context, status=400 if errors else 200)


@access(takes_part)
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    found, roles = campaign_get_for_user(request.user, pk)
    subjects = list(
        found.subjects.select_related("organization", "secretary").prefetch_related(
            "comments__author", "findings__owner"
        )
    )
    see_all = roles["manager"] or roles["evaluator"]
    context = {
        "campaign": found,
        "roles": roles,
        "subjects": subjects if see_all else [s for s in subjects if s == roles["subject"]],
        "scale": list(enumerate(found.scale)),
        "dimensions": list(enumerate(found.dimensions)),
        "progress": found.evaluators.aggregate(total=Count("pk"), voted=Count("pk", filter=Q(voted=True))),
        "by_group": [
            (EvaluatorGroup(g["group"]).label, g["voted"], g["total"])
            for g in found.evaluators.values("group").annotate(
                total=Count("pk"), voted=Count("pk", filter=Q(voted=True))
            )
        ],
        "breadcrumbs": [HOME, (found.title, None)],
    }
    if found.status == CampaignStatus.CLOSED and (roles["manager"] or roles["leader"] or roles["subject"]):
        results = scores(found)
        shown = subjects if (roles["manager"] or roles["leader"]) else [roles["subject"]]
        context["results"] = [(s, results.get(s.pk)) for s in sorted(shown, key=lambda s: s.rank or 999)]
        totals = [0] * len(found.scale)
        for cell in results.values():
            totals = [a + b for a, b in zip(totals, cell["levels"], strict=True)]
        context["chart"] = bar_chart([s["label"] for s in found.scale], totals)
        context["grades_chart"] = bar_chart(
            [s["label"] for s in found.scale],
            [sum(1 for s in subjects if s.grade == lv["label"]) for lv in found.scale],
        )
    return render(request, "evaluation/campaign.html", context)


@access(takes_part)
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The published results as a workbook: rank, secretary, organization, score, grade and the
    number of ratings at each level (counts only, as on the page), for the organizers and leaders."""
    found, roles = campaign_get_for_user(request.user, pk)
    if found.status != CampaignStatus.CLOSED or not (roles["manager"] or roles["leader"]):
        raise Http404
    results = scores(found)
    subjects = sorted(found.subjects.select_related("organization", "secretary"), key=lambda s: s.rank or 999)
    headers = [_("Rank"), _("Secretary"), _("Organization"), _("Score"), _("Grade")] + [
        level["label"] for level in found.scale
    ]
    rows = [
        [s.rank or "", s.secretary.name, s.organization.name, s.score or "", s.grade]
        + (results[s.pk]["levels"] if s.pk in results else [0] * len(found.scale))
        for s in subjects
    ]
    with transaction.atomic():
        audit_record(actor=request.user, action="review_campaign.export", target=found)
    response = HttpResponse(
        workbook_bytes(headers, rows, title=pgettext("review", "Results")), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, f"述职评议结果-{found.year}.xlsx")
    return response


@access(takes_part)
@require_POST
def campaign_act(request: HttpRequest, pk: int) -> HttpResponse:
    found, roles = campaign_get_for_user(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action == "report" and roles["subject"]:
            report_submit(actor=request.user, subject=roles["subject"], report=request.POST.get("report", ""))
            messages.success(request, _("Your report was submitted."))
        elif action == "ballot" and roles["evaluator"]:
            levels = {}
            for subject in found.subjects.all():
                for d in range(len(found.dimensions)):
                    value = as_int(request.POST.get(f"r-{subject.pk}-{d}"), low=0)
                    if value is not None:
                        levels[(subject.pk, d)] = value
            ballot_cast(actor=request.user, campaign=found, levels=levels)
            messages.success(request, _("Your ratings were recorded. They are kept only as counts."))
        elif action == "comment" and roles["leader"]:
            subject = found.subjects.filter(pk=as_int(request.POST.get("subject"), 0)).first()
            if subject is None:
                raise Http404
            comment_add(actor=request.user, subject=subject, text=request.POST.get("text", ""))
            messages.success(request, _("Your comment was added."))
        elif action == "open" and roles["manager"]:
            rating_open(actor=request.user, campaign=found)
            messages.success(request, _("Rating is open."))
        elif action == "close" and roles["manager"]:
            campaign_close(actor=request.user, campaign=found)
            messages.success(request, _("The results were published."))
        elif action == "finding" and roles["manager"]:
            subject = (
                found.subjects.select_related("secretary", "campaign")
                .filter(pk=as_int(request.POST.get("subject"), 0))
                .first()
            )
            if subject is None:
                raise Http404
            try:
                deadline = date.fromisoformat(request.POST.get("deadline", ""))
            except ValueError:
                deadline = None
            finding_add(
                actor=request.user,
                subject=subject,
                problem=request.POST.get("problem", ""),
                owner=subject.secretary,
                deadline=deadline,
            )
            messages.success(request, _("The problem was recorded for follow-up."))
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("evaluation:review", pk=found.pk)
