"""Template helpers for the page shell."""

from django import template
from django.forms import BoundField

register = template.Library()

SELECT_WIDGETS = {"select", "selectmultiple", "nullbooleanselect"}


@register.simple_tag
def widget(field: BoundField) -> str:
    """Render a field's widget with Bootstrap classes and accessible error attributes."""
    css = "form-select" if field.widget_type in SELECT_WIDGETS else "form-control"
    attrs = {"class": css}
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    return field.as_widget(attrs=attrs)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def split(text: str, separator: str = " ") -> list[str]:
    return text.split(separator)
