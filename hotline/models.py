"""Public service requests 行风热线 / 我为群众办实事.

A request comes in through the portal or is entered by the general office (calls, letters, visits,
12345 transfers); the general office assigns it to an office, which replies within the time limit
of its category in working days (``core.workdays.deadline_after``: counted from the day after it was
accepted). The requester rates the reply once through a private link; 不满意 reopens the request for
the same office with a new time limit, and the earlier rounds stay in its history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import EncryptedCharField


class RequestCategory(models.Model):
    """A kind of request with its time limit in working days (policy values live in the database)."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    urgent_limit_days = models.PositiveSmallIntegerField(_("time limit when urgent (working days)"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")

    def __str__(self) -> str:
        return self.name

    def limit_for(self, urgent: bool) -> int:
        return self.urgent_limit_days if urgent else self.limit_days


class Channel(models.TextChoices):
    WEB = "web", _("Online form")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit in person")
    TRANSFER_12345 = "12345", _("12345 hotline transfer")
    EMAIL = "email", _("E-mail to the agency")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received, to be assigned")
    ASSIGNED = "assigned", _("Assigned, being handled")
    REPLIED = "replied", _("Replied, awaiting rating")
    REOPENED = "reopened", _("Reopened after an unsatisfied rating")
    CLOSED = "closed", pgettext_lazy("service request", "Closed")
    INVALID = "invalid", _("Not accepted")


OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.ASSIGNED, RequestStatus.REOPENED)
HANDLING_STATUSES = (RequestStatus.ASSIGNED, RequestStatus.REOPENED)
RESOLVED_STATUSES = (RequestStatus.REPLIED, RequestStatus.CLOSED)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class ServiceRequest(models.Model):
    """One request (诉求) from a member of the public, through all its handling rounds."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the private status link
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    category = models.ForeignKey(
        RequestCategory, on_delete=models.PROTECT, related_name="requests", verbose_name=_("category")
    )
    is_urgent = models.BooleanField(_("urgent"), default=False)
    title = models.CharField(pgettext_lazy("service request", "subject"), max_length=120)
    content = models.TextField(_("content of the request"))
    requester_name = models.CharField(_("requester"), max_length=50)
    requester_phone = EncryptedCharField(_("contact phone"), blank=True)
    requester_email = EncryptedCharField(_("contact e-mail"), blank=True)
    received_at = models.DateTimeField(_("received at"))
    accepted_on = models.DateField(_("accepted on"))
    deadline = models.DateField(pgettext_lazy("service request", "deadline"))
    office = models.ForeignKey(
        "orgs.Office",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("office handling it"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handler"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_time = models.BooleanField(_("replied on time"), null=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating, blank=True)  # the latest rating
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("handling round"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus, default=RequestStatus.RECEIVED)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    submit_key = models.CharField(max_length=40, null=True, blank=True, unique=True)  # one request per staff form sent
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["office", "status"]),
            models.Index(fields=["received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class EventKind(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("request event", "Received")
    ASSIGNED = "assigned", pgettext_lazy("request event", "Assigned")
    RETURNED = "returned", pgettext_lazy("request event", "Returned to the general office")
    REPLIED = "replied", pgettext_lazy("request event", "Replied")
    RATED = "rated", pgettext_lazy("request event", "Rated")
    REOPENED = "reopened", pgettext_lazy("request event", "Reopened")
    CLOSED = "closed", pgettext_lazy("request event", "Closed")
    INVALID = "invalid", pgettext_lazy("request event", "Not accepted")
    WARNING = "warning", pgettext_lazy("request event", "Deadline warning")


class RequestEvent(models.Model):
    """The request's history as its staff read it (the audit log holds the same and more)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=EventKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


class RatingLink(models.Model):
    """The one-time satisfaction link sent with a reply: a fresh one for each round, used once."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="rating_links")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    rating = models.CharField(max_length=12, choices=Rating, blank=True)
    comment = models.TextField(blank=True)
    by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["request", "round"], name="hotline_one_rating_link_per_round")]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.round}"


class HotlineReminder(models.Model):
    """A deadline warning already sent, by key (``due:<pk>:<round>``): each goes out once even when
    several schedulers run the sweep at the same time (the unique key decides)."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class NumberSequence(models.Model):
    """The last request number issued in a year, locked while the next is drawn."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}:{self.last}"
