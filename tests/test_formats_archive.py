"""ZIP archives as downloaded (LinkedIn's data export, Google Takeout, a zipped vdir),
written here by the standard library's :mod:`zipfile`, read by ``tisser import``.

What an archive gives is compared with what its files give when imported one by one or as
a folder (paths tested on their own in test_store_imports), and the archive's own troubles
(encrypted, damaged, too large, nested, not a ZIP) each with its message."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tisser.core.errors import InvalidInput
from tisser.formats import archive, detect
from tisser.formats.importer import import_file, import_folder
from tisser.store import ContactFilter, Store, open_store

DATA = Path(__file__).parent / "data" / "imports"
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "vcard"
ALL = ContactFilter(include_archived=True)

# Other files of LinkedIn's "Get a copy of your data", with their real headers: Profile.csv
# has First Name and Last Name, and would be taken for contacts if it were read.
LINKEDIN_OTHERS = {
    "Profile.csv": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,"
    "Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
    "Moi,Même,,,,Directrice marketing,,,33000,Bordeaux,,,\n",
    "Invitations.csv": "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    'Paul Martin,Moi Même,"1/8/24, 6:14 PM",Bonjour,INCOMING,x,y\n',
    "messages.csv": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE\n"
    "2-abc,,Paul Martin,x,Moi Même,2024-01-08\n",
    "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\nmoi@exemple.fr,Yes,Yes,\n",
    "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\n"
    "Maison Lescure,Directrice marketing,,Bordeaux,Jan 2020,\n",
}


def names(store: Store) -> list[str]:
    return sorted(c.display_name for c in store.list_contacts(ALL))


def zipped(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def messages(report: object) -> list[tuple[str, str, bool]]:
    return [(p.file, p.render(), p.refused) for p in report.problems]  # type: ignore[attr-defined]


@pytest.fixture
def other(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A second database, to import the same files without the archive."""
    s = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    yield s
    s.close()


def test_linkedin_data_export_reads_only_the_connections(
    store: Store, other: Store, tmp_path: Path
) -> None:
    export = zipped(
        tmp_path / "Basic_LinkedInDataExport_12-06-2026.zip",
        {"Connections.csv": (DATA / "linkedin_2024.csv").read_bytes(), **LINKEDIN_OTHERS},
    )
    assert detect(export.read_bytes(), export.name) == "zip"
    report = import_file(store, export)
    alone = import_file(other, DATA / "linkedin_2024.csv")
    assert report.fmt == "linkedin"
    assert (report.added, report.refused) == (alone.added, alone.refused + 0) == (5, 1)
    assert names(store) == names(other)  # Profile.csv (the user) is not a contact
    assert "Moi Même" not in names(store)
    note = [m for m in messages(report) if "LinkedIn data export" in m[1]]
    assert note == [("", note[0][1], False)] and note[0][1].endswith(": 5")
    # the row refused inside names its file inside the archive
    assert ("Connections.csv", "a row with no name: left out", True) in messages(report)
    again = import_file(store, export)  # a newer export: updated, never duplicated
    assert (again.added, again.unchanged) == (0, 5)


def test_takeout_like_archive_equals_the_folder_of_its_cards(
    store: Store, other: Store, tmp_path: Path
) -> None:
    cards = sorted((REAL / "ez-vcard").glob("*.vcf"))
    folder = tmp_path / "cards"
    folder.mkdir()
    files: dict[str, bytes | str] = {}
    for card in cards:
        (folder / card.name).write_bytes(card.read_bytes())
        files[f"Takeout/Contacts/All Contacts/{card.name}"] = card.read_bytes()
    files["Takeout/archive_browser.html"] = "<html><body>Takeout</body></html>"
    files["__MACOSX/Takeout/._All Contacts.vcf"] = b"\x00\x05\x16\x07 resource fork"
    files["Takeout/.DS_Store"] = b"\x00\x00\x00\x01Bud1"
    report = import_file(store, zipped(tmp_path / "takeout.zip", files))
    (alone,) = import_folder(other, folder)
    assert names(store) == names(other)
    assert (report.fmt, report.added, report.merged) == ("vcard", alone.added, alone.merged)
    # the HTML page is counted as left out; macOS's own files are not even mentioned
    left = [m for m in messages(report) if "left out, as they cannot hold contacts" in m[1]]
    assert len(left) == 1 and left[0][1].endswith(": 1") and not left[0][2]
    assert not [m for m in messages(report) if "MACOSX" in m[0] or "DS_Store" in m[0]]
    inside = {p.file for p in report.problems if p.card is not None}
    assert inside and all(f.startswith("Takeout/Contacts/All Contacts/") for f in inside)


