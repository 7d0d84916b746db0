"""Writes about accounts: users, roles, unit bindings, passwords, tokens."""

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import (
    AccessToken,
    MembershipStatus,
    PasswordHistory,
    RoleAssignment,
    SecurityPolicy,
    TokenScope,
    UnitMembership,
    User,
)
from accounts.roles import ADMIN_ROLES, ROLE_SCOPE, Role
from accounts.selectors import POLICY_CACHE_KEY, users_with_role
from audit.services import audit_record
from core.validators import validate_id_number, validate_mobile
from core.workflow import Workflow, transition_apply
from notifications.services import notify
from orgs.models import Office, Recommender, Unit

PASSWORD_HISTORY = 5
TOKEN_PREFIX = "kjw_"  # noqa: S105 (a public marker, not a secret)


def issue_password() -> str:
    """A random password meeting the policy, to be changed at first sign-in."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    body = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{body}#{secrets.randbelow(90) + 10}"


def _remember_password(user: User) -> None:
    if user.password:
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = user.password_history.values_list("pk", flat=True)[PASSWORD_HISTORY:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()


def _check_identifiers(phone: str, id_number: str) -> None:
    errors: dict[str, Any] = {}
    for field, value, check in (("phone", phone, validate_mobile), ("id_number", id_number, validate_id_number)):
        if value:
            try:
                check(value)
            except ValidationError as exc:
                errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    email: str = "",
    phone: str = "",
    id_number: str = "",
    title: str = "",
    unit: Unit | None = None,
    password: str | None = None,
    password_hash: str | None = None,
) -> tuple[User, str | None]:
    """Create an account. Without ``password`` one is issued and must be changed at first sign-in.

    ``password_hash`` takes an already hashed password (migrations from another system, demo data).
    Returns the user and the issued password (None when a password was given).
    """
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("This account name is already taken.")]})
    _check_identifiers(phone, id_number.upper())
    issued = None if (password or password_hash) else issue_password()
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        id_number=id_number.upper(),
        title=title,
        unit=unit,
        must_change_password=issued is not None,
        password_changed_at=timezone.now(),
    )
    if password:
        validate_password(password, user)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password or issued)
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        target=user,
        after={"username": username, "full_name": full_name, "unit": unit.pk if unit else None},
    )
    return user, issued


def _replace_password(user: User, raw: str, *, must_change: bool) -> None:
    """Keep the old hash in the history, then set the new password and its change date."""
    _remember_password(user)
    user.set_password(raw)
    user.must_change_password = must_change
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])


@transaction.atomic
def user_change_password(*, actor: User, user: User, new_password: str) -> None:
    """Set a new password chosen by the user, checked against the policy and history."""
    validate_password(new_password, user)
    _replace_password(user, new_password, must_change=False)
    audit_record(actor=actor, action="user.password_change", target=user)


@transaction.atomic
def user_reset_password(*, actor: User, user: User) -> str:
    """Issue a new password that the user must change at the next sign-in."""
    issued = issue_password()
    _replace_password(user, issued, must_change=True)
    audit_record(actor=actor, action="user.password_reset", target=user)
    return issued


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> None:
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        target=user,
        before={"is_active": not active},
        after={"is_active": active},
    )


SCOPE_REQUIRED = {
    "unit": gettext_lazy("Choose the unit this role applies to."),
    "recommender": gettext_lazy("Choose the recommender this role applies to."),
    "office": gettext_lazy("Choose the office this role applies to."),
}


def _scope_kwargs(role: str, unit: Unit | None, recommender: Recommender | None, office: Office | None) -> dict:
    wanted = ROLE_SCOPE.get(role)
    given = {"unit": unit, "recommender": recommender, "office": office}
    if wanted and given[wanted] is None:
        raise ValidationError({wanted: [SCOPE_REQUIRED[wanted]]})
    return {name: (value if name == wanted else None) for name, value in given.items()}


@transaction.atomic
def role_grant(
    *,
    actor: User | None,
    user: User,
    role: str,
    unit: Unit | None = None,
    recommender: Recommender | None = None,
    office: Office | None = None,
) -> RoleAssignment:
    """Grant a scoped role. The three admin roles can never be combined on one account."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    scope = _scope_kwargs(role, unit, recommender, office)
    held = set(user.role_assignments.filter(is_active=True).values_list("role", flat=True))
    if role in ADMIN_ROLES and (held & ADMIN_ROLES) - {role}:
        raise ValidationError(
            {"role": [_("System, security and audit admin roles must be held by separate accounts.")]}
        )
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, **scope, defaults={"granted_by": actor if actor and actor.pk else None}
    )
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.granted_by = actor if actor and actor.pk else None
        assignment.granted_at = timezone.now()
        assignment.save(update_fields=["is_active", "granted_by", "granted_at"])
    elif not created:
        return assignment
    user.__dict__.pop("active_roles", None)
    user.__dict__.pop("role_names", None)
    audit_record(
        actor=actor,
        action="role.grant",
        target=user,
        after={"role": role, **{k: v.pk for k, v in scope.items() if v is not None}},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    if not assignment.is_active:
        return
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="role.revoke",
        target=assignment.user,
        before={"role": assignment.role, "scope": str(assignment.scope or "")},
    )


