"""The weekly routine end to end: me, goal, plan, done, snooze, review, calendar, digest."""

from __future__ import annotations

import email
import json
import socket
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from email import policy
from pathlib import Path

import pytest
import vobject

from tisser.cli import main

TODAY = "2026-11-23"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("TISSER_DB", f"sqlite:///{tmp_path / 'plan.db'}")
    monkeypatch.setenv("TISSER_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TISSER_LANG", "en")
    monkeypatch.setenv("TISSER_TZ", "Europe/Paris")
    for var in ("HOST", "PORT", "USER", "PASSWORD", "FROM", "TO", "STARTTLS", "CAFILE"):
        monkeypatch.delenv(f"TISSER_SMTP_{var}", raising=False)
    monkeypatch.delenv("TISSER_CONFIG", raising=False)

    def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            import io

            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return _run


def _ok(result: tuple[int, str, str]) -> str:
    code, out, err = result
    assert code == 0, err
    return out.replace("\u00a0", " ")


@pytest.fixture
def demo(run):
    _ok(run("demo", "--yes"))
    return run


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_demo_week_is_sensible_and_within_budget(demo, lang: str) -> None:
    plan = json.loads(_ok(demo("--lang", lang, "plan", "--json")))
    budget = json.loads(_ok(demo("me", "--json")))["weekly_budget_minutes"]
    assert plan and sum(a["minutes"] for a in plan) <= budget
    assert len({a["contact_id"] for a in plan if a["contact_id"]}) == len(
        [a for a in plan if a["contact_id"]]
    )
    monday = date.fromisoformat(TODAY)
    assert all(monday <= date.fromisoformat(a["day"]) <= monday + timedelta(days=6) for a in plan)
    assert all(a["why"] for a in plan), "every action says why"
    # Each proposed contact really is due by their circle's rhythm, from the journal itself.
    journal = json.loads(_ok(demo("journal", "--json", "--limit", "100000")))
    last: dict[int, date] = {}
    for i in journal:
        for cid in i["contact_ids"]:
            day = date.fromisoformat(i["date"][:10])
            last[cid] = max(last.get(cid, day), day)
    listed = {c["id"]: c for c in json.loads(_ok(demo("list", "--all", "--json")))}
    cadence = {1: 7, 2: 30, 3: 90, 4: 365}
    gap = {1: 3, 2: 10, 3: 30, 4: 90}
    for a in plan:
        if a["kind"] in ("reconnect", "give") and a["contact_id"] in last:
            circle = listed[a["contact_id"]]["circle"]
            on = date.fromisoformat(a["day"])
            assert (on - last[a["contact_id"]]).days >= gap[circle]
            if a["kind"] == "reconnect":
                assert (monday - last[a["contact_id"]]).days + 7 >= 0.8 * cadence[circle]
    # The method is served: the objective's first step due this week is in the plan, nobody
    # archived is proposed, and flexible actions fall on working days.
    assert any(a["kind"] == "step" for a in plan)
    assert all(listed[a["contact_id"]]["circle"] != 5 for a in plan if a["contact_id"])
    for a in plan:
        if not a["forced"]:
            assert date.fromisoformat(a["day"]).weekday() < 5
    table = _ok(demo("--lang", lang, "plan"))
    assert ("Semaine du" in table) if lang == "fr" else ("Week of" in table)
    # the diagnosis's three things to do now lead the week, in its words (#18)
    from test_cli_diagnose import DEMO_ACTIONS

    said = [" ".join(a["what"].replace("\u00a0", " ").split()) for a in plan]
    assert all(sentence in said for sentence in DEMO_ACTIONS[lang]), said


def test_done_snooze_review(demo) -> None:
    plan = json.loads(_ok(demo("plan", "--json")))
    first, second = plan[0], plan[1]
    before = len(json.loads(_ok(demo("journal", "--json", "--limit", "100000"))))
    out = _ok(demo("done", str(first["id"]), "--outcome", "replied", "--note", "coffee next week"))
    assert "Logged in the journal" in out
    journal = json.loads(_ok(demo("journal", "--json", "--limit", "100000")))
    assert len(journal) == before + 1
    assert journal[0]["contact_ids"] == [first["contact_id"]]
    assert "coffee next week" in journal[0]["outcome"]
    _ok(demo("snooze", f"#{second['id']}", "--not-now"))
    again = {a["id"]: a for a in json.loads(_ok(demo("plan", "--json")))}
    assert again[first["id"]]["state"] == "done" and again[second["id"]]["state"] == "snoozed"
    refreshed = json.loads(_ok(demo("plan", "--refresh", "--json")))
    planned = [a for a in refreshed if a["state"] == "planned"]
    assert second["contact_id"] not in {a["contact_id"] for a in planned}
    assert first["contact_id"] not in {a["contact_id"] for a in planned}
    review = json.loads(_ok(demo("review", "--json")))
    week = review["periods"]["week"]
    assert week["done"] == 1 and week["snoozed"] == 1
    assert week["minutes_done"] == first["minutes"]
    assert week["outcomes"] == {"replied": 1}
    assert "Review" in _ok(demo("review"))
    code, _, err = demo("done", str(first["id"]))
    assert code == 2 and "already done" in err
    code, _, err = demo("snooze", str(first["id"]))
    assert code == 2 and "already done" in err
    code, _, err = demo("done", "999999")
    assert code == 3 and "999999" in err
    code, _, err = demo("snooze", "abc")
    assert code == 2
    third = plan[2]
    code, _, err = demo("snooze", str(third["id"]), "--until", "yesterday")
    assert code == 2 and "2026-11-22" in err
    out = _ok(demo("snooze", str(third["id"]), "--until", "2w"))
    assert "Dec 7" in out  # a duration counts forward from today


