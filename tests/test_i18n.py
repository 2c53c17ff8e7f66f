"""The French catalogue against the sources, and the language runtime.

The messages are extracted here with Babel's Python API, straight from ``src/tisser`` (the
Python sources and the web application's Jinja2 templates), so
these checks do not trust ``tisser.pot`` (which may be stale): every marked string must have
a French translation, placeholders and Rich markup must survive translation, and the ``.po``
must hold no entry the sources no longer use.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from rich.errors import StyleSyntaxError
from rich.style import Style

import tisser.i18n as i18n
from tisser.i18n import detect_language, get_language, set_language

SRC = Path(i18n.__file__).resolve().parents[1]
PO_FILE = Path(i18n.__file__).resolve().parent / "locale" / "fr" / "LC_MESSAGES" / "tisser.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "nsay": (1, 2)}  # nsay: the core's plurals

MsgId = str | tuple[str, ...]


def _source_messages() -> dict[MsgId, list[str]]:
    """msgid (a tuple for plurals) -> the places that mark it, from the sources."""
    found: dict[MsgId, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SRC),
        method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
        options_map={"**/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}},
        keywords=KEYWORDS,
    ):
        key: MsgId = tuple(message) if isinstance(message, list | tuple) else message
        if not (key[0] if isinstance(key, tuple) else key):
            continue
        found.setdefault(key, []).append(f"{SRC.name}/{filename}:{lineno}")
    return found


SOURCE = _source_messages()


def _read_catalog() -> Catalog:
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="fr")


CATALOG = _read_catalog()


def _entries() -> Iterator[Message]:
    return (m for m in CATALOG if m.id)


def _key(message: Message) -> MsgId:
    return tuple(message.id) if isinstance(message.id, list | tuple) else message.id


def _forms(message: Message) -> list[str]:
    """The msgid(s) of an entry, paired below with its msgstr(s)."""
    return list(message.id) if isinstance(message.id, list | tuple) else [message.id]


def _translations(message: Message) -> list[str]:
    if isinstance(message.string, list | tuple):
        return [s or "" for s in message.string]
    return [message.string or ""]


def _placeholders(text: str) -> Counter[tuple[str, str | None, str]]:
    """``{name!r:spec}`` fields of a ``str.format`` template, with their conversions."""
    return Counter(
        (field, conversion, spec or "")
        for _literal, field, spec, conversion in string.Formatter().parse(text)
        if field is not None
    )


_BRACKETS = re.compile(r"\[(/?)([^\[\]]*)\]")


def _is_style(name: str) -> bool:
    try:
        Style.parse(name)
    except StyleSyntaxError:
        return False
    return bool(name.strip())


def _rich_tags(text: str) -> Counter[str]:
    """Rich markup tags (``[blue]``, ``[bold red]``, ``[/]``), not Typer's ``[required]``."""
    tags: Counter[str] = Counter()
    for match in _BRACKETS.finditer(text):
        closing, name = match.groups()
        if (closing and not name) or _is_style(name):
            tags[match.group(0)] += 1
    return tags


def test_sources_have_messages() -> None:
    assert len(SOURCE) > 100, "extraction found too few messages: is the keyword list right?"
    assert "first circle" in SOURCE  # an N_ string
    assert ("{n} contact", "{n} contacts") in SOURCE  # an ngettext pair
    # the web application's templates are extracted too
    assert any("/templates/" in place for places in SOURCE.values() for place in places)
    assert "Log an interaction" in SOURCE


def test_header() -> None:
    assert str(CATALOG.locale) == "fr"
    assert CATALOG.plural_forms == "nplurals=2; plural=(n > 1);"
    assert CATALOG.charset.lower() == "utf-8"
    assert not CATALOG.fuzzy


def test_every_source_message_is_translated() -> None:
    translated = {_key(m): m for m in _entries() if not m.fuzzy and all(_translations(m))}
    missing = sorted(
        (
            f"{key!r} ({', '.join(places)})"
            for key, places in SOURCE.items()
            if key not in translated
        ),
    )
    assert not missing, f"{len(missing)} message(s) without French translation:\n" + "\n".join(
        missing
    )


def test_plural_entries_have_both_forms() -> None:
    for message in _entries():
        if message.pluralizable:
            assert len(_translations(message)) == 2, message.id
            assert all(_translations(message)), f"plural form missing for {message.id!r}"


