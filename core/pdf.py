"""PDF rendering of templates with Chinese fonts (WeasyPrint + Noto CJK).

Documents extend ``pdf/base.html``, which lays out an A4 page, a header, and the stamp and
signature area that Chinese official forms need. Remote resources are never fetched.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone


class BlockedResource(Exception):
    """A document tried to load something other than a bundled static file."""


def _url_fetcher(url: str, *args, **kwargs) -> dict:
    from weasyprint.urls import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    if url.startswith("file://"):
        path = Path(url.removeprefix("file://")).resolve()
        roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
        if any(path.is_relative_to(root) for root in roots):
            return default_url_fetcher(url, *args, **kwargs)
    raise BlockedResource(url)


@dataclass(frozen=True)
class PdfMetadata:
    title: str
    author: str = ""
    subject: str = ""
    keywords: Sequence[str] = ()


def render_pdf(template_name: str, context: dict, *, metadata: PdfMetadata, clear_metadata: bool = False) -> bytes:
    """Render ``template_name`` to PDF bytes.

    ``clear_metadata`` removes title, author, subject, keywords and dates from the file (for
    documents passed outside the agency); only the producer line of the PDF library remains.
    """
    from weasyprint import HTML

    html = render_to_string(
        template_name, {**context, "pdf_title": metadata.title, "generated_at": timezone.localtime()}
    )
    static_root = Path(finders.find("css/kejiwang.css") or settings.STATICFILES_DIRS[0]).parent.parent
    document = HTML(string=html, base_url=f"file://{static_root}/", url_fetcher=_url_fetcher).render()
    meta = document.metadata
    if clear_metadata:
        meta.title = meta.description = meta.generator = meta.created = meta.modified = None
        meta.authors, meta.keywords = [], []
    else:
        meta.title = metadata.title
        meta.authors = [metadata.author] if metadata.author else []
        meta.description = metadata.subject or None
        meta.keywords = list(metadata.keywords)
        meta.generator = str(settings.KEJIWANG_NAME)
        meta.created = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    return document.write_pdf()
