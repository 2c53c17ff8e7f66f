"""Benchmark of community matching (issue #9): pairs and groups on the synthetic club.

    python bench/bench_matching.py [--pairs 10000] [--big 100000] [--groups 10000] [--k 20]

Members come from :func:`tisser.demo.community.members` (Bordeaux club: sports, levels,
slots, places, companies, wishes), every one of them opted in to a coffee round (pairs) or
a padel round (groups of 4, padel players only, so ``--groups`` members are generated and
the padel players among them are grouped). Generation is not timed.

Figures (issue #9):

1. Pairs, ``--pairs`` members: candidate graph + relaxation time (auction, rounding, local
   search; goal < 10 s at 10,000) and its value against the **exact optimum computed in the
   same run** (Edmonds' blossom, rustworkx, on the same candidate graph; goal >= 99.5 %),
   with the exact solver's time as the baseline, and the quality against the dual bound.
2. Pairs, ``--big`` members: time (goal < 60 s at 100,000) and value against the dual upper
   bound (goal >= 99 %); the exact solver is not run (over 120 s at 50,000), the baseline is
   greedy on the same graph. (scipy's exact sparse assignment, used before the auction,
   took 70 s here.)
3. Groups of 4, ``--groups`` members: time (goal < 30 s at 10,000) and value against the
   upper bound of :mod:`tisser.community.groups`.
4. Groups of 4 against the **LP relaxation of set partitioning** solved by HiGHS
   (:mod:`tisser.community.lp_bound`, issue #22) on the instances ``--lp`` small enough to
   enumerate every feasible group (default 100 and 200 members), the solver's own bound
   printed beside it, and the blocks + swaps construction alone (the solver before the
   pool packing of :mod:`tisser.community.packing`) as the baseline. The goal (>= 92 % of
   the LP bound at 10,000) cannot be measured at 10,000: listing the feasible groups is out
   of reach there (300 members already give 870,000 columns); the bench says so, and prints
   the 10,000 figure against the solver's own bound only.

Peak memory (ru_maxrss of the process) is printed after each part.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date

import numpy as np

from tisser.community import groups as group_solver
from tisser.community import pairs as pair_solver
from tisser.community.features import Features, candidates
from tisser.core.community import Round
from tisser.core.matching import Context
from tisser.demo.community import PLACES, members

WINDOW = (date(2026, 12, 1), date(2026, 12, 14))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pairs(n: int, k: int, exact: bool) -> bool:
    ms = members(n, seed=7)
    ctx = Context(Round(1, 1, "coffee", 2, 2, *WINDOW, places=PLACES))
    t0 = time.perf_counter()
    f = Features.build(ms, ctx)
    c = candidates(f, k=k)
    t1 = time.perf_counter()
    res = pair_solver.relaxed(n, c)
    t2 = time.perf_counter()
    elapsed = t2 - t0
    sampled = " (sampled blocks)" if c.sampled else ""
    print(
        f"pairs n={n}: candidate graph {len(c.a)} edges{sampled} in {t1 - t0:.2f} s; "
        f"relaxation + rounding + augmentations {t2 - t1:.2f} s; total {elapsed:.2f} s"
    )
    print(f"  matched {2 * len(res.pairs)} of {n}; value {res.value:.1f}; "
          f"upper bound {res.bound:.1f}; quality vs bound {res.quality:.4%}")  # fmt: skip
    ok = True
    if exact:
        t3 = time.perf_counter()
        opt = pair_solver.exact(n, c)
        t4 = time.perf_counter()
        ratio = res.value / opt.value if opt.value else 1.0
        print(
            f"  baseline: exact blossom (rustworkx) {t4 - t3:.2f} s, optimum {opt.value:.1f}; "
            f"ours = {ratio:.4%} of the optimum; speed-up x{(t4 - t3) / elapsed:.1f}"
        )
        ok = ratio >= 0.995
        print("  goal at 10,000: < 10 s and >= 99.5 % of the optimum -> "
              + _verdict(n, 10_000, elapsed < 10 and ok))  # fmt: skip
    else:
        t3 = time.perf_counter()
        mate = np.full(n, -1, dtype=np.int64)
        pair_solver._greedy(mate, c.a, c.b, c.weight)
        greedy = float(sum(w for a, b, w in zip(c.a, c.b, c.weight, strict=True)
                           if mate[a] == b))  # fmt: skip
        t4 = time.perf_counter()
        print(f"  baseline: greedy (heaviest free edge first) {t4 - t3:.2f} s, value "
              f"{greedy:.1f} = {greedy / res.bound:.4%} of the same bound")  # fmt: skip
        ok = res.quality >= 0.99
        print("  goal at 100,000: < 60 s and >= 99 % of the upper bound -> "
              + _verdict(n, 100_000, elapsed < 60 and ok))  # fmt: skip
    print(f"  peak memory {peak_mb():.0f} MB")
    return ok


def _verdict(n: int, goal_size: int, passed: bool) -> str:
    """'met' only when measured at the goal's size; a smaller run says what it shows."""
    if not passed:
        return "see figures"
    if n < goal_size:
        return f"within it at n={n:,} (the goal's size is {goal_size:,}: run the full bench)"
    return "met"


