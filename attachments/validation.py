"""Checks an upload must pass: allowed type, content matching the extension, safe Office archives.

Every rejection carries a Chinese (translatable) reason for the person who uploaded the file.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_EXTENSIONS = ("pdf", "docx", "xlsx", "doc", "xls", "jpg", "jpeg", "png")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (ZIP_MAGIC,),
    "xlsx": (ZIP_MAGIC,),
    "doc": (OLE2_MAGIC,),
    "xls": (OLE2_MAGIC,),
}
# Limits for Office Open XML archives (zip bombs, archive stuffing).
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    size: int


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(name: str, data: bytes, allowed: tuple[str, ...] = ALLOWED_EXTENSIONS) -> CheckedFile:
    """Validate an upload's name and content; raise ValidationError with the reason."""
    ext = extension_of(name)
    if ext not in allowed:
        raise ValidationError(
            _("File type .%(ext)s is not allowed. Allowed types: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(allowed)},
            code="type",
        )
    limit = settings.ATTACHMENT_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB.")
            % {"size": len(data) / 1048576, "limit": limit // 1048576},
            code="size",
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if not data.startswith(MAGIC[ext]):
        raise ValidationError(
            _("The content of the file is not a real .%(ext)s file (the extension does not match the content).")
            % {"ext": ext},
            code="content",
        )
    if ext in OOXML_MAIN_PART:
        _check_ooxml(ext, data)
    elif ext in ("doc", "xls"):
        _check_ole(data)
    return CheckedFile(name=name, extension=ext, size=len(data))


def _check_ooxml(ext: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ValidationError(_("The file is damaged and cannot be opened."), code="damaged") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ValidationError(_("The document contains too many parts to be checked safely."), code="entries")
    total = sum(info.file_size for info in infos)
    compressed = max(sum(info.compress_size for info in infos), 1)
    if total > MAX_ZIP_UNCOMPRESSED or total / compressed > MAX_ZIP_RATIO:
        raise ValidationError(
            _("The document expands to an unsafe size when opened (possible compression bomb)."), code="bomb"
        )
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or OOXML_MAIN_PART[ext] not in names:
        raise ValidationError(
            _("The content of the file is not a real .%(ext)s file (the extension does not match the content).")
            % {"ext": ext},
            code="content",
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in archive.read(
        "[Content_Types].xml"
    ):
        raise ValidationError(_("Documents with macros are not accepted. Save it without macros."), code="macro")


def _check_ole(data: bytes) -> None:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except OSError:
        raise ValidationError(_("The file is damaged and cannot be opened."), code="damaged") from None
    try:
        streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    finally:
        ole.close()
    if any("vba" in s or s.startswith("macros") for s in streams):
        raise ValidationError(_("Documents with macros are not accepted. Save it without macros."), code="macro")
