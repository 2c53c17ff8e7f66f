"""The diagnosis as one self-contained HTML page (``tisser report --html FILE``).

Jinja2 with autoescape renders ``templates/report.html``; the charts are server-side SVG
(:mod:`tisser.report.svg`), the map is SVG too (:mod:`tisser.report.netmap`), the page's
small CSS and script are ours and inlined: it opens offline, fetches nothing, and prints to
PDF with the controls hidden and no section split across pages.
"""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, select_autoescape

from tisser.core.cadence import Status
from tisser.core.diagnosis import Diagnosis
from tisser.core.errors import N_
from tisser.core.findings import ATTRIBUTE_NAMES
from tisser.i18n import _, get_language
from tisser.present.labels import attribute_value
from tisser.present.numbers import percent
from tisser.report import svg
from tisser.report.data import report_dict
from tisser.report.netmap import network_map

STATUS_COLOURS = {
    "on_track": "#3f8f5b",
    "due": "#a3a13a",
    "overdue": "#d9822b",
    "cooling": "#d1603d",
    "dormant": "#b5485d",
    "unknown": "#9aa5b1",
    "archived": "#c7ced6",
}
STATUS_NAMES = {
    Status.ON_TRACK: N_("on track"),
    Status.DUE: N_("due"),
    Status.OVERDUE: N_("overdue"),
    Status.COOLING: N_("cooling"),
    Status.DORMANT: N_("dormant"),
    Status.UNKNOWN: N_("unknown"),
    Status.ARCHIVED: N_("archived"),
}
ATTRIBUTES = ATTRIBUTE_NAMES  # one table of attribute names, the findings' own
WORDS = {
    "title": N_("Network diagnosis"),
    "in_short": N_("In short"),
    "actions": N_("Three things to do now"),
    "because": N_("Why:"),
    "cadence": N_("Cadence: who is on track, who is slipping"),
    "circles": N_("Circles against Dunbar's layers"),
    "circles_note": N_("Bars: people in circles 1 to n; dashed tick: Dunbar's layer."),
    "effort": N_("Where the effort goes (interactions, 12 months)"),
    "effort_note": N_("Dashed tick: the usual 40/20/40 split."),
    "diversity": N_("Diversity: share of contacts like you"),
    "diversity_note": N_("Bars: contacts sharing your value; dashed tick: what chance gives."),
    "reciprocity": N_("Reciprocity: help given and received"),
    "timeline": N_("Interactions per month"),
    "map": N_("Network map"),
    "map_note": N_(
        "Colour by circle or by cluster, size by tie strength; scroll to zoom, "
        "drag to move, untick a circle to hide it."
    ),
    "by_circle": N_("Colour by circle"),
    "by_cluster": N_("Colour by cluster"),
    "reset": N_("Reset zoom"),
    "dormant": N_("Dormant ties worth reviving"),
    "clusters": N_("Clusters"),
    "findings": N_("Every finding"),
    "name": N_("Name"),
    "value": N_("Value"),
    "why": N_("Why"),
    "people": N_("People"),
    "activated": N_("Activated"),
    "gave": N_("given"),
    "received": N_("received"),
    "structure": N_("Structure"),
    "density": N_("density"),
    "effective_size": N_("effective size"),
    "efficiency": N_("efficiency"),
    "constraint": N_("constraint"),
    "second_hop": N_("one introduction away"),
    "circle": N_("circle"),
    "generated": N_("Made by tisser on"),
}


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("tisser.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _attribute_with_value(x: dict[str, Any]) -> str:
    """ "ancienneté (niveau direction)": the attribute and the user's own value, in words."""
    return f"{_(ATTRIBUTES[x['attribute']])} ({attribute_value(x['attribute'], x['user_value'])})"


def charts(data: dict[str, Any], d: Diagnosis, w: dict[str, str]) -> dict[str, Any]:
    cad = data["cadence"]
    status_slices = [
        (_(STATUS_NAMES[s]), float(cad.get(s.value, 0)), STATUS_COLOURS[s.value])
        for s in Status
        if cad.get(s.value)
    ]
    layers = data["circles"]["layers"]
    effort = data["circles"]["effort"]
    div = [x for x in data["diversity"] if x["user_value"] and x["known"]]
    r = data["reciprocity"]
    return {
        "cadence": svg.donut(status_slices, w["cadence"]),
        "circles": svg.hbars(
            [
                (f"{_('circle')} 1–{x['circle']}", x["cumulative"], str(x["cumulative"]))
                for x in layers
            ],
            w["circles"],
            marks=[x["dunbar"] for x in layers],
            colours=[svg.CIRCLE_COLOURS[x["circle"]] for x in layers],
        ),
        "effort": svg.hbars(
            [
                (
                    f"{_('circle')} {e['circles']}",
                    e["share"] or 0.0,
                    percent(e["share"] or 0),
                )
                for e in effort
            ],
            w["effort"],
            marks=[e["expected"] for e in effort],
        ),
        "diversity": svg.hbars(
            [
                (
                    _attribute_with_value(x),
                    x["alike"] / x["known"],
                    percent(x["alike"] / x["known"]),
                )
                for x in div
            ],
            w["diversity"],
            marks=[(1 - x["ei_chance"]) / 2 if x["ei_chance"] is not None else None for x in div],
            colours=[svg.PALETTE[1]] * len(div),
        ),
        "reciprocity": svg.hbars(
            [
                (w["gave"], r["gave"], str(r["gave"])),
                (w["received"], r["received"], str(r["received"])),
            ],
            w["reciprocity"],
            colours=[svg.PALETTE[2], svg.PALETTE[3]],
        ),
        "timeline": svg.columns(
            [(p["month"], p["interactions"]) for p in data["timeline"]], w["timeline"]
        ),
        "map": network_map(d, d.edges, me=d.owner),
    }


def render_html(d: Diagnosis) -> str:
    """The whole report as one HTML document in the current language."""
    data = report_dict(d)
    words = {k: _(v) for k, v in WORDS.items()}
    words["totals"] = _(
        "{contacts} contacts ({archived} archived), {interactions} interactions, {links} links"
    ).format(**data["totals"])
    words["date"] = format_date(d.today, format="long", locale=get_language())
    circles = [(c, svg.CIRCLE_COLOURS[c]) for c in (1, 2, 3, 4)]
    return (
        _env()
        .get_template("report.html")
        .render(
            lang=get_language(),
            data=data,
            w=words,
            charts=charts(data, d, words),
            circles=circles,
            clusters=[
                (k["label"], svg.PALETTE[k["index"] % len(svg.PALETTE)])
                for k in data["communities"][:12]
            ],
        )
    )
