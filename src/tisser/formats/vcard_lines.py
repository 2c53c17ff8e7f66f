"""vCard bytes -> cards of properties: the tokenizer of :mod:`tisser.formats.vcard`.

Two paths give the same cards:

- :func:`general_cards` reads any file, however broken: one physical line at a time, with
  the modes a 2.1 property switches on (quoted-printable soft breaks whose next line is
  not indented, base64 whose lines are not indented), nested cards, stray ``END:VCARD``,
  a file cut off in the middle.
- :func:`fast_cards` reads the common file (UTF-8 once unfolded, no base64, no
  quoted-printable soft break, cards one after another) with a few whole-text operations
  in C: unfold, decode once, split at ``BEGIN``/``END``, one ``partition`` per property,
  and the value already text unless its parameters ask for decoding. It returns None as
  soon as the file is not that common one, and the general path reads it instead; what it
  returns is what the general path would (a test compares both on the real files and on
  fuzzed ones). Importing 10,000 cards, it is several times faster.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from tisser.formats.text import bom_encoding

_B64_LINE = re.compile(rb"^[A-Za-z0-9+/=]+$")
ENCODINGS = {"QUOTED-PRINTABLE", "QP", "BASE64", "B", "8BIT", "7BIT"}
BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
MEDIA = {"JPEG": "image/jpeg", "JPG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}


@dataclass(slots=True)
class Prop:
    """One property.

    ``text``: the value already decoded (fast path, values without ENCODING or another
    CHARSET), else None and :func:`tisser.formats.vcard.prop_text` decodes ``raw``; ``raw``
    is then empty unless the property is binary (a photo). ``line``: where it starts, 0 on
    the fast path (only base64 photos report a property's line, and files holding base64
    take the general path).
    """

    name: str
    group: str
    params: dict[str, list[str]]
    raw: bytes
    line: int
    text: str | None = None

    def param(self, key: str) -> str:
        values = self.params.get(key)
        return values[0] if values else ""

    def types(self) -> set[str]:
        return {t.upper() for t in self.params.get("TYPE", [])}


@dataclass(slots=True)
class Card:
    number: int
    line: int
    props: list[Prop] = field(default_factory=list)


# --- lines -----------------------------------------------------------------------------


def normalized(data: bytes) -> bytes:
    """``data`` as UTF-8 bytes (a UTF-16/32 BOM decoded), every line end one ``\\n``."""
    encoding, skip = bom_encoding(data)
    if encoding and encoding != "utf-8":
        data = data[skip:].decode(encoding, errors="replace").encode("utf-8")
    else:
        data = data[skip:]
    return data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _mode(line: bytes) -> str:
    colon = line.find(b":")
    head = line[:colon] if colon >= 0 else line
    if b";" not in head:
        return ""
    head = head.upper()
    if b"QUOTED-PRINTABLE" in head:
        return "qp"
    if b"BASE64" in head or b"ENCODING=B" in head or head.endswith(b";B") or b";B;" in head:
        return "b64"
    return ""


def logical_lines(data: bytes) -> list[tuple[int, bytes]]:
    """Unfolded properties of normalized ``data`` with the number of the line each starts on."""
    out: list[tuple[int, bytes]] = []
    cur: bytearray | None = None
    cur_line = 0
    mode = ""
    for number, line in enumerate(data.split(b"\n"), 1):
        if cur is not None and mode == "qp" and cur.endswith(b"="):
            # A 2.1 soft break: the next line continues the value whatever its indent;
            # a blank line there is what a cropped export leaves, skipped.
            upper = line.strip().upper()
            if not line.strip():
                continue
            if not upper.startswith((b"END:VCARD", b"BEGIN:VCARD")):
                del cur[-1]
                cur += line
                continue
        if cur is not None and line[:1] in (b" ", b"\t"):
            cur += line.strip() if mode == "b64" else line[1:]
            continue
        if cur is not None and mode == "b64" and line and _B64_LINE.match(line.strip()):
            cur += line.strip()
            continue
        if cur is not None:
            out.append((cur_line, bytes(cur)))
            cur = None
        if not line.strip():
            continue
        cur = bytearray(line)
        cur_line = number
        mode = _mode(line)
    if cur is not None:
        out.append((cur_line, bytes(cur)))
    return out


# --- property heads --------------------------------------------------------------------

# name, group, parameters
Head = tuple[str, str, dict[str, list[str]]]


def _is_charset(name: str) -> bool:
    try:
        codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return False
    return True


def parse_head(raw: str) -> Head | None:
    """``item1.TEL;TYPE=CELL,VOICE`` -> ``("TEL", "ITEM1", {"TYPE": ["CELL", "VOICE"]})``."""
    parts = raw.split(";") if '"' not in raw else _split_outside_quotes(raw)
    name = parts[0].strip().upper()
    group = ""
    if "." in name:
        group, name = name.rsplit(".", 1)
    if not name or " " in name:
        return None
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            key, value = part.split("=", 1)
            if (
                value.startswith('"')
                and value.endswith('"')
                and len(value) > 1
                and (key.strip().upper() != "TYPE")
            ):
                values = [value[1:-1]]  # a quoted value is one value (SORT-AS="a;b")
            else:
                values = [v.strip().strip('"') for v in value.split(",")]
            params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
            continue
        bare = part.upper()
        if bare in ENCODINGS:
            params.setdefault("ENCODING", []).append(bare)
        elif bare in MEDIA:
            params.setdefault("TYPE", []).append(bare)
        elif "-" in bare and _is_charset(bare):
            params.setdefault("CHARSET", []).append(bare)
        else:
            params.setdefault("TYPE", []).append(bare)
    return name, group, params


def _split_outside_quotes(raw: str) -> list[str]:
    """``raw`` split at the semicolons that are not inside a quoted parameter value."""
    parts: list[str] = []
    buf: list[str] = []
    inside = False
    for ch in raw:
        if ch == '"':
            inside = not inside
        if ch == ";" and not inside:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return parts


def _colon_outside_quotes(line: bytes | str, colon: int) -> int:
    """The first colon of ``line`` not inside a quoted parameter value (``LABEL="a:b"``)."""
    inside = False
    for i, ch in enumerate(line):
        if ch in (0x22, '"'):
            inside = not inside
        elif ch in (0x3A, ":") and not inside:
            return i
    return colon


def _parse_prop(number: int, line: bytes, cache: dict[bytes, Head | None]) -> Prop | None:
    """One property line; ``cache`` keeps the parsed heads (``TEL;TYPE=CELL``) of a file."""
    colon = line.find(b":")
    if colon <= 0:
        return None
    quote = line.find(b'"')
    if 0 <= quote < colon:  # a quoted parameter value may hold a colon
        colon = _colon_outside_quotes(line, colon)
    raw_head = line[:colon]
    if raw_head in cache:
        head = cache[raw_head]
    else:
        head = cache[raw_head] = parse_head(raw_head.decode("utf-8", errors="replace"))
    if head is None:
        return None
    return Prop(head[0], head[1], head[2], line[colon + 1 :], number)


# --- the general path ------------------------------------------------------------------


def general_cards(data: bytes) -> tuple[list[tuple[Card, bool]], list[int]]:
    """Every card of normalized ``data`` (nested ones apart) and whether it ended properly;
    and the lines of ``END:VCARD`` found outside any card."""
    done: list[tuple[Card, bool]] = []
    stray: list[int] = []
    stack: list[Card] = []
    count = 0
    heads: dict[bytes, Head | None] = {}
    for number, line in logical_lines(data):
        upper = line.strip().upper()
        if upper == b"BEGIN:VCARD":
            count += 1
            stack.append(Card(count, number))
            continue
        if upper == b"END:VCARD":
            if stack:
                done.append((stack.pop(), True))
            else:
                stray.append(number)
            continue
        if not stack:
            continue
        prop = _parse_prop(number, line, heads)
        if prop is not None:
            stack[-1].props.append(prop)
    while stack:
        done.append((stack.pop(), False))
    done.sort(key=lambda item: item[0].number)
    return done, stray


# --- the fast path ---------------------------------------------------------------------

# Anything that may switch a line to base64 mode (see _mode), anywhere in the file.
_B64_MARKS = (b"BASE64", b"ENCODING=B", b";B:", b";B;", b";B\n")
_BEGIN = b"\nBEGIN:VCARD\n"
_END = b"\nEND:VCARD\n"
_DECODED = {"QUOTED-PRINTABLE", "QP", "BASE64", "B"}

# A parsed head and whether its value is plain UTF-8 text (no ENCODING, no other CHARSET).
_FastHead = tuple[str, str, dict[str, list[str]], bool]


class _NotCommon(Exception):
    """The file holds something only the general path reads."""


def _fast_head(raw: str) -> _FastHead | None:
    head = parse_head(raw)
    if head is None:
        return None
    params = head[2]
    encoding = params.get("ENCODING")
    charset = params.get("CHARSET")
    if encoding and encoding[0].upper() in ("BASE64", "B"):
        raise _NotCommon  # base64 lines may continue unindented: the general path's job
    plain = not (encoding and encoding[0].upper() in _DECODED) and not (
        charset and not charset[0].lower().replace("-", "").startswith("utf8")
    )
    return head[0], head[1], params, plain


def _find_all(text: bytes, word: bytes) -> list[int]:
    out: list[int] = []
    pos = text.find(word)
    while pos >= 0:
        out.append(pos)
        pos = text.find(word, pos + 1)
    return out


def fast_cards(data: bytes) -> list[Card] | None:
    """The cards of normalized ``data`` if it is a common file (see the module), else None.

    Why each check keeps the result identical to :func:`general_cards`:

    - no base64 mark anywhere: no line is in base64 mode, so a line continues the previous
      one exactly when it starts with a space or a tab, and loses that one character;
    - no quoted-printable, or no line ending with ``=``: no soft break ever applies;
    - then unfolding is removing every ``\\n`` followed by a space or a tab. The general
      path does not join a continuation that follows a blank line; here it is joined to
      the blank line, which only differs by leading blanks, stripped from every name and
      never part of a value;
    - every ``BEGIN:VCARD`` and ``END:VCARD`` of the text, before and after unfolding, is a
      whole line at column 0 that nothing continues, and they alternate (no nesting, no
      stray END, no cut card): the cards, their numbers and first lines are those of the
      general path;
    - each card is UTF-8 once unfolded: a value is a slice of it, decoded as the general
      path decodes a value without ENCODING or CHARSET; the others keep their bytes.
    """
    upper = data.upper()
    if any(mark in upper for mark in _B64_MARKS) or upper.endswith(b";B"):
        return None
    if b"QUOTED-PRINTABLE" in upper and (b"=\n" in data or data.endswith(b"=")):
        return None
    up = b"\n" + upper + b"\n"
    n = up.count(b"BEGIN:VCARD")
    if not (n == up.count(_BEGIN) == up.count(b"END:VCARD") == up.count(_END)):
        return None
    if any(mark + follow in up for mark in (_BEGIN, _END) for follow in (b" ", b"\t")):
        return None
    unfolded = (b"\n" + data + b"\n").replace(b"\n ", b"").replace(b"\n\t", b"")
    up_unfolded = unfolded.upper()
    if up_unfolded.count(b"BEGIN:VCARD") != n or up_unfolded.count(b"END:VCARD") != n:
        return None
    begins = _find_all(up_unfolded, _BEGIN)
    ends = _find_all(up_unfolded, _END)
    if any(b > e for b, e in zip(begins, ends, strict=True)) or any(
        e > b for e, b in zip(ends, begins[1:], strict=False)
    ):
        return None
    heads: dict[str, _FastHead | None] = {}
    cards: list[Card] = []
    line_no, pos = 0, 0
    try:
        for number, (physical, b, e) in enumerate(
            zip(_find_all(up, _BEGIN), begins, ends, strict=True), 1
        ):
            line_no += up.count(b"\n", pos, physical + 1)
            pos = physical + 1
            body = unfolded[b + len(_BEGIN) : e].decode("utf-8")
            card = Card(number, line_no)
            _fast_props(body, heads, card.props)
            cards.append(card)
    except (_NotCommon, UnicodeDecodeError):
        return None
    return cards


def _fast_props(body: str, heads: dict[str, _FastHead | None], out: list[Prop]) -> None:
    for line in body.split("\n"):
        colon = line.find(":")
        if colon <= 0:
            continue
        if '"' in line[:colon]:  # a quoted parameter value may hold a colon
            colon = _colon_outside_quotes(line, colon)
        raw_head = line[:colon]
        if raw_head in heads:
            head = heads[raw_head]
        else:
            head = heads[raw_head] = _fast_head(raw_head)
        if head is None:
            continue
        name, group, params, plain = head
        value = line[colon + 1 :]
        if plain:
            raw = value.encode("utf-8") if name in BINARY else b""
            out.append(Prop(name, group, params, raw, 0, value))
        else:
            out.append(Prop(name, group, params, value.encode("utf-8"), 0))
