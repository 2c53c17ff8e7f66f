"""``tisser community``: a club's members matched to meet, from the command line.

The local user is the organiser of the communities they create. Every command prints its
id or result on its last line, so scripts can chain them::

    cid=$(tisser community create "Bordeaux Sport & Réseau" | tail -1)
    tisser community import-members "$cid" members.csv
    rid=$(tisser community round "$cid" --activity padel --size 4 \
          --from 2026-12-01 --to 2026-12-14 --all | tail -1)
    tisser community match "$rid" --json
    tisser community publish "$rid" --to-dir outbox/
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, json_out, output_format
from tisser.core.community import SOCIAL, SPORTS, Community, Round, parse_size, takes_part
from tisser.core.errors import N_, InvalidInput
from tisser.core.matching import render
from tisser.i18n import _, get_language
from tisser.present.numbers import decimal, percent

if TYPE_CHECKING:
    from tisser.app.context import State

community_app = typer.Typer(
    help=N_("Communities: match the members of a club or an association to meet."),
    no_args_is_help=True,
)
app.add_typer(community_app, name="community")

ROLES = {"organiser": N_("organiser"), "member": N_("member")}
CommunityArg = Annotated[str, typer.Argument(help=N_("The community: its number or name."))]
RoundArg = Annotated[int, typer.Argument(help=N_("The round's number."))]


def _community(state: State, ref: str) -> Community:
    return state.store.community(state.owner_id, ref)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(
            N_("{option} {text!r} is not a date"), hint=N_("write it as 2026-12-01"),
            option=option, text=text,
        ) from exc  # fmt: skip


@community_app.command("create", help=N_("Create a community; you become its organiser."))
def create_command(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help=N_("Its name."))]
) -> None:
    state: State = ctx.obj
    c = state.store.create_community(state.owner_id, name)
    state.console.print(_("Community {name} created.").format(name=escape(c.name)))
    typer.echo(c.id)


@community_app.command("list", help=N_("List the communities you organise or belong to."))
def list_command(ctx: typer.Context, as_json: JsonFlag = False, as_csv: CsvFlag = False) -> None:
    state: State = ctx.obj
    rows = [dataclasses.asdict(c) for c in state.store.my_communities(state.owner_id)]
    columns = [Column("id", N_("#"), justify="right"), Column("name", N_("Name")),
               Column("role", N_("Role"))]  # fmt: skip
    table = [{**r, "role": _(ROLES[r["role"]])} for r in rows]
    emit(rows, columns, fmt=output_format(as_json, as_csv), console=state.console,
         table_rows=table, empty=_("No community yet: tisser community create NAME."))  # fmt: skip
    if not as_json and not as_csv:
        typer.echo(len(rows))


@community_app.command(
    "import-members",
    help=N_("Import members from a CSV or XLSX file (columns: email,first_name,last_name,"
            "company,sector,function,city,sports,slots,seeks,offers,format,languages)."),
)  # fmt: skip
def import_command(
    ctx: typer.Context,
    community: CommunityArg,
    file: Annotated[Path, typer.Argument(help=N_("The CSV or XLSX file."))],
) -> None:
    from tisser.community.importer import read_members

    state: State = ctx.obj
    c = _community(state, community)
    report = read_members(file)
    for error in report.errors:
        state.console.print(escape(_("Skipped: {message}").format(message=error.one_line(_))),
                            style="yellow", soft_wrap=True)  # fmt: skip
    for note in report.notes:
        state.console.print(escape(note.one_line(_)), style="yellow", soft_wrap=True)
    with state.store.transaction():
        added, updated = state.store.upsert_members(state.owner_id, c.id, report.members)
    state.console.print(
        _("{added} members added, {updated} updated, {skipped} rows skipped.").format(
            added=added, updated=updated, skipped=len(report.errors)
        )
    )
    typer.echo(added + updated)


@community_app.command("members", help=N_("List the members of a community."))
def members_command(
    ctx: typer.Context, community: CommunityArg, as_json: JsonFlag = False, as_csv: CsvFlag = False
) -> None:
    state: State = ctx.obj
    c = _community(state, community)
    rows = state.store.member_profiles(state.owner_id, c.id)
    for r in rows:
        r["sports"] = ";".join(f"{k}:{v:g}" if k not in SOCIAL and v is not None else k
                               for k, v in r.get("sports", {}).items())  # fmt: skip
    columns = [
        Column("id", N_("#"), justify="right"), Column("first_name", N_("First name")),
        Column("last_name", N_("Name")), Column("company", N_("Organisation")),
        Column("sector", N_("Sector")), Column("sports", N_("Sports")),
    ]  # fmt: skip
    emit(rows, columns, fmt=output_format(as_json, as_csv), console=state.console)
    if not as_json and not as_csv:
        typer.echo(len(rows))


@community_app.command("round", help=N_("Open a round: activity, group size, date window."))
def round_command(
    ctx: typer.Context,
    community: CommunityArg,
    activity: Annotated[str, typer.Option("--activity", help=N_("padel, golf, running, coffee…"))],
    size: Annotated[str, typer.Option("--size", help=N_("Group size: 2, 4 or a range like 3-6."))],
    date_from: Annotated[str, typer.Option("--from", help=N_("First day (YYYY-MM-DD)."))],
    date_to: Annotated[str, typer.Option("--to", help=N_("Last day (YYYY-MM-DD)."))],
    place: Annotated[
        list[str] | None, typer.Option("--place", help=N_("A place (commune); repeat for more."))
    ] = None,
    everyone: Annotated[
        bool,
        typer.Option(
            "--all",
            help=N_(
                "Opt in every member who takes part (everyone for a coffee, a lunch or a walk)."
            ),
        ),
    ] = False,
) -> None:
    state: State = ctx.obj
    c = _community(state, community)
    key = activity.strip().lower()
    if key not in SPORTS and key not in SOCIAL:
        raise InvalidInput(N_("unknown activity {activity!r}"), hint=N_("known: {known}"),
                           activity=activity, known=", ".join([*SPORTS, *SOCIAL]))  # fmt: skip
    lo, hi = parse_size(size)
    rnd = Round(0, c.id, key, lo, hi, _day(date_from, "--from"), _day(date_to, "--to"),
                tuple(place or ()))  # fmt: skip
    store = state.store
    with store.transaction():
        rnd = store.create_round(state.owner_id, rnd)
        if everyone:
            ids = [
                m.id for m in store.community_members(state.owner_id, c.id) if takes_part(m, key)
            ]
            count = store.opt_in(state.owner_id, rnd.id, ids)
            state.console.print(_("{count} members opted in.").format(count=count))
    state.console.print(_("Round #{id} opened.").format(id=rnd.id))
    typer.echo(rnd.id)


@community_app.command("rounds", help=N_("List the rounds of a community."))
def rounds_command(
    ctx: typer.Context, community: CommunityArg, as_json: JsonFlag = False, as_csv: CsvFlag = False
) -> None:
    state: State = ctx.obj
    c = _community(state, community)
    rows = [
        {**dataclasses.asdict(r), "size": _size(r)}
        for r in state.store.list_rounds(state.owner_id, c.id)
    ]
    columns = [
        Column("id", N_("#"), justify="right"), Column("activity", N_("Activity")),
        Column("size", N_("Size")), Column("date_from", N_("From")), Column("date_to", N_("To")),
        Column("status", N_("Status")),
    ]  # fmt: skip
    emit(rows, columns, fmt=output_format(as_json, as_csv), console=state.console)
    if not as_json and not as_csv:
        typer.echo(len(rows))


def _size(r: Round) -> str:
    return f"{r.size_min}" if r.size_max == r.size_min else f"{r.size_min}-{r.size_max}"


@community_app.command("opt-in", help=N_("Opt members in to a round, by e-mail (or --all)."))
def optin_command(
    ctx: typer.Context,
    round_id: RoundArg,
    emails: Annotated[
        list[str] | None, typer.Argument(help=N_("Members' e-mail addresses."))
    ] = None,
    everyone: Annotated[
        bool,
        typer.Option(
            "--all",
            help=N_(
                "Opt in every member who takes part (everyone for a coffee, a lunch or a walk)."
            ),
        ),
    ] = False,
) -> None:
    state: State = ctx.obj
    store, actor = state.store, state.owner_id
    rnd = store.get_round(actor, round_id)
    if everyone:
        ids = [m.id for m in store.community_members(actor, rnd.community_id)
               if takes_part(m, rnd.activity)]  # fmt: skip
    elif emails:
        ids = store.member_ids(actor, rnd.community_id, emails)
    else:
        raise InvalidInput(N_("name members by e-mail, or use --all"))
    count = store.opt_in(actor, round_id, ids)
    state.console.print(_("{count} members opted in.").format(count=count))
    typer.echo(count)


@community_app.command("match", help=N_("Match the opted-in members of a round into groups."))
def match_command(ctx: typer.Context, round_id: RoundArg, as_json: JsonFlag = False) -> None:
    from tisser.app.context import local_zone
    from tisser.community.service import match_round

    state: State = ctx.obj
    outcome = match_round(state.store, state.owner_id, round_id, local_zone())
    people = outcome.members
    groups: list[dict[str, Any]] = [
        {"members": [people[i].email for i in m.member_ids], "score": m.score,
         "why": render(m.why, _, lambda x: decimal(x, 2))}
        for m in outcome.meetings
    ]  # fmt: skip
    unmatched = [m.email for m in outcome.unmatched]
    if as_json:
        json_out({"groups": groups, "unmatched": unmatched})
        return
    from tisser.community.review import score_parts_of

    parts = score_parts_of(state.store, state.owner_id, round_id)
    for n, (g, m) in enumerate(zip(groups, outcome.meetings, strict=True), start=1):
        names = ", ".join(people[i].name for i in m.member_ids)
        state.console.print(f"[bold]{n}.[/bold] {escape(names)}")
        state.console.print(f"   {escape(str(g['why']))}", soft_wrap=True)
        state.console.print(f"   {escape(_score_line(m.score, parts.get(m.id or 0, [])))}")
    if unmatched:
        waiting = ", ".join(m.name for m in outcome.unmatched)
        state.console.print(_("Waiting: {names}").format(names=escape(waiting)))
    from babel.numbers import format_decimal

    lang = get_language()
    quality = (
        _(" ({quality} of the upper bound)").format(
            quality=percent(outcome.value / outcome.bound, 1, lang))
        if outcome.bound else _(" (optimal)") if outcome.method == "exact" else ""
    )  # fmt: skip
    typer.echo(
        _("Round #{id}: {groups} groups, {waiting} waiting, total score {value}{quality}.")
        .format(id=round_id, groups=len(groups), waiting=len(unmatched),
                value=format_decimal(round(outcome.value, 1), locale=lang), quality=quality)
    )  # fmt: skip


@community_app.command("publish", help=N_("Publish a round: e-mail each member their invitation."))
def publish_command(
    ctx: typer.Context,
    round_id: RoundArg,
    to_dir: Annotated[
        Path | None,
        typer.Option(
            "--to-dir", help=N_("Write the e-mails as .eml files here instead of sending.")
        ),
    ] = None,
) -> None:
    from tisser.app.context import local_zone
    from tisser.community.mail import write_eml
    from tisser.community.review import publish
    from tisser.mail import check_settings, send_all, smtp_settings

    state: State = ctx.obj
    settings = None if to_dir else smtp_settings()
    if settings is not None:
        check_settings(settings)  # before anything is published
    sender = (settings.sender if settings else "") or "tisser@localhost"
    if to_dir is not None:
        folder = to_dir
        messages, logged = publish(state.store, state.owner_id, round_id, local_zone(), sender,
                                   lambda batch: write_eml(batch, folder))  # fmt: skip
        state.console.print(_("{count} e-mails written to {folder}.").format(
            count=len(messages), folder=escape(str(to_dir))))  # fmt: skip
    else:
        assert settings is not None
        smtp = settings
        messages, logged = publish(state.store, state.owner_id, round_id, local_zone(), sender,
                                   lambda batch: send_all(batch, smtp))  # fmt: skip
    if logged:
        state.console.print(
            _("{count} meetings logged in members' own networks.").format(count=logged)
        )
    typer.echo(
        _("Round #{id} published: {count} invitations.").format(id=round_id, count=len(messages))
    )


def _yes_no(text: str | None, option: str) -> bool | None:
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("y", "yes", "o", "oui", "1", "true"):
        return True
    if value in ("n", "no", "non", "0", "false"):
        return False
    raise InvalidInput(N_("{option} takes yes or no, not {text!r}"), option=option, text=text)


@community_app.command("feedback", help=N_("Record a member's feedback on their meeting."))
def feedback_command(
    ctx: typer.Context,
    round_id: RoundArg,
    email: Annotated[str, typer.Argument(help=N_("The member's e-mail address."))],
    met: Annotated[str, typer.Option("--met", help=N_("Did you meet? yes or no."))],
    useful: Annotated[
        int | None, typer.Option("--useful", min=1, max=5, help=N_("Was it useful? 1 to 5."))
    ] = None,
    again: Annotated[
        str | None, typer.Option("--again", help=N_("Would you meet again? yes or no."))
    ] = None,
) -> None:
    state: State = ctx.obj
    store, actor = state.store, state.owner_id
    rnd = store.get_round(actor, round_id)
    [member_id] = store.member_ids(actor, rnd.community_id, [email])
    fid = store.add_feedback(actor, round_id, member_id, bool(_yes_no(met, "--met")), useful,
                             _yes_no(again, "--again"))  # fmt: skip
    state.console.print(_("Feedback recorded."))
    typer.echo(fid)


@community_app.command("report", help=N_("Participation and satisfaction, round by round."))
def report_command(
    ctx: typer.Context, community: CommunityArg, as_json: JsonFlag = False, as_csv: CsvFlag = False
) -> None:
    state: State = ctx.obj
    c = _community(state, community)
    reports = state.store.round_reports(state.owner_id, c.id)
    rows: list[dict[str, Any]] = []
    for r in reports:
        row = dataclasses.asdict(r)
        row["participation"] = round(r.matched / r.opted_in, 3) if r.opted_in else None
        row["met_rate"] = round(r.met / r.answers, 3) if r.answers else None
        rows.append(row)
    table = [
        {**row, "participation": _pct(row["participation"]), "met_rate": _pct(row["met_rate"]),
         "useful_avg": "" if row["useful_avg"] is None else f"{row['useful_avg']:.1f}/5"}
        for row in rows
    ]  # fmt: skip
    columns = [
        Column("round_id", N_("#"), justify="right"), Column("activity", N_("Activity")),
        Column("date_from", N_("From")), Column("status", N_("Status")),
        Column("opted_in", N_("Opted in"), justify="right"),
        Column("matched", N_("Matched"), justify="right"),
        Column("participation", N_("Matched %"), justify="right"),
        Column("answers", N_("Answers"), justify="right"),
        Column("met_rate", N_("Met"), justify="right"),
        Column("useful_avg", N_("Useful"), justify="right"),
        Column("again", N_("Again"), justify="right"),
    ]  # fmt: skip
    emit(rows, columns, fmt=output_format(as_json, as_csv), console=state.console,
         table_rows=table)  # fmt: skip
    if not as_json and not as_csv:
        typer.echo(len(rows))


def _score_line(score: float, parts: list[tuple[str, float]]) -> str:
    """ "Score 9,7 = taille du groupe 1,5 + niveaux proches 1,7 − format non souhaité 1"."""
    from tisser.core.matching import SCORE_PARTS

    text = _("Score {score}").format(score=decimal(score))
    for n, (key, value) in enumerate(parts):
        sign = " − " if value < 0 else " = " if n == 0 else " + "
        text += f"{sign}{_(SCORE_PARTS[key])} {decimal(abs(value))}"
    return text


def _pct(x: float | None) -> str:
    return percent(x)


@community_app.command(
    "demo", help=N_("Load the demo club: ~600 members in Bordeaux, rounds and their history.")
)
def demo_command(
    ctx: typer.Context,
    size: Annotated[
        int, typer.Option("--size", min=20, max=5000, help=N_("Number of members."))
    ] = 600,
    seed: Annotated[
        int, typer.Option("--seed", help=N_("Random seed: same seed, same club."))
    ] = 2026,
    organiser: Annotated[
        str,
        typer.Option(
            "--organiser",
            help=N_(
                "E-mail of an account of the community server to make the club's "
                "organiser (default: a demo account, its password shown once)."
            ),
        ),
    ] = "",
) -> None:
    from tisser.app.context import local_zone
    from tisser.demo.community import load_club, seat_organiser

    state: State = ctx.obj
    with state.store.transaction():  # a club without an organiser is never left behind
        club = load_club(
            state.store, state.owner_id, state.today, local_zone(), size=size, seed=seed
        )
        seat = seat_organiser(state.store, state.owner_id, club.community_id, organiser)
    state.console.print(
        _("Demo club {name} loaded: {members} members, {rounds} rounds ({published} published), "
          "next round #{next}.").format(name=escape(club.name), members=club.members,
                                        rounds=club.rounds, published=club.published,
                                        next=club.next_round)
    )  # fmt: skip
    _say_how_to_join(state, seat)
    typer.echo(club.community_id)


def _say_how_to_join(state: State, seat: Any) -> None:
    """How to open the demo club on the community server (the password, once)."""
    if seat.password:
        text = _("To see it on the community server (tisser serve --community), sign in as "
                 "{email} with the password {password}: it is shown only this once (running "
                 "the demo again sets a new one).")  # fmt: skip
    else:
        text = _("{email} organises the club on the community server (tisser serve "
                 "--community): sign in with that account's password.")  # fmt: skip
    state.console.print(text.format(email=escape(seat.email), password=escape(seat.password or "")))
    state.console.print(
        _("Other accounts join it as members with the invitation code {code} (the page "
          "/join/{code}).").format(code=escape(seat.invite))
    )  # fmt: skip
