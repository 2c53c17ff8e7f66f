"""vCard 2.1, 3.0 and 4.0 (RFC 2425/2426, RFC 6350, and the 2.1 spec of the IMC), read and
written without a vCard library.

Reading works on bytes, one card at a time, because one file mixes encodings: a 2.1 card
says ``CHARSET=SHIFT_JIS`` or ``CHARSET=UTF-8`` per property, and German Outlook exports
carry Windows-1252 bytes with no charset at all. What real exports do, and this reader
accepts (the corpus is ``../shared/realdata/vcard``: ez-vcard, AOSP, FolkerKinzel):

- line folding (CRLF + space), ``\\r\\r\\n`` line ends (iOS), UTF-16 with a BOM;
- QUOTED-PRINTABLE with soft breaks whose next line is not indented (2.1), including a soft
  break inside a UTF-8 sequence (the bytes are joined before decoding);
- bare 2.1 parameters (``TEL;WORK;VOICE``, ``PHOTO;JPEG;B``), unknown charsets (fall back);
- base64 photos whose lines are not indented and end with a blank line (2.1);
- ``itemN.`` groups with ``X-ABLabel`` (Apple), escapes ``\\, \\; \\n``, comment lines;
- a card nested in another (AOSP) read as a card of its own, and a file cut off in the
  middle (the cut card is read as far as it goes, and reported).

Cutting the bytes into cards of properties is :mod:`tisser.formats.vcard_lines`: a fast
path for the common file, the general one for everything above; this module turns each
card into a record. Each refused card is a :class:`~tisser.formats.base.Problem` naming
its number in the file.
The writer produces 4.0 (default) or 3.0, folded at 75 octets, CRLF, with a UID on every
card and ``X-TISSER-*`` properties for the fields vCard has no place for, so that an
export imported back gives the same contacts.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import contextlib
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import date

from tisser.core import names
from tisser.core.birthdays import parse_partial
from tisser.core.errors import N_
from tisser.core.identity import email_key, linkedin_key, linkedin_url, phone_key, x_handle
from tisser.core.model import (
    Address,
    Channel,
    Circle,
    Contact,
    Energy,
    RelationalProfile,
    Typed,
)
from tisser.formats.base import Parsed, Photo, Record
from tisser.formats.text import decode_8bit
from tisser.formats.vcard_keep import (
    Line,
    head,
    keep,
    kept,
    other_params,
    render,
    typed_params,
    verbatim,
)
from tisser.formats.vcard_lines import (
    BINARY,
    MEDIA,
    Card,
    Prop,
    fast_cards,
    general_cards,
    normalized,
)

SOURCE = "vcard"

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}
_EMAIL_IN = re.compile(r"[^\s<>\"',;]+@[^\s<>\"',;]+\.[^\s<>\"',;]+")


def prop_text(prop: Prop, fallback: Callable[[], str] = lambda: "cp1252") -> str:
    """The property's value as text: quoted-printable and charset undone (not unescaped).

    Without a CHARSET, UTF-8 is tried, then ``fallback()`` (the charset another property of
    the same card declares, else Windows-1252: looked for only then). A UTF-8 value cut in
    the middle of a character (a cropped file) keeps what it has rather than turning into
    mojibake.
    """
    raw = prop.raw
    encoding = prop.param("ENCODING").upper()
    if encoding in ("QUOTED-PRINTABLE", "QP"):
        raw = binascii.a2b_qp(raw)
    elif encoding in ("BASE64", "B") and prop.name not in BINARY:
        with contextlib.suppress(binascii.Error, ValueError):
            raw = base64.b64decode(raw + b"=" * (-len(raw) % 4))
    charset = prop.param("CHARSET") or ""
    if charset and not charset.lower().replace("-", "").startswith("utf8"):
        try:
            return raw.decode(charset)
        except (LookupError, ValueError):  # UnicodeDecodeError is a ValueError
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if charset or exc.start >= len(raw) - 3:
            return raw.decode("utf-8", errors="replace").rstrip("\ufffd")
        return decode_8bit(raw, fallback())


def _remember(memo: list[str], card: Card) -> str:
    memo.append(_card_charset(card.props))
    return memo[0]


def _card_charset(props: list[Prop]) -> str:
    """The one-byte charset a card declares somewhere, for its values that declare none."""
    for p in props:
        charset = p.param("CHARSET")
        if charset and not charset.lower().replace("-", "").startswith("utf"):
            try:
                codecs.lookup(charset)
            except (LookupError, ValueError):
                continue
            return charset
    return "cp1252"


def unescape(text: str) -> str:
    r"""``\,`` ``\;`` ``\\`` ``\n`` -> ``,`` ``;`` ``\`` newline; other backslashes stay."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def split_value(text: str, sep: str = ";") -> list[str]:
    """Split on ``sep`` not preceded by a backslash, then unescape each part."""
    if "\\" not in text:
        return text.split(sep)
    parts: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return [unescape(p) for p in parts]


