"""Benchmark of weekly planning on a big network (issue #5: < 1 s for 30,000 contacts and
1,000,000 interactions).

    python bench/bench_plan.py [--contacts 30000] [--interactions 1000000] [--reuse PATH]

Prints (1) the time to plan a week the way ``tisser plan`` does: read the per-contact
aggregates (last interaction, count, help given and received: GROUP BY queries), the
objectives, snoozes and links, then choose the actions (cadence bounds, knapsack); split
into loading and planning; (2) the baseline: reading every interaction row with
``Store.list_interactions`` (what a planner that counted in Python would need) and the
ratio; (3) the week found: actions, minutes against the budget. The data are built with
bench_store's generators (Store bulk path); ``--reuse PATH`` keeps them between runs.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import make_contacts, make_interactions

from tisser.cli.plan import load_plan_input
from tisser.core.actions import week_of
from tisser.core.model import Profile, RelationalProfile
from tisser.core.plan import plan_week
from tisser.store import open_store

TODAY = date(2025, 1, 6)  # a Monday, a few days after the generated journal ends
BUDGET = 120


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=30_000)
    ap.add_argument("--interactions", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--runs", type=int, default=3, help="plan this many times, keep the best")
    ap.add_argument("--reuse", type=Path, metavar="PATH", help="keep the database at PATH")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tisser-bench-plan-") as tmp:
        path = args.reuse.resolve() if args.reuse is not None else Path(tmp) / "plan.db"
        fresh = not path.exists()
        store = open_store(f"sqlite:///{path}")
        if fresh:
            t0 = time.perf_counter()
            ids = store.bulk_add_contacts(make_contacts(random.Random(args.seed), args.contacts))
            store.bulk_add_interactions(
                make_interactions(random.Random(args.seed + 1), ids, args.interactions)
            )
            store.save_profile(
                Profile(weekly_budget_minutes=BUDGET, relational_profile=RelationalProfile.MENTOR)
            )
            print(f"data built in {time.perf_counter() - t0:.1f} s")
        print(f"data: {store.count_contacts()} active contacts, {args.interactions} interactions")
        week = week_of(TODAY)
        best_load = best_plan = float("inf")
        actions = []
        for _ in range(max(1, args.runs)):
            t0 = time.perf_counter()
            inp = load_plan_input(store, 1, TODAY, week, BUDGET, set())
            t1 = time.perf_counter()
            actions = plan_week(inp)
            t2 = time.perf_counter()
            best_load, best_plan = min(best_load, t1 - t0), min(best_plan, t2 - t1)
        total = best_load + best_plan
        print(
            f"(1) plan a week: {total * 1000:.0f} ms (load aggregates {best_load * 1000:.0f} ms, "
            f"choose {best_plan * 1000:.0f} ms; goal < 1000 ms) "
            f"{'OK' if total < 1.0 else 'OVER'}"
        )
        t0 = time.perf_counter()
        rows = store.list_interactions(1)
        baseline = time.perf_counter() - t0
        print(
            f"(2) baseline, read every interaction row: {baseline * 1000:.0f} ms "
            f"({len(rows)} rows); ratio plan / baseline = {total / baseline:.2f}"
        )
        minutes = sum(a.minutes for a in actions)
        kinds: dict[str, int] = {}
        for a in actions:
            kinds[a.kind.value] = kinds.get(a.kind.value, 0) + 1
        print(f"(3) week: {len(actions)} actions, {minutes} of {BUDGET} minutes, {kinds}")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
