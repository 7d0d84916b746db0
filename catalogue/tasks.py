"""Background work: the yearly review reminders of published service guides."""

from django_tasks import task


@task()
def review_reminders() -> int:
    from catalogue.reminders import review_sweep

    return review_sweep()