# --- cards ---------------------------------------------------------------------------------


def read(data: bytes, *, photos: bool = True) -> Parsed:
    """Every contact of a vCard file; cards that cannot be read are reported, never raised."""
    return _read(data, photos, fast=True)


def _read(data: bytes, photos: bool, *, fast: bool) -> Parsed:
    """:func:`read`; ``fast=False`` forces the general path (the fast one's reference)."""
    parsed = Parsed(SOURCE)
    text = normalized(data)
    common = fast_cards(text) if fast else None
    if common is not None:
        cards = [(card, True) for card in common]
    else:
        cards, stray = general_cards(text)
        for line in stray:
            parsed.problem(N_("END:VCARD without a card"), line=line, refused=False)
    for card, ended in cards:
        if not ended:
            parsed.problem(
                N_("the card is cut off (no END:VCARD): read as far as it goes"),
                card=card.number,
                line=card.line,
                refused=False,
            )
        try:
            record = _record(card, parsed, photos)
        except Exception as exc:  # a reader never crashes on one card
            parsed.problem(
                N_("unreadable card: {error}"), card=card.number, line=card.line, error=str(exc)
            )
            continue
        if record is not None:
            parsed.records.append(record)
    return parsed


# Where the modelled single-valued properties go: their lines are kept (see vcard_keep).
_KEPT = {
    "FN": "name", "N": "name", "ORG": "organization", "TITLE": "position", "ROLE": "position",
    "NICKNAME": "nickname", "BDAY": "birthday", "ANNIVERSARY": "anniversary", "NOTE": "notes",
    "CATEGORIES": "tags",
}  # fmt: skip
_TYPED = {"TEL", "EMAIL", "ADR", "URL", "IMPP", "X-SOCIALPROFILE", "RELATED"}
# Written by tisser itself; PROFILE:VCARD (RFC 2426) says nothing and vobject refuses it.
_REGENERATED = {"VERSION", "PRODID", "REV", "UID", "PROFILE"}


def _address(value: str) -> Address:
    parts = [s.strip() for s in split_value(value)] + [""] * 7
    a = Address(parts[2], parts[1], parts[3], parts[4], parts[5], parts[6], parts[0])
    a.text = value
    return a


def _typed(p: Prop, value: str, text: str = "", kind: str = "") -> Typed:
    types = [t for t in (t.upper() for t in p.params.get("TYPE", [])) if t != "PREF"]
    pref = "PREF" in p.types() or bool(p.params.get("PREF"))
    return Typed(value, types, pref, p.group, other_params(p), text, kind)


