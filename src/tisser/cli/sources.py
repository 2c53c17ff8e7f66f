"""``tisser sources``, ``tisser sync`` and ``tisser sources review``: capture interactions
from mail, calendars and chat exports, and review the correspondents who are not contacts yet.

Passwords (IMAP, CalDAV) are never stored by tisser: ``TISSER_PASSWORD`` in the
environment, else the system keyring (``--save-password`` puts it there once), else a
prompt. They are never printed nor written to a log.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import Column, JsonFlag, confirm, emit, json_out, output_format
from tisser.core.errors import N_
from tisser.i18n import _, ngettext
from tisser.present.dates import human_date

if TYPE_CHECKING:
    from tisser.app.context import State
    from tisser.app.plan_calendar import PushReport
    from tisser.capture.model import SyncReport
    from tisser.store.capture import SourceRecord

sources_app = typer.Typer(
    help=N_("Where interactions are captured from: mailboxes, IMAP, calendars, chat exports."),
    no_args_is_help=True,
)
app.add_typer(sources_app, name="sources")


def _now(state: State) -> datetime:
    """Now, or noon of TISSER_TODAY when the demo or a test fixes the day."""
    if os.environ.get("TISSER_TODAY", "").strip():
        from tisser.app.context import local_zone

        return datetime.combine(state.today, time(12, 0), local_zone()).astimezone(UTC)
    return datetime.now(UTC)


def _secret(source: SourceRecord) -> str:
    """The source's password: environment, keyring, then a prompt (never echoed)."""
    from tisser.app.capture import keyring_secret, stored_secret

    if stored_secret(source) or not os.isatty(0):
        return keyring_secret(source)
    return str(typer.prompt(_("Password for {name}").format(name=source.name), hide_input=True))


def _save_secret(source: SourceRecord) -> None:
    from tisser.app.capture import PASSWORD_ENV, save_secret

    password = os.environ.get(PASSWORD_ENV) or typer.prompt(
        _("Password for {name}").format(name=source.name), hide_input=True
    )
    save_secret(source, str(password))


@sources_app.command(
    "add",
    help=N_(
        "Add a source: tisser sources add mbox ~/mail/Sent.mbox --me you@example.org; "
        "kinds: mbox, maildir, eml, imap, ics, caldav, whatsapp, sms, linkedin; "
        "plan-calendar sends the plan to a CalDAV calendar."
    ),
)
def sources_add(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=N_("mbox, maildir, eml, imap, ics, caldav, …"))],
    location: Annotated[
        str, typer.Argument(help=N_("The file or folder; for imap, the server (or use --host)."))
    ] = "",
    name: Annotated[str, typer.Option("--name", help=N_("A short name for the source."))] = "",
    me: Annotated[
        list[str] | None,
        typer.Option("--me", help=N_("One of your own addresses or numbers (repeatable).")),
    ] = None,
    host: Annotated[str, typer.Option("--host", help=N_("IMAP server."))] = "",
    port: Annotated[int, typer.Option("--port", help=N_("IMAP port (993 with TLS)."))] = 0,
    user: Annotated[str, typer.Option("--user", help=N_("Account name on the server."))] = "",
    folder: Annotated[
        list[str] | None, typer.Option("--folder", help=N_("A folder to read (repeatable)."))
    ] = None,
    cafile: Annotated[
        str, typer.Option("--cafile", help=N_("A certificate authority to trust (self-hosted)."))
    ] = "",
    starttls: Annotated[
        bool, typer.Option("--starttls", help=N_("Plain connection upgraded with STARTTLS."))
    ] = False,
    own_domain: Annotated[
        str, typer.Option("--own-domain", help=N_("Leave out colleagues of this domain."))
    ] = "",
    subjects: Annotated[
        bool, typer.Option("--subjects", help=N_("Keep subjects (off by default)."))
    ] = False,
    save_password: Annotated[
        bool,
        typer.Option("--save-password", help=N_("Ask the password once, keep it in the keyring.")),
    ] = False,
    calendar: Annotated[
        str, typer.Option("--calendar", help=N_("For plan-calendar: the calendar's name."))
    ] = "",
) -> None:
    from tisser.app.capture import add_source
    from tisser.app.plan_calendar import KIND

    state: State = ctx.obj
    if kind.strip().lower() == KIND:
        _add_plan_calendar(state, location, user, name, calendar, save_password)
        return
    where = location or host
    settings = _capture_settings(me, own_domain, subjects)
    if kind.strip().lower() == "imap":
        if user and "@" in user:
            settings["own_emails"].append(user)
        settings.update(
            host=host or location,
            port=port,
            user=user,
            starttls=starttls,
            folders=list(folder or []),
            cafile=cafile,
        )
    source = add_source(state.store, state.owner_id, kind, where, name=name, settings=settings)
    if save_password:
        _save_secret(source)
    state.console.print(
        _("Source {name} added. Capture it with: tisser sync {name}").format(
            name=escape(source.name)
        )
    )


