"""Validators for official identifiers, with messages in the interface language."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError


def normalize_credit_code(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_credit_code(value: str) -> None:
    """Unified social credit code (GB 32100): 18 characters ending in a check character."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."), code="length")
    try:
        uscc.validate(code)
    except StdnumError:
        raise ValidationError(
            _("The unified social credit code is not valid: check the characters and the last check character."),
            code="checksum",
        ) from None


def validate_id_number(value: str) -> None:
    """Resident ID number (GB 11643): 18 characters, valid birth date and check digit."""
    number = (value or "").strip().upper()
    if len(number) != 18:
        raise ValidationError(_("A resident ID number has 18 characters."), code="length")
    try:
        ric.validate(number)
    except (StdnumError, KeyError):  # stdnum raises KeyError for some retired region codes
        raise ValidationError(
            _("The resident ID number is not valid: check the birth date and the last check digit."), code="checksum"
        ) from None


def validate_mobile(value: str) -> None:
    number = (value or "").strip()
    if not (len(number) == 11 and number.isdigit() and number[0] == "1" and number[1] in "3456789"):
        raise ValidationError(_("Enter an 11-digit mainland mobile number."), code="mobile")


def parse_mobile(text: str) -> str:
    """A mobile number from an imported cell: checked, returned as written (an import Column's parse)."""
    validate_mobile(text)
    return text
