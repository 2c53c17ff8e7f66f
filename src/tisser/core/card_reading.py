"""A business card read by OCR, turned into the fields of a contact.

OCR gives lines of text in no fixed order. The layout of a French business card is regular
enough for a few rules (the same ones card-scanner apps start from): an e-mail and a web
address have unmistakable shapes; a phone number is a run of digits with ``+``, spaces,
dots or dashes (checked later by :func:`tisser.core.phones.normalize_phone`); the position
is the line holding a job word (directeur, responsable, DAF, manager, fondatrice…); the
name is the first line of two to four words that all start with a capital letter and hold
no digit; the organisation is a remaining line (a legal form such as SAS or Group is a
strong sign), else the e-mail's domain. Whatever the rules get wrong, the user corrects:
the reading is always shown before anything is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tisser.core.names import fold

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://)?(?:www\.)[\w-]+(?:\.[\w-]+)+(?:/\S*)?|https?://\S+", re.I)
PHONE = re.compile(r"(?:\+|00)?\d[\d .\-()]{7,}\d")
LEGAL = re.compile(r"\b(sas|sarl|sa|sasu|eurl|gmbh|ltd|inc|group|groupe|cabinet|maison)\b", re.I)
JOB_WORDS = {
    "directeur",
    "directrice",
    "director",
    "responsable",
    "head",
    "manager",
    "chef",
    "cheffe",
    "charge",
    "chargee",
    "fondateur",
    "fondatrice",
    "founder",
    "ceo",
    "cfo",
    "cto",
    "coo",
    "cmo",
    "daf",
    "drh",
    "dg",
    "president",
    "presidente",
    "associe",
    "associee",
    "partner",
    "consultant",
    "consultante",
    "ingenieur",
    "ingenieure",
    "engineer",
    "avocat",
    "avocate",
    "gerant",
    "gerante",
    "vp",
    "officer",
    "commercial",
    "commerciale",
    "marketing",
}
_LABEL = re.compile(
    r"^(?:t[ée]l|tel|phone|mobile|mob|port|fax|e-?mail|mail|web|site)\s*[.:]?\s*", re.I
)


@dataclass(slots=True)
class CardReading:
    """The fields read from a card (or a vCard), for the user to correct and confirm."""

    given_name: str = ""
    family_name: str = ""
    organization: str = ""
    position: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    website: str = ""
    unread: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


def _is_name(line: str) -> bool:
    words = line.replace("-", " ").split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() for ch in line):
        return False
    if any(fold(w) in JOB_WORDS for w in words) or "@" in line or LEGAL.search(line):
        return False
    if all(w.isupper() for w in words):  # "VIGNOBLES DUCLOS": a company in capitals
        return False
    particles = {"de", "du", "des", "d'", "le", "la", "van", "von"}
    return all(w[:1].isupper() or w.lower() in particles for w in words)


def split_name(text: str) -> tuple[str, str]:
    """("Marie-Claire", "de La Tour") from "Marie-Claire de La Tour"; "DUPONT Jean" too."""
    words = text.split()
    if len(words) < 2:
        return text.strip(), ""
    if words[0].isupper() and len(words[0]) > 1 and not words[1].isupper():
        return " ".join(words[1:]), words[0].title()
    return words[0], " ".join(words[1:])


def read_card_text(text: str) -> CardReading:
    """The fields of a business card from its OCR text."""
    reading = CardReading()
    rest: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.replace("|", " ").split()).strip(" .,;")
        if not line:
            continue
        found = False
        for email in EMAIL.findall(line):
            reading.emails.append(email)
            line = line.replace(email, " ")
            found = True
        for url in URL.findall(line):
            if not reading.website:
                reading.website = url
            line = line.replace(url, " ")
            found = True
        for phone in PHONE.findall(line):
            digits = re.sub(r"\D", "", phone)
            if 9 <= len(digits) <= 15:
                reading.phones.append(" ".join(phone.split()))
                line = line.replace(phone, " ")
                found = True
        line = _LABEL.sub("", " ".join(line.split())).strip(" .,;:-")
        if line and not (found and len(line) < 4):
            rest.append(line)
    for line in rest:
        if not reading.given_name and _is_name(line):
            reading.given_name, reading.family_name = split_name(line)
        elif not reading.position and any(fold(w).strip(",.") in JOB_WORDS for w in line.split()):
            reading.position = line
        elif not reading.organization and (LEGAL.search(line) or line.isupper()):
            reading.organization = line
        else:
            reading.unread.append(line)
    if not reading.organization and reading.unread:
        reading.organization = reading.unread.pop(0)
    if not reading.organization and reading.emails:
        domain = reading.emails[0].split("@", 1)[1].split(".")[0]
        reading.organization = domain.capitalize()
    return reading
