"""``tisser federation match``: a round across the clubs of a federation, on Apache Spark.

    tisser federation match --members clubs/ --round w50.toml --out runs/w50
    tisser federation match --members postgresql://… --round w50.toml --spark spark://m:7077

pyspark is an optional extra (``tisser[federation]``) imported inside the command only, so
the CLI starts as fast without it; a missing Java, pyspark or master is one clear message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.core.errors import N_

if TYPE_CHECKING:
    from tisser.app.context import State

from tisser.i18n import _, get_language, ngettext
from tisser.present.numbers import percent

federation_app = typer.Typer(
    help=N_("Federations: match the members of many clubs together, on Apache Spark."),
    no_args_is_help=True,
)
app.add_typer(federation_app, name="federation")


@federation_app.command("match", help=N_("Match a round across the clubs of a federation."))
def match_command(
    ctx: typer.Context,
    members: Annotated[
        str,
        typer.Option(
            "--members", help=N_("Member files (a folder or a file) or a PostgreSQL URL.")
        ),
    ],
    round_file: Annotated[Path, typer.Option("--round", help=N_("The round file (TOML)."))],
    master: Annotated[
        str, typer.Option("--spark", help=N_("Spark master: local[*], spark://host:7077, yarn…"))
    ] = "",
    out: Annotated[str, typer.Option("--out", help=N_("Folder for the results (Parquet)."))] = "",
) -> None:
    from babel.numbers import format_decimal

    from tisser.federation import engine, job
    from tisser.federation.spec import load_spec
    from tisser.settings import load_settings

    state: State = ctx.obj
    spec = load_spec(round_file, load_settings().matching)
    engine.check_master(master)
    with engine.session(master) as spark:
        outcome = job.run_round(spark, members, spec, out)
    for problem in outcome.problems:
        state.console.print(escape(problem.one_line(_)), style="yellow", soft_wrap=True)
    hidden = outcome.problem_count - len(outcome.problems)
    if hidden > 0:
        state.console.print(
            ngettext("… and {count} more problem.", "… and {count} more problems.", hidden)
            .format(count=hidden), style="yellow")  # fmt: skip
    lang = get_language()
    groups = ngettext("{count} group", "{count} groups", outcome.groups).format(
        count=format_decimal(outcome.groups, locale=lang)
    )
    state.console.print(escape(
        _("Round {name}: {matched} of {members} members matched in {groups}, over {blocks} "
          "blocks; total score {value} ({quality} of the upper bound). Results: {output}")
        .format(name=spec.name, matched=format_decimal(outcome.matched, locale=lang),
                members=format_decimal(outcome.members, locale=lang), groups=groups,
                blocks=format_decimal(outcome.blocks, locale=lang),
                value=format_decimal(round(outcome.value, 1), locale=lang),
                quality=percent(outcome.quality, 1, lang),
                output=outcome.output)), soft_wrap=True)  # fmt: skip
    typer.echo(outcome.matched)
