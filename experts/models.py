"""The expert pool (专家库): GB/T 13745 discipline codes and the experts' profiles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DisciplineCode(models.Model):
    """A GB/T 13745 subject code: first level ``520``, second level ``520.20``."""

    code = models.CharField(_("code"), max_length=10, primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("discipline code")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet submitted")
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for revision")


class ExpertProfile(models.Model):
    """What the pool knows of one expert; the expert maintains it, an officer approves each change.

    Only approved profiles take part in review assignment. ``version`` is the optimistic lock.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile")
    title = models.CharField(_("professional title"), max_length=50)
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("unit"))
    unit_name = models.CharField(_("unit name"), max_length=100, blank=True, help_text=_("When not a registered unit."))
    region = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, verbose_name=_("region"))
    discipline_codes = models.JSONField(_("discipline codes"), default=list)
    keywords = models.CharField(_("keywords"), max_length=200)
    research_fields = models.TextField(_("research fields"), max_length=1000)
    available = models.BooleanField(_("available for review"), default=True)
    unavailable_until = models.DateField(_("unavailable until"), null=True, blank=True)
    avoid_units = models.ManyToManyField(
        "orgs.Unit", blank=True, related_name="avoiding_experts", verbose_name=_("units to avoid")
    )
    # People to avoid as {"name", "unit"}: matched against PIs and team members of applications
    # (names, not accounts, so an expert never browses the user list).
    avoid_people = models.JSONField(_("people to avoid"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProfileStatus, default=ProfileStatus.DRAFT)
    return_reason = models.CharField(_("reason for return"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__full_name"]
        indexes = [models.Index(fields=["status"])]
        verbose_name = _("expert profile")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def affiliation(self) -> str:
        return self.unit.name if self.unit_id else self.unit_name