@transaction.atomic
def applicant_register(
    *, username: str, full_name: str, email: str, phone: str, id_number: str, title: str, unit: Unit, password: str
) -> User:
    """Self-registration of an applicant; the binding to ``unit`` waits for its unit admin."""
    user, _issued = user_create(
        actor=None,
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        id_number=id_number,
        title=title,
        password=password,
    )
    membership = UnitMembership.objects.create(user=user, unit=unit)
    audit_record(
        actor=user,
        action="unitmembership.request",
        target=membership,
        after={"unit": unit.pk, "privacy_notice_consent": True},
    )
    notify(
        recipients=users_with_role(Role.UNIT_ADMIN, unit=unit),
        title=_("New applicant waiting for confirmation"),
        body=_("%(name)s asks to be bound to %(unit)s.") % {"name": full_name, "unit": unit.name},
        url="/accounts/memberships/",
    )
    return user


def _is_admin_of_membership_unit(actor: User | None, membership: UnitMembership) -> bool:
    return actor is not None and membership.unit_id in actor.scopes(Role.UNIT_ADMIN, "unit")


MEMBERSHIP_WORKFLOW = (
    Workflow(state_field="status")
    .add("confirm", [MembershipStatus.PENDING], MembershipStatus.CONFIRMED, rule=_is_admin_of_membership_unit)
    .add(
        "reject",
        [MembershipStatus.PENDING],
        MembershipStatus.REJECTED,
        rule=_is_admin_of_membership_unit,
        needs_reason=True,
    )
)


@transaction.atomic
def membership_decide(*, actor: User, membership: UnitMembership, approve: bool, reason: str = "") -> None:
    """Confirm or reject an applicant's binding; confirming grants the applicant role for the unit."""
    membership = transition_apply(
        actor=actor,
        obj=membership,
        workflow=MEMBERSHIP_WORKFLOW,
        name="confirm" if approve else "reject",
        reason=reason,
        changes={"decided_at": timezone.now(), "decided_by": actor, "reason": reason.strip()},
    )
    user = membership.user
    if approve:
        user.unit = membership.unit
        user.save(update_fields=["unit"])
        role_grant(actor=actor, user=user, role=Role.APPLICANT, unit=membership.unit)
    notify(
        recipients=[user],
        title=_("Your unit binding was confirmed") if approve else _("Your unit binding was rejected"),
        body=membership.reason or membership.unit.name,
        url="/accounts/profile/",
    )


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, actor: User, name: str, scopes: list[str], expires_at: datetime | None = None
) -> tuple[AccessToken, str]:
    """Create a personal access token; the plain token is returned once and never stored."""
    unknown = set(scopes) - set(TokenScope.values)
    if unknown or not scopes:
        raise ValidationError({"scopes": [_("Choose at least one valid scope.")]})
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = AccessToken.objects.create(
        user=actor, name=name, prefix=prefix, digest=_digest(raw), scopes=sorted(scopes), expires_at=expires_at
    )
    audit_record(actor=actor, action="token.create", target=token, after={"name": name, "scopes": sorted(scopes)})
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: AccessToken) -> None:
    if token.revoked_at:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="token.revoke", target=token)


def token_authenticate(raw: str) -> AccessToken | None:
    """The usable token matching ``raw``, with its last use recorded; None otherwise."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = AccessToken.objects.select_related("user").filter(digest=_digest(raw)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


@transaction.atomic
def security_policy_update(*, actor: User, password_expiry_days: int) -> SecurityPolicy:
    policy = SecurityPolicy.current()
    before = {"password_expiry_days": policy.password_expiry_days}
    policy.password_expiry_days = password_expiry_days
    policy.save(update_fields=["password_expiry_days"])
    cache.delete(POLICY_CACHE_KEY)
    audit_record(
        actor=actor,
        action="security_policy.update",
        target=policy,
        before=before,
        after={"password_expiry_days": password_expiry_days},
    )
    return policy


@transaction.atomic
def account_unlock(*, actor: User, user: User) -> int:
    """Lift a sign-in lockout early (security admin): forget the account name's recorded failures."""
    from axes.models import AccessAttempt, AccessFailureLog

    cleared, _ = AccessFailureLog.objects.filter(username=user.username).delete()
    AccessAttempt.objects.filter(username=user.username).delete()
    audit_record(actor=actor, action="auth.unlock", target=user, after={"failures_cleared": cleared})
    return cleared
