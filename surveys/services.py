"""Writes for surveys: setting up a questionnaire, sending it, answers, reminders, problems found.

Every service runs in one transaction with its audit event. The answer of an anonymous survey is
written so that nothing links it to its recipient: the response row has no recipient, no token and
no time, its key is random, and the audit event names the survey only.
"""

from collections.abc import Iterable
from datetime import date
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import Role
from audit.services import audit_record
from core import context
from core.errors import EditConflict
from core.workflow import Workflow, transition_apply
from notifications.services import notify
from surveys.models import (
    DEFAULT_LEVELS,
    Answer,
    Finding,
    Question,
    QuestionKind,
    Recipient,
    RecipientKind,
    Response,
    Survey,
    SurveyKind,
    SurveyStatus,
)
from surveys.permissions import can_run

MAX_OPTIONS = 12
MAX_TEXT = 2000
EDITABLE = ("title", "kind", "intro", "anonymous", "opens_on", "closes_on")


def _require_runner(actor, survey: Survey) -> None:
    if not can_run(actor, survey):
        raise PermissionDenied


def _check_dates(opens_on: date | None, closes_on: date | None) -> None:
    errors = {}
    if opens_on is None:
        errors["opens_on"] = [_("Give the day the survey opens.")]
    if closes_on is None:
        errors["closes_on"] = [_("Give the day the survey closes.")]
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = [_("The survey cannot close before it opens.")]
    if errors:
        raise ValidationError(errors)


def _check_fields(fields: dict) -> dict:
    fields = dict(fields)
    fields["title"] = (fields.get("title") or "").strip()
    fields["intro"] = (fields.get("intro") or "").strip()
    if not fields["title"]:
        raise ValidationError({"title": [_("Give the survey a title.")]})
    if fields.get("kind") not in SurveyKind.values:
        raise ValidationError({"kind": [_("Choose the kind of survey.")]})
    _check_dates(fields.get("opens_on"), fields.get("closes_on"))
    return fields


def survey_create(
    *,
    actor,
    office,
    title: str,
    kind: str = SurveyKind.SOLICITATION,
    intro: str = "",
    anonymous: bool = False,
    opens_on: date | None = None,
    closes_on: date | None = None,
    submit_key: str | None = None,
) -> Survey:
    """A draft questionnaire of ``office``, which the actor must be an officer of. A form's
    ``submit_key`` seen before returns the survey it made (double clicks, retries)."""
    fields = _check_fields(
        {
            "title": title,
            "kind": kind,
            "intro": intro,
            "anonymous": anonymous,
            "opens_on": opens_on,
            "closes_on": closes_on,
        }
    )
    with transaction.atomic():
        survey = Survey(office=office, created_by=actor, submit_key=submit_key, **fields)
        _require_runner(actor, survey)
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()  # orders two sends of one form
        if submit_key and (seen := Survey.objects.filter(submit_key=submit_key, created_by=actor).first()):
            return seen
        survey.save()
        audit_record(actor=actor, action="survey.create", target=survey, after={"kind": kind, "anonymous": anonymous})
    return survey


