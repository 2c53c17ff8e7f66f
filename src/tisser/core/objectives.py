"""Networking objectives: checked against SMART and split into steps spread over time.

Seed 001: "En segmentant les objectifs en sous-objectifs étalés dans le temps, la montagne se
substituera aux escaliers." An :class:`Objective` carries a measurable target and a
deadline, the contacts, relational profiles, sectors and events that serve it, and its
:class:`Step` list. :func:`smart_check` reviews it letter by letter after Doran's SMART
criteria (Doran 1981, "There's a S.M.A.R.T. way to write management's goals and
objectives"), each verdict with the reason a user reads; :func:`split` spreads sub-objective
dates evenly between today and the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from tisser.core.actions import week_of
from tisser.core.dormant import Wanted
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import LOCAL_OWNER_ID, RelationalProfile
from tisser.core.names import fold

# Verbs a specific networking goal tends to start with (fr and en, folded).
ACTION_VERBS = frozenset(
    fold(v)
    for v in [
        "rencontrer",
        "rencontre",
        "obtenir",
        "trouver",
        "décrocher",
        "rejoindre",
        "intégrer",
        "présenter",
        "recontacter",
        "relancer",
        "organiser",
        "animer",
        "publier",
        "développer",
        "élargir",
        "identifier",
        "préparer",
        "entrer",
        "meet",
        "get",
        "find",
        "land",
        "join",
        "present",
        "reconnect",
        "organise",
        "organize",
        "host",
        "publish",
        "grow",
        "build",
        "identify",
        "prepare",
        "reach",
        "enter",
        "recruit",
        "sign",
        "win",
    ]
)
MAX_HORIZON_DAYS = 550  # beyond ~18 months a networking goal is a vision, not an objective
DEFAULT_STEP_MINUTES = 30


class ObjectiveState(StrEnum):
    ACTIVE = "active"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(slots=True)
class Step:
    """A sub-objective: one stair of the staircase, with its date and estimated effort."""

    title: str
    due: date
    id: int | None = None
    minutes: int = DEFAULT_STEP_MINUTES
    done_on: date | None = None


@dataclass(slots=True)
class Objective:
    """A networking objective and what serves it."""

    title: str
    id: int | None = None
    owner_id: int = LOCAL_OWNER_ID
    why: str = ""
    target: int | None = None
    unit: str = ""
    progress: int = 0
    start: date | None = None
    deadline: date | None = None
    state: ObjectiveState = ObjectiveState.ACTIVE
    contact_ids: list[int] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Progress toward the target (0..1); steps done count when there is no target."""
        if self.target:
            return min(1.0, self.progress / self.target)
        if self.steps:
            return sum(1 for s in self.steps if s.done_on) / len(self.steps)
        return 1.0 if self.state == ObjectiveState.DONE else 0.0


@dataclass(frozen=True, slots=True)
class Criterion:
    """One letter of SMART: passed or not, and why (an ``N_`` template and its parameters)."""

    letter: str
    name: str
    ok: bool
    reason: str
    params: tuple[tuple[str, object], ...] = ()


def smart_check(
    objective: Objective,
    today: date,
    weekly_budget_minutes: int,
    market: list[str] = (),  # type: ignore[assignment]
) -> list[Criterion]:
    """Review ``objective`` against each SMART letter.

    - Specific: the title names an action (a verb) and the objective is tied to something
      concrete (a contact, a profile, a sector or an event).
    - Measurable: a numeric target with a unit ("5 meetings").
    - Achievable: its open steps fit the weekly budget over the weeks left (seed 000 §5).
    - Relevant: a "why" is written, or it serves a sector of the user's market (worksheet).
    - Time-bound: a deadline after today and within ~18 months.
    """
    days_left = (objective.deadline - today).days if objective.deadline else None
    return [
        _specific(objective),
        _measurable(objective),
        _achievable(objective, days_left, weekly_budget_minutes),
        _relevant(objective, market),
        _time_bound(days_left),
    ]


