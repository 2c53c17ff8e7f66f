"""Phone numbers: stored in E.164, shown the way the reader's country writes them.

Address books hold "06 12 34 56 78", "+33 (0)6 12-34-56-78" and "0033612345678" for one
number; normalising to E.164 with Google's libphonenumber (the ``phonenumbers`` package)
makes them compare equal, which deduplication and search rely on.
"""

from __future__ import annotations

from tisser.core.errors import N_, InvalidInput

DEFAULT_REGION = "FR"


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """Return ``raw`` in E.164 (``"+33612345678"``), reading national numbers in ``region``.

    Raises :class:`InvalidInput` when the text is not a possible phone number.
    """
    import phonenumbers  # loaded on the first number read: it costs every command's start

    text = raw.strip().replace("(0)", "")
    if not text:
        raise InvalidInput(N_("empty phone number"))
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(
            N_("{raw!r} is not a phone number"), hint=N_("write it as +33 6 12 34 56 78"), raw=raw
        ) from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidInput(
            N_("{raw!r} is not a possible phone number"),
            hint=N_("check the number of digits"),
            raw=raw,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str, region: str = DEFAULT_REGION) -> str:
    """Format a stored number for reading: national form at home, international abroad."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
