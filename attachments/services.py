"""Storing uploaded files and reading them back with an integrity check."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import models, transaction

from attachments.models import Attachment
from attachments.validation import ALLOWED_EXTENSIONS, check_upload
from audit.models import Result
from audit.services import audit_record


class IntegrityError(Exception):
    """The stored file no longer matches the digest recorded at upload."""


def _storage():
    return storages["default"]


def attachment_store(
    *, actor, owner: models.Model, upload, kind: str = "", allowed: tuple[str, ...] = ALLOWED_EXTENSIONS
) -> Attachment:
    """Validate and store an upload for ``owner``. Rejections are audited and raise ValidationError."""
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    data = upload.read()
    try:
        checked = check_upload(name, data, allowed)
    except ValidationError as exc:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="attachment.reject",
                target=owner,
                result=Result.DENIED,
                after={"file": name, "size": len(data), "reason": exc.messages[0]},
            )
        raise
    stored_name = f"{secrets.token_hex(2)}/{secrets.token_hex(16)}.bin"
    with transaction.atomic():
        _storage().save(stored_name, ContentFile(data))
        attachment = Attachment.objects.create(
            owner=owner,
            kind=kind,
            original_name=name,
            extension=checked.extension,
            stored_name=stored_name,
            size=checked.size,
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor,
        )
        audit_record(
            actor=actor,
            action="attachment.upload",
            target=attachment,
            after={"owner": f"{owner._meta.label_lower}:{owner.pk}", "kind": kind, "size": checked.size},
        )
    return attachment


def attachment_read(*, actor, attachment: Attachment) -> bytes:
    """The file's bytes after re-checking the SHA-256; the download is audited."""
    with _storage().open(attachment.stored_name, "rb") as handle:
        data = handle.read()
    intact = hashlib.sha256(data).hexdigest() == attachment.sha256
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="attachment.download",
            target=attachment,
            result=Result.SUCCESS if intact else Result.FAILURE,
            after=None if intact else {"reason": "sha256 mismatch"},
        )
    if not intact:
        raise IntegrityError(attachment.pk)
    return data


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    audit_record(
        actor=actor,
        action="attachment.delete",
        target=attachment,
        before={"file": attachment.original_name, "sha256": attachment.sha256},
    )
    name = attachment.stored_name
    attachment.delete()
    transaction.on_commit(lambda: _storage().delete(name))
