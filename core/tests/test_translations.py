"""The Chinese catalogue is complete: no empty or fuzzy entries, placeholders kept."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%\(\w+\)\.\d+f|\{\{ ?\w+ ?\}\}")


def entries() -> list[dict]:
    """Parse the catalogue into entries with flags, msgid and msgstr (plural forms joined)."""
    items, current, field = [], None, None
    for line in PO.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            current = {"flags": line, "msgid": "", "msgstr": ""}
            items.append(current)
        elif line.startswith("msgid "):
            if current is None or current["msgid"] or current["msgstr"]:
                current = {"flags": "", "msgid": "", "msgstr": ""}
                items.append(current)
            field = "msgid"
            current[field] += line[6:].strip('"')
        elif line.startswith("msgid_plural "):
            field = "msgid"
        elif line.startswith("msgstr"):
            field = "msgstr"
            current[field] += line.split(" ", 1)[1].strip('"')
        elif line.startswith('"') and current is not None and field:
            current[field] += line.strip('"')
        elif not line.strip():
            current, field = None, None
    return [e for e in items if e["msgid"]]


def test_every_entry_is_translated_and_none_is_fuzzy():
    assert len(entries()) > 300
    problems = [e["msgid"] for e in entries() if not e["msgstr"] or "fuzzy" in e["flags"]]
    assert problems == []


def test_translations_keep_their_placeholders():
    problems = [
        e["msgid"]
        for e in entries()
        if sorted(PLACEHOLDER.findall(e["msgid"]))
        and not set(PLACEHOLDER.findall(e["msgid"])) <= set(PLACEHOLDER.findall(e["msgstr"]))
    ]
    assert problems == []