def _groups(n: int, k: int) -> float:
    ms = [m for m in members(n, seed=11) if "padel" in m.sports]
    ctx = Context(Round(1, 1, "padel", 4, 4, *WINDOW, places=PLACES))
    t0 = time.perf_counter()
    f = Features.build(ms, ctx)
    c = candidates(f, k=k)
    t1 = time.perf_counter()
    res = group_solver.solve(f, c, 4, 4)
    t2 = time.perf_counter()
    placed = sum(len(g) for g in res.groups)
    print(f"groups of 4, {len(ms)} padel players of {n} members: candidates {t1 - t0:.2f} s, "
          f"blocks + swaps {t2 - t1:.2f} s; total {t2 - t0:.2f} s")  # fmt: skip
    print(f"  {len(res.groups)} groups, {placed} placed ({res.method}); value "
          f"{res.value:.1f}; the solver's own upper bound {res.bound:.1f}; quality vs it "
          f"{res.quality:.2%}")  # fmt: skip
    print(f"  goal at 10,000: < 30 s -> {_verdict(n, 10_000, t2 - t0 < 30)}")
    print(f"  peak memory {peak_mb():.0f} MB")
    return res.quality


def _lp(sizes: list[int], k: int) -> list[float]:
    """Quality of groups of 4 against the LP bound of set partitioning, on small instances."""
    from tisser.community.lp_bound import lp_bound

    qualities = []
    for n in sizes:
        ms = [m for m in members(n, seed=11) if "padel" in m.sports]
        ctx = Context(Round(1, 1, "padel", 4, 4, *WINDOW, places=PLACES))
        f = Features.build(ms, ctx)
        c = candidates(f, k=k)
        t0 = time.perf_counter()
        res = group_solver.solve(f, c, 4, 4)
        t1 = time.perf_counter()
        base = group_solver.solve(f, c, 4, 4, pool_limit=0)
        found = lp_bound(f, 4, 4)
        t2 = time.perf_counter()
        if found is None:
            print(f"LP bound, {len(ms)} padel players of {n}: too many feasible groups to list")
            continue
        lp, columns = found
        qualities.append(res.value / lp)
        print(
            f"groups of 4 vs the LP bound, {len(ms)} padel players of {n} members: "
            f"solver ({res.method}) {t1 - t0:.2f} s, value {res.value:.1f}; LP relaxation of "
            f"set partitioning ({columns:,} feasible groups, HiGHS) {lp:.1f}"
        )
        print(f"  quality vs LP bound {res.value / lp:.2%} (goal >= 92 %); baseline blocks + "
              f"swaps alone {base.value:.1f} = {base.value / lp:.2%}; vs the solver's own bound "
              f"{res.quality:.2%}")  # fmt: skip
    return qualities


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=10_000)
    parser.add_argument("--k", type=int, default=20, help="candidates kept per member")
    parser.add_argument("--lp", type=int, nargs="*", default=[100, 200],
                        help="instance sizes for the LP bound of groups")  # fmt: skip
    args = parser.parse_args(argv)
    if args.pairs:
        _pairs(args.pairs, args.k, exact=True)
    if args.big:
        _pairs(args.big, args.k, exact=False)
    qualities = _lp(args.lp, args.k) if args.lp else []
    if args.groups:
        _groups(args.groups, args.k)
        if qualities:
            print(
                f"  vs the LP bound: {min(qualities):.2%} at worst on the instances small "
                f"enough to list (goal >= 92 % at 10,000, not measurable at that size: the "
                f"own bound above is computed on the sampled candidate graph, not the LP)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
