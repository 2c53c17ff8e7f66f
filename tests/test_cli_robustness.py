"""Whatever a user types, tisser answers with a result or one clear line, never a crash.

Hypothesis throws arbitrary text at the commands that take free input; every run must end
with a known exit code (0 ok, 1-5 for the error family and refusals, 2 for usage errors),
never the "unexpected error" code 70, and never print a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tisser.cli import INTERNAL_ERROR_EXIT, main
from tisser.formats.ics_events import read_ics

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
@example(query="9223372036854999999")  # past SQLite's 64-bit integer (found by hypothesis)
def test_search_show_list_never_crash(capsys, query: str) -> None:
    if _run(capsys, "search", query, "--json") == 0:
        json.loads(capsys.readouterr().out or "[]")
    _run(capsys, "show", query)
    _run(capsys, "list", "--city", query, "--tag", query, "--not-seen-since", query)
    _run(capsys, "list", "--circle", query)


# --- tisser events (issue #7) -------------------------------------------------------

EVENT_SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@EVENT_SETTINGS
@given(title=typed, when=typed, at=typed, every=typed, duration=typed, kind=typed)
def test_events_add_never_crashes(capsys, title, when, at, every, duration, kind) -> None:
    _run(capsys, "events", "add", title, "--date", when, "--time", at, "--every", every,
         "--duration", duration, "--kind", kind)  # fmt: skip


@EVENT_SETTINGS
@given(event=typed, want=typed, name=typed)
def test_events_lookup_never_crashes(capsys, event, want, name) -> None:
    _run(capsys, "events", "add", "Afterwork", "--date", "2026-11-20")
    _run(capsys, "events", "show", event)
    _run(capsys, "events", "brief", event)
    _run(capsys, "events", "choose", "--want", want)
    _run(capsys, "events", "met", "Afterwork", name, "--yes", "--no-follow-up")


lines = st.lists(
    st.sampled_from(["BEGIN:VEVENT", "END:VEVENT", "SUMMARY:Salon", "DTSTART:20261203T183000",
                     "DTSTART;VALUE=DATE:20270420", "DTEND:20261203T170000", "RRULE:FREQ=XX",
                     "RRULE:FREQ=MONTHLY;BYDAY=1TH", "DURATION:PT2H", "LOCATION:Bordeaux",
                     "BEGIN:VALARM", "END:VALARM", " continued", "X-JUNK;;:", "UID:a"])
    | typed,
    max_size=25,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(lines)
def test_ics_reader_never_crashes(body: list[str]) -> None:
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *body, "END:VCALENDAR"])
    report = read_ics(text, "f.ics", ZoneInfo("Europe/Paris"))
    assert len(report.events) + len(report.problems) == report.total
    assert all(p.where.startswith("f.ics, event ") for p in report.problems)
