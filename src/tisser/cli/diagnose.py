"""``tisser diagnose``, ``tisser why`` and ``tisser report``: the network's diagnosis.

The summary comes first (3-5 findings, three actions), then each section. Everything is
computed by :mod:`tisser.core.diagnosis` from per-contact aggregates
(:mod:`tisser.report.load`); the settings file (:mod:`tisser.settings`) sets every threshold.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from babel.numbers import format_decimal

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import JsonFlag, json_out
from tisser.core.cadence import Status
from tisser.core.errors import N_, InvalidInput
from tisser.core.findings import ATTRIBUTE_NAMES
from tisser.core.model import RelationalProfile
from tisser.i18n import _, get_language
from tisser.present import labels
from tisser.present.dates import human_date
from tisser.present.labels import PARTS
from tisser.present.numbers import percent

if TYPE_CHECKING:
    from tisser.app.context import State
    from tisser.core.diagnosis import Diagnosis


def _diagnosis(state: State) -> Diagnosis:
    from tisser.app.context import local_zone
    from tisser.report.load import load_diagnosis
    from tisser.settings import load_settings

    return load_diagnosis(
        state.store, state.owner_id, state.today, local_zone(), load_settings().diagnosis
    )


def _pct(x: float | None) -> str:
    return percent(x)


def _num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return ""
    return format_decimal(round(x, digits), format="#,##0." + "0" * digits, locale=get_language())


def print_report(state: State, data: dict[str, Any]) -> None:
    """The diagnosis for a person: summary and actions first, then the sections."""
    from rich.table import Table

    con = state.console
    owner = data["owner"]
    title = (
        _("Network diagnosis — {owner}").format(owner=owner)
        if owner
        else _("Diagnosis of your network")
    )
    con.print(f"[bold]{escape(title)}[/] — {human_date(state.today)}")
    t = data["totals"]
    con.print(
        _(
            "{contacts} contacts ({archived} archived), {interactions} interactions, {links} links"
        ).format(**t)
    )
    con.print()
    con.print(f"[bold]{escape(_('In short'))}[/]")
    for i, f in enumerate(data["summary"], 1):
        con.print(f" {i}. [bold]{escape(f['title'])}[/]")
        for b in f["because"][:3]:
            con.print(f"    [dim]·[/] {escape(b)}")
    con.print()
    con.print(f"[bold]{escape(_('Three things to do now'))}[/]")
    for i, a in enumerate(data["actions"], 1):
        con.print(f" {i}. {escape(a['text'])}")
        con.print(f"    [dim]{escape(_('Why:'))} {escape(a['because'])}[/]")
    con.print()

    cad = Table(title=_("Cadence"), title_justify="left", show_header=False)
    cad.add_column(style="dim")
    cad.add_column(justify="right")
    for status in Status:
        if data["cadence"].get(status.value):
            cad.add_row(labels.label(status), str(data["cadence"][status.value]))
    a = data["activation"]
    cad.add_row(_("Activated (can call today)"), f"{a['activated']} ({_pct(a['share'])})")
    cad.add_row(_("Merely collected"), str(a["collected"]))
    cad.add_row(_("Mean tie strength"), _num(data["strength"]["mean"]))
    con.print(cad)

    circles = Table(
        title=_("Circles against Dunbar's layers"), title_justify="left", header_style="bold"
    )
    for head in (
        _("Circle"),
        _("People"),
        _("Circles 1 to here"),
        _("Dunbar"),
        _("Interactions, 12 months"),
    ):
        circles.add_column(head, justify="right")
    effort = {e["circles"]: e for e in data["circles"]["effort"]}
    for layer, key in zip(data["circles"]["layers"], ("1", "2", "3-4", ""), strict=False):
        e = effort.get(key)
        share = f"{_pct(e['share'])} ({_pct(e['expected'])})" if e else ""
        circles.add_row(
            str(layer["circle"]),
            str(layer["size"]),
            str(layer["cumulative"]),
            f"~{layer['dunbar']}",
            share,
        )
    con.print(circles)

    dormant = data["dormant"]
    if dormant:
        tab = Table(
            title=_("Dormant ties worth reviving"), title_justify="left", header_style="bold"
        )
        tab.add_column(_("Name"), no_wrap=True)
        tab.add_column(_("Value"), justify="right")
        tab.add_column(_("Why"))
        for x in dormant[:5]:
            tab.add_row(escape(x["name"]), _num(x["score"]), escape("; ".join(x["reasons"][1:])))
        con.print(tab)

    r = data["reciprocity"]
    con.print(
        _(
            "Reciprocity: you gave help {gave} times and received it {received} times "
            "(balance {balance})."
        ).format(gave=r["gave"], received=r["received"], balance=_num(r["balance"]))
    )
    div = Table(title=_("Diversity (entre-soi)"), title_justify="left", header_style="bold")
    for head in (_("Attribute"), _("Known"), _("Blau"), _("IQV"), _("Like you"), _("By chance")):
        div.add_column(head)
    for x in data["diversity"]:
        alike = _pct(x["alike"] / x["known"]) if x["user_value"] and x["known"] else ""
        chance = _pct((1 - x["ei_chance"]) / 2) if x["ei_chance"] is not None else ""
        div.add_row(
            labels_attribute(x["attribute"]),
            str(x["known"]),
            _num(x["blau"]),
            _num(x["iqv"]),
            alike,
            chance,
        )
    con.print(div)

    s = data["structure"]
    con.print(
        _(
            "Structure: density {density}, effective size {eff} of {n} (efficiency {efficiency}), "
            "constraint {constraint}; {hop} people one introduction away."
        ).format(
            density=_num(s["density"], 3),
            eff=_num(s["effective_size"], 1),
            n=s["alters"],
            efficiency=_num(s["efficiency"]),
            constraint=_num(s["constraint"], 3),
            hop=s["second_hop"],
        )
    )
    if data["communities"]:
        com = Table(title=_("Clusters"), title_justify="left", header_style="bold")
        com.add_column(_("Cluster"))
        com.add_column(_("People"), justify="right")
        com.add_column(_("Activated"), justify="right")
        for k in data["communities"][:10]:
            com.add_row(escape(k["label"]), str(k["size"]), str(k["activated"]))
        con.print(com)
    p = data["profiles"]
    con.print(
        _("Profiles: {counts}; unknown {unknown}.").format(
            counts=", ".join(
                f"{labels.label(RelationalProfile(k))} {v}" for k, v in p["counts"].items()
            ),
            unknown=p["unknown"],
        )
    )
    con.print()
    con.print(
        _('Ask why: tisser why "{name}". Full report: tisser report --html report.html').format(
            name=escape(data["actions"][0]["contact"]["name"])
            if data["actions"] and data["actions"][0]["contact"]
            else "Claire Dubois"
        )
    )


ATTRIBUTES = ATTRIBUTE_NAMES  # one table of attribute names, the findings' own


def labels_attribute(code: str) -> str:
    return _(ATTRIBUTES.get(code, code))


def print_why(state: State, e: dict[str, Any]) -> None:
    con = state.console
    con.print(f"[bold]{escape(e['name'])}[/]")
    con.print(f"  {escape(e['status'])}")
    con.print("  " + _("Tie strength {value} (0 to 1), made of:").format(value=_num(e["strength"])))
    for p in e["parts"]:
        con.print(
            f"    {escape(_(PARTS[p['part']])):<12} {_num(p['value'])} × {_num(p['weight'])}"
            f"  [dim]{escape(p['why'])}[/]"
        )
    for f in e["facts"]:
        con.print(f"  · {escape(f)}")
    if e["findings"]:
        con.print("  " + _("Named in:"))
        for f in e["findings"]:
            con.print(f"    – {escape(f)}")


@app.command(
    "diagnose",
    help=N_(
        "Diagnose your network: what it looks like, what is at risk, what is missing, and "
        "three things to do now."
    ),
)
def diagnose_command(
    ctx: typer.Context,
    why: Annotated[
        str | None,
        typer.Option("--why", help=N_("Explain one contact's strength, status and flags.")),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    from tisser.report.data import report_dict

    state: State = ctx.obj
    if why is not None:
        _why(state, why, as_json)
        return
    data = report_dict(_diagnosis(state))
    if as_json:
        json_out(data)
        return
    if not data["totals"]["contacts"]:
        state.console.print(_("Your network is empty: nothing to diagnose yet."))
        return
    print_report(state, data)


def _why(state: State, who: str, as_json: bool) -> None:
    from tisser.core.why import explain_contact
    from tisser.report.data import explanation_dict

    contact = state.contact(who)
    d = _diagnosis(state)
    e = explanation_dict(explain_contact(d, contact.id or 0), d)
    if as_json:
        json_out(e)
    else:
        print_why(state, e)


@app.command("why", help=N_('Why is this contact flagged? tisser why "Claire Dubois".'))
def why_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help=N_("The contact: a name, an e-mail or #id."))],
    as_json: JsonFlag = False,
) -> None:
    _why(ctx.obj, who, as_json)


@app.command(
    "report",
    help=N_("Write the diagnosis as one self-contained HTML page, with charts and a map."),
)
def report_command(
    ctx: typer.Context,
    html: Annotated[
        Path, typer.Option("--html", help=N_("The HTML file to write, e.g. report.html."))
    ],
) -> None:
    from tisser.report.html import render_html

    state: State = ctx.obj
    d = _diagnosis(state)
    page = render_html(d)
    try:
        html.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(
            N_("cannot write {file}: {error}"),
            hint=N_("choose a folder you can write to"),
            file=str(html),
            error=exc.strerror or str(exc),
        ) from exc
    state.console.print(_("Report written to {file}.").format(file=escape(str(html))))
