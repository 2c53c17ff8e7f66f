"""The network map: the user at the centre, contacts placed by cluster, coloured by circle or
cluster, sized by strength, as inline SVG that a few lines of the page's own script zoom,
filter and search.

Layout (deterministic, no physics): the user sits at the centre; clusters sit on a ring
around them, biggest first, each a disc whose area grows with its size; inside a disc,
members follow Vogel's sunflower spiral, strongest ties at the centre. People in no cluster
form an outer ring. Names are written for the strongest ties and the bridges (the contacts
through whom alone others are reached); every name appears once zoomed in (#20: names were
only in tooltips). On a big network only the ``limit`` strongest ties are drawn; the rest of
each cluster is one disc "+N" at its edge, so the page stays light and readable at 30,000.
"""

from __future__ import annotations

import math
from html import escape

from babel.numbers import format_decimal
from markupsafe import Markup

from tisser.core.diagnosis import Diagnosis
from tisser.core.model import Circle
from tisser.core.names import fold
from tisser.i18n import get_language, gettext, ngettext
from tisser.report.svg import CIRCLE_COLOURS, PALETTE

SIZE = 900
GOLDEN = math.pi * (3 - math.sqrt(5))
NAMED = 12  # strongest ties whose names are always written
TO_ME = 12  # strongest ties drawn as a line to the user


def _layout(shown_ids: list[int], clusters: list[tuple[int, list[int]]], loose: list[int]):  # type: ignore[no-untyped-def]
    pos: dict[int, tuple[float, float]] = {}
    discs: dict[int, tuple[float, float, float]] = {}
    centre = SIZE / 2
    ring = SIZE * 0.3 if len(clusters) > 1 else 0.0
    hole = 0.0 if ring else 60.0  # one cluster: around the user, not on them
    n = max(len(shown_ids), 1)
    for k, (index, members) in enumerate(clusters):
        a = 2 * math.pi * k / max(len(clusters), 1) - math.pi / 2
        cx, cy = centre + ring * math.cos(a), centre + ring * math.sin(a)
        spread = 9.0 * math.sqrt(len(members)) / max(math.sqrt(n / 300), 1)
        for i, cid in enumerate(members):
            r = hole + spread * math.sqrt(i + 0.5) / math.sqrt(len(members)) * 3
            pos[cid] = (cx + r * math.cos(i * GOLDEN), cy + r * math.sin(i * GOLDEN))
        discs[index] = (cx, cy, hole + spread * 3)
    for i, cid in enumerate(loose):
        a = 2 * math.pi * i / max(len(loose), 1)
        pos[cid] = (centre + SIZE * 0.47 * math.cos(a), centre + SIZE * 0.47 * math.sin(a))
    return pos, discs


def network_map(
    d: Diagnosis, links: list[tuple[int, int]], limit: int = 600, me: str = ""
) -> Markup:
    """The map as SVG; ``me`` names the user at the centre ("you" when empty)."""
    lang = get_language()
    ties = [t for t in d.ties.values() if t.contact.circle != Circle.DORMANT]
    ties.sort(key=lambda t: (-t.strength.value, t.contact.id or 0))
    shown = ties[:limit]
    ids = {t.contact.id for t in shown}
    by_cluster: dict[int, list[int]] = {}
    loose: list[int] = []
    for t in shown:
        cid = t.contact.id or 0
        if t.community is None:
            loose.append(cid)
        else:
            by_cluster.setdefault(t.community, []).append(cid)
    clusters = sorted(by_cluster.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    pos, discs = _layout([t.contact.id or 0 for t in shown], clusters, loose)
    centre = SIZE / 2
    word_bridge, word_strength = escape(gettext("bridge")), escape(gettext("strength"))
    named = {t.contact.id for t in shown[:NAMED]} | {t.contact.id for t in shown if t.cuts_off}
    edges = [
        f'<line x1="{centre}" y1="{centre}" x2="{pos[t.contact.id or 0][0]:.1f}" '
        f'y2="{pos[t.contact.id or 0][1]:.1f}" class="to-me" data-a="0" data-b="{t.contact.id}"/>'
        for t in shown[:TO_ME]
    ]
    for a, b in links:
        if a in ids and b in ids:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            edges.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'data-a="{a}" data-b="{b}"/>'
            )
            if len(edges) >= 4000:
                break
    nodes, labels = [], []
    for t in shown:
        cid = t.contact.id or 0
        x, y = pos[cid]
        circle = int(t.contact.circle)
        cluster = "" if t.community is None else str(t.community)
        c_colour = CIRCLE_COLOURS[circle]
        k_colour = "#c7ced6" if t.community is None else PALETTE[t.community % len(PALETTE)]
        r = 3 + 9 * t.strength.value
        name = escape(t.contact.display_name)
        org = f" — {escape(t.contact.organization)}" if t.contact.organization else ""
        strength = format_decimal(t.strength.value, format="0.00", locale=lang)
        bridge = f" · {word_bridge}" if t.cuts_off else ""
        nodes.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{c_colour}" '
            f'data-id="{cid}" data-circle="{circle}" data-cluster="{cluster}" '
            f'data-name="{escape(fold(t.contact.display_name))}" '
            f'data-by-circle="{c_colour}" data-by-cluster="{k_colour}">'
            f"<title>{name}{org} ({word_strength} {strength}){bridge}</title></circle>"
        )
        key = " key" if cid in named else ""
        labels.append(
            f'<text x="{x:.1f}" y="{y - r - 2:.1f}" class="lbl{key}" data-for="{cid}">{name}</text>'
        )
    more = []
    for c in d.communities:
        hidden = sum(1 for m in c.members if m not in ids and m in d.ties)
        if hidden and c.index in discs:
            cx, cy, radius = discs[c.index]
            a = math.atan2(cy - centre, cx - centre) if (cx, cy) != (centre, centre) else 0.0
            mx, my = cx + (radius + 18) * math.cos(a), cy + (radius + 18) * math.sin(a)
            text = escape(
                ngettext(
                    "{n} more person in this cluster", "{n} more people in this cluster", hidden
                ).format(n=hidden)
            )
            more.append(
                f'<g class="more" data-cluster="{c.index}"><circle cx="{mx:.1f}" cy="{my:.1f}" '
                f'r="{8 + 2 * math.log1p(hidden):.1f}" fill="{PALETTE[c.index % len(PALETTE)]}">'
                f"<title>{text}</title></circle>"
                f'<text x="{mx:.1f}" y="{my + 3:.1f}" text-anchor="middle">+{hidden}</text></g>'
            )
    you = escape(me or gettext("you"))
    label = escape(gettext("Network map"))
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" id="netmap" viewBox="0 0 {SIZE} {SIZE}" '
        f'role="img" aria-label="{label}">'
        f'<g id="edges" stroke="#9aa5b1" stroke-width="0.6" stroke-opacity="0.5">'
        f'{"".join(edges)}</g>'
        f'<g id="more">{"".join(more)}</g>'
        f'<g id="nodes" stroke="#fff" stroke-width="0.8">{"".join(nodes)}</g>'
        f'<g id="me"><circle cx="{centre}" cy="{centre}" r="11" fill="#1b1f24"/>'
        f'<text x="{centre}" y="{centre + 24}" text-anchor="middle" class="lbl key me">{you}</text></g>'
        f'<g id="labels" text-anchor="middle">{"".join(labels)}</g></svg>'
    )
