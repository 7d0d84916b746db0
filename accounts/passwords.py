"""Password rules beyond Django's own validators."""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CharacterClassValidator:
    """At least ``min_classes`` of: lowercase, uppercase, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_classes")

    def get_help_text(self) -> str:
        return _("Use at least %(n)d of: lowercase letters, uppercase letters, digits, symbols.") % {
            "n": self.min_classes
        }


class NoUsernameValidator:
    """The password may not contain the account name."""

    def validate(self, password: str, user=None) -> None:
        username = getattr(user, "username", "") or ""
        if len(username) >= 3 and username.lower() in password.lower():
            raise ValidationError(self.get_help_text(), code="password_contains_username")

    def get_help_text(self) -> str:
        return _("The password may not contain your account name.")


class PasswordHistoryValidator:
    """None of the last ``history`` passwords may be used again."""

    def __init__(self, history: int = 5) -> None:
        self.history = history

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        previous = [user.password] if user.password else []
        previous += list(user.password_history.values_list("password", flat=True)[: self.history])
        if any(check_password(password, encoded) for encoded in previous[: self.history]):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self) -> str:
        return ngettext(
            "You may not reuse your last password.",
            "You may not reuse any of your last %(n)d passwords.",
            self.history,
        ) % {"n": self.history}
