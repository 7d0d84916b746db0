"""Left navigation: modules register items with the rule that shows them."""

from dataclasses import dataclass

import rules
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    url_name: str
    rule: rules.Predicate
    icon: str = "bi-circle"
    order: int = 100


_items: list[NavItem] = []


def register_nav(*items: NavItem) -> None:
    _items.extend(items)


def nav_for(user, current_path: str) -> list[dict]:
    """Sections with the items this user may open, marking the current one."""
    sections: dict[str, list[dict]] = {}
    for item in sorted(_items, key=lambda i: i.order):
        if not item.rule.test(user):
            continue
        url = reverse(item.url_name)
        active = current_path == url or (url != "/" and current_path.startswith(url))
        sections.setdefault(str(item.section), []).append({"label": item.label, "url": url, "active": active})
    return [{"title": title, "items": items} for title, items in sections.items()]
