from django.http import HttpRequest

from core.nav import nav_for


def shell(request: HttpRequest) -> dict:
    """Navigation and inbox count for the page shell: only once the user has passed the gate."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from accounts.middleware import SecurityGateMiddleware
    from notifications.selectors import unread_count

    if SecurityGateMiddleware.gate_target(request):
        return {"gate_pending": True}
    return {"nav_sections": nav_for(user, request.path), "unread_count": unread_count(user)}
