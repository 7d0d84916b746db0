"""Party building I (党建): organizations, posts, members, dues.

- ``PartyOrganization`` (党组织): the tree 党组 / 机关党委 / 党委 / 党总支 / 党支部 / 党小组, each
  optionally tied to an agency office, a unit or a research team (支部建在创新团队和课题组上), with
  its term (换届) and, for branches, the fixed day of the month dues are collected.
- ``PartyPost``: secretary, deputy secretary, committee member of an organization, held by a
  member; posts decide who manages an organization and everything below it.
- ``PartyMember`` (党员): full or probationary, the dates of their path into the party, the
  organization, position, dues category; ID and phone numbers encrypted, masked on screen.
- ``DuesSettings``: the official dues rules (中组发〔2008〕3号) as data with the official defaults.
- ``DuesBase``: the monthly income base a member declares, effective from a month.
- ``DuesBill``: one member's dues for one month, and its payment.
- ``DuesApproval``: the approval a back payment or advance payment beyond 6 months, a reduction or
  an exemption needs.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField


class OrgKind(models.TextChoices):
    LEADING_GROUP = "leading_group", _("Leading party group (党组)")
    ORGAN_COMMITTEE = "organ_committee", _("Organ party committee (机关党委)")
    COMMITTEE = "committee", _("Party committee (党委)")
    GENERAL_BRANCH = "general_branch", _("General party branch (党总支)")
    BRANCH = "branch", _("Party branch (党支部)")
    GROUP = "group", _("Party group (党小组)")


# Default term lengths in years (换届): base-level committees 5, general branches and branches 3.
TERM_YEARS = {OrgKind.ORGAN_COMMITTEE: 5, OrgKind.COMMITTEE: 5, OrgKind.GENERAL_BRANCH: 3, OrgKind.BRANCH: 3}
MIN_BRANCH_FULL_MEMBERS = 3  # a branch has at least 3 full members
COMMITTEE_FROM_FULL_MEMBERS = 7  # a branch committee (支委会) is expected from 7 full members
TERM_WARNING_DAYS = 90  # secretaries are warned this long before a term ends


class PartyOrganization(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    office = models.ForeignKey(
        "orgs.Office", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("office")
    )
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("unit"))
    team = models.CharField(
        _("research team"),
        max_length=100,
        blank=True,
        help_text=_("A branch built on an innovation team or project group."),
    )
    term_started_on = models.DateField(_("current term started on"), null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        _("term (years)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    term_postponed_months = models.PositiveSmallIntegerField(
        _("term postponed by (months)"),
        default=0,
        validators=[MaxValueValidator(12)],
        help_text=_("Approved postponement of the election (at most 12 months)."),
    )
    dues_day = models.PositiveSmallIntegerField(
        _("dues collection day"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("The fixed day of the month the branch collects dues."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("party organization")

    def __str__(self) -> str:
        return self.name

    @property
    def term_length(self) -> int | None:
        return self.term_years or TERM_YEARS.get(self.kind)

    @property
    def term_ends_on(self) -> date | None:
        if not self.term_started_on or not self.term_length:
            return None
        from party.development import months_after

        return months_after(self.term_started_on, self.term_length * 12 + self.term_postponed_months)


class Post(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")


class PartyPost(models.Model):
    """A post held by a party member (secretaries are members of the party, too)."""

    organization = models.ForeignKey(PartyOrganization, on_delete=models.CASCADE, related_name="posts")
    member = models.ForeignKey("PartyMember", on_delete=models.CASCADE, related_name="posts")
    post = models.CharField(_("post"), max_length=20, choices=Post)
    since = models.DateField(_("since"))

    class Meta:
        ordering = ["organization", "post"]
        constraints = [models.UniqueConstraint(fields=["organization", "member", "post"], name="party_post_once")]
        verbose_name = _("party post")

    def __str__(self) -> str:
        return f"{self.organization} {self.get_post_display()} {self.member}"


class MemberStatus(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")


class DuesCategory(models.TextChoices):
    EMPLOYED = "employed", _("Employed (salary)")
    RETIRED = "retired", _("Retired")
    STUDENT = "student", _("Student")
    UNEMPLOYED = "unemployed", _("Unemployed")
    RELIEF = "relief", _("Receiving basic living allowance")
    FARMER = "farmer", _("Farmer")
    ANNUAL_SALARY = "annual_salary", _("Annual salary (from the month's pay)")
    SELF_EMPLOYED = "self_employed", _("Self-employed (previous quarter's average)")


class PartyMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="party_member"
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"))
    phone = EncryptedCharField(_("mobile phone"), blank=True)
    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="members", verbose_name=_("party organization")
    )
    status = models.CharField(_("status"), max_length=12, choices=MemberStatus, default=MemberStatus.FULL)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    activist_on = models.DateField(_("activist since"), null=True, blank=True)
    candidate_on = models.DateField(_("candidate since"), null=True, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    full_on = models.DateField(_("full member since"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True)
    dues_category = models.CharField(
        _("dues category"), max_length=16, choices=DuesCategory, default=DuesCategory.EMPLOYED
    )
    is_active = models.BooleanField(_("in the registry"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("party member")

    def __str__(self) -> str:
        return self.name


class DuesSettings(models.Model):
    """The dues rules as data (one row); defaults are the official ones (中组发〔2008〕3号).

    Brackets are ``[[upper, rate], ...]`` with inclusive upper edges (``null`` = no limit), rates
    as fractions; flat amounts are yuan per month.
    """

    employed_brackets = models.JSONField(default=list)
    retired_brackets = models.JSONField(default=list)
    flat_monthly = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("0.20"))
    farmer_min = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("0.20"))
    farmer_max = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("1.00"))
    back_pay_months = models.PositiveSmallIntegerField(default=6)
    follow_up_months = models.PositiveSmallIntegerField(default=3)
    review_months = models.PositiveSmallIntegerField(default=6)
    # Members with an unpaid bill are reminded this many days before their branch's collection day.
    notice_days = models.PositiveSmallIntegerField(default=3)

    class Meta:
        verbose_name = _("dues rules")

    def __str__(self) -> str:
        return "dues rules"


OFFICIAL_EMPLOYED = [["3000", "0.005"], ["5000", "0.01"], ["10000", "0.015"], [None, "0.02"]]
OFFICIAL_RETIRED = [["5000", "0.005"], [None, "0.01"]]


class DuesBase(models.Model):
    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="dues_bases")
    amount = models.DecimalField(
        _("monthly base (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    effective_month = models.DateField(_("effective from the month"))  # always the 1st
    declared_on = models.DateField(_("declared on"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["member", "-effective_month"]
        constraints = [models.UniqueConstraint(fields=["member", "effective_month"], name="one_base_per_month")]
        verbose_name = _("dues base")

    def __str__(self) -> str:
        return f"{self.member}: {self.amount} ({self.effective_month:%Y-%m})"


class BillStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")
    EXEMPT = "exempt", _("Exempted")


class PaymentMethod(models.TextChoices):
    SELF = "self", _("Paid in person")
    PROXY = "proxy", _("Paid by proxy")
    BATCH = "batch", _("Batch entry")
    IMPORT = "import", _("Imported")


class DuesBill(models.Model):
    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="dues_bills")
    organization = models.ForeignKey(PartyOrganization, on_delete=models.PROTECT, related_name="dues_bills")
    month = models.DateField(_("month"))  # the 1st of the month
    category = models.CharField(_("dues category"), max_length=16, choices=DuesCategory)
    base = models.DecimalField(_("base"), max_digits=10, decimal_places=2, null=True, blank=True)
    rate = models.DecimalField(_("rate"), max_digits=6, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("amount due"), max_digits=8, decimal_places=2)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=8, choices=BillStatus, default=BillStatus.UNPAID)
    paid_amount = models.DecimalField(_("amount paid"), max_digits=8, decimal_places=2, null=True, blank=True)
    extra = models.DecimalField(_("voluntary extra"), max_digits=8, decimal_places=2, default=Decimal("0"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    method = models.CharField(_("payment method"), max_length=8, choices=PaymentMethod, blank=True)
    proxy_name = models.CharField(_("paid by"), max_length=50, blank=True)
    receipt = models.CharField(_("receipt number"), max_length=32, blank=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-month", "member__name"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="one_bill_per_member_month")]
        indexes = [models.Index(fields=["organization", "month"]), models.Index(fields=["member", "status"])]
        verbose_name = _("dues bill")

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m}: {self.amount}"

    @property
    def rate_percent(self) -> str:
        """0.0150 → "1.5%" ("" for flat amounts)."""
        if self.rate is None:
            return ""
        return f"{(self.rate * 100).normalize():f}%"


class ApprovalKind(models.TextChoices):
    BACK_PAYMENT = "back_payment", _("Back payment beyond the normal period")
    ADVANCE = "advance", _("Advance payment beyond the normal period")
    REDUCTION = "reduction", _("Reduction")
    EXEMPTION = "exemption", _("Exemption")


class DuesApproval(models.Model):
    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="dues_approvals")
    kind = models.CharField(_("kind"), max_length=14, choices=ApprovalKind)
    months_from = models.DateField(_("from month"))
    months_to = models.DateField(_("to month"))
    amount = models.DecimalField(_("reduced monthly amount"), max_digits=8, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    document = models.CharField(_("approval document"), max_length=100)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField(_("approved on"))

    class Meta:
        ordering = ["-approved_on"]
        verbose_name = _("dues approval")

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()}"


class RemittanceStatus(models.TextChoices):
    SENT = "sent", _("Remitted, awaiting confirmation")
    CONFIRMED = "confirmed", _("Receipt confirmed")


class DuesRemittance(models.Model):
    """Dues an organization hands up to the organization above it (党费上缴), and the receipt.

    What an organization holds = dues its members paid + remittances confirmed from below −
    what it has remitted upward; a remittance can never exceed what it holds.
    """

    organization = models.ForeignKey(PartyOrganization, on_delete=models.PROTECT, related_name="remittances_sent")
    to_organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="remittances_received"
    )
    months_from = models.DateField(_("from month"))
    months_to = models.DateField(_("to month"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    remitted_on = models.DateField(_("remitted on"))
    reference = models.CharField(_("bank slip or receipt number"), max_length=60)
    status = models.CharField(_("status"), max_length=10, choices=RemittanceStatus, default=RemittanceStatus.SENT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)

    class Meta:
        ordering = ["-remitted_on", "-pk"]
        verbose_name = _("dues remittance")

    def __str__(self) -> str:
        return f"{self.organization} → {self.to_organization} {self.amount}"


class PartyReminder(models.Model):
    """A reminder already sent, by key (e.g. ``dues:<member>:2026-03``): each goes out once even
    when several schedulers run the sweep at the same time (the unique key decides)."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class MeetingKind(models.TextChoices):
    MEMBER_MEETING = "member_meeting", _("Branch member meeting (支部党员大会)")
    COMMITTEE_MEETING = "committee_meeting", _("Branch committee meeting (支委会)")
    GROUP_MEETING = "group_meeting", _("Party group meeting (党小组会)")
    PARTY_LECTURE = "party_lecture", _("Party lecture (党课)")
    THEME_DAY = "theme_day", _("Theme party day (主题党日)")
    ORGANIZATION_LIFE = "organization_life_meeting", _("Organization life meeting (组织生活会)")
    LEADERSHIP_LIFE = "leadership_life_meeting", _("Leadership life meeting (民主生活会)")
    CENTER_GROUP = "center_group_study", _("Center-group study (中心组学习)")


