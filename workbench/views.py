from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.access import access, authenticated
from notifications.selectors import inbox
from workbench.registry import todos_for


@access(authenticated)
def home(request: HttpRequest) -> HttpResponse:
    """我的工作台: to-dos from every module, the latest notifications, the user's roles."""
    context = {
        "todos": todos_for(request.user),
        "latest": inbox(request.user)[:8],
        "roles": request.user.active_roles,
        "jobs": request.user.jobs.all()[:5],
    }
    return render(request, "workbench/home.html", context)
