"""What every reader of an outside format returns: records, links and what it refused.

A reader never raises on bad input: it turns bytes into :class:`Record` (a core
:class:`~tisser.core.model.Contact` and the stable key the source gives it, so a second
import updates instead of duplicating), :class:`EdgeRef` ("A knows B" by name, e-mail, id or
the key of a record of the same file) and :class:`Problem` (where, what, and whether the
record was refused or only partly read). Messages are English templates marked with ``N_``
and translated at the edge, like :class:`~tisser.core.errors.TisserError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tisser.core.errors import N_
from tisser.core.model import Contact


def _identity(text: str) -> str:
    return text


@dataclass(slots=True)
class Problem:
    """Something a reader could not read. ``refused``: the record was left out."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)
    card: int | None = None
    line: int | None = None
    refused: bool = True
    file: str = ""  # set when several files are imported as one (a folder)

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        text = translate(self.message)
        try:
            return text.format(**self.params) if self.params else text
        except (KeyError, IndexError, ValueError):
            return text


@dataclass(slots=True)
class Photo:
    """A contact's picture as the file carried it."""

    media_type: str
    data: bytes


@dataclass(slots=True)
class Record:
    """One contact read from a file, with the key its source gives it."""

    key: str
    contact: Contact
    photo: Photo | None = None
    card: int | None = None
    line: int | None = None


@dataclass(slots=True)
class EdgeRef:
    """ "A knows B" as a file writes it.

    ``by_key``: ``a`` and ``b`` are keys of records of the same file (GraphML/GEXF node
    ids); otherwise they are what a person typed: a name, an e-mail, ``#id`` or an id.
    """

    a: str
    b: str
    strength: float | None = None
    line: int | None = None
    by_key: bool = False
    file: str = ""  # set when several files are imported as one (a folder, an archive)


@dataclass(slots=True)
class Parsed:
    """Everything one file held."""

    source: str
    records: list[Record] = field(default_factory=list)
    edges: list[EdgeRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(
        self,
        message: str,
        *,
        card: int | None = None,
        line: int | None = None,
        refused: bool = True,
        **params: Any,
    ) -> None:
        self.problems.append(Problem(message, params, card=card, line=line, refused=refused))

    def unreadable_rows(self, rows: object) -> None:
        """A problem for each row a CSV reader could not split (``CsvRows.unreadable``)."""
        for line, _reason in getattr(rows, "unreadable", ()):
            self.problem(N_("this row cannot be read as CSV (check its quotes): left out"),
                         line=line)  # fmt: skip
