"""The periodic sweep of service requests (``hotline.sweep``, run by ``manage.py run_periodic``).

- Before the deadline: on the last ``WARN_WORKING_DAYS`` working days up to and including the
  deadline, the officers of the handling office (or the general office, while the request is not
  assigned) are warned once per request and round.
- After the deadline: once the deadline has passed, the handling office and the general office
  are told once per request and round (the general office follows up).
- Replies nobody rated within ``services.RATING_WINDOW`` working days are closed.

Each warning has a key; a ``HotlineReminder`` row with that key is written in the same
transaction as the notification, so a warning goes out once even with several schedulers.
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import users_with_role
from core.workdays import working_days_between
from hotline.models import OPEN_STATUSES, EventKind, HotlineReminder, RequestEvent, RequestStatus, ServiceRequest
from hotline.permissions import GENERAL_OFFICE
from hotline.services import service_request_close_unrated
from notifications.services import notify

WARN_WORKING_DAYS = 2


def send_once(key: str, send) -> bool:
    """Run ``send`` only if no warning with ``key`` was sent before; True if it ran now."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                HotlineReminder.objects.create(key=key)
        except IntegrityError:
            return False
        send()
    return True


def _recipients(request: ServiceRequest, *, with_registrars: bool) -> list:
    people = []
    if request.office_id is not None:
        people += list(users_with_role(Role.OFFICER, office_id=request.office_id))
    if request.office_id is None or with_registrars:
        people += [u for u in users_with_role(Role.OFFICER, office__code=GENERAL_OFFICE) if u not in people]
    return people


def _warn(request: ServiceRequest, key: str, title: str, *, with_registrars: bool) -> bool:
    def send() -> None:
        notify(
            recipients=_recipients(request, with_registrars=with_registrars),
            title=title,
            body=request.title,
            url=reverse("hotline:request", args=[request.pk]),
        )
        RequestEvent.objects.create(
            request=request, at=timezone.now(), kind=EventKind.WARNING, round=request.round, text=title
        )

    return send_once(key, send)


def deadline_warnings(today: date) -> dict[str, int]:
    sent = {"due": 0, "overdue": 0}
    done = set(
        HotlineReminder.objects.filter(sent_at__gte=timezone.now() - timedelta(days=120)).values_list("key", flat=True)
    )
    open_requests = ServiceRequest.objects.filter(status__in=OPEN_STATUSES).select_related("office")
    left_cache: dict[date, int] = {}
    for request in open_requests.iterator():
        number = {"number": request.number, "date": request.deadline.isoformat()}
        if request.deadline < today:
            key = f"overdue:{request.pk}:{request.round}"
            if key not in done and _warn(
                request,
                key,
                _("Service request %(number)s is overdue (deadline %(date)s)") % number,
                with_registrars=True,
            ):
                sent["overdue"] += 1
            continue
        if request.deadline not in left_cache:  # working days left after today, up to the deadline
            left_cache[request.deadline] = working_days_between(today + timedelta(days=1), request.deadline)
        if left_cache[request.deadline] < WARN_WORKING_DAYS:
            key = f"due:{request.pk}:{request.round}"
            if key not in done and _warn(
                request, key, _("Service request %(number)s is due on %(date)s") % number, with_registrars=False
            ):
                sent["due"] += 1
    return sent


def sweep(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    figures = deadline_warnings(today)
    replied = ServiceRequest.objects.filter(status=RequestStatus.REPLIED, replied_at__isnull=False).only(
        "pk", "replied_at", "status"
    )
    figures["closed_unrated"] = sum(service_request_close_unrated(request=r, today=today) for r in replied)
    return figures
