"""End-to-end tests of the command line, through ``tisser.cli.main`` as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tisser.cli import main

TODAY = "2026-11-23"


@pytest.fixture
def run(db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run ``tisser`` on a fresh database; return (exit code, stdout, stderr)."""
    monkeypatch.setenv("TISSER_DB", db_url)
    monkeypatch.setenv("TISSER_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TISSER_LANG", "en")
    monkeypatch.setenv("TISSER_TZ", "Europe/Paris")

    def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return _run


def _ok(result: tuple[int, str, str]) -> str:
    """Standard output of a successful run; French no-break spaces read as spaces."""
    code, out, err = result
    assert code == 0, err
    return out.replace("\u00a0", " ")


def test_add_show_list_search_with_accents(run) -> None:
    _ok(
        run(
            "add",
            "Hélène Müller",
            "--org",
            "Œuvre Sociale",
            "--city",
            "Bordeaux",
            "--email",
            "helene@example.org",
            "--phone",
            "06 12 34 56 78",
            "--tag",
            "RH",
            "--circle",
            "2",
            "--profile",
            "super-connecteur",
            "--notes",
            "aime le padel",
        )
    )
    _ok(run("add", "Jean de La Fontaine", "--org", "Fables SA"))
    _ok(run("add", "Anne Laborde"))
    _ok(run("add", "Paul Lagarde"))
    shown = _ok(run("show", "helene muller"))
    assert "Hélène Müller" in shown and "Œuvre Sociale" in shown and "06 12 34 56 78" in shown
    assert "super-connector" in shown and "second circle" in shown
    listed = json.loads(_ok(run("list", "--json")))
    assert [r["name"] for r in listed] == [
        "Jean de La Fontaine",
        "Anne Laborde",
        "Paul Lagarde",
        "Hélène Müller",
    ]
    assert listed[3]["phones"] == ["+33612345678"] and listed[3]["circle"] == 2
    found = json.loads(_ok(run("search", "oeuvre", "--json")))
    assert [r["name"] for r in found] == ["Hélène Müller"]
    assert json.loads(_ok(run("search", "PADEL", "--json")))[0]["name"] == "Hélène Müller"
    assert json.loads(_ok(run("list", "--tag", "rh", "--json")))[0]["name"] == "Hélène Müller"
    table = _ok(run("list"))
    assert "4 contacts" in table and "Laborde" in table


def test_add_refuses_a_duplicate_unless_forced(run) -> None:
    _ok(run("add", "Claire Dubois", "--email", "claire@example.org"))
    code, _, err = run("add", "Claire  DUBOIS")
    assert code == 2 and "#1" in err and "--force" in err
    code, _, err = run("add", "Claire D.", "--email", "CLAIRE@example.org")
    assert code == 2
    _ok(run("add", "Claire Dubois", "--force"))
    assert len(json.loads(_ok(run("list", "--json")))) == 2


def test_log_and_journal(run) -> None:
    _ok(run("add", "Claire Dubois"))
    _ok(run("add", "Marc Petit"))
    out = _ok(
        run(
            "log",
            "Claire Dubois",
            "déjeuner",
            "--with",
            "Marc",
            "--gave",
            "intro to Marc",
            "--date",
            "2026-11-20",
            "--about",
            "export au Japon",
        )
    )
    assert "lunch" in out and "Claire Dubois, Marc Petit" in out and "I gave" in out
    record = json.loads(_ok(run("show", "claire", "--json")))
    [interaction] = record["interactions"]
    assert interaction["channel"] == "lunch" and interaction["direction"] == "gave"
    assert interaction["occurred_at"] == "2026-11-20T12:00:00+01:00"  # Paris, winter
    assert len(interaction["contact_ids"]) == 2
    assert record["last_seen"] == "2026-11-20" and record["status"] == "on_track"
    code, _, err = run("log", "Claire Dubois", "lunch", "--date", "2026-12-01")
    assert code == 2 and "future" in err
    code, _, err = run("log", "Claire Dubois", "karaoké")
    assert code == 2 and "lunch" in err