class Quorum(models.TextChoices):
    NONE = "", _("No quorum rule")
    MEMBERS_HALF = "members_half", _("More than half of the members")
    COMMITTEE_HALF = "committee_half", _("More than half of the committee")


# The rules (三会一课 and the rest) as data with these defaults: kind -> (per year, organization
# kinds it applies to, quorum). Changed in ``MeetingRequirement`` rows, not in code.
MEETING_DEFAULTS = {
    MeetingKind.MEMBER_MEETING: (4, [OrgKind.BRANCH], Quorum.MEMBERS_HALF),
    MeetingKind.COMMITTEE_MEETING: (12, [OrgKind.BRANCH], Quorum.COMMITTEE_HALF),
    MeetingKind.GROUP_MEETING: (12, [OrgKind.GROUP], Quorum.NONE),
    MeetingKind.PARTY_LECTURE: (4, [OrgKind.BRANCH], Quorum.NONE),
    MeetingKind.THEME_DAY: (12, [OrgKind.BRANCH], Quorum.NONE),
    MeetingKind.ORGANIZATION_LIFE: (1, [OrgKind.BRANCH], Quorum.MEMBERS_HALF),
    MeetingKind.LEADERSHIP_LIFE: (1, [OrgKind.LEADING_GROUP, OrgKind.COMMITTEE], Quorum.NONE),
    MeetingKind.CENTER_GROUP: (12, [OrgKind.LEADING_GROUP, OrgKind.COMMITTEE], Quorum.NONE),
}


