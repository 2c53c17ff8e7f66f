"""An edge list: "who knows whom" as a CSV of two or three columns.

Header ``a,b`` or ``a,b,strength`` (also ``source,target,weight`` as Gephi and networkx
write, ``from,to``, ``contact1,contact2``). A cell names a contact the way a person would
type it: a name, an e-mail, ``#42`` or ``42``; the importer resolves them against the
database and reports the unknown and ambiguous ones by line. A strength is in 0..1; a
percentage (0..100) is read as such.
"""

from __future__ import annotations

from tisser.core.errors import N_
from tisser.formats.base import EdgeRef, Parsed
from tisser.formats.text import csv_rows, decode, header_cell

SOURCE = "edges"

_A = {"a", "source", "from", "contact1", "contact a", "person1", "node1", "de"}
_B = {"b", "target", "to", "contact2", "contact b", "person2", "node2", "à", "a2"}
_S = {"strength", "weight", "force", "poids", "tie strength"}


def header(row: list[str]) -> tuple[int, int, int] | None:
    """Columns of a, b and strength (-1 if none) when ``row`` is an edge-list header."""
    cells = [header_cell(c) for c in row]
    a = next((i for i, c in enumerate(cells) if c in _A), -1)
    b = next((i for i, c in enumerate(cells) if c in _B), -1)
    if a < 0 or b < 0 or a == b:
        return None
    s = next((i for i, c in enumerate(cells) if c in _S), -1)
    return a, b, s


def looks_like(rows: list[tuple[int, list[str]]]) -> bool:
    first = next((row for _, row in rows if any(c.strip() for c in row)), None)
    return first is not None and header(first) is not None


def parse_strength(text: str) -> float | None:
    """``0.8``, ``0,8``, ``80`` or ``80%`` -> 0.8; None if empty; ValueError otherwise (2.5)."""
    text = text.strip().replace(",", ".")
    percent = text.endswith("%")
    text = text.rstrip("%").strip()
    if not text:
        return None
    value = float(text)
    if 1.0 < value <= 100.0 and (percent or value.is_integer()):
        value /= 100.0
    if not 0.0 <= value <= 1.0:
        raise ValueError(text)
    return value


def read(data: bytes) -> Parsed:
    parsed = Parsed(SOURCE)
    rows = csv_rows(decode(data))
    parsed.unreadable_rows(rows)
    start = next((i for i, (_, row) in enumerate(rows) if any(c.strip() for c in row)), None)
    cols = header(rows[start][1]) if start is not None else None
    if start is None or cols is None:
        parsed.problem(N_("no edge-list header: the first line should be a,b or a,b,strength"))
        return parsed
    a_col, b_col, s_col = cols
    for line, row in rows[start + 1 :]:
        if not any(cell.strip() for cell in row):
            continue
        a = row[a_col].strip() if a_col < len(row) else ""
        b = row[b_col].strip() if b_col < len(row) else ""
        if not a or not b:
            parsed.problem(N_("a link needs two contacts: left out"), line=line)
            continue
        strength = None
        if 0 <= s_col < len(row):
            try:
                strength = parse_strength(row[s_col])
            except ValueError:
                parsed.problem(
                    N_("strength {text!r} is not a number between 0 and 1: left out"),
                    line=line,
                    text=row[s_col],
                )
                continue
        parsed.edges.append(EdgeRef(a, b, strength, line=line))
    return parsed


def write(rows: list[tuple[str, str, float | None]]) -> list[list[str]]:
    """The rows of an edge list (header first), for a CSV writer."""
    out = [["a", "b", "strength"]]
    for a, b, s in rows:
        out.append([a, b, "" if s is None else f"{s:g}"])
    return out
