from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from accounts.models import TokenScope
from core.api_scopes import require_scope
from notifications.selectors import inbox

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


@router.get("/", response=list[NotificationOut], summary="My notifications, newest first")
@paginate(LimitOffsetPagination)
def my_notifications(request: HttpRequest, unread: bool = False):
    require_scope(request, TokenScope.READ_NOTIFICATIONS)
    qs = inbox(request.user)
    return qs.filter(read_at__isnull=True) if unread else qs
