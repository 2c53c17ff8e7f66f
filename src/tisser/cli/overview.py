"""What a user wants to see first: the network in numbers and whom to get back in touch with."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import JsonFlag, json_out
from tisser.core import cadence
from tisser.core.errors import N_
from tisser.core.model import Circle
from tisser.i18n import _
from tisser.present import labels
from tisser.present.dates import ago, human_date

if TYPE_CHECKING:
    from tisser.app.context import State


def _birthdays(state: State) -> None:
    """This week's birthdays (issue #17), when there are any."""
    from tisser.present.contact_card import coming_birthdays

    store = state.store
    values = store.birthdays(state.owner_id)
    if not values:
        return
    names = dict(store.contact_names(state.owner_id))
    lines = coming_birthdays(values, names, state.today)
    if lines:
        state.console.print(f"[bold]{escape(_('This week'))}[/]")
        for _cid, text in lines:
            state.console.print(f"  {escape(text)}")


def show_overview(state: State, as_json: bool = False) -> None:
    """Print the overview, or a welcome when the network is empty."""
    from rich.table import Table

    from tisser.app.overview import overview_data

    data = overview_data(state)
    if as_json:
        json_out(data)
        return
    console = state.console
    if not data["contacts"]:
        console.print(
            _(
                'Your network is empty. Start with: tisser add "Claire Dubois" '
                "--org Airbus, or try: tisser demo --db demo.db"
            )
        )
        return
    today = state.today
    owner = str(data["owner"])
    title = _("Network of {owner}").format(owner=owner) if owner else _("Your network")
    console.print(f"[bold]{escape(title)}[/] — {human_date(today)}")
    console.print()
    circles: dict[int, int] = data["circles"]  # type: ignore[assignment]
    statuses: dict[str, int] = data["statuses"]  # type: ignore[assignment]
    numbers = Table(title=_("The network in numbers"), title_justify="left", show_header=False)
    numbers.add_column(style="dim")
    numbers.add_column(justify="right")
    numbers.add_row(_("Contacts"), str(data["contacts"]))
    for circle in Circle:
        numbers.add_row("  " + labels.circle_label(circle), str(circles.get(int(circle), 0)))
    numbers.add_row(_("Interactions, last 30 days"), str(data["interactions_30_days"]))
    numbers.add_row(_("Interactions, last 12 months"), str(data["interactions_12_months"]))
    numbers.add_row(
        _("Help given / received, 12 months"),
        f"{data['gave_12_months']} / {data['received_12_months']}",
    )
    numbers.add_row(_("Who-knows-whom links"), str(data["links"]))
    numbers.add_row(_("Cadence"), "")
    for status in cadence.Status:
        if statuses.get(status.value):
            numbers.add_row("  " + labels.label(status), str(statuses[status.value]))
    console.print(numbers)
    _birthdays(state)
    rows: list[dict[str, object]] = data["to_reconnect"]  # type: ignore[assignment]
    if not rows:
        console.print(_("Everyone is on track. Nobody to chase this week."))
        return
    table = Table(title=_("Get back in touch"), title_justify="left", header_style="bold")
    table.add_column(_("Name"), no_wrap=True)
    table.add_column(_("Organisation"))
    table.add_column(_("Circle"), justify="right")
    table.add_column(_("Last contact"))
    table.add_column(_("Status"))
    for row in rows:
        last_contact = row["last_contact"]
        table.add_row(
            escape(str(row["name"])),
            escape(str(row["organization"])),
            str(row["circle"]),
            ago(last_contact, today) if last_contact else "",  # type: ignore[arg-type]
            labels.label(cadence.Status(str(row["status"]))),
        )
    console.print(table)
    console.print(
        _('Next: tisser show "{name}", then tisser log "{name}" lunch.').format(
            name=escape(str(rows[0]["name"]))
        )
    )


@app.command("overview", help=N_("Your network at a glance and whom to get back in touch with."))
def overview_command(
    ctx: typer.Context,
    as_json: JsonFlag = False,
) -> None:
    show_overview(ctx.obj, as_json)
