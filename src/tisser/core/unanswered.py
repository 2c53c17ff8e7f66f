"""Unanswered attempts: a run of messages without a reply is not a strong tie.

Fifteen messages logged "no reply" in a month used to make a contact "on track" with a
strength of 0.52, and the plan drafted a sixteenth request. A coach says the opposite: being
active does not mean harassing; after three attempts without an answer, stop, wait, and go
through someone you both know. So:

* an interaction whose outcome is ``no_reply`` (:data:`tisser.core.actions.Outcome.NO_REPLY`,
  which the capture of unanswered mail records the same way) is an *attempt*, not an
  exchange: it raises neither the intensity nor the recency of the tie, nor resets its
  cadence (:func:`answered_history`);
* :data:`PAUSE_AFTER` attempts or more since the last answer make a :class:`Silence` with a
  pause of :data:`PAUSE_DAYS` after the last attempt; the diagnosis turns it into a finding,
  the plan and ``ask`` do not propose the person before the pause ends, and reach prefers a
  path through someone who answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tisser.core.strength import TieHistory

NO_REPLY = "no_reply"  # the journal's outcome of an attempt nobody answered
PAUSE_AFTER = 3  # attempts without an answer that call for a pause
PAUSE_DAYS = 30  # the pause, counted from the last attempt
# The one window of unanswered attempts: the diagnosis reads the journal's attempts of the
# last WINDOW_DAYS (store/attempts.py) and counts the same days as "recent" here.
WINDOW_DAYS = 365


def window_start(today: date) -> date:
    """The first day of the attempts' window: what the store reads and "recent" counts."""
    return today - timedelta(days=WINDOW_DAYS)


@dataclass(frozen=True, slots=True)
class Silence:
    """The attempts without an answer to one contact.

    ``unanswered`` counts the attempts since the last answer (the run that matters now),
    ``total`` every attempt ever logged without an answer (left out of the tie's intensity),
    ``recent`` those of the last year (left out of the "recent" count).
    """

    contact_id: int
    unanswered: int
    total: int
    recent: int
    last_attempt: date | None
    last_answer: date | None
    pause_until: date | None  # set when ``unanswered`` reaches the threshold

    def paused(self, today: date) -> bool:
        """True while the pause runs: propose nothing to this person before it ends."""
        return self.pause_until is not None and today < self.pause_until


def silence_of(
    contact_id: int,
    attempts: Iterable[tuple[date, bool]],
    today: date,
    pause_after: int = PAUSE_AFTER,
    pause_days: int = PAUSE_DAYS,
) -> Silence | None:
    """The silence of one contact from its interactions as (day, answered) pairs.

    None when no attempt went unanswered. Interactions on the same day are read answered
    last, so a reply logged the day of the message closes the run.
    """
    ordered = sorted(attempts, key=lambda a: (a[0], a[1]))
    run = total = recent = 0
    last_attempt = last_answer = None
    for day, answered in ordered:
        if answered:
            run = 0
            last_answer = day
            continue
        run += 1
        total += 1
        recent += day >= window_start(today)
        last_attempt = day
    if not total:
        return None
    pause = (
        last_attempt + timedelta(days=pause_days)
        if run >= pause_after and last_attempt is not None
        else None
    )
    return Silence(contact_id, run, total, recent, last_attempt, last_answer, pause)


def silences(
    attempts: Mapping[int, Iterable[tuple[date, bool]]],
    today: date,
    pause_after: int = PAUSE_AFTER,
    pause_days: int = PAUSE_DAYS,
) -> dict[int, Silence]:
    """contact id -> :class:`Silence`, for the contacts with at least one unanswered attempt."""
    out = {}
    for cid, rows in attempts.items():
        s = silence_of(cid, rows, today, pause_after, pause_days)
        if s is not None:
            out[cid] = s
    return out


def answered_history(h: TieHistory, s: Silence | None) -> TieHistory:
    """The journal's summary with the unanswered attempts left out.

    One-sided runs do not raise intensity: the count loses every attempt, the last
    interaction is the last answered one (so the cadence runs from the last real exchange),
    and with nothing ever answered the tie reads as if nothing were logged.
    """
    if s is None or not s.total:
        return h
    count = max(h.count - s.total, 0)
    return replace(
        h,
        count=count,
        last=s.last_answer,  # the attempts hold every interaction of the contact
        first=h.first if count else None,
        recent=max(h.recent - s.recent, 0),
    )
