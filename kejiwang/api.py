"""The REST API: one NinjaAPI, one router per app; session auth (with CSRF) or personal tokens."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import APIKeyCookie, HttpBearer

from accounts.services import token_authenticate
from core.access import access, authenticated


class SessionAuth(APIKeyCookie):
    """The browser's session; CSRF is checked on unsafe methods."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = request.user
        if not user.is_authenticated:
            return None
        from accounts.middleware import SecurityGateMiddleware

        if SecurityGateMiddleware.gate_target(request):
            return None
        request.token_scopes = None  # a session may use every scope its roles allow
        return user


class TokenAuth(HttpBearer):
    """A personal access token: ``Authorization: Bearer kjw_…``."""

    def authenticate(self, request: HttpRequest, token: str):
        found = token_authenticate(token)
        if found is None:
            return None
        request.user = found.user
        request.token_scopes = frozenset(found.scopes)
        return found.user


api = NinjaAPI(
    title="Kejiwang API",
    version="1.0",
    description="科技网 REST API: organizations, regions, notifications, expert review. 会话或个人访问令牌认证。",
    auth=[SessionAuth(), TokenAuth()],
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=access(authenticated),
)

api.add_router("/accounts/", "accounts.api.router")
api.add_router("/orgs/", "orgs.api.router")
api.add_router("/notifications/", "notifications.api.router")
api.add_router("/jobs/", "core.api.router")
api.add_router("/reviews/", "reviews.api.router")
