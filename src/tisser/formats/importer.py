"""Importing one file: read it, plan it against the database, write it in one transaction.

Each file is one unit of work (:meth:`~tisser.store.base.StoreBase.transaction`): a crash,
a refused write or Ctrl-C in the middle leaves the database as it was before that file,
and files already imported stay imported. ``dry_run`` stops after the plan: the report
says what would happen and nothing is written.

What the report counts (:class:`FileReport`): contacts added, updated (a record imported
before, now different), merged (the same person as a contact already there, certainly),
unchanged, links added, and every problem — refused records with the file, line or card
and the reason, and records read only in part.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tisser.core.duplicates import Candidate
from tisser.core.errors import N_, InvalidInput
from tisser.core.identity import email_key
from tisser.core.importing import Outcome, Plan, plan_import
from tisser.core.model import Contact, Link
from tisser.core.names import fold
from tisser.core.resolve import parse_id
from tisser.formats import ARCHIVE, EdgeRef, Parsed, Problem, detect, read
from tisser.formats.archive import MAGIC, members
from tisser.formats.vcard import tisser_uid
from tisser.memory import gc_paused
from tisser.store import ContactFilter, PreparedContacts, Store, prepare_contacts

# Formats whose records are distinct people by construction (see plan_import).
DISTINCT = {"linkedin"}
# New contacts are written in slices of this many (one transaction still) to move the bar.
WRITE_CHUNK = 2000


@dataclass
class FileReport:
    """What importing one file did (or, with ``dry_run``, would do)."""

    path: str
    fmt: str
    read: int = 0  # records found, refused ones included
    added: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    links: int = 0
    problems: list[Problem] = field(default_factory=list)
    likely: list[tuple[str, str, float]] = field(default_factory=list)
    dry_run: bool = False
    added_ids: list[int] = field(default_factory=list)  # the contacts added, once written

    @property
    def refused(self) -> int:
        return sum(1 for p in self.problems if p.refused)


Progress = Callable[[int, int], None]


def import_file(
    store: Store,
    path: Path,
    *,
    fmt: str | None = None,
    owner_id: int = 1,
    dry_run: bool = False,
    photos: bool = True,
    progress: Progress | None = None,
) -> FileReport:
    """Import ``path`` into ``store``; InvalidInput if the file cannot be read at all."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(
            N_("cannot read {path}: {reason}"),
            hint=N_("check the path and that the file is readable"),
            path=str(path),
            reason=exc.strerror or str(exc),
        ) from exc
    # a ZIP is looked at whatever the format given: an archive of files, or a workbook;
    # "zip" may have been guessed from the first bytes alone (the web's upload)
    found = detect(data, Path(path).name) if data[:4] in MAGIC or fmt in (None, ARCHIVE) else ""
    if found == ARCHIVE:
        with gc_paused():
            return _import_archive(store, data, str(path), fmt, owner_id, dry_run, photos, progress)
    kind = fmt if fmt and fmt != ARCHIVE else found
    with gc_paused():
        parsed = read(data, kind, photos=photos)
        return _import_parsed(store, parsed, str(path), owner_id, dry_run, progress)


FOLDER_SUFFIXES = {".vcf", ".vcard", ".csv", ".graphml", ".gexf"}


def import_folder(
    store: Store,
    folder: Path,
    *,
    fmt: str | None = None,
    owner_id: int = 1,
    dry_run: bool = False,
    photos: bool = True,
    progress: Progress | None = None,
) -> list[FileReport]:
    """Import the files of ``folder`` (a vdir of one card per file, an export folder).

    Files of one format are imported together, in one transaction: a folder of 800 cards
    is one address book, compared with the database once. Problems name their file.
    """
    paths = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in FOLDER_SUFFIXES)
    files = [(p.name, p.read_bytes) for p in paths]
    with gc_paused():
        return _import_files(store, str(folder), files, fmt, owner_id, dry_run, photos, progress)


