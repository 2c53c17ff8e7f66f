"""The portfolio choice is optimal: HiGHS against brute force on random small cases."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tisser.core.errors import InvalidInput
from tisser.core.event_choice import Budgets, choose_portfolio, overlapping_pairs, runner_up
from tisser.core.event_score import Needs, Temperament
from tisser.core.events import Event, EventKind
from tisser.core.portfolio import Item, Problem, brute_force, feasible
from tisser.optimize import solve

PARIS = ZoneInfo("Europe/Paris")


def _enumerate(problem: Problem) -> float:
    """The optimum by plain enumeration, written independently of brute_force."""
    best = 0.0
    keys = [i.key for i in problem.items]
    items = {i.key: i for i in problem.items}
    for mask in itertools.product([0, 1], repeat=len(keys)):
        chosen = {k for k, bit in zip(keys, mask, strict=True) if bit}
        if sum(items[k].minutes for k in chosen) > problem.minutes:
            continue
        if sum(items[k].cents for k in chosen) > problem.cents:
            continue
        if any(items[k].requires is not None and items[k].requires not in chosen for k in chosen):
            continue
        if any(a in chosen and b in chosen for a, b in problem.conflicts):
            continue
        best = max(best, sum(items[k].value for k in chosen))
    return best


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(1, 10))
    items = []
    for k in range(n):
        requires = draw(st.none() | st.integers(0, n - 1))
        items.append(
            Item(
                k,
                draw(st.floats(0, 50, allow_nan=False).map(lambda v: round(v, 3))),
                draw(st.integers(0, 600)),
                draw(st.integers(0, 50_000)),
                None if requires == k else requires,
            )
        )
    pairs = draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=4).map(
            lambda ps: [(a, b) for a, b in ps if a != b]
        )
    )
    return Problem(items, draw(st.integers(0, 2000)), draw(st.integers(0, 150_000)), pairs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_highs_matches_brute_force(problem: Problem) -> None:
    exact = _enumerate(problem)
    found = solve(problem, (), ())
    assert found.proven
    assert feasible(problem, found.chosen)
    assert found.value == pytest.approx(exact, abs=1e-6)
    assert brute_force(problem).value == pytest.approx(exact, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(problems(), st.data())
def test_forced_and_banned(problem: Problem, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from([i.key for i in problem.items]))
    forced = solve(problem, (key,), ())
    rest = [i for i in problem.items if i.key != key]
    banned = solve(problem, (), (key,))
    assert key not in banned.chosen
    assert banned.value == pytest.approx(_enumerate(Problem(rest, problem.minutes, problem.cents,
        [p for p in problem.conflicts if key not in p])), abs=1e-6)  # fmt: skip
    if forced.status == "optimal":
        assert key in forced.chosen and feasible(problem, forced.chosen)
        assert forced.value <= solve(problem, (), ()).value + 1e-6


def test_runner_up_is_explained() -> None:
    # A (10, 100 min) + C (1, 20 min) fill the 120 minutes; B (8, 80 min) fits only instead
    # of A; D never fits.
    problem = Problem(
        [Item(1, 10.0, 100, 0), Item(2, 8.0, 80, 0), Item(3, 1.0, 20, 0), Item(4, 9.0, 500, 0)],
        minutes=120,
        cents=0,
    )
    best = solve(problem, (), ())
    assert best.chosen == {1, 3}
    ru = runner_up(problem, best, solve)
    assert ru is not None and ru.event_id == 2  # 4 never fits: not a runner-up
    assert ru.loss == pytest.approx(2.0)  # forced in: B + C = 9 instead of 11
    assert ru.pushed_out == [1]
    assert [r.code for r in ru.reasons] == ["time"]


def _event(key: int, **kw: object) -> Event:
    base = dict(id=key, title=f"E{key}", kind=EventKind.AFTERWORK, duration_minutes=120)
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def test_overlapping_events_are_never_both_chosen() -> None:
    start = datetime(2027, 3, 4, 18, 30, tzinfo=PARIS)
    events = [
        _event(1, starts_at=start, expected_size=10),
        _event(2, starts_at=start + timedelta(hours=1), expected_size=10),
        _event(3, starts_at=start + timedelta(days=1), expected_size=10),
    ]
    assert overlapping_pairs(events) == [(1, 2)]
    choice = choose_portfolio(
        events, date(2027, 1, 1), date(2028, 1, 1), Needs(), Temperament(),
        Budgets(weekly_minutes=60, share=1.0, fee_euros=100), solve,
    )  # fmt: skip
    assert choice.solution.chosen in ({1, 3}, {2, 3})
    assert choice.minutes_budget == int(60 * 365 / 7)


def test_members_only_event_brings_its_membership() -> None:
    start = datetime(2027, 3, 4, 8, 0, tzinfo=PARIS)
    club = _event(1, kind=EventKind.CLUB, yearly_fee=300, attend_count=1, starts_at=start)
    breakfast = _event(2, starts_at=start + timedelta(days=7), membership_id=1, expected_size=8,
                       can_bring=["talk"])  # fmt: skip
    args = (date(2027, 1, 1), date(2028, 1, 1), Needs(), Temperament())
    poor = choose_portfolio([club, breakfast], *args, Budgets(600, 1.0, 200), solve)
    assert poor.solution.chosen == frozenset()
    rich = choose_portfolio([club, breakfast], *args, Budgets(600, 1.0, 400), solve)
    assert rich.solution.chosen == {1, 2}


def test_budgets_are_checked() -> None:
    with pytest.raises(InvalidInput):
        Budgets(60, 1.5, 100).check()
    with pytest.raises(InvalidInput):
        choose_portfolio([], date(2027, 1, 1), date(2026, 1, 1), Needs(), Temperament(),
                         Budgets(60, 0.5, 100), solve)  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 8), st.integers(0, 200)),
                min_size=1, max_size=8), st.integers(0, 600), st.integers(0, 800))  # fmt: skip
def test_choose_portfolio_is_optimal_on_events(
    specs: list[tuple[int, int, int]], weekly: int, fees: int
) -> None:
    base = datetime(2027, 1, 10, 19, 0, tzinfo=PARIS)
    events = [
        _event(n + 1, starts_at=base + timedelta(days=day), expected_size=size * 10,
               entry_fee=float(fee))
        for n, (day, size, fee) in enumerate(specs)
    ]  # fmt: skip
    choice = choose_portfolio(
        events, date(2027, 1, 1), date(2028, 1, 1), Needs(), Temperament(),
        Budgets(weekly, 0.1, float(fees)), solve,
    )  # fmt: skip
    items = [
        Item(k, s.value, s.minutes, round(s.euros * 100), None) for k, s in choice.scores.items()
    ]
    problem = Problem(items, choice.minutes_budget, choice.cents_budget, overlapping_pairs(events))
    assert choice.solution.value == pytest.approx(_enumerate(problem), abs=1e-6)
