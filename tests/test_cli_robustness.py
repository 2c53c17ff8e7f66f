"""Whatever a user types, tisser answers with a result or one clear line, never a crash.

Hypothesis throws arbitrary text at the commands that take free input; every run must end
with a known exit code (0 ok, 1-5 for the error family and refusals, 2 for usage errors),
never the "unexpected error" code 70, and never print a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tisser.cli import INTERNAL_ERROR_EXIT, main

KNOWN_CODES = {0, 1, 2, 3, 4, 5}
typed = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("robust") / "t.db"


@pytest.fixture(autouse=True)
def _env(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TISSER_DB", str(database))
    monkeypatch.setenv("TISSER_TODAY", "2026-11-23")
    monkeypatch.setenv("TISSER_LANG", "fr")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> int:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code != INTERNAL_ERROR_EXIT, err
    assert code in KNOWN_CODES, (code, err)
    assert "Traceback" not in out + err
    if code:
        assert err.strip(), "a failure must say why"
    return code


SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(name=typed, org=typed, phone=typed, date=typed)
def test_add_never_crashes(capsys, name: str, org: str, phone: str, date: str) -> None:
    _run(capsys, "add", name, "--org", org, "--phone", phone, "--met-on", date, "--force")


@SETTINGS
@given(who=typed, channel=typed, when=typed, gave=typed)
def test_log_never_crashes(capsys, who: str, channel: str, when: str, gave: str) -> None:
    _run(capsys, "add", "Claire Dubois", "--force")
    _run(capsys, "log", who, channel, "--date", when, "--gave", gave)


@SETTINGS
@given(query=typed)
def test_search_show_list_never_crash(capsys, query: str) -> None:
    if _run(capsys, "search", query, "--json") == 0:
        json.loads(capsys.readouterr().out or "[]")
    _run(capsys, "show", query)
    _run(capsys, "list", "--city", query, "--tag", query, "--not-seen-since", query)
    _run(capsys, "list", "--circle", query)