class MeetingRequirement(models.Model):
    kind = models.CharField(_("meeting"), max_length=28, choices=MeetingKind, unique=True)
    per_year = models.PositiveSmallIntegerField(_("required per year"))
    org_kinds = models.JSONField(_("for organizations of kind"), default=list)
    quorum = models.CharField(_("quorum"), max_length=16, choices=Quorum, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("meeting requirement")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.per_year}"


class Meeting(models.Model):
    organization = models.ForeignKey(PartyOrganization, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("meeting"), max_length=28, choices=MeetingKind)
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    host = models.ForeignKey(
        PartyMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("host")
    )
    recorder = models.ForeignKey(
        PartyMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorder")
    )
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    minutes = models.TextField(_("minutes"))
    resolutions = models.TextField(_("resolutions"), blank=True)
    entitled = models.PositiveSmallIntegerField(_("entitled to attend"), default=0)
    present = models.PositiveSmallIntegerField(_("present"), default=0)
    quorate = models.BooleanField(_("quorum reached"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A center-group session's summary is circulated to the organizations below (通报).
    circulated_at = models.DateTimeField(_("summary circulated"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["organization", "kind", "held_on"])]
        verbose_name = _("meeting")

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("present"))
    leave_reason = models.CharField(_("reason for absence"), max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]
        verbose_name = _("attendance")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.member_id} {'✓' if self.present else '✗'}"


