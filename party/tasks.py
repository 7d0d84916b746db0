"""Background work of party building: the daily reminder sweep."""

from django_tasks import task


@task()
def party_sweep() -> dict:
    """Send the dues, term and organization-life reminders that are due (each only once)."""
    from party.reminders import reminders_send

    return reminders_send()
