"""The one error family of tisser.

Every failure a user can meet is a :class:`TisserError`. The CLI prints it as one line
(what went wrong, where, what to do) and exits non-zero; the web layer will render it as a
page. Nothing else may escape to a user, so code that catches a library's exception wraps it
in one of these.

Tree::

    TisserError
    ├── InvalidInput          a value the user typed or a file held is not acceptable
    ├── NotFound              no record answers to that name or id
    │   └── ContactNotFound   ... with the closest names as suggestions
    ├── Ambiguous             several records answer; the user must pick one
    └── StoreError            the database cannot be opened, read, written or migrated
"""

from __future__ import annotations

from collections.abc import Sequence


class TisserError(Exception):
    """Base of every error tisser reports to a user.

    ``message`` says what is wrong, ``where`` names the file, line, card or field, and
    ``hint`` says what to do about it. Messages are already translated by the caller.
    """

    exit_code = 1

    def __init__(self, message: str, *, where: str = "", hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def one_line(self) -> str:
        """The message, place and hint as a single line for a terminal."""
        parts = [f"{self.where}: {self.message}" if self.where else self.message]
        if self.hint:
            parts.append(self.hint)
        return " — ".join(parts)


class InvalidInput(TisserError):
    """A value typed by the user or read from a file is not acceptable."""

    exit_code = 2


class NotFound(TisserError):
    """No record answers to the given name or id."""

    exit_code = 3


class ContactNotFound(NotFound):
    """No contact answers to a name; ``suggestions`` holds the closest display names."""

    def __init__(
        self, message: str, *, suggestions: Sequence[str] = (), where: str = "", hint: str = ""
    ) -> None:
        super().__init__(message, where=where, hint=hint)
        self.suggestions = list(suggestions)


class Ambiguous(TisserError):
    """Several records answer to a name; ``candidates`` lists them for the user to choose."""

    exit_code = 4

    def __init__(
        self, message: str, *, candidates: Sequence[str] = (), where: str = "", hint: str = ""
    ) -> None:
        super().__init__(message, where=where, hint=hint)
        self.candidates = list(candidates)


class StoreError(TisserError):
    """The database cannot be opened, read, written or migrated."""

    exit_code = 5