def _specific(objective: Objective) -> Criterion:
    """S apart: its advice depends on which of the two halves (verb, links) is missing."""
    words = {fold(w.strip(".,;:!?'’")) for w in objective.title.split()}
    tied = bool(
        objective.contact_ids or objective.profiles or objective.sectors or objective.events
    )
    has_verb = bool(words & ACTION_VERBS)
    return Criterion(
        "S",
        N_("Specific"),
        has_verb and tied,
        N_("names an action and who or what serves it")
        if has_verb and tied
        else N_("start with a verb (meet, find, join…) and link contacts, profiles or sectors")
        if not has_verb
        else N_("link the contacts, profiles, sectors or events that serve it"),
    )


def _measurable(objective: Objective) -> Criterion:
    """M apart, so each letter of the review reads as one small rule."""
    return Criterion(
        "M",
        N_("Measurable"),
        bool(objective.target and objective.target > 0),
        N_("target: {target} {unit}")
        if objective.target
        else N_("give a number to reach, e.g. --target 5 --unit meetings"),
        (("target", objective.target or 0), ("unit", objective.unit)),
    )


def _achievable(objective: Objective, days_left: int | None, weekly_minutes: int) -> Criterion:
    """A apart: the only letter that weighs effort, open steps against the budget left."""
    open_minutes = sum(s.minutes for s in objective.steps if s.done_on is None)
    weeks_left = max(1.0, (days_left or 0) / 7)
    capacity = weekly_minutes * weeks_left
    return Criterion(
        "A",
        N_("Achievable"),
        days_left is not None and days_left > 0 and open_minutes <= capacity,
        N_("{minutes} min of steps for {capacity} min of budget until the deadline")
        if days_left is not None and days_left > 0
        else N_("needs a deadline to weigh the effort against your weekly budget"),
        (("minutes", open_minutes), ("capacity", int(capacity))),
    )


def _relevant(objective: Objective, market: list[str]) -> Criterion:
    """R apart: a written "why" or a sector of the user's market both make it relevant."""
    market_keys = {fold(m) for m in market}
    serves_market = any(fold(s) in market_keys for s in objective.sectors)
    return Criterion(
        "R",
        N_("Relevant"),
        bool(objective.why.strip()) or serves_market,
        N_("why it matters is written down")
        if objective.why.strip()
        else N_("serves a sector of your market")
        if serves_market
        else N_("say why it matters (--why) or link a sector of your market"),
    )


def _time_bound(days_left: int | None) -> Criterion:
    """T apart: four distinct pieces of advice, by where the deadline falls."""
    timed = days_left is not None and 0 < days_left <= MAX_HORIZON_DAYS
    return Criterion(
        "T",
        N_("Time-bound"),
        timed,
        N_("deadline in {days} days")
        if timed
        else N_("set a deadline, e.g. --deadline 2027-03-31")
        if days_left is None
        else N_("the deadline has passed: set a new one")
        if days_left <= 0
        else N_("more than 18 months away: split it into a nearer objective"),
        (("days", days_left or 0),),
    )


FIRST_STEP_DAYS = 5  # the first step of an objective falls this week
FIRST_STEP_MINUTES = 20  # and is small


def first_step_day(start: date, deadline: date) -> date:
    """When the first stair falls: within :data:`FIRST_STEP_DAYS`, and by the Friday of the
    week being planned (:func:`~tisser.core.actions.week_of`: the coming one on a weekend),
    so an objective written on a Wednesday has work in this week's plan too."""
    friday = week_of(start) + timedelta(days=4)
    return max(start, min(start + timedelta(days=FIRST_STEP_DAYS), friday, deadline))


