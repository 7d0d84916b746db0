from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import is_sysadmin
from core.access import access, authenticated
from notifications.forms import WebhookForm
from notifications.permissions import notification_get_for_user, webhook_get_for_user
from notifications.selectors import inbox as inbox_query
from notifications.selectors import webhook_list
from notifications.services import broadcast_to, notification_mark_read, webhook_create, webhook_set_active


@access(authenticated)
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox_query(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "breadcrumbs": [(_("Notifications"), None)]})


@require_POST
@access(authenticated)
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    note = notification_get_for_user(request.user, pk)
    notification_mark_read(actor=request.user, notification=note)
    target = (
        note.url
        if url_has_allowed_host_and_scheme(note.url, {request.get_host()}) and note.url
        else "notifications:inbox"
    )
    return redirect(target)


@require_POST
@access(authenticated)
def mark_all_read(request: HttpRequest) -> HttpResponse:
    notification_mark_read(actor=request.user)
    return redirect("notifications:inbox")


# --- Group-chat robots (system admin) ---------------------------------------------------------


@access(is_sysadmin)
def webhooks(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        webhook_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Robot added."))
        return redirect("notifications:webhooks")
    context = {
        "form": form,
        "endpoints": webhook_list(),
        "breadcrumbs": [(_("Robots"), None)],
    }
    return render(request, "notifications/webhooks.html", context)


@require_POST
@access(is_sysadmin)
def webhook_action(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = webhook_get_for_user(request.user, pk)
    if request.POST.get("action") == "test":
        with transaction.atomic():
            broadcast_to(endpoint=endpoint, title=_("Test message"), body=_("Kejiwang can reach this robot."))
        messages.success(request, _("Test message queued; see the delivery result below."))
    else:
        webhook_set_active(actor=request.user, endpoint=endpoint, active=not endpoint.is_active)
    return redirect("notifications:webhooks")
