"""Session limits and the security gate (forced password change, second factor)."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.selectors import password_expired

SESSION_STARTED = "kejiwang_session_started"

# Views a signed-in user may reach before passing the gate.
GATE_OPEN_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:password_change",
        "accounts:otp_setup",
        "accounts:otp_verify",
        "set_language",
        "healthz",
    }
)


class SessionLimitsMiddleware:
    """Absolute session lifetime of 12 hours (the idle limit is the cookie age, renewed per request)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED)
            if started is None:
                request.session[SESSION_STARTED] = int(time.time())
            elif time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?expired=1")
        return self.get_response(request)


class SecurityGateMiddleware:
    """Send a signed-in user to change an issued or expired password, then to the second factor."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict) -> HttpResponse | None:
        user = request.user
        match = request.resolver_match
        if not user.is_authenticated or (match and match.view_name in GATE_OPEN_VIEWS):
            return None
        target = self.gate_target(request)
        if target is None:
            return None
        if request.path.startswith("/api/") or request.headers.get("HX-Request"):
            response = HttpResponse(status=403)
            response["HX-Redirect"] = target
            return response
        return redirect(target)

    @staticmethod
    def gate_target(request: HttpRequest) -> str | None:
        """Where the user must go before anything else (None when the gate is passed); memoised per request."""
        if not hasattr(request, "_kejiwang_gate"):
            request._kejiwang_gate = SecurityGateMiddleware._gate_target(request)
        return request._kejiwang_gate

    @staticmethod
    def _gate_target(request: HttpRequest) -> str | None:
        user = request.user
        if user.must_change_password or password_expired(user):
            return reverse("accounts:password_change")
        if settings.OTP_REQUIRED and user.needs_second_factor and not user.is_verified():
            if user.totpdevice_set.filter(confirmed=True).exists():
                return reverse("accounts:otp_verify")
            return reverse("accounts:otp_setup")
        return None
