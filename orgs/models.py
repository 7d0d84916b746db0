"""The agency, its offices, applicant units, recommenders and the regions they belong to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_credit_code


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


class Region(models.Model):
    """An administrative division with its GB/T 2260 code."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def full_name(self) -> str:
        names: list[str] = []
        node: Region | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


class Agency(models.Model):
    """The S&T agency that runs this platform (one row)."""

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )

    class Meta:
        verbose_name = _("agency")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """An office (处室) inside the agency."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class UnitType(models.TextChoices):
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    ENTERPRISE = "enterprise", _("Enterprise")
    HOSPITAL = "hospital", _("Medical institution")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    SOCIAL_ORGANIZATION = "social_organization", _("Social organization")
    OTHER = "other", _("Other")


class Unit(models.Model):
    """An applicant organization (依托单位) identified by its unified social credit code."""

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    unit_type = models.CharField(_("unit type"), max_length=30, choices=UnitType)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"), related_name="units")
    recommender = models.ForeignKey(
        "Recommender",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("recommender"),
        related_name="units",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class RecommenderKind(models.TextChoices):
    CITY_BUREAU = "city_bureau", _("City S&T bureau")
    COUNTY_BUREAU = "county_bureau", _("County S&T bureau")
    DEPARTMENT = "department", _("Competent department")


class Recommender(models.Model):
    """A city/county bureau or competent department that recommends its region's submissions."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RecommenderKind)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"), related_name="recommenders")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("higher recommender"),
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("recommender")
        verbose_name_plural = _("recommenders")

    def __str__(self) -> str:
        return self.name
