"""The records of the weekly plan: what kind of action, for whom, how long, and why.

Kept apart from :mod:`tisser.core.plan` (which chooses them) so the store, the calendar
and the digest can read actions without the planner. Each action carries its reasons as
English templates marked ``N_`` with their parameters; the edge translates them, so every
line of the plan can be explained ("why Claire this week?").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from tisser.core.errors import N_
from tisser.core.explain import Text
from tisser.core.model import LOCAL_OWNER_ID, Channel


class ActionKind(StrEnum):
    """What a planned action asks of the user (seed 001's "plan d'action")."""

    FOLLOW_UP = "follow_up"  # thank and follow up within 48 h of a meeting (seed 004)
    RECONNECT = "reconnect"  # get back in touch before the tie slips (seed 003)
    GIVE = "give"  # give first: share, recommend, return a favour (seed 000 §8)
    INTRODUCE = "introduce"  # put two contacts in touch (seed 000 §10, double opt-in)
    PREPARE = "prepare"  # prepare a meeting: what I know, what I bring, what I ask
    EVENT = "event"  # attend an event (fed by the events capability)
    STEP = "step"  # work a sub-objective
    ADVICE = "advice"  # one of the diagnosis's things to do now that names nobody (sort, log)


class ActionState(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    SNOOZED = "snoozed"  # postponed to a date ("snooze") or to next week ("not now")


class Outcome(StrEnum):
    """What came of a done action, for the review's "what worked"."""

    REPLIED = "replied"
    MEETING = "meeting"
    HELPED = "helped"  # help given or received
    NO_REPLY = "no_reply"
    DONE = "done"


# Estimated minutes per format (seed 000 §5: budget time, choose formats that fit it).
MINUTES: dict[Channel, int] = {
    Channel.MESSAGE: 10,
    Channel.EMAIL: 10,
    Channel.LINKEDIN: 10,
    Channel.CALL: 20,
    Channel.VIDEO: 30,
    Channel.IN_PERSON: 45,
    Channel.LUNCH: 90,
    Channel.EVENT: 120,
    Channel.SPORT: 90,
}
GIVE_MINUTES = 15
INTRODUCE_MINUTES = 20
PREPARE_MINUTES = 15

# Default channel of each kind when no contact-specific format applies.
KIND_CHANNEL: dict[ActionKind, Channel] = {
    ActionKind.FOLLOW_UP: Channel.MESSAGE,
    ActionKind.GIVE: Channel.EMAIL,
    ActionKind.INTRODUCE: Channel.EMAIL,
}

Reason = tuple[str, dict[str, object]]


@dataclass(frozen=True, slots=True)
class Wording:
    """What the diagnosis said to do, kept with the plan line it became (#18: one source of
    actions): its action's ``code``, its sentence and its reason, shown as the diagnosis
    shows them."""

    code: str
    text: Text
    because: Text


@dataclass(slots=True)
class Action:
    """One action of a week's plan."""

    kind: ActionKind
    minutes: int
    day: date
    priority: float = 0.0
    contact_id: int | None = None
    other_id: int | None = None
    objective_id: int | None = None
    step_id: int | None = None
    channel: Channel | None = None
    title: str = ""
    forced: bool = False
    reasons: list[Reason] = field(default_factory=list)
    id: int | None = None
    owner_id: int = LOCAL_OWNER_ID
    week: date | None = None
    state: ActionState = ActionState.PLANNED
    outcome: Outcome | None = None
    note: str = ""
    done_on: date | None = None
    snoozed_until: date | None = None
    interaction_id: int | None = None
    wording: Wording | None = None  # the diagnosis's own words, for an advised action

    @property
    def key(self) -> str:
        """What a snooze remembers: the person, the step or the event, not this row."""
        if self.contact_id is not None:
            return f"contact:{self.contact_id}"
        if self.step_id is not None:
            return f"step:{self.step_id}"
        return f"{self.kind.value}:{self.title}"

    @property
    def people(self) -> list[int]:
        return [i for i in (self.contact_id, self.other_id) if i is not None]


def week_of(today: date) -> date:
    """The Monday of the week to plan: this week on weekdays, next week on the weekend."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7) if today.weekday() >= 5 else monday


KIND_LABELS: dict[ActionKind, str] = {
    ActionKind.FOLLOW_UP: N_("follow up"),
    ActionKind.RECONNECT: N_("reconnect"),
    ActionKind.GIVE: N_("give first"),
    ActionKind.INTRODUCE: N_("introduce"),
    ActionKind.PREPARE: N_("prepare"),
    ActionKind.EVENT: N_("attend an event"),
    ActionKind.STEP: N_("objective step"),
    ActionKind.ADVICE: N_("from the diagnosis"),
}
