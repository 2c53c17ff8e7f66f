"""The capture commands: sources add/list/remove, sync (dry run, report in French and
English), review, and ``tisser import`` recognising mailbox, calendar and chat files."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from capture_helpers import book, mailbox_for
from tisser.cli import main
from tisser.demo import mailbox as gen
from tisser.store import open_store


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("TISSER_DB", db_url)
    monkeypatch.setenv("TISSER_TODAY", "2026-12-07")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TISSER_TZ", "Europe/Paris")

    def run(*args: str, lang: str = "en", stdin: str | None = None) -> tuple[int, str]:
        monkeypatch.setenv("TISSER_LANG", lang)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out + err

    return run


def test_sources_sync_review_remove(cli, db_url: str, tmp_path: Path) -> None:
    s = open_store(db_url)
    contacts = book(s, 12)
    s.close()
    path = tmp_path / "Sent.mbox"
    truth = mailbox_for(path, contacts, count=150)
    assert cli("sources", "add", "mbox", str(path), "--me", gen.ME, "--name", "sent")[0] == 0
    code, out = cli("sync", "--dry-run")
    assert code == 0 and "dry run: nothing saved" in out
    assert json.loads(cli("sources", "list", "--json")[1])[0]["captured"] == 0
    code, out = cli("sync", "sent", lang="fr")
    assert code == 0 and f"{truth.messages} messages lus" in out
    assert "écartés\u00a0: courrier automatique" in out
    listed = json.loads(cli("sources", "list", "--json")[1])
    assert listed[0]["name"] == "sent" and listed[0]["captured"] > 0
    code, out = cli("sync", "sent")
    assert "0 interactions created" in out
    journal = json.loads(cli("journal", "--json", "--limit", "500")[1])
    assert {r["source"] for r in journal} == {"sent"}  # each captured one names its source
    assert "no reply" in cli("journal", "--limit", "500")[1]  # the outcome's label, not no_reply
    assert "sans réponse" in cli("journal", "--limit", "500", lang="fr")[1]
    code, out = cli("sources", "review")
    assert code == 0 and "inconnu" in out  # strangers with three exchanges each way
    first = json.loads(cli("sources", "review", "--json")[1])[0]["address"]
    assert cli("sources", "review", "ignore", first)[0] == 0
    assert first not in cli("sources", "review")[1]
    code, out = cli("sources", "remove", "sent", stdin="n\n")
    assert "Nothing removed." in out
    code, out = cli("sources", "remove", "sent", stdin="oui\n", lang="fr")
    assert "Source sent retirée avec" in out
    assert json.loads(cli("sources", "list", "--json")[1]) == []
    code, out = cli("sync", "nope")
    assert code != 0 and "no source named 'nope'" in out


def test_import_recognises_capture_files(cli, tmp_path: Path) -> None:
    chat = tmp_path / "Discussion WhatsApp avec Zoé Faure.txt"
    chat.write_text(
        "31/10/2026 09:15 - Zoé Faure: Salut\n31/10/2026 09:16 - Moi: Coucou\n", encoding="utf-8"
    )
    archive = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(
            "Connections.csv",
            "First Name,Last Name,URL,Email Address,Company,Position,"
            "Connected On\nZoé,Faure,https://www.linkedin.com/in/zoe-faure,,ACME,CEO,"
            "01 Jan 2024\n",
        )
        z.writestr(
            "messages.csv",
            "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE "
            "URLS,DATE,CONTENT,FOLDER\nc1,Moi,https://www.linkedin.com/in/moi,Zoé Faure,"
            "https://www.linkedin.com/in/zoe-faure,2026-10-01 09:00:00 UTC,x,INBOX\n",
        )
    code, out = cli("import", str(archive))
    assert code == 0 and "1 interaction created" in out and "1 added" in out
    code, out = cli("import", str(chat))
    assert code == 0 and "1 interaction created" in out
    code, out = cli("import", str(chat))  # once: the same file again adds nothing
    assert "0 interactions created" in out
    names = [r["kind"] for r in json.loads(cli("sources", "list", "--json")[1])]
    assert sorted(names) == ["linkedin", "whatsapp"]
