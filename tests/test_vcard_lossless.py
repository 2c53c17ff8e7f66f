"""Lossless vCard (issue #17): every real file of ../shared/realdata/vcard imported, exported
in the same version, and both sides parsed by vobject (the independent reference): every
property of the original comes back with the same value and parameters.

The normalisation, short on purpose (also in docs/contacts.md):

- folding, line ends, property order, parameter and group case are not compared;
- the file's byte encoding is undone on both sides: QUOTED-PRINTABLE, CHARSET and 2.1's
  bare parameters (``TEL;CELL`` is ``TEL;TYPE=CELL``); tisser writes 2.1 cards as 3.0;
- ``PREF`` as a type (3.0) or a parameter (4.0) is one flag;
- a photo is compared by its decoded bytes (its media type written the export's way);
- VERSION, PRODID and REV are tisser's own on export; UID, FN and N are added when the card
  had none, ``X-TISSER-*`` carry tisser's fields; nothing else may be added.

What vobject itself cannot read of an original (a line it skips) is not compared; the
cards tisser refuses with a message (a group card, a card without any name) neither, nor a
photo it refuses with a message (not valid base64).
"""

from __future__ import annotations

import base64
import codecs
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import vobject

from tisser.formats import vcard

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "vcard"
FILES = sorted(REAL.rglob("*.vcf"))
IGNORED = {"VERSION", "PRODID", "REV", "PROFILE"}
ADDED = {"UID", "FN", "N"}
# Where vobject misreads the original value itself; the values are checked by
# tests/test_formats_vcard.py against what the file says.
VOBJECT_WORSE = {
    "v21_adr_multiple_line.vcf": "an address continued on unindented lines ending with a "
    "backslash: vobject keeps the first line only",
}


def _decode_line(line: bytes, fallback: str) -> str:
    """A physical line as text: as its CHARSET says, else UTF-8, else the charset another
    line of the card declares (Outlook declares it on one property only), else cp1252."""
    head = line.split(b":", 1)[0].upper()
    m = re.search(rb"CHARSET=([A-Z0-9_-]+)", head)
    if m and b"QUOTED-PRINTABLE" not in head:
        try:
            return line.decode(m.group(1).decode())
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode(fallback, errors="replace")


def _card_charset(lines: list[bytes]) -> str:
    for line in lines:
        m = re.search(rb"CHARSET=([A-Za-z0-9_-]+)", line.split(b":", 1)[0])
        if m and not m.group(1).upper().startswith(b"UTF"):
            try:
                return codecs.lookup(m.group(1).decode()).name
            except LookupError:
                continue
    return "cp1252"


def _soft_breaks(lines: list[bytes]) -> list[bytes]:
    """2.1's quoted-printable soft breaks joined: a QP line ending with ``=`` goes on on the
    next line, indented or not (vobject only joins indented ones)."""
    out: list[bytes] = []
    joining = False
    for line in lines:
        if joining and line.strip():
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
        head = out[-1].split(b":", 1)[0].upper()
        joining = b"QUOTED-PRINTABLE" in head and out[-1].endswith(b"=")
    return out


def original_cards(data: bytes) -> list[str]:
    """The cards of a file as texts, numbered as they begin (a nested card apart)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = data.decode("utf-16").encode("utf-8")
    data = data.removeprefix(b"\xef\xbb\xbf")
    cards: list[list[bytes]] = []
    stack: list[int] = []
    for line in _soft_breaks(re.split(rb"\r\r\n|\r\n|\n|\r", data)):
        word = line.strip().upper()
        if word == b"BEGIN:VCARD":
            cards.append([b"BEGIN:VCARD"])
            stack.append(len(cards) - 1)
        elif word == b"END:VCARD" and stack:
            cards[stack.pop()].append(b"END:VCARD")
        elif stack:
            cards[stack[-1]].append(line)
    texts = []
    for card in cards:
        charset = _card_charset(card)
        lines = [_decode_line(line, charset) for line in card]
        if lines[-1] != "END:VCARD":
            lines.append("END:VCARD")
        texts.append("\r\n".join(lines))
    return texts


def _b64(text: str) -> bytes:
    text = "".join(text.split()).rstrip("=")
    text = text[: len(text) - len(text) % 4] if len(text) % 4 == 1 else text
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _unescaped(text: str) -> str:
    return re.sub(r"\\([,;:])", r"\1", text)


def _value(name: str, value: Any) -> Any:
    if isinstance(value, bytes):
        return value
    if name == "PHOTO" and isinstance(value, str) and value.lower().startswith("data:"):
        return _b64(value.split(",", 1)[1])
    if name == "PHOTO" and isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9+/=\s]{40,}", value):
        return _b64(value)
    if hasattr(value, "__dict__") and not isinstance(value, str):  # vobject's Name, Address
        return tuple(
            ",".join(v) if isinstance(v, list) else str(v).strip() for v in vars(value).values()
        )
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value)
    text = _unescaped(str(value).strip().replace("\r\n", "\n"))
    if name in ("BDAY", "ANNIVERSARY"):
        return re.sub(r"\D", "", text.split("T")[0])
    return text


def _params(line: Any) -> tuple[Any, ...]:
    if line.name.upper() == "PHOTO":
        return ()
    params: dict[str, set[str]] = {}
    for key, values in line.params.items():
        key = key.upper()
        if key in ("ENCODING", "CHARSET"):
            continue
        if key == "PREF":
            params.setdefault("TYPE", set()).add("PREF")
            continue
        params.setdefault(key, set()).update(
            part.upper() for v in values for part in (v.split(",") if key == "TYPE" else [v])
        )
    for bare in line.singletonparams:
        bare = bare.upper()
        encoding = bare in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT")
        if not encoding and not bare.startswith(("UTF", "ISO", "SHIFT", "WINDOWS")):
            params.setdefault("TYPE", set()).add(bare)
    return tuple(sorted((k, tuple(sorted(v))) for k, v in params.items()))


class _Skipped(logging.Handler):
    """Counts the lines vobject skips (it logs them): such a card is not checked for
    additions, since what vobject missed in the original shows as added."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def properties(card_text: str, skipped: _Skipped | None = None) -> Counter[tuple[Any, ...]]:
    """The properties vobject reads of one card, normalised as the module says."""
    log = logging.getLogger("vobject.base")
    if skipped is not None:
        log.addHandler(skipped)
    try:
        card = vobject.readOne(card_text, ignoreUnreadable=True)
    finally:
        if skipped is not None:
            log.removeHandler(skipped)
    out: Counter[tuple[Any, ...]] = Counter()
    for line in card.getChildren():
        if not hasattr(line, "params"):  # a nested component
            continue
        name = line.name.upper()
        if name in IGNORED:
            continue
        out[(name, (line.group or "").upper(), _params(line), _value(name, line.value))] += 1
    return out


