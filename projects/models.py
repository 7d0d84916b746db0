"""Approved projects (立项项目). Execution (agreements, reports, acceptance) comes with its own module."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


class Project(models.Model):
    """A project approved from an application; counts towards the PI's active-project limit while active."""

    number = models.CharField(_("project number"), max_length=32, unique=True)
    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="project", verbose_name=_("application")
    )
    call = models.ForeignKey("plans.Call", on_delete=models.PROTECT, related_name="projects", verbose_name=_("call"))
    title = models.CharField(_("project title"), max_length=200)
    pi = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="projects", verbose_name=_("PI")
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="projects", verbose_name=_("unit"))
    grant = models.DecimalField(_("grant approved (10k yuan)"), max_digits=10, decimal_places=2)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ProjectStatus, default=ProjectStatus.ACTIVE)
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        ordering = ["number"]
        indexes = [models.Index(fields=["pi", "status"])]
        verbose_name = _("project")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
