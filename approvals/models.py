"""From ranked review results to approved projects: funding list, joint sign-off, publicity, objections.

- ``ReviewScore`` is the hook the expert review plugs into: one aggregated score per application.
  Until the review module runs a round, an officer may enter scores by hand; such scores are
  marked as manual everywhere they are shown.
- ``FundingList`` (拟立项清单) is proposed by an officer of the office running the call, signed off
  by several offices and a leader (联审: nobody approves alone), published on the portal for the
  call's publicity period (公示), and made final once every objection (异议) has been answered.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField


class ScoreSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand (stand-in until the expert review module)")
    REVIEW = "review", _("Expert review")


class ReviewScore(models.Model):
    """The aggregated review score of one application, from which the ranking follows."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="review_score"
    )
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    source = models.CharField(_("source"), max_length=10, choices=ScoreSource)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review score")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.score}"


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Being drafted")
    SIGN_OFF = "sign_off", _("In joint sign-off")
    SIGNED = "signed", _("Signed off")
    PUBLICITY = "publicity", _("In publicity")
    FINAL = "final", _("Approved")


class FundingList(models.Model):
    """The proposed list of projects to fund in a call (拟立项清单)."""

    call = models.OneToOneField("plans.Call", on_delete=models.PROTECT, related_name="funding_list")
    status = models.CharField(_("status"), max_length=16, choices=ListStatus, default=ListStatus.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: bumped on every edit")
    sign_off_round = models.PositiveSmallIntegerField(default=0)
    offices = models.ManyToManyField("orgs.Office", related_name="+", verbose_name=_("offices signing off"), blank=True)
    note = models.TextField(_("explanation"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    return_reason = models.CharField(_("reason for return"), max_length=500, blank=True)
    publicity_starts_at = models.DateTimeField(_("publicity from"), null=True, blank=True)
    publicity_ends_at = models.DateTimeField(_("publicity until"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funding list")

    def __str__(self) -> str:
        return f"{self.call} — {_('funding list')}"

    @property
    def in_publicity(self) -> bool:
        now = timezone.now()
        return (
            self.status == ListStatus.PUBLICITY
            and self.publicity_starts_at is not None
            and self.publicity_starts_at <= now < self.publicity_ends_at
        )


class FundingItem(models.Model):
    """One application on the funding list, with its rank, score and the grant proposed."""

    funding_list = models.ForeignKey(FundingList, on_delete=models.CASCADE, related_name="items")
    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="funding_item"
    )
    rank = models.PositiveIntegerField(_("rank"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    requested = models.DecimalField(_("grant requested (10k yuan)"), max_digits=10, decimal_places=2)
    grant = models.DecimalField(
        _("grant proposed (10k yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    withdrawn = models.BooleanField(_("withdrawn after an objection"), default=False)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("funding list item")

    def __str__(self) -> str:
        return f"{self.rank}. {self.application_id}"


class Decision(models.TextChoices):
    APPROVE = "approve", _("Agree")
    REJECT = "reject", _("Disagree, return for revision")


LEADER_SEAT = "leader"


class SignOff(models.Model):
    """One signature of the joint sign-off (联审会签): one seat per required office, plus a leader."""

    funding_list = models.ForeignKey(FundingList, on_delete=models.CASCADE, related_name="sign_offs")
    round = models.PositiveSmallIntegerField()
    seat = models.CharField(max_length=20, help_text="office-<id> or leader")
    office = models.ForeignKey("orgs.Office", null=True, blank=True, on_delete=models.PROTECT)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["funding_list", "round", "seat"], name="one_signature_per_seat"),
            models.UniqueConstraint(fields=["funding_list", "round", "signer"], name="one_seat_per_signer"),
        ]
        verbose_name = _("sign-off")

    def __str__(self) -> str:
        return f"{self.seat}: {self.decision}"

    @property
    def seat_label(self) -> str:
        return str(_("Leader")) if self.seat == LEADER_SEAT else str(self.office)


class ObjectionOutcome(models.TextChoices):
    DISMISSED = "dismissed", _("Not upheld; the item stays on the list")
    UPHELD = "upheld", _("Upheld; the item is withdrawn from the list")


class Objection(models.Model):
    """A real-name objection (异议) filed during publicity.

    The objector's identity is seen only by the officers running the call; the objected applicant,
    unit and recommender never see objections at all.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    funding_list = models.ForeignKey(FundingList, on_delete=models.PROTECT, related_name="objections")
    item = models.ForeignKey(
        FundingItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("project objected to"),
    )
    name = models.CharField(_("real name"), max_length=50)
    id_number = EncryptedCharField(_("resident ID number"))
    phone = EncryptedCharField(_("mobile phone"))
    email = models.EmailField(_("e-mail (for the answer)"), blank=True)
    content = models.TextField(_("objection and its grounds"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=ObjectionOutcome, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["filed_at"]
        verbose_name = _("objection")

    def __str__(self) -> str:
        return f"objection {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