def _capture_settings(me: list[str] | None, own_domain: str, subjects: bool) -> dict[str, Any]:
    mine = [m for m in me or [] if m.strip()]
    return {
        "own_emails": [m for m in mine if "@" in m],
        "own_phones": [m for m in mine if "@" not in m and any(ch.isdigit() for ch in m)],
        "own_names": [m for m in mine if "@" not in m and not any(ch.isdigit() for ch in m)],
        "own_domain": own_domain,
        "skip_own_domain": bool(own_domain),
        "keep_subject": subjects,
    }


def _add_plan_calendar(
    state: State, url: str, user: str, name: str, calendar: str, save_password: bool
) -> None:
    """``tisser sources add plan-calendar URL --user U``: the server is asked at once
    (password from TISSER_PASSWORD or a prompt) and the calendar picked."""
    from tisser.app.capture import PASSWORD_ENV, save_secret
    from tisser.app.plan_calendar import add_plan_calendar

    password = os.environ.get(PASSWORD_ENV) or None
    if password is None and os.isatty(0):
        password = str(typer.prompt(_("Password for {user}").format(user=user), hide_input=True))
    source = add_plan_calendar(
        state.store, state.owner_id, url, user=user, name=name, calendar=calendar,
        password=password,
    )  # fmt: skip
    if save_password and password:
        try:
            save_secret(source, password)
        except Exception:  # no usable keyring here: the environment gives it
            state.console.print(_("No system keyring here: give the password in TISSER_PASSWORD."))
    state.console.print(
        _("Calendar {calendar} connected. Send the plan to it with: tisser sync {name}").format(
            calendar=escape(str(source.settings.get("calendar") or url)), name=escape(source.name)
        )
    )


def _source_row(s: SourceRecord) -> dict[str, Any]:
    report = s.last_report or {}
    return {
        "name": s.name,
        "kind": s.kind,
        "location": s.location,
        "captured": s.captured,
        "last_sync": s.last_sync_at.isoformat() if s.last_sync_at else None,
        "last_read": report.get("read"),
    }


@sources_app.command("list", help=N_("List the sources, what each captured, its last sync."))
def sources_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    state: State = ctx.obj
    rows = [_source_row(s) for s in state.store.list_sources(state.owner_id)]
    shown = [
        {
            **r,
            "last_sync": human_date(datetime.fromisoformat(r["last_sync"]).date())
            if r["last_sync"]
            else _("never"),
        }
        for r in rows
    ]
    columns = [
        Column("name", N_("Name"), style="bold"),
        Column("kind", N_("Kind")),
        Column("location", N_("Where")),
        Column("captured", N_("Captured"), justify="right"),
        Column("last_sync", N_("Last sync")),
    ]
    emit(
        rows,
        columns,
        fmt=output_format(as_json, False),
        console=state.console,
        table_rows=shown,
        empty=_("No source yet. Add one with: tisser sources add mbox FILE"),
    )


@sources_app.command(
    "remove", help=N_("Remove a source and the interactions it captured (never typed ones).")
)
def sources_remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=N_("The source's name (tisser sources list)."))],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation."))
    ] = False,
) -> None:
    state: State = ctx.obj
    source = state.store.get_source(state.owner_id, name)
    question = ngettext(
        "Remove {name} and the {n} interaction it captured?",
        "Remove {name} and the {n} interactions it captured?",
        source.captured,
    ).format(name=source.name, n=source.captured)
    if not yes and not confirm(question):
        state.console.print(_("Nothing removed."))
        return
    n = state.store.remove_source(state.owner_id, name)
    state.console.print(
        ngettext(
            "Source {name} removed with {n} captured interaction.",
            "Source {name} removed with {n} captured interactions.",
            n,
        ).format(name=escape(source.name), n=n)
    )


