"""``tisser events`` end to end, in English and French, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tisser.cli import build_command, main
from tisser.i18n import catalog, set_language

TODAY = "2026-11-23"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def run(db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("TISSER_DB", db_url)
    monkeypatch.setenv("TISSER_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("TISSER_LANG", "en")
    monkeypatch.setenv("TISSER_TZ", "Europe/Paris")

    def _run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out.replace("\u00a0", " "), err.replace("\u00a0", " ")

    yield _run
    set_language("en")


def _ok(result: tuple[int, str, str]) -> str:
    code, out, err = result
    assert code == 0, err
    return out


def test_catalogue_commands(run) -> None:
    _ok(run("add", "Karim Benali", "--org", "French Tech Bordeaux"))
    _ok(run("add", "Anaïs Bénard"))
    out = _ok(run("events", "add", "Afterwork French Tech", "--kind", "afterwork", "--date",
                  "2026-12-03", "--time", "18:30", "--every", "mensuel", "--fee", "15", "--size",
                  "120", "--sector", "tech", "--goes", "Karim Benali", "--meet",
                  "Anaïs Bénard=parler export", "--travel", "40",
                  "--duration", "2h30"))  # fmt: skip
    assert "Added Afterwork French Tech (#1)" in out
    _ok(run("events", "add", "Club DirCom", "--kind", "club", "--yearly-fee", "250"))
    _ok(run("events", "add", "Petit-déj DirCom", "--kind", "petit-déjeuner", "--membership",
            "club dircom", "--date", "2026-12-15", "--time", "8:00"))  # fmt: skip
    listing = json.loads(_ok(run("events", "list", "--json")))
    by_title = {e["title"]: e for e in listing}
    after = by_title["Afterwork French Tech"]
    assert after["rrule"] == "FREQ=MONTHLY" and after["minutes_per_occurrence"] == 190
    assert after["next"] == "2026-12-03" and after["room"] == "big_room"
    assert after["wanted"] == {"2": "parler export"} and after["attendee_ids"] == [1]
    assert by_title["Petit-déj DirCom"]["membership_id"] == by_title["Club DirCom"]["id"]
    assert by_title["Petit-déj DirCom"]["kind"] == "breakfast"
    csv_out = _ok(run("events", "list", "--csv"))
    assert csv_out.splitlines()[0].startswith("id,owner_id,title")
    shown = _ok(run("events", "show", "afterwork"))
    assert "Occurrences in the next 12 months: 12" in shown and "Karim Benali" in shown
    _ok(run("events", "edit", "#1", "--title", "Afterwork FT", "--fee", "0"))
    assert "free" in _ok(run("events", "list"))
    code, _out, err = run("events", "add", "Bad", "--every", "FREQ=SOMETIMES")
    assert code == 2 and "RRULE" in err
    code, _out, err = run("events", "show", "dircom")
    assert code == 4 and "#2" in err and "#3" in err  # two titles answer: ambiguous
    code, _out, err = run("events", "delete", "Afterwork FT", stdin="n\n")
    assert code == 1
    _ok(run("events", "delete", "Afterwork FT", stdin="oui\n"))
    assert len(json.loads(_ok(run("events", "list", "--json")))) == 2


def test_choose_brief_met_results(run) -> None:
    _ok(run("init", "--name", "Hélène Marchand"))
    _ok(run("me", "--budget", "120", "--profile", "réservé"))
    _ok(run("add", "Claire Dubois", "--org", "Lectra", "--circle", "2"))
    _ok(run("events", "add", "Table ronde DAF", "--date", "2026-12-10", "--time", "19:00",
            "--size", "12", "--function", "DAF", "--goes", "Claire Dubois",
            "--bring", "talk"))  # fmt: skip
    _ok(run("events", "add", "Grand salon", "--kind", "salon", "--date", "2026-12-10",
            "--time", "18:00", "--size", "3000", "--function", "DAF", "--fee", "50"))  # fmt: skip
    _ok(run("events", "add", "Golf club", "--kind", "club", "--yearly-fee", "900"))
    out = _ok(run("events", "choose", "--want", "function=DAF", "--fees", "500"))
    assert "Table ronde DAF" in out.split("Why each is in:")[0]
    assert "Why the runner-up is out:" in out and "Grand salon" in out and "it overlaps" in out
    assert "Out of reach of the budgets" in out and "Golf club" in out
    assert "proven optimal" in out
    data = json.loads(_ok(run("events", "choose", "--want", "function=DAF", "--json")))
    assert [c["title"] for c in data["chosen"]] == ["Table ronde DAF"]
    assert data["status"] == "optimal" and data["gap"] == 0
    assert data["runner_up"]["title"] == "Grand salon"
    brief = _ok(run("events", "brief", "Table ronde", "--markdown", "--want", "function=DAF"))
    assert brief.startswith("# Table ronde DAF\n")
    assert "## Who I know who goes" in brief and "Claire Dubois (Lectra)" in brief
    assert "people in DAF" in brief and "## What I can offer\n\n- talk" in brief
    code, _out, err = run("events", "met", "Table ronde", "Yann Le Gall")
    assert code == 2 and "not taken place yet" in err
    code, _out, err = run("events", "met", "Table ronde", "Yann Le Gall", "--date", "2026-12-24")
    assert code == 2 and "future" in err
    out = _ok(run("events", "met", "Table ronde", "Yann Le Gall", "Claire Dubois", "--date",
                  "2026-11-20", stdin="o\n"))  # fmt: skip
    assert "New contact: Yann Le Gall (#2)" in out and "Seen: Claire Dubois (#1)" in out
    assert "2 follow-ups due by Nov 22, 2026" in out
    contact = json.loads(_ok(run("list", "--json")))
    yann = next(c for c in contact if c["family_name"] == "Le Gall")
    assert (yann["met_how"], yann["met_on"], yann["met_channel"]) == (
        "Table ronde DAF", "2026-11-20", "event")  # fmt: skip
    follow = json.loads(_ok(run("events", "followups", "--json")))
    assert {f["who"] for f in follow} == {"Yann Le Gall", "Claire Dubois"}
    assert {f["due_on"] for f in follow} == {"2026-11-22"} and follow[0]["state"] == "late"
    _ok(run("events", "done", str(follow[0]["id"])))
    code, _out, err = run("events", "done", "99")
    assert code == 2 and "#99" in err
    results = json.loads(_ok(run("events", "results", "--json")))
    (r,) = results
    assert (r["occurrences"], r["contacts_made"], r["followups_done"], r["followups_total"]) == (
        1, 1, 1, 2)  # fmt: skip
    assert r["value"] == pytest.approx(2.5) and r["minutes"] == 120
    assert r["value_per_hour"] == pytest.approx(1.25) and r["value_per_euro"] is None
    # Next year's choice learns from it: the round table's next session carries its history.
    again = json.loads(_ok(run("events", "choose", "--want", "function=DAF", "--json")))
    table = next(c for c in again["chosen"] if c["title"] == "Table ronde DAF")
    assert any(
        w.startswith("last time: 1.2 value per hour over 1 occurrence") for w in table["why"]
    )
    journal = json.loads(_ok(run("journal", "--json")))
    assert journal[0]["channel"] == "event" and journal[0]["about"] == "Table ronde DAF"


def test_french_output(run) -> None:
    _ok(run("events", "add", "Afterwork", "--date", "2026-12-03", "--size", "50"))
    out = _ok(run("--lang", "fr", "events", "choose"))
    assert "Pourquoi chacun est retenu" in out and "optimal" in out
    listing = _ok(run("--lang", "fr", "events", "list"))
    assert "3 déc. 2026" in listing and "gratuit" in listing
    code, _out, err = run("--lang", "fr", "events", "show", "nulle part")
    assert code == 3 and "aucun événement" in err


def _calendar(tmp_path: Path) -> Path:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Club//FR")
    cal.add("version", "2.0")
    monthly = icalendar.Event()
    monthly.add("uid", "afterwork@club")
    monthly.add("summary", "Afterwork du club")
    monthly.add("dtstart", datetime(2026, 12, 3, 18, 30, tzinfo=PARIS))
    monthly.add("dtend", datetime(2026, 12, 3, 21, 0, tzinfo=PARIS))
    monthly.add("rrule", {"freq": "monthly", "byday": "1TH"})
    monthly.add("location", "Hangar 14, 33000 Bordeaux")
    monthly.add("description", "Entrée : 15 €")
    cal.add_component(monthly)
    salon = icalendar.Event()
    salon.add("uid", "salon@club")
    salon.add("summary", "Salon des vins")
    salon.add("dtstart", datetime(2027, 4, 20).date())
    salon.add("dtend", datetime(2027, 4, 22).date())
    cal.add_component(salon)
    path = tmp_path / "club.ics"
    path.write_bytes(cal.to_ical())
    return path


def test_ics_import(run, tmp_path: Path) -> None:
    path = _calendar(tmp_path)
    out = _ok(run("events", "import", str(path), "--travel", "30"))
    assert "Imported 2 new and 0 updated of 2 events" in out
    events = {e["title"]: e for e in json.loads(_ok(run("events", "list", "--json")))}
    after = events["Afterwork du club"]
    assert (after["kind"], after["rrule"], after["duration_minutes"]) == (
        "afterwork", "FREQ=MONTHLY;BYDAY=1TH", 150)  # fmt: skip
    assert (after["entry_fee"], after["city"], after["travel_minutes"]) == (15.0, "Bordeaux", 30)
    assert after["starts_at"] == "2026-12-03T18:30:00+01:00"  # local time
    salon = events["Salon des vins"]
    assert (salon["kind"], salon["duration_minutes"]) == ("salon", 960)
    _ok(run("events", "edit", "Salon des vins", "--size", "4000"))
    again = _ok(run("events", "import", str(path)))
    assert "Imported 0 new and 2 updated" in again
    events = {e["title"]: e for e in json.loads(_ok(run("events", "list", "--json")))}
    assert len(events) == 2 and events["Salon des vins"]["expected_size"] == 4000


def test_ics_import_reports_broken_events_and_keeps_the_rest(run, tmp_path: Path) -> None:
    good = _calendar(tmp_path).read_text()
    broken = good.replace(
        "END:VCALENDAR",
        "BEGIN:VEVENT\r\nUID:x1\r\nSUMMARY:Bad date\r\nDTSTART:2026-99-99\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:x2\r\nDTSTART:20261201T080000\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:x3\r\nSUMMARY:Never ends\r\nDTSTART:20261201T080000\r\n"
        "END:VCALENDAR",
    )
    path = tmp_path / "broken.ics"
    path.write_text(broken)
    code, out, _err = run("events", "import", str(path))
    assert code == 1
    assert "broken.ics, event 3 (line" in out and "broken.ics, event 4" in out
    assert "broken.ics, event 5" in out and "END:VEVENT" in out
    assert "Imported 2 new and 0 updated of 5 events" in out
    assert "3 events could not be read" in out
    assert len(json.loads(_ok(run("events", "list", "--json")))) == 2
    not_ics = tmp_path / "notes.ics"
    not_ics.write_text("hello")
    code, _out, err = run("events", "import", str(not_ics))
    assert code == 2 and "not an iCalendar file" in err
    code, _out, err = run("events", "import", str(tmp_path / "missing.ics"))
    assert code == 2 and "missing.ics" in err


SUBCOMMANDS = ["add", "list", "show", "edit", "delete", "import", "choose", "brief", "met",
               "followups", "done", "results"]  # fmt: skip


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_subcommand_help(name: str, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", lang, "events", name, "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    set_language("en")
    command = build_command().commands["events"].commands[name]
    texts = [command.help] + [p.help for p in command.params if getattr(p, "help", None)]
    fr = catalog("fr")
    for text in texts:
        if lang == "en":
            assert " ".join(text.split()[:3]) in out
        else:
            assert text in fr, f"untranslated help for events {name}: {text!r}"
            assert " ".join(fr[text].split()[:3]) in out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_group_alone_shows_its_help(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", lang, "events"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "choose" in out and "met" in out
    set_language("en")
