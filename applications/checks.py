"""Machine checks shown to the officer before the formal check decision (形式审查), each with its reason."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from attachments.selectors import attachments_of

DUPLICATE_FAIL = 0.6  # similarity from which the officer must look at the overlap
COUNTED = [s for s in ApplicationStatus.values if s not in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)]


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    reason: str


def birth_date(id_number: str) -> date | None:
    """The birth date in an 18-digit resident ID number (positions 7–14)."""
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except (ValueError, IndexError):
        return None


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_unit_type(application: Application) -> CheckResult:
    call, unit = application.call, application.unit
    ok = unit.unit_type in call.eligible_unit_types
    reason = _("%(unit)s is a %(type)s; the call accepts: %(allowed)s.") % {
        "unit": unit.name,
        "type": unit.get_unit_type_display(),
        "allowed": "、".join(call.eligible_unit_type_labels),
    }
    return CheckResult(_("Eligible unit type"), ok, reason)


def check_pi_age(application: Application) -> CheckResult | None:
    limit = application.call.pi_max_age
    if not limit:
        return None
    born = birth_date(application.pi.id_number or "")
    if born is None:
        return CheckResult(_("PI age"), False, _("The PI has no valid resident ID number on file."))
    age = _age_on(born, timezone.localtime(application.call.closes_at).date())
    return CheckResult(
        _("PI age"),
        age <= limit,
        _("The PI is %(age)d at the deadline; the limit is %(limit)d.") % {"age": age, "limit": limit},
    )


def check_pi_title(application: Application) -> CheckResult | None:
    titles = application.call.pi_titles
    if not titles:
        return None
    title = application.pi.title or _("(none)")
    return CheckResult(
        _("PI professional title"),
        application.pi.title in titles,
        _("The PI's title is %(title)s; accepted: %(accepted)s.") % {"title": title, "accepted": "、".join(titles)},
    )


def check_limits(application: Application) -> list[CheckResult]:
    call = application.call
    in_call = Application.objects.filter(call=call, status__in=COUNTED)
    per_pi = in_call.filter(pi=application.pi).count()
    results = [
        CheckResult(
            _("Applications per PI"),
            per_pi <= call.limit_per_pi,
            _("The PI has %(n)d application(s) in this call; the limit is %(limit)d.")
            % {"n": per_pi, "limit": call.limit_per_pi},
        )
    ]
    if call.limit_active_projects_per_pi:
        from projects.selectors import active_projects_of

        active = active_projects_of(application.pi)
        results.append(
            CheckResult(
                _("Active projects per PI"),
                active < call.limit_active_projects_per_pi,
                _("The PI leads %(n)d project(s) in progress; the limit is %(limit)d.")
                % {"n": active, "limit": call.limit_active_projects_per_pi},
            )
        )
    if call.limit_per_unit:
        per_unit = in_call.filter(unit=application.unit).count()
        results.append(
            CheckResult(
                _("Applications per unit"),
                per_unit <= call.limit_per_unit,
                _("The unit has %(n)d application(s) in this call; the limit is %(limit)d.")
                % {"n": per_unit, "limit": call.limit_per_unit},
            )
        )
    return results


def check_attachments(application: Application) -> CheckResult:
    from plans.services import ATTACHMENT_KINDS

    present = set(attachments_of(application).values_list("kind", flat=True))
    missing = [str(ATTACHMENT_KINDS.get(k, k)) for k in application.call.required_attachments if k not in present]
    reason = (
        _("Missing: %(kinds)s.") % {"kinds": "、".join(missing)}
        if missing
        else _("All required attachments are present.")
    )
    return CheckResult(_("Required attachments"), not missing, reason)


def check_integrity(application: Application) -> CheckResult:
    from integrity.models import Restriction
    from integrity.services import restrictions_in_force

    records = restrictions_in_force(restriction=Restriction.APPLY, person=application.pi, unit=application.unit)
    if not records:
        return CheckResult(_("Integrity list"), True, _("Neither the PI nor the unit is barred from applying."))
    listed = "；".join(f"{r.person or r.unit}（{r.get_list_kind_display()}，{r.reason[:40]}）" for r in records)
    return CheckResult(_("Integrity list"), False, _("Barred from applying: %(listed)s") % {"listed": listed})


def check_duplicates(application: Application) -> CheckResult:
    report = application.duplicate_reports.first()
    if report is None:
        return CheckResult(_("Duplicate check"), False, _("The duplicate check has not run yet."))
    if not report.matches:
        return CheckResult(
            _("Duplicate check"), True, _("No similar item among %(n)d applications.") % {"n": report.corpus_size}
        )
    top = report.matches[0]
    reason = _("Most similar: %(title)s (%(call)s), similarity %(pct)d%%; %(n)d similar item(s) in all.") % {
        "title": top["title"],
        "call": top["call"],
        "pct": round(top["similarity"] * 100),
        "n": len(report.matches),
    }
    return CheckResult(_("Duplicate check"), top["similarity"] < DUPLICATE_FAIL, reason)


def formal_checks(application: Application) -> list[CheckResult]:
    """Every machine check for this application, in the order the officer reads them."""
    results = [check_unit_type(application), check_pi_age(application), check_pi_title(application)]
    results += check_limits(application)
    results += [check_attachments(application), check_integrity(application), check_duplicates(application)]
    return [r for r in results if r is not None]