def test_unknown_and_ambiguous_names(run) -> None:
    _ok(run("add", "Claire Dubois"))
    _ok(run("add", "Claire Martin"))
    code, _out, err = run("show", "Clare Dubios")
    assert code == 3 and "Claire Dubois" in err and err.count("\n") == 1
    code, _, err = run("show", "claire")
    assert code == 4 and "Claire Dubois" in err and "Claire Martin" in err and "#1" in err
    assert "Claire Martin" in _ok(run("show", "#2"))


def test_link_tag_archive(run) -> None:
    _ok(run("add", "Claire Dubois"))
    _ok(run("add", "Marc Petit"))
    _ok(run("link", "Marc Petit", "Claire Dubois", "--strength", "0.7"))
    record = json.loads(_ok(run("show", "Claire Dubois", "--json")))
    assert record["links"] == [{"id": 2, "name": "Marc Petit", "strength": 0.7}]
    code, _, err = run("link", "Marc Petit", "Marc Petit")
    assert code == 2
    code, _, err = run("link", "Marc Petit", "Claire Dubois", "--strength", "3")
    assert code == 2 and "0" in err
    _ok(run("tag", "Claire Dubois", "export", "Japon"))
    _ok(run("tag", "Claire Dubois", "japon", "--remove"))
    assert json.loads(_ok(run("show", "Claire Dubois", "--json")))["tags"] == ["export"]
    _ok(run("archive", "Marc Petit"))
    assert [r["name"] for r in json.loads(_ok(run("list", "--json")))] == ["Claire Dubois"]
    assert len(json.loads(_ok(run("list", "--all", "--json")))) == 2
    _ok(run("archive", "Marc Petit", "--undo"))
    assert len(json.loads(_ok(run("list", "--json")))) == 2


def test_delete_asks_and_erases(run) -> None:
    _ok(run("add", "Claire Dubois", "--notes", "secret-note-xyz"))
    _ok(run("add", "Marc Petit"))
    _ok(run("log", "Claire Dubois", "call"))
    _ok(run("log", "Claire Dubois", "lunch", "--with", "Marc Petit"))
    code, _, _ = run("delete", "Claire Dubois", stdin="n\n")
    assert code == 1
    assert len(json.loads(_ok(run("list", "--json")))) == 2
    out = _ok(run("--lang", "fr", "delete", "Claire Dubois", stdin="oui\n"))
    assert "Interactions supprimées : 1" in out and "sans cette personne : 1" in out
    out = _ok(run("delete", "Marc Petit", "--yes"))
    assert "Interactions deleted: 1" in out and "kept without them: 0" in out
    assert json.loads(_ok(run("search", "secret", "--json"))) == []


def test_delete_redacts_mentions_elsewhere(run) -> None:
    _ok(run("add", "Anaïs Bénard"))
    _ok(run("add", "Paul Durand", "--notes", "présenté par Anais Benard"))
    out = _ok(run("--lang", "fr", "delete", "Anaïs Bénard", stdin="oui\n"))
    assert "1 mention ailleurs" in out and "présenté par Anais Benard" in out  # the preview
    assert "1 mention ailleurs effacée" in out
    shown = json.loads(_ok(run("show", "Paul Durand", "--json")))
    assert shown["notes"] == "présenté par [effacé]"


