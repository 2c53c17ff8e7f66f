"""Choosing the portfolio of events and memberships: an exact two-budget knapsack.

Maximise Σ value_i x_i over x ∈ {0,1}^n subject to

* Σ minutes_i x_i ≤ the time budget of the period (the weekly budget's share for events,
  times the weeks; seed 000 §5: limit the choice by the weekly time networking gets);
* Σ cents_i x_i ≤ the yearly fee budget (seed 004: do not join more associations than you
  can pay and attend);
* x_event ≤ x_membership when an event is for members only;
* x_i + x_j ≤ 1 when two one-off events overlap in time.

This is a 0-1 integer program (a two-dimensional knapsack with precedence and conflict
constraints, NP-hard in general). It is solved exactly by a :data:`Solver`:
:func:`tisser.optimize.solve` runs HiGHS's branch and cut (Huangfu & Hall, "Parallelizing
the dual revised simplex method", Math. Prog. Comp. 2018, and the MIP solver of the same
project) with a relative gap of zero, so the answer is proven optimal: :attr:`Solution.status`
is the solver's model status and :attr:`Solution.gap` its final gap. The core stays free of
the solver library (it is injected), and :func:`brute_force` enumerates every subset; the
tests check both agree on random cases. Fees are in integer cents so the fee constraint is exact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Item:
    """A candidate: its value, what it takes (minutes, cents), the membership it needs."""

    key: int
    value: float
    minutes: int
    cents: int
    requires: int | None = None


@dataclass(slots=True)
class Problem:
    """The candidates, the two budgets and the pairs that cannot both be chosen."""

    items: list[Item]
    minutes: int
    cents: int
    conflicts: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Solution:
    """The chosen keys, their totals, and how sure the solver is."""

    chosen: frozenset[int]
    value: float
    minutes: int
    cents: int
    status: str = "optimal"
    gap: float = 0.0

    @property
    def proven(self) -> bool:
        return self.status == "optimal" and self.gap <= TOLERANCE


# solve(problem, forced, banned) -> the optimum with ``forced`` keys in and ``banned`` out.
Solver = Callable[[Problem, Iterable[int], Iterable[int]], Solution]


def feasible(problem: Problem, chosen: Iterable[int]) -> bool:
    """Whether a set of keys respects both budgets, memberships and conflicts."""
    keys = set(chosen)
    items = {i.key: i for i in problem.items}
    if not keys <= items.keys():
        return False
    if sum(items[k].minutes for k in keys) > problem.minutes:
        return False
    if sum(items[k].cents for k in keys) > problem.cents:
        return False
    if any(items[k].requires is not None and items[k].requires not in keys for k in keys):
        return False
    return not any(a in keys and b in keys for a, b in problem.conflicts)


def make_solution(problem: Problem, keys: Iterable[int], status: str, gap: float) -> Solution:
    chosen = frozenset(keys)
    items = [i for i in problem.items if i.key in chosen]
    return Solution(
        chosen,
        sum(i.value for i in items),
        sum(i.minutes for i in items),
        sum(i.cents for i in items),
        status,
        gap,
    )


def brute_force(problem: Problem) -> Solution:
    """The optimum by enumerating every subset (only for small problems: 2^n)."""
    keys = [i.key for i in problem.items]
    value = {i.key: i.value for i in problem.items}
    best: tuple[float, frozenset[int]] = (0.0, frozenset())
    for size in range(1, len(keys) + 1):
        for subset in combinations(keys, size):
            total = sum(value[k] for k in subset)
            if total > best[0] + TOLERANCE and feasible(problem, subset):
                best = (total, frozenset(subset))
    return make_solution(problem, best[1], "optimal", 0.0)
