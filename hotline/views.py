"""Staff pages of the service requests: the list, entry of calls and letters, one request with its
actions, the categories and the report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.access import access
from core.errors import EditConflict
from core.forms import apply_errors, as_int
from core.masking import mask_phone
from hotline import services
from hotline.forms import AssignForm, CategoryForm, RatingForm, ReasonForm, ReplyForm, StaffRequestForm
from hotline.models import (
    HANDLING_STATUSES,
    OPEN_STATUSES,
    Channel,
    RequestCategory,
    RequestStatus,
    ServiceRequest,
)
from hotline.permissions import (
    can_open_hotline,
    handles,
    is_registrar,
    may_see_contact,
    service_request_get_for_user,
    visible_requests,
)
from hotline.workflow import REQUEST_WORKFLOW, STAFF_ACTIONS
from orgs.models import Office

CONFLICT = gettext_lazy(
    "This request was changed by someone else since you opened it. Nothing was saved: your text is kept "
    "below; check the latest state of the request, then submit again."
)
PER_PAGE = 30


def mask_email(value: str) -> str:
    """zhang.san@example.com -> z***@example.com."""
    if not value or "@" not in value:
        return "*" * len(value or "")
    local, domain = value.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_name(value: str) -> str:
    """张三丰 -> 张**."""
    return value[:1] + "*" * (len(value) - 1) if value else ""


def _filters(request: HttpRequest) -> dict:
    get = request.GET
    return {
        "status": get.get("status", "") if get.get("status", "") in [*RequestStatus.values, "open", "overdue"] else "",
        "office": as_int(get.get("office"), None, low=1),
        "category": as_int(get.get("category"), None, low=1),
        "channel": get.get("channel", "") if get.get("channel", "") in Channel.values else "",
        "q": get.get("q", "").strip()[:50],
    }


def _filtered(qs, filters: dict):
    status = filters["status"]
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "overdue":
        qs = qs.filter(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
    elif status:
        qs = qs.filter(status=status)
    if filters["office"]:
        qs = qs.filter(office_id=filters["office"])
    if filters["category"]:
        qs = qs.filter(category_id=filters["category"])
    if filters["channel"]:
        qs = qs.filter(channel=filters["channel"])
    if filters["q"]:
        qs = qs.filter(Q(number__icontains=filters["q"]) | Q(title__icontains=filters["q"]))
    return qs


@access(can_open_hotline)
def requests(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = _filtered(visible_requests(request.user), filters).select_related("category", "office")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    visible = visible_requests(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "statuses": RequestStatus.choices,
        "channels": Channel.choices,
        "offices": Office.objects.filter(is_active=True),
        "categories": RequestCategory.objects.all(),
        "counts": {
            "to_assign": visible.filter(status=RequestStatus.RECEIVED).count(),
            "handling": visible.filter(status__in=HANDLING_STATUSES).count(),
            "overdue": visible.filter(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate()).count(),
        },
        "is_registrar": is_registrar(request.user),
        "breadcrumbs": [(_("Service requests"), None)],
    }
    return render(request, "hotline/requests.html", context)


@access(is_registrar)
def request_new(request: HttpRequest) -> HttpResponse:
    """The general office records a call, letter, visit, e-mail or 12345 transfer."""
    form = StaffRequestForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.service_request_enter(
                actor=request.user,
                channel=data["channel"],
                category=data["category"],
                title=data["title"],
                content=data["content"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                is_urgent=data["is_urgent"],
                received_at=data["received_at"],
                submit_key=data["submit_key"] or None,
            )
            if data["office"] and created.office_id is None:
                services.service_request_assign(
                    actor=request.user, request=created, office=data["office"], version=created.version
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Request %(number)s was recorded.") % {"number": created.number})
            return redirect("hotline:request", pk=created.pk)
    context = {
        "form": form,
        "breadcrumbs": [(_("Service requests"), reverse("hotline:requests")), (_("Record a request"), None)],
    }
    return render(request, "hotline/request_new.html", context, status=400 if form.errors else 200)


def _rectification_url(obj: ServiceRequest) -> str:
    try:
        from rectification.models import RectificationItem

        item = RectificationItem.objects.filter(source_key=services.rectification_key(obj)).first()
    except (ImportError, LookupError):
        return ""
    if item is None:
        return ""
    try:
        return reverse("rectification:item", args=[item.pk])
    except NoReverseMatch:
        return "#"


def _detail_context(request: HttpRequest, obj: ServiceRequest, **forms) -> dict:
    user = request.user
    available = {t.name for t in REQUEST_WORKFLOW.available(obj, user) if t.name in STAFF_ACTIONS}
    initial = {"version": obj.version}
    office_form = forms.get("assign_form") or AssignForm(
        initial=initial | {"office": obj.office_id, "category": obj.category_id, "is_urgent": obj.is_urgent}
    )
    return {
        "obj": obj,
        "events": obj.events.select_related("actor"),
        "links": obj.rating_links.all(),
        "available": available,
        "assign_form": office_form,
        "reply_form": forms.get("reply_form")
        or ReplyForm(initial=initial | {"reply": obj.reply if obj.status == RequestStatus.REOPENED else ""}),
        "return_form": forms.get("return_form") or ReasonForm(initial=initial),
        "invalid_form": forms.get("invalid_form") or ReasonForm(initial=initial),
        "callback_form": forms.get("callback_form") or RatingForm(),
        "may_see_contact": may_see_contact(user, obj),
        "requester_name": obj.requester_name if may_see_contact(user, obj) else mask_name(obj.requester_name),
        "may_callback": is_registrar(user) and obj.status == RequestStatus.REPLIED,
        "may_rectify": (is_registrar(user) or handles(user, obj)) and obj.status != RequestStatus.INVALID,
        "rectification_url": _rectification_url(obj),
        "contact": forms.get("contact"),
        "masked_phone": mask_phone(obj.requester_phone),
        "masked_email": mask_email(obj.requester_email),
        "today": timezone.localdate(),
        "breadcrumbs": [(_("Service requests"), reverse("hotline:requests")), (obj.number, None)],
    }


@access(can_open_hotline)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = service_request_get_for_user(request.user, pk)
    return render(request, "hotline/request.html", _detail_context(request, obj))


def _act(request: HttpRequest, pk: int, form_class, form_key: str, run) -> HttpResponse:
    """Run one action from the request page: field errors and edit conflicts re-render the page
    with the typed text kept; success goes back to the request."""
    obj = service_request_get_for_user(request.user, pk, write=True)
    form = form_class(data=request.POST)
    status = 400
    if form.is_valid():
        try:
            message = run(obj, form.cleaned_data)
        except EditConflict:
            form.add_error(None, CONFLICT)
            status = 409
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("hotline:request", pk=obj.pk)
    obj = service_request_get_for_user(request.user, pk)
    return render(request, "hotline/request.html", _detail_context(request, obj, **{form_key: form}), status=status)


@access(is_registrar)
@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    def run(obj, data):
        services.service_request_assign(
            actor=request.user,
            request=obj,
            office=data["office"],
            category=data["category"],
            is_urgent=data["is_urgent"],
            note=data["note"],
            version=data["version"],
        )
        return _("The request was assigned to %(office)s.") % {"office": data["office"].name}

    return _act(request, pk, AssignForm, "assign_form", run)


@access(can_open_hotline)
@require_POST
def request_reply(request: HttpRequest, pk: int) -> HttpResponse:
    def run(obj, data):
        services.service_request_reply(
            actor=request.user,
            request=obj,
            reply=data["reply"],
            version=data["version"],
            link_base=request.build_absolute_uri("/")[:-1],
        )
        return _("The reply was sent; the requester may now rate it.")

    return _act(request, pk, ReplyForm, "reply_form", run)


@access(can_open_hotline)
@require_POST
def request_return(request: HttpRequest, pk: int) -> HttpResponse:
    def run(obj, data):
        services.service_request_return(actor=request.user, request=obj, reason=data["reason"], version=data["version"])
        return _("The request was returned to the general office.")

    response = _act(request, pk, ReasonForm, "return_form", run)
    if response.status_code == 302:  # the office no longer holds it: back to the list
        return redirect("hotline:requests")
    return response


@access(is_registrar)
@require_POST
def request_invalidate(request: HttpRequest, pk: int) -> HttpResponse:
    def run(obj, data):
        services.service_request_invalidate(
            actor=request.user, request=obj, reason=data["reason"], version=data["version"]
        )
        return _("The request was marked as not accepted.")

    return _act(request, pk, ReasonForm, "invalid_form", run)


@access(is_registrar)
@require_POST
def request_callback(request: HttpRequest, pk: int) -> HttpResponse:
    """A registrar records the rating given on a callback (requesters without e-mail)."""

    def run(obj, data):
        services.service_request_rate_callback(
            actor=request.user, request=obj, rating=data["rating"], comment=data["comment"]
        )
        return _("The rating from the callback was recorded.")

    return _act(request, pk, RatingForm, "callback_form", run)


@access(can_open_hotline)
@require_POST
def request_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the requester's contact data in full to the staff who must call back (audited)."""
    obj = service_request_get_for_user(request.user, pk, write=True)
    try:
        contact = services.service_request_reveal_contact(actor=request.user, request=obj)
    except PermissionDenied:
        raise Http404 from None
    return render(request, "hotline/request.html", _detail_context(request, obj, contact=contact))


