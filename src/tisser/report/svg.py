"""Charts as inline SVG, drawn on the server: no script, no CDN, they print as they show.

Each function returns an SVG string; every text inside is escaped. Bars are labelled with
their value so the chart reads without colour (print, colour blindness).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

INK = "#1f2933"
MUTED = "#9aa5b1"
PALETTE = (
    "#2f6f9f", "#d9822b", "#3f8f5b", "#b5485d", "#7a5ea8", "#8c6d3f", "#c05fa0", "#5b7f8a",
    "#a3a13a", "#4b6cb7", "#d1603d", "#2e8b8b",
)  # fmt: skip
CIRCLE_COLOURS = {1: "#b5485d", 2: "#d9822b", 3: "#2f6f9f", 4: "#7b8794", 5: "#c7ced6"}


def _svg(width: int, height: int, body: str, label: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(label)}" class="chart">{body}</svg>'
    )


def hbars(
    rows: Sequence[tuple[str, float, str]],
    label: str,
    marks: Sequence[float | None] | None = None,
    colours: Sequence[str] | None = None,
    width: int = 560,
) -> Markup:
    """Horizontal bars: (label, value, shown value); ``marks`` draws a reference tick."""
    bar_h, gap, left = 22, 8, 190
    height = len(rows) * (bar_h + gap) + gap
    top = max([v for _, v, _ in rows] + [m or 0 for m in (marks or [])] + [1e-9])
    scale = (width - left - 70) / top
    parts = []
    for i, (name, value, shown) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        colour = colours[i] if colours else PALETTE[0]
        w = max(value * scale, 0.0)
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{escape(name)}</text>'
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}" rx="2"/>'
            f'<text x="{left + w + 6:.1f}" y="{y + 15}" font-size="12" fill="{INK}">'
            f"{escape(shown)}</text>"
        )
        if marks and marks[i] is not None:
            x = left + (marks[i] or 0) * scale
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + bar_h + 3}" '
                f'stroke="{INK}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
    return _svg(width, height, "".join(parts), label)


def columns(points: Sequence[tuple[str, int]], label: str, width: int = 560) -> Markup:
    """Vertical bars over time (the monthly timeline); every third month labelled."""
    height, bottom, left = 180, 30, 30
    n = max(len(points), 1)
    top = max([v for _, v in points] + [1])
    step = (width - left - 10) / n
    parts = [
        f'<line x1="{left}" x2="{width - 5}" y1="{height - bottom}" y2="{height - bottom}" '
        f'stroke="{MUTED}"/>',
        f'<text x="{left - 4}" y="14" text-anchor="end" font-size="10" fill="{INK}">{top}</text>',
    ]
    for i, (month, value) in enumerate(points):
        h = (height - bottom - 20) * value / top
        x = left + i * step
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="{PALETTE[0]}"><title>{escape(month)}: {value}</title></rect>'
        )
        if i % 3 == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                f'font-size="10" fill="{INK}">{escape(month)}</text>'
            )
    return _svg(width, height, "".join(parts), label)


def donut(slices: Sequence[tuple[str, float, str]], label: str, size: int = 220) -> Markup:
    """A ring of shares with its legend (used for the cadence statuses)."""
    total = sum(v for _, v, _ in slices) or 1.0
    cx = cy = size / 2
    r_out, r_in = size / 2 - 4, size / 4
    angle = -math.pi / 2
    parts = []
    for name, value, colour in slices:
        if value <= 0:
            continue
        sweep = 2 * math.pi * value / total
        if sweep >= 2 * math.pi - 1e-9:
            sweep = 2 * math.pi - 1e-6
        a0, a1 = angle, angle + sweep
        large = 1 if sweep > math.pi else 0
        p = [
            (cx + r_out * math.cos(a0), cy + r_out * math.sin(a0)),
            (cx + r_out * math.cos(a1), cy + r_out * math.sin(a1)),
            (cx + r_in * math.cos(a1), cy + r_in * math.sin(a1)),
            (cx + r_in * math.cos(a0), cy + r_in * math.sin(a0)),
        ]
        parts.append(
            f'<path d="M{p[0][0]:.1f},{p[0][1]:.1f} A{r_out:.1f},{r_out:.1f} 0 {large} 1 '
            f"{p[1][0]:.1f},{p[1][1]:.1f} L{p[2][0]:.1f},{p[2][1]:.1f} A{r_in:.1f},{r_in:.1f} "
            f'0 {large} 0 {p[3][0]:.1f},{p[3][1]:.1f} Z" fill="{colour}">'
            f"<title>{escape(name)}: {value:g}</title></path>"
        )
        angle = a1
    legend = []
    for i, (name, value, colour) in enumerate(slices):
        y = 16 + i * 20
        legend.append(
            f'<rect x="{size + 10}" y="{y - 11}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{size + 28}" y="{y}" font-size="12" fill="{INK}">'
            f"{escape(name)} ({value:g})</text>"
        )
    return _svg(size + 230, max(size, 20 * len(slices) + 10), "".join(parts + legend), label)