def _record(card: Card, parsed: Parsed, photos: bool) -> Record | None:
    c = Contact()
    fallback: list[str] = []  # the card's charset, looked for the first time it is needed

    def text(p: Prop) -> str:
        if p.text is not None:
            return p.text
        return prop_text(p, lambda: fallback[0] if fallback else _remember(fallback, card))

    fn = ""
    n_parts: list[str] = []
    uid = ""
    notes: list[str] = []
    labels: dict[str, str] | None = None
    photo: Photo | None = None
    kind = ""
    version = "3.0"
    extra: list[Line] = []
    lines: dict[str, list[Line]] = {}
    for p in card.props:
        name = p.name
        if name in _KEPT:
            lines.setdefault(_KEPT[name], []).append(verbatim(p, text(p)))
        elif name not in _TYPED:
            if name == "VERSION":
                version = text(p).strip()
            if name.startswith("X-TISSER-"):
                if name == "X-TISSER-CATEGORIES":
                    c.categories = [v.strip() for v in split_value(text(p), ",") if v.strip()]
                else:
                    _tisser_field(c, name[9:], unescape(text(p)).strip())
                continue
            if name == "UID":
                uid = unescape(text(p)).strip()
            elif name == "PHOTO" and photos and photo is None:
                reported = len(parsed.problems)
                photo = _photo(p, card, parsed)
                if photo is None and len(parsed.problems) == reported:  # a URL: kept as is
                    extra.append(verbatim(p, text(p)))
            elif name not in _REGENERATED:
                if name == "KIND":
                    kind = text(p).strip().lower()
                elif name == "X-TWITTER":
                    c.x_handle = c.x_handle or unescape(text(p)).strip().lstrip("@")
                extra.append(verbatim(p, text(p)))
            continue
        if name == "FN":
            fn = unescape(text(p)).strip()
        elif name == "N":
            n_parts = [s.strip() for s in split_value(text(p))]
        elif name == "TEL":
            raw = unescape(text(p)).strip()
            value = raw.removeprefix("tel:")
            e164 = phone_key(value)
            number = e164 or (value if sum(ch.isdigit() for ch in value) >= 3 else "")
            if number and number not in c.phone_info:
                c.phones.append(number)
                c.phone_info[number] = _typed(p, number, raw)
            else:
                extra.append(verbatim(p, text(p)))
        elif name == "EMAIL":
            raw = unescape(text(p)).strip()
            value = raw.removeprefix("mailto:") if email_key(raw) else ""
            if not value and (found := _EMAIL_IN.search(raw)):
                value = found.group(0)
            if value and value not in c.email_info:
                c.emails.append(value)
                c.email_info[value] = _typed(p, value, raw if raw != value else "")
            else:
                extra.append(verbatim(p, text(p)))
        elif name == "ORG":
            if not c.organization:
                c.organization = next((s.strip() for s in split_value(text(p)) if s.strip()), "")
        elif name == "TITLE" or name == "ROLE":
            if not c.position:
                c.position = unescape(text(p)).strip()
        elif name == "NOTE":
            note = unescape(text(p)).strip()
            if note:
                notes.append(note)
        elif name == "ADR":
            a = _address(text(p))
            t = _typed(p, "")
            a.types, a.pref, a.group, a.params = t.types, t.pref, t.group, t.params
            c.addresses.append(a)
            if not (c.city or c.country):
                c.city, c.country = a.locality, a.country
        elif name == "URL" or name == "X-SOCIALPROFILE" or name == "IMPP":
            if labels is None:
                labels = {q.group: text(q) for q in card.props if q.name == "X-ABLABEL" and q.group}
            label = labels.get(p.group, "").lower() + " ".join(p.types()).lower()
            value = unescape(text(p)).strip()
            (c.urls if name == "URL" else c.ims).append(_typed(p, value, kind=name))
            if name != "IMPP":
                _url(c, value, label, name)
        elif name == "RELATED":
            c.related.append(_typed(p, unescape(text(p)).strip()))
        elif name == "BDAY":
            c.birthday = c.birthday or parse_partial(unescape(text(p)))
        elif name == "ANNIVERSARY":
            c.anniversary = c.anniversary or parse_partial(unescape(text(p)))
        elif name == "NICKNAME":
            c.nickname = c.nickname or split_value(text(p), ",")[0].strip()
        elif name == "CATEGORIES":
            c.tags += [t.strip() for t in split_value(text(p), ",") if t.strip()]
    if kind == "group":
        parsed.problem(
            N_("a group card (KIND:group), not a person: left out"),
            card=card.number,
            line=card.line,
        )
        return None
    _name(c, n_parts, fn, c.nickname)
    if not c.display_name and (c.emails or c.phones):
        c.given_name = (c.emails or c.phones)[0]
        parsed.problem(
            N_("the card has no name: named after its e-mail or phone"),
            card=card.number,
            line=card.line,
            refused=False,
        )
    if not c.display_name:
        parsed.problem(
            N_("the card has no name (no FN, N, nickname or organisation): left out"),
            card=card.number,
            line=card.line,
        )
        return None
    c.notes = "\n".join(notes)
    c.card = {"extra": extra} if extra else {}
    v4 = version.startswith("4")
    for field, read_lines in lines.items():
        if [render(line) for line in read_lines] != generated(c, field, v4):
            keep(c.card, field, derived(c, field), read_lines)
    _prune(c, v4)
    key = f"uid:{uid}" if uid else _content_key(c)
    return Record(key=key, contact=c, photo=photo, card=card.number, line=card.line)


