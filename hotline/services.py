"""Writes of the service-request module: intake, assignment, reply, rating, reopening.

Every service runs in one transaction with its audit event. The requester's name and contact data
never enter the audit trail (``service_request.file`` records the channel and category only).
Services that edit a request take the ``version`` the page showed and raise ``EditConflict`` when
another tab or person changed it since.
"""

import re
from datetime import date, datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import users_with_role
from audit.services import audit_record
from core.errors import EditConflict
from core.workdays import deadline_after, working_days_between
from core.workflow import transition_apply
from hotline.models import (
    Channel,
    EventKind,
    NumberSequence,
    Rating,
    RatingLink,
    RequestCategory,
    RequestEvent,
    RequestStatus,
    ServiceRequest,
)
from hotline.permissions import GENERAL_OFFICE, handles, is_registrar
from hotline.workflow import REQUEST_WORKFLOW
from notifications.services import notify
from orgs.models import Office

MIN_CONTENT = 10
MIN_REPLY = 15
EARLIEST_YEAR = 2000  # the first year the reports accept
RATING_WINDOW = 10  # working days after a reply during which the requester may rate it
PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _next_number(year: int) -> str:
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(year=year)
    NumberSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db()
    return f"RX{year}{sequence.last:05d}"


def _event(request: ServiceRequest, kind: str, *, at: datetime, actor=None, text: str = "") -> None:
    RequestEvent.objects.create(
        request=request,
        kind=kind,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        round=request.round,
        text=text,
    )


def _check_version(locked: ServiceRequest, version: int | None) -> None:
    if version is not None and version != locked.version:
        raise EditConflict(locked.pk)


def _lock(request: ServiceRequest, version: int | None) -> ServiceRequest:
    locked = (
        ServiceRequest.objects.select_for_update(of=("self",)).select_related("category", "office").get(pk=request.pk)
    )
    _check_version(locked, version)
    return locked


def _registrars():
    return users_with_role(Role.OFFICER, office__code=GENERAL_OFFICE)


def _office_officers(office: Office):
    return users_with_role(Role.OFFICER, office=office)


def _staff_url(request: ServiceRequest) -> str:
    return reverse("hotline:request", args=[request.pk])


