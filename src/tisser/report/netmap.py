"""The network map: contacts placed by cluster, coloured by circle or cluster, sized by
strength, as inline SVG that a few lines of the page's own script zoom and filter.

Layout (deterministic, no physics): clusters sit on a ring, biggest first, each a disc whose
area grows with its size; inside a disc, members follow Vogel's sunflower spiral, strongest
ties at the centre. People in no cluster form an outer ring. On a big network only the
``limit`` strongest ties are drawn, so the page stays light.
"""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

from tisser.core.diagnosis import Diagnosis
from tisser.core.model import Circle
from tisser.report.svg import CIRCLE_COLOURS, PALETTE

SIZE = 900
GOLDEN = math.pi * (3 - math.sqrt(5))


def network_map(d: Diagnosis, links: list[tuple[int, int]], limit: int = 600) -> Markup:
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
    pos: dict[int, tuple[float, float]] = {}
    centre = SIZE / 2
    clusters = sorted(by_cluster.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ring = SIZE * 0.3 if len(clusters) > 1 else 0.0
    for k, (_index, members) in enumerate(clusters):
        a = 2 * math.pi * k / max(len(clusters), 1)
        cx, cy = centre + ring * math.cos(a), centre + ring * math.sin(a)
        spread = 9.0 * math.sqrt(len(members)) / max(math.sqrt(len(shown) / 300), 1)
        for i, cid in enumerate(members):
            r = spread * math.sqrt(i + 0.5) / math.sqrt(len(members)) * 1.0
            pos[cid] = (cx + r * math.cos(i * GOLDEN) * 3, cy + r * math.sin(i * GOLDEN) * 3)
    for i, cid in enumerate(loose):
        a = 2 * math.pi * i / max(len(loose), 1)
        pos[cid] = (centre + SIZE * 0.47 * math.cos(a), centre + SIZE * 0.47 * math.sin(a))
    edges = []
    for a, b in links:
        if a in ids and b in ids:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            edges.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'data-a="{a}" data-b="{b}"/>'
            )
            if len(edges) >= 4000:
                break
    nodes = []
    for t in shown:
        cid = t.contact.id or 0
        x, y = pos[cid]
        circle = int(t.contact.circle)
        cluster = "" if t.community is None else str(t.community)
        c_colour = CIRCLE_COLOURS[circle]
        k_colour = "#c7ced6" if t.community is None else PALETTE[t.community % len(PALETTE)]
        r = 3 + 9 * t.strength.value
        nodes.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{c_colour}" '
            f'data-id="{cid}" data-circle="{circle}" data-cluster="{cluster}" '
            f'data-by-circle="{c_colour}" data-by-cluster="{k_colour}">'
            f"<title>{escape(t.contact.display_name)}"
            f"{' — ' + escape(t.contact.organization) if t.contact.organization else ''}"
            f" ({t.strength.value:.2f})</title></circle>"
        )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" id="netmap" viewBox="0 0 {SIZE} {SIZE}" '
        f'role="img" aria-label="network map">'
        f'<g id="edges" stroke="#9aa5b1" stroke-width="0.6" stroke-opacity="0.5">'
        f'{"".join(edges)}</g><g id="nodes" stroke="#fff" stroke-width="0.8">'
        f"{''.join(nodes)}</g></svg>"
    )