def survey_update(*, actor, survey: Survey, version: int, **fields) -> Survey:
    """Edit the survey's own fields while it is a draft; ``version`` is the one the form showed
    (``EditConflict`` when it changed meanwhile). Only the closing day moves once open."""
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        _require_runner(actor, locked)
        if locked.version != version:
            raise EditConflict
        if locked.status == SurveyStatus.CLOSED:
            raise ValidationError(_("A closed survey cannot be changed."))
        if locked.status == SurveyStatus.OPEN:
            changes = {"closes_on": fields.get("closes_on")}
            _check_dates(locked.opens_on, changes["closes_on"])
            if changes["closes_on"] < timezone.localdate():
                raise ValidationError({"closes_on": [_("An open survey can only be extended to today or later.")]})
        else:
            changes = _check_fields({name: fields.get(name, getattr(locked, name)) for name in EDITABLE})
        before = {name: getattr(locked, name) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.version = F("version") + 1
        locked.save(update_fields=[*changes, "version"])
        locked.refresh_from_db()
        audit_record(actor=actor, action="survey.update", target=locked, before=before, after=changes)
    return locked


def _draft_locked(actor, survey: Survey) -> Survey:
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    _require_runner(actor, locked)
    if locked.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Questions can only be changed while the survey is a draft."))
    return locked


def _clean_options(kind: str, options: Iterable[str]) -> list[str]:
    options = [o.strip() for o in options if o and o.strip()]
    if kind == QuestionKind.TEXT:
        return []
    if kind == QuestionKind.RATING and not options:
        return list(DEFAULT_LEVELS)
    if len(options) < 2:
        raise ValidationError({"options": [_("Give at least two options, one a line.")]})
    if len(options) > MAX_OPTIONS:
        raise ValidationError({"options": [_("Give at most %(n)d options.") % {"n": MAX_OPTIONS}]})
    if len(set(options)) != len(options):
        raise ValidationError({"options": [_("Each option may appear only once.")]})
    if any(len(o) > 100 for o in options):
        raise ValidationError({"options": [_("An option may have at most 100 characters.")]})
    return options


def question_add(
    *, actor, survey: Survey, kind: str, text: str, required: bool = True, options: Iterable[str] = ()
) -> Question:
    """Add a question at the end (draft only). A rating question without levels gets 好/较好/一般/差."""
    text = (text or "").strip()
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": [_("Choose the kind of question.")]})
    if not text:
        raise ValidationError({"text": [_("Write the question.")]})
    if len(text) > 300:
        raise ValidationError({"text": [_("A question may have at most 300 characters.")]})
    options = _clean_options(kind, options)
    with transaction.atomic():
        locked = _draft_locked(actor, survey)
        last = locked.questions.order_by("-order").values_list("order", flat=True).first()
        question = Question.objects.create(
            survey=locked, kind=kind, text=text, required=required, options=options, order=(last or 0) + 1
        )
        audit_record(actor=actor, action="survey_question.add", target=locked, after={"question": text, "kind": kind})
    return question


def question_delete(*, actor, question: Question) -> None:
    with transaction.atomic():
        locked = _draft_locked(actor, question.survey)
        text = question.text
        Question.objects.filter(pk=question.pk, survey=locked).delete()
        audit_record(actor=actor, action="survey_question.delete", target=locked, before={"question": text})


def question_move(*, actor, question: Question, up: bool) -> None:
    """Swap the question with its neighbour above (``up``) or below."""
    with transaction.atomic():
        locked = _draft_locked(actor, question.survey)
        questions = list(locked.questions.all())
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(questions):
            return
        questions[index], questions[other] = questions[other], questions[index]
        for order, q in enumerate(questions, start=1):
            q.order = order
        Question.objects.bulk_update(questions, ["order"])
        audit_record(actor=actor, action="survey_question.move", target=locked, after={"question": question.text})


def _contacts(role: str, field: str, ids: Iterable[int]) -> dict[int, list]:
    """Unit (or recommender) id → the active accounts holding ``role`` for it, one query."""
    contacts: dict[int, list] = {}
    ids = [i for i in ids if i]
    if not ids:
        return contacts
    for grant in RoleAssignment.objects.filter(
        role=role, **{f"{field}_id__in": ids}, is_active=True, user__is_active=True
    ).select_related("user"):
        contacts.setdefault(getattr(grant, f"{field}_id"), []).append(grant.user)
    return contacts


def answer_url(recipient: Recipient) -> str:
    return reverse("surveys_public:answer", args=[recipient.token])


def _deliver(survey: Survey, recipients: list[Recipient], *, reminder: bool, link_base: str = "") -> None:
    """Send each recipient its link: unit admins and accounts by notification (with e-mail),
    external people by e-mail after commit (``link_base``, "https://host", makes their link absolute)."""
    from surveys import tasks

    admins = _contacts(Role.UNIT_ADMIN, "unit", (r.unit_id for r in recipients))
    bureaus = _contacts(Role.RECOMMENDER, "recommender", (r.recommender_id for r in recipients))
    title = (_("Reminder: %(title)s") if reminder else _("Please answer: %(title)s")) % {"title": survey.title}
    body = _("Answer by %(date)s.") % {"date": survey.closes_on.isoformat()}
    for recipient in recipients:
        if recipient.kind == RecipientKind.EXTERNAL:
            transaction.on_commit(partial(tasks.email_survey_link.enqueue, recipient.pk, reminder, link_base))
            continue
        users = {
            RecipientKind.UNIT: lambda r: admins.get(r.unit_id, []),
            RecipientKind.RECOMMENDER: lambda r: bureaus.get(r.recommender_id, []),
        }.get(recipient.kind, lambda r: [r.user])(recipient)
        notify(recipients=users, title=title, body=body, url=answer_url(recipient))


def recipients_add(
    *,
    actor,
    survey: Survey,
    units: Iterable = (),
    recommenders: Iterable = (),
    users: Iterable = (),
    externals: Iterable[tuple[str, str]] = (),
    link_base: str = "",
) -> list[Recipient]:
    """Add units (their unit admins get the link), recommenders (their accounts get it), accounts
    and external people (name, e-mail) as recipients; those already on the list are skipped.
    While the survey is open the new ones get their link at once."""
    rows = []
    for name, email in externals:
        name, email = (name or "").strip(), (email or "").strip()
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"externals": [_("%(name)s: the e-mail address is not valid.") % {"name": name or email}]}
            ) from None
        if not name:
            raise ValidationError({"externals": [_("Give a name for %(email)s.") % {"email": email}]})
        rows.append(Recipient(kind=RecipientKind.EXTERNAL, name=name[:100], email=email))
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        _require_runner(actor, locked)
        if locked.status == SurveyStatus.CLOSED:
            raise ValidationError(_("The survey is closed."))
        have_units = set(locked.recipients.exclude(unit=None).values_list("unit_id", flat=True))
        have_bureaus = set(locked.recipients.exclude(recommender=None).values_list("recommender_id", flat=True))
        have_users = set(locked.recipients.exclude(user=None).values_list("user_id", flat=True))
        have_emails = set(locked.recipients.filter(kind=RecipientKind.EXTERNAL).values_list("email", flat=True))
        rows = [r for r in {r.email.lower(): r for r in rows}.values() if r.email.lower() not in have_emails]
        rows += [
            Recipient(kind=RecipientKind.UNIT, unit=u, name=u.name)
            for u in {u.pk: u for u in units}.values()
            if u.pk not in have_units
        ]
        rows += [
            Recipient(kind=RecipientKind.RECOMMENDER, recommender=b, name=b.name)
            for b in {b.pk: b for b in recommenders}.values()
            if b.pk not in have_bureaus
        ]
        rows += [
            Recipient(kind=RecipientKind.USER, user=u, name=u.full_name or u.username, email=u.email)
            for u in {u.pk: u for u in users}.values()
            if u.pk not in have_users
        ]
        for row in rows:
            row.survey = locked
            if locked.status == SurveyStatus.OPEN:
                row.sent_at = timezone.now()
        created = Recipient.objects.bulk_create(rows)
        if locked.status == SurveyStatus.OPEN:
            _deliver(locked, created, reminder=False, link_base=link_base)
        audit_record(actor=actor, action="survey.recipients_add", target=locked, after={"added": len(created)})
    return created


