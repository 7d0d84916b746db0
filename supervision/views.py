"""Pages of supervised tasks: the progress table (with Excel export), the distribution table, a
task's page with its stages, progress, files, checks and history, assignment and decomposition,
handling (start, progress, completion with evidence), result feedback, weekly checks, stage
bulletins and the time-limit policy."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from attachments.selectors import attachments_of
from core.access import access
from core.errors import EditConflict
from core.excel import XLSX_CONTENT_TYPE, workbook_bytes
from core.forms import apply_errors, as_int, errors_by_field
from orgs.models import Office
from supervision import services
from supervision.bulletins import bulletin_issue
from supervision.forms import PolicyForm, ProgressForm, ReportForm, TaskEditForm, TaskForm
from supervision.models import (
    ACTIVE_STATUSES,
    OPEN_STATUSES,
    StageBulletin,
    SupervisedTask,
    TaskSource,
    TaskStatus,
)
from supervision.permissions import (
    can_give_feedback,
    can_handle,
    can_manage,
    can_report_progress,
    is_supervisor,
    manages_tasks,
    takes_part,
    task_get_for_user,
)
from supervision.selectors import (
    EXPORT_LIMIT,
    YEARS,
    TaskFilters,
    annotate_rows,
    distribution,
    task_table,
    weekly_overview,
)
from supervision.services import EVIDENCE, TASK_WORKFLOW, week_of

PER_PAGE = 50
WEEKLY_PAGE = 100


def _home():
    return (_("Supervised tasks"), reverse("supervision:tasks"))


def _rectification_items():
    from rectification.models import RectificationItem, RectificationStatus

    return RectificationItem.objects.exclude(status=RectificationStatus.CLOSED).order_by("-pk")


# --- lists ------------------------------------------------------------------------------------


@access(takes_part)
def tasks(request: HttpRequest) -> HttpResponse:
    """The progress table 完成推进表 across every task the user sees."""
    today = timezone.localdate()
    filters = TaskFilters.from_query(request.GET)
    rows = task_table(request.user, filters, today=today)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = annotate_rows(page.object_list, today)
    context = {
        "page": page,
        "filters": filters,
        "filter_query": filters.as_query(),
        "offices": Office.objects.filter(is_active=True),
        "sources": TaskSource.choices,
        "statuses": TaskStatus.choices,
        "totals": _totals(request.user, today),
        "can_create": manages_tasks(request.user),
        "today": today,
        "breadcrumbs": [(_("Supervised tasks"), None)],
    }
    return render(request, "supervision/tasks.html", context)


def _totals(user, today: dt.date) -> dict:
    from supervision.permissions import tasks_visible_to

    return tasks_visible_to(user).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
        closed=Count("pk", filter=Q(status=TaskStatus.CLOSED)),
        closed_on_time=Count("pk", filter=Q(status=TaskStatus.CLOSED, reported_on__lte=F("deadline"))),
    )


@access(takes_part)
def tasks_export(request: HttpRequest) -> HttpResponse:
    """The progress table with the same filters, as an Excel workbook."""
    today = timezone.localdate()
    rows = annotate_rows(
        task_table(request.user, TaskFilters.from_query(request.GET), today=today)[:EXPORT_LIMIT], today
    )
    headers = [
        _("task number"),
        pgettext("supervision", "Task"),
        pgettext("supervision", "Source"),
        _("responsible office"),
        _("co-operating offices"),
        _("person responsible"),
        _("leader in charge"),
        _("assigned on"),
        pgettext("supervision", "Deadline"),
        _("urgent"),
        _("current stage"),
        _("progress (%)"),
        _("latest progress"),
        pgettext("supervision", "Status"),
        _("working days overdue"),
    ]
    data = [
        [
            t.number,
            t.title,
            t.get_source_display(),
            t.office.name,
            "、".join(o.name for o in t.co_offices.all()),
            str(t.owner),
            str(t.leader),
            t.assigned_on,
            t.deadline,
            _("yes") if t.is_urgent else "",
            f"{t.current_stage.name}（{t.current_stage.due_on:%Y-%m-%d}）" if t.current_stage else "",
            t.progress,
            t.latest_report or "",
            t.get_status_display(),
            t.days_overdue or "",
        ]
        for t in rows
    ]
    body = workbook_bytes(headers, data, title=_("Progress table"))
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="supervision-{today:%Y%m%d}.xlsx"'
    return response


@access(takes_part)
def distribution_view(request: HttpRequest) -> HttpResponse:
    """The task distribution table 任务分布表: per office, who does what by when."""
    parent = None
    if request.GET.get("parent"):
        parent = task_get_for_user(request.user, as_int(request.GET.get("parent"), 0))
    office = as_int(request.GET.get("office"), None, low=1)
    context = {
        "groups": distribution(request.user, parent=parent, office=office),
        "parent": parent,
        "office": office,
        "offices": Office.objects.filter(is_active=True),
        "today": timezone.localdate(),
        "breadcrumbs": [_home(), (_("Task distribution"), None)],
    }
    return render(request, "supervision/distribution.html", context)


# --- assignment -------------------------------------------------------------------------------


@access(manages_tasks)
def task_new(request: HttpRequest) -> HttpResponse:
    form = TaskForm(request.POST or None, rectification_items=_rectification_items())
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(actor=request.user, **form.service_values())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Task %(number)s assigned.") % {"number": task.number})
            return redirect("supervision:task", pk=task.pk)
    context = {"form": form, "breadcrumbs": [_home(), (_("New supervised task"), None)]}
    return render(request, "supervision/task_form.html", context, status=400 if form.errors else 200)


@access(manages_tasks)
def subtask_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Decomposition: a subtask of a parent for one office (who does what by when)."""
    parent = task_get_for_user(request.user, pk)
    form = TaskForm(request.POST or None, subtask=True, initial={"deadline": parent.deadline})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(
                actor=request.user,
                source=parent.source,
                source_details=parent.source_details,
                parent=parent,
                raised_by=parent.raised_by,
                rectification_item=parent.rectification_item,
                **form.service_values(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Subtask %(number)s assigned.") % {"number": task.number})
            return redirect("supervision:task", pk=parent.pk)
    context = {
        "form": form,
        "parent": parent,
        "breadcrumbs": [
            _home(),
            (parent.number, reverse("supervision:task", args=[parent.pk])),
            (_("New subtask"), None),
        ],
    }
    return render(request, "supervision/task_form.html", context, status=400 if form.errors else 200)


@access(takes_part)  # supervisors and leaders, or the raiser of the task (checked below)
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_get_for_user(request.user, pk)
    if not can_manage(request.user, task):
        raise Http404
    initial = {
        "title": task.title,
        "requirements": task.requirements,
        "source_details": task.source_details,
        "co_offices": list(task.co_offices.all()),
        "owner": task.owner,
        "leader": task.leader,
        "is_urgent": task.is_urgent,
        "deadline": task.deadline,
        "version": task.version,
    }
    form = TaskEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            services.task_update(
                actor=request.user,
                task=task,
                version=values.pop("version"),
                co_offices=values.pop("co_offices"),
                **values,
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The task was saved."))
            return redirect("supervision:task", pk=task.pk)
    if form.errors and status == 200:
        status = 400
    context = {
        "form": form,
        "task": task,
        "breadcrumbs": [_home(), (task.number, reverse("supervision:task", args=[task.pk])), (_("Edit"), None)],
    }
    return render(request, "supervision/task_form.html", context, status=status)


# --- one task ---------------------------------------------------------------------------------


@access(takes_part)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_get_for_user(request.user, pk)
    return _task_page(request, task)


def _task_page(
    request, task: SupervisedTask, *, forms: dict | None = None, errors: dict | None = None, status: int = 200
):
    user = request.user
    today = timezone.localdate()
    stages = list(task.stages.all())
    forms = forms or {}
    for stage in stages:
        stage.state = stage.state_on(today)
    context = {
        "task": task,
        "stages": stages,
        "subtasks": annotate_rows(task.subtasks.select_related("office", "owner").prefetch_related("stages"), today),
        "co_offices": list(task.co_offices.all()),
        "reports": task.reports.select_related("reported_by", "stage")[:50],
        "events": task.events.select_related("actor"),
        "checks": task.checks.select_related("checked_by")[:20],
        "files": attachments_of(task, kind=EVIDENCE).select_related("uploaded_by"),
        "actions": [t.name for t in TASK_WORKFLOW.available(task, user)],
        "may_handle": can_handle(user, task) and task.status in OPEN_STATUSES,
        "may_progress": can_report_progress(user, task) and task.status in OPEN_STATUSES,
        "may_feedback": can_give_feedback(user, task) and task.status == TaskStatus.REPORTED,
        "may_manage": can_manage(user, task) and task.status in ACTIVE_STATUSES,
        "may_decompose": manages_tasks(user) and task.status in OPEN_STATUSES and not task.parent_id,
        "may_check": is_supervisor(user) and task.status in ACTIVE_STATUSES,
        "days_overdue": annotate_rows([task], today)[0].days_overdue,
        "progress_form": forms.get("progress") or ProgressForm(stages=[s for s in stages if not s.completed_on]),
        "report_form": forms.get("report") or ReportForm(initial={"completion_summary": task.completion_summary}),
        "errors": errors or {},
        "values": request.POST if errors else {},
        "today": today,
        "breadcrumbs": [_home(), (task.number, None)],
    }
    return render(request, "supervision/task.html", context, status=status)


@require_POST
@access(takes_part)
def task_act(request: HttpRequest, pk: int) -> HttpResponse:
    """Start, accept, send back or withdraw (the workflow decides who may)."""
    task = task_get_for_user(request.user, pk)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    handlers = {
        "start": lambda: services.task_start(actor=request.user, task=task),
        "accept": lambda: services.task_accept(actor=request.user, task=task, comment=reason),
        "send_back": lambda: services.task_send_back(actor=request.user, task=task, reason=reason),
        "cancel": lambda: services.task_cancel(actor=request.user, task=task, reason=reason),
    }
    if action not in handlers:
        raise Http404
    try:
        handlers[action]()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        errors = errors_by_field(exc)
        errors[f"{action}_reason"] = errors.pop("reason", [])
        return _task_page(request, task, errors={k: v for k, v in errors.items() if v}, status=400)
    done = {
        "start": _("The task was taken up."),
        "accept": _("The result was accepted; the task is closed."),
        "send_back": _("The task was sent back for further work."),
        "cancel": _("The task was withdrawn."),
    }
    messages.success(request, done[action])
    return redirect("supervision:task", pk=task.pk)


@require_POST
@access(takes_part)
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_get_for_user(request.user, pk)
    if not can_report_progress(request.user, task):
        raise Http404
    stages = [s for s in task.stages.all() if not s.completed_on]
    form = ProgressForm(request.POST, stages=stages)
    if form.is_valid():
        stage = next((s for s in stages if s.pk == form.cleaned_data["stage"]), None)
        try:
            services.progress_report(
                actor=request.user,
                task=task,
                text=form.cleaned_data["text"],
                progress=form.cleaned_data["progress"],
                stage=stage,
                stage_done=form.cleaned_data["stage_done"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The progress was recorded."))
            return redirect("supervision:task", pk=task.pk)
    return _task_page(request, task, forms={"progress": form}, status=400)


@access(takes_part)
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Completion with evidence: a summary and at least one evidence file."""
    task = task_get_for_user(request.user, pk)
    if not can_handle(request.user, task):
        raise Http404
    if request.method != "POST":
        return redirect(reverse("supervision:task", args=[task.pk]) + "#report")
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.task_report(
                actor=request.user,
                task=task,
                summary=form.cleaned_data["completion_summary"],
                uploads=form.cleaned_data["files"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Completion was reported; the person who raised the task gives the feedback."))
            return redirect("supervision:task", pk=task.pk)
    return _task_page(request, task, forms={"report": form}, status=400)


@require_POST
@access(takes_part)
def task_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_get_for_user(request.user, pk)
    if not can_handle(request.user, task):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        return _task_page(request, task, errors={"evidence": [_("Choose a file to upload.")]}, status=400)
    try:
        services.evidence_add(actor=request.user, task=task, upload=upload)
    except ValidationError as exc:
        return _task_page(request, task, errors={"evidence": exc.messages}, status=400)
    messages.success(request, _("The evidence file was added."))
    return redirect("supervision:task", pk=task.pk)


@require_POST
@access(is_supervisor)
def task_check(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_get_for_user(request.user, pk)
    try:
        services.weekly_check_record(
            actor=request.user,
            task=task,
            finding=request.POST.get("finding", ""),
            next_step=request.POST.get("next_step", ""),
        )
    except ValidationError as exc:
        return _task_page(request, task, errors=errors_by_field(exc), status=400)
    messages.success(request, _("This week's check was recorded."))
    back = request.POST.get("next") == "weekly"
    return redirect("supervision:weekly") if back else redirect("supervision:task", pk=task.pk)


# --- weekly checks, bulletins, policy ---------------------------------------------------------


@access(manages_tasks)
def weekly(request: HttpRequest) -> HttpResponse:
    """The weekly check overview 每周督查: every task being handled and this week's check."""
    today = timezone.localdate()
    try:
        week = week_of(dt.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        week = week_of(today)
    if week.year not in YEARS:  # "0001-01-03" or "9999-12-31": the week before or its end overflows
        week = week_of(today)
    active = SupervisedTask.objects.filter(status__in=ACTIVE_STATUSES)
    counts = active.aggregate(
        total=Count("pk", distinct=True), checked=Count("pk", filter=Q(checks__week=week), distinct=True)
    )
    page = Paginator(range(counts["total"]), WEEKLY_PAGE).get_page(request.GET.get("page"))
    rows = weekly_overview(week, offset=page.start_index() - 1 if counts["total"] else 0, limit=WEEKLY_PAGE)
    context = {
        "rows": rows,
        "page": page,
        "filter_query": f"week={week.isoformat()}",
        "total": counts["total"],
        "week": week,
        "week_end": week + dt.timedelta(days=6),
        "previous": week - dt.timedelta(days=7),
        "next": week + dt.timedelta(days=7) if week < week_of(today) else None,
        "checked": counts["checked"],
        "is_current": week == week_of(today),
        "may_check": is_supervisor(request.user),
        "breadcrumbs": [_home(), (_("Weekly checks"), None)],
    }
    return render(request, "supervision/weekly.html", context)


@access(takes_part)
def bulletins(request: HttpRequest) -> HttpResponse:
    page = Paginator(StageBulletin.objects.select_related("issued_by"), PER_PAGE).get_page(request.GET.get("page"))
    errors: dict = {}
    if request.method == "POST":
        if not is_supervisor(request.user):
            raise PermissionDenied
        try:
            bulletin = bulletin_issue(
                actor=request.user, title=request.POST.get("title", ""), remarks=request.POST.get("remarks", "")
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("Bulletin %(number)s was issued.") % {"number": bulletin.number})
            return redirect("supervision:bulletin", pk=bulletin.pk)
    context = {
        "page": page,
        "may_issue": is_supervisor(request.user),
        "errors": errors,
        "values": request.POST if errors else {},
        "default_title": _("Bulletin on supervised tasks as of %(date)s") % {"date": timezone.localdate().isoformat()},
        "breadcrumbs": [_home(), (_("Stage bulletins"), None)],
    }
    return render(request, "supervision/bulletins.html", context, status=400 if errors else 200)


@access(takes_part)
def bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    found = StageBulletin.objects.select_related("issued_by").filter(pk=pk).first()
    if found is None:
        raise Http404
    lines = list(found.lines.select_related("task", "office", "owner").order_by("state", "office__sort_order", "pk"))
    context = {
        "bulletin": found,
        "late": [line for line in lines if line.is_late],
        "on_time": [line for line in lines if not line.is_late],
        "breadcrumbs": [_home(), (_("Stage bulletins"), reverse("supervision:bulletins")), (found.number, None)],
    }
    return render(request, "supervision/bulletin.html", context)


@access(is_supervisor)
def policy_view(request: HttpRequest) -> HttpResponse:
    current = services.policy()
    initial = {f: getattr(current, f) for f in services.POLICY_FIELDS} | {"version": current.version}
    form = PolicyForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            services.policy_update(actor=request.user, version=values.pop("version"), **values)
        except EditConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The time-limit policy was saved."))
            return redirect("supervision:policy")
    if form.errors and status == 200:
        status = 400
    context = {"form": form, "breadcrumbs": [_home(), (_("Time-limit policy"), None)]}
    return render(request, "supervision/policy.html", context, status=status)
