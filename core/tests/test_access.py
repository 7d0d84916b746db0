"""Deny by default: every URL declares who may open it, and undeclared views are refused."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.constants import NOT_SET

from core.access import DenyByDefaultMiddleware, is_exempt, public, view_access_rule
from kejiwang.api import api

# Views deliberately open to anyone, with the reason.
PUBLIC_VIEWS = {
    "healthz": "load balancer probe, says only ok/unavailable",
    "set_language": "language switch before sign-in",
    "accounts:login": "sign-in",
    "accounts:logout": "sign-out (POST, CSRF-checked)",
    "accounts:register": "applicant self-registration",
    "accounts:privacy": "the personal information notice shown before registration",
    "portal:index": "public portal: published call notices",
    "portal:call": "public portal: one published call notice",
    "portal:call_file": "public portal: attachments of a published call notice",
    "portal:publicity_lists": "public portal: funding lists in publicity",
    "portal:publicity": "public portal: one publicity list and its real-name objection form",
    "portal:objection": "public portal: the objector's private status link (unguessable token)",
    "surveys_public:answer": "public portal: a survey answer page (unguessable token, one response)",
    "rectification_public:roadmap": "public portal: the rectification roadmap (committed public items only)",
    "catalogue_public:list": "public portal: the published service guide (办事指南), with search and counts",
    "catalogue_public:item": "public portal: one published service item",
    "catalogue_public:pdf": "public portal: the PDF guide of one published service item",
    "catalogue_public:blank_form": "public portal: a blank form of a material of a published service item",
    "hotline_public:new": "public portal: the service-request form (human check, rate-limited)",
    "hotline_public:status": "public portal: the requester's private status link (unguessable token)",
    "hotline_public:rate": "public portal: the one-time satisfaction link (unguessable token)",
    "captcha-image": "the human check's picture on public forms",
    "captcha-image-2x": "the human check's picture at double resolution",
    "captcha-refresh": "a new human check for a public form",
}


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None, entry.callback


def fill_parameters(route: str) -> str:
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", route)
    return re.sub(r"<(?:slug|str):\w+>", "x", route)


def all_views():
    return list(walk(get_resolver().url_patterns))


def test_every_view_declares_an_access_rule():
    missing = [route for route, _name, view in all_views() if view_access_rule(view) is None and not is_exempt(view)]
    assert missing == []


def test_only_listed_views_are_public():
    public_views = {name for _route, name, view in all_views() if view_access_rule(view) is public}
    assert public_views == set(PUBLIC_VIEWS)


def test_every_api_operation_requires_authentication():
    unauthenticated = []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if operation.auth_param is None or (operation.auth_param is NOT_SET and not api.auth):
                    unauthenticated.append(path)
    assert unauthenticated == []


def test_middleware_refuses_a_view_without_a_rule(rf):
    def naked_view(request):  # pragma: no cover - never reached
        raise AssertionError

    request = rf.get("/")
    middleware = DenyByDefaultMiddleware(lambda r: None)
    with pytest.raises(Exception) as caught:
        middleware.process_view(request, naked_view, (), {})
    assert caught.type.__name__ == "PermissionDenied"


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_sign_in_for_every_protected_page(client):
    for route, name, view in all_views():
        if view_access_rule(view) in (None, public) or route.startswith("api/"):
            continue
        route = fill_parameters(route)
        response = client.get("/" + route)
        if response.status_code == 405:  # POST-only views
            response = client.post("/" + route)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (route, name)


@pytest.mark.django_db
def test_api_refuses_anonymous_callers(client):
    for path in ("/api/accounts/me", "/api/orgs/regions", "/api/notifications/"):
        assert client.get(path).status_code == 401
