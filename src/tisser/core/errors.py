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

from collections.abc import Callable, Sequence
from typing import Any


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it here.

    The core has no language: it raises errors with English templates marked by ``N_``;
    the CLI or web layer translates the template, then fills in the parameters.
    """
    return message


def _identity(text: str) -> str:
    return text


class TisserError(Exception):
    """Base of every error tisser reports to a user.

    ``message`` is an English template marked with :func:`N_` ("cannot read the date
    {text!r}") filled from ``params``; ``where`` names the file, line, card or field; ``hint``
    (a template too) says what to do. :meth:`one_line` renders all three, translated.
    """

    exit_code = 1

    def __init__(self, message: str, *, where: str = "", hint: str = "", **params: Any) -> None:
        self.message = message
        self.where = where
        self.hint = hint
        self.params = params
        super().__init__(self.render())

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        """The message alone, translated by ``translate`` and filled in."""
        return _fill(translate(self.message), self.params)

    def one_line(self, translate: Callable[[str], str] = _identity) -> str:
        """The message, place and hint as a single line for a terminal."""
        text = self.render(translate)
        parts = [f"{self.where}: {text}" if self.where else text]
        if self.hint:
            parts.append(_fill(translate(self.hint), self.params))
        return " — ".join(parts)


def _fill(template: str, params: dict[str, Any]) -> str:
    try:
        return template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):
        return template


class InvalidInput(TisserError):
    """A value typed by the user or read from a file is not acceptable."""

    exit_code = 2


class NotFound(TisserError):
    """No record answers to the given name or id."""

    exit_code = 3


class ContactNotFound(NotFound):
    """No contact answers to a name; ``suggestions`` holds the closest display names."""

    def __init__(
        self,
        message: str,
        *,
        suggestions: Sequence[str] = (),
        where: str = "",
        hint: str = "",
        **params: Any,
    ) -> None:
        super().__init__(message, where=where, hint=hint, **params)
        self.suggestions = list(suggestions)


class Ambiguous(TisserError):
    """Several records answer to a name; ``candidates`` lists them for the user to choose."""

    exit_code = 4

    def __init__(
        self,
        message: str,
        *,
        candidates: Sequence[str] = (),
        where: str = "",
        hint: str = "",
        **params: Any,
    ) -> None:
        super().__init__(message, where=where, hint=hint, **params)
        self.candidates = list(candidates)


class StoreError(TisserError):
    """The database cannot be opened, read, written or migrated."""

    exit_code = 5
