"""The options ``tisser events add`` and ``edit`` share, and the labels of kinds and formats.

The labels are registered with :mod:`tisser.present.labels`, so ``labels.label`` and
``labels.parse`` read and write them in French and English like every other code.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from tisser.core.errors import N_
from tisser.core.events import EventKind, Format
from tisser.present import labels

KIND_LABELS: dict[Any, str] = {
    EventKind.AFTERWORK: N_("afterwork"),
    EventKind.SALON: N_("trade fair"),
    EventKind.CONFERENCE: N_("conference"),
    EventKind.BREAKFAST: N_("breakfast"),
    EventKind.DINNER: N_("dinner"),
    EventKind.WORKSHOP: N_("workshop"),
    EventKind.SPORT: N_("sports networking"),
    EventKind.OTHER: N_("other event"),
    EventKind.ASSOCIATION: N_("association"),
    EventKind.CLUB: N_("club"),
    EventKind.ALUMNI: N_("alumni network"),
    EventKind.BUSINESS_CLUB: N_("business club"),
}
FORMAT_LABELS: dict[Any, str] = {
    Format.SMALL_GROUP: N_("small group"),
    Format.MIXED: N_("mixed"),
    Format.BIG_ROOM: N_("big room"),
}
# Registered with the shared labels so labels.label / labels.parse know them.
labels.LABELS[EventKind] = KIND_LABELS
labels.LABELS[Format] = FORMAT_LABELS
labels.ALIASES[EventKind] = {
    "salon": EventKind.SALON,
    "fair": EventKind.SALON,
    "petit dejeuner": EventKind.BREAKFAST,
    "petit dej": EventKind.BREAKFAST,
    "diner": EventKind.DINNER,
    "atelier": EventKind.WORKSHOP,
    "sport": EventKind.SPORT,
    "padel": EventKind.SPORT,
    "golf": EventKind.SPORT,
    "alumni": EventKind.ALUMNI,
    "anciens": EventKind.ALUMNI,
    "club affaires": EventKind.BUSINESS_CLUB,
    "club d affaires": EventKind.BUSINESS_CLUB,
    "conference": EventKind.CONFERENCE,
}
labels.ALIASES[Format] = {
    "small": Format.SMALL_GROUP,
    "petit": Format.SMALL_GROUP,
    "petit groupe": Format.SMALL_GROUP,
    "big": Format.BIG_ROOM,
    "grand": Format.BIG_ROOM,
    "grande salle": Format.BIG_ROOM,
}

EventArg = Annotated[
    str, typer.Argument(help=N_("The event: its title (or the start of it) or #id."))
]
Kind = Annotated[
    str | None,
    typer.Option(
        "--kind",
        "-k",
        help=N_(
            "afterwork, salon, conference, breakfast, dinner, workshop, sport, other; "
            "memberships: association, club, alumni, business_club."
        ),
    ),
]
When = Annotated[
    str | None, typer.Option("--date", "-d", help=N_("First or only date: 2026-12-03."))
]
AtTime = Annotated[str | None, typer.Option("--time", help=N_("Start time, e.g. 18:30."))]
Every = Annotated[
    str | None,
    typer.Option(
        "--every",
        help=N_(
            "Recurrence: weekly, monthly, quarterly, yearly, or an RRULE (FREQ=MONTHLY;BYDAY=1TH)."
        ),
    ),
]
Duration = Annotated[str | None, typer.Option("--duration", help=N_("Time on site: 90, 2h, 1h30."))]
Travel = Annotated[
    str | None, typer.Option("--travel", help=N_("Travel time, there and back: 40, 1h."))
]
Place = Annotated[str | None, typer.Option("--place", help=N_("Where (venue, address)."))]
City = Annotated[str | None, typer.Option("--city", help=N_("City."))]
Organizer = Annotated[str | None, typer.Option("--organizer", help=N_("Who organises it."))]
Url = Annotated[str | None, typer.Option("--url", help=N_("Web page."))]
Fee = Annotated[
    float | None, typer.Option("--fee", min=0, help=N_("Entry fee per occurrence, in euros."))
]
YearlyFee = Annotated[
    float | None, typer.Option("--yearly-fee", min=0, help=N_("Yearly membership fee, in euros."))
]
Sectors = Annotated[
    list[str] | None,
    typer.Option("--sector", help=N_("Audience sector (repeatable).")),
]
Functions = Annotated[
    list[str] | None,
    typer.Option("--function", help=N_("Audience function, e.g. DAF (repeatable).")),
]
Profiles = Annotated[
    list[str] | None,
    typer.Option("--profile", help=N_("Audience profile, e.g. founders, mentors (repeatable).")),
]
Size = Annotated[int | None, typer.Option("--size", min=1, help=N_("Expected number of people."))]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", help=N_("small_group, mixed or big_room (default: from the size).")),
]
Bring = Annotated[
    list[str] | None,
    typer.Option("--bring", help=N_("What you can bring: a talk, help, a skill (repeatable).")),
]
Goes = Annotated[
    list[str] | None,
    typer.Option("--goes", help=N_("A contact of yours who goes (repeatable).")),
]
Meet = Annotated[
    list[str] | None,
    typer.Option(
        "--meet",
        help=N_('A contact to meet there, and why: "Claire Dubois=export advice" (repeatable).'),
    ),
]
Membership = Annotated[
    str | None,
    typer.Option("--membership", help=N_("Members only: the club or association it belongs to.")),
]
Attend = Annotated[
    int | None,
    typer.Option("--attend", min=0, help=N_("How many occurrences a year you mean to attend.")),
]
Notes = Annotated[str | None, typer.Option("--notes", help=N_("Free notes."))]
Yes = Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation."))]

EVENT_OPTIONS = {
    "kind", "when", "at_time", "every", "duration", "travel", "place", "city", "organizer",
    "url", "fee", "yearly_fee", "sectors", "functions", "profiles", "size", "format_", "bring",
    "goes", "meet", "membership", "attend", "notes",
}  # fmt: skip
