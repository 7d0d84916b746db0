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
    visible = [(item, reverse(item.url_name)) for item in sorted(_items, key=lambda i: i.order) if item.rule.test(user)]
    matches = [url for _item, url in visible if current_path == url or (url != "/" and current_path.startswith(url))]
    current = max(matches, key=len, default=None)  # the most specific entry wins
    sections: dict[str, list[dict]] = {}
    for item, url in visible:
        sections.setdefault(str(item.section), []).append({"label": item.label, "url": url, "active": url == current})
    return [{"title": title, "items": items} for title, items in sections.items()]
