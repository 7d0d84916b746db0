"""Workbench to-dos: requests to assign and overdue ones (general office), to reply to (handling
offices). One aggregate query, whatever the number of requests."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hotline.models import HANDLING_STATUSES, OPEN_STATUSES, RequestStatus, ServiceRequest
from hotline.permissions import is_registrar, officer_offices
from workbench.registry import Todo, todo_provider


def _end_of(day):
    if day is None:
        return None
    return timezone.make_aware(
        timezone.datetime.combine(day + timezone.timedelta(days=1), timezone.datetime.min.time())
    )


@todo_provider("hotline")
def hotline_todos(user) -> list[Todo]:
    offices = officer_offices(user)
    if not offices:
        return []
    module, url, today = _("Service requests"), reverse("hotline:requests"), timezone.localdate()
    registrar = is_registrar(user)
    received = Q(status=RequestStatus.RECEIVED)
    mine = Q(office_id__in=offices, status__in=HANDLING_STATUSES)
    counts = ServiceRequest.objects.aggregate(
        to_assign=Count("pk", filter=received),
        assign_by=Min("deadline", filter=received),
        late=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
        mine=Count("pk", filter=mine),
        mine_by=Min("deadline", filter=mine),
    )
    items = [
        Todo(
            module, _("Service requests to reply to"), counts["mine"], url + "?status=open", _end_of(counts["mine_by"])
        )
    ]
    if registrar:
        items += [
            Todo(
                module,
                _("Service requests to assign"),
                counts["to_assign"],
                url + "?status=received",
                _end_of(counts["assign_by"]),
            ),
            Todo(module, _("Service requests overdue (all offices)"), counts["late"], url + "?status=overdue"),
        ]
    return items
