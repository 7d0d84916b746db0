"""Periodic work: modules register tasks; ``manage.py run_periodic`` enqueues them on a schedule.

Run it from cron (``manage.py run_periodic``, once) or as one long process
(``manage.py run_periodic --every 300``). Registered tasks must be idempotent and safe to run
concurrently (conditional updates, row locks), so two schedulers running at once do no harm.
"""

_tasks: dict[str, object] = {}


def register_periodic(name: str, task) -> None:
    """Enqueue ``task`` (a django-tasks task without arguments) on every scheduler tick."""
    _tasks[name] = task


def periodic_tasks() -> dict[str, object]:
    return dict(_tasks)
