"""Blind review: what an expert is shown of an application when applicant identity is hidden.

Every expert channel goes through here: the item page, the scoresheet PDF, attachment downloads.
Identity = the PI's name, the unit, team members and their units, cooperation units. Texts have
these terms replaced by ``MASK``; attachments are renamed "材料N.ext" and uploaded PDFs lose their
document information (author, title, creator, producer) and XMP metadata.
"""

import io
import re

from applications.models import Application

MASK = "■■"
BLIND_FILE_STEM = "材料"


def identity_terms(application: Application) -> list[str]:
    """Names that identify the applicant, longest first (so "浙江大学医学院" is masked before "浙江大学")."""
    terms = {application.pi.full_name, application.unit.name}
    for member in application.team or []:
        terms.update({member.get("name", ""), member.get("unit", "")})
    terms.update(application.cooperation_units or [])
    return sorted({t.strip() for t in terms if t and len(t.strip()) >= 2}, key=len, reverse=True)


def redact(text: str, terms: list[str]) -> str:
    if not text or not terms:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    return pattern.sub(MASK, text)


def blind_file_name(number: int, extension: str) -> str:
    return f"{BLIND_FILE_STEM}{number}.{extension}"


def pdf_strip_metadata(data: bytes) -> bytes:
    """The same PDF without its document information dictionary and XMP metadata."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    writer._info = None  # pypdf writes no /Info dictionary when there is none
    if "/Metadata" in writer._root_object:
        del writer._root_object["/Metadata"]
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
