"""A minimal integrity record (科研诚信): red/yellow/black lists and the restrictions they impose.

The full integrity module (misconduct cases, appeals, public disclosure) builds on this model.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ListKind(models.TextChoices):
    RED = "red", _("Red list (trustworthy)")
    YELLOW = "yellow", _("Yellow list (warning)")
    BLACK = "black", _("Black list (serious misconduct)")


class Restriction(models.TextChoices):
    APPLY = "apply", _("May not apply for projects")
    REVIEW = "review", _("May not act as an expert reviewer")
    AWARD = "award", _("May not be nominated for awards")


class IntegrityRecordQuerySet(models.QuerySet):
    def in_force(self, on=None):
        day = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class IntegrityRecord(models.Model):
    """One listing of a person or a unit, with its period and restrictions."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_records",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_records",
        verbose_name=_("unit"),
    )
    list_kind = models.CharField(_("list"), max_length=10, choices=ListKind)
    restrictions = models.JSONField(_("restrictions"), default=list, blank=True)
    reason = models.TextField(_("reason"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: until revoked."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = IntegrityRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="integrity_one_subject",
            )
        ]
        verbose_name = _("integrity record")

    def __str__(self) -> str:
        return f"{self.person or self.unit} · {self.get_list_kind_display()}"

    @property
    def restriction_labels(self) -> list[str]:
        labels = dict(Restriction.choices)
        return [str(labels.get(code, code)) for code in self.restrictions]