class DevelopmentStage(models.TextChoices):
    APPLICANT = "applicant", _("Applicant for membership")
    ACTIVIST = "activist", _("Activist")
    CANDIDATE = "candidate", _("Candidate for membership")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")


class DevelopmentStep(models.Model):
    """One of the 25 steps of member development (发展党员工作细则), with its timing rules as data.

    ``after`` is the step whose date the intervals count from; ``min_months`` refuses a step
    recorded too early, ``due_months`` flags one recorded late, ``max_months`` refuses one too late.
    ``rule`` names an extra check: sponsors, training, vote, reviews.
    """

    number = models.PositiveSmallIntegerField(_("step"), unique=True)
    name = models.CharField(_("name"), max_length=60)
    stage = models.CharField(_("stage"), max_length=12, choices=DevelopmentStage)
    after = models.PositiveSmallIntegerField(_("counted from step"), null=True, blank=True)
    min_months = models.PositiveSmallIntegerField(_("at the earliest (months)"), null=True, blank=True)
    due_months = models.PositiveSmallIntegerField(_("due within (months)"), null=True, blank=True)
    max_months = models.PositiveSmallIntegerField(_("at the latest (months)"), null=True, blank=True)
    rule = models.CharField(_("extra rule"), max_length=12, blank=True)
    repeatable = models.BooleanField(default=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("development step")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class DevelopmentCase(models.Model):
    """One person's path from application to full membership, step by step."""

    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    organization = models.ForeignKey(PartyOrganization, on_delete=models.PROTECT, related_name="development_cases")
    stage = models.CharField(_("stage"), max_length=12, choices=DevelopmentStage, default=DevelopmentStage.APPLICANT)
    probation_extension_months = models.PositiveSmallIntegerField(_("probation extended by (months)"), default=0)
    member = models.OneToOneField(
        PartyMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="development"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("member development")

    def __str__(self) -> str:
        return self.name


class DevelopmentRecord(models.Model):
    case = models.ForeignKey(DevelopmentCase, on_delete=models.CASCADE, related_name="records")
    step = models.ForeignKey(DevelopmentStep, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(_("done on"))
    document = models.CharField(_("document"), max_length=200, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)  # sponsors, votes, training
    late = models.BooleanField(_("later than the rule asks"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "step__number", "pk"]
        verbose_name = _("development record")

    def __str__(self) -> str:
        return f"{self.case} {self.step.number} {self.done_on}"


class ElectionKind(models.TextChoices):
    REGULAR = "regular", _("On schedule")
    EARLY = "early", _("Early (approved)")
    POSTPONED = "postponed", _("After a postponement (approved)")


class Election(models.Model):
    """A term renewal election (换届选举) and whether it was valid."""

    organization = models.ForeignKey(PartyOrganization, on_delete=models.PROTECT, related_name="elections")
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=10, choices=ElectionKind, default=ElectionKind.REGULAR)
    approval_document = models.CharField(_("approval document"), max_length=100, blank=True)
    entitled = models.PositiveIntegerField(_("full members entitled to vote"))
    present = models.PositiveIntegerField(_("voters present"))
    ballots = models.JSONField(_("votes per candidate"), default=list)  # [{"name", "votes"}]
    elected = models.JSONField(_("elected"), default=list)
    valid = models.BooleanField(_("valid"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("election")

    def __str__(self) -> str:
        return f"{self.organization} {self.held_on}"


class TransferStatus(models.TextChoices):
    ISSUED = "issued", _("Letter issued, waiting for the receiving organization")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Transferred out of the system")


class Transfer(models.Model):
    """A transfer of membership (组织关系转接) with its introduction letter."""

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey(PartyOrganization, on_delete=models.PROTECT, related_name="transfers_out")
    to_org = models.ForeignKey(
        PartyOrganization, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers_in"
    )
    to_name = models.CharField(_("receiving organization (outside the system)"), max_length=100, blank=True)
    letter_number = models.CharField(_("introduction letter number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    dues_paid_to = models.DateField(_("dues paid up to (month)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TransferStatus, default=TransferStatus.ISSUED)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("membership transfer")

    def __str__(self) -> str:
        return self.letter_number

    @property
    def expired(self) -> bool:
        from django.utils import timezone

        return self.status == TransferStatus.ISSUED and timezone.localdate() > self.valid_until


class ContactLevel(models.TextChoices):
    LEADING_GROUP = "leading_group", _("Leading group member ↔ base-level committee")
    COMMITTEE = "committee", _("Committee ↔ branch")
    BRANCH = "branch", _("Branch member ↔ research team")


class ContactPoint(models.Model):
    """A 党建联系点 link of the "三级六点" system: a leader, an organization and, where set, a team."""

    leader = models.ForeignKey(
        PartyMember, on_delete=models.PROTECT, related_name="contact_points", verbose_name=_("leader")
    )
    organization = models.ForeignKey(PartyOrganization, on_delete=models.PROTECT, related_name="contact_points")
    team = models.CharField(_("research team"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=14, choices=ContactLevel)
    since = models.DateField(_("since"))

    class Meta:
        ordering = ["level", "organization"]
        verbose_name = _("contact point")

    def __str__(self) -> str:
        return f"{self.leader} ↔ {self.organization}"


class ContactVisit(models.Model):
    point = models.ForeignKey(ContactPoint, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on"]
        verbose_name = _("contact visit")

    def __str__(self) -> str:
        return f"{self.point} {self.visited_on}"
