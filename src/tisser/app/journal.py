"""Logging what happened with people: one interaction, checked, from CLI options or a web form."""

from __future__ import annotations

from datetime import date, time

from tisser.app.context import local_zone
from tisser.core.dates import at, parse_date, parse_time
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Channel, HelpDirection, Interaction, help_direction
from tisser.present import labels

DEFAULT_TIME = time(12, 0)


def make_interaction(
    owner_id: int,
    today: date,
    channel: Channel,
    contact_ids: list[int],
    *,
    on: str | None = None,
    at_time: str | None = None,
    gave: str | None = None,
    received: str | None = None,
    direction: str | None = None,
    about: str | None = None,
    outcome: str | None = None,
) -> Interaction:
    """The interaction the user described (CLI options or web form), checked.

    A date in the future is refused (the journal holds what happened); the time defaults
    to noon in the user's zone; the help direction follows what was given and received
    unless stated.
    """
    day = parse_date(on, today) if on and on.strip() else today
    if day > today:
        raise InvalidInput(
            N_("{day} is in the future: the journal holds what happened"),
            hint=N_("log it once it has happened"),
            day=day.isoformat(),
        )
    moment = at(day, parse_time(at_time) if at_time and at_time.strip() else DEFAULT_TIME,
                local_zone())  # fmt: skip
    implied = help_direction((gave or "").strip(), (received or "").strip())
    chosen = labels.parse(HelpDirection, direction) if direction else implied
    return Interaction(
        owner_id=owner_id,
        occurred_at=moment,
        channel=channel,
        contact_ids=list(dict.fromkeys(contact_ids)),
        direction=chosen,
        gave=(gave or "").strip(),
        received=(received or "").strip(),
        about=(about or "").strip(),
        outcome=(outcome or "").strip(),
    )