def recipient_remove(*, actor, recipient: Recipient) -> None:
    """Take a recipient off the list while the survey is a draft."""
    with transaction.atomic():
        locked = _draft_locked(actor, recipient.survey)
        Recipient.objects.filter(pk=recipient.pk, survey=locked).delete()
        audit_record(actor=actor, action="survey.recipient_remove", target=locked, before={"name": recipient.name})


def _ready_to_open(survey: Survey, actor, changes: dict) -> None:
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before sending the survey."))
    if not survey.recipients.exists():
        raise ValidationError(_("Add the recipients before sending the survey."))
    if survey.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": [_("The closing day has passed; move it first.")]})


SURVEY_WORKFLOW = (
    Workflow("status", audit_prefix="survey")
    .add("open", [SurveyStatus.DRAFT], SurveyStatus.OPEN, rule=can_run, guards=(_ready_to_open,))
    .add("close", [SurveyStatus.OPEN], SurveyStatus.CLOSED, rule=lambda actor, s: actor is None or can_run(actor, s))
)


def survey_open(*, actor, survey: Survey, link_base: str = "") -> Survey:
    """Send the survey: every recipient gets its answer link; answers are taken until the closing day."""
    with transaction.atomic():
        now = timezone.now()
        opened = transition_apply(
            actor=actor, obj=survey, workflow=SURVEY_WORKFLOW, name="open", changes={"opened_at": now}
        )
        recipients = list(opened.recipients.select_related("user"))
        Recipient.objects.filter(survey=opened).update(sent_at=now)
        _deliver(opened, recipients, reminder=False, link_base=link_base)
    return opened


