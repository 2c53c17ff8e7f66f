"""Messages in French and English.

Source strings are English msgids; French lives in ``locale/fr/LC_MESSAGES/tisser.po``,
read at run time with Babel (no compiled ``.mo`` to keep in sync). Parsing it costs a
command's start more than the rest of ``tisser --help``, so the table read is kept in the
user's cache folder, keyed by a digest of the ``.po`` bytes: a changed catalogue is parsed
again, never read stale. A test extracts every marked string from the sources and checks
that French translates each one.

Language choice, first match wins: ``--lang`` on the command line, ``TISSER_LANG``, then
the POSIX variables ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``. A locale starting
with ``fr`` gives French, any other named language English; an unset or ``C``/``POSIX``
locale gives French, since tisser is French-first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from tisser.core import explain as _explain
from tisser.core.errors import N_

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LOCALE_DIR = Path(__file__).parent / "locale"

_current = DEFAULT_LANGUAGE
# A language for the current context only (one web request), over ``_current``.
_scoped: ContextVar[str | None] = ContextVar("tisser_language", default=None)


def normalize_language(value: str | None) -> str | None:
    """Map a locale name (``fr_FR.UTF-8``, ``en``, ``C``) to ``"fr"``, ``"en"`` or None."""
    if not value:
        return None
    code = value.split(":")[0].split(".")[0].split("_")[0].split("-")[0].strip().lower()
    if code in ("", "c", "posix"):
        return None
    return "fr" if code == "fr" else "en"


def detect_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language asked for by ``--lang`` in ``argv`` or by the environment."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return normalize_language(argv[i + 1]) or DEFAULT_LANGUAGE
        if arg.startswith("--lang="):
            return normalize_language(arg.split("=", 1)[1]) or DEFAULT_LANGUAGE
    for var in ("TISSER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        found = normalize_language(environ.get(var))
        if found:
            return found
    return DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Make ``lang`` (``"fr"`` or ``"en"``) the language of every later message."""
    global _current
    _current = normalize_language(lang) or DEFAULT_LANGUAGE


def get_language() -> str:
    return _scoped.get() or _current


@contextlib.contextmanager
def language_scope(lang: str) -> Iterator[str]:
    """Use ``lang`` for the messages of the current context only (a web request).

    The process-wide language (:func:`set_language`, the CLI's) is left alone, so two
    requests in two languages served at once each read their own.
    """
    token = _scoped.set(normalize_language(lang) or DEFAULT_LANGUAGE)
    try:
        yield _scoped.get() or DEFAULT_LANGUAGE
    finally:
        _scoped.reset(token)


def init_from_environment(argv: Sequence[str] | None = None) -> str:
    """Pick the language from ``argv`` and ``os.environ``; return it."""
    set_language(detect_language(list(argv or []), os.environ))
    return _current


@cache
def catalog(lang: str) -> dict[str, str]:
    """msgid -> translation for ``lang``; fuzzy and empty entries are left out."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "tisser.po"
    if not path.exists():
        return {}
    source = path.read_bytes()
    digest = hashlib.blake2b(source, digest_size=16).hexdigest()
    with contextlib.suppress(OSError, RuntimeError, ValueError, KeyError, TypeError):
        kept = cache_folder() / f"catalog-{lang}.json"
        saved = json.loads(kept.read_text(encoding="utf-8"))
        if saved["source"] == digest and isinstance(saved["table"], dict):
            return saved["table"]
    table = parse_catalog(source, lang)
    with contextlib.suppress(OSError, RuntimeError):  # no cache folder: parse again next time
        kept = cache_folder() / f"catalog-{lang}.json"
        kept.parent.mkdir(parents=True, exist_ok=True)
        temporary = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"source": digest, "table": table}), encoding="utf-8")
        os.replace(temporary, kept)
    return table


def parse_catalog(source: bytes, lang: str) -> dict[str, str]:
    """The translation table of one ``.po`` file's bytes, read with Babel."""
    import io

    from babel.messages.pofile import read_po

    po = read_po(io.BytesIO(source), locale=lang)
    table: dict[str, str] = {}
    for message in po:
        if message.id and message.string and not message.fuzzy:
            if isinstance(message.id, tuple):
                for form_id, form in zip(message.id, message.string, strict=False):
                    if form:
                        table[form_id] = form
            else:
                table[str(message.id)] = str(message.string)
    return table


def cache_folder() -> Path:
    """tisser's folder in the user's cache: on Linux the XDG one, found directly, since
    importing platformdirs costs more than reading the cache."""
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "tisser"
    import platformdirs

    return platformdirs.user_cache_path("tisser")


def gettext(message: str) -> str:
    """``message`` in the current language (the English msgid when untranslated)."""
    lang = get_language()
    if lang == "en":
        return message
    return catalog(lang).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Singular or plural form for ``n``; French counts 0 and 1 as singular."""
    if get_language() == "fr":
        chosen = singular if n in (0, 1) else plural
        return catalog("fr").get(chosen, chosen)
    return singular if n == 1 else plural


_ = gettext
_explain.PLURAL[0] = ngettext  # the core's plural sentences (explain.nsay) pick their form here

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "detect_language",
    "get_language",
    "gettext",
    "init_from_environment",
    "language_scope",
    "ngettext",
    "set_language",
]
