"""Blind review: what an expert is shown of an application when applicant identity is hidden.

Every expert channel goes through here: the item page, the scoresheet PDF, attachment downloads.
Identity = the PI's name, the unit, team members and their units, cooperation units. Texts have
these terms replaced by ``MASK``. Attachments:

- kinds that exist to identify the applicant (unit commitment letter, cooperation agreement,
  qualification certificates, ethics approval) are not given to experts in blind rounds;
- the others are renamed "材料N.ext" and cleaned (``attachment_clean``): PDFs lose the document
  information, XMP metadata, annotation authors and embedded files; Word/Excel/PowerPoint files lose
  their document properties (author, last editor, company, manager, custom properties) and the
  authors of comments and tracked changes; images are re-encoded without EXIF and text chunks;
- legacy .doc/.xls files cannot be cleaned reliably and are withheld, with a message.
"""

import io
import re
import zipfile

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


# Attachment kinds whose purpose is to identify the applicant (plans.services.ATTACHMENT_KINDS).
IDENTIFYING_KINDS = frozenset({"commitment", "cooperation_agreement", "qualification", "ethics_review"})
OOXML = frozenset({"docx", "xlsx", "pptx"})
IMAGES = frozenset({"jpg", "jpeg", "png"})


class CannotClean(Exception):
    """The file's format cannot be stripped of identity (or the file does not parse)."""


def pdf_strip_metadata(data: bytes) -> bytes:
    """The same PDF without document information, XMP metadata, annotation authors or embedded files."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()  # only the pages are copied: no catalog, so no metadata or embedded files
    for page in reader.pages:
        writer.add_page(page)
    writer._info = None  # pypdf writes no /Info dictionary when there is none
    for page in writer.pages:
        if "/Annots" not in page:
            continue
        kept = ArrayObject()
        for reference in page["/Annots"]:
            annotation = reference.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                continue  # an embedded file, with its own name and content
            if "/T" in annotation:
                annotation[NameObject("/T")] = TextStringObject("")  # the annotation's author
            kept.append(reference)
        page[NameObject("/Annots")] = kept
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


_AUTHOR_ATTRIBUTES = re.compile(rb'\b(w:author|w:initials|authorId|author)="[^"]*"')
_PROPERTY_ELEMENTS = re.compile(
    rb"<(dc:creator|cp:lastModifiedBy|Company|Manager|dc:title|dc:subject|cp:keywords|dc:description)>[^<]*</\1>"
)


def ooxml_strip_properties(data: bytes) -> bytes:
    """A Word/Excel/PowerPoint file without document properties and comment or revision authors."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "docProps/custom.xml":
                continue  # custom properties: free text, may carry anything
            content = source.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                content = _PROPERTY_ELEMENTS.sub(lambda m: b"<%s></%s>" % (m.group(1), m.group(1)), content)
                content = _AUTHOR_ATTRIBUTES.sub(lambda m: m.group(1) + b'=""', content)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(b'<Override PartName="/docProps/custom.xml"', b'<Override PartName="/x"')
            target.writestr(info, content)
    return buffer.getvalue()


def image_strip_metadata(data: bytes, extension: str) -> bytes:
    """The image re-encoded without EXIF, XMP or text chunks."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    clean = Image.new(image.mode, image.size)
    clean.putdata(list(image.getdata()))
    buffer = io.BytesIO()
    clean.save(buffer, format="PNG" if extension == "png" else "JPEG", quality=92)
    return buffer.getvalue()


def attachment_clean(data: bytes, extension: str) -> bytes:
    """The file as an expert in a blind round receives it; ``CannotClean`` when that is impossible."""
    try:
        if extension == "pdf":
            return pdf_strip_metadata(data)
        if extension in OOXML:
            return ooxml_strip_properties(data)
        if extension in IMAGES:
            return image_strip_metadata(data, extension)
    except Exception as exc:  # a file that passed the upload checks but does not parse
        raise CannotClean(str(exc)) from exc
    raise CannotClean(extension)