def test_placeholders_are_kept() -> None:
    wrong = []
    for message in _entries():
        for msgid, msgstr in zip(_forms(message), _translations(message), strict=False):
            if not msgstr:
                continue
            expected = _placeholders(msgid)
            if set(_placeholders(msgstr)) != set(expected):
                wrong.append(f"{msgid!r} -> {msgstr!r}")
                continue
            # The translation must also format with the values the code passes.
            named = {name: "x" for name, _c, _s in expected if name}
            positional = ["x"] * sum(1 for name, _c, _s in expected if not name)
            try:
                msgstr.format(*positional, **named)
            except (KeyError, IndexError, ValueError) as exc:
                wrong.append(f"{msgstr!r}: {exc!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_rich_markup_is_kept() -> None:
    wrong = [
        f"{msgid!r} -> {msgstr!r}"
        for message in _entries()
        for msgid, msgstr in zip(_forms(message), _translations(message), strict=False)
        if msgstr and _rich_tags(msgid) != _rich_tags(msgstr)
    ]
    assert not wrong, "Rich markup differs:\n" + "\n".join(wrong)


def test_rich_tag_detection() -> None:
    assert _rich_tags("Try [blue]'x'[/] for help.") == Counter({"[blue]": 1, "[/]": 1})
    assert _rich_tags("[required] [default: {}]") == Counter()


def test_no_stale_entries() -> None:
    stale = sorted(repr(_key(m)) for m in _entries() if _key(m) not in SOURCE)
    assert not stale, "entries no longer in the sources:\n" + "\n".join(stale)
    assert not CATALOG.obsolete, f"obsolete (#~) entries left: {list(CATALOG.obsolete)}"


# --- the runtime ---------------------------------------------------------------------------


@pytest.fixture
def language() -> Iterator[None]:
    previous = get_language()
    yield
    set_language(previous)


@pytest.mark.usefixtures("language")
def test_french_gettext() -> None:
    set_language("fr")
    assert i18n.gettext("first circle") == "premier cercle"
    assert i18n._("Commands") == "Commandes"
    assert i18n.gettext("not a msgid at all") == "not a msgid at all"


@pytest.mark.usefixtures("language")
def test_english_returns_msgids() -> None:
    set_language("en")
    assert i18n.gettext("first circle") == "first circle"
    assert i18n.gettext("Commands") == "Commands"


@pytest.mark.usefixtures("language")
def test_french_plural_rule() -> None:
    entry = CATALOG.get(("{n} contact", "{n} contacts"))
    assert entry is not None
    singular, plural = entry.string
    set_language("fr")
    assert i18n.ngettext("{n} contact", "{n} contacts", 0) == singular
    assert i18n.ngettext("{n} contact", "{n} contacts", 1) == singular
    assert i18n.ngettext("{n} contact", "{n} contacts", 2) == plural


@pytest.mark.usefixtures("language")
def test_english_plural_rule() -> None:
    set_language("en")
    assert i18n.ngettext("{n} contact", "{n} contacts", 0) == "{n} contacts"
    assert i18n.ngettext("{n} contact", "{n} contacts", 1) == "{n} contact"
    assert i18n.ngettext("{n} contact", "{n} contacts", 2) == "{n} contacts"


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["--lang", "en"], {"LANG": "fr_FR.UTF-8"}, "en"),
        (["--lang=en"], {"LANG": "fr_FR.UTF-8"}, "en"),
        (["--lang", "fr"], {"TISSER_LANG": "en"}, "fr"),
        ([], {"TISSER_LANG": "en", "LANG": "fr_FR.UTF-8"}, "en"),
        ([], {"TISSER_LANG": "fr", "LANG": "en_US.UTF-8"}, "fr"),
        ([], {"LANG": "C"}, "fr"),
        ([], {"LANG": "POSIX"}, "fr"),
        ([], {}, "fr"),
        ([], {"LANG": "de_DE.UTF-8"}, "en"),
        ([], {"LANG": "fr_CA.UTF-8"}, "fr"),
        ([], {"LANGUAGE": "fr:en"}, "fr"),
        ([], {"LANGUAGE": "fr:en", "LANG": "en_US.UTF-8"}, "fr"),
        ([], {"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_detect_language(argv: list[str], environ: dict[str, str], expected: str) -> None:
    assert detect_language(argv, environ) == expected
