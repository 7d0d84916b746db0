"""Party study (党员学习): "每日一学、每月一测、年终总考".

- ``StudyTopic`` (学习专题) groups the year's learning cards and questions.
- ``LearningCard`` (学习卡): a day's card, written in Markdown and kept as sanitized HTML, pushed to
  members on its day; ``CardRead`` tracks each member's reading (opened, time spent, completed).
- ``Question`` and ``QuestionVersion`` (题库): a question's identity and its versions; editing a
  question adds a version, so an attempt already taken keeps the text and answer it was asked.
- ``StudyTest`` (每月一测 / 年终总考 / 补考): what to draw per question kind from which topics, the
  time limit and pass mark; ``Attempt`` stores the seed, the drawn versions and the option order,
  the server-side deadline and the result; ``AttemptAnswer`` each answer as received.
- ``PointRule`` and ``PointEntry`` (积分): points per action with a daily cap.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StudyTopic(models.Model):
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["year", "month", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="study_topic_once_a_year")]
        verbose_name = _("study topic")

    def __str__(self) -> str:
        return self.name


class LearningCard(models.Model):
    topic = models.ForeignKey(StudyTopic, on_delete=models.PROTECT, related_name="cards", verbose_name=_("topic"))
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False)  # rendered and sanitized once, when saved
    publish_on = models.DateField(_("day"), db_index=True)
    min_seconds = models.PositiveSmallIntegerField(
        _("minimum reading time (seconds)"),
        default=30,
        help_text=_("A card counts as read only after this long on the page."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-publish_on", "pk"]
        verbose_name = _("learning card")

    def __str__(self) -> str:
        return self.title


class CardRead(models.Model):
    card = models.ForeignKey(LearningCard, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey("party.PartyMember", on_delete=models.CASCADE, related_name="card_reads")
    opened_at = models.DateTimeField()
    seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["card", "member"], name="one_read_per_card_member")]
        verbose_name = _("card reading")

    def __str__(self) -> str:
        return f"{self.member} {self.card}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    JUDGE = "judge", _("True or false")
    BLANK = "blank", _("Fill in the blank")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class Question(models.Model):
    topic = models.ForeignKey(StudyTopic, on_delete=models.PROTECT, related_name="questions", verbose_name=_("topic"))
    kind = models.CharField(_("question kind"), max_length=10, choices=QuestionKind)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty, default=Difficulty.MEDIUM)
    is_active = models.BooleanField(_("in use"), default=True)
    current = models.ForeignKey(
        "QuestionVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["topic", "kind", "pk"]
        verbose_name = _("question")

    def __str__(self) -> str:
        return self.current.text[:40] if self.current_id else f"#{self.pk}"


class QuestionVersion(models.Model):
    """One wording of a question, never changed once saved.

    ``options`` is a list of option texts (choices; empty for true/false and blanks). ``answer``:
    a list of option indexes for choices, ``[true]``/``[false]`` for true/false, and for blanks one
    entry per blank, each a list of accepted texts.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(_("question"))
    options = models.JSONField(_("options"), default=list)
    answer = models.JSONField(_("answer"))
    explanation = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "-number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="question_version_once")]
        verbose_name = _("question version")

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"


class TestKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly test (每月一测)")
    ANNUAL = "annual", _("Year-end exam (年终总考)")
    MAKEUP = "makeup", _("Make-up exam (补考)")


class StudyTest(models.Model):
    kind = models.CharField(_("kind"), max_length=8, choices=TestKind)
    title = models.CharField(_("title"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    topics = models.ManyToManyField(StudyTopic, related_name="tests", verbose_name=_("topics"))
    counts = models.JSONField(_("questions per kind"), default=dict)  # {"single": 5, "multiple": 3, ...}
    points = models.JSONField(_("score per question by kind"), default=dict)  # {"single": 10, ...}
    duration_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=20)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (of 100)"), default=60)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    makeup_for = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="makeups", verbose_name=_("make-up for")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("study test")

    def __str__(self) -> str:
        return self.title


class AttemptStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    EXPIRED = "expired", _("Time ran out")


class Attempt(models.Model):
    test = models.ForeignKey(StudyTest, on_delete=models.PROTECT, related_name="attempts")
    member = models.ForeignKey("party.PartyMember", on_delete=models.CASCADE, related_name="attempts")
    seed = models.BigIntegerField()
    # [{"version": id, "order": [option indexes as shown]}], in the order the member sees them.
    paper = models.JSONField(default=list)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AttemptStatus, default=AttemptStatus.OPEN)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["test", "member"], condition=Q(status="open"), name="one_open_attempt_per_test"
            )
        ]
        verbose_name = _("attempt")

    def __str__(self) -> str:
        return f"{self.member} {self.test}"


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    response = models.JSONField(default=list)  # option indexes, [true/false], or blank texts
    answered_at = models.DateTimeField()
    counted = models.BooleanField(default=True)  # False when received after the deadline
    correct = models.BooleanField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "version"], name="one_answer_per_question")]
        verbose_name = _("answer")

    def __str__(self) -> str:
        return f"{self.attempt_id} {self.version_id}"