def print_report(state: State, report: SyncReport) -> None:
    """The closing report: read, captured, grouped, skipped by reason, proposed."""
    from tisser.capture.filters import REASON_LABELS

    con = state.console
    head = _("{name} (dry run: nothing saved)") if report.dry_run else "{name}"
    con.print(f"[bold]{escape(head.format(name=report.source))}[/]")
    lines = [
        ngettext("{n} message read", "{n} messages read", report.read),
        ngettext("{n} interaction created", "{n} interactions created", report.created),
        ngettext("{n} interaction updated", "{n} interactions updated", report.updated),
        ngettext(
            "{n} message grouped into a thread or a day",
            "{n} messages grouped into threads or days",
            report.grouped,
        ),
        ngettext(
            "{n} conversation without reply", "{n} conversations without reply", report.no_reply
        ),
    ]
    counts = [report.read, report.created, report.updated, report.grouped, report.no_reply]
    if report.fetched:
        lines.insert(1, ngettext("{n} message fetched", "{n} messages fetched", report.fetched))
        counts.insert(1, report.fetched)
    for line, n in zip(lines, counts, strict=True):
        con.print("  " + line.format(n=n))
    for reason, n in sorted(report.skipped.items(), key=lambda kv: -kv[1]):
        label = _(REASON_LABELS.get(reason, reason))
        con.print(
            "  " + ngettext("{n} left out: {why}", "{n} left out: {why}", n).format(n=n, why=label)
        )
    for p in report.problems[:10]:
        con.print(f"  [yellow]{escape(p.where)}[/]: {escape(_(p.message).format(**p.params))}")
    if report.problem_count > 10:
        more = report.problem_count - 10
        con.print("  " + ngettext("… and {n} more", "… and {n} more", more).format(n=more))
    if report.proposed:
        con.print(
            "  "
            + ngettext(
                "{n} correspondent to review: tisser sources review",
                "{n} correspondents to review: tisser sources review",
                report.proposed,
            ).format(n=report.proposed)
        )


@app.command("sync", help=N_("Capture what is new in your sources (all of them, or one)."))
def sync_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help=N_("One source (default: all)."))] = None,
    since: Annotated[
        str | None, typer.Option("--since", help=N_("Only messages from this date: 2026-01-01."))
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Show what would be captured, save nothing."))
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    from tisser.app.capture import sync_source
    from tisser.app.plan_calendar import KIND as PLAN_KIND
    from tisser.app.plan_calendar import PushReport, sync_plan_calendar
    from tisser.core.dates import parse_date

    state: State = ctx.obj
    store = state.store
    sources = (
        [store.get_source(state.owner_id, name)] if name else store.list_sources(state.owner_id)
    )
    if not sources:
        state.console.print(_("No source yet. Add one with: tisser sources add mbox FILE"))
        return
    start = None
    if since:
        day = parse_date(since, state.today)
        from tisser.app.context import local_zone

        start = datetime.combine(day, time(0, 0), local_zone()).astimezone(UTC)
    reports: list[Any] = []
    progress = _progress(state, as_json)
    with progress:
        for source in sources:
            if source.kind == PLAN_KIND:
                if not dry_run:
                    reports.append(sync_plan_calendar(state, source, _secret(source)))
                continue
            task = progress.add_task(escape(source.name), total=None)

            def tick(n: int, task: Any = task) -> None:
                progress.advance(task, n)

            reports.append(
                sync_source(
                    store,
                    source,
                    _now(state),
                    since=start,
                    dry_run=dry_run,
                    secret=_secret,
                    progress=tick,
                )
            )
    if as_json:
        json_out([r.as_dict() for r in reports])
        return
    for r in reports:
        if isinstance(r, PushReport):
            print_push(state, r)
        else:
            print_report(state, r)


def _progress(state: State, as_json: bool) -> Any:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed}"),
        TimeElapsedColumn(),
        console=state.console,
        transient=True,
        disable=as_json or not state.console.is_terminal,
    )


def print_push(state: State, report: PushReport) -> None:
    """The report of a plan calendar's sync: sent, updated, removed, done from there."""
    from tisser.app.plan_calendar import report_lines

    con = state.console
    con.print(f"[bold]{escape(report.source)}[/]")
    for line in report_lines(report.as_dict()):
        con.print("  " + line)
    for p in report.problems[:10]:
        con.print(f"  [yellow]{escape(p.where)}[/]: {escape(_(p.message).format(**p.params))}")