def test_goal_smart_and_split(demo) -> None:
    out = _ok(demo("goal", "add", "Réseau", "--deadline", "2026-11-20"))
    assert "✗" in out and "deadline has passed" in out
    out = _ok(
        demo(
            "goal",
            "add",
            "Rencontrer 5 DRH à Bordeaux",
            "--target",
            "5",
            "--unit",
            "rendez-vous",
            "--deadline",
            "3m",
            "--profile",
            "DRH",
            "--why",
            "changer de poste",
            "--step",
            "Lister 10 DRH",
            "--step",
            "Écrire à 3",
            "--step",
            "Voir 5",
        )
    )
    assert out.count("✓") == 5
    goals = json.loads(_ok(demo("goal", "list", "--json")))
    goal = next(g for g in goals if g["title"].startswith("Rencontrer"))
    assert goal["smart"] == "SMART"
    dues = [date.fromisoformat(s["due"]) for s in goal["steps"]]
    deadline = date.fromisoformat(goal["deadline"])
    assert dues == sorted(dues) and dues[-1] == deadline
    assert date.fromisoformat(TODAY) < dues[0] < dues[1] < dues[2]
    _ok(demo("goal", "split", str(goal["id"]), "--step", "Relancer"))
    shown = _ok(demo("goal", "show", str(goal["id"])))
    assert "Relancer" in shown and "SMART" in shown
    _ok(demo("goal", "set", str(goal["id"]), "--progress", "2"))
    assert json.loads(_ok(demo("goal", "show", str(goal["id"]), "--json")))["progress"] == 2


def test_me_worksheet_markdown_and_interview(demo, tmp_path: Path) -> None:
    _ok(demo("me", "--sheet", "love=vin, récit, export", "--sheet", "good_at=Export, récit"))
    _ok(demo("me", "--sheet", "world_needs=export", "--sheet", "paid_for=export, conseil"))
    me = json.loads(_ok(demo("me", "--json")))
    assert me["ikigai"]["passion"] == ["récit", "export"]
    assert me["ikigai"]["ikigai"] == ["export"]
    assert "Hélène Marchand" in me["pitch_draft"]
    answers = "\n".join(["curieuse, fiable", "", "", "", "", "", "", "Vins, Tech"]) + "\n"
    _ok(demo("me", "--worksheet", stdin=answers))
    sheet = json.loads(_ok(demo("me", "--json")))["worksheet"]
    assert sheet["identity"] == ["curieuse", "fiable"] and sheet["sectors"] == ["Vins", "Tech"]
    assert sheet["love"] == ["vin", "récit", "export"]  # kept: end of input
    md = tmp_path / "me.md"
    _ok(demo("--lang", "fr", "me", "--markdown", str(md)))
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# ") and "## Ikigaï" in text and "Mission" in text
    code, _, err = demo("me", "--sheet", "nonsense=1")
    assert code == 2 and "strengths" in err


@pytest.mark.parametrize("todo", [False, True])
def test_calendar_is_valid_for_vobject(demo, tmp_path: Path, todo: bool) -> None:
    ics = tmp_path / "plan.ics"
    _ok(demo("--lang", "fr", "calendar", "--ics", str(ics), *(["--todo"] if todo else [])))
    cal = vobject.readOne(ics.read_text(encoding="utf-8"), validate=True)
    items = cal.vtodo_list if todo else cal.vevent_list
    plan = json.loads(_ok(demo("plan", "--json")))
    assert len(items) == len(plan)
    assert cal.vtimezone.tzid.value == "Europe/Paris"
    uids = {i.uid.value for i in items}
    assert len(uids) == len(items)
    for item in items:
        assert item.dtstamp.value.tzinfo is not None
        assert item.dtstart.value.utcoffset() == timedelta(hours=1)  # CET in November
    raw = ics.read_text(encoding="utf-8")
    assert raw.count("DTSTART;TZID=Europe/Paris:") == len(items)
    assert any(
        "Reprendre contact" in i.summary.value
        or "Relancer" in i.summary.value
        or "Donner" in i.summary.value
        for i in items
    )
    # Same action, same UID on the next export: re-importing updates instead of duplicating.
    _ok(demo("calendar", "--ics", str(tmp_path / "again.ics")))
    again = vobject.readOne((tmp_path / "again.ics").read_text(encoding="utf-8"))
    if not todo:
        assert {i.uid.value for i in again.vevent_list} == uids


