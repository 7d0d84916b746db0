"""Readable rendering of audit events."""

from django import template
from django.utils.translation import gettext as _

from audit.labels import action_label

register = template.Library()


@register.filter
def action_name(code: str) -> str:
    return action_label(code)


@register.filter
def actor_name(name: str) -> str:
    return _("System") if name == "system" else name


@register.filter
def changes(data) -> list[tuple[str, str]]:
    """Key/value pairs of a before/after snapshot, for a definition list."""
    if not isinstance(data, dict):
        return [("", str(data))] if data else []
    return [(str(k), "—" if v in (None, "") else str(v)) for k, v in data.items()]
