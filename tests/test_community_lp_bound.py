"""The LP bound of set partitioning (issue #22) against brute force on small clubs.

The feasible groups are checked against the core's own :func:`feasible` over every subset
of four, their scores against :func:`group_score`, and the LP value against the best
grouping found by trying every set of disjoint groups: LP >= optimum >= the solver's value.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pytest

from tisser.community import groups as group_solver
from tisser.community.features import Features, candidates
from tisser.community.lp_bound import _scores, feasible_groups, lp_bound
from tisser.core.community import Round
from tisser.core.matching import Context, feasible, group_score
from tisser.demo.community import PLACES, members


def _best(groups: list[tuple[frozenset[int], float]]) -> float:
    """The best total of pairwise disjoint groups (branch on the first group's members)."""
    best = 0.0

    def go(start: int, used: frozenset[int], total: float) -> None:
        nonlocal best
        best = max(best, total)
        for t in range(start, len(groups)):
            g, s = groups[t]
            if s > 0 and not g & used:
                go(t + 1, used | g, total + s)

    go(0, frozenset(), 0.0)
    return best


@pytest.mark.parametrize("seed", [3, 4])
def test_lp_bounds_the_optimum(seed: int) -> None:
    ms = [m for m in members(40, seed=seed) if "padel" in m.sports][:12]
    ctx = Context(Round(1, 1, "padel", 4, 4, date(2026, 12, 1), date(2026, 12, 14), PLACES))
    f = Features.build(ms, ctx)
    listed = feasible_groups(f, 4, 4, 100_000)
    assert listed is not None
    brute = [list(g) for g in combinations(range(len(ms)), 4) if feasible([ms[i] for i in g], ctx)]
    assert sorted(map(sorted, listed)) == sorted(brute)
    scores = _scores(f, listed)
    for g, s in zip(listed, scores.tolist(), strict=True):
        assert s == pytest.approx(group_score([ms[i] for i in g], ctx))
    found = lp_bound(f, 4, 4)
    assert found is not None
    lp, columns = found
    optimum = _best([(frozenset(g), s) for g, s in zip(listed, scores.tolist(), strict=True)])
    value = group_solver.solve(f, candidates(f), 4, 4).value
    assert lp >= optimum - 1e-6 >= value - 1e-6
    assert columns == sum(1 for s in scores if s > 0)


def test_too_many_groups_gives_up() -> None:
    ms = [m for m in members(200, seed=11) if "padel" in m.sports]
    ctx = Context(Round(1, 1, "padel", 4, 4, date(2026, 12, 1), date(2026, 12, 14), PLACES))
    assert lp_bound(Features.build(ms, ctx), 4, 4, max_columns=1000) is None


@pytest.mark.parametrize(
    ("activity", "lo", "hi", "n"), [("padel", 4, 4, 100), ("padel", 4, 4, 200), ("golf", 3, 4, 100)]
)
def test_groups_reach_92_percent_of_the_lp_bound(activity: str, lo: int, hi: int, n: int) -> None:
    """The pool packed by Lagrangian relaxation, against HiGHS's LP of set partitioning."""
    ms = [m for m in members(n, seed=11) if activity in m.sports]
    ctx = Context(Round(1, 1, activity, lo, hi, date(2026, 12, 1), date(2026, 12, 14), PLACES))
    f = Features.build(ms, ctx)
    res = group_solver.solve(f, candidates(f), lo, hi)
    found = lp_bound(f, lo, hi)
    assert found is not None
    assert res.method == "pool+lagrangian"
    assert res.value >= 0.92 * found[0]
    used = [i for g in res.groups for i in g]
    assert len(used) == len(set(used))  # each member in one group at most
    for g in res.groups:  # hard rules by the core, scores by the core's group_score
        assert lo <= len(g) <= hi and feasible([ms[i] for i in g], ctx)
    total = sum(group_score([ms[i] for i in g], ctx) for g in res.groups)
    assert total == pytest.approx(res.value)
    again = group_solver.solve(f, candidates(f), lo, hi)
    assert again.groups == res.groups  # deterministic
