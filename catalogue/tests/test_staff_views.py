"""The staff pages: from a new draft through materials and a blank form to publication and withdrawal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from catalogue.models import ItemStatus, ServiceItem
from catalogue.tests.conftest import form_data

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_officer_drafts_an_item_and_the_catalogue_office_publishes_it(
    login, officer, office, policy_officer, client
):
    staff = login(officer)
    response = staff.post("/catalogue/new/", form_data(office))
    item = ServiceItem.objects.get(code="330000-KJ-QR-001")
    assert response.status_code == 302 and response["Location"] == f"/catalogue/{item.pk}/"
    response = staff.post(
        f"/catalogue/{item.pk}/materials/new/",
        {"new-name": "高新技术企业认定申请书", "new-form": "original", "new-copies": "1", "new-required": "on"},
    )
    assert response.status_code == 302
    material = item.materials.get()
    upload = SimpleUploadedFile("申请书模板.pdf", PDF, content_type="application/pdf")
    staff.post(f"/catalogue/{item.pk}/materials/{material.pk}/form/", {"file": upload})
    material.refresh_from_db()
    assert material.blank_form.original_name == "申请书模板.pdf"
    page = staff.get(f"/catalogue/{item.pk}/").content.decode()
    assert "高新技术企业认定申请书" in page and 'data-testid="publish"' not in page  # not theirs to publish
    assert client.get(f"/portal/guide/{item.pk}/").status_code == 404  # a draft is never public

    manager = login(policy_officer)
    assert 'data-testid="publish"' in manager.get(f"/catalogue/{item.pk}/").content.decode()
    assert manager.post(f"/catalogue/{item.pk}/publish/").status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    public = client.get(f"/portal/guide/{item.pk}/").content.decode()
    assert "高新技术企业认定申请书" in public and "申请书模板.pdf" in public
    assert client.get(f"/portal/guide/{item.pk}/forms/{material.blank_form_id}/").content == PDF

    manager.post(f"/catalogue/{item.pk}/withdraw/", {"reason": "并入其他事项"})
    item.refresh_from_db()
    assert item.status == ItemStatus.WITHDRAWN
    assert client.get(f"/portal/guide/{item.pk}/").status_code == 404
    assert client.get(f"/portal/guide/{item.pk}/forms/{material.blank_form_id}/").status_code == 404
    assert client.get(f"/portal/guide/{item.pk}/guide.pdf").status_code == 404
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"service_item.create", "service_material.add", "service_item.publish", "service_item.withdraw"} <= actions


def test_the_anonymous_user_is_sent_to_sign_in(client, draft_item):
    for path in ("/catalogue/", "/catalogue/new/", f"/catalogue/{draft_item.pk}/", f"/catalogue/{draft_item.pk}/edit/"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_without_a_staff_role_is_refused(login, outsider, draft_item):
    client = login(outsider)
    assert client.get("/catalogue/").status_code == 403
    assert client.get(f"/catalogue/{draft_item.pk}/").status_code == 403
    assert client.get("/catalogue/export.xlsx").status_code == 403


def test_a_leader_reads_but_cannot_edit(login, leader, draft_item):
    client = login(leader)
    page = client.get(f"/catalogue/{draft_item.pk}/").content.decode()
    assert draft_item.name in page and f"/catalogue/{draft_item.pk}/edit/" not in page
    assert client.get(f"/catalogue/{draft_item.pk}/edit/").status_code == 403


def test_another_offices_officer_cannot_edit_or_publish(login, other_officer, draft_item):
    client = login(other_officer)
    assert client.get(f"/catalogue/{draft_item.pk}/").status_code == 200  # staff read the whole catalogue
    assert client.get(f"/catalogue/{draft_item.pk}/edit/").status_code == 404
    assert client.post(f"/catalogue/{draft_item.pk}/materials/new/", {"new-name": "x"}).status_code == 404
    assert client.post(f"/catalogue/{draft_item.pk}/publish/").status_code == 403
    draft_item.refresh_from_db()
    assert draft_item.status == ItemStatus.DRAFT


def test_a_missing_item_is_404(login, officer):
    assert login(officer).get("/catalogue/999999/").status_code == 404


def test_bad_input_is_shown_at_the_fields(login, officer, office):
    data = form_data(office, legal_limit_days=10, promised_limit_days=15, online_url="javascript:alert(1)")
    data["promised_limit_days"] = "15"
    response = login(officer).post("/catalogue/new/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["promised_limit_days"] == [_("The promised time limit cannot be longer than the legal one.")]
    assert form.errors["online_url"]
    assert 'id="id_name"' in response.content.decode() and "高新技术企业认定" in response.content.decode()
    assert not ServiceItem.objects.exists()


def test_letters_in_a_number_field_are_answered_at_the_field(login, officer, office):
    data = form_data(office)
    data["promised_limit_days"] = "十"
    response = login(officer).post("/catalogue/new/", data)
    assert response.status_code == 400 and "promised_limit_days" in response.context["form"].errors


def test_an_edit_conflict_keeps_the_typed_text(login, officer, office, draft_item):
    client = login(officer)
    stale = form_data(office, name="我在第一个窗口改的名称") | {"version": "1"}
    client.post(f"/catalogue/{draft_item.pk}/edit/", form_data(office, name="第二个窗口") | {"version": "1"})
    response = client.post(f"/catalogue/{draft_item.pk}/edit/", stale)
    assert response.status_code == 400
    assert "我在第一个窗口改的名称" in response.content.decode()
    draft_item.refresh_from_db()
    assert draft_item.name == "第二个窗口"


def test_a_double_click_on_publish_publishes_once(login, policy_officer, draft_item):
    client = login(policy_officer)
    client.post(f"/catalogue/{draft_item.pk}/publish/")
    response = client.post(f"/catalogue/{draft_item.pk}/publish/", follow=True)
    assert response.status_code == 200
    assert draft_item.revisions.count() == 1
    assert AuditEvent.objects.filter(action="service_item.publish").count() == 1


def test_publishing_an_incomplete_item_says_what_is_missing(login, officer, office, policy_officer):
    client = login(officer)
    client.post("/catalogue/new/", form_data(office))
    item = ServiceItem.objects.get()
    response = login(policy_officer).post(f"/catalogue/{item.pk}/publish/", follow=True)
    assert _("List the application materials before publishing.") in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT


def test_a_state_change_needs_post(login, policy_officer, draft_item):
    assert login(policy_officer).get(f"/catalogue/{draft_item.pk}/publish/").status_code == 405


def test_a_disguised_file_is_refused_as_a_blank_form(login, officer, draft_item):
    material = draft_item.materials.get()
    upload = SimpleUploadedFile("form.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    login(officer).post(f"/catalogue/{draft_item.pk}/materials/{material.pk}/form/", {"file": upload})
    material.refresh_from_db()
    assert material.blank_form is None
    assert AuditEvent.objects.filter(action="attachment.reject").exists()


def test_materials_are_edited_reordered_and_removed(login, officer, draft_item):
    client = login(officer)
    first = draft_item.materials.get()
    client.post(
        f"/catalogue/{draft_item.pk}/materials/new/",
        {"new-name": "营业执照", "new-form": "copy", "new-copies": "1", "new-required": "on"},
    )
    second = draft_item.materials.get(name="营业执照")
    client.post(f"/catalogue/{draft_item.pk}/materials/{second.pk}/move/", {"direction": "up"})
    assert list(draft_item.materials.values_list("name", flat=True)) == ["营业执照", "高新技术企业认定申请书"]
    response = client.post(
        f"/catalogue/{draft_item.pk}/materials/{first.pk}/",
        {"name": "", "form": "original", "copies": "1", "required": "on"},
    )
    assert response.status_code == 400 and "name" in response.context["form"].errors
    client.post(f"/catalogue/{draft_item.pk}/materials/{first.pk}/delete/")
    assert list(draft_item.materials.values_list("name", flat=True)) == ["营业执照"]


def test_a_material_of_another_item_is_404(login, officer, office, draft_item):
    from catalogue.services import material_add, service_item_create
    from catalogue.tests.conftest import item_data

    other = service_item_create(actor=officer, **item_data(office, code="330000-KJ-QR-002"))
    material = material_add(actor=officer, item=other, name="x", form="copy", copies=1, required=True)
    assert login(officer).get(f"/catalogue/{draft_item.pk}/materials/{material.pk}/").status_code == 404


def test_the_list_filters_and_exports(login, officer, draft_item, published_item):
    client = login(officer)
    page = client.get("/catalogue/?status=published&q=高新").content.decode()
    assert "高新技术企业认定" in page
    assert "高新技术企业认定" not in client.get("/catalogue/?kind=public_service").content.decode()
    assert client.get("/catalogue/?office=abc&page=x").status_code == 200
    response = client.get("/catalogue/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="service_item.export").exists()
