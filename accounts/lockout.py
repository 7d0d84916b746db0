"""Login lockout: 5 failures within 15 minutes lock the account name for 30 minutes.

django-axes records every failure (``AccessFailureLog``); this handler decides the lock from
those rows so that the counting window and the lock duration can differ.
"""

from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

User = get_user_model()


def locked_until(username: str, now: datetime | None = None) -> datetime | None:
    """When the lock on ``username`` ends, or None if it is not locked."""
    if not username:
        return None
    now = now or timezone.now()
    limit = settings.AXES_FAILURE_LIMIT
    window = settings.AXES_FAILURE_WINDOW
    duration = settings.AXES_COOLOFF_TIME
    since = now - duration - window
    # A successful sign-in clears earlier failures.
    last_login = User.objects.filter(username=username).values_list("last_login", flat=True).first()
    if last_login and last_login > since:
        since = last_login
    times = list(
        AccessFailureLog.objects.filter(username=username, attempt_time__gte=since, locked_out=False)
        .order_by("attempt_time")
        .values_list("attempt_time", flat=True)
    )
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= window and times[i] + duration > now:
            return times[i] + duration
    return None


class WindowedLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if locked_until(username) is not None:
            return settings.AXES_FAILURE_LIMIT
        return 0
