from django.http import HttpRequest

from core.nav import nav_for


def shell(request: HttpRequest) -> dict:
    """Navigation and inbox count for the page shell (signed-in users only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from notifications.selectors import unread_count

    return {"nav_sections": nav_for(user, request.path), "unread_count": unread_count(user)}
