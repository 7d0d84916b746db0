"""The periodic sweep: reminders before the closing day, and closing surveys past it.

Recipients who have not answered are reminded 3 working days before the closing day and again
on the last working day before it (keys ``due3:<recipient>`` and ``due1:<recipient>``, unique, so
each goes out once however often and however many schedulers run the sweep). A survey whose
closing day has passed is closed.
"""

from contextlib import suppress
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.workdays import working_days_between
from surveys.models import Survey, SurveyStatus
from surveys.services import reminders_send, survey_close

# Reminders, by working days left before the closing day (the closing day itself not counted).
REMIND_AT = {3: "due3", 1: "due1"}
# Calendar days beyond which no reminder can be due (3 working days stay within the longest holiday).
FAR_DAYS = 31


def days_left(today: date, closes_on: date) -> int:
    """Working days from tomorrow up to the closing day, the closing day included."""
    if closes_on <= today:
        return 0
    return working_days_between(date.fromordinal(today.toordinal() + 1), closes_on)


def survey_sweep(today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    figures = {"reminded": 0, "closed": 0}
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN):
        if survey.closes_on < today:
            try:
                survey_close(actor=None, survey=survey)
                figures["closed"] += 1
            except ValidationError:  # closed meanwhile by hand or by another sweep
                pass
            continue
        if (survey.closes_on - today).days > FAR_DAYS:  # no reminder due yet; a year 9999 typo would cost minutes
            continue
        left = days_left(today, survey.closes_on)
        due = [prefix for threshold, prefix in sorted(REMIND_AT.items()) if left <= threshold]
        if survey.opens_on <= today and due:  # only the most urgent reminder due today
            with suppress(ValidationError):  # closed meanwhile
                figures["reminded"] += reminders_send(actor=None, survey=survey, key_prefix=due[0], today=today)
    return figures
