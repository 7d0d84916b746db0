"""Staff pages of surveys: the list, setting up a questionnaire, recipients, sending, reminders,
results with charts and Excel, comments by question and theme, problems found."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from accounts.models import User
from core.access import access
from core.charts import bar_chart, pie_chart
from core.errors import EditConflict
from core.forms import apply_errors, as_int, errors_by_field
from orgs.models import Office, Recommender, Unit
from surveys.exports import results_workbook
from surveys.forms import FindingForm, QuestionForm, RecipientsForm, SurveyForm
from surveys.models import QuestionKind, RecipientKind, SurveyStatus
from surveys.permissions import can_run, office_ids, reads_surveys, runs_surveys, survey_get_for_user, surveys_for_user
from surveys.selectors import comments, percent, results, return_rate, surveys_with_counts
from surveys.services import (
    SURVEY_WORKFLOW,
    answer_tag,
    finding_add,
    finding_rectify,
    question_add,
    question_delete,
    question_move,
    recipient_remove,
    recipients_add,
    reminders_send,
    survey_close,
    survey_create,
    survey_open,
    survey_update,
)

PER_PAGE = 25


def _crumbs(*items) -> list:
    return [(_("Surveys and evaluations"), reverse("surveys:list")), *items]


def _link_base(request: HttpRequest) -> str:
    """Scheme and host for the links e-mailed to external people (who open them outside the platform)."""
    return request.build_absolute_uri("/")[:-1]


def _survey_crumb(survey) -> tuple:
    return (survey.title, reverse("surveys:detail", args=[survey.pk]))


@access(reads_surveys)
def survey_list(request: HttpRequest) -> HttpResponse:
    rows = surveys_with_counts(surveys_for_user(request.user))
    status = request.GET.get("status", "")
    if status in SurveyStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for survey in page:
        survey.rate = percent(survey.returned, survey.sent)
    context = {
        "page": page,
        "status": status,
        "statuses": SurveyStatus.choices,
        "can_create": bool(office_ids(request.user)),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "surveys/list.html", context)


def _survey_values(form: SurveyForm) -> dict:
    data = form.cleaned_data
    return {name: data[name] for name in ("title", "kind", "intro", "anonymous", "opens_on", "closes_on")}


@access(runs_surveys)
def survey_new(request: HttpRequest) -> HttpResponse:
    offices = list(Office.objects.filter(pk__in=office_ids(request.user)))
    if not offices:
        raise Http404
    today = timezone.localdate()
    form = SurveyForm(data=request.POST or None, initial={"opens_on": today, "closes_on": today})
    if request.method == "POST" and form.is_valid():
        office = next((o for o in offices if o.pk == as_int(request.POST.get("office"))), offices[0])
        try:
            survey = survey_create(
                actor=request.user,
                office=office,
                submit_key=form.cleaned_data["submit_key"] or None,
                **_survey_values(form),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The survey was created as a draft. Add its questions and recipients."))
            return redirect("surveys:detail", pk=survey.pk)
    context = {"form": form, "offices": offices, "breadcrumbs": _crumbs((_("New survey"), None))}
    return render(request, "surveys/form.html", context, status=400 if form.errors else 200)


@access(runs_surveys)
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk, write=True)
    if survey.status == SurveyStatus.CLOSED:
        raise Http404
    initial = {name: getattr(survey, name) for name in ("title", "kind", "intro", "anonymous", "opens_on", "closes_on")}
    form = SurveyForm(data=request.POST or None, initial=initial | {"version": survey.version})
    if survey.status == SurveyStatus.OPEN:
        for name in ("title", "kind", "intro", "anonymous", "opens_on"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            survey_update(
                actor=request.user,
                survey=survey,
                version=as_int(request.POST.get("version"), 0),
                **_survey_values(form),
            )
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Someone changed this survey since you opened it. Your text is kept below: "
                    "reload the page to see the other changes, then apply yours again."
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The survey was saved."))
            return redirect("surveys:detail", pk=survey.pk)
    context = {
        "form": form,
        "survey": survey,
        "breadcrumbs": _crumbs(_survey_crumb(survey), (_("Edit"), None)),
    }
    return render(request, "surveys/form.html", context, status=400 if form.errors else 200)


def _detail(request: HttpRequest, survey, *, question_form=None, status: int = 200) -> HttpResponse:
    runner = can_run(request.user, survey)
    rate = return_rate(survey)
    context = {
        "survey": survey,
        "questions": list(survey.questions.all()),
        "runner": runner,
        "rate": rate,
        "by_kind": dict.fromkeys(RecipientKind.values, 0)
        | dict(survey.recipients.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")),
        "actions": [t.name for t in SURVEY_WORKFLOW.available(survey, request.user)] if runner else [],
        "question_form": question_form or QuestionForm(initial={"required": True}),
        "kinds": QuestionKind,
        "breadcrumbs": _crumbs((survey.title, None)),
    }
    return render(request, "surveys/detail.html", context, status=status)


@access(reads_surveys)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, survey_get_for_user(request.user, pk))


@access(runs_surveys)
@require_POST
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk, write=True)
    form = QuestionForm(data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            question_add(
                actor=request.user,
                survey=survey,
                kind=data["kind"],
                text=data["text"],
                required=data["required"],
                options=data["options"].splitlines(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The question was added."))
            return redirect(reverse("surveys:detail", args=[survey.pk]) + "#questions")
    return _detail(request, survey, question_form=form, status=400)


@access(runs_surveys)
@require_POST
def question_act(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk, write=True)
    question = survey.questions.filter(pk=question_id).first()
    if question is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action == "delete":
            question_delete(actor=request.user, question=question)
        elif action in ("up", "down"):
            question_move(actor=request.user, question=question, up=action == "up")
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("surveys:detail", args=[survey.pk]) + "#questions")


@access(runs_surveys)
@require_POST
def survey_act(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk, write=True)
    action = request.POST.get("action", "")
    try:
        if action == "open":
            survey_open(actor=request.user, survey=survey, link_base=_link_base(request))
            messages.success(request, _("The survey was sent: every recipient has its answer link."))
        elif action == "close":
            survey_close(actor=request.user, survey=survey)
            messages.success(request, _("The survey is closed."))
        elif action == "remind":
            today = timezone.localdate()
            count = reminders_send(
                actor=request.user,
                survey=survey,
                key_prefix=f"hand:{today.isoformat()}",
                link_base=_link_base(request),
            )
            messages.success(request, _("%(n)d recipients who have not answered were reminded.") % {"n": count})
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("surveys:detail", pk=survey.pk)


def _parse_recipients(data: dict) -> tuple[dict, dict]:
    """The units, accounts and external people typed in the form, and what could not be found."""
    errors: dict[str, list] = {}
    unit_lines = [line.strip() for line in data["units"].splitlines() if line.strip()]
    units = list(Unit.objects.filter(is_active=True)) if data["all_units"] else []
    if unit_lines:
        found = Unit.objects.filter(Q(name__in=unit_lines) | Q(credit_code__in=[x.upper() for x in unit_lines]))
        found = list(found.filter(is_active=True))
        known = {u.name for u in found} | {u.credit_code for u in found}
        missing = [line for line in unit_lines if line not in known and line.upper() not in known]
        if missing:
            errors["units"] = [_("No active unit named %(names)s.") % {"names": "、".join(missing[:10])}]
        units += found
    lines = [line.strip() for line in data["recommenders"].splitlines() if line.strip()]
    bureaus = list(Recommender.objects.all()) if data["all_recommenders"] else []
    found = list(Recommender.objects.filter(name__in=lines))
    missing = sorted(set(lines) - {b.name for b in found})
    if missing:
        errors["recommenders"] = [_("No bureau or department named %(names)s.") % {"names": "、".join(missing[:10])}]
    bureaus += found
    names = [line.strip() for line in data["users"].splitlines() if line.strip()]
    users = list(User.objects.filter(username__in=names, is_active=True))
    missing = sorted(set(names) - {u.username for u in users})
    if missing:
        errors["users"] = [_("No account named %(names)s.") % {"names": "、".join(missing[:10])}]
    externals = []
    for line in data["externals"].splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if len(parts) != 2:
            errors["externals"] = [_("Write each person as: name, e-mail.")]
            break
        externals.append((parts[0], parts[1]))
    return {"units": units, "recommenders": bureaus, "users": users, "externals": externals}, errors


@access(reads_surveys)
def recipients(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk)
    runner = can_run(request.user, survey)
    form = RecipientsForm(data=request.POST or None)
    if request.method == "POST":
        if not runner:
            raise Http404
        if form.is_valid():
            parsed, problems = _parse_recipients(form.cleaned_data)
            for field, errors in problems.items():
                for error in errors:
                    form.add_error(field, error)
            if not problems:
                try:
                    added = recipients_add(actor=request.user, survey=survey, link_base=_link_base(request), **parsed)
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("%(n)d recipients were added.") % {"n": len(added)})
                    return redirect("surveys:recipients", pk=survey.pk)
    rows = survey.recipients.all()
    shown = request.GET.get("show", "")
    if shown == "waiting":
        rows = rows.filter(answered=False)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "survey": survey,
        "runner": runner,
        "form": form,
        "page": page,
        "show": shown,
        "rate": return_rate(survey),
        "breadcrumbs": _crumbs(_survey_crumb(survey), (_("Recipients"), None)),
    }
    return render(request, "surveys/recipients.html", context, status=400 if form.errors else 200)


@access(runs_surveys)
@require_POST
def recipient_delete(request: HttpRequest, pk: int, recipient_id: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk, write=True)
    recipient = survey.recipients.filter(pk=recipient_id).first()
    if recipient is None:
        raise Http404
    try:
        recipient_remove(actor=request.user, recipient=recipient)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("surveys:recipients", pk=survey.pk)


@access(reads_surveys)
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk)
    found = results(survey)
    charts = []
    for dist in found.distributions:
        if dist.question.kind == QuestionKind.SINGLE:
            chart = pie_chart(dict(zip(dist.question.options, dist.counts, strict=True)))
        else:
            chart = bar_chart(dist.question.options, dist.counts, rotate=0)
        charts.append((dist, chart))
    context = {
        "survey": survey,
        "results": found,
        "charts": charts,
        "breadcrumbs": _crumbs(_survey_crumb(survey), (pgettext("survey", "Results"), None)),
    }
    return render(request, "surveys/results.html", context)


@access(reads_surveys)
def survey_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk)
    data = results_workbook(survey)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, f"{survey.title}-结果.xlsx")
    return response


def _uuids(values: list[str]) -> list[uuid.UUID]:
    found = []
    for value in values[:1000]:
        try:
            found.append(uuid.UUID(value))
        except ValueError:
            continue
    return found


@access(reads_surveys)
def survey_comments(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk)
    runner = can_run(request.user, survey)
    errors: dict = {}
    if request.method == "POST":
        if not runner:
            raise Http404
        try:
            count = answer_tag(
                actor=request.user,
                survey=survey,
                answer_ids=_uuids(request.POST.getlist("answers")),
                theme=request.POST.get("theme", ""),
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            if count:
                messages.success(request, _("%(n)d comments were given the theme.") % {"n": count})
            else:
                messages.error(request, _("Tick the comments to group first."))
            return redirect("surveys:comments", pk=survey.pk)
    groups = comments(survey)
    context = {
        "survey": survey,
        "runner": runner,
        "groups": groups,
        "errors": errors,
        "theme": request.POST.get("theme", ""),
        "themes": sorted({t for g in groups for t, _a in g.themes if t}),
        "breadcrumbs": _crumbs(_survey_crumb(survey), (_("Comments"), None)),
    }
    return render(request, "surveys/comments.html", context, status=400 if errors else 200)


@access(reads_surveys)
def survey_findings(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk)
    runner = can_run(request.user, survey)
    questions = list(survey.questions.all())
    offices = list(Office.objects.filter(is_active=True))
    form = FindingForm(data=request.POST or None, questions=questions, offices=offices)
    if request.method == "POST":
        if not runner:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                finding_add(
                    actor=request.user,
                    survey=survey,
                    problem=data["problem"],
                    question=next((q for q in questions if q.pk == data["question"]), None),
                    office=next((o for o in offices if o.pk == data["office"]), None),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The problem was recorded."))
                return redirect("surveys:findings", pk=survey.pk)
    rows = survey.findings.select_related("question", "office", "rectification_item")
    context = {
        "survey": survey,
        "runner": runner,
        "form": form,
        "rows": rows,
        "breadcrumbs": _crumbs(_survey_crumb(survey), (pgettext("survey", "Problems found"), None)),
    }
    return render(request, "surveys/findings.html", context, status=400 if form.errors else 200)


@access(runs_surveys)
@require_POST
def finding_to_rectification(request: HttpRequest, pk: int, finding_id: int) -> HttpResponse:
    survey = survey_get_for_user(request.user, pk, write=True)
    finding = survey.findings.filter(pk=finding_id).first()
    if finding is None:
        raise Http404
    try:
        item, created = finding_rectify(actor=request.user, finding=finding)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        text = _("Rectification item %(number)s was created.") if created else _("Already in the ledger as %(number)s.")
        messages.success(request, text % {"number": item.number})
    return redirect("surveys:findings", pk=survey.pk)
