"""Upload checks: allowed types, content matching the extension, safe Office files, integrity."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from attachments.models import Attachment
from attachments.services import attachment_store
from attachments.validation import check_upload
from audit.models import AuditEvent

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes(extra: dict[str, bytes] | None = None, content_types: bytes = b"<Types/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", b"<document>\xe7\xa7\x91\xe6\x8a\x80</document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def reason(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(name, data)
    return caught.value.code


def test_real_files_of_allowed_types_pass():
    assert check_upload("申报书.pdf", PDF).extension == "pdf"
    assert check_upload("照片.PNG", PNG).extension == "png"
    assert check_upload("计划.docx", docx_bytes()).extension == "docx"


def test_disallowed_type_is_refused():
    assert reason("tool.exe", b"MZ\x90\x00") == "type"
    assert reason("page.html", b"<html>") == "type"


def test_executable_disguised_as_pdf_is_refused():
    assert reason("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00") == "content"


def test_zip_renamed_to_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", b"hello")
    assert reason("plan.docx", buffer.getvalue()) == "content"


def test_oversize_file_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    assert reason("big.pdf", PDF + b"0" * 2048) == "size"


def test_zip_bomb_is_refused():
    bomb = docx_bytes(extra={"word/media/bomb.bin": b"\x00" * (60 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    assert reason("bomb.docx", bomb) == "bomb"


def test_macro_enabled_document_is_refused():
    assert reason("macro.docx", docx_bytes(extra={"word/vbaProject.bin": b"VBA"})) == "macro"


def test_damaged_office_file_is_refused():
    assert reason("broken.xlsx", b"PK\x03\x04" + b"\x00" * 50) == "damaged"


def test_rejection_messages_are_in_chinese():
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        check_upload("report.pdf", b"MZ\x90\x00")
    assert "扩展名与内容不符" in caught.value.messages[0]


@pytest.mark.django_db
def test_stored_file_gets_a_random_name_and_its_digest(unit, unit_admin):
    attachment = attachment_store(actor=unit_admin, owner=unit, upload=SimpleUploadedFile("营业执照.pdf", PDF))
    assert attachment.original_name == "营业执照.pdf"
    assert "营业执照" not in attachment.stored_name and attachment.stored_name.endswith(".bin")
    assert len(attachment.sha256) == 64
    assert AuditEvent.objects.filter(action="attachment.upload").exists()


@pytest.mark.django_db
def test_rejected_upload_is_audited(unit, unit_admin):
    with pytest.raises(ValidationError):
        attachment_store(actor=unit_admin, owner=unit, upload=SimpleUploadedFile("x.pdf", b"MZ"))
    event = AuditEvent.objects.get(action="attachment.reject")
    assert event.result == "denied"
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_unit_admin_uploads_through_the_page_and_sees_the_reason(unit, unit_admin, login):
    client = login(unit_admin)
    response = client.post(
        f"/orgs/units/{unit.pk}/",
        {"action": "upload", "kind": "license", "file": SimpleUploadedFile("fake.pdf", b"MZ\x90\x00")},
    )
    assert response.status_code == 200
    assert "扩展名与内容不符" in response.content.decode()
    response = client.post(
        f"/orgs/units/{unit.pk}/", {"action": "upload", "kind": "license", "file": SimpleUploadedFile("ok.pdf", PDF)}
    )
    assert response.status_code == 302
    assert Attachment.objects.count() == 1


@pytest.mark.django_db
def test_download_is_served_as_attachment_to_allowed_users_only(unit, unit_admin, other_unit, make_user, login):
    attachment = attachment_store(actor=unit_admin, owner=unit, upload=SimpleUploadedFile("执照.pdf", PDF))
    response = login(unit_admin).get(f"/files/{attachment.pk}/")
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    stranger = make_user("stranger", "unit_admin", unit=other_unit)
    assert login(stranger).get(f"/files/{attachment.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="attachment.download").count() == 1


@pytest.mark.django_db
def test_tampered_file_is_not_served(unit, unit_admin, login):
    attachment = attachment_store(actor=unit_admin, owner=unit, upload=SimpleUploadedFile("a.pdf", PDF))
    storage = storages["default"]
    storage.delete(attachment.stored_name)
    storage.save(attachment.stored_name, io.BytesIO(PDF + b"tampered"))
    response = login(unit_admin).get(f"/files/{attachment.pk}/")
    assert response.status_code == 409
    assert AuditEvent.objects.filter(action="attachment.download", result="failure").exists()
