"""Deny-by-default access rules for views.

Every view must be wrapped in ``@access(rule)``; a view without one is refused by
``DenyByDefaultMiddleware`` and flagged by the URL-walking test. Rules are ``rules`` predicates
taking the user, so the same predicates serve views, templates and API endpoints.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

ACCESS_ATTR = "access_rule"

public = rules.always_allow
authenticated = rules.is_authenticated


def access(rule: rules.Predicate) -> Callable:
    """Mark a view with the rule that admits a user, and enforce it."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if rule is public:
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=401)
                    response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
                    return response
                return redirect_to_login(request.get_full_path())
            if not rule.test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapped, ACCESS_ATTR, rule)
        return wrapped

    return decorator


def view_access_rule(view: Callable) -> rules.Predicate | None:
    """The rule a view was declared with, looking through class-based view wrappers."""
    view = getattr(view, "func", view)  # functools.partial, as django-ninja builds its views
    rule = getattr(view, ACCESS_ATTR, None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, ACCESS_ATTR, None)
    return rule


# Views that carry their own access control, by qualified name:
# - django-ninja's operation wrapper applies the API's authentication (kejiwang.api) to each call;
# - django-ninja's API root only answers 404 (it exists so the API can find its own prefix).
EXEMPT_VIEWS = frozenset(
    {
        "ninja.operation.PathView.get_view.<locals>.sync_view_wrapper",
        "ninja.openapi.views.default_home",
    }
)


def is_exempt(view: Callable) -> bool:
    view = getattr(view, "func", view)
    return f"{getattr(view, '__module__', '')}.{getattr(view, '__qualname__', '')}" in EXEMPT_VIEWS


class DenyByDefaultMiddleware:
    """Refuse any view that does not declare an access rule."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict) -> None:
        if view_access_rule(view) is None and not is_exempt(view):
            raise PermissionDenied("View has no access rule.")
        return None
