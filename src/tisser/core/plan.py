"""The coming week's networking actions, chosen to fit the weekly time budget.

Seed 001 turns objectives into daily actions, each prepared and analysed; seed 000 §5 caps
them by the time one gives to networking each week; seed 003 says keep ties alive before
you need them; seed 004 says be active without harassing. :func:`plan_week` puts those
together:

1. **Candidates.** One per person at most: a follow-up within 48 h of a meeting; giving
   back to someone who helped more than they were helped (reciprocity, seed 000 §8);
   reconnecting with a due, overdue, cooling or *valuable* dormant tie (Levin et al. 2011:
   dormant ties bring trust and novelty); an introduction between two strong ties of the
   same sector who do not know each other (seed 000 §10); the objectives' steps due this
   week; meetings to prepare and events to attend when the caller knows of them.
2. **Commitments and two-sided cadence.** Preparing a meeting already set, following up
   one just held and the objectives' steps due this week come first (seed 001: the steps
   spread over time are what turns the mountain into stairs), then the diagnosis's
   things to do now, each in the diagnosis's words (:func:`advised`: one source of
   actions, #18). Nobody is proposed before
   their circle's *minimum* interval since the last interaction (:data:`MIN_INTERVAL_DAYS`),
   nor while snoozed; ties whose *maximum* interval (the circle's cadence) runs out this
   week are *forced*: they get the budget next, earliest deadline first, while it lasts.
3. **Budget.** The rest is a 0/1 knapsack (Dantzig 1957; exact dynamic programming on
   5-minute units) maximising total priority within the minutes left.

Priority = decay risk (the cadence lateness of :mod:`tisser.core.cadence`) + tie strength
(#4's :func:`~tisser.core.strength.tie_strength`: the caller passes it as a function,
:func:`own_strength` computes it from the tie alone otherwise)
+ objective relevance + reciprocity; the user's temperament reweighs kinds and formats (a
reserved or introvert user gets 1:1 formats and at most one event, seed 000 §4 and 002).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from tisser.core.actions import (
    GIVE_MINUTES,
    INTRODUCE_MINUTES,
    MINUTES,
    PREPARE_MINUTES,
    Action,
    ActionKind,
    Reason,
    Wording,
)
from tisser.core.cadence import DORMANT_AFTER_DAYS, DUE_FRACTION
from tisser.core.errors import N_
from tisser.core.model import DEFAULT_CADENCE_DAYS, Channel, Circle, Energy, RelationalProfile
from tisser.core.names import fold
from tisser.core.objectives import Objective, ObjectiveState, Relevance, relevance
from tisser.core.strength import TieHistory, tie_strength_of
from tisser.core.verdicts import Action as Advice

# Minimum days between two touches of the same person (seed 004: "être actif ne signifie
# pas harceler"): about a third of each circle's cadence.
MIN_INTERVAL_DAYS: dict[Circle, int] = {
    Circle.FIRST: 3,
    Circle.SECOND: 10,
    Circle.ACTIVE: 30,
    Circle.WIDER: 90,
}
FOLLOW_UP_HOURS = 48
FOLLOW_UP_MINUTES = 10  # a thank-you and the promised next step
MEETING_CHANNELS = frozenset(
    {Channel.IN_PERSON, Channel.LUNCH, Channel.EVENT, Channel.SPORT, Channel.VIDEO}
)
VALUABLE_DORMANT = 0.35  # strength above which a dormant tie is worth reviving
KNAPSACK_UNIT = 5  # minutes
MAX_CANDIDATES = 200  # the knapsack looks at the best this many (the rest cannot fit anyway)
INVITE_MINUTES = 10  # writing to propose a coffee
SIGN_MINUTES = 5  # a sign of life to the first circle
OWED_MARGIN = 2  # help received beyond help given that calls for giving back
# Planned before anything else: a meeting set, a meeting just held, a step of the staircase.
COMMITMENTS = (ActionKind.PREPARE, ActionKind.FOLLOW_UP, ActionKind.STEP)
# Reciprocity and the time put into a tie are counted over the last twelve months, as the
# overview counts help given and received: an older favour is settled or forgotten, and a tie
# is as strong as its recent history (Burt 2000, "Decay functions").
RECENT_DAYS = 365
INTRO_POOL = 40  # strongest eligible ties considered for an introduction
DORMANT_REASON = N_("dormant for {days} days but still a valuable tie")


@dataclass(slots=True)
class Tie:
    """What the planner knows of one contact: per-contact aggregates, no interaction rows.

    Not frozen: a big network builds tens of thousands of these, and a frozen dataclass
    pays for ``object.__setattr__`` on every field.
    """

    contact_id: int
    circle: Circle
    last: date | None = None
    last_channel: Channel | None = None
    met_on: date | None = None
    closeness: int | None = None
    interactions: int = 0  # in the last RECENT_DAYS
    given: int = 0  # help given, in the last RECENT_DAYS
    received: int = 0  # help received, in the last RECENT_DAYS
    sector: str = ""
    organization: str = ""
    profile: str = ""
    position: str = ""
    energy: Energy | None = None


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A meeting or event the caller knows of (the events capability will feed these)."""

    kind: ActionKind  # PREPARE a meeting, EVENT to attend, FOLLOW_UP after an event
    day: date
    title: str
    contact_id: int | None = None
    minutes: int = 0
    crowd: bool = False  # a big event (a salon) rather than a small circle


