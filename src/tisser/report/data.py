"""The diagnosis as plain data: the ``--json`` output and what the HTML template reads.

Each finding, action and explanation carries both its machine form (msgid and raw
parameters: days as numbers, shares as fractions) and its text in the reader's language.
Every list is ordered deterministically so the demo's report can be pinned by a golden file.
"""

from __future__ import annotations

from typing import Any

from tisser.core.diagnosis import Action, Diagnosis, Finding
from tisser.core.reciprocity import Pattern
from tisser.core.why import Explanation
from tisser.present.wording import fmt, text

__all__ = ["action_dict", "explanation_dict", "finding_dict", "fmt", "report_dict", "text"]

STRENGTH_BINS = 5


def r4(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def finding_dict(f: Finding, d: Diagnosis) -> dict[str, Any]:
    return {
        "code": f.code,
        "score": f.score,
        "title": text(f.title),
        "because": [text(b) for b in f.because],
        "data": f.data,
        "contacts": [{"id": i, "name": d.ties[i].contact.display_name} for i in f.contact_ids[:20]],
        "contact_count": len(f.contact_ids),
        "msgid": f.title.as_dict(),
    }


def action_dict(a: Action, d: Diagnosis) -> dict[str, Any]:
    return {
        "code": a.code,
        "text": text(a.text),
        "because": text(a.because),
        "msgid": a.text.as_dict(),  # what `tisser plan` keeps of it (#18: worded once)
        "contact": (
            {"id": a.contact_id, "name": d.ties[a.contact_id].contact.display_name}
            if a.contact_id
            else None
        ),
    }


def _person(d: Diagnosis, cid: int, **extra: Any) -> dict[str, Any]:
    t = d.ties[cid]
    return {
        "id": cid,
        "name": t.contact.display_name,
        "organization": t.contact.organization,
        "circle": int(t.contact.circle),
        "strength": r4(t.strength.value),
        "status": t.status.status.value,
        **extra,
    }


def report_dict(d: Diagnosis) -> dict[str, Any]:
    """The whole diagnosis, JSON-ready."""
    c = d.circles
    values = [t.strength.value for t in d.ties.values() if t.contact.circle != 5]
    hist = [0] * STRENGTH_BINS
    for v in values:
        hist[min(int(v * STRENGTH_BINS), STRENGTH_BINS - 1)] += 1
    takers = sorted(
        (t for t in d.ties.values() if t.reciprocity.pattern == Pattern.TAKER),
        key=lambda t: (t.reciprocity.balance or 0, t.contact.sort_key),
    )
    givers = sorted(
        (t for t in d.ties.values() if t.reciprocity.pattern == Pattern.GIVER),
        key=lambda t: (-(t.reciprocity.balance or 0), t.contact.sort_key),
    )
    patterns = {p.value: 0 for p in Pattern}
    for t in d.ties.values():
        patterns[t.reciprocity.pattern.value] += 1
    return {
        "owner": d.owner,
        "today": d.today.isoformat(),
        "totals": {
            "contacts": len(d.ties),
            "kept": d.activation.kept,
            "archived": c.archived,
            "interactions": d.interactions,
            "links": d.links,
        },
        "summary": [finding_dict(f, d) for f in d.summary],
        "actions": [action_dict(a, d) for a in d.actions],
        "findings": [finding_dict(f, d) for f in d.findings],
        "cadence": dict(sorted(d.statuses.items())),
        "circles": {
            "layers": [
                {
                    "circle": x.circle,
                    "size": x.size,
                    "cumulative": x.cumulative,
                    "dunbar": x.dunbar,
                    "ratio": r4(x.ratio),
                }
                for x in c.layers
            ],
            "effort": [
                {
                    "circles": e.group,
                    "interactions": e.interactions,
                    "share": r4(e.share),
                    "expected": e.expected,
                }
                for e in c.effort
            ],
            "upkeep_per_week": r4(c.upkeep_per_week),
            "done_per_week": r4(c.done_per_week),
        },
        "strength": {
            "mean": r4(sum(values) / len(values)) if values else None,
            "histogram": hist,
        },
        "activation": {
            "kept": d.activation.kept,
            "activated": d.activation.activated,
            "collected": d.activation.collected,
            "share": r4(d.activation.share),
            "threshold": d.activation.threshold,
        },
        "reciprocity": {
            "gave": d.reciprocity.gave,
            "received": d.reciprocity.received,
            "balance": r4(d.reciprocity.balance),
            "pattern": d.reciprocity.pattern.value,
            "patterns": patterns,
            "takers": [
                _person(d, t.contact.id or 0, gave=t.history.gave, received=t.history.received)
                for t in takers[:10]
            ],
            "givers": [
                _person(d, t.contact.id or 0, gave=t.history.gave, received=t.history.received)
                for t in givers[:10]
            ],
        },
        "diversity": [
            {
                "attribute": x.attribute,
                "known": x.known,
                "total": x.total,
                "categories": x.categories,
                "blau": r4(x.blau),
                "iqv": r4(x.iqv),
                "user_value": x.user_value,
                "alike": x.alike,
                "ei": r4(x.ei),
                "ei_chance": r4(x.ei_chance),
                "homophily": r4(x.homophily),
                "top": [list(p) for p in x.counts[:6]],
            }
            for x in d.diversity
        ],
        "profiles": {
            "counts": d.mix.counts,
            "unknown": d.mix.unknown,
            "missing": list(d.mix.missing_profiles),
            "missing_wanted": [list(x) for x in d.mix.missing_wanted],
        },
        "structure": {
            "alters": d.structure.alters,
            "links": d.structure.links,
            "density": r4(d.structure.density),
            "effective_size": r4(d.structure.effective_size),
            "efficiency": r4(d.structure.efficiency),
            "constraint": r4(d.structure.constraint),
            "second_hop": len(d.second_hop),
        },
        "communities": [
            {
                "index": k.index,
                "label": k.label,
                "size": len(k.members),
                "activated": k.activated,
                "sector": k.sector,
                "city": k.city,
            }
            for k in d.communities
        ],
        "bridges": [_person(d, b.contact_id, cuts_off=len(b.cut_off)) for b in d.bridges[:20]],
        "dormant": [
            _person(
                d,
                x.contact_id,
                score=r4(x.score),
                parts={k: r4(v) for k, v in sorted(x.parts.items())},
                reasons=[text(r) for r in x.reasons],
            )
            for x in d.dormant
        ],
        "timeline": [{"month": m, "interactions": n} for m, n in d.timeline],
    }


def explanation_dict(e: Explanation, d: Diagnosis) -> dict[str, Any]:
    return {
        "id": e.contact_id,
        "name": e.name,
        "status": text(e.status),
        "strength": r4(e.strength.value),
        "parts": [
            {"part": p.name, "value": r4(p.value), "weight": p.weight, "why": text(p.why)}
            for p in e.strength.parts
        ],
        "facts": [text(f) for f in e.facts],
        "findings": [text(f.title) for f in e.findings],
        "dormant_rank": e.dormant_rank,
    }