def _export(records: list[Any], version: str) -> list[str]:
    texts = []
    for i, r in enumerate(records):
        uid = r.key[4:] if r.key.startswith("uid:") else f"urn:uuid:test-{i}"
        texts.append(vcard.write_card(r.contact, uid, version, r.photo))
    return texts


def _version(data: bytes) -> str:
    m = re.search(rb"VERSION:\s*([0-9.]+)", data)
    return "4.0" if m and m.group(1).startswith(b"4") else "3.0"


def _vobject_can(text: str) -> bool:
    try:
        vobject.readOne(text, ignoreUnreadable=True)
    except Exception:
        return False
    return True


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_property_of_a_real_file_comes_back(path: Path) -> None:
    data = path.read_bytes()
    parsed = vcard.read(data)
    version = _version(data)
    cards = original_cards(data)
    exported = _export(parsed.records, version)
    compared = 0
    for record, out in zip(parsed.records, exported, strict=True):
        original = cards[record.card - 1]
        after = properties(out)  # tisser's export must always be readable by vobject
        if not _vobject_can(original):
            continue  # vobject cannot read that original at all (see the module docstring)
        skipped = _Skipped()
        before = properties(original, skipped)
        if path.name in VOBJECT_WORSE:  # compare what vobject gets right: names, groups, params
            before, after = (Counter({k[:3]: n for k, n in x.items()}) for x in (before, after))
        lost = before - after
        if any(pr.card == record.card and "photo" in pr.message for pr in parsed.problems):
            lost = Counter({k: n for k, n in lost.items() if k[0] != "PHOTO"})  # refused, said
        assert not lost, f"{path.name} card {record.card}: lost {sorted(lost, key=str)}"
        compared += 1
        if skipped.count:
            continue
        added = {p[0] for p in after - before}
        assert added <= ADDED | {n for n in added if n.startswith("X-TISSER-")}, (
            f"{path.name} card {record.card}: added {sorted(after - before, key=str)}"
        )
    if parsed.records and all(_vobject_can(c) for c in cards):
        assert compared == len(parsed.records)


def test_the_iphone_card_of_the_issue_keeps_birthday_addresses_and_typed_phones() -> None:
    """The report of issue #17, checked field by field on the model."""
    c = vcard.read((REAL / "ez-vcard" / "John_Doe_IPHONE.vcf").read_bytes()).records[0].contact
    assert c.birthday == "2012-06-06"
    assert [(a.types, a.locality, a.code) for a in c.addresses] == [
        (["HOME"], "New York", "12345"),
        (["WORK"], "New York", "12345"),
    ]
    assert c.addresses[0].street == "Silicon Alley 5,"
    assert len(c.phones) == 7
    assert c.phone_info["905-555-1234"].types == ["CELL", "VOICE"]
    assert c.phone_info["905-555-1234"].pref
    assert c.phone_info["905-111-1234"].types == ["PAGER"]
    assert c.nickname == "Johny"


def test_an_edited_field_is_written_from_the_model_not_from_the_kept_line() -> None:
    c = vcard.read((REAL / "ez-vcard" / "John_Doe_IPHONE.vcf").read_bytes()).records[0].contact
    c.organization = "Acme"
    c.birthday = "--03-15"
    card = vobject.readOne(vcard.write_card(c, "u", "4.0"))
    assert card.org.value == ["Acme"]
    assert card.bday.value == "--0315"
    # the name was not touched: its N, with honorific and middle names, is the original one
    assert card.n.value.prefix == "Mr." and card.n.value.additional == ["Richter", "James"]
