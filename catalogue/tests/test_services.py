"""Writing items: the rules between fields, optimistic locking, publication and revisions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from catalogue.models import ItemStatus, ServiceItemRevision, VisitLevel
from catalogue.services import (
    material_add,
    material_delete,
    material_move,
    online_url_check,
    service_item_create,
    service_item_publish,
    service_item_update,
    service_item_withdraw,
)
from catalogue.tests.conftest import item_data
from core.errors import EditConflict

pytestmark = pytest.mark.django_db


def errors_of(exc: pytest.ExceptionInfo) -> dict:
    return exc.value.message_dict


def test_a_new_item_is_a_draft_and_audited(officer, office):
    item = service_item_create(actor=officer, **item_data(office))
    assert item.status == ItemStatus.DRAFT and item.version == 1
    event = AuditEvent.objects.get(action="service_item.create")
    assert event.after["code"] == "330000-KJ-QR-001" and event.after["office"] == "hightech"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("/portal/", True),
        ("https://fuwu.most.gov.cn/", True),
        ("http://zwfw.example.gov.cn/kj?item=1", True),
        ("javascript:alert(1)", False),
        ("//evil.example.com/", False),
        ("ftp://files.example.com/", False),
        ("data:text/html,hi", False),
        ("https:///nohost", False),
        ("/portal/ guide", False),
    ],
)
def test_online_entry_points_are_platform_paths_or_http_addresses(url, ok):
    if ok:
        assert online_url_check(url) == url
    else:
        with pytest.raises(ValidationError):
            online_url_check(url)


def test_the_promised_limit_cannot_exceed_the_legal_limit(officer, office):
    with pytest.raises(ValidationError) as exc:
        service_item_create(actor=officer, **item_data(office, legal_limit_days=20, promised_limit_days=25))
    assert errors_of(exc)["promised_limit_days"] == [_("The promised time limit cannot be longer than the legal one.")]


def test_every_bad_field_is_reported_at_once(officer, office):
    data = item_data(
        office,
        code="bad code!",
        power_class="",
        legal_basis="  \n ",
        is_free=False,
        fee_amount=None,
        online_url="javascript:alert(1)",
        visit_level=VisitLevel.MORE,
        visit_reason="",
    )
    with pytest.raises(ValidationError) as exc:
        service_item_create(actor=officer, **data)
    assert set(errors_of(exc)) >= {
        "code",
        "power_class",
        "legal_basis",
        "fee_amount",
        "fee_basis",
        "online_url",
        "visit_reason",
        "onsite_address",
    }


def test_a_fully_online_item_needs_its_entry_point(officer, office):
    with pytest.raises(ValidationError) as exc:
        service_item_create(actor=officer, **item_data(office, online_url=""))
    assert errors_of(exc)["online_url"] == [_("An item done fully online needs its online entry point.")]


def test_a_public_service_has_no_power_class_and_a_free_item_no_fee(officer, office):
    item = service_item_create(
        actor=officer, **item_data(office, kind="public_service", power_class="reward", fee_amount=Decimal("5"))
    )
    assert item.power_class == "" and item.fee_amount is None


def test_codes_are_unique(officer, office, draft_item):
    with pytest.raises(ValidationError) as exc:
        service_item_create(actor=officer, **item_data(office))
    assert "code" in errors_of(exc)


def test_an_officer_adds_items_of_their_own_office_only(officer, other_office, policy_officer):
    with pytest.raises(ValidationError) as exc:
        service_item_create(actor=officer, **item_data(other_office))
    assert "office" in errors_of(exc)
    assert service_item_create(actor=policy_officer, **item_data(other_office)).office == other_office


def test_a_stale_version_is_an_edit_conflict_and_changes_nothing(officer, office, draft_item):
    service_item_update(actor=officer, item=draft_item, version=1, **item_data(office, name="高新技术企业认定（修订）"))
    with pytest.raises(EditConflict):
        service_item_update(actor=officer, item=draft_item, version=1, **item_data(office, name="另一个名称"))
    draft_item.refresh_from_db()
    assert draft_item.name == "高新技术企业认定（修订）" and draft_item.version == 2


def test_only_the_catalogue_office_publishes(officer, draft_item):
    with pytest.raises(PermissionDenied):
        service_item_publish(actor=officer, item=draft_item)


def test_an_item_without_materials_cannot_be_published(officer, office, policy_officer):
    item = service_item_create(actor=officer, **item_data(office))
    with pytest.raises(ValidationError) as exc:
        service_item_publish(actor=policy_officer, item=item)
    assert "materials" in errors_of(exc)


def test_publishing_keeps_revision_one_and_tells_the_office(published_item, officer):
    assert published_item.status == ItemStatus.PUBLISHED and published_item.published_at
    revision = published_item.revisions.get()
    assert revision.number == 1 and revision.changed == []
    assert revision.snapshot["materials"][0]["name"] == "高新技术企业认定申请书"
    assert officer.notifications.filter(title__contains="高新技术企业认定").exists()


def test_changes_while_published_are_new_revisions_with_what_changed(published_item, officer, office):
    service_item_update(
        actor=officer, item=published_item, version=published_item.version, **item_data(office, promised_limit_days=30)
    )
    material = material_add(actor=officer, item=published_item, name="营业执照", form="copy", copies=1, required=True)
    material_move(actor=officer, material=material, up=True)
    numbers = list(ServiceItemRevision.objects.filter(item=published_item).values_list("number", "changed"))
    assert numbers == [(4, ["materials"]), (3, ["materials"]), (2, ["promised_limit_days"]), (1, [])]
    assert published_item.revisions.first().snapshot["materials"][0]["name"] == "营业执照"


def test_saving_without_a_change_keeps_no_new_revision(published_item, officer, office):
    service_item_update(actor=officer, item=published_item, version=published_item.version, **item_data(office))
    assert published_item.revisions.count() == 1


def test_drafts_keep_no_revisions(draft_item, officer, office):
    service_item_update(actor=officer, item=draft_item, version=1, **item_data(office, name="新名称"))
    assert not draft_item.revisions.exists()


def test_withdrawal_needs_a_reason_and_can_be_republished(published_item, policy_officer):
    with pytest.raises(ValidationError):
        service_item_withdraw(actor=policy_officer, item=published_item, reason=" ")
    item = service_item_withdraw(actor=policy_officer, item=published_item, reason="事项已取消")
    assert item.status == ItemStatus.WITHDRAWN
    assert AuditEvent.objects.get(action="service_item.withdraw").after["reason"] == "事项已取消"
    item = service_item_publish(actor=policy_officer, item=item)
    assert item.status == ItemStatus.PUBLISHED and item.revisions.count() == 1  # nothing changed meanwhile


def test_publishing_twice_is_refused_the_second_time(published_item, policy_officer):
    with pytest.raises(ValidationError):
        service_item_publish(actor=policy_officer, item=published_item)
    assert published_item.revisions.count() == 1


def test_materials_are_checked_and_removed_with_an_audit_event(draft_item, officer):
    with pytest.raises(ValidationError) as exc:
        material_add(actor=officer, item=draft_item, name=" ", form="scan", copies=99, required=True)
    assert set(errors_of(exc)) == {"name", "form", "copies"}
    material_delete(actor=officer, material=draft_item.materials.get())
    assert AuditEvent.objects.filter(action="service_material.delete").exists()
