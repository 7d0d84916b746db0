from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import access, authenticated
from notifications.permissions import notification_get_for_user
from notifications.selectors import inbox as inbox_query
from notifications.services import notification_mark_read


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
