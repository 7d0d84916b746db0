"""Audit of sign-in events. Django and axes announce these by signal; there is no service to call."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from audit.models import Result
from audit.services import audit_record


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    with transaction.atomic():
        audit_record(actor=user, action="auth.login", target=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        with transaction.atomic():
            audit_record(actor=user, action="auth.logout", target=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    with transaction.atomic():
        audit_record(
            actor=None,
            actor_name=username,
            action="auth.login_failed",
            target_type="accounts.user",
            target_repr=username,
            result=Result.FAILURE,
        )


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs) -> None:
    with transaction.atomic():
        audit_record(
            actor=None,
            actor_name=str(username or "")[:150],
            action="auth.lockout",
            target_type="accounts.user",
            target_repr=str(username or ""),
            result=Result.DENIED,
        )
