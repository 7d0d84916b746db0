"""Masking of personal identifiers for screens and logs."""

import re
from typing import Any

ID_NUMBER = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
SENSITIVE_KEYS = {"id_number", "phone", "mobile", "password", "secret", "token", "otp"}


def mask_id_number(value: str) -> str:
    """110101199003071234 -> 110101********1234."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_text(text: str) -> str:
    """Mask any ID or mobile number embedded in free text."""
    text = ID_NUMBER.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
    return MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


def scrub(value: Any, key: str = "") -> Any:
    """Recursively mask sensitive values in JSON-like data before it is logged."""
    lowered = key.lower()
    if any(word in lowered for word in ("password", "secret", "token", "otp")):
        return "******" if value else value
    if isinstance(value, dict):
        return {k: scrub(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v, key) for v in value]
    if isinstance(value, str):
        if "id_number" in lowered:
            return mask_id_number(value)
        if "phone" in lowered or "mobile" in lowered:
            return mask_phone(value)
        return mask_text(value)
    return value