def _plain(t: Typed | Address) -> bool:
    return not (t.types or t.pref or t.group or t.params)


def _prune(c: Contact, v4: bool) -> None:
    """Forget the details that say no more than what tisser writes without them, so that
    re-importing tisser's own export changes nothing (a TYPE=INTERNET e-mail, a plain URL
    that is the web site, an ``ADR`` holding only the city and country)."""
    if all(
        not (t.group or t.params or t.text)
        and t.types == ([] if v4 else ["INTERNET"])
        and t.pref == (i == 0)
        for i, t in enumerate(c.email_info[e] for e in c.emails)
    ):  # all or none: the first of a card without details is written PREF
        c.email_info.clear()
    for p in c.phones:
        t = c.phone_info[p]
        bare = not (t.types or t.pref or t.group) and t.params in ({}, {"VALUE": ["uri"]})
        if bare and t.text in ("", p, f"tel:{p}"):
            del c.phone_info[p]
    x_url = f"https://x.com/{c.x_handle}" if c.x_handle else ""
    c.urls = [t for t in c.urls if not (_plain(t) and t.value in (c.website, c.linkedin, x_url))]
    c.addresses = [
        a
        for a in c.addresses
        if not (
            _plain(a)
            and (a.locality, a.country) == (c.city, c.country)
            and not (a.street or a.extended or a.region or a.code or a.pobox)
        )
    ]


def derived(c: Contact, field: str) -> object:
    """The value of ``field`` that kept lines stand for (JSON-like, to compare later)."""
    if field == "name":
        return [c.given_name, c.particle, c.family_name]
    value = getattr(c, field)
    return list(value) if isinstance(value, list) else value


def _name(c: Contact, n_parts: list[str], fn: str, nickname: str) -> None:
    family = n_parts[0] if n_parts else ""
    given = n_parts[1] if len(n_parts) > 1 else ""
    if family or given:
        c.given_name = given
        c.particle, c.family_name = names.split_particle(family)
        return
    if fn:
        c.given_name, c.particle, c.family_name = names.parse_full_name(fn)
    elif nickname:
        c.given_name = nickname
    elif c.organization:
        c.family_name = c.organization


def _content_key(c: Contact) -> str:
    """A key for a card without UID: its folded name and first e-mail or phone."""
    anchor = email_key(c.emails[0]) if c.emails else (c.phones[0] if c.phones else "")
    return f"name:{names.fold(c.display_name)}|{anchor}"


def _url(c: Contact, value: str, label: str, prop: str) -> None:
    if not value:
        return
    if linkedin_key(value):
        c.linkedin = c.linkedin or linkedin_url(value)
        return
    handle = x_handle(value)
    if prop == "X-TWITTER" and not handle:
        handle = value.lstrip("@")
    if handle or "twitter" in label:
        c.x_handle = c.x_handle or handle or value.lstrip("@")
        return
    if "linkedin" in label:
        c.linkedin = c.linkedin or value
        return
    if prop == "URL" and not c.website:
        c.website = value


def _photo(p: Prop, card: Card, parsed: Parsed) -> Photo | None:
    raw = p.raw.strip()
    media = "image/jpeg"
    for t in p.types():
        media = MEDIA.get(t, f"image/{t.lower()}" if "/" not in t else t.lower())
        break
    if raw[:5].lower() == b"data:":
        head, _, body = raw.partition(b",")
        media = head[5:].split(b";")[0].decode("ascii", "replace") or media
        if b";base64" not in head.lower():
            return None
        raw = body
    elif p.param("ENCODING").upper() not in ("B", "BASE64"):
        return None  # a URL: nothing to keep locally
    raw = re.sub(rb"\s+", b"", raw)
    try:
        data = base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        parsed.problem(
            N_("the photo is not valid base64: the contact is kept without it"),
            card=card.number,
            line=p.line,
            refused=False,
        )
        return None
    return Photo(media, data) if data else None


# --- tisser's own fields -------------------------------------------------------------------

_TEXT_FIELDS = {
    "SECTOR": "sector",
    "FUNCTION": "function",
    "SENIORITY": "seniority",
    "GENDER": "gender",
    "MET-HOW": "met_how",
}


