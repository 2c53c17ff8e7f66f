"""One block of a federation round, matched by the single club's own code.

:func:`match_block` is what Spark runs in ``groupBy("block").applyInPandas``: it turns the
block's rows back into the core's :class:`~tisser.core.community.Member` values and calls
:func:`tisser.community.service.solve` — the scores of :mod:`tisser.core.matching` (through
:class:`~tisser.community.features.Features`, which the club's tests check against them),
the candidate graph, the auction or blossom for pairs, the group builder for groups. There
is no second implementation: a block of the federation is matched exactly as a club of the
same members would be (tests compare the two).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC
from typing import Any

from tisser.community.service import solve
from tisser.core.matching import Context
from tisser.federation.records import member_of
from tisser.federation.spec import RoundSpec

# The result rows: one per member of the block, matched (group id) or waiting ("").
OUT = (
    "run string, block string, email string, email_fold string, club string, "
    "group_id string, score double, slot string, block_members long, block_value double, "
    "block_bound double, block_method string"
)
COLUMNS = [part.split()[0] for part in OUT.split(", ")]


def match_block(
    rows: Any,
    spec: RoundSpec,
    recent: Collection[tuple[int, int]] = frozenset(),
    waited: Collection[int] = frozenset(),
) -> Any:
    """The result rows (a pandas DataFrame, :data:`OUT`) of one block's rows."""
    import pandas as pd

    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = rows.sort_values("email_fold", kind="stable").reset_index(drop=True)
    records = rows.to_dict("records")
    members = [member_of(r) for r in records]
    block = str(records[0]["block"])
    ctx = Context(spec.round(), spec.weights, frozenset(recent), frozenset(waited))
    meetings, _, value, bound, method = solve(
        members, ctx, UTC, exact_limit=spec.exact_limit, k=spec.candidates, seed=spec.seed
    )
    group: dict[int, tuple[str, float, str]] = {}
    for n, meeting in enumerate(meetings, start=1):
        for mid in meeting.member_ids:
            group[mid] = (f"{block}/{n}", meeting.score, meeting.slot)
    upper = value if bound is None else bound
    out = []
    for r, m in zip(records, members, strict=True):
        gid, score, slot = group.get(m.id, ("", 0.0, ""))
        out.append((spec.name, block, r["email"], r["email_fold"], r["club"], gid, score, slot,
                    len(records), value, upper, method))  # fmt: skip
    return pd.DataFrame(out, columns=COLUMNS)
