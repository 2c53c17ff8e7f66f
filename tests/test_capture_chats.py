# ruff: noqa: E501 - sample XML lines as a backup app writes them
"""Chat exports: WhatsApp in four layouts (Android/iOS, FR/EN, 12/24 h), multi-line
messages and system lines, an unknown locale counted; SMS Backup & Restore (sms, mms,
calls, a cut file); LinkedIn's messages.csv in the export ZIP. Counted by hand."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from capture_helpers import NOW
from tisser.app import capture as ac
from tisser.core.model import Channel, Contact
from tisser.store import Store

ANDROID_FR = """31/10/2026 09:15 - Les messages et les appels sont chiffrés de bout en bout.
31/10/2026 09:15 - Zoé Faure: Salut !
31/10/2026 09:16 - Hélène Marchand: Coucou, tu es dispo
pour un café ?
31/10/2026 18:02 - Zoé Faure: Oui
01/11/2026 10:00 - Hélène Marchand: <Médias omis>
"""
IOS_EN = """[11/2/26, 2:05:01 PM] Jean Dupont: Hi
[11/2/26, 2:06:12 PM] Hélène Marchand: Hello Jean
[11/13/26, 9:00:00 AM] Jean Dupont: Lunch?
"""
ANDROID_EN_24 = """11/20/26, 20:00 - Jean Dupont created group "Vins"
11/20/26, 20:01 - Jean Dupont: Welcome
11/20/26, 20:02 - ‎Zoé Faure: Merci
11/21/26, 08:00 - Hélène Marchand: Bonjour à tous
"""
IOS_FR = """[03/11/2026 à 21:40:00] Zoé Faure: Bonne nuit
[03/11/2026 à 21:41:30] Hélène Marchand: Bonne nuit !
"""
UNKNOWN = """2026年11月3日 21:40 - Zoé: こんにちは
2026年11月3日 21:41 - Zoé: ?
"""
SETTINGS = {"own_names": ["Hélène Marchand"]}


def _book(store: Store) -> tuple[int, int]:
    zoe = store.add_contact(
        Contact(
            given_name="Zoé",
            family_name="Faure",
            phones=["+33612345678"],
            linkedin="https://www.linkedin.com/in/zoe-faure",
        )
    )
    jean = store.add_contact(
        Contact(given_name="Jean", family_name="Dupont", phones=["+33698765432"])
    )
    return zoe.id or 0, jean.id or 0


def _days(store: Store, cid: int) -> list[tuple[str, Channel, str]]:
    return sorted(
        (i.occurred_at.strftime("%m-%d"), i.channel, i.outcome) for i in store.interactions_for(cid)
    )


def test_whatsapp_layouts(store: Store, tmp_path: Path) -> None:
    zoe, jean = _book(store)
    folder = tmp_path / "wa"
    folder.mkdir()
    (folder / "Discussion WhatsApp avec Zoé Faure.txt").write_text(ANDROID_FR, encoding="utf-8")
    with zipfile.ZipFile(folder / "WhatsApp Chat - Jean Dupont.zip", "w") as z:
        z.writestr("_chat.txt", "\ufeff" + IOS_EN)
        z.writestr("IMG-0001.jpg", b"\xff\xd8not really")
    (folder / "Vins.txt").write_text(ANDROID_EN_24, encoding="utf-8")
    (folder / "Discussion WhatsApp avec Zoé.txt").write_text(IOS_FR, encoding="utf-8")
    (folder / "inconnu.txt").write_text(UNKNOWN, encoding="utf-8")
    ac.add_source(store, 1, "whatsapp", str(folder), name="wa", settings=SETTINGS)
    report = ac.sync_source(store, store.get_source(1, "wa"), NOW)
    # by hand: Zoé on 10-31 (she wrote first: no outcome), 11-01 (mine, unanswered for
    # more than two weeks), 11-03 (iOS FR, she wrote first), the group on 11-20 (her
    # message) and 11-21 (mine to the group); Jean 11-02, 11-13 and the group's two days
    assert _days(store, zoe) == [
        ("10-31", Channel.MESSAGE, ""),
        ("11-01", Channel.MESSAGE, "no_reply"),
        ("11-03", Channel.MESSAGE, ""),
        ("11-20", Channel.MESSAGE, ""),
        ("11-21", Channel.MESSAGE, "no_reply"),
    ]
    assert [d for d, _, _ in _days(store, jean)] == ["11-02", "11-13", "11-20", "11-21"]
    assert report.skipped["system_line"] == 2
    assert report.skipped["not_understood"] == 2
    assert any(p.where == "inconnu:1" for p in report.problems)
    again = ac.sync_source(store, store.get_source(1, "wa"), NOW)
    assert again.created == again.updated == 0


SMS = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="5">
  <sms protocol="0" address="06 12 34 56 78" date="1793520000000" type="2" body="Dîner ?" contact_name="Zoé" />
  <sms protocol="0" address="+33612345678" date="1793523600000" type="1" body="Oui !" contact_name="Zoé" />
  <sms protocol="0" address="+33698765432" date="1793606400000" type="2" body="Tu viens ?" />
  <mms date="1793700000000" msg_box="1" address="+33698765432~+33612345678"><parts><part text="photo" /></parts></mms>
  <sms protocol="0" address="+33 7 00 00 00 00" date="1793800000000" type="1" body="Inconnu" />
</smses>
"""
CALLS = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<calls count="3">
  <call number="+33612345678" duration="120" date="1793900000000" type="1" contact_name="Zoé" />
  <call number="0698765432" duration="0" date="1793900500000" type="2" />
  <call number="+33698765432" duration="0" date="1793901000000" type="3" />
  <call number="+33698765432" duration="60" date="17939"""


