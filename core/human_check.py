"""The human check on public forms: a picture of a small sum (django-simple-captcha).

The challenge lives in the database (``captcha.models.CaptchaStore``), so any app server can check
an answer given to another; a challenge is used up by one check, right or wrong.
Tests answer it honestly with ``human_check_answer(key)``.
"""

from captcha.fields import CaptchaField
from django.utils.translation import gettext_lazy as _


def human_check_field() -> CaptchaField:
    return CaptchaField(
        label=_("Human check"),
        help_text=_("Type the result of the sum in the picture."),
        error_messages={"invalid": _("The answer to the human check is wrong; try the new picture.")},
    )


def human_check_answer(key: str) -> str:
    """The expected answer of challenge ``key`` (for tests and the browser journey)."""
    from captcha.models import CaptchaStore

    return CaptchaStore.objects.get(hashkey=key).response
