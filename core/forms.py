from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError at the matching fields of ``form`` (others at the top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else NON_FIELD_ERRORS
            for error in errors:
                form.add_error(None if target == NON_FIELD_ERRORS else target, error)
    else:
        form.add_error(None, exc)


def errors_by_field(exc: ValidationError) -> dict[str, list[str]]:
    """A service's errors by field for templates: non-field errors under "general" (templates
    cannot read "__all__")."""
    if not hasattr(exc, "error_dict"):
        return {"general": exc.messages}
    errors = dict(exc.message_dict)
    general = errors.pop(NON_FIELD_ERRORS, [])
    return errors | ({"general": general} if general else {})


def as_int(text, default: int | None = None, *, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number typed or posted by a user, or ``default``: only ASCII digits count (``"²"``
    passes ``str.isdigit`` but not ``int``), a leading minus is allowed, and the bounds clamp
    nothing: a value outside them is ``default`` too."""
    text = str(text if text is not None else "").strip()
    digits = text[1:] if text.startswith("-") else text
    if not digits or not digits.isascii() or not digits.isdigit() or len(digits) > 12:
        return default
    value = int(text)
    if (low is not None and value < low) or (high is not None and value > high):
        return default
    return value


def as_month(text, default=None):
    """A month typed or posted by a user ("2026-03", or a whole date of it) as its first day,
    or ``default``."""
    from datetime import date

    try:
        return date.fromisoformat(str(text if text is not None else "").strip()[:7] + "-01")
    except ValueError:
        return default
