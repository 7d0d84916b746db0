"""Scope checks for API endpoints reached with a personal access token."""

from django.http import HttpRequest
from ninja.errors import HttpError


def require_scope(request: HttpRequest, scope: str) -> None:
    """Refuse (403) a token that was not granted ``scope``; sessions pass."""
    scopes = getattr(request, "token_scopes", None)
    if scopes is not None and scope not in scopes:
        raise HttpError(403, f"token lacks scope {scope}")