StrengthFn = Callable[[Tie, date], float]


def own_strength(tie: Tie, today: date) -> float:
    """#4's tie strength (:func:`tisser.core.strength.tie_strength_of`, default settings)
    from what the :class:`Tie` alone holds: the fallback when the caller passes no table.

    The command line passes the full strength instead (all-time counts and help, first
    interaction, contacts in common, the settings file's weights: see
    :mod:`tisser.strengths`); this one counts only the last year and no mutual contacts.
    """
    history = TieHistory(tie.contact_id, tie.interactions, None, tie.last, tie.given, tie.received)
    return tie_strength_of(
        tie.contact_id, tie.circle, tie.closeness, tie.met_on, history, today
    ).value


@dataclass(slots=True)
class PlanInput:
    """Everything the week's plan depends on; the caller loads it (aggregates only)."""

    today: date
    week_start: date
    budget_minutes: int
    ties: list[Tie]
    objectives: list[Objective] = field(default_factory=list)
    upcoming: list[Upcoming] = field(default_factory=list)
    snoozed: dict[str, date] = field(default_factory=dict)  # Action.key -> until
    # contact id -> end of the pause after unanswered attempts (:mod:`tisser.core.unanswered`):
    # nobody is proposed before it, as if snoozed
    paused: dict[int, date] = field(default_factory=dict)
    linked: set[tuple[int, int]] = field(default_factory=set)  # (a, b), a < b
    exclude: set[int] = field(default_factory=set)  # contacts already in this week's plan
    temperament: RelationalProfile | None = None
    energy: Energy | None = None
    strength: StrengthFn = own_strength
    offer: list[str] = field(default_factory=list)  # what I can bring (worksheet)
    looking_for: str = ""  # what I am looking for (worksheet)
    cadence_days: dict[Circle, int | None] = field(
        default_factory=lambda: dict(DEFAULT_CADENCE_DAYS)
    )
    due_fraction: float = DUE_FRACTION  # the settings file's [cadence], as the diagnosis
    dormant_after_days: int = DORMANT_AFTER_DAYS
    # the diagnosis's things to do now, led by its top finding's (:func:`advised`)
    advice: list[Advice] = field(default_factory=list)

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def first_day(self) -> date:
        return max(self.today, self.week_start)

    @property
    def quiet(self) -> bool:
        """A reserved or introvert user: 1:1 formats, few crowds (seed 000 §4)."""
        return self.temperament == RelationalProfile.RESERVED or self.energy == Energy.INTROVERT