def _tisser_field(c: Contact, key: str, value: str) -> None:
    if not value:
        return
    try:
        if key in _TEXT_FIELDS:
            setattr(c, _TEXT_FIELDS[key], value)
        elif key == "CIRCLE":
            c.circle = Circle(int(value))
        elif key == "MET-ON":
            c.met_on = date.fromisoformat(value)
        elif key == "MET-CHANNEL":
            c.met_channel = Channel(value)
        elif key == "PROFILE":
            c.relational_profile = RelationalProfile(value)
        elif key == "ENERGY":
            c.energy = Energy(value)
        elif key == "CLOSENESS":
            c.closeness = int(value)
    except ValueError:
        return


def tisser_uid(owner_id: int, contact_id: int) -> str:
    """The UID tisser gives a contact that came with none: stable, so a re-export matches."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'tisser:{owner_id}:{contact_id}')}"


# --- writing -------------------------------------------------------------------------------


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold at 75 octets (RFC 6350 §3.2) without splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    out: list[str] = []
    chunk: list[str] = []
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(chunk))
            chunk, size, limit = [], 0, 74
        chunk.append(ch)
        size += n
    out.append("".join(chunk))
    return "\r\n ".join(out)


def write_card(c: Contact, uid: str, version: str = "4.0", photo: Photo | None = None) -> str:
    """One card, CRLF line ends, folded; ``version`` is ``"4.0"`` or ``"3.0"``.

    What the card was read with comes back: typed values with their types, groups and
    parameters, the lines of unchanged fields as read, every property tisser does not model
    (see :mod:`tisser.formats.vcard_keep`).
    """
    v4 = version.startswith("4")
    lines = ["BEGIN:VCARD", f"VERSION:{'4.0' if v4 else '3.0'}", f"UID:{escape(uid)}"]
    card = c.card

    def field(name: str) -> None:
        original = kept(card, name, derived(c, name))
        lines.extend(original if original is not None else generated(c, name, v4))

    for name in ("name", "nickname", "organization", "position", "birthday", "anniversary"):
        field(name)
    lines += _emails(c, v4)
    lines += _phones(c, v4)
    lines += _addresses(c, v4)
    lines += _links(c, v4)
    field("tags")
    field("notes")
    lines += [render(line) for line in card.get("extra", [])]
    lines += _tisser_lines(c)
    if photo is not None:
        b64 = base64.b64encode(photo.data).decode("ascii")
        if v4:
            lines.append(f"PHOTO:data:{photo.media_type};base64,{b64}")
        else:
            kind = photo.media_type.rsplit("/", 1)[-1].upper()
            lines.append(f"PHOTO;ENCODING=b;TYPE={kind}:{b64}")
    if c.updated_at is not None:
        lines.append(f"REV:{c.updated_at.strftime('%Y%m%dT%H%M%SZ')}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def generated(c: Contact, field: str, v4: bool) -> list[str]:
    """The lines tisser writes for a modelled single-valued field (see :data:`_KEPT`)."""
    if field == "name":
        family = names.join_name("", c.particle, c.family_name)
        return [f"FN:{escape(c.display_name)}", f"N:{escape(family)};{escape(c.given_name)};;;"]
    value = getattr(c, field)
    if not value:
        return []
    if field == "tags":
        return ["CATEGORIES:" + ",".join(escape(t) for t in value)]
    if field in ("birthday", "anniversary"):
        name = "BDAY" if field == "birthday" else "ANNIVERSARY" if v4 else "X-ANNIVERSARY"
        return [f"{name}:{_date_value(value, v4)}"]
    name = {"nickname": "NICKNAME", "organization": "ORG", "position": "TITLE"}.get(field, "NOTE")
    return [f"{name}:{escape(value)}"]


def _date_value(value: str, v4: bool) -> str:
    """A stored date as BDAY/ANNIVERSARY: ``--0315`` without a year in 4.0; 3.0 has no
    year-less form, so ``--03-15`` (what Apple and Android write)."""
    if value.startswith("--"):
        return "--" + value[2:].replace("-", "") if v4 else value
    return value.replace("-", "") if v4 else value


def _typed_line(name: str, t: Typed | None, value: str, v4: bool, default: str = "") -> str:
    if t is None:
        return f"{name}{default}:{value}"
    params = typed_params(t.types, t.pref, t.params, v4)
    return f"{head(t.group, name, params)}:{value}"


def _emails(c: Contact, v4: bool) -> list[str]:
    out = []
    for i, e in enumerate(c.emails):
        info = c.email_info.get(e)
        if info is None and not c.email_info:  # a contact made in tisser: the first is PREF
            pref = (";PREF=1" if v4 else ";TYPE=INTERNET,PREF") if i == 0 else ""
            out.append(f"EMAIL{pref if v4 else pref or ';TYPE=INTERNET'}:{escape(e)}")
            continue
        out.append(_typed_line("EMAIL", info, escape(info.text or e) if info else escape(e), v4))
    return out


def _phones(c: Contact, v4: bool) -> list[str]:
    out = []
    for p in c.phones:
        info = c.phone_info.get(p)
        if info is not None:
            out.append(_typed_line("TEL", info, escape(info.text or p), v4))
        elif v4 and p.startswith("+"):
            out.append(f"TEL;VALUE=uri:tel:{p}")
        else:
            out.append(f"TEL:{escape(p)}")
    return out


def _addresses(c: Contact, v4: bool) -> list[str]:
    out = []
    if (c.city or c.country) and not any(
        (a.locality, a.country) == (c.city, c.country) for a in c.addresses
    ):
        out.append(f"ADR:;;;{escape(c.city)};;;{escape(c.country)}")
    for a in c.addresses:
        parts = _parts(a)
        if a.text and _parts(_address(a.text)) == parts:
            # as read: its escaped and unescaped commas kept apart
            value = a.text.replace("\r\n", "\\n").replace("\n", "\\n")
        else:
            value = ";".join(_component(part) for part in parts)
        out.append(f"{head(a.group, 'ADR', typed_params(a.types, a.pref, a.params, v4))}:{value}")
    return out


def _parts(a: Address) -> tuple[str, ...]:
    return (a.pobox, a.extended, a.street, a.locality, a.region, a.code, a.country)


def _component(text: str) -> str:
    """An ADR component: commas stay (each component is a comma-separated list)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace("\n", "\\n")


