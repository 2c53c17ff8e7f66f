"""Giving first: offers and needs on contacts, and introductions with double opt-in.

Seed 000 §8: networking is built on mutual help, "give before you expect to receive"; §10:
we never impose someone, we *propose* or *recommend* according to what the other person
wants. An introduction therefore follows the double opt-in practice: the user asks each side
first and only connects them once both have said yes::

    proposed -> asked_a -> asked_b -> agreed -> introduced -> done
         \\________\\_________\\__________> declined (either side said no)

Steps are taken in that order only, so nobody is connected before both sides said yes.
Each step that involves someone
is logged by the caller as an interaction where the user gave (:data:`STEP_LOGS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import LOCAL_OWNER_ID


class OfferKind(StrEnum):
    """What a contact brings (an offer) or looks for (a need)."""

    OFFER = "offer"
    NEED = "need"


@dataclass(slots=True)
class Offer:
    """One offer or need of a contact: "can advise on export to Japan", "looking for a CTO"."""

    contact_id: int
    kind: OfferKind
    text: str
    id: int | None = None
    owner_id: int = LOCAL_OWNER_ID
    created_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class IntroStatus(StrEnum):
    """Where an introduction stands in the double opt-in workflow."""

    PROPOSED = "proposed"
    ASKED_A = "asked_a"
    ASKED_B = "asked_b"
    AGREED = "agreed"
    INTRODUCED = "introduced"
    DONE = "done"
    DECLINED = "declined"


@dataclass(slots=True)
class Introduction:
    """An introduction the user makes between contacts ``a_id`` and ``b_id``.

    ``asked`` records which sides were asked (the status alone cannot say both were).
    """

    a_id: int
    b_id: int
    id: int | None = None
    owner_id: int = LOCAL_OWNER_ID
    status: IntroStatus = IntroStatus.PROPOSED
    reason: str = ""
    outcome: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None


# The steps a user takes, each from the statuses it may follow, to the status it gives.
TRANSITIONS: dict[str, tuple[tuple[IntroStatus, ...], IntroStatus]] = {
    "asked-a": ((IntroStatus.PROPOSED,), IntroStatus.ASKED_A),
    "asked-b": ((IntroStatus.ASKED_A,), IntroStatus.ASKED_B),
    "agreed": ((IntroStatus.ASKED_B,), IntroStatus.AGREED),
    "introduced": ((IntroStatus.AGREED,), IntroStatus.INTRODUCED),
    "outcome": ((IntroStatus.INTRODUCED, IntroStatus.DONE), IntroStatus.DONE),
    "declined": (
        (IntroStatus.PROPOSED, IntroStatus.ASKED_A, IntroStatus.ASKED_B, IntroStatus.AGREED),
        IntroStatus.DECLINED,
    ),
}

# Who takes part in the interaction each step logs: the user asks A, then B, then writes to
# both at once. Agreeing, the outcome and declining are recorded on the introduction only.
STEP_LOGS: dict[str, tuple[str, ...]] = {
    "asked-a": ("a",),
    "asked-b": ("b",),
    "agreed": (),
    "introduced": ("a", "b"),
    "outcome": (),
    "declined": (),
}

# The step that comes next from each status (what `tisser intro list` suggests).
NEXT_STEP: dict[IntroStatus, str | None] = {
    IntroStatus.PROPOSED: "asked-a",
    IntroStatus.ASKED_A: "asked-b",
    IntroStatus.ASKED_B: "agreed",
    IntroStatus.AGREED: "introduced",
    IntroStatus.INTRODUCED: "outcome",
    IntroStatus.DONE: None,
    IntroStatus.DECLINED: None,
}


def next_status(intro: Introduction, step: str) -> IntroStatus:
    """The status ``step`` leads ``intro`` to; InvalidInput when the step is out of order.

    The order is the double opt-in itself: nobody is connected before both said yes.
    """
    if step not in TRANSITIONS:
        raise InvalidInput(N_("unknown introduction step {step!r}"), step=step)
    allowed, target = TRANSITIONS[step]
    if intro.status not in allowed:
        expected = NEXT_STEP[intro.status]
        raise InvalidInput(
            N_("introduction #{id} is at step {status!r}: {step!r} does not come now"),
            hint=N_("the next step is {expected!r} (see `tisser intro list`)")
            if expected
            else N_("this introduction is closed"),
            id=intro.id,
            status=intro.status.value,
            step=step,
            expected=expected or "",
        )
    return target
