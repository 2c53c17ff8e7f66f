"""What Google's and Outlook's CSV address books share: columns mapped by header name.

Both write one contact per row under a header whose columns vary with the data and the
product's era, so a format module only says which header names feed which field
(:class:`Layout`); this module reads the rows, joins multi-valued cells (Google's
`` ::: ``), normalises phones and e-mails, and reports rows it cannot use, by line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tisser.core import names
from tisser.core.errors import N_
from tisser.core.identity import email_key, linkedin_key, linkedin_url, phone_key, x_handle
from tisser.core.model import Contact
from tisser.formats.base import Parsed, Record
from tisser.formats.text import csv_rows, decode, header_cell, header_index

MULTI = " ::: "


@dataclass(frozen=True)
class Layout:
    """Header names (folded) feeding each field; patterns match numbered columns."""

    source: str
    given: tuple[str, ...]
    family: tuple[str, ...]
    middle: tuple[str, ...] = ()
    full: tuple[str, ...] = ()
    organization: tuple[str, ...] = ()
    position: tuple[str, ...] = ()
    city: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    email: re.Pattern[str] = re.compile(r"^$")
    phone: re.Pattern[str] = re.compile(r"^$")
    website: re.Pattern[str] = re.compile(r"^$")
    skip_tag: Callable[[str], bool] = field(default=lambda t: False)
    tag_sep: str = MULTI
    # how a header cell is compared with the names above (a spreadsheet's are typed by
    # people: "Prénom", "prenom" and "PRENOM" are one column)
    header: Callable[[str], str] = header_cell
    # e-mails and phones in the order of their columns, not of their names: a person's
    # sheet puts the main one first ("Portable" before "Fixe")
    file_order: bool = False

    def known(self) -> set[str]:
        return {
            *self.given,
            *self.family,
            *self.middle,
            *self.full,
            *self.organization,
            *self.position,
            *self.notes,
            *self.tags,
        }


def read(data: bytes, layout: Layout) -> Parsed:
    return read_rows(csv_rows(decode(data)), layout)


def read_rows(rows: list[tuple[int, list[str]]], layout: Layout) -> Parsed:
    """The contacts of ``rows`` (line, cells) under a header ``layout`` knows."""
    parsed = Parsed(layout.source)
    parsed.unreadable_rows(rows)
    start = header_row(rows, layout)
    if start < 0:
        parsed.problem(N_("no known header in the first 50 lines"))
        return parsed
    header = [layout.header(c) for c in rows[start][1]]
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        index.setdefault(h, i)

    def columns(pattern: re.Pattern[str]) -> list[int]:
        # in the order of their names ("E-mail 2" after "E-mail 1"), whatever their place
        found = [(i, h) for i, h in enumerate(header) if pattern.match(h)]
        if layout.file_order:
            return [i for i, _ in found]
        return [i for i, _ in sorted(found, key=lambda ih: _natural(ih[1]))]

    emails = columns(layout.email)
    phones = columns(layout.phone)
    sites = columns(layout.website)
    seen: dict[str, int] = {}
    for line, row in rows[start + 1 :]:
        if not any(cell.strip() for cell in row):
            continue

        def first(keys: tuple[str, ...], row: list[str] = row) -> str:
            for k in keys:
                i = index.get(k)
                if i is not None and i < len(row) and row[i].strip():
                    return row[i].strip()
            return ""

        def values(cols: list[int], row: list[str] = row) -> list[str]:
            out: list[str] = []
            for i in cols:
                if i < len(row):
                    out += [v.strip() for v in row[i].split(MULTI) if v.strip()]
            return out

        c = Contact(
            given_name=first(layout.given),
            organization=first(layout.organization),
            position=first(layout.position),
            city=first(layout.city),
            country=first(layout.country),
            notes=first(layout.notes).replace("\r\n", "\n"),
        )
        c.particle, c.family_name = names.split_particle(first(layout.family))
        if not c.given_name and not c.family_name:
            full = first(layout.full)
            if full:
                c.given_name, c.particle, c.family_name = names.parse_full_name(full)
        c.emails = list(dict.fromkeys(e for e in values(emails) if email_key(e)))
        for raw in values(phones):
            c.phones.append(phone_key(raw) or raw)
        c.phones = list(dict.fromkeys(c.phones))
        for url in values(sites):
            if linkedin_key(url):
                c.linkedin = c.linkedin or linkedin_url(url)
            elif x_handle(url):
                c.x_handle = c.x_handle or x_handle(url)
            elif not c.website:
                c.website = url
        tag_text = first(layout.tags)
        c.tags = [
            t.strip()
            for t in tag_text.split(layout.tag_sep)
            if t.strip() and not layout.skip_tag(t.strip())
        ]
        if not c.display_name:
            if c.organization:
                c.family_name = c.organization
            elif c.emails:
                c.given_name = c.emails[0]
            else:
                parsed.problem(
                    N_("a row with no name, organisation or e-mail: left out"), line=line
                )
                continue
        anchor = email_key(c.emails[0]) if c.emails else (c.phones[0] if c.phones else "")
        key = f"name:{names.fold(c.display_name)}|{anchor}"
        if key in seen:
            seen[key] += 1
            key = f"{key}#{seen[key]}"
        else:
            seen[key] = 1
        parsed.records.append(Record(key=key, contact=c, line=line))
    return parsed


def header_row(rows: list[tuple[int, list[str]]], layout: Layout) -> int:
    """The index of the first row (of 50) naming two columns ``layout`` reads: by name,
    or by the patterns of numbered columns ("E-mail 2"); -1 if none."""
    known = layout.known()
    patterns = (layout.email, layout.phone, layout.website)
    for i, (_, row) in enumerate(rows[:50]):
        cells = {layout.header(c) for c in row} - {""}
        if sum(1 for c in cells if c in known or any(p.match(c) for p in patterns)) >= 2:
            return i
    return -1


def _natural(text: str) -> list[object]:
    """``"e-mail 10 - value"`` after ``"e-mail 2 - value"``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def looks_like(rows: list[tuple[int, list[str]]], markers: set[str], need: int) -> bool:
    return header_index(rows, markers, need) >= 0
