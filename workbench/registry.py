"""The to-do registry: each module registers a provider that lists a user's pending work.

A provider takes the user and returns ``Todo`` items; it must cost a bounded number of queries
(one or two), whatever the data volume, because the workbench calls every provider per page.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone

Provider = Callable[[object], Iterable["Todo"]]
_providers: dict[str, Provider] = {}


@dataclass(frozen=True)
class Todo:
    module: str
    title: str
    count: int
    url: str
    deadline: datetime | None = None

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.now()


def todo_provider(name: str) -> Callable[[Provider], Provider]:
    """Register ``func`` as the to-do provider called ``name`` (one per module)."""

    def decorator(func: Provider) -> Provider:
        _providers[name] = func
        return func

    return decorator


def todos_for(user) -> list[Todo]:
    """Every provider's items with a non-zero count, earliest deadline first."""
    items = [todo for provider in _providers.values() for todo in provider(user) if todo.count]
    far_future = datetime.max.replace(tzinfo=UTC)
    return sorted(items, key=lambda t: (t.deadline or far_future, t.module))


def registered() -> list[str]:
    return sorted(_providers)