def split(
    objective: Objective,
    titles: list[str],
    today: date,
    minutes: int = DEFAULT_STEP_MINUTES,
) -> list[Step]:
    """Sub-objectives named ``titles``, front-loaded: the first this week, the rest evenly
    from there to the deadline.

    A goal three months away whose first step fell in month three left this week's plan
    without any goal work; a coach has the first, small step taken now (the staircase:
    climb the first stair this week). So the first step is due within
    :data:`FIRST_STEP_DAYS` days of the start and by the planned week's Friday
    (:func:`first_step_day`; sooner if the deadline is nearer), with at most
    :data:`FIRST_STEP_MINUTES` minutes, and step ``i`` of the ``n - 1`` others falls at
    ``first + i/(n-1)`` of the span left, so the last one meets the deadline.
    """
    if objective.deadline is None:
        raise InvalidInput(
            N_("objective {title!r} has no deadline to spread its steps over"),
            hint=N_("set one with --deadline"),
            title=objective.title,
        )
    titles = [t.strip() for t in titles if t.strip()]
    if not titles:
        raise InvalidInput(N_("no step to add"), hint=N_("name at least one step"))
    start = max(today, objective.start or today)
    span = (objective.deadline - start).days
    if span < len(titles):
        raise InvalidInput(
            N_("{count} steps cannot be spread over {days} days"),
            hint=N_("push the deadline back or use fewer steps"),
            count=len(titles),
            days=max(span, 0),
        )
    n = len(titles)
    first = first_step_day(start, objective.deadline)
    rest = (objective.deadline - first).days
    steps = [Step(title=titles[0], due=first, minutes=min(minutes, FIRST_STEP_MINUTES))]
    steps += [
        Step(title=t, due=first + timedelta(days=round(rest * i / (n - 1))), minutes=minutes)
        for i, t in enumerate(titles[1:], 1)
    ]
    return steps


@dataclass(slots=True)
class Relevance:
    """What the active objectives make relevant, each with the first objective it serves.

    Contacts named by an objective weigh 1 per objective (capped at 2); sectors and
    profiles (folded) are matched against contacts by the planner.
    """

    weights: dict[int, float] = field(default_factory=dict)
    contacts: dict[int, str] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)


def relevance(objectives: list[Objective]) -> Relevance:
    """The contacts, sectors and profiles the active objectives name, and which one each."""
    out = Relevance()
    for o in objectives:
        if o.state != ObjectiveState.ACTIVE:
            continue
        for cid in o.contact_ids:
            out.weights[cid] = min(2.0, out.weights.get(cid, 0.0) + 1.0)
            out.contacts.setdefault(cid, o.title)
        for sector in o.sectors:
            out.sectors.setdefault(fold(sector), o.title)
        for profile in o.profiles:
            out.profiles.setdefault(fold(profile), o.title)
    return out


def wanted_of(objectives: list[Objective]) -> Wanted:
    """What the active objectives call for, as the diagnosis reads it (#4's ``Wanted``).

    An objective's profiles are relational profiles (seed 002) when they name one
    ("mentor", "super_connector"...), job titles otherwise; its sectors and linked
    contacts pass as they are. Values are deduplicated (folded), first spelling kept.
    """
    kinds = {fold(p.value): p.value for p in RelationalProfile}
    kinds.update({fold(p.value.replace("_", " ")): p.value for p in RelationalProfile})
    sectors: dict[str, str] = {}
    profiles: dict[str, str] = {}
    positions: dict[str, str] = {}
    contact_ids: set[int] = set()
    for o in objectives:
        if o.state != ObjectiveState.ACTIVE:
            continue
        contact_ids.update(o.contact_ids)
        for s in o.sectors:
            if s.strip():
                sectors.setdefault(fold(s), s.strip())
        for p in o.profiles:
            key = fold(p)
            if key in kinds:
                profiles.setdefault(key, kinds[key])
            elif p.strip():
                positions.setdefault(key, p.strip())
    return Wanted(
        sectors=tuple(sectors.values()),
        profiles=tuple(profiles.values()),
        positions=tuple(positions.values()),
        contact_ids=frozenset(contact_ids),
    )
