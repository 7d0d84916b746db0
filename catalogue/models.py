"""The service catalogue 办事指南: power items 权力事项 and public services 公共服务事项.

Each item says what a citizen or enterprise needs to get it done: the legal basis, conditions,
materials, steps, time limits in working days, fees, where and how to apply, and how many visits
it takes ("最多跑一次"). Published items are on the portal; every published change is kept as a
revision (a full snapshot and the fields that changed).
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemKind(models.TextChoices):
    POWER = "power", _("Power item")
    PUBLIC_SERVICE = "public_service", _("Public service item")


class PowerClass(models.TextChoices):
    """The classes of power items under classified management (分类管理)."""

    LICENSING = "licensing", _("Administrative licensing")
    CONFIRMATION = "confirmation", _("Administrative confirmation")
    REWARD = "reward", _("Administrative reward")
    INSPECTION = "inspection", _("Administrative inspection")
    OTHER = "other", _("Other administrative power")


class VisitLevel(models.TextChoices):
    """How many times an applicant has to come in person ("最多跑一次")."""

    ZERO = "zero", _("Fully online (zero visits)")
    ONCE = "once", _("At most one visit")
    MORE = "more", _("More than one visit")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("service item", "Draft")
    PUBLISHED = "published", pgettext_lazy("service item", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("service item", "Withdrawn")


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", _("Copy")
    BOTH = "both", _("Original and copy")
    ELECTRONIC = "electronic", _("Electronic file")


class ServiceItem(models.Model):
    code = models.CharField(pgettext_lazy("service item", "item code"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("service item", "item name"), max_length=200)
    kind = models.CharField(_("item kind"), max_length=20, choices=ItemKind)
    power_class = models.CharField(_("power class"), max_length=20, choices=PowerClass, blank=True)
    office = models.ForeignKey(
        "orgs.Office", on_delete=models.PROTECT, related_name="service_items", verbose_name=_("responsible office")
    )
    audience = models.CharField(_("who may apply"), max_length=300, blank=True)
    legal_basis = models.TextField(_("legal basis"), help_text=_("One basis per line."))
    conditions = models.TextField(_("conditions"), blank=True)
    procedure = models.TextField(_("procedure"), help_text=_("One step per line."))
    legal_limit_days = models.PositiveSmallIntegerField(_("legal time limit (working days)"), null=True, blank=True)
    promised_limit_days = models.PositiveSmallIntegerField(_("promised time limit (working days)"))
    is_free = models.BooleanField(_("free of charge"), default=True)
    fee_amount = models.DecimalField(_("fee (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee_basis = models.TextField(_("basis for the fee"), blank=True)
    online_url = models.CharField(_("online entry point"), max_length=500, blank=True)
    onsite_address = models.CharField(_("on-site address"), max_length=300, blank=True)
    onsite_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    phone = models.CharField(_("consultation phone"), max_length=60, blank=True)
    visit_level = models.CharField(_("visits needed"), max_length=10, choices=VisitLevel)
    visit_reason = models.TextField(_("why more than one visit"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus, default=ItemStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["status", "kind", "power_class"])]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def category_label(self) -> str:
        """The class of a power item, or "public service"."""
        return self.get_power_class_display() if self.kind == ItemKind.POWER else self.get_kind_display()

    @property
    def legal_bases(self) -> list[str]:
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in self.procedure.splitlines() if line.strip()]

    @property
    def is_external_entry(self) -> bool:
        return self.online_url.startswith(("http://", "https://"))


class ServiceMaterial(models.Model):
    """One document an applicant hands in, in the order the guide lists them."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("material"), max_length=300)
    form = models.CharField(_("original or copy"), max_length=12, choices=MaterialForm)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    required = models.BooleanField(_("required"), default=True)
    notes = models.TextField(pgettext_lazy("service material", "notes"), blank=True)
    blank_form = models.ForeignKey(
        "attachments.Attachment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["item", "order", "pk"]
        verbose_name = _("application material")
        verbose_name_plural = _("application materials")

    def __str__(self) -> str:
        return self.name


class ServiceItemRevision(models.Model):
    """A published state of an item: written when it is published and on every change while it is."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    snapshot = models.JSONField()
    changed = models.JSONField(default=list)  # field names that differ from the previous revision
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="catalogue_revision_number_unique")]
        verbose_name = _("service item revision")

    def __str__(self) -> str:
        return f"{self.item.code} r{self.number}"

    @property
    def changed_labels(self) -> list[str]:
        """The changed fields as the interface names them."""
        labels = []
        for name in self.changed:
            if name == "materials":
                labels.append(str(_("application materials")))
            else:
                try:
                    labels.append(str(ServiceItem._meta.get_field(name).verbose_name))
                except FieldDoesNotExist:  # a field renamed since: show the stored name
                    labels.append(name)
        return labels


class CatalogueReminder(models.Model):
    """A reminder already sent (unique key), so the yearly review reminder goes out once."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
