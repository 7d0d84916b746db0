"""Background work: the daily sweep of time-limit warnings and stage bulletins."""

from django_tasks import task


@task()
def supervision_sweep() -> dict[str, int]:
    from supervision.bulletins import bulletins_generate
    from supervision.reminders import warnings_send

    return {"warnings": warnings_send(), "bulletins": bulletins_generate()}