def _clean_intake(*, name: str, phone: str, email: str, category, title: str, content: str, need_contact: bool) -> dict:
    errors: dict[str, list[str]] = {}
    name, phone, email = name.strip(), phone.strip(), email.strip().lower()
    title, content = title.strip(), content.strip()
    if not name:
        errors["name"] = [_("Give the requester's name.")]
    if phone and not PHONE.match(phone):
        errors["phone"] = [_("Enter a valid phone number (digits, 7 to 20 characters).")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
    if need_contact and not phone and not email:
        errors["phone"] = [_("Give a phone number or an e-mail address so that we can reply.")]
    if category is None or not category.is_active:
        errors["category"] = [_("Choose the kind of request.")]
    if not title:
        errors["title"] = [_("Give the subject of the request.")]
    if len(content) < MIN_CONTENT:
        errors["content"] = [_("Describe the request (at least %(n)d characters).") % {"n": MIN_CONTENT}]
    if errors:
        raise ValidationError(errors)
    return {
        "requester_name": name,
        "requester_phone": phone,
        "requester_email": email,
        "title": title[:120],
        "content": content,
    }


def _create(*, actor, channel: str, category, is_urgent: bool, received_at: datetime, cleaned: dict) -> ServiceRequest:
    accepted_on = timezone.localtime(received_at).date()
    request = ServiceRequest.objects.create(
        number=_next_number(accepted_on.year),
        channel=channel,
        category=category,
        is_urgent=is_urgent,
        received_at=received_at,
        accepted_on=accepted_on,
        deadline=deadline_after(accepted_on, category.limit_for(is_urgent)),
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        **cleaned,
    )
    _event(request, EventKind.RECEIVED, at=received_at, actor=actor, text=request.get_channel_display())
    return request


def service_request_file(
    *, name: str, phone: str, email: str, category, title: str, content: str, now: datetime | None = None
) -> ServiceRequest:
    """A member of the public files a request on the portal (channel 网上). The requester's identity
    stays out of the audit event; the general office is told."""
    cleaned = _clean_intake(
        name=name, phone=phone, email=email, category=category, title=title, content=content, need_contact=True
    )
    with transaction.atomic():
        request = _create(
            actor=None, channel=Channel.WEB, category=category, is_urgent=False, received_at=_now(now), cleaned=cleaned
        )
        audit_record(
            actor=None,
            actor_name=_("Public (service request)"),
            action="service_request.file",
            target=request,
            after={"channel": request.channel, "category": category.code},
        )
        notify(
            recipients=_registrars(),
            title=_("New service request %(number)s to assign") % {"number": request.number},
            body=request.title,
            url=_staff_url(request),
            email=False,
        )
    return request


def service_request_enter(
    *,
    actor,
    channel: str,
    category,
    title: str,
    content: str,
    name: str,
    phone: str = "",
    email: str = "",
    is_urgent: bool = False,
    received_at: datetime | None = None,
    now: datetime | None = None,
    submit_key: str | None = None,
) -> ServiceRequest:
    """The general office records a request that came by phone, letter, visit, e-mail or a 12345
    transfer; ``received_at`` is when it came in (not in the future; the time limit counts from it).
    A form's ``submit_key`` seen before returns the request it recorded (double clicks, retries)."""
    if not is_registrar(actor):
        raise PermissionDenied
    if submit_key and (seen := ServiceRequest.objects.filter(submit_key=submit_key, entered_by=actor).first()):
        return seen
    errors = {}
    if channel not in Channel.values or channel == Channel.WEB:
        errors["channel"] = [_("Choose how the request came in.")]
    moment = received_at or _now(now)
    if moment > _now(now):
        errors["received_at"] = [_("The time received cannot be in the future.")]
    elif moment.year < EARLIEST_YEAR:  # a mistyped year (0001) would overflow the deadline arithmetic
        errors["received_at"] = [_("The time received is too far in the past.")]
    try:
        cleaned = _clean_intake(
            name=name, phone=phone, email=email, category=category, title=title, content=content, need_contact=False
        )
    except ValidationError as exc:
        errors |= exc.message_dict
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()  # orders two sends of one form
        if submit_key and (seen := ServiceRequest.objects.filter(submit_key=submit_key).first()):
            return seen
        request = _create(
            actor=actor, channel=channel, category=category, is_urgent=is_urgent, received_at=moment, cleaned=cleaned
        )
        if submit_key:
            request.submit_key = submit_key
            request.save(update_fields=["submit_key"])
        audit_record(
            actor=actor,
            action="service_request.enter",
            target=request,
            after={"channel": channel, "category": category.code, "urgent": is_urgent},
        )
    return request


def service_request_assign(
    *,
    actor,
    request: ServiceRequest,
    office: Office | None,
    version: int | None,
    category: RequestCategory | None = None,
    is_urgent: bool | None = None,
    note: str = "",
    now: datetime | None = None,
) -> ServiceRequest:
    """The general office sends the request to an office (or to another one). A change of category
    or urgency recomputes the deadline from the day it was accepted (in working days)."""
    if office is None or not office.is_active:
        raise ValidationError({"office": [_("Choose the office that will handle the request.")]})
    category = category or request.category
    if not category.is_active:
        raise ValidationError({"category": [_("Choose the kind of request.")]})
    moment = _now(now)
    with transaction.atomic():
        locked = _lock(request, version)
        urgent = locked.is_urgent if is_urgent is None else is_urgent
        changes = {
            "office": office,
            "handler": None,
            "assigned_at": moment,
            "category": category,
            "is_urgent": urgent,
            "version": locked.version + 1,
        }
        if (category.pk, urgent) != (locked.category_id, locked.is_urgent):
            changes["deadline"] = deadline_after(locked.accepted_on, category.limit_for(urgent))
        name = "assign" if locked.status == RequestStatus.RECEIVED else "reassign"
        unchanged = (category.pk, urgent) == (locked.category_id, locked.is_urgent)
        if name == "reassign" and locked.office_id == office.pk and unchanged:
            raise ValidationError({"office": [_("The request is already with this office.")]})
        _event(locked, EventKind.ASSIGNED, at=moment, actor=actor, text=f"{office.name} {note.strip()}".strip())
        saved = transition_apply(
            actor=actor,
            obj=locked,
            workflow=REQUEST_WORKFLOW,
            name=name,
            changes=changes,
            audit_after={"office": office.pk, "category": category.code, "urgent": urgent},
        )
        notify(
            recipients=_office_officers(office),
            title=_("Service request %(number)s assigned to your office, reply by %(date)s")
            % {"number": saved.number, "date": saved.deadline.isoformat()},
            body=saved.title,
            url=_staff_url(saved),
        )
    return saved


def service_request_return(
    *, actor, request: ServiceRequest, reason: str, version: int | None, now: datetime | None = None
) -> ServiceRequest:
    """The handling office sends a request outside its remit back to the general office, with the reason."""
    moment = _now(now)
    with transaction.atomic():
        locked = _lock(request, version)
        office_name = locked.office.name if locked.office else ""
        if reason.strip():
            _event(locked, EventKind.RETURNED, at=moment, actor=actor, text=reason.strip())
        saved = transition_apply(
            actor=actor,
            obj=locked,
            workflow=REQUEST_WORKFLOW,
            name="return",
            reason=reason,
            changes={"office": None, "handler": None, "version": locked.version + 1},
        )
        notify(
            recipients=_registrars(),
            title=_("Service request %(number)s returned by %(office)s")
            % {"number": saved.number, "office": office_name},
            body=reason.strip(),
            url=_staff_url(saved),
            email=False,
        )
    return saved


def service_request_invalidate(
    *, actor, request: ServiceRequest, reason: str, version: int | None, now: datetime | None = None
) -> ServiceRequest:
    """The general office refuses a request that is not one (advertising, abuse, a duplicate), with the reason."""
    moment = _now(now)
    with transaction.atomic():
        locked = _lock(request, version)
        if reason.strip():
            _event(locked, EventKind.INVALID, at=moment, actor=actor, text=reason.strip())
        return transition_apply(
            actor=actor,
            obj=locked,
            workflow=REQUEST_WORKFLOW,
            name="invalidate",
            reason=reason,
            changes={"closed_at": moment, "version": locked.version + 1},
        )


def service_request_reply(
    *,
    actor,
    request: ServiceRequest,
    reply: str,
    version: int | None,
    link_base: str = "",
    now: datetime | None = None,
) -> ServiceRequest:
    """The handling office replies. The reply is on time when given on or before the deadline of the
    round; the requester gets it by e-mail (if given) with a one-time satisfaction link."""
    from hotline import tasks

    text = reply.strip()
    if len(text) < MIN_REPLY:
        raise ValidationError({"reply": [_("Write the reply (at least %(n)d characters).") % {"n": MIN_REPLY}]})
    moment = _now(now)
    with transaction.atomic():
        locked = _lock(request, version)
        if not handles(actor, locked):
            raise PermissionDenied
        on_time = timezone.localtime(moment).date() <= locked.deadline
        link = RatingLink.objects.create(request=locked, round=locked.round, created_at=moment)
        _event(locked, EventKind.REPLIED, at=moment, actor=actor, text=text)
        saved = transition_apply(
            actor=actor,
            obj=locked,
            workflow=REQUEST_WORKFLOW,
            name="reply",
            changes={
                "reply": text,
                "replied_at": moment,
                "replied_by": actor,
                "handler": actor,
                "on_time": on_time,
                "version": locked.version + 1,
            },
            audit_after={"round": locked.round, "on_time": on_time},
        )
        if saved.requester_email:
            transaction.on_commit(partial(tasks.email_reply.enqueue, saved.pk, str(link.token), link_base))
    return saved


def rating_link_state(link: RatingLink | None) -> str:
    """ "open", "used", "expired" (a later round, or the request closed without a rating) or "missing"."""
    if link is None:
        return "missing"
    if link.used_at is not None:
        return "used"
    request = link.request
    if request.status != RequestStatus.REPLIED or request.round != link.round:
        return "expired"
    return "open"


def service_request_rate(
    *, token, rating: str, comment: str = "", actor=None, now: datetime | None = None
) -> ServiceRequest:
    """The requester rates the reply through the one-time link (or a registrar records the rating
    given on a callback, ``actor``). 满意 and 基本满意 close the request; 不满意 (with a comment)
    reopens it for the same office with a new time limit counted from today."""
    if rating not in Rating.values:
        raise ValidationError({"rating": [_("Choose one of the ratings.")]})
    comment = comment.strip()
    if rating == Rating.UNSATISFIED and len(comment) < 5:
        raise ValidationError({"comment": [_("Tell us what is still unresolved (at least 5 characters).")]})
    moment = _now(now)
    with transaction.atomic():
        link = RatingLink.objects.select_for_update().filter(token=token).first()
        if link is None:
            raise ValidationError(_("This rating link is not valid."), code="missing")
        locked = (
            ServiceRequest.objects.select_for_update(of=("self",))
            .select_related("category", "office")
            .get(pk=link.request_id)
        )
        link.request = locked
        state = rating_link_state(link)
        if state == "used":
            raise ValidationError(_("This rating link has already been used; thank you for your rating."), code="used")
        if state != "open":
            raise ValidationError(_("This rating link is no longer valid."), code="expired")
        RatingLink.objects.filter(pk=link.pk).update(
            used_at=moment,
            rating=rating,
            comment=comment,
            by_staff=actor if getattr(actor, "is_authenticated", False) else None,
        )
        label = Rating(rating).label
        _event(locked, EventKind.RATED, at=moment, actor=actor, text=f"{label} {comment}".strip())
        changes = {"rating": rating, "rated_at": moment, "version": locked.version + 1}
        if rating == Rating.UNSATISFIED:
            today = timezone.localtime(moment).date()
            changes |= {
                "round": locked.round + 1,
                "accepted_on": today,
                "deadline": deadline_after(today, locked.category.limit_for(locked.is_urgent)),
                "on_time": None,
            }
            name = "reopen"
        else:
            changes["closed_at"] = moment
            name = "rate"
        saved = transition_apply(
            actor=actor,
            obj=locked,
            workflow=REQUEST_WORKFLOW,
            name=name,
            changes=changes,
            audit_after={"rating": rating, "round": link.round, "callback": actor is not None},
        )
        if name == "reopen":
            _event(saved, EventKind.REOPENED, at=moment, actor=actor, text=comment)
            if saved.office is not None:
                notify(
                    recipients=_office_officers(saved.office),
                    title=_("Service request %(number)s reopened: the requester is not satisfied, reply by %(date)s")
                    % {"number": saved.number, "date": saved.deadline.isoformat()},
                    body=comment,
                    url=_staff_url(saved),
                )
    return saved


def service_request_rate_callback(*, actor, request: ServiceRequest, rating: str, comment: str = "") -> ServiceRequest:
    """A registrar records the rating a requester without e-mail gave on the phone (回访)."""
    if not is_registrar(actor):
        raise PermissionDenied
    link = RatingLink.objects.filter(request=request, round=request.round).first()
    if link is None:
        raise ValidationError(_("This request has no reply to rate yet."), code="state")
    return service_request_rate(token=link.token, rating=rating, comment=comment, actor=actor)


def service_request_close_unrated(*, request: ServiceRequest, today: date) -> bool:
    """Close a reply nobody rated within ``RATING_WINDOW`` working days (the sweep); False if not due
    or already moved on (safe to run twice at once)."""
    if request.replied_at is None:
        return False
    replied_on = timezone.localtime(request.replied_at).date()
    if working_days_between(replied_on + timezone.timedelta(days=1), today) < RATING_WINDOW:
        return False
    moment = timezone.now()
    try:
        with transaction.atomic():
            locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
            if locked.status != RequestStatus.REPLIED:
                return False
            _event(
                locked,
                EventKind.CLOSED,
                at=moment,
                text=_("No rating within %(n)d working days.") % {"n": RATING_WINDOW},
            )
            transition_apply(
                actor=None,
                obj=locked,
                workflow=REQUEST_WORKFLOW,
                name="close",
                changes={"closed_at": moment, "version": locked.version + 1},
            )
    except ValidationError:
        return False
    return True


def service_request_reveal_contact(*, actor, request: ServiceRequest) -> dict[str, str]:
    """The requester's phone and e-mail in full, for the staff who must call back; audited."""
    if not (is_registrar(actor) or handles(actor, request)):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(actor=actor, action="service_request.reveal_contact", target=request)
    return {"phone": request.requester_phone, "email": request.requester_email}


def service_request_to_rectification(*, actor, request: ServiceRequest):
    """Turn the problem a request revealed into a rectification item for the handling office (one
    step, safe to repeat: the source key finds the item made before). Returns (item, created)."""
    from rectification.services import rectification_item_create

    if not (is_registrar(actor) or handles(actor, request)):
        raise PermissionDenied
    if request.status == RequestStatus.INVALID:
        raise ValidationError(_("A request that was not accepted cannot become a rectification item."), code="state")
    with transaction.atomic():
        item, created = rectification_item_create(
            actor=actor,
            source="service_request",
            source_key=rectification_key(request),
            source_ref=f"{request.number} {request.title}",
            problem=f"{request.title}：{request.content}",
            office=request.office,
        )
        if created:
            audit_record(actor=actor, action="service_request.rectify", target=request, after={"item": item.pk})
    return item, created


def rectification_key(request: ServiceRequest) -> str:
    return f"hotline.servicerequest:{request.pk}"


def category_save(
    *,
    actor,
    category: RequestCategory | None = None,
    name: str,
    code: str,
    limit_days: int | None,
    urgent_limit_days: int | None,
    description: str = "",
    sort_order: int = 0,
    is_active: bool = True,
) -> RequestCategory:
    """Create or change a category and its time limits; requests already accepted keep their deadline."""
    if not is_registrar(actor):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    name, code = name.strip(), code.strip().lower()
    if not name:
        errors["name"] = [_("Give the name of the category.")]
    if not re.fullmatch(r"[a-z0-9_-]{1,30}", code):
        errors["code"] = [_("Use lowercase letters, digits, - or _ (at most 30).")]
    if limit_days is None or not 1 <= limit_days <= 60:
        errors["limit_days"] = [_("Give a time limit between 1 and 60 working days.")]
    if urgent_limit_days is None or not 1 <= urgent_limit_days <= 60:
        errors["urgent_limit_days"] = [_("Give a time limit between 1 and 60 working days.")]
    elif limit_days and urgent_limit_days > limit_days:
        errors["urgent_limit_days"] = [_("The urgent time limit cannot be longer than the ordinary one.")]
    others = RequestCategory.objects.exclude(pk=category.pk if category else None)
    if name and others.filter(name=name).exists():
        errors["name"] = [_("Another category has this name.")]
    if code and others.filter(code=code).exists():
        errors["code"] = [_("Another category has this code.")]
    if errors:
        raise ValidationError(errors)
    fields = {
        "name": name,
        "code": code,
        "limit_days": limit_days,
        "urgent_limit_days": urgent_limit_days,
        "description": description.strip()[:200],
        "sort_order": sort_order,
        "is_active": is_active,
    }
    with transaction.atomic():
        before = {k: getattr(category, k) for k in fields} if category else None
        if category is None:
            category = RequestCategory.objects.create(**fields)
        else:
            for key, value in fields.items():
                setattr(category, key, value)
            category.save(update_fields=list(fields))
        audit_record(actor=actor, action="request_category.save", target=category, before=before, after=fields)
    return category
