"""No new request during the pause after unanswered messages (#18): ``tisser ask``'s check.

Three messages without an answer pause a person for a month (:mod:`tisser.core.unanswered`);
drafting a fourth request would be the harassment the method warns against. While the pause
runs, the check raises :class:`~tisser.core.errors.InvalidInput` naming the pause's end and
the way round — the best path through someone who answers, when reach knows one.
"""

from __future__ import annotations

from datetime import date, tzinfo

from tisser.app.reach import Network
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Contact
from tisser.present.dates import human_date
from tisser.store import Store
from tisser.strengths import silences_of


def refuse_while_paused(
    store: Store, owner_id: int, today: date, zone: tzinfo, net: Network, target: Contact
) -> None:
    """Raise while ``target``'s pause runs; return quietly otherwise."""
    quiet = silences_of(store, owner_id, today, zone).get(target.id or 0)
    if quiet is None or quiet.pause_until is None or not quiet.paused(today):
        return
    params = {
        "count": quiet.unanswered,
        "name": target.display_name,
        "day": human_date(quiet.pause_until),
    }
    path = net.graph.best(target.id or 0)
    if path is not None and path.via is not None:
        raise InvalidInput(
            N_("you wrote {count} times to {name} without an answer: pause until {day}"),
            hint=N_('or go through {via}, who knows them: tisser ask "{name}" --via "{via}"'),
            via=net.contacts[path.via].display_name,
            **params,
        )
    raise InvalidInput(
        N_("you wrote {count} times to {name} without an answer: pause until {day}"),
        hint=N_("write nothing more before then; meanwhile, find who knows them: tisser reach"),
        **params,
    )