class PointAction(models.TextChoices):
    CARD_COMPLETED = "card_completed", _("Learning card completed")
    TEST_PASSED = "test_passed", _("Test passed")
    NOTE_SUBMITTED = "note_submitted", _("Study note submitted")


class PointRule(models.Model):
    action = models.CharField(_("action"), max_length=20, choices=PointAction, unique=True)
    points = models.PositiveSmallIntegerField(_("points"))
    daily_cap = models.PositiveSmallIntegerField(_("at most per day"), help_text=_("0 means no cap."))

    class Meta:
        verbose_name = _("point rule")

    def __str__(self) -> str:
        return self.get_action_display()


class PointEntry(models.Model):
    member = models.ForeignKey("party.PartyMember", on_delete=models.CASCADE, related_name="points")
    action = models.CharField(max_length=20, choices=PointAction)
    points = models.PositiveSmallIntegerField()
    day = models.DateField()
    source = models.CharField(max_length=60)  # e.g. "card:12": an action earns points once

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [models.UniqueConstraint(fields=["member", "source"], name="points_once_per_source")]
        indexes = [models.Index(fields=["member", "action", "day"])]
        verbose_name = _("point entry")

    def __str__(self) -> str:
        return f"{self.member} {self.action} {self.points}"


class Audience(models.TextChoices):
    CENTER_GROUP = "center_group", _("Center-group members")
    MEMBER = "member", _("Party members")


class StudyTarget(models.Model):
    """Yearly writing targets: e.g. 20,000 characters of notes and 2 reflections for the members of
    a center group (中心组成员); no target for other members unless one is set."""

    year = models.PositiveSmallIntegerField(_("year"))
    audience = models.CharField(_("for"), max_length=14, choices=Audience)
    note_chars = models.PositiveIntegerField(_("characters of study notes"))
    reflections = models.PositiveSmallIntegerField(_("reflections"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "audience"], name="one_target_per_year_audience")]
        verbose_name = _("study target")

    def __str__(self) -> str:
        return f"{self.year} {self.get_audience_display()}"


class NoteKind(models.TextChoices):
    NOTE = "note", _("Study note (学习笔记)")
    REFLECTION = "reflection", _("Reflection (心得体会)")


class StudyNote(models.Model):
    member = models.ForeignKey("party.PartyMember", on_delete=models.CASCADE, related_name="study_notes")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=NoteKind)
    topic = models.ForeignKey(
        StudyTopic, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes", verbose_name=_("topic")
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    chars = models.PositiveIntegerField(_("characters"), default=0)
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock for edits
    exhibited_at = models.DateTimeField(_("exhibited"), null=True, blank=True)
    exhibited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["member", "year", "kind"])]
        verbose_name = _("study note")

    def __str__(self) -> str:
        return self.title


class DiscussionQuestion(models.Model):
    """A question for discussion (讨论题) that members answer in writing."""

    topic = models.ForeignKey(
        StudyTopic,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discussions",
        verbose_name=_("topic"),
    )
    title = models.CharField(_("question"), max_length=200)
    prompt = models.TextField(_("background"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    min_chars = models.PositiveSmallIntegerField(_("at least (characters)"), default=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = _("discussion question")

    def __str__(self) -> str:
        return self.title


class DiscussionAnswer(models.Model):
    question = models.ForeignKey(DiscussionQuestion, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey("party.PartyMember", on_delete=models.CASCADE, related_name="discussion_answers")
    body = models.TextField(_("answer"))
    chars = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "member"], name="one_answer_per_discussion")]
        verbose_name = _("discussion answer")

    def __str__(self) -> str:
        return f"{self.member} {self.question}"


class CenterGroupPlan(models.Model):
    """A committee's yearly center-group study plan (中心组学习计划); the sessions themselves are
    the committee's center-group meetings in organization life."""

    organization = models.ForeignKey("party.PartyOrganization", on_delete=models.PROTECT, related_name="study_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    sessions_planned = models.PositiveSmallIntegerField(_("sessions planned"), default=12)
    plan = models.TextField(_("plan"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_study_plan_a_year")]
        verbose_name = _("center-group study plan")

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"
