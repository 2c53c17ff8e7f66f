"""Every command has help, in French and in English."""

from __future__ import annotations

import pytest

from tisser.cli import build_command, main
from tisser.i18n import catalog, set_language


def _command_names() -> list[str]:
    set_language("en")
    return sorted(build_command().commands)


COMMANDS = _command_names()
EXPECTED = {
    "init",
    "serve",
    "me",
    "add",
    "edit",
    "show",
    "list",
    "search",
    "log",
    "journal",
    "link",
    "tag",
    "archive",
    "web",
    "delete",
    "backup",
    "restore",
    "demo",
    "overview",
    "events",
    "diagnose",
    "why",
    "report",
    "goal",
    "plan",
    "done",
    "snooze",
    "review",
    "calendar",
    "digest",
    "reach",
    "ask",
    "offer",
    "need",
    "offers",
    "introductions",
    "intro",
    "ledger",
    "import",
    "export",
    "duplicates",
    "community",
}


def test_every_command_of_the_issue_exists() -> None:
    assert set(COMMANDS) >= EXPECTED


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    yield
    set_language("en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_root_help(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", lang, "--help"]) == 0
    out = capsys.readouterr().out
    if lang == "fr":
        assert "Commandes" in out and "Affiche cette aide et quitte." in out
        assert "Ajoute un contact" in out or "Ajouter un contact" in out
    else:
        assert "Commands" in out and "Show this message and exit." in out


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_subcommand_help(name: str, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", lang, name, "--help"]) == 0
    out = capsys.readouterr().out
    set_language("en")
    command = build_command().commands[name]
    english_texts = [command.help] + [p.help for p in command.params if getattr(p, "help", None)]
    assert command.help, f"{name} has no help"
    fr = catalog("fr")
    for text in english_texts:
        first_words = " ".join(text.split()[:3])
        if lang == "en":
            assert first_words in " ".join(out.split())
        else:
            assert text in fr, f"untranslated help for {name}: {text!r}"
            assert " ".join(fr[text].split()[:3]) in " ".join(out.split())