def survey_close(*, actor, survey: Survey) -> Survey:
    """Stop taking answers (by hand, or by the sweep after the closing day with ``actor=None``)."""
    return transition_apply(
        actor=actor, obj=survey, workflow=SURVEY_WORKFLOW, name="close", changes={"closed_at": timezone.now()}
    )


def _parse_answer(question: Question, values: list[str]) -> tuple[list[int], str] | None:
    """The posted values of one question as (choices, text), None when left empty."""
    if question.kind == QuestionKind.TEXT:
        text = (values[0] if values else "").strip()
        if len(text) > MAX_TEXT:
            raise ValidationError({f"q{question.pk}": [_("At most %(n)d characters.") % {"n": MAX_TEXT}]})
        return ([], text) if text else None
    picked = []
    for value in (v.strip() for v in values):
        if not value:
            continue
        index = int(value) if value.isascii() and value.isdigit() and len(value) < 4 else -1
        if not 0 <= index < len(question.options):
            raise ValidationError({f"q{question.pk}": [_("Choose one of the options given.")]})
        picked.append(index)
    picked = sorted(set(picked))
    if not picked:
        return None
    if question.kind != QuestionKind.MULTIPLE and len(picked) > 1:
        raise ValidationError({f"q{question.pk}": [_("Choose only one option.")]})
    return picked, ""


def response_submit(*, recipient: Recipient, values: dict[int, list[str]], today: date | None = None) -> Response:
    """Take the answers posted through ``recipient``'s link (``values``: question id → posted
    strings, choice indexes or text). One response per link; only while the survey is open and
    not past its closing day. Errors are keyed ``q<question id>``."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Recipient.objects.select_for_update(of=("self",)).select_related("survey").get(pk=recipient.pk)
        survey = locked.survey
        if locked.answered:
            raise ValidationError(_("This questionnaire has already been answered through this link."))
        if survey.status != SurveyStatus.OPEN or today > survey.closes_on:
            raise ValidationError(_("The survey is closed; answers are no longer taken."))
        if today < survey.opens_on:
            raise ValidationError(_("The survey opens on %(date)s.") % {"date": survey.opens_on.isoformat()})
        parsed, errors = {}, {}
        for question in survey.questions.all():
            try:
                answer = _parse_answer(question, values.get(question.pk, []))
            except ValidationError as exc:
                errors |= exc.message_dict
                continue
            if answer is None and question.required:
                errors[f"q{question.pk}"] = [_("This question needs an answer.")]
            elif answer is not None:
                parsed[question] = answer
        if errors:
            raise ValidationError(errors)
        named = not survey.anonymous
        now = timezone.now()
        response = Response.objects.create(
            survey=survey, recipient=locked if named else None, submitted_at=now if named else None
        )
        Answer.objects.bulk_create(
            [Answer(response=response, question=q, choices=c, text=t) for q, (c, t) in parsed.items()]
        )
        locked.answered = True
        locked.answered_at = now if named else None
        locked.save(update_fields=["answered", "answered_at"])
        _audit_answer(survey, locked if named else None)
    return response


def _audit_answer(survey: Survey, recipient: Recipient | None) -> None:
    """The event of an answer. For an anonymous survey (``recipient`` None) it names the survey
    only: no recipient, no response id, and neither the client address nor the request id, which
    the server's own logs could tie to the link."""
    if recipient is not None:
        audit_record(
            actor=None,
            action="survey_response.submit",
            target=survey,
            after={"recipient": recipient.name},
            actor_name=recipient.name[:150],
        )
        return
    with context.anonymous():  # no address, no request id
        audit_record(actor=None, action="survey_response.submit", target=survey, actor_name="anonymous")


