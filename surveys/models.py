"""Surveys and evaluations (征求意见函 / 评议).

- ``Survey``: a questionnaire run by an office: a solicitation letter, an evaluation or another
  kind; anonymous or named; open between two dates; draft → open → closed. Questions
  (``Question``) are edited only while it is a draft.
- ``Recipient``: one row per unit, recommender (city/county bureau, department), account or
  external person it was sent to, with an unguessable token for the public answer page (one response per token).
- ``Response`` / ``Answer``: what came back. For an anonymous survey a response carries no link
  to its recipient: no foreign key, no token, no time (not even the day), a random UUID key that
  orders nothing; the recipient row only records that it answered. A named survey keeps the
  recipient and the time.
- ``Finding``: a problem area the officer draws from the answers, which may become a
  rectification item in one step.
- ``SurveyReminder``: reminders already sent, by unique key, so each goes out once.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The default rating scale, best first. "较好 or better" means the first two levels.
DEFAULT_LEVELS = ["好", "较好", "一般", "差"]
GOOD_LEVELS = 2


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SurveyKind(models.TextChoices):
    SOLICITATION = "solicitation", _("Solicitation letter (征求意见函)")
    EVALUATION = "evaluation", pgettext_lazy("survey", "Evaluation (评议)")
    OTHER = "other", pgettext_lazy("survey", "Other questionnaire")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey", "Draft")
    OPEN = "open", pgettext_lazy("survey", "Open for answers")
    CLOSED = "closed", pgettext_lazy("survey", "Closed")


class Survey(models.Model):
    title = models.CharField(pgettext_lazy("survey", "Survey title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=SurveyKind, default=SurveyKind.SOLICITATION)
    intro = models.TextField(pgettext_lazy("survey", "Letter to the recipients"), blank=True)
    anonymous = models.BooleanField(pgettext_lazy("survey", "Anonymous answers"), default=False)
    opens_on = models.DateField(pgettext_lazy("survey", "Opens on"))
    closes_on = models.DateField(pgettext_lazy("survey", "Closes on"))
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus, default=SurveyStatus.DRAFT)
    office = models.ForeignKey(
        "orgs.Office", on_delete=models.PROTECT, related_name="surveys", verbose_name=_("office")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    submit_key = models.CharField(max_length=40, null=True, blank=True, unique=True)  # one survey per form sent

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("survey")

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating scale")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


class Question(models.Model):
    """``options``: the levels of a rating question (best first) or the choices of a choice
    question; empty for free text."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind)
    text = models.CharField(pgettext_lazy("survey", "Question"), max_length=300)
    required = models.BooleanField(pgettext_lazy("survey", "Answer required"), default=True)
    options = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = pgettext_lazy("survey", "question")

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind != QuestionKind.TEXT


class RecipientKind(models.TextChoices):
    UNIT = "unit", _("Unit")
    RECOMMENDER = "recommender", pgettext_lazy("survey", "Bureau or department")
    USER = "user", pgettext_lazy("survey", "Account holder")
    EXTERNAL = "external", pgettext_lazy("survey", "External person")


class Recipient(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("kind"), max_length=12, choices=RecipientKind)
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recommender = models.ForeignKey(
        "orgs.Recommender", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered = models.BooleanField(default=False)
    # Named surveys only: when the answer came. Left empty for anonymous surveys.
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = pgettext_lazy("survey", "recipient")
        constraints = [
            models.UniqueConstraint(fields=["survey", "unit"], name="survey_unit_once"),
            models.UniqueConstraint(fields=["survey", "recommender"], name="survey_recommender_once"),
            models.UniqueConstraint(fields=["survey", "user"], name="survey_user_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Response(models.Model):
    """One returned questionnaire. ``recipient`` and ``submitted_at`` stay empty in anonymous
    surveys; the random UUID key is the only order the rows have."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    recipient = models.OneToOneField(
        Recipient, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = pgettext_lazy("survey", "response")

    def __str__(self) -> str:
        return str(self.survey)


class Answer(models.Model):
    """``choices``: indexes into the question's options; ``text``: free text. ``theme``: the
    grouping tag an officer gives a comment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    theme = models.CharField(pgettext_lazy("survey", "Theme"), max_length=40, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_a_question")]

    def __str__(self) -> str:
        return self.text[:40]


class Finding(models.Model):
    """A problem area drawn from the answers (e.g. one of the 12 from the letters)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="findings")
    problem = models.TextField(pgettext_lazy("survey", "Problem found"))
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    office = models.ForeignKey(
        "orgs.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    rectification_item = models.ForeignKey(
        "rectification.RectificationItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = pgettext_lazy("survey", "problem found")

    def __str__(self) -> str:
        return self.problem[:60]


class SurveyReminder(models.Model):
    """A reminder already sent, by key (``due3:<recipient>``, ``hand:<recipient>:<day>``)."""

    key = models.CharField(max_length=120, unique=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
