"""Democratic evaluation of members: the branch's page (stages, grading with the one-third rule)
and a member's own page (self-assessment, mutual assessment)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access
from core.forms import as_int
from evaluation.members import (
    evaluation_advance,
    evaluation_start,
    grades_record,
    mutual_submit,
    self_assessment_submit,
)
from evaluation.models import EvaluationStage, MemberEvaluation, MemberGrade, MutualTally
from party.models import MemberStatus
from party.permissions import holds_party_post, is_party_member, org_get_for_manager

HOME = (_("Democratic evaluation of members"), None)


@access(holds_party_post)
def branch(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get_for_manager(request.user, pk)
    year = timezone.localdate().year
    evaluation = MemberEvaluation.objects.filter(organization=org, year=year).first()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "start":
                evaluation_start(actor=request.user, organization=org, year=year)
            elif action == "advance" and evaluation:
                evaluation_advance(actor=request.user, evaluation=evaluation, expected=request.POST.get("stage", ""))
            elif action == "grades" and evaluation:
                grades = {
                    as_int(key[2:]): value
                    for key, value in request.POST.items()
                    if key.startswith("g-") and as_int(key[2:]) is not None and value
                }
                grades_record(actor=request.user, evaluation=evaluation, grades=grades)
                messages.success(request, _("The grades were saved."))
            else:
                raise Http404
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("evaluation:members", pk=org.pk)
    entries, mutual = [], {}
    # The counts are shown only once the mutual assessment is over: while it runs, the first
    # ballots' counts would be those members' own grades.
    show_counts = evaluation is not None and evaluation.stage in (EvaluationStage.GRADING, EvaluationStage.CLOSED)
    if evaluation:
        entries = list(evaluation.entries.select_related("member").order_by("member__status", "member__name"))
    if show_counts:
        for entry_id, grade, n in (
            MutualTally.objects.filter(entry__evaluation=evaluation)
            .values("entry", "grade")
            .annotate(n=Sum("count"))
            .values_list("entry", "grade", "n")
        ):
            mutual.setdefault(entry_id, {})[grade] = n
    context = {
        "org": org,
        "year": year,
        "evaluation": evaluation,
        "rows": [(e, [mutual.get(e.pk, {}).get(g, 0) for g in MemberGrade.values]) for e in entries],
        "grades": MemberGrade.choices,
        "show_counts": show_counts,
        "full": MemberStatus.FULL,
        "done": {
            "self": sum(1 for e in entries if e.self_assessment),
            "mutual": sum(1 for e in entries if e.mutual_done),
        },
        "breadcrumbs": [(_("Party organizations"), "party:orgs"), (org.name, f"/party/orgs/{org.pk}/"), HOME],
    }
    return render(request, "evaluation/branch.html", context)


@access(is_party_member)
def mine(request: HttpRequest) -> HttpResponse:
    """The member's own part in their branch's evaluation this year."""
    year = timezone.localdate().year
    evaluation = MemberEvaluation.objects.filter(organization__members__user=request.user, year=year).first()
    entry = evaluation.entries.filter(member__user=request.user).first() if evaluation else None
    if request.method == "POST" and evaluation and entry:
        try:
            if request.POST.get("action") == "self":
                self_assessment_submit(actor=request.user, evaluation=evaluation, text=request.POST.get("text", ""))
            else:
                grades = {
                    int(key[2:]): value
                    for key, value in request.POST.items()
                    if key.startswith("m-") and as_int(key[2:]) is not None
                }
                mutual_submit(actor=request.user, evaluation=evaluation, grades=grades)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Submitted."))
        return redirect("evaluation:my_evaluation")
    others = (
        evaluation.entries.exclude(pk=entry.pk).select_related("member").order_by("member__name")
        if evaluation and entry and evaluation.stage == EvaluationStage.MUTUAL and not entry.mutual_done
        else []
    )
    context = {
        "evaluation": evaluation,
        "entry": entry,
        "others": others,
        "grades": MemberGrade.choices,
        "breadcrumbs": [(_("My evaluation"), None)],
    }
    return render(request, "evaluation/mine.html", context)