def deadline_of(tie: Tie, cadence_days: dict[Circle, int | None]) -> date | None:
    """The day the tie passes its maximum interval (its circle's cadence)."""
    cadence = cadence_days.get(tie.circle)
    last = tie.last or tie.met_on
    return last + timedelta(days=cadence) if cadence and last else None


def earliest_touch(tie: Tie) -> date | None:
    """The first day the tie may be touched again (minimum interval since the last one)."""
    gap = MIN_INTERVAL_DAYS.get(tie.circle)
    return tie.last + timedelta(days=gap) if gap is not None and tie.last else None


def _format(tie: Tie, inp: PlanInput) -> Channel:
    """The outreach that suits the circle and the user's temperament.

    The action is the outreach, not the meeting it may lead to: a quick message for the
    first circle (small, frequent signs), a call for the second, an invitation to a coffee
    for the active network (a call for a reserved or introvert user), a message for the
    wider network. A meeting, once set, is prepared.
    """
    if tie.circle == Circle.FIRST:
        return Channel.MESSAGE  # the first circle is kept by small, frequent signs
    if tie.circle == Circle.SECOND:
        return Channel.CALL
    if tie.circle == Circle.ACTIVE:
        return Channel.CALL if inp.quiet or tie.energy == Energy.INTROVERT else Channel.IN_PERSON
    return Channel.MESSAGE


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    """:func:`fold`, remembered: sectors and positions repeat across thousands of ties."""
    return fold(text)


def _relevance(tie: Tie, rel: Relevance) -> tuple[float, str]:
    """How much the objectives want this tie (0..2.5), and the first objective it serves."""
    score = rel.weights.get(tie.contact_id, 0.0)
    served = rel.contacts.get(tie.contact_id, "")
    if rel.sectors or rel.profiles:
        keys = (
            (rel.sectors, tie.sector),
            (rel.profiles, tie.position),
            (rel.profiles, tie.profile),
        )
        for table, key in keys:
            title = table.get(_folded(key)) if key else None
            if title is not None:
                score += 0.5
                served = served or title
    return min(score, 2.5), served


