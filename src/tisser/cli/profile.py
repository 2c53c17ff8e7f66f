"""Your own side: create the database, and say who you are (``tisser me``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli import selfsheet
from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import JsonFlag, json_out
from tisser.core.errors import N_
from tisser.core.model import Energy, Profile, RelationalProfile
from tisser.core.names import parse_full_name
from tisser.core.worksheet import draft_pitch, ikigai_intersections
from tisser.i18n import _, get_language, ngettext
from tisser.present import labels
from tisser.present.numbers import percent

if TYPE_CHECKING:
    from tisser.app.context import State


@app.command("init", help=N_("Create your network database (safe to run twice)."))
def init_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option("--name", help=N_("Your full name."))] = None,
) -> None:
    state: State = ctx.obj
    store = state.store
    profile = store.get_profile(state.owner_id)
    if profile is None:
        given, particle, family = parse_full_name(name or "")
        profile = Profile(
            owner_id=state.owner_id,
            given_name=given,
            family_name=f"{particle} {family}".strip(),
            language=get_language(),
        )
        store.save_profile(profile)
        state.console.print(_("Your network is ready in {url}.").format(url=escape(store.url)))
    else:
        state.console.print(_("Your network is already in {url}.").format(url=escape(store.url)))
    state.console.print(
        _('Next: tisser me --budget 60, then tisser add "Claire Dubois" --org Airbus.')
    )


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


@app.command("me", help=N_("Show or edit your own profile (marketing de soi)."))
def me_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option("--name", help=N_("Your full name."))] = None,
    headline: Annotated[
        str | None, typer.Option("--headline", help=N_("One line about you."))
    ] = None,
    org: Annotated[str | None, typer.Option("--org", "-o", help=N_("Your organisation."))] = None,
    sector: Annotated[str | None, typer.Option("--sector", help=N_("Your sector."))] = None,
    function: Annotated[str | None, typer.Option("--function", help=N_("Your function."))] = None,
    seniority: Annotated[
        str | None, typer.Option("--seniority", help=N_("Your seniority."))
    ] = None,
    city: Annotated[str | None, typer.Option("--city", help=N_("Your city."))] = None,
    country: Annotated[str | None, typer.Option("--country", help=N_("Your country."))] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", help=N_("super-connector, mentor, expert or reserved.")),
    ] = None,
    energy: Annotated[
        str | None, typer.Option("--energy", help=N_("introvert, ambivert or extravert."))
    ] = None,
    budget: Annotated[
        int | None,
        typer.Option(
            "--budget", min=0, max=2400, help=N_("Minutes a week you give to your network.")
        ),
    ] = None,
    value: Annotated[
        list[str] | None, typer.Option("--value", help=N_("A value of yours (repeatable)."))
    ] = None,
    skill: Annotated[
        list[str] | None, typer.Option("--skill", help=N_("A skill of yours (repeatable)."))
    ] = None,
    pitch: Annotated[str | None, typer.Option("--pitch", help=N_("Your 30-second pitch."))] = None,
    sheet_set: Annotated[
        list[str] | None,
        typer.Option(
            "--sheet",
            help=N_(
                'Set a worksheet field: strengths="export, digital" (savoirs, wants, sectors, '
                "love, good_at, value_proposition…; repeatable)."
            ),
        ),
    ] = None,
    worksheet: Annotated[
        bool,
        typer.Option(
            "--worksheet", help=N_("Fill in the marketing-de-soi worksheet, question by question.")
        ),
    ] = False,
    markdown_file: Annotated[
        Path | None,
        typer.Option(
            "--markdown", help=N_("Write your profile and worksheet to this Markdown file.")
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    from rich.table import Table

    state: State = ctx.obj
    current = state.store.get_profile(state.owner_id) or Profile(owner_id=state.owner_id)
    sheet = state.store.get_worksheet(state.owner_id)
    if sheet_set or worksheet:
        if sheet_set:
            sheet = selfsheet.apply_options(sheet, sheet_set)
        if worksheet:
            sheet = selfsheet.interview(sheet)
        sheet = state.store.save_worksheet(sheet, state.owner_id)
    changes: dict[str, object] = {}
    if name is not None:
        given, particle, family = parse_full_name(name)
        changes.update(given_name=given, family_name=f"{particle} {family}".strip())
    for key, val in (
        ("headline", headline),
        ("organization", org),
        ("sector", sector),
        ("function", function),
        ("seniority", seniority),
        ("city", city),
        ("country", country),
        ("pitch", pitch),
    ):
        if val is not None:
            changes[key] = val.strip()
    if profile is not None:
        changes["relational_profile"] = labels.parse(RelationalProfile, profile)
    if energy is not None:
        changes["energy"] = labels.parse(Energy, energy)
    if budget is not None:
        changes["weekly_budget_minutes"] = budget
    if (values := _split(value)) is not None:
        changes["values"] = values
    if (skills := _split(skill)) is not None:
        changes["skills"] = skills
    me = current
    if changes:
        me = state.store.save_profile(dataclasses.replace(current, **changes))  # type: ignore[arg-type]
    if markdown_file is not None:
        selfsheet.write_markdown(markdown_file, selfsheet.markdown(me, sheet))
        state.console.print(_("Profile written to {file}.").format(file=escape(str(markdown_file))))
        return
    if as_json:
        json_out(
            {
                **dataclasses.asdict(me),
                "worksheet": sheet.to_dict(),
                "ikigai": ikigai_intersections(sheet),
                "pitch_draft": draft_pitch(me, sheet, get_language()),
            }
        )
        return
    if changes or sheet_set or worksheet:
        state.console.print(_("Profile saved."))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    rows = [
        (_("Name"), f"{me.given_name} {me.family_name}".strip()),
        (_("Headline"), me.headline),
        (_("Organisation"), me.organization),
        (_("Sector"), labels.work_line(me.sector, me.function, me.seniority)),
        (_("Place"), ", ".join(p for p in (me.city, me.country) if p)),
        (
            _("Profile"),
            ", ".join(
                p for p in (labels.label(me.relational_profile), labels.label(me.energy)) if p
            ),
        ),
        (
            _("Weekly budget"),
            ngettext("{minutes} minute", "{minutes} minutes", me.weekly_budget_minutes).format(
                minutes=me.weekly_budget_minutes
            ),
        ),
        (_("Values"), ", ".join(me.values)),
        (_("Skills"), ", ".join(me.skills)),
        (_("Pitch"), me.pitch),
    ]
    rows += [
        (_(label), ", ".join(value) if isinstance(value, list) else value)
        for key, (_sec, label) in selfsheet.FIELD_NAMES.items()
        if (value := getattr(sheet, key))
    ]
    if not me.pitch:
        rows.append((_("Pitch (draft)"), draft_pitch(me, sheet, get_language())))
    for label_text, val in rows:
        if val:
            grid.add_row(label_text, escape(val))
    state.console.print(grid)
    state.console.print(
        _("Worksheet {percent} complete: tisser me --worksheet, or --markdown me.md.").format(
            percent=percent(sheet.completion())
        )
    )
