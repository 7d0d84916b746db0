"""Writes to the expert pool: profile saves by the expert, approval by officers, Excel import."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_grant, user_create
from audit.services import audit_record
from core.errors import EditConflict
from core.workflow import Workflow, transition_apply
from experts.models import DisciplineCode, ExpertProfile, ProfileStatus
from experts.permissions import manages_pool
from notifications.services import notify

MAX_CODES = 5
PROFILE_FIELDS = ("title", "unit", "unit_name", "region", "discipline_codes", "keywords", "research_fields")
PROFILE_FIELDS += ("available", "unavailable_until")


def discipline_codes_parse(text: str) -> list[str]:
    """Codes from "520.20、520.60" (any separator); each must be a known GB/T 13745 code."""
    codes = list(dict.fromkeys(c for c in re.split(r"[\s,，、;；]+", text or "") if c))
    if not codes:
        raise ValidationError(_("Give at least one discipline code."))
    if len(codes) > MAX_CODES:
        raise ValidationError(_("Give at most %(n)d discipline codes.") % {"n": MAX_CODES})
    known = set(DisciplineCode.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError(_("Unknown GB/T 13745 codes: %(codes)s.") % {"codes": "、".join(unknown)})
    return codes


def _clean(data: dict) -> dict:
    values = {name: data.get(name) for name in PROFILE_FIELDS if name in data}
    if not (values.get("unit") or (values.get("unit_name") or "").strip()):
        raise ValidationError({"unit_name": [_("Choose your unit or write its name.")]})
    if not values.get("available") and not values.get("unavailable_until"):
        raise ValidationError({"unavailable_until": [_("Say until when you are unavailable.")]})
    return values


@transaction.atomic
def expert_profile_save(
    *, actor: User, data: dict, version: int | None, avoid_units=(), avoid_people: list[dict] = ()
) -> ExpertProfile:
    """The expert saves their own profile; it goes to an officer for approval.

    ``version`` is the one the form was loaded with (None for a new profile): a profile saved in
    another tab meanwhile raises ``EditConflict`` and nothing is written.
    """
    values = _clean(data)
    values["avoid_people"] = [
        {"name": p["name"].strip()[:50], "unit": (p.get("unit") or "").strip()[:100]}
        for p in avoid_people
        if (p.get("name") or "").strip()
    ]
    profile = ExpertProfile.objects.filter(user=actor).first()
    status = {"status": ProfileStatus.PENDING, "return_reason": ""}
    if profile is None:
        profile = ExpertProfile.objects.create(user=actor, **values, **status)
        before = None
    else:
        before = {"status": profile.status, "version": profile.version}
        updated = ExpertProfile.objects.filter(pk=profile.pk, version=version).update(
            **values, **status, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise EditConflict
        profile.refresh_from_db()
    profile.avoid_units.set(avoid_units)
    audit_record(
        actor=actor,
        action="expert_profile.save",
        target=profile,
        before=before,
        after={
            "status": profile.status,
            "discipline_codes": profile.discipline_codes,
            "avoid_people": len(values["avoid_people"]),
        },
    )
    return profile


def _notify_expert(profile: ExpertProfile, approved: bool) -> None:
    title = _("Your expert profile was approved.") if approved else _("Your expert profile was returned for revision.")
    notify(recipients=[profile.user], title=title, body=profile.return_reason, url=reverse("experts:me"))


PROFILE_WORKFLOW = (
    Workflow(state_field="status", audit_prefix="expert_profile")
    .add("approve", [ProfileStatus.PENDING], ProfileStatus.APPROVED, rule=lambda u, p: manages_pool.test(u))
    .add(
        "return",
        [ProfileStatus.PENDING, ProfileStatus.APPROVED],
        ProfileStatus.RETURNED,
        rule=lambda u, p: manages_pool.test(u),
        needs_reason=True,
    )
)


@transaction.atomic
def expert_profile_decide(*, actor: User, profile: ExpertProfile, approve: bool, reason: str = "") -> ExpertProfile:
    """An officer approves a pending profile, or returns it with a reason; the expert is told."""
    if approve:
        changes = {"approved_by": actor, "approved_at": timezone.now(), "return_reason": ""}
        profile = transition_apply(actor=actor, obj=profile, workflow=PROFILE_WORKFLOW, name="approve", changes=changes)
    else:
        changes = {"return_reason": reason.strip()[:300]}
        profile = transition_apply(
            actor=actor, obj=profile, workflow=PROFILE_WORKFLOW, name="return", reason=reason, changes=changes
        )
    _notify_expert(profile, approve)
    return profile


@transaction.atomic
def expert_import_row(*, actor: User, row: dict) -> ExpertProfile:
    """One row of the expert import: an account (issued password, sent by e-mail) and an approved profile."""
    user, issued = user_create(
        actor=actor,
        username=row["username"],
        full_name=row["full_name"],
        email=row["email"],
        phone=row.get("phone") or "",
        title=row["title"],
    )
    role_grant(actor=actor, user=user, role=Role.EXPERT)
    profile = ExpertProfile.objects.create(
        user=user,
        title=row["title"],
        unit=row.get("unit"),
        unit_name="" if row.get("unit") else row["unit_name"],
        region=row["region"],
        discipline_codes=row["discipline_codes"],
        keywords=row["keywords"],
        research_fields=row.get("research_fields") or row["keywords"],
        status=ProfileStatus.APPROVED,
        approved_by=actor,
        approved_at=timezone.now(),
    )
    audit_record(actor=actor, action="expert_profile.import", target=profile, after={"username": user.username})
    notify(
        recipients=[user],
        title=_("You have been added to the expert pool"),
        body=_("Account: %(user)s. Initial password: %(password)s (change it at first sign-in).")
        % {"user": user.username, "password": issued},
        url=reverse("experts:me"),
    )
    return profile
