"""Benchmark of the events portfolio choice (issue #7): 500 candidates for a year, < 2 s, optimal.

    python bench/bench_events.py [--candidates 500] [--seed 7] [--repeat 3] [--check 12]

Builds a random but realistic catalogue (one-off events, monthly or weekly ones, memberships
with members-only events, overlapping evenings; sizes, audiences, fees and contacts who go),
then times :func:`tisser.core.event_choice.choose_portfolio` for the next 365 days under a
90-minute weekly budget (half of it for events) and a 1,500 € fee budget: scoring, building
the 0-1 program, solving it with HiGHS, and explaining the runner-up (a second solve). It
prints the solver's status and gap (optimal means proven optimal, gap 0), and the baseline
measured in the same run: the greedy choice by value per minute, its time and the share of
the optimum it reaches. ``--check N`` also solves the first N candidates by brute force and
checks the optimum is the same (N <= 16).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tisser.core.event_choice import Budgets, Choice, choose_portfolio, overlapping_pairs
from tisser.core.event_score import Needs, Temperament, Want
from tisser.core.events import Event, EventKind, Format
from tisser.core.model import Energy, RelationalProfile
from tisser.core.portfolio import Item, Problem, brute_force, feasible
from tisser.optimize import solve

PARIS = ZoneInfo("Europe/Paris")
START = date(2027, 1, 1)
SECTORS = ["vin", "tech", "aéronautique", "banque", "santé", "luxe", "retail", "conseil"]
FUNCTIONS = ["marketing", "finance", "RH", "direction générale", "commercial", "tech"]
RULES = ["FREQ=MONTHLY;BYDAY=1TH", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=WEEKLY;BYDAY=WE",
         "FREQ=MONTHLY;INTERVAL=3", "FREQ=MONTHLY;INTERVAL=2;BYDAY=3TH"]  # fmt: skip


def catalogue(n: int, rng: random.Random) -> list[Event]:
    events: list[Event] = []
    clubs: list[int] = []
    for key in range(1, n + 1):
        roll = rng.random()
        day = START + timedelta(days=rng.randrange(365))
        start = datetime(day.year, day.month, day.day, rng.choice([8, 12, 18, 19]), 0,
                         tzinfo=PARIS)  # fmt: skip
        event = Event(
            id=key,
            title=f"Event {key}",
            starts_at=start,
            duration_minutes=rng.choice([60, 90, 120, 150, 180, 240, 480]),
            travel_minutes=rng.choice([0, 20, 30, 45, 60, 300]),
            entry_fee=float(rng.choice([0, 0, 0, 10, 15, 25, 45, 90, 200])),
            sectors=rng.sample(SECTORS, rng.randint(1, 3)),
            functions=rng.sample(FUNCTIONS, rng.randint(1, 3)),
            expected_size=rng.choice([8, 12, 20, 35, 60, 150, 800, 5000]),
            attendee_ids=rng.sample(range(1, 351), rng.randint(0, 4)),
            can_bring=["talk"] if rng.random() < 0.2 else [],
        )
        if roll < 0.15:
            event.kind = rng.choice([EventKind.CLUB, EventKind.ASSOCIATION, EventKind.ALUMNI])
            event.yearly_fee = float(rng.choice([80, 120, 250, 400, 900]))
            event.rrule = rng.choice(RULES)
            event.attend_count = rng.choice([None, 4, 6, 10])
            clubs.append(key)
        elif roll < 0.45:
            event.kind = EventKind.AFTERWORK
            event.rrule = rng.choice(RULES)
            event.attend_count = rng.choice([None, 3, 6])
        else:
            event.kind = rng.choice([EventKind.SALON, EventKind.CONFERENCE, EventKind.BREAKFAST])
            event.format = rng.choice([None, Format.BIG_ROOM, Format.SMALL_GROUP])
        if clubs and roll >= 0.15 and rng.random() < 0.1:
            event.membership_id = rng.choice(clubs)
        events.append(event)
    return events


def greedy(problem: Problem) -> float:
    """The baseline: take entries by value per minute while they fit (memberships first)."""
    items = {i.key: i for i in problem.items}
    chosen: set[int] = set()
    order = sorted(problem.items, key=lambda i: -i.value / max(1, i.minutes))
    for item in order:
        trial = chosen | {item.key} | ({item.requires} if item.requires in items else set())
        if feasible(problem, trial):
            chosen = trial
    return sum(items[k].value for k in chosen)


def problem_of(choice: Choice, events: list[Event]) -> Problem:
    membership = {e.id: e.membership_id for e in events}
    items = [Item(k, s.value, s.minutes, round(s.euros * 100), membership[k])
             for k, s in choice.scores.items()]  # fmt: skip
    held = [e for e in events if e.id in choice.scores]
    return Problem(items, choice.minutes_budget, choice.cents_budget, overlapping_pairs(held))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", type=int, default=12)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    events = catalogue(args.candidates, rng)
    needs = Needs(wants=[Want("function", "finance", source="missing"), Want("sector", "vin")],
                  due_contacts=set(range(1, 351, 3)))  # fmt: skip
    temperament = Temperament(RelationalProfile.RESERVED, Energy.INTROVERT)
    budgets = Budgets(weekly_minutes=90, share=0.5, fee_euros=1500)
    end = START + timedelta(days=365)
    times = []
    choice = None
    for _ in range(args.repeat):
        began = time.perf_counter()
        choice = choose_portfolio(events, START, end, needs, temperament, budgets, solve)
        times.append(time.perf_counter() - began)
    assert choice is not None
    sol = choice.solution
    problem = problem_of(choice, events)
    began = time.perf_counter()
    baseline = greedy(problem)
    greedy_time = time.perf_counter() - began
    best = min(times)
    print(f"candidates: {args.candidates} ({len(choice.scores)} held in the year), "
          f"conflicts: {len(problem.conflicts)}")  # fmt: skip
    print(f"choose_portfolio (score + solve + runner-up): best {best:.3f} s, "
          f"median {statistics.median(times):.3f} s over {args.repeat} (goal < 2 s)")  # fmt: skip
    print(f"solver status: {sol.status}, gap {sol.gap:.2e}, proven optimal: {sol.proven}")
    print(f"chosen: {len(sol.chosen)}, value {sol.value:.2f}, "
          f"{sol.minutes} of {choice.minutes_budget} min, "
          f"{sol.cents / 100:.0f} of {choice.cents_budget / 100:.0f} €")  # fmt: skip
    share = baseline / sol.value if sol.value else 1.0
    print(f"baseline greedy by value/min: value {baseline:.2f} ({share:.1%} of the optimum), "
          f"{greedy_time * 1000:.1f} ms; optimal/greedy value ratio {1 / share:.3f}")  # fmt: skip
    ok = sol.proven and best < 2.0
    if args.check:
        n = min(args.check, 16)
        small = Problem(problem.items[:n], problem.minutes // 6, problem.cents // 4,
                        [p for p in problem.conflicts if max(p) <= n])  # fmt: skip
        small.items = [Item(i.key, i.value, i.minutes, i.cents,
                            i.requires if i.requires is not None and i.requires <= n else None)
                       for i in small.items]  # fmt: skip
        exact, found = brute_force(small).value, solve(small, (), ()).value
        same = abs(exact - found) <= 1e-6
        print(f"brute-force check on {n} candidates: HiGHS {found:.3f}, enumeration {exact:.3f}"
              f" -> {'same' if same else 'DIFFERENT'}")  # fmt: skip
        ok = ok and same
    print("result:", "OK" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
