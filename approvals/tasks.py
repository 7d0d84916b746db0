"""Background delivery of an objection's answer to the objector's e-mail address."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def email_objection_answer(objection_id: int) -> str:
    from approvals.models import Objection

    objection = Objection.objects.select_related("funding_list__call").get(pk=objection_id)
    send_mail(
        subject=f"[{settings.KEJIWANG_NAME}] " + _("Answer to your objection"),
        message=f"{objection.funding_list.call}\n\n{objection.answer}\n\n{objection.get_outcome_display()}",
        from_email=None,
        recipient_list=[objection.email],
    )
    return "sent"