def candidates(inp: PlanInput) -> list[Action]:
    """Every action worth proposing this week, at most one per person, with its priority."""
    wanted = relevance(inp.objectives)
    start, end = inp.first_day, inp.week_end
    out: list[Action] = []
    free: list[tuple[float, Tie]] = []  # eligible ties with no action yet (for introductions)
    meeting = {
        u.contact_id
        for u in inp.upcoming
        if u.contact_id is not None
        and (
            (u.kind == ActionKind.PREPARE and start <= u.day <= end)
            or (u.kind == ActionKind.FOLLOW_UP and u.day <= end)
        )
    }
    skip = inp.exclude | meeting  # already planned, or met this week anyway
    snoozed = {
        int(key[8:]): day
        for key, day in inp.snoozed.items()
        if key.startswith("contact:") and key[8:].isdigit()
    }
    for cid, until in inp.paused.items():
        if until > inp.today:
            snoozed[cid] = max(until, snoozed.get(cid, until))

    def scored(tie: Tie) -> tuple[float, float, list[Reason]]:
        """Strength, objective relevance and the objective it serves: only for candidates."""
        rel, served = _relevance(tie, wanted)
        reasons: list[Reason] = []
        if served:
            reasons.append((N_("serves “{objective}”"), {"objective": served}))
        return inp.strength(tie, inp.today), rel, reasons

    for tie in inp.ties:
        cadence = inp.cadence_days.get(tie.circle)
        if not cadence or tie.contact_id in skip:
            continue
        until = snoozed.get(tie.contact_id)
        if until is not None and until > end:
            continue
        day = max(start, until or start)
        meeting_just_held = (
            tie.last is not None
            and tie.last_channel in MEETING_CHANNELS
            and 0 <= (inp.today - tie.last).days <= FOLLOW_UP_HOURS // 24
        )
        touch = earliest_touch(tie)
        if not meeting_just_held and touch is not None and touch > end:
            continue  # touched too recently: the cheapest test first (most ties stop here)
        # Follow-up within 48 h of a meeting (exempt from the minimum interval: it closes
        # the meeting, it is not a new touch).
        if meeting_just_held:
            assert tie.last is not None
            due = max(start, tie.last + timedelta(days=FOLLOW_UP_HOURS // 24))
            if due <= end and (until is None or until <= due):
                strength, rel, reasons = scored(tie)
                reasons.insert(
                    0,
                    (
                        N_("you met on {day}: thank them and follow up within 48 h"),
                        {"day": tie.last},
                    ),
                )
                out.append(
                    _action(
                        ActionKind.FOLLOW_UP,
                        tie,
                        Channel.MESSAGE,
                        10,
                        due,
                        3.0 + strength + rel,
                        reasons,
                    )
                )
            continue
        if touch is not None:
            day = max(day, touch)
        if day > end:
            continue
        last = tie.last or tie.met_on
        days = (inp.today - last).days if last else None
        deadline = deadline_of(tie, inp.cadence_days)
        owed = tie.received - tie.given
        lateness = days / cadence if days is not None else 0.0
        dormant = days is not None and days > inp.dormant_after_days
        # Past its maximum interval already, in the inner circles (1-3) and not dormant:
        # as pressing as a tie whose interval runs out this week, and more (seed 003: keep
        # ties alive before you need them).
        late = (
            deadline is not None
            and deadline < start
            and not dormant
            and tie.circle <= Circle.ACTIVE
        )
        forced = (deadline is not None and start <= deadline <= end) or late
        if forced and not late and deadline is not None:
            day = max(day, min(deadline - timedelta(days=1), end))
            day = max(day, start)
        if day.weekday() >= 5:  # networking happens on working days when it can
            friday = day - timedelta(days=day.weekday() - 4)
            if friday >= max(start, touch or start, until or start):
                day = friday
            elif not forced:
                continue  # next week, then
        give = owed >= OWED_MARGIN or (tie.given == 0 and tie.received > 0)
        is_due = (days is not None and days > inp.due_fraction * cadence) or forced
        pooled = bool(tie.sector) and tie.circle <= Circle.ACTIVE
        if not (give or is_due or pooled):
            continue  # nothing to propose: spare the scoring (most of a big network)
        strength, rel, reasons = scored(tie)
        if dormant and strength < VALUABLE_DORMANT and rel == 0:
            is_due = False
        if give:
            reasons.insert(
                0,
                (
                    N_(
                        "they helped you {received} times, you helped them {given}: give back first"
                    ),
                    {"received": tie.received, "given": tie.given},
                ),
            )
            priority = 1.0 + 0.4 * min(owed, 5) + strength + rel + min(lateness, 2.0) * 0.5
            out.append(
                _action(
                    ActionKind.GIVE,
                    tie,
                    Channel.EMAIL,
                    GIVE_MINUTES,
                    day,
                    priority,
                    reasons,
                    forced,
                )
            )
            continue
        if is_due and days is not None:
            reasons.insert(
                0, _cadence_reason(days, cadence, deadline, forced and not late, dormant)
            )
            risk = min(lateness, 4.0) * (1.0 if tie.circle <= Circle.SECOND else 0.6)
            priority = 0.5 + risk + 1.5 * strength + rel + (0.5 if forced else 0.0)
            channel = Channel.EMAIL if dormant else _format(tie, inp)  # "write to catch up"
            if channel == Channel.IN_PERSON:
                minutes = INVITE_MINUTES
            elif tie.circle == Circle.FIRST:
                minutes = SIGN_MINUTES
            else:
                minutes = MINUTES[channel]
            out.append(
                _action(
                    ActionKind.RECONNECT,
                    tie,
                    channel,
                    minutes,
                    day,
                    priority,
                    reasons,
                    forced,
                )
            )
            continue
        if pooled:
            free.append((strength + rel, tie))
    out.extend(_introduction(free, inp))
    out.extend(_steps(inp))
    out.extend(_upcoming(inp))
    return out


def _cadence_reason(
    days: int, cadence: int, deadline: date | None, forced: bool, dormant: bool
) -> Reason:
    """Why a tie is due, with real plurals: the reasons are (msgid, params) pairs that the
    edge fills with ``format``, so "1 day" and "today" get their own messages."""
    if dormant:
        # the line reads as the diagnosis's action for the same tie (:data:`REVIVE`, #18)
        return (DORMANT_REASON, {"days": days})
    if forced and deadline is not None:
        msgid = (
            N_("last contact today; their {cadence}-day rhythm runs out on {deadline}")
            if days <= 0
            else N_("last contact yesterday; their {cadence}-day rhythm runs out on {deadline}")
            if days == 1
            else N_(
                "last contact {days} days ago; their {cadence}-day rhythm runs out on {deadline}"
            )
        )
        return (msgid, {"days": days, "cadence": cadence, "deadline": deadline})
    msgid = (
        N_("last contact today, for a {cadence}-day rhythm")
        if days <= 0
        else N_("last contact yesterday, for a {cadence}-day rhythm")
        if days == 1
        else N_("last contact {days} days ago, for a {cadence}-day rhythm")
    )
    return (msgid, {"days": days, "cadence": cadence})


def _action(
    kind: ActionKind,
    tie: Tie,
    channel: Channel,
    minutes: int,
    day: date,
    priority: float,
    reasons: list[Reason],
    forced: bool = False,
) -> Action:
    return Action(
        kind=kind,
        minutes=minutes,
        day=day,
        priority=round(priority, 4),
        contact_id=tie.contact_id,
        channel=channel,
        forced=forced,
        reasons=reasons,
    )


def _introduction(free: list[tuple[float, Tie]], inp: PlanInput) -> list[Action]:
    """The best introduction among strong eligible ties who do not know each other: of one
    sector (peers who will talk shop) first, else of two (a bridge between worlds: good
    ideas come from across structural holes, Burt 2004)."""
    pool = [
        t
        for _, t in sorted(free, key=lambda st: -st[0])[:INTRO_POOL]
        if t.sector and t.circle <= Circle.ACTIVE
    ]
    best: tuple[tuple[bool, float], Tie, Tie] | None = None
    for i, a in enumerate(pool):
        for b in pool[i + 1 :]:
            pair = (min(a.contact_id, b.contact_id), max(a.contact_id, b.contact_id))
            if pair in inp.linked:
                continue
            if a.organization and fold(a.organization) == fold(b.organization):
                continue
            rank = (
                fold(a.sector) == fold(b.sector),
                inp.strength(a, inp.today) + inp.strength(b, inp.today),
            )
            if best is None or rank > best[0]:
                best = (rank, a, b)
    if best is None:
        return []
    (_, score), a, b = best
    bonus = (
        0.6
        if inp.temperament in (RelationalProfile.SUPER_CONNECTOR, RelationalProfile.MENTOR)
        else 0.0
    )
    action = _action(
        ActionKind.INTRODUCE,
        a,
        Channel.EMAIL,
        INTRODUCE_MINUTES,
        inp.first_day,
        0.8 + score + bonus,
        [
            (
                N_(
                    "both work in {sector} and do not know each other yet: "
                    "ask each first (double opt-in)"
                ),
                {"sector": a.sector},
            )
            if fold(a.sector) == fold(b.sector)
            else (
                N_(
                    "one works in {sector}, the other in {other}: you bridge two worlds; "
                    "ask each first (double opt-in)"
                ),
                {"sector": a.sector, "other": b.sector},
            )
        ],
    )
    action.other_id = b.contact_id
    return [action]


def _steps(inp: PlanInput) -> list[Action]:
    out = []
    for o in inp.objectives:
        if o.state != ObjectiveState.ACTIVE:
            continue
        for s in o.steps:
            if s.done_on is not None or s.due > inp.week_end or s.id is None:
                continue
            until = inp.snoozed.get(f"step:{s.id}")
            if until is not None and until > inp.week_end:
                continue
            day = max(inp.first_day, min(s.due, inp.week_end), until or inp.first_day)
            late = max(0, (inp.first_day - s.due).days)
            reasons: list[Reason] = [
                (N_("step of “{objective}”, due on {due}"), {"objective": o.title, "due": s.due})
            ]
            out.append(
                Action(
                    kind=ActionKind.STEP,
                    minutes=s.minutes,
                    day=day,
                    priority=round(2.0 + min(late, 28) / 14, 4),
                    objective_id=o.id,
                    step_id=s.id,
                    title=s.title,
                    reasons=reasons,
                )
            )
    return out


def _upcoming(inp: PlanInput) -> list[Action]:
    out = []
    events = 0
    wanted = {u.contact_id for u in inp.upcoming if u.contact_id is not None}
    ties = {t.contact_id: t for t in inp.ties if t.contact_id in wanted}
    for u in sorted(inp.upcoming, key=lambda u: u.day):
        if u.kind == ActionKind.FOLLOW_UP and u.day <= inp.week_end:
            out.append(_follow_up(inp, u))
            continue
        if not inp.first_day <= u.day <= inp.week_end:
            continue
        if u.kind == ActionKind.EVENT:
            if inp.quiet and (u.crowd or events >= 1):
                continue  # a reserved user: one small event a week at most
            events += 1
            out.append(_event_of_the_week(inp, u))
        else:
            out.append(_prepare(inp, u, ties.get(u.contact_id or 0)))
    return out


def _follow_up(inp: PlanInput, u: Upcoming) -> Action:
    """Owed to someone met at an event (#7): due within 48 h, late ones first."""
    return Action(
        kind=ActionKind.FOLLOW_UP,
        minutes=u.minutes or FOLLOW_UP_MINUTES,
        day=max(inp.first_day, u.day),
        priority=3.5 if u.day <= inp.first_day else 3.0,
        channel=Channel.MESSAGE,
        contact_id=u.contact_id,
        title=u.title,
        reasons=[(N_("met at an event: follow up by {day}"), {"day": u.day})],
    )


def _event_of_the_week(inp: PlanInput, u: Upcoming) -> Action:
    """An event weighs by temperament: less for a reserved user, more for a connector."""
    weight = (
        0.6
        if inp.quiet
        else 1.3
        if inp.energy == Energy.EXTRAVERT or inp.temperament == RelationalProfile.SUPER_CONNECTOR
        else 1.0
    )
    return Action(
        kind=ActionKind.EVENT,
        minutes=u.minutes or MINUTES[Channel.EVENT],
        day=u.day,
        priority=1.5 * weight,
        channel=Channel.EVENT,
        title=u.title,
        reasons=[(N_("an event of the week"), {})],
    )


def _prepare(inp: PlanInput, u: Upcoming, tie: Tie | None) -> Action:
    """A meeting is prepared the day before, with what the user knows, brings and asks."""
    day = max(inp.first_day, u.day - timedelta(days=1))
    reasons: list[Reason] = [
        (
            N_("meeting on {day}: what you know of them, what you can bring, what to ask"),
            {"day": u.day},
        )
    ]
    if tie is not None and tie.interactions:
        reasons.append(
            (
                N_("{n} interactions in twelve months; you helped {given} times, they {received}"),
                {"n": tie.interactions, "given": tie.given, "received": tie.received},
            )
        )
    if inp.offer:
        reasons.append((N_("you can bring: {offer}"), {"offer": ", ".join(inp.offer[:3])}))
    if inp.looking_for:
        reasons.append((N_("you can ask about: {ask}"), {"ask": inp.looking_for}))
    return Action(
        kind=ActionKind.PREPARE,
        minutes=PREPARE_MINUTES,
        day=day,
        priority=2.5,
        contact_id=u.contact_id,
        title=u.title,
        reasons=reasons,
    )


# How each of the diagnosis's actions becomes a line of the week: its kind, its format, its
# minutes. Asking someone for an introduction or a door, and the first steps that name nobody,
# are advice of their own kind; "pause" asks to write nothing, which the plan does anyway.
ADVISED: dict[str, tuple[ActionKind, Channel | None, int]] = {
    "call": (ActionKind.RECONNECT, Channel.CALL, MINUTES[Channel.CALL]),
    "due": (ActionKind.RECONNECT, Channel.MESSAGE, MINUTES[Channel.MESSAGE]),
    "revive": (ActionKind.RECONNECT, Channel.EMAIL, MINUTES[Channel.EMAIL]),
    "reopen": (ActionKind.RECONNECT, Channel.EMAIL, MINUTES[Channel.EMAIL]),
    "bridge": (ActionKind.RECONNECT, Channel.IN_PERSON, INVITE_MINUTES),
    "give": (ActionKind.GIVE, Channel.EMAIL, GIVE_MINUTES),
    "introduce": (ActionKind.INTRODUCE, Channel.EMAIL, INTRODUCE_MINUTES),
    "sort": (ActionKind.ADVICE, None, 15),
    "goal": (ActionKind.ADVICE, None, 15),
}
NOT_PLANNED = frozenset({"pause"})
ADVICE_PRIORITY = 4.0  # above any candidate: the top finding's action leads the week


def advised(inp: PlanInput) -> list[Action]:
    """The diagnosis's things to do now as the week's first commitments, each keeping the
    diagnosis's words (:class:`Wording`), so the plan says what the diagnosis says.

    Nobody already in this week's plan, snoozed past the week (a person, or a piece of advice
    that names nobody) or paused after unanswered messages. Asking X for an introduction to
    Y is X's action: done, it logs an exchange with X, not a touch of Y (who may be paused)."""
    out: list[Action] = []
    for rank, a in enumerate(inp.advice):
        if a.code in NOT_PLANNED:
            continue
        kind, channel, minutes = ADVISED.get(
            a.code,
            (
                ActionKind.ADVICE,
                Channel.MESSAGE if a.contact_id else None,
                MINUTES[Channel.MESSAGE],
            ),
        )
        action = Action(
            kind=kind,
            minutes=minutes,
            day=inp.first_day,
            priority=round(ADVICE_PRIORITY - 0.1 * rank, 4),
            contact_id=a.contact_id,
            other_id=a.other_id if kind == ActionKind.INTRODUCE else None,
            channel=channel,
            title="" if a.contact_id else a.text.render(),  # English, for its snooze key
            forced=True,
            wording=Wording(a.code, a.text, a.because),
        )
        if not set(action.people) & inp.exclude and not _held(inp, action):
            out.append(action)
    return out


def _held(inp: PlanInput, a: Action) -> bool:
    """Snoozed past this week (its person, or itself), or someone in a pause."""
    keys = [a.key, *(f"contact:{p}" for p in a.people)]
    if any((until := inp.snoozed.get(k)) is not None and until > inp.week_end for k in keys):
        return True
    return any((p := inp.paused.get(cid)) is not None and p > inp.today for cid in a.people)


def _knapsack(items: list[Action], budget: int) -> list[Action]:
    """The subset of ``items`` with the largest total priority within ``budget`` minutes."""
    cap = budget // KNAPSACK_UNIT
    if cap <= 0 or not items:
        return []
    best = [0.0] * (cap + 1)
    keep: list[list[bool]] = []
    for item in items:
        w = max(1, math.ceil(item.minutes / KNAPSACK_UNIT))
        took = [False] * (cap + 1)
        for c in range(cap, w - 1, -1):
            value = best[c - w] + item.priority
            if value > best[c] + 1e-12:
                best[c] = value
                took[c] = True
        keep.append(took)
    chosen, c = [], cap
    for i in range(len(items) - 1, -1, -1):
        if keep[i][c]:
            chosen.append(items[i])
            c -= max(1, math.ceil(items[i].minutes / KNAPSACK_UNIT))
    return chosen[::-1]


def plan_week(inp: PlanInput) -> list[Action]:
    """The week's actions: commitments and forced ties first, then the best set left.

    Commitments are the preparation of a meeting already set, the follow-up of one just
    held and the steps due this week; then the diagnosis's things to do now
    (:func:`advised`, in its order and words: their people get no other line); forced ties
    are those whose maximum interval runs out this week, earliest first.
    """
    advice = advised(inp)
    taken_by_advice = {p for a in advice for p in a.people}
    pool = advice + [a for a in candidates(inp) if not set(a.people) & taken_by_advice]
    for a in pool:
        if a.kind in COMMITMENTS:
            a.forced = True
    budget = inp.budget_minutes
    chosen: list[Action] = []
    forced_ids = {a.contact_id for a in pool if a.forced and _group(a) == 2}
    deadlines = {
        t.contact_id: deadline_of(t, inp.cadence_days)
        for t in inp.ties
        if t.contact_id in forced_ids
    }
    circles = {t.contact_id: int(t.circle) for t in inp.ties}
    forced = sorted(
        (a for a in pool if a.forced),
        key=lambda a: (
            _group(a),
            -a.priority if a.wording is not None else 0.0,  # the diagnosis's order
            circles.get(a.contact_id or 0, 0),  # the inner circles first
            deadlines.get(a.contact_id or 0) or a.day,
            -a.priority,
        ),
    )
    for a in forced:
        if a.minutes <= budget:
            chosen.append(a)
            budget -= a.minutes
        else:
            a.forced = False  # the budget ran out before this one
    taken = {id(a) for a in chosen}
    rest = sorted(
        (a for a in pool if id(a) not in taken and not a.forced), key=lambda a: -a.priority
    )
    rest = [a for a in rest if a.minutes <= budget][:MAX_CANDIDATES]
    chosen.extend(_knapsack(rest, budget))
    _spread(chosen, inp)
    for a in chosen:
        a.week = inp.week_start
    return sorted(chosen, key=lambda a: (a.day, -a.priority))


def _group(a: Action) -> int:
    """The order of the forced: commitments, then the diagnosis's advice, then due ties."""
    return 0 if a.kind in COMMITMENTS else 1 if a.wording is not None else 2


def _spread(actions: list[Action], inp: PlanInput) -> None:
    """Give each flexible action the working day with the fewest minutes so far."""
    days = [
        inp.first_day + timedelta(days=i) for i in range((inp.week_end - inp.first_day).days + 1)
    ]
    workdays = [d for d in days if d.weekday() < 5] or days
    load = {d: 0 for d in days}
    fixed = (ActionKind.FOLLOW_UP, ActionKind.EVENT, ActionKind.PREPARE, ActionKind.STEP)

    def pinned(a: Action) -> bool:  # the diagnosis's advice may fall on any working day
        return a.kind in fixed or (a.forced and a.wording is None) or a.day > inp.first_day

    for a in actions:
        if pinned(a):
            load[a.day] = load.get(a.day, 0) + a.minutes
    for a in sorted(actions, key=lambda a: -a.priority):
        if pinned(a):
            continue
        a.day = min((d for d in workdays if d >= a.day), key=lambda d: (load[d], d), default=a.day)
        load[a.day] = load.get(a.day, 0) + a.minutes
