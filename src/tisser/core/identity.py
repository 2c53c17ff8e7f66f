"""The keys that say two records are the same person: e-mail, phone, LinkedIn URL.

Address books write one address as ``Jean.Dupont@Example.COM``, one number as
``06 12 34 56 78`` or ``+33 (0)6 12-34-56-78``, one profile as
``https://www.linkedin.com/in/jean-dupont/?trk=x`` or ``fr.linkedin.com/in/Jean-Dupont``.
Deduplication compares these keys, never the raw text. Phones go to E.164 with
:mod:`tisser.core.phones` (libphonenumber); an e-mail's domain is case-insensitive and, in
practice, so is its local part (RFC 5321 allows otherwise, no mainstream provider does).
"""

from __future__ import annotations

import functools
import re

from tisser.core.errors import InvalidInput
from tisser.core.phones import normalize_phone

_LINKEDIN = re.compile(r"linkedin\.com/(in|pub|profile/view)/([^/?#\s]+)", re.IGNORECASE)
_X = re.compile(r"(?:twitter|x)\.com/(?:#!/)?@?([A-Za-z0-9_]{1,15})(?:[/?#]|$)", re.IGNORECASE)
_INTERNATIONAL = re.compile(r"^\s*\+[1-9][\d .\-]{6,20}\s*$")
_SEPARATORS = re.compile(r"[ .\-]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_key(email: str) -> str:
    """``" Jean.Dupont@Example.COM "`` -> ``"jean.dupont@example.com"``; "" if not an e-mail."""
    text = email.strip().strip("<>").removeprefix("mailto:").strip()
    return text.casefold() if _EMAIL.match(text) else ""


@functools.lru_cache(maxsize=1 << 14)
def phone_key(phone: str, region: str = "FR") -> str:
    """The E.164 form of ``phone``; "" when it is not a possible number.

    A number written internationally with only spaces, dots or dashes between digits
    (``+33 6 12 34 56 78``) is E.164 once they are removed: no need to parse it (parsing is
    most of the time of a large vCard import). A number with a 0 near its start goes
    through libphonenumber, which knows national trunk prefixes ("+33 06 ..."). Cached:
    address books repeat switchboards and shared lines, and re-importing a file (the web
    application's process lives on) meets every number again.
    """
    if _INTERNATIONAL.match(phone):
        digits = _SEPARATORS.sub("", phone.strip())
        # a 0 just after the country code may be a national trunk prefix ("+33 06..."):
        # libphonenumber knows which to drop
        if 9 <= len(digits) <= 16 and "0" not in digits[2:5]:
            return digits
    try:
        return normalize_phone(phone, region)
    except InvalidInput:
        return ""


def linkedin_key(url: str) -> str:
    """``https://fr.linkedin.com/in/Jean-Dupont/?trk=1`` -> ``"in/jean-dupont"``; "" if none."""
    match = _LINKEDIN.search(url.strip())
    if not match:
        return ""
    return f"{match.group(1).casefold()}/{match.group(2).casefold()}"


def linkedin_url(url: str) -> str:
    """The canonical profile URL, ``https://www.linkedin.com/in/jean-dupont``; "" if none."""
    match = _LINKEDIN.search(url.strip())
    if not match:
        return ""
    return f"https://www.linkedin.com/{match.group(1)}/{match.group(2)}"


def x_handle(url: str) -> str:
    """``https://twitter.com/jdupont`` or ``x.com/@jdupont`` -> ``"jdupont"``; "" if none."""
    match = _X.search(url.strip())
    return match.group(1) if match else ""
