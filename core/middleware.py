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