def test_sms_and_calls(store: Store, tmp_path: Path) -> None:
    zoe, jean = _book(store)
    folder = tmp_path / "sms"
    folder.mkdir()
    (folder / "sms-20261207.xml").write_text(SMS, encoding="utf-8")
    (folder / "calls-20261207.xml").write_text(CALLS, encoding="utf-8")  # cut mid-element
    ac.add_source(store, 1, "sms", str(folder), name="sms", settings={})
    report = ac.sync_source(store, store.get_source(1, "sms"), NOW)
    # Zoé: the two SMS of 1793520000 (same day) -> one interaction, the mms, the call
    got = _days(store, zoe)
    assert [c for _, c, _ in got].count(Channel.CALL) == 1
    assert len(got) == 3
    assert len(store.interactions_for(jean)) == 2  # the unanswered SMS and the mms
    assert report.skipped["missed_call"] == 2
    assert report.skipped["no_known_contact"] == 1
    assert any("cut or not XML" in p.message for p in report.problems)


def test_linkedin_messages_in_the_export_zip(store: Store, tmp_path: Path) -> None:
    zoe, _ = _book(store)
    csv_text = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER\n"
        "c1,,Hélène Marchand,https://www.linkedin.com/in/helene-marchand,Zoé Faure,"
        'https://www.linkedin.com/in/zoe-faure,2026-10-01 09:00:00 UTC,,"Bonjour, secret",INBOX\n'
        "c1,,Zoé Faure,https://www.linkedin.com/in/zoe-faure,Hélène Marchand,"
        "https://www.linkedin.com/in/helene-marchand,2026-10-01 11:00:00 UTC,,Merci,INBOX\n"
        "c2,,Hélène Marchand,https://www.linkedin.com/in/helene-marchand,Paul X,"
        "https://www.linkedin.com/in/paul-x,2026-10-02 09:00:00 UTC,,Salut,INBOX\n"
        "c3,,Hélène Marchand,https://www.linkedin.com/in/helene-marchand,Zoé Faure,"
        "https://www.linkedin.com/in/zoe-faure,not a date,,x,INBOX\n"
    )
    path = tmp_path / "Basic_LinkedInDataExport_12-07-2026.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("Connections.csv", "First Name,Last Name\n")
        z.writestr("messages.csv", csv_text)
    ac.add_source(store, 1, "linkedin", str(path), name="li", settings={})
    report = ac.sync_source(store, store.get_source(1, "li"), NOW)
    assert _days(store, zoe) == [("10-01", Channel.LINKEDIN, "replied")]
    assert report.skipped["no_date"] == 1 and report.skipped["no_known_contact"] == 1
    with store.engine.connect() as conn:  # the content is never stored
        dump = "\n".join(
            str(r)
            for t in ("interactions", "captures", "capture_correspondents")
            for r in conn.exec_driver_sql(f"SELECT * FROM {t}")
        )
    assert "secret" not in dump and "Merci" not in dump


@pytest.mark.parametrize("kind", ["whatsapp", "sms", "linkedin"])
def test_empty_or_garbage_files_never_crash(store: Store, tmp_path: Path, kind: str) -> None:
    path = tmp_path / {"whatsapp": "x.txt", "sms": "x.xml", "linkedin": "messages.csv"}[kind]
    path.write_bytes(b"\x00\xff\xfe garbage \n\n 12/13/14/15 - : :")
    ac.add_source(store, 1, kind, str(path), name=kind, settings={})
    report = ac.sync_source(store, store.get_source(1, kind), NOW)
    assert report.created == 0


def test_a_zipped_chat_bomb_is_refused_unread(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 32 MB of text in a zipped WhatsApp export, past a 4 MB cap: one clear message, and the
    # chat is never inflated whole (#21 item 11)
    from tisser.capture import chats
    from tisser.core.errors import InvalidInput

    monkeypatch.setattr(chats, "MAX_FILE", 4 * 1024 * 1024)
    path = tmp_path / "WhatsApp Chat - Jean Dupont.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, z.open("_chat.txt", "w") as f:
        for _ in range(32):
            f.write(b"12/10/2026, 09:15 - Jean Dupont: bonjour\n" * 25_000)
    ac.add_source(store, 1, "whatsapp", str(path), name="wa", settings={})
    with pytest.raises(InvalidInput) as caught:
        ac.sync_source(store, store.get_source(1, "wa"), NOW)
    assert caught.value.render() == (
        "WhatsApp Chat - Jean Dupont.zip: _chat.txt too large once unzipped (over 4 MB)"
    )
