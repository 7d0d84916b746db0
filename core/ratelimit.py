"""A fixed-window rate limit kept in the shared cache (database or Redis), so it holds across processes."""

from django.core.cache import cache


def rate_limited(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one hit for ``ident`` in ``scope``; True when the hits in this window exceed ``limit``."""
    key = f"rl:{scope}:{ident}"
    if cache.add(key, 1, timeout=window):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False


def client_ip(request) -> str:
    """The client address, resolved the way the login lockout resolves it (trusted proxy count)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""
