"""ZIP archives as people receive them: LinkedIn's data export, Google Takeout, a zipped
address-book folder.

Nobody should have to unzip LinkedIn's "Get a copy of your data" before importing it. The
archive is read in memory, never extracted to disk (no path in it can point elsewhere), and
only its files that may hold contacts or links (``.vcf``, ``.vcard``, ``.csv``, ``.xlsx``,
``.ods``, ``.graphml``, ``.gexf``) are kept; the importer then treats them as a folder of files.

- **LinkedIn's export** holds about forty CSV files, and only ``Connections.csv`` holds
  the user's connections: ``Profile.csv`` is the user, ``Invitations.csv`` and
  ``messages.csv`` are conversations. When the archive holds a ``Connections.csv``, it is
  the only file read, and one note says the others were left out.
- **Zip bombs**: a file is read at most up to :data:`MAX_FILE` bytes, and the archive up to
  :data:`MAX_TOTAL` once unzipped, whatever its headers claim; what goes beyond is left
  out with a message, and nothing beyond the caps is ever inflated (:func:`bounded_read`).
- **Encrypted files, unknown compressions, damaged entries, a ZIP inside the ZIP**: each
  is left out with one message naming it; the others are still read. An archive that
  cannot be opened at all is one :class:`~tisser.core.errors.InvalidInput`.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from tisser.core.errors import N_, InvalidInput
from tisser.formats.base import Problem

# A local file header, or the end record of an empty archive (an Excel workbook starts
# so too: :func:`tisser.formats.detect` tells them apart).
MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
READABLE = frozenset({".vcf", ".vcard", ".csv", ".xlsx", ".ods", ".graphml", ".gexf"})
MAX_FILE = 256 * 1024 * 1024
MAX_TOTAL = 512 * 1024 * 1024
LINKEDIN_CONNECTIONS = "connections.csv"
CHUNK = 1024 * 1024  # unzipped bytes read at a time, counted against the caps


@dataclass
class Members:
    """The files of an archive worth reading, in archive order, and what was left out."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left_out: int = 0  # files that cannot hold contacts (photos, HTML, JSON...)


def members(data: bytes) -> Members:
    """The readable files of the ZIP archive ``data``; InvalidInput if it cannot be opened."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [e for e in archive.infolist() if not e.is_dir() and not _system_file(e)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InvalidInput(
            N_("not a readable ZIP archive: {error}"),
            hint=N_("download the archive again, or unzip it and import the files inside"),
            error=str(exc),
        ) from exc
    out = Members()
    wanted = [e for e in entries if PurePosixPath(e.filename).suffix.lower() in READABLE]
    linkedin = [e for e in wanted if _basename(e) == LINKEDIN_CONNECTIONS]
    if linkedin:
        out.left_out = len(entries) - len(linkedin)
        wanted = linkedin
        if out.left_out:
            out.problems.append(
                Problem(
                    N_(
                        "a LinkedIn data export: Connections.csv read; other files of the "
                        "export left out, as they hold no connections (profile, messages, "
                        "invitations...): {count}"
                    ),
                    {"count": out.left_out},
                    refused=False,
                )
            )
    else:
        for e in entries:
            if e not in wanted:
                if PurePosixPath(e.filename).suffix.lower() == ".zip":
                    out.problems.append(_skipped(e, N_("a ZIP inside the archive: unzip it first")))
                else:
                    out.left_out += 1
        if out.left_out:
            out.problems.append(
                Problem(
                    N_(
                        "files of the archive left out, as they cannot hold contacts (photos, "
                        "pages, calendars...): {count}"
                    ),
                    {"count": out.left_out},
                    refused=False,
                )
            )
    total = 0
    for e in wanted:
        if e.flag_bits & 0x1:
            out.problems.append(_skipped(e, N_("encrypted: export it again without a password")))
            continue
        room = min(MAX_FILE, MAX_TOTAL - total)
        try:
            raw = bounded_read(archive, e, room)
        except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, zlib.error) as exc:
            out.problems.append(_skipped(e, N_("cannot be unzipped: {error}"), error=str(exc)))
            continue
        if raw is None:
            out.problems.append(
                _skipped(
                    e,
                    N_("too large once unzipped (over {mb} MB): unzip it and import it alone"),
                    mb=room // (1024 * 1024),
                )
            )
            continue
        total += len(raw)
        out.files.append((e.filename, raw))
    return out


def bounded_read(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, room: int) -> bytes | None:
    """The unzipped bytes of ``entry``, or None as soon as they would pass ``room`` bytes.

    Why: reading ``room + 1`` bytes at once inflated a whole zip bomb's entry before the cap
    could refuse it (a 612 KB archive took 768 MB). The size the archive declares is checked
    first (nothing is inflated when it is over); :mod:`zipfile` never gives more than that
    size, and the entry is still read by chunks with a running total, so memory stays within
    ``room`` plus one chunk whatever the headers claim.
    """
    if entry.file_size > room:
        return None
    chunks: list[bytes] = []
    total = 0
    with archive.open(entry) as stream:
        while chunk := stream.read(min(CHUNK, room + 1 - total)):
            total += len(chunk)
            if total > room:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def _basename(entry: zipfile.ZipInfo) -> str:
    return PurePosixPath(entry.filename).name.casefold()


def _system_file(entry: zipfile.ZipInfo) -> bool:
    """What macOS adds to the archives it makes: resource forks and folder settings."""
    name = PurePosixPath(entry.filename)
    return "__MACOSX" in name.parts or name.name.startswith("._") or name.name == ".DS_Store"


def _skipped(entry: zipfile.ZipInfo, message: str, **params: object) -> Problem:
    """A file of the archive left out: named, refused (nothing of it was read)."""
    return Problem(message, dict(params), file=entry.filename)
