"""Password rules beyond Django's own validators."""

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
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


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule, worded in the platform's own (formal) voice."""

    def get_error_message(self) -> str:
        return _("The password is too short: use at least %(n)d characters.") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("At least %(n)d characters.") % {"n": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of 20,000 common passwords, worded in the platform's own voice."""

    def get_error_message(self) -> str:
        return _("This password is too common and easy to guess.")

    def get_help_text(self) -> str:
        return _("Not a common password.")


def policy_help_html(*, include_history: bool = True) -> str:
    """The password rules as an HTML list; a new account has no history to mention."""
    validators = password_validation.get_default_password_validators()
    texts = [v.get_help_text() for v in validators if include_history or not isinstance(v, PasswordHistoryValidator)]
    return format_html('<ul class="mb-0">{}</ul>', format_html_join("", "<li>{}</li>", ((t,) for t in texts)))
