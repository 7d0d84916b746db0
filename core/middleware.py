from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core import context


class RequestContextMiddleware:
    """Give each request an id (echoed in ``X-Request-ID``) and bind it for audit events."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.bind(request)
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class PrivatePagesMiddleware:
    """Pages for a signed-in user are never stored by browsers or proxies (shared office computers)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