def _import_files(
    store: Store,
    where: str,
    files: Sequence[tuple[str, Callable[[], bytes]]],
    fmt: str | None,
    owner_id: int,
    dry_run: bool,
    photos: bool,
    progress: Progress | None,
) -> list[FileReport]:
    """Import ``files`` (name, how to get its bytes) of a folder or an archive: those of one
    format together, each problem naming its file; one report per format."""
    groups: dict[str, Parsed] = {}
    unreadable: list[Problem] = []
    for name, load in files:
        try:
            data = load()
            kind = fmt or detect(data, name)
            if kind == ARCHIVE:
                raise InvalidInput(N_("a ZIP archive among the files: import it on its own"))
        except (OSError, InvalidInput) as exc:
            message = exc.message if isinstance(exc, InvalidInput) else N_("cannot read it")
            unreadable.append(Problem(message, file=name))
            continue
        parsed = read(data, kind, photos=photos)
        group = groups.setdefault(kind, Parsed(parsed.source))
        for p in parsed.problems:
            p.file = name
        for e in parsed.edges:
            e.file = name
        group.records += parsed.records
        group.edges += parsed.edges
        group.problems += parsed.problems
    reports = [
        _import_parsed(store, parsed, where, owner_id, dry_run, progress)
        for parsed in groups.values()
    ]
    if unreadable:
        if not reports:
            reports.append(FileReport(where, "", dry_run=dry_run))
        reports[0].problems += unreadable
    return reports


def _import_archive(
    store: Store,
    data: bytes,
    name: str,
    fmt: str | None,
    owner_id: int,
    dry_run: bool,
    photos: bool,
    progress: Progress | None,
) -> FileReport:
    """A ZIP archive (see :mod:`tisser.formats.archive`) imported as one file: one
    transaction for all it holds, one report whose problems name the files inside."""
    found = members(data)
    files = [(member, lambda raw=raw: raw) for member, raw in found.files]
    forced = None if fmt == ARCHIVE else fmt
    with store.transaction():  # its contacts, then its links, stand or fall together
        reports = _import_files(store, name, files, forced, owner_id, dry_run, photos, progress)
    report = _combined(name, reports, dry_run)
    report.problems[:0] = found.problems
    if not found.files:
        report.problems.append(
            Problem(
                N_(
                    "nothing to import: the archive holds no .vcf, .csv, .xlsx, .ods, .graphml "
                    "or .gexf file"
                ),
                refused=False,
            )
        )
    return report


def _combined(name: str, reports: list[FileReport], dry_run: bool) -> FileReport:
    """One report of the reports of an archive's formats (its format's, when it has one)."""
    formats = {r.fmt for r in reports if r.fmt}
    out = FileReport(name, formats.pop() if len(formats) == 1 else ARCHIVE, dry_run=dry_run)
    for r in reports:
        out.read += r.read
        out.added += r.added
        out.updated += r.updated
        out.merged += r.merged
        out.unchanged += r.unchanged
        out.links += r.links
        out.problems += r.problems
        out.likely += r.likely
        out.added_ids += r.added_ids
    return out


