"""Reads about attachments."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from attachments.models import Attachment


def attachments_of(owner: models.Model, *, kind: str | None = None) -> QuerySet[Attachment]:
    """The files attached to ``owner`` (optionally of one kind), newest first."""
    files = Attachment.objects.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=str(owner.pk))
    return files.filter(kind=kind) if kind is not None else files
