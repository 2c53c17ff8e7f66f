"""The CardDAV sync seen from the outside (issue #17): the CLI with the password in a
keyring (keyrings.alt's file keyring), and vdirsyncer + khard as an independent second
client of the same Radicale collection."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import vobject

from radicale_server import PASSWORD, USER, Radicale, radicale  # noqa: F401
from tisser.cli import main

BIN = Path(sys.executable).parent


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    db = tmp_path / "t.db"
    monkeypatch.setenv("TISSER_DB", f"sqlite:///{db}")
    monkeypatch.setenv("TISSER_TODAY", "2026-12-07")
    monkeypatch.setenv("TISSER_LANG", "en")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def _run(*args: str) -> str:
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert code == 0, out + err
        return out

    _run.db = db  # type: ignore[attr-defined]
    return _run


def _vdirsyncer(tmp_path: Path, url: str, *args: str) -> None:
    conf = tmp_path / "vdirsyncer.conf"
    conf.write_text(
        f"""[general]
status_path = "{tmp_path / "status"}"

[pair book]
a = "local"
b = "server"
collections = null
conflict_resolution = "b wins"

[storage local]
type = "filesystem"
path = "{tmp_path / "cards"}"
fileext = ".vcf"

[storage server]
type = "carddav"
url = "{url}"
username = "{USER}"
password = "{PASSWORD}"
""",
        encoding="utf-8",
    )
    (tmp_path / "cards").mkdir(exist_ok=True)
    subprocess.run(
        [str(BIN / "vdirsyncer"), "-c", str(conf), *args],
        check=True,
        capture_output=True,
        input=b"y\n" * 5,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )


def _khard(tmp_path: Path) -> str:
    conf = tmp_path / "khard.conf"
    conf.write_text(f"[addressbooks]\n[[book]]\npath = {tmp_path / 'cards'}\n", encoding="utf-8")
    done = subprocess.run(
        [str(BIN / "khard"), "-c", str(conf), "list", "--parsable"],
        capture_output=True, text=True, check=True,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    return done.stdout


def test_a_number_edited_in_tisser_reaches_vdirsyncer_and_back(
    run,
    tmp_path: Path,
    radicale: Radicale,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = radicale.new_book("family")
    run("add", "Claire Dubois", "--phone", "+33612345678")
    monkeypatch.setenv("TISSER_CARDDAV_PASSWORD", PASSWORD)
    out = run("carddav", "add", radicale.base + "/", "--user", USER, "--book", "Contacts")
    assert "connected" in out
    monkeypatch.delenv("TISSER_CARDDAV_PASSWORD")
    # the password is in the keyring, never in the database
    assert PASSWORD.encode() not in run.db.read_bytes()  # type: ignore[attr-defined]
    assert "1 sent" in run("carddav", "sync")
    _vdirsyncer(tmp_path, url, "discover")
    _vdirsyncer(tmp_path, url, "sync")
    assert "Claire Dubois" in _khard(tmp_path)
    run("edit", "Claire Dubois", "--phone", "+33699999999")
    run("carddav", "sync")
    _vdirsyncer(tmp_path, url, "sync")
    (card_file,) = (tmp_path / "cards").glob("*.vcf")
    card = vobject.readOne(card_file.read_text(encoding="utf-8"))
    assert [t.value for t in card.contents["tel"]] == ["+33699999999"]
    # changed in vdirsyncer's folder, synced by vdirsyncer: it comes back into tisser
    text = card_file.read_text(encoding="utf-8").replace("+33699999999", "+33611223344")
    card_file.write_text(text, encoding="utf-8")
    _vdirsyncer(tmp_path, url, "sync")
    out = run("carddav", "sync")
    assert "1 updated" in out
    assert json.loads(run("show", "Claire Dubois", "--json"))["phones"] == ["+33611223344"]
