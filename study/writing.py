"""Study notes and reflections against the yearly targets, their exhibition, and discussion
questions with members' answers.

Characters are counted without whitespace (``study.text.char_count``): a Chinese character is one.
Center-group members (post holders of the organizations that hold center-group study, e.g. the
leading group and the committees) have the center-group target, by default 20,000 characters of
notes and 2 reflections a year (seed 000); other members have the members' target if one is set.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import EditConflict
from party.meetings import requirements
from party.models import MeetingKind, PartyMember, PartyPost
from study.models import (
    Audience,
    DiscussionAnswer,
    DiscussionQuestion,
    NoteKind,
    PointAction,
    StudyNote,
    StudyTarget,
    StudyTopic,
)
from study.permissions import runs_study
from study.points import points_award
from study.text import char_count

DEFAULT_TARGETS = {Audience.CENTER_GROUP: (20000, 2), Audience.MEMBER: (0, 0)}
MAX_NOTE_CHARS = 50000


def center_group_member_ids(members=None) -> set[int]:
    """Members holding a post in an organization that holds center-group study (one query)."""
    kinds = requirements()[MeetingKind.CENTER_GROUP].org_kinds
    posts = PartyPost.objects.filter(organization__kind__in=kinds, member__is_active=True)
    if members is not None:
        posts = posts.filter(member__in=members)
    return set(posts.values_list("member_id", flat=True))


def target_for(year: int, audience: str) -> StudyTarget:
    found = StudyTarget.objects.filter(year=year, audience=audience).first()
    if found is None:
        chars, reflections = DEFAULT_TARGETS[audience]
        found, _created = StudyTarget.objects.get_or_create(
            year=year, audience=audience, defaults={"note_chars": chars, "reflections": reflections}
        )
    return found


@dataclass
class Progress:
    note_chars: int
    reflections: int
    target: StudyTarget

    @property
    def chars_percent(self) -> int:
        return min(100, self.note_chars * 100 // self.target.note_chars) if self.target.note_chars else 100

    @property
    def met(self) -> bool:
        return self.note_chars >= self.target.note_chars and self.reflections >= self.target.reflections


def progress_many(members: list[PartyMember], year: int) -> dict[int, Progress]:
    """Progress of many members at once (four queries whatever their number)."""
    center = center_group_member_ids(members)
    targets = {audience: target_for(year, audience) for audience in (Audience.CENTER_GROUP, Audience.MEMBER)}
    totals = {
        row["member"]: row
        for row in StudyNote.objects.filter(member__in=members, year=year)
        .values("member")
        .annotate(
            chars=Sum("chars", filter=Q(kind=NoteKind.NOTE)),
            reflections=Count("pk", filter=Q(kind=NoteKind.REFLECTION)),
        )
    }
    return {
        m.pk: Progress(
            (totals.get(m.pk) or {}).get("chars") or 0,
            (totals.get(m.pk) or {}).get("reflections") or 0,
            targets[Audience.CENTER_GROUP if m.pk in center else Audience.MEMBER],
        )
        for m in members
    }


def progress_of(member: PartyMember, year: int) -> Progress:
    return progress_many([member], year)[member.pk]


def _check_note(kind: str, title: str, body: str) -> dict:
    errors: dict[str, list] = {}
    if kind not in NoteKind.values:
        errors["kind"] = [_("Choose a note or a reflection.")]
    if not title.strip():
        errors["title"] = [_("Give a title.")]
    chars = char_count(body)
    if chars == 0:
        errors["body"] = [_("Write the text.")]
    elif chars > MAX_NOTE_CHARS:
        errors["body"] = [_("At most %(n)d characters in one note; split it.") % {"n": MAX_NOTE_CHARS}]
    if errors:
        raise ValidationError(errors)
    return {"title": title.strip()[:120], "body": body, "chars": chars}


@transaction.atomic
def note_submit(
    *, member: PartyMember, kind: str, title: str, body: str, topic: StudyTopic | None = None, now=None
) -> StudyNote:
    now = now or timezone.now()
    values = _check_note(kind, title, body)
    note = StudyNote.objects.create(
        member=member, year=timezone.localdate(now).year, kind=kind, topic=topic, submitted_at=now, **values
    )
    audit_record(actor=member.user, action="study_note.submit", target=note, after={"kind": kind, "chars": note.chars})
    points_award(
        member=member, action=PointAction.NOTE_SUBMITTED, source=f"note:{note.pk}", day=timezone.localdate(now)
    )
    return note


@transaction.atomic
def note_update(*, member: PartyMember, note: StudyNote, title: str, body: str, version: int) -> StudyNote:
    """Edit one's own note in the year it belongs to; refused if it changed meanwhile."""
    locked = StudyNote.objects.select_for_update().get(pk=note.pk)
    if locked.member_id != member.pk:
        raise PermissionDenied
    if locked.year != timezone.localdate().year:
        raise ValidationError(_("Notes of a past year can no longer be changed."))
    if locked.version != version:
        raise EditConflict(_("This note was changed in another window; reload it to see the changes."))
    values = _check_note(locked.kind, title, body)
    for key, value in values.items():
        setattr(locked, key, value)
    locked.version += 1
    locked.save()
    audit_record(actor=member.user, action="study_note.update", target=locked, after={"chars": locked.chars})
    return locked


@transaction.atomic
def note_exhibit(*, actor, note: StudyNote, exhibit: bool) -> StudyNote:
    """Select a reflection for the exhibition (心得展示), or take it back out."""
    if not runs_study.test(actor):
        raise PermissionDenied
    if note.kind != NoteKind.REFLECTION:
        raise ValidationError(_("Only reflections are exhibited."))
    note.exhibited_at = timezone.now() if exhibit else None
    note.exhibited_by = actor if exhibit else None
    note.save(update_fields=["exhibited_at", "exhibited_by"])
    audit_record(actor=actor, action="study_note.exhibit" if exhibit else "study_note.unexhibit", target=note)
    return note


@transaction.atomic
def discussion_create(
    *, actor, title: str, prompt: str, opens_on: date, closes_on: date, topic=None, min_chars: int = 100
) -> DiscussionQuestion:
    if not runs_study.test(actor):
        raise PermissionDenied
    errors: dict[str, list] = {}
    if not title.strip():
        errors["title"] = [_("Write the question.")]
    if closes_on < opens_on:
        errors["closes_on"] = [_("It cannot close before it opens.")]
    if errors:
        raise ValidationError(errors)
    question = DiscussionQuestion.objects.create(
        title=title.strip()[:200],
        prompt=prompt.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        topic=topic,
        min_chars=min_chars,
        created_by=actor,
    )
    audit_record(actor=actor, action="study_discussion.create", target=question)
    return question


@transaction.atomic
def discussion_answer(*, member: PartyMember, question: DiscussionQuestion, body: str, now=None) -> DiscussionAnswer:
    """Answer (or re-answer) an open discussion question."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not question.opens_on <= today <= question.closes_on:
        raise ValidationError(_("The discussion is closed."))
    chars = char_count(body)
    if chars < question.min_chars:
        raise ValidationError(
            {"body": [_("Write at least %(n)d characters (now %(have)d).") % {"n": question.min_chars, "have": chars}]}
        )
    answer, created = DiscussionAnswer.objects.update_or_create(
        question=question, member=member, defaults={"body": body, "chars": chars, "submitted_at": now}
    )
    audit_record(
        actor=member.user,
        action="study_discussion.answer",
        target=question,
        after={"chars": chars, "first": created},
    )
    return answer
