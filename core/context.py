"""Per-request context (client IP, request id, acting role) for audit events.

Set by ``RequestContextMiddleware``; tasks and commands run without one and audit as "system".
"""

import contextlib
import contextvars
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    request_id: str = ""
    user_agent: str = ""


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "kejiwang_request_context",
    default=RequestContext(),  # noqa: B039 (frozen dataclass: immutable)
)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def current() -> RequestContext:
    return _current.get()


def client_ip(request: HttpRequest) -> str | None:
    """The client address; behind trusted proxies the last hop they added."""
    from django.conf import settings

    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    forwarded = request.headers.get("x-forwarded-for", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def bind(request: HttpRequest) -> contextvars.Token:
    incoming = request.headers.get("X-Request-ID", "")
    request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
    request.request_id = request_id
    ctx = RequestContext(
        ip=client_ip(request),
        request_id=request_id,
        user_agent=request.headers.get("User-Agent", "")[:200],
    )
    return _current.set(ctx)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


@contextlib.contextmanager
def anonymous() -> Iterator[None]:
    """Within this block audit events carry no client address, request id or user agent: for
    writes that must not be traceable to whoever made them (anonymous survey answers)."""
    token = _current.set(RequestContext())
    try:
        yield
    finally:
        _current.reset(token)
