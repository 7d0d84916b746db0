"""Background work: reminding secretaries before a bi-monthly report falls due."""

from django_tasks import task


@task()
def report_reminders() -> int:
    from evaluation.reminders import reminders_send

    return reminders_send()
