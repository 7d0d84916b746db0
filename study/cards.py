"""Learning cards (学习卡): writing them, reading them, and the daily push (每日一学)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import broadcast, notify
from party.models import PartyMember
from study.models import CardRead, LearningCard, PointAction, StudyTopic
from study.permissions import runs_study
from study.points import points_award
from study.text import render

MAX_COUNTED_SECONDS = 3600  # a card left open all day counts as an hour


def _check(title: str, body: str, publish_on: date | None, min_seconds) -> dict:
    errors: dict[str, list] = {}
    if not title.strip():
        errors["title"] = [_("Give the card a title.")]
    if not body.strip():
        errors["body"] = [_("Write the card's text.")]
    if publish_on is None:
        errors["publish_on"] = [_("Choose the day the card is pushed.")]
    if min_seconds is None or not 0 <= int(min_seconds) <= 1800:
        errors["min_seconds"] = [_("From 0 to 1800 seconds.")]
    if errors:
        raise ValidationError(errors)
    return {"title": title.strip()[:120], "body": body, "body_html": render(body), "publish_on": publish_on}


@transaction.atomic
def card_create(
    *, actor, topic: StudyTopic, title: str, body: str, publish_on: date | None, min_seconds=30
) -> LearningCard:
    if not runs_study.test(actor):
        raise ValidationError(_("Only the study administrators write cards."))
    values = _check(title, body, publish_on, min_seconds)
    card = LearningCard.objects.create(topic=topic, min_seconds=int(min_seconds), created_by=actor, **values)
    audit_record(actor=actor, action="study_card.create", target=card, after={"day": publish_on.isoformat()})
    return card


@transaction.atomic
def card_update(
    *, actor, card: LearningCard, topic: StudyTopic, title: str, body: str, publish_on: date | None, min_seconds=30
) -> LearningCard:
    if not runs_study.test(actor):
        raise ValidationError(_("Only the study administrators write cards."))
    values = _check(title, body, publish_on, min_seconds)
    for key, value in values.items():
        setattr(card, key, value)
    card.topic, card.min_seconds = topic, int(min_seconds)
    card.save()
    audit_record(actor=actor, action="study_card.update", target=card, after={"day": publish_on.isoformat()})
    return card


def card_open(*, member: PartyMember, card: LearningCard, now=None) -> CardRead:
    """The member opened the card: the first opening starts the clock."""
    now = now or timezone.now()
    read, _created = CardRead.objects.get_or_create(card=card, member=member, defaults={"opened_at": now})
    return read


@transaction.atomic
def card_complete(*, member: PartyMember, card: LearningCard, now=None) -> CardRead:
    """Mark the card read, once the minimum reading time has passed since it was opened."""
    now = now or timezone.now()
    read = CardRead.objects.select_for_update().filter(card=card, member=member).first()
    if read is None:
        raise ValidationError(_("Open the card first."))
    if read.completed_at:
        return read
    elapsed = int((now - read.opened_at).total_seconds())
    if elapsed < card.min_seconds:
        raise ValidationError(
            _("Read the card for at least %(n)d seconds (%(left)d to go).")
            % {"n": card.min_seconds, "left": card.min_seconds - elapsed}
        )
    read.completed_at = now
    read.seconds = min(elapsed, MAX_COUNTED_SECONDS)
    read.save(update_fields=["completed_at", "seconds"])
    points_award(
        member=member, action=PointAction.CARD_COMPLETED, source=f"card:{card.pk}", day=timezone.localdate(now)
    )
    return read


def cards_push(*, today: date | None = None) -> int:
    """Push today's cards to every member with an account (inbox and e-mail) and to the
    group-chat robots. A card is pushed once: the conditional update decides who pushes it."""
    today = today or timezone.localdate()
    pushed, users = 0, None
    for card in LearningCard.objects.filter(publish_on=today, pushed_at__isnull=True):
        with transaction.atomic():
            if not LearningCard.objects.filter(pk=card.pk, pushed_at__isnull=True).update(pushed_at=timezone.now()):
                continue
            if users is None:  # read once however many cards the day has
                members = PartyMember.objects.filter(is_active=True, user__isnull=False).select_related("user")
                users = [m.user for m in members]
            url = reverse("study:card", args=[card.pk])
            title = _("Today's learning card: %(title)s") % {"title": card.title}
            notify(recipients=users, title=title, url=url)  # inbox and e-mail (sent by the task worker)
            broadcast(title=title, body=card.topic.name, url=url)
            pushed += 1
    return pushed