def reminders_send(*, actor, survey: Survey, key_prefix: str, today: date | None = None, link_base: str = "") -> int:
    """Remind every recipient who has not answered, once per ``key_prefix`` (``hand:<day>`` for
    the officer's button, ``due3``/``due1`` for the sweep); returns how many were reminded."""
    from surveys.models import SurveyReminder

    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if actor is not None:
            _require_runner(actor, locked)
        if locked.status != SurveyStatus.OPEN or today > locked.closes_on:
            raise ValidationError(_("Reminders go out only while the survey is open."))
        waiting = list(locked.recipients.filter(answered=False).select_related("user"))
        keys = {r.pk: f"{key_prefix}:{r.pk}" for r in waiting}
        done = set(SurveyReminder.objects.filter(key__in=keys.values()).values_list("key", flat=True))
        due = [r for r in waiting if keys[r.pk] not in done]
        SurveyReminder.objects.bulk_create(
            [SurveyReminder(key=keys[r.pk], survey=locked) for r in due], ignore_conflicts=True
        )
        _deliver(locked, due, reminder=True, link_base=link_base)
        audit_record(
            actor=actor, action="survey.remind", target=locked, after={"reminded": len(due), "key": key_prefix}
        )
    return len(due)


def answer_tag(*, actor, survey: Survey, answer_ids: Iterable, theme: str) -> int:
    """Give the free-text answers ``answer_ids`` of ``survey`` a theme (grouping tag; empty clears it)."""
    theme = (theme or "").strip()
    if len(theme) > 40:
        raise ValidationError({"theme": [_("A theme may have at most 40 characters.")]})
    with transaction.atomic():
        _require_runner(actor, survey)
        count = Answer.objects.filter(
            pk__in=list(answer_ids), response__survey=survey, question__kind=QuestionKind.TEXT
        ).update(theme=theme)
        audit_record(actor=actor, action="survey_answer.tag", target=survey, after={"theme": theme, "answers": count})
    return count


def finding_add(*, actor, survey: Survey, problem: str, question: Question | None = None, office=None) -> Finding:
    """Record a problem area found in the answers."""
    problem = (problem or "").strip()
    if not problem:
        raise ValidationError({"problem": [_("Describe the problem found.")]})
    if len(problem) > 1000:
        raise ValidationError({"problem": [_("At most %(n)d characters.") % {"n": 1000}]})
    if question is not None and question.survey_id != survey.pk:
        raise ValidationError({"question": [_("Choose a question of this survey.")]})
    with transaction.atomic():
        _require_runner(actor, survey)
        finding = Finding.objects.create(
            survey=survey, problem=problem, question=question, office=office or survey.office, created_by=actor
        )
        audit_record(actor=actor, action="survey_finding.add", target=finding, after={"problem": problem})
    return finding


def finding_rectify(*, actor, finding: Finding, deadline: date | None = None):
    """Turn the problem into a rectification item in one step (safe to repeat: the ledger keys it
    by ``surveys.finding:<pk>`` and returns the same item)."""
    from rectification.services import rectification_item_create

    with transaction.atomic():
        locked = Finding.objects.select_for_update(of=("self",)).select_related("survey", "office").get(pk=finding.pk)
        _require_runner(actor, locked.survey)
        item, created = rectification_item_create(
            actor=actor,
            source="survey",
            source_key=f"surveys.finding:{locked.pk}",
            source_ref=locked.survey.title,
            problem=locked.problem,
            office=locked.office,
            deadline=deadline,
        )
        if locked.rectification_item_id != item.pk:
            locked.rectification_item = item
            locked.save(update_fields=["rectification_item"])
            audit_record(actor=actor, action="survey_finding.rectify", target=locked, after={"item": item.number})
    return item, created
