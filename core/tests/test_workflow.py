"""The shared workflow mechanism, exercised through the unit-binding state machine."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import MembershipStatus, UnitMembership
from accounts.services import MEMBERSHIP_WORKFLOW
from audit.models import AuditEvent
from core.workflow import transition_apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership(make_user, unit) -> UnitMembership:
    return UnitMembership.objects.create(user=make_user("newcomer"), unit=unit)


def test_transition_moves_the_state_and_audits_before_and_after(membership, unit_admin):
    done = transition_apply(actor=unit_admin, obj=membership, workflow=MEMBERSHIP_WORKFLOW, name="confirm")
    assert done.status == MembershipStatus.CONFIRMED
    event = AuditEvent.objects.get(action="unitmembership.confirm")
    assert event.before == {"status": "pending"} and event.after == {"status": "confirmed"}


def test_a_second_decision_on_the_same_item_is_refused(membership, unit_admin):
    transition_apply(actor=unit_admin, obj=membership, workflow=MEMBERSHIP_WORKFLOW, name="confirm")
    with pytest.raises(ValidationError) as caught:
        transition_apply(actor=unit_admin, obj=membership, workflow=MEMBERSHIP_WORKFLOW, name="reject", reason="x")
    assert caught.value.code == "state"


def test_the_rule_decides_who_may_move_it(membership, make_user, other_unit):
    stranger = make_user("stranger", "unit_admin", unit=other_unit)
    with pytest.raises(PermissionDenied):
        transition_apply(actor=stranger, obj=membership, workflow=MEMBERSHIP_WORKFLOW, name="confirm")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_a_transition_that_needs_a_reason_refuses_without_one(membership, unit_admin):
    with pytest.raises(ValidationError):
        transition_apply(actor=unit_admin, obj=membership, workflow=MEMBERSHIP_WORKFLOW, name="reject", reason=" ")
    assert not AuditEvent.objects.filter(action="unitmembership.reject").exists()


def test_available_lists_the_buttons_to_show(membership, unit_admin, applicant):
    assert [t.name for t in MEMBERSHIP_WORKFLOW.available(membership, unit_admin)] == ["confirm", "reject"]
    assert MEMBERSHIP_WORKFLOW.available(membership, applicant) == []
