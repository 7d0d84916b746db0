"""Background work: reminders before and after rectification deadlines."""

from django_tasks import task


@task()
def rectification_reminders() -> int:
    from rectification.reminders import reminders_send

    return reminders_send()
