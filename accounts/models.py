"""Users, their scoped roles, unit bindings, password history and access tokens."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.roles import ROLE_SCOPE, SECOND_FACTOR_ROLES, Role
from core.fields import EncryptedCharField
from core.masking import mask_id_number, mask_phone


class User(AbstractUser):
    """A person who signs in. Real name in ``full_name``; identifiers stored encrypted."""

    full_name = models.CharField(_("full name"), max_length=50)
    phone = EncryptedCharField(_("mobile phone"), blank=True)
    id_number = EncryptedCharField(_("resident ID number"), blank=True)
    title = models.CharField(_("professional title"), max_length=50, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="people", verbose_name=_("unit")
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def active_roles(self) -> list["RoleAssignment"]:
        return list(self.role_assignments.filter(is_active=True).select_related("unit", "recommender", "office"))

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(assignment.role for assignment in self.active_roles)

    def scopes(self, role: str, field: str) -> list[int]:
        """Ids of the units, recommenders or offices the user holds ``role`` for."""
        return [getattr(a, f"{field}_id") for a in self.active_roles if a.role == role and getattr(a, f"{field}_id")]

    @property
    def needs_second_factor(self) -> bool:
        return bool(self.role_names & SECOND_FACTOR_ROLES)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class RoleAssignment(models.Model):
    """One role held by one user, scoped to a unit, recommender or office where the role needs it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("unit"))
    recommender = models.ForeignKey(
        "orgs.Recommender", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("recommender")
    )
    office = models.ForeignKey("orgs.Office", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("office"))
    is_active = models.BooleanField(default=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        # One row per user, role and scope (partial indexes: SQLite has no NULLS NOT DISTINCT).
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", field],
                condition=models.Q(**{f"{field}__isnull": False}),
                name=f"unique_role_{field}",
            )
            for field in ("unit", "recommender", "office")
        ] + [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(unit__isnull=True, recommender__isnull=True, office__isnull=True),
                name="unique_role_unscoped",
            )
        ]

    def __str__(self) -> str:
        scope = self.scope
        return f"{self.get_role_display()}" + (f" · {scope}" if scope else "")

    @property
    def scope(self):
        field = ROLE_SCOPE.get(self.role)
        return getattr(self, field) if field else None


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Pending confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class UnitMembership(models.Model):
    """A registered applicant's request to be bound to a unit, decided by that unit's admin."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="unit_memberships")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(_("status"), max_length=16, choices=MembershipStatus, default=MembershipStatus.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("unit membership")

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"


class PasswordHistory(models.Model):
    """Hashes of a user's previous passwords, so the last few cannot be reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class SecurityPolicy(models.Model):
    """Security policy values kept in the database, editable by the security admin (one row)."""

    password_expiry_days = models.PositiveSmallIntegerField(_("password expiry (days, 0 = never)"), default=90)

    class Meta:
        verbose_name = _("security policy")

    def __str__(self) -> str:
        return "security policy"

    @classmethod
    def current(cls) -> "SecurityPolicy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class TokenScope(models.TextChoices):
    READ_ORGS = "orgs:read", _("Read organizations and regions")
    READ_NOTIFICATIONS = "notifications:read", _("Read my notifications")
    READ_PROFILE = "profile:read", _("Read my profile")
    READ_REVIEWS = "reviews:read", _("Read my review assignments and review comments")


class AccessToken(models.Model):
    """A personal access token for integrations; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=60)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