def _links(c: Contact, v4: bool) -> list[str]:
    out = [_typed_line(t.kind or "URL", t, escape(t.value), v4) for t in [*c.urls, *c.ims]]
    out += [_typed_line("RELATED", t, escape(t.value), v4) for t in c.related]
    values = [t.value for t in [*c.urls, *c.ims]]
    twitter = [line[3] for line in c.card.get("extra", []) if line[1] == "X-TWITTER"]
    if c.linkedin and not any(linkedin_key(v) == linkedin_key(c.linkedin) for v in values):
        out.append(f"URL:{c.linkedin}")
    if c.website and c.website not in values:
        out.append(f"URL:{c.website}")
    if (
        c.x_handle
        and not any(x_handle(v) == c.x_handle for v in values)
        and not any(v.strip().lstrip("@") == c.x_handle for v in twitter)
    ):
        out.append(f"URL:https://x.com/{c.x_handle}")
    return out


def _tisser_lines(c: Contact) -> list[str]:
    out = [f"X-TISSER-CIRCLE:{int(c.circle)}"]
    for key, attr in _TEXT_FIELDS.items():
        value = getattr(c, attr)
        if value:
            out.append(f"X-TISSER-{key}:{escape(value)}")
    if c.met_on:
        out.append(f"X-TISSER-MET-ON:{c.met_on.isoformat()}")
    if c.met_channel:
        out.append(f"X-TISSER-MET-CHANNEL:{c.met_channel.value}")
    if c.relational_profile:
        out.append(f"X-TISSER-PROFILE:{c.relational_profile.value}")
    if c.energy:
        out.append(f"X-TISSER-ENERGY:{c.energy.value}")
    if c.closeness is not None:
        out.append(f"X-TISSER-CLOSENESS:{c.closeness}")
    if c.categories:
        out.append("X-TISSER-CATEGORIES:" + ",".join(escape(v) for v in c.categories))
    return out


def write(cards: Iterable[tuple[Contact, str, Photo | None]], version: str = "4.0") -> str:
    """Several cards in one text."""
    return "".join(write_card(c, uid, version, photo) for c, uid, photo in cards)
