"""Officers keep red/yellow/black lists; restrictions in force show up in the formal check."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.checks import formal_checks
from applications.tests.test_recommendation import endorsed
from audit.models import AuditEvent
from integrity.models import IntegrityRecord
from integrity.services import integrity_record_create, integrity_record_revoke, restrictions_in_force

pytestmark = pytest.mark.django_db


def test_officer_blacklists_a_unit_through_the_page(officer, unit, login):
    client = login(officer)
    client.post(
        "/integrity/",
        {
            "credit_code": unit.credit_code,
            "list_kind": "black",
            "restrictions": ["apply", "award"],
            "reason": "项目资金违规使用",
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    record = IntegrityRecord.objects.get()
    assert record.unit == unit and record.restrictions == ["apply", "award"]
    assert AuditEvent.objects.filter(action="integrity.create").exists()
    assert "不得申报项目" in client.get("/integrity/").content.decode()


def test_blacklisted_unit_fails_the_formal_check_with_the_reason(open_call, applicant, unit_admin, unit, officer):
    application = endorsed(open_call, applicant, unit_admin, "被限制单位的项目")
    integrity_record_create(
        actor=officer,
        unit=unit,
        list_kind="black",
        restrictions=["apply"],
        reason="项目资金违规使用",
        starts_on=timezone.localdate(),
    )
    check = next(c for c in formal_checks(application) if c.name == "科研诚信")
    assert not check.passed and "项目资金违规使用" in check.reason


def test_records_outside_their_period_or_revoked_impose_nothing(applicant, officer):
    today = timezone.localdate()
    integrity_record_create(
        actor=officer,
        person=applicant,
        list_kind="yellow",
        restrictions=["apply"],
        reason="旧",
        starts_on=today - timezone.timedelta(days=400),
        ends_on=today - timezone.timedelta(days=1),
    )
    current = integrity_record_create(
        actor=officer, person=applicant, list_kind="black", restrictions=["apply"], reason="现", starts_on=today
    )
    assert [r.reason for r in restrictions_in_force(restriction="apply", person=applicant)] == ["现"]
    with pytest.raises(ValidationError):
        integrity_record_revoke(actor=officer, record=current, reason="")
    integrity_record_revoke(actor=officer, record=current, reason="申诉成立")
    assert restrictions_in_force(restriction="apply", person=applicant) == []


def test_a_record_names_exactly_one_subject(officer, applicant, unit):
    with pytest.raises(ValidationError):
        integrity_record_create(
            actor=officer,
            person=applicant,
            unit=unit,
            list_kind="red",
            restrictions=[],
            reason="x",
            starts_on=timezone.localdate(),
        )


def test_applicants_cannot_see_the_lists_and_supervisors_cannot_write(applicant, make_user, login):
    assert login(applicant).get("/integrity/").status_code == 403
    supervisor = make_user("sup1", "supervisor")
    client = login(supervisor)
    assert client.get("/integrity/").status_code == 200
    assert client.post("/integrity/", {"account": "x"}).status_code == 404
