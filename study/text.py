"""Card text: Markdown rendered to HTML once, when saved, and sanitized (nh3, an allow-list) so
nothing an author writes can run script or load outside resources on a member's page. Images are
allowed only from the platform's own attachments (``![说明](/files/<id>/)``, the card's uploaded
pictures): any other image source is dropped."""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}}
OWN_FILES = re.compile(r"^/files/[0-9a-f-]{36}/$")
IMG_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\bsrc=)[^>]*>")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        return value if OWN_FILES.match(value) else None
    return value


def render(source: str) -> str:
    html = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )
    return IMG_WITHOUT_SOURCE.sub("", clean)


def char_count(text: str) -> int:
    """Characters a reader counts: everything but whitespace (a Chinese character is one)."""
    return sum(1 for c in text if not c.isspace())