def test_an_archive_of_two_formats_is_one_report_and_its_links_find_its_contacts(
    store: Store, other: Store, tmp_path: Path
) -> None:
    mixed = zipped(
        tmp_path / "network.zip",
        {
            "contacts/linkedin.csv": (DATA / "linkedin_2024.csv").read_bytes(),
            "contacts/google.csv": (DATA / "google_current.csv").read_bytes(),
            "links/edges.csv": (DATA / "edges.csv").read_bytes(),
        },
    )
    report = import_file(store, mixed)
    one_by_one = [
        import_file(other, DATA / name)
        for name in ("linkedin_2024.csv", "google_current.csv", "edges.csv")
    ]
    assert report.fmt == "zip"  # three formats: one report for the archive
    assert names(store) == names(other)
    assert store.count_links(1) == other.count_links(1) > 0
    for field in ("added", "merged", "links", "refused"):
        assert getattr(report, field) == sum(getattr(r, field) for r in one_by_one), field
    # the links' problems name their file inside the archive
    assert any(p.file == "links/edges.csv" and p.line == 4 for p in report.problems)

    # with a Connections.csv, the archive is LinkedIn's export: nothing else in it is read
    export = zipped(
        tmp_path / "export.zip",
        {
            "Connections.csv": (DATA / "linkedin_2021.csv").read_bytes(),
            "edges.csv": (DATA / "edges.csv").read_bytes(),
        },
    )
    links = store.count_links(1)
    assert import_file(store, export).fmt == "linkedin"
    assert store.count_links(1) == links


def test_a_failure_inside_the_archive_leaves_the_database_as_before(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_file(store, DATA / "linkedin_2021.csv")
    before = names(store)
    mixed = zipped(
        tmp_path / "mixed.zip",
        {
            "a.vcf": (REAL / "ez-vcard" / "rfc2426-example.vcf").read_bytes(),
            "b.csv": (DATA / "google_current.csv").read_bytes(),
        },
    )
    written: list[str] = []
    real = store.save_source_keys

    def second_fails(source: str, *args: object, **kwargs: object) -> None:
        written.append(source)
        if len(written) == 2:  # the first format is written; the second fails
            raise KeyboardInterrupt
        real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "save_source_keys", second_fails)
    with pytest.raises(KeyboardInterrupt):
        import_file(store, mixed)
    monkeypatch.undo()
    assert len(written) == 2
    assert names(store) == before  # the first format's contacts went back too


def _encrypted(data: bytes, member: str) -> bytes:
    """``data`` with ``member`` marked encrypted (bit 0 of its flags, in the local and the
    central header): what a password-protected export looks like to a reader."""
    raw = bytearray(data)
    name = member.encode()
    local = raw.find(b"PK\x03\x04")
    while local >= 0:
        if raw[local + 30 : local + 30 + len(name)] == name:
            raw[local + 6] |= 1
        local = raw.find(b"PK\x03\x04", local + 4)
    central = raw.find(b"PK\x01\x02")
    while central >= 0:
        if raw[central + 46 : central + 46 + len(name)] == name:
            raw[central + 8] |= 1
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