def test_csv_output_is_parseable_and_formula_safe(run) -> None:
    _ok(run("add", "Eve Malice", "--org", '=HYPERLINK("http://x")', "--position", "+cmd"))
    rows = list(csv.DictReader(io.StringIO(_ok(run("list", "--csv")))))
    assert rows[0]["organization"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["position"] == "'+cmd"
    code, _, _err = run("list", "--csv", "--json")
    assert code == 2


def test_filters(run) -> None:
    _ok(run("add", "Ana Lima", "--sector", "Aéronautique", "--city", "Toulouse", "--circle", "3"))
    _ok(run("add", "Bob Stone", "--sector", "Vin", "--city", "Bordeaux", "--profile", "mentor"))
    _ok(run("log", "Bob Stone", "call", "--date", "2026-11-01"))
    _ok(run("log", "Ana Lima", "call", "--date", "2025-01-01"))

    def names(*args: str) -> list[str]:
        return [r["name"] for r in json.loads(_ok(run("list", "--json", *args)))]

    assert names("--sector", "aero") == ["Ana Lima"]
    assert names("--city", "BORDEAUX") == ["Bob Stone"]
    assert names("--circle", "3") == ["Ana Lima"]
    assert names("--circle", "réseau actif") == ["Ana Lima"]
    assert names("--profile", "mentor") == ["Bob Stone"]
    assert names("--not-seen-since", "6m") == ["Ana Lima"]
    assert names("--not-seen-since", "2026-11-01") == ["Ana Lima"]
    assert names("--not-seen-since", "2026-11-02") == ["Ana Lima", "Bob Stone"]
    assert names("--limit", "1") == ["Ana Lima"]


def test_me_and_init(run) -> None:
    out = _ok(run("init", "--name", "Hélène Marchand"))
    assert "ready" in out
    assert "already" in _ok(run("init"))
    _ok(run("me", "--budget", "90", "--profile", "réservé", "--value", "confiance, curiosité"))
    me = json.loads(_ok(run("me", "--json")))
    assert me["weekly_budget_minutes"] == 90 and me["relational_profile"] == "reserved"
    assert me["values"] == ["confiance", "curiosité"] and me["given_name"] == "Hélène"


def test_backup_and_restore(run, db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("sqlite"):
        code, _, err = run("backup", str(tmp_path / "b.db"))
        assert code == 5 and "pg_dump" in err
        return
    _ok(run("add", "Claire Dubois"))
    _ok(run("backup", str(tmp_path / "b.db")))
    _ok(run("add", "Marc Petit"))
    _ok(run("restore", str(tmp_path / "b.db"), "--yes"))
    assert [r["name"] for r in json.loads(_ok(run("list", "--json")))] == ["Claire Dubois"]
    (tmp_path / "junk.db").write_bytes(b"not a database at all")
    code, _, err = run("restore", str(tmp_path / "junk.db"), "--yes")
    assert code == 5 and "junk.db" in err
    assert [r["name"] for r in json.loads(_ok(run("list", "--json")))] == ["Claire Dubois"]


def test_demo_and_overview_in_french(run, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _ok(run("--lang", "fr", "demo", "--yes", "--size", "120"))
    assert "Le réseau en chiffres" in out and "À recontacter" in out
    data = json.loads(_ok(run("overview", "--json")))
    assert data["contacts"] == 120 and data["to_reconnect"]
    assert sum(data["circles"].values()) == 120
    code, _, _ = run("demo", stdin="n\n")
    assert code == 1  # refused to wipe without confirmation


def test_errors_are_one_line_never_a_traceback(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run("add", "Claire", "--phone", "12")
    assert code == 2 and err.count("\n") == 1
    code, _, err = run("add", "Claire", "--met-on", "la semaine des quatre jeudis")
    assert code == 2 and "2026-11-20" in err
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00garbage" * 100)
    monkeypatch.setenv("TISSER_DB", str(garbage))
    code, _, err = run("list")
    assert code == 5 and "garbage.db" in err


def test_unexpected_error_is_logged_not_shown(
    run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tisser.store import Store

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "search", boom)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    code, _out, err = run("search", "x")
    assert code == 70 and "disk on fire" in err and "report" in err
    logs = list(tmp_path.rglob("crash-*.log"))
    assert logs and "RuntimeError" in logs[0].read_text()


def test_console_script_entry_point(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("tisser")
    env = {
        "PATH": str(exe.parent),
        "TISSER_DB": str(tmp_path / "t.db"),
        "LANG": "fr_FR.UTF-8",
        "HOME": str(tmp_path),
    }
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stdout.startswith("tisser ")
    done = subprocess.run([str(exe), "show", "Personne"], capture_output=True, text=True, env=env)
    assert done.returncode == 3 and "Erreur" in done.stderr and "Traceback" not in done.stderr


def test_default_database_is_a_wal_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.db"
    monkeypatch.setenv("TISSER_DB", str(path))
    assert main(["add", "Claire Dubois"]) == 0
    capsys.readouterr()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1
