"""Uploaded files, stored under random names and served only through a permission check."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    owner_id = models.CharField(max_length=64)
    owner = GenericForeignKey("owner_type", "owner_id")
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=8)
    stored_name = models.CharField(max_length=100, unique=True)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]
        verbose_name = _("attachment")

    def __str__(self) -> str:
        return self.original_name