def capture_import(
    state: State,
    path: Any,
    dry_run: bool,
    contacts_too: bool,
    into: list[dict[str, Any]] | None = None,
) -> bool:
    """What ``tisser import`` does with a mailbox, calendar or chat file: capture it
    through a source (printing its report). True when the file was a capture file and
    holds nothing else to import; a LinkedIn archive is also imported for its contacts.
    With ``into`` (``--json``), the report is appended there instead of printed."""
    from pathlib import Path

    from tisser.app.capture import capture_file, capture_kind

    kind = capture_kind(Path(path))
    if not kind:
        return False
    archive = kind == "linkedin" and Path(path).suffix.lower() == ".zip"
    if archive == contacts_too:  # the archive's contacts first, its messages after them
        return False
    report = capture_file(state.store, state.owner_id, Path(path), kind, _now(state), dry_run)
    if into is not None:
        into.append({"path": str(path), "capture": report.as_dict()})
    else:
        print_report(state, report)
    return True


review_app = typer.Typer(
    help=N_("Correspondents who are not contacts yet: add, attach or ignore them."),
    invoke_without_command=True,
)
sources_app.add_typer(review_app, name="review")


@review_app.callback()
def review_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from tisser.app.capture import review_queue

    state: State = ctx.obj
    queue = review_queue(state.store, state.owner_id)
    rows = [
        {
            "address": p.value,
            "name": p.display,
            "sent": p.sent,
            "received": p.received,
            "last": p.last_at.isoformat(),
            "may_be": [{"id": c.id, "name": c.name, "detail": c.detail} for c in p.candidates],
        }
        for p in queue
    ]
    shown = [
        {**r, "last": human_date(p.last_at.date()), "may_be": _candidates_text(p)}
        for r, p in zip(rows, queue, strict=True)
    ]
    columns = [
        Column("address", N_("Address"), style="bold"),
        Column("name", N_("Name")),
        Column("sent", N_("Sent"), justify="right"),
        Column("received", N_("Received"), justify="right"),
        Column("last", N_("Last")),
    ]
    if any(p.candidates for p in queue):
        columns.append(Column("may_be", N_("May be")))
    emit(
        rows,
        columns,
        fmt=output_format(as_json, False),
        console=state.console,
        table_rows=shown,
        empty=_("Nobody to review."),
    )
    if rows and not as_json:
        state.console.print(
            _(
                "tisser sources review add ADDRESS · "
                "tisser sources review attach ADDRESS CONTACT · "
                "tisser sources review ignore ADDRESS"
            )
        )


def _candidates_text(p: Any) -> str:
    """ "#3 Anaïs Bénard (Acme, Lyon) · #7 Anaïs Bénard": the contacts a name may be."""
    return " · ".join(
        f"#{c.id} {c.name}" + (f" ({c.detail})" if c.detail else "") for c in p.candidates
    )


ADDRESS = Annotated[str, typer.Argument(help=N_("The address shown by tisser sources review."))]


@review_app.command("add", help=N_("Add this correspondent as a new contact."))
def review_add(ctx: typer.Context, address: ADDRESS) -> None:
    from tisser.app.capture import accept

    state: State = ctx.obj
    done = accept(state.store, state.owner_id, address, _now(state))
    state.console.print(_("Added {name}.").format(name=escape(done.contact.display_name)))
    _print_replayed(state, done.replayed)


def _print_replayed(state: State, n: int) -> None:
    if n:
        state.console.print(
            ngettext(
                "{n} earlier message is now in the journal.",
                "{n} earlier messages are now in the journal.",
                n,
            ).format(n=n)
        )


@review_app.command("attach", help=N_("Give this address to one of your contacts."))
def review_attach(
    ctx: typer.Context,
    address: ADDRESS,
    who: Annotated[str, typer.Argument(help=N_("The contact: a name, an e-mail or #id."))],
) -> None:
    from tisser.app.capture import attach

    state: State = ctx.obj
    done = attach(state.store, state.owner_id, address, state.contact(who).id or 0, _now(state))
    state.console.print(
        _("{address} now belongs to {name}.").format(
            address=escape(address), name=escape(done.contact.display_name)
        )
    )
    _print_replayed(state, done.replayed)


@review_app.command("ignore", help=N_("Never propose this correspondent again."))
def review_ignore(ctx: typer.Context, address: ADDRESS) -> None:
    from tisser.app.capture import ignore

    state: State = ctx.obj
    ignore(state.store, state.owner_id, address)
    state.console.print(_("{address} will not be proposed again.").format(address=escape(address)))
