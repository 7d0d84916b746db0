"""Background e-mail of the answer link to external recipients (people without an account)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def email_survey_link(recipient_id: int, reminder: bool = False, link_base: str = "") -> str:
    from surveys.models import Recipient

    recipient = Recipient.objects.select_related("survey").get(pk=recipient_id)
    if not recipient.email or recipient.answered:
        return "skipped"
    survey = recipient.survey
    subject = _("Reminder: %(title)s") if reminder else _("Please answer: %(title)s")
    link = link_base + reverse("surveys_public:answer", args=[recipient.token])
    send_mail(
        subject=f"[{settings.KEJIWANG_NAME}] " + subject % {"title": survey.title},
        message=_("%(name)s:\n\n%(intro)s\n\nAnswer by %(date)s at: %(link)s")
        % {"name": recipient.name, "intro": survey.intro, "date": survey.closes_on.isoformat(), "link": link},
        from_email=None,
        recipient_list=[recipient.email],
    )
    return "sent"


@task()
def survey_sweep() -> dict[str, int]:
    """The periodic sweep: reminders before the closing day, closing surveys past it."""
    from surveys.sweep import survey_sweep as sweep

    return sweep()