def _damaged(data: bytes, member: str) -> bytes:
    """``data`` with bytes of ``member``'s compressed content changed (its CRC then fails)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw = bytearray(data)
    for k in range(start + 2, start + min(info.compress_size, 12)):
        raw[k] ^= 0x5A
    return bytes(raw)


def test_the_troubles_of_an_archive_each_have_their_message(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = (REAL / "ez-vcard" / "rfc2426-example.vcf").read_bytes()
    big = b"".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Invité {k}\r\nEND:VCARD\r\n".encode() for k in range(400)
    )
    damaged = b"BEGIN:VCARD\r\nFN:Abc Def\r\nEND:VCARD\r\n" * 40
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("good.vcf", good)
        z.writestr("secret.vcf", good.replace(b"Howes", b"Secret"))
        z.writestr("damaged.vcf", damaged)
        z.writestr("big.vcf", big)
        z.writestr("inner.zip", buffer.getvalue() or b"PK\x05\x06" + b"\x00" * 18)
    data = _damaged(_encrypted(buffer.getvalue(), "secret.vcf"), "damaged.vcf")
    path = tmp_path / "troubles.zip"
    path.write_bytes(data)
    # big.vcf goes beyond (a file declared too large is refused before it is unzipped)
    monkeypatch.setattr(archive, "MAX_FILE", max(len(good), len(damaged)) + 100)
    report = import_file(store, path)
    found = {m[0]: m for m in messages(report) if m[0]}
    assert found["secret.vcf"][1] == "encrypted: export it again without a password"
    assert found["damaged.vcf"][1].startswith("cannot be unzipped: ")
    assert found["big.vcf"][1].startswith("too large once unzipped")
    assert found["inner.zip"][1] == "a ZIP inside the archive: unzip it first"
    assert all(m[2] for m in found.values())  # each file left out is refused
    assert report.added >= 1 and not any("Secret" in n for n in names(store))
    assert report.refused == 4


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + b"\x00" * 60, b"PK\x03\x04not a zip at all", b"PK\x05\x06" + b"\x00" * 5],
)
def test_a_broken_archive_is_one_clear_error(store: Store, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(data)
    with pytest.raises(InvalidInput) as caught:
        import_file(store, path)
    assert caught.value.render().startswith("not a readable ZIP archive: ")
    assert "unzip it" in caught.value.one_line()
    assert names(store) == []


def test_an_archive_without_contacts_says_so(store: Store, tmp_path: Path) -> None:
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    report = import_file(store, empty)
    assert report.added == 0
    assert [m[1] for m in messages(report)] == [
        "nothing to import: the archive holds no .vcf, .csv, .xlsx, .ods, .graphml or .gexf file"
    ]
    photos = zipped(tmp_path / "photos.zip", {"a.jpg": b"\xff\xd8\xff", "b.png": b"\x89PNG"})
    texts = [m[1] for m in messages(import_file(store, photos))]
    assert texts[0].endswith(": 2") and texts[-1].startswith("nothing to import")


def test_a_forced_format_applies_to_the_files_inside(store: Store, tmp_path: Path) -> None:
    # an Outlook CSV forced as vCard, as a loose file and inside an archive: the same
    outlook = (DATA / "outlook_desktop.csv").read_bytes()
    loose = import_file(store, DATA / "outlook_desktop.csv", fmt="vcard")
    inside = import_file(store, zipped(tmp_path / "o.zip", {"o.csv": outlook}), fmt="vcard")
    assert (inside.fmt, inside.added) == ("vcard", loose.added)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(0, 10_000), flip=st.integers(0, 10_000))
def test_a_cut_or_altered_archive_never_raises_anything_else(
    store: Store, tmp_path: Path, cut: int, flip: int
) -> None:
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Connections.csv", (DATA / "linkedin_2024.csv").read_bytes())
        z.writestr("cards.vcf", (REAL / "ez-vcard" / "rfc2426-example.vcf").read_bytes())
    raw = bytearray(whole.getvalue())
    raw = raw[: max(4, cut % (len(raw) + 1))]
    if len(raw) > 4:
        raw[4 + flip % (len(raw) - 4)] ^= 0xFF
    path = tmp_path / "fuzz.zip"
    path.write_bytes(bytes(raw))
    before = names(store)
    try:
        report = import_file(store, path, dry_run=True)
    except InvalidInput as exc:
        assert exc.render()
    else:
        assert report.added >= 0
    assert names(store) == before


# --- Zip bombs: nothing beyond the caps is inflated (#21 item 11) -----------------------------

MB = 1024 * 1024


def zip_bomb(entries: dict[str, int]) -> bytes:
    """An archive of files of zeros (``name: megabytes``), deflated about 1,000 to 1, written
    by chunks so that the test itself never holds one whole."""
    buffer = io.BytesIO()
    chunk = b"\0" * MB
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, megabytes in entries.items():
            with z.open(name, "w", force_zip64=True) as f:
                for _ in range(megabytes):
                    f.write(chunk)
    return buffer.getvalue()


def lie_about_size(data: bytes, member: str, size: int) -> bytes:
    """``data`` whose central directory says ``member`` holds ``size`` bytes once unzipped."""
    raw = bytearray(data)
    name = member.encode()
    at = raw.index(b"PK\x01\x02")  # the first central directory record
    while raw[at + 46 : at + 46 + len(name)] != name:
        at = raw.index(b"PK\x01\x02", at + 4)
    raw[at + 24 : at + 28] = size.to_bytes(4, "little")
    return bytes(raw)


def peak_while(work):  # type: ignore[no-untyped-def]
    """What ``work()`` gives and the most memory Python allocated meanwhile (tracemalloc)."""
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_before_it_is_inflated(store: Store, tmp_path: Path) -> None:
    # 300 MB of zeros in one file, past the 256 MB cap: the archive is about 300 KB. Before
    # the fix the whole cap was inflated (768 MB of memory for two such files).
    data = zip_bomb({"bomb.vcf": 300, "ok.vcf": 0})
    assert len(data) < 400 * 1024
    found, peak = peak_while(lambda: archive.members(data))
    assert peak < 8 * MB
    assert [p.render() for p in found.problems] == [
        "too large once unzipped (over 256 MB): unzip it and import it alone"
    ]
    assert [p.file for p in found.problems] == ["bomb.vcf"]
    path = tmp_path / "bomb.zip"
    path.write_bytes(data)
    report = import_file(store, path)
    assert [m for m in messages(report) if m[0] == "bomb.vcf"] == [
        ("bomb.vcf", "too large once unzipped (over 256 MB): unzip it and import it alone", True)
    ]
    assert names(store) == []


def test_a_bomb_that_lies_about_its_size_is_read_no_further(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the header says 1 MB, the data inflates to 64 MB: zipfile stops at the declared size
    # and the CRC tells the lie; memory stays near the 1 MB, far from the 64
    monkeypatch.setattr(archive, "MAX_FILE", 4 * MB)
    data = lie_about_size(zip_bomb({"liar.vcf": 64}), "liar.vcf", MB)
    found, peak = peak_while(lambda: archive.members(data))
    assert peak < 4 * MB
    assert found.files == []
    assert [(p.file, p.render().startswith("cannot be unzipped: ")) for p in found.problems] == [
        ("liar.vcf", True)
    ]


def test_the_running_total_stops_at_the_archive_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    # three honest 3 MB files, a 7 MB cap for the whole archive: two are read, the third is
    # refused without being inflated
    monkeypatch.setattr(archive, "MAX_TOTAL", 7 * MB)
    data = zip_bomb({"a.vcf": 3, "b.vcf": 3, "c.vcf": 3})
    found, peak = peak_while(lambda: archive.members(data))
    assert [(name, len(raw)) for name, raw in found.files] == [("a.vcf", 3 * MB), ("b.vcf", 3 * MB)]
    assert [(p.file, p.render()) for p in found.problems] == [
        ("c.vcf", "too large once unzipped (over 1 MB): unzip it and import it alone")
    ]
    # a.vcf kept, b.vcf's chunks and their join (9 MB), and a chunk being inflated
    assert peak < 10 * MB