def import_parsed(
    store: Store,
    parsed: Parsed,
    name: str,
    *,
    owner_id: int = 1,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> FileReport:
    """Plan and (unless ``dry_run``) write what ``parsed`` holds."""
    with gc_paused():
        return _import_parsed(store, parsed, name, owner_id, dry_run, progress)


def _import_parsed(
    store: Store,
    parsed: Parsed,
    name: str,
    owner_id: int,
    dry_run: bool,
    progress: Progress | None,
) -> FileReport:
    report = FileReport(name, parsed.source, dry_run=dry_run)
    report.problems = list(parsed.problems)
    if not parsed.records and not parsed.edges and not parsed.problems:
        report.problems.append(
            Problem(N_("nothing to import: the file holds no contact and no link"), refused=False)
        )
    report.read = len(parsed.records) + report.refused
    for r in parsed.records:
        r.contact.owner_id = owner_id
    existing = (
        store.list_contacts(ContactFilter(include_archived=True), owner_id)
        if parsed.records or parsed.edges
        else []
    )
    sources = store.source_keys(parsed.source, owner_id) if parsed.records else {}
    if parsed.source in ("graphml", "gexf"):
        _own_nodes(parsed, existing, sources)
    if parsed.source == "vcard" and any(r.key.startswith("uid:urn:uuid:") for r in parsed.records):
        # cards tisser exported carry a UID made from the contact's id: same contact
        for c in existing:
            sources.setdefault(f"uid:{tisser_uid(owner_id, c.id or 0)}", c.id or 0)
    # the bar runs over planning (first half) and writing (second half)
    total = 2 * len(parsed.records)
    plan = plan_import(
        [(r.key, r.contact) for r in parsed.records],
        existing,
        sources,
        distinct=parsed.source in DISTINCT,
        progress=(lambda n: progress(n, total)) if progress else None,
    )
    report.added = plan.count(Outcome.ADDED)
    report.updated = plan.count(Outcome.UPDATED)
    report.merged = plan.count(Outcome.MERGED)
    report.unchanged = plan.count(Outcome.UNCHANGED)
    names = {c.id: c.display_name for c in existing}
    report.likely = [_named(c, names, plan) for c in plan.likely]
    if dry_run:
        report.links = len(_links(parsed, existing, plan, None, owner_id, []))
        return report
    report.added_ids = _write(store, parsed, plan, existing, owner_id, report, progress)
    return report


def _write(
    store: Store,
    parsed: Parsed,
    plan: Plan,
    existing: list[Contact],
    owner_id: int,
    report: FileReport,
    progress: Progress | None,
) -> list[int]:
    """Write ``plan``; the new contacts' ids.

    The rows are built before any transaction. On SQLite, a file of more than one
    :data:`WRITE_CHUNK` of new contacts commits them chunk by chunk under an import run
    (:mod:`tisser.store.import_runs`), so that a `tisser log` run meanwhile waits for one
    chunk, not the whole file; the rest and the run's end commit together, and a failure
    or a kill undoes the run: the file still lands whole or not at all (#21)."""
    prepared = [
        prepare_contacts(plan.new[start : start + WRITE_CHUNK])
        for start in range(0, len(plan.new), WRITE_CHUNK)
    ]
    rest = functools.partial(_write_rest, store, parsed, plan, existing, owner_id, report)
    add = functools.partial(_add_new, store, parsed, plan, prepared, owner_id, progress)
    if store.dialect == "sqlite" and len(prepared) > 1 and not store.in_transaction:
        run = store.begin_import_run(owner_id)
        try:
            new_ids = add(run)
            with store.transaction():
                rest(new_ids)
                store.finish_import_run(run)
        except BaseException:
            store.undo_import_run(run)
            raise
        return new_ids
    with store.transaction():
        new_ids = add(None)
        rest(new_ids)
    return new_ids


def _add_new(
    store: Store,
    parsed: Parsed,
    plan: Plan,
    prepared: list[PreparedContacts],
    owner_id: int,
    progress: Progress | None,
    run: int | None,
) -> list[int]:
    """Insert the new contacts and the source keys of the records they come from, one
    transaction per chunk (inside the caller's transaction, when there is one, they all
    join it); their ids."""
    records_of: dict[int, list[int]] = defaultdict(list)  # new contact -> its records
    for step in plan.steps:
        if step.outcome is Outcome.ADDED or step.target < 0:
            records_of[step.target if step.outcome is Outcome.ADDED else -1 - step.target] += [
                step.record
            ]
    total = 2 * len(parsed.records)
    new_ids: list[int] = []
    for chunk in prepared:
        with store.transaction():
            start = len(new_ids)
            new_ids += store.bulk_add_contacts(chunk, run=run)
            keys = [
                (parsed.records[r].key, cid)
                for n, cid in enumerate(new_ids[start:], start)
                for r in records_of[n]
            ]
            store.save_source_keys(parsed.source, keys, owner_id)
        if progress is not None:
            progress(total // 2 + len(new_ids), total)
    return new_ids


def _write_rest(
    store: Store,
    parsed: Parsed,
    plan: Plan,
    existing: list[Contact],
    owner_id: int,
    report: FileReport,
    new_ids: list[int],
) -> None:
    """Everything but the new contacts: the changed ones, the source keys of the records
    that went to existing contacts, photos, links."""
    store.update_contacts(list(plan.changed.values()))
    ids = _record_ids(plan, new_ids)
    kept = {s.record for s in plan.steps if s.outcome is not Outcome.ADDED and s.target >= 0}
    store.save_source_keys(
        parsed.source,
        [(parsed.records[i].key, cid) for i, cid in ids.items() if i in kept],
        owner_id,
    )
    pictures = [
        (ids[i], r.photo.media_type, r.photo.data)
        for i, r in enumerate(parsed.records)
        if r.photo is not None and i in ids
    ]
    store.save_photos(pictures, owner_id)
    found = _links(parsed, existing, plan, ids, owner_id, report.problems)
    report.links = store.bulk_add_links(found) if found else 0


def _own_nodes(parsed: Parsed, existing: list[Contact], sources: dict[str, int]) -> None:
    """Nodes of a graph tisser exported (id ``c<contact id>``) are those contacts again,
    when the name still matches: re-importing an export never duplicates."""
    by_id = {c.id: c for c in existing}
    for r in parsed.records:
        nid = r.key.removeprefix("node:c")
        if r.key in sources or not nid.isdigit():
            continue
        c = by_id.get(int(nid))
        if c is not None and fold(c.display_name) == fold(r.contact.display_name):
            sources[r.key] = int(nid)


def _record_ids(plan: Plan, new_ids: list[int]) -> dict[int, int]:
    """Record index -> the contact id it ended in."""
    out: dict[int, int] = {}
    for step in plan.steps:
        if step.outcome is Outcome.ADDED:
            out[step.record] = new_ids[step.target]
        elif step.target < 0:
            out[step.record] = new_ids[-1 - step.target]
        else:
            out[step.record] = step.target
    return out


def _named(c: Candidate, names: dict[int | None, str], plan: Plan) -> tuple[str, str, float]:
    def name(ref: int) -> str:
        return names.get(ref, "") if ref >= 0 else plan.new[-1 - ref].display_name

    return name(c.a_id), name(c.b_id), c.score


def _links(
    parsed: Parsed,
    existing: list[Contact],
    plan: Plan,
    ids: dict[int, int] | None,
    owner_id: int,
    problems: list[Problem],
) -> list[Link]:
    """The links of the file between resolved contacts; the rest goes to ``problems``."""
    if not parsed.edges:
        return []
    by_key: dict[str, int] = {}
    if ids is not None:
        by_key = {parsed.records[i].key: cid for i, cid in ids.items()}
    else:  # dry run: any distinct number per record will do
        by_key = {r.key: -1 - i for i, r in enumerate(parsed.records)}
    resolver = _Resolver(existing)
    out: dict[tuple[int, int], Link] = {}
    for e in parsed.edges:
        ends: list[int] = []
        for ref in (e.a, e.b):
            cid = by_key.get(ref) if e.by_key else resolver.resolve(ref, e, problems)
            if cid is None:
                if e.by_key:
                    problems.append(
                        Problem(
                            N_("the link names an unknown node {ref!r}: left out"),
                            {"ref": ref.removeprefix("node:")},
                            line=e.line,
                            file=e.file,
                        )
                    )
                break
            ends.append(cid)
        if len(ends) != 2:
            continue
        if ends[0] == ends[1]:
            problems.append(
                Problem(
                    N_("a contact cannot be linked to themselves: left out"),
                    line=e.line,
                    file=e.file,
                )
            )
            continue
        lo, hi = sorted(ends)
        out[(lo, hi)] = Link(lo, hi, owner_id=owner_id, strength=e.strength, source=parsed.source)
    return list(out.values())


class _Resolver:
    """A cell of an edge list -> one contact id: ``#id``, e-mail or name, as people type."""

    def __init__(self, contacts: list[Contact]) -> None:
        from tisser.store.rows import name_key

        self.ids = {c.id for c in contacts}
        self.by_email: dict[str, set[int]] = defaultdict(set)
        self.by_name: dict[str, set[int]] = defaultdict(set)
        for c in contacts:
            if c.id is None:
                continue
            for e in c.emails:
                self.by_email[email_key(e)].add(c.id)
            for text in (
                c.display_name,
                f"{c.family_name} {c.given_name}",
                f"{c.given_name} {c.family_name}",
            ):
                self.by_name[name_key(text)].add(c.id)
        self.name_key = name_key
        self.names = {c.id: c.display_name for c in contacts}

    def resolve(self, text: str, edge: EdgeRef, problems: list[Problem]) -> int | None:
        """The contact ``text`` (one end of ``edge``) names; None, with a problem, if none
        or several do."""
        line, file = edge.line, edge.file
        cid = parse_id(text)
        if cid is not None and cid in self.ids:
            return cid
        found = self.by_email.get(email_key(text)) if email_key(text) else None
        if not found:
            found = self.by_name.get(self.name_key(text))
        if not found:
            problems.append(
                Problem(
                    N_("no contact named {text!r}: link left out"),
                    {"text": text},
                    line=line,
                    file=file,
                )
            )
            return None
        if len(found) > 1:
            listing = ", ".join(f"#{i} {self.names[i]}" for i in sorted(found))
            problems.append(
                Problem(
                    N_(
                        "{text!r} names several contacts ({listing}): link left out; "
                        "write #id instead"
                    ),
                    {"text": text, "listing": listing},
                    line=line,
                    file=file,
                )
            )
            return None
        return next(iter(found))
