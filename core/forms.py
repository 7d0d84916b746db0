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