@access(can_open_hotline)
@require_POST
def request_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    obj = service_request_get_for_user(request.user, pk, write=True)
    try:
        item, created = services.service_request_to_rectification(actor=request.user, request=obj)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if created:
            messages.success(request, _("Rectification item %(number)s was created.") % {"number": item.number})
        else:
            messages.info(
                request,
                _("This request is already in the rectification ledger (%(number)s).") % {"number": item.number},
            )
    return redirect("hotline:request", pk=obj.pk)


@access(is_registrar)
def categories(request: HttpRequest) -> HttpResponse:
    """The kinds of request and their time limits (policy values, kept in the database)."""
    pk = as_int(request.GET.get("edit") or request.POST.get("pk"), None, low=1)
    editing = RequestCategory.objects.filter(pk=pk).first() if pk else None
    if pk and editing is None:
        raise Http404
    initial = (
        {f: getattr(editing, f) for f in CategoryForm.base_fields} if editing else {"is_active": True, "sort_order": 0}
    )
    form = CategoryForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(actor=request.user, category=editing, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The category was saved."))
            return redirect("hotline:categories")
    context = {
        "categories": RequestCategory.objects.all(),
        "form": form,
        "editing": editing,
        "breadcrumbs": [(_("Service requests"), reverse("hotline:requests")), (_("Request categories"), None)],
    }
    return render(request, "hotline/categories.html", context, status=400 if form.errors else 200)
