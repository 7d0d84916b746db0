"""Organization life (三会一课 and the rest): recording meetings with attendance and quorum, and the
yearly compliance of each organization against the requirements kept as data."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from party.models import (
    MEETING_DEFAULTS,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingRequirement,
    PartyMember,
    PartyOrganization,
    Post,
    Quorum,
)
from party.permissions import require_manager


def requirements() -> dict[str, MeetingRequirement]:
    """The meeting requirements, created with the defaults on first use."""
    rows = {r.kind: r for r in MeetingRequirement.objects.all()}
    missing = [
        MeetingRequirement(kind=kind, per_year=n, org_kinds=[str(k) for k in kinds], quorum=quorum)
        for kind, (n, kinds, quorum) in MEETING_DEFAULTS.items()
        if kind not in rows
    ]
    if missing:
        MeetingRequirement.objects.bulk_create(missing, ignore_conflicts=True)
        rows = {r.kind: r for r in MeetingRequirement.objects.all()}
    return rows


def entitled_for(organization: PartyOrganization, kind: str) -> list[PartyMember]:
    """Who is expected at the meeting: the committee for committee meetings, otherwise the members."""
    if kind == MeetingKind.COMMITTEE_MEETING:
        ids = organization.posts.filter(
            post__in=[Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.COMMITTEE_MEMBER]
        ).values_list("member_id", flat=True)
        return list(PartyMember.objects.filter(pk__in=list(ids), is_active=True).order_by("name"))
    return list(PartyMember.objects.filter(organization=organization, is_active=True).order_by("name"))


def quorum_met(rule: str, entitled: int, present: int) -> bool:
    """More than half: 5 of 9, 4 of 6, 3 of 4 (an exact half is not enough)."""
    if not rule:
        return True
    return entitled > 0 and present * 2 > entitled


@transaction.atomic
def meeting_record(
    *,
    actor,
    organization: PartyOrganization,
    kind: str,
    held_on: date,
    topic: str,
    minutes: str,
    present_ids,
    leave_reasons: dict,
    host=None,
    recorder=None,
    speakers: str = "",
    resolutions: str = "",
) -> Meeting:
    """Record a meeting held, with attendance (everyone entitled: present, or absent with a reason).

    A meeting without quorum is recorded but marked so, and does not count as held for compliance.
    """
    require_manager(actor, organization.pk)
    errors = {}
    rule = requirements().get(kind)
    if kind not in MeetingKind.values:
        errors["kind"] = [_("Choose the kind of meeting.")]
    if held_on is None or held_on > timezone.localdate():
        errors["held_on"] = [_("Give the date the meeting was held (not in the future).")]
    if not (topic or "").strip():
        errors["topic"] = [_("Give the topic.")]
    if not (minutes or "").strip():
        errors["minutes"] = [_("Write the minutes.")]
    entitled = entitled_for(organization, kind) if kind in MeetingKind.values else []
    present_ids = {int(x) for x in present_ids}
    absent_without_reason = [
        m.name for m in entitled if m.pk not in present_ids and not (leave_reasons.get(m.pk) or "").strip()
    ]
    if absent_without_reason:
        errors["attendance"] = [
            _("Give the reason for absence of: %(names)s.") % {"names": "、".join(absent_without_reason)}
        ]
    if errors:
        raise ValidationError(errors)
    present = sum(1 for m in entitled if m.pk in present_ids)
    meeting = Meeting.objects.create(
        organization=organization,
        kind=kind,
        held_on=held_on,
        topic=topic.strip()[:200],
        minutes=minutes.strip(),
        resolutions=(resolutions or "").strip(),
        speakers=(speakers or "").strip()[:300],
        host=host,
        recorder=recorder,
        entitled=len(entitled),
        present=present,
        quorate=quorum_met(rule.quorum if rule else Quorum.NONE, len(entitled), present),
        recorded_by=actor,
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                member=m,
                present=m.pk in present_ids,
                leave_reason=(leave_reasons.get(m.pk) or "").strip()[:100],
            )
            for m in entitled
        ]
    )
    audit_record(
        actor=actor,
        action="party_meeting.record",
        target=meeting,
        after={
            "kind": kind,
            "held_on": held_on.isoformat(),
            "present": present,
            "entitled": len(entitled),
            "quorate": meeting.quorate,
        },
    )
    return meeting


@dataclass
class Compliance:
    kind: str
    label: str
    required: int  # for the whole year
    due: int  # by now (pro rata to the months elapsed)
    held: int  # quorate meetings held

    @property
    def overdue(self) -> bool:
        return self.held < self.due


def compliance_of(organization: PartyOrganization, year: int, *, today: date | None = None) -> list[Compliance]:
    """Required vs held for each meeting type that applies to the organization's kind."""
    rows = compliance_table([organization], year, today=today)
    return rows[0]["cells"] if rows else []


def compliance_table(orgs, year: int, *, today: date | None = None) -> list[dict]:
    """Compliance of many organizations in two queries: ``[{"org", "cells", "overdue"}]``.

    Due = the yearly requirement pro rata to the completed months (in March a monthly meeting is
    due twice, a quarterly one floor(4 × 2 / 12) = 0 times); only quorate meetings count as held.
    """
    today = today or timezone.localdate()
    months = 12 if year < today.year else (0 if year > today.year else today.month - 1)
    order = list(MeetingKind.values)
    rules = requirements()
    held = {
        (org_id, kind): n
        for org_id, kind, n in Meeting.objects.filter(organization__in=list(orgs), held_on__year=year, quorate=True)
        .values_list("organization", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = []
    for org in orgs:
        cells = [
            Compliance(
                kind=kind,
                label=str(MeetingKind(kind).label),
                required=rule.per_year,
                due=rule.per_year * months // 12,
                held=held.get((org.pk, kind), 0),
            )
            for kind, rule in sorted(rules.items(), key=lambda kv: order.index(kv[0]))
            if org.kind in rule.org_kinds
        ]
        if cells:
            rows.append({"org": org, "cells": cells, "overdue": sum(1 for c in cells if c.overdue)})
    return rows


@transaction.atomic
def summary_circulate(*, actor, meeting: Meeting) -> int:
    """Circulate a center-group session's summary (its minutes) to the secretaries of every
    organization below (学习情况通报); once per session. Returns how many were told."""
    from django.urls import reverse

    from notifications.services import notify
    from party.models import PartyPost, Post
    from party.permissions import descendants

    locked = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    require_manager(actor, locked.organization_id)
    if locked.kind != MeetingKind.CENTER_GROUP:
        raise ValidationError(_("Only center-group study sessions are circulated."))
    if locked.circulated_at:
        raise ValidationError(_("This session's summary has already been circulated."))
    below = descendants([locked.organization_id]) - {locked.organization_id}
    users = {
        p.member.user
        for p in PartyPost.objects.filter(
            organization__in=below, post=Post.SECRETARY, member__user__isnull=False
        ).select_related("member__user")
    }
    notify(
        recipients=users,
        title=_("Center-group study %(date)s: %(topic)s") % {"date": locked.held_on.isoformat(), "topic": locked.topic},
        body=locked.minutes[:2000],
        url=reverse("study:session", args=[locked.pk]),
    )
    locked.circulated_at = timezone.now()
    locked.save(update_fields=["circulated_at"])
    audit_record(actor=actor, action="party_meeting.circulate", target=locked, after={"told": len(users)})
    return len(users)