def test_calendar_imports_into_khal_without_warnings(demo, tmp_path: Path) -> None:
    khal = Path(sys.executable).with_name("khal")
    if not khal.exists():
        pytest.skip("khal is not installed (dev extra)")
    ics = tmp_path / "plan.ics"
    _ok(demo("calendar", "--ics", str(ics)))
    store = tmp_path / "cal"
    store.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[plan]]\npath = {store}\n\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Paris\ndefault_timezone = Europe/Paris\n"
        f"\n[sqlite]\npath = {tmp_path / 'khal.db'}\n",
        encoding="utf-8",
    )
    env = {"PATH": str(khal.parent), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    imported = subprocess.run(
        [str(khal), "-c", str(config), "import", "--batch", "-a", "plan", str(ics)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    assert "warning" not in (imported.stdout + imported.stderr).lower()
    listed = subprocess.run(
        [str(khal), "-c", str(config), "list", "2026-11-23", "7d"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    assert "warning" not in (listed.stdout + listed.stderr).lower()
    plan = json.loads(_ok(demo("plan", "--json")))
    assert len(list(store.glob("*.ics"))) == len(plan)
    first = plan[0]["what"].split(" (")[0]
    assert first in listed.stdout


def test_digest_to_file_has_both_parts(demo, tmp_path: Path) -> None:
    eml = tmp_path / "digest.eml"
    _ok(demo("--lang", "fr", "digest", "--to-file", str(eml)))
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert "semaine" in msg["Subject"].lower()
    text = msg.get_body(("plain",)).get_content()
    page = msg.get_body(("html",)).get_content()
    plan = json.loads(_ok(demo("plan", "--json")))
    assert all(f"#{a['id']}" in text and f"#{a['id']}" in page for a in plan)
    assert "Bonjour Hélène" in text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Sink:
    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.tls: list[bool] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content or envelope.content)
        self.tls.append(session.ssl is not None)
        return "250 OK"


def _cert(tmp_path: Path) -> tuple[Path, Path]:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.mark.parametrize("starttls", [False, True])
def test_digest_arrives_at_a_real_smtp_server(
    demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, starttls: bool
) -> None:
    import ssl

    from aiosmtpd.controller import Controller

    sink = _Sink()
    port = _free_port()
    kwargs = {}
    if starttls:
        cert, key = _cert(tmp_path)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        kwargs = {"tls_context": context, "require_starttls": True}
        monkeypatch.setenv("TISSER_SMTP_CAFILE", str(cert))
    controller = Controller(sink, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        config = tmp_path / "tisser.toml"
        config.write_text(
            f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nfrom = "tisser@example.org"\n'
            f"starttls = {'true' if starttls else 'false'}\n",
            encoding="utf-8",
        )
        monkeypatch.setenv("TISSER_CONFIG", str(config))
        out = _ok(demo("digest", "--to", "helene@example.org"))
        assert "helene@example.org" in out
        for _ in range(50):
            if sink.messages:
                break
            time.sleep(0.05)
    finally:
        controller.stop()
    assert len(sink.messages) == 1 and sink.tls == [starttls]
    msg = email.message_from_bytes(sink.messages[0], policy=policy.default)
    assert msg["To"] == "helene@example.org" and msg["From"] == "tisser@example.org"
    assert msg.get_body(("plain",)) is not None and msg.get_body(("html",)) is not None
    assert "Week of" not in msg["Subject"] and "networking week" in msg["Subject"]


def test_digest_refuses_without_server_or_recipient(demo) -> None:
    code, _, err = demo("digest")
    assert code == 2 and "--to-file" in err
    code, _, err = demo("digest", "--to", "a@example.org")
    assert code == 2 and "SMTP" in err


def test_a_meeting_set_is_prepared_in_its_week(demo, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = json.loads(_ok(demo("plan", "--json")))
    first = next(a for a in plan if a["contact_id"])
    _ok(demo("done", str(first["id"]), "--meeting-on", "2026-12-02"))
    review = json.loads(_ok(demo("review", "--json")))
    assert review["periods"]["week"]["outcomes"] == {"meeting": 1}
    monkeypatch.setenv("TISSER_TODAY", "2026-11-30")
    nxt = json.loads(_ok(demo("plan", "--json")))
    prepare = [a for a in nxt if a["kind"] == "prepare"]
    assert [(a["contact_id"], a["day"]) for a in prepare] == [(first["contact_id"], "2026-12-01")]
    assert [a["contact_id"] for a in nxt].count(first["contact_id"]) == 1
    assert "what to ask" in prepare[0]["why"]
    assert "you can bring: faire grandir une marque" in prepare[0]["why"]
    assert "you can ask about: des dirigeants du e-commerce" in prepare[0]["why"]
    code, _, err = demo("done", str(nxt[0]["id"]), "--meeting-on", "2026-11-01")
    assert code == 2 and "meeting" in err
