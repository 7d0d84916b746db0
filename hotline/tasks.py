"""Background work: the reply e-mail to the requester and the periodic deadline sweep."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def email_reply(request_id: int, rating_token: str, link_base: str = "") -> str:
    """Send the office's reply with the private status link and the one-time satisfaction link."""
    from hotline.models import ServiceRequest

    request = ServiceRequest.objects.get(pk=request_id)
    status = link_base + reverse("hotline_public:status", args=[request.token])
    rate = link_base + reverse("hotline_public:rate", args=[rating_token])
    body = "\n\n".join(
        [
            _("Dear %(name)s,") % {"name": request.requester_name},
            _("Your request %(number)s (%(title)s) has been answered:")
            % {"number": request.number, "title": request.title},
            request.reply,
            _("Please tell us whether you are satisfied with the answer (the link works once): %(url)s")
            % {"url": rate},
            _("Status of your request: %(url)s") % {"url": status},
        ]
    )
    send_mail(
        subject=f"[{settings.KEJIWANG_NAME}] " + _("Reply to your request %(number)s") % {"number": request.number},
        message=body,
        from_email=None,
        recipient_list=[request.requester_email],
    )
    return "sent"


@task()
def hotline_sweep() -> dict:
    from hotline.reminders import sweep

    return sweep()
