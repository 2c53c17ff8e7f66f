"""The findings a networking coach adds to the measures (#18), each with its action.

* **Unanswered attempts**: three messages or more without an answer call for a pause and a
  way round — someone who knows the person well and answers you (seed "ne pas harceler":
  being active is not harassing).
* **The user as broker**: when the user is the only tie between groups of contacts that
  have no other link, that position is the most valuable structural fact of the network
  (Burt 1992, structural holes); the action is to introduce one person of each world.
* **Cold start**: with an empty journal the diagnosis cannot tell who is close, active or
  slipping; it says so, and asks the user to place the 20 to 50 people who matter most in
  circles (``tisser sort``), instead of counting everyone "not activated".

Wording follows the contact's gender where it is known ("qui le connaît bien" / "qui la
connaît bien") and is neutral otherwise (:func:`by_gender`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from tisser.core.errors import N_
from tisser.core.explain import Text, say
from tisser.core.model import Circle
from tisser.core.names import fold

if TYPE_CHECKING:
    from tisser.core.diagnosis import Action, Diagnosis, DiagnosisSettings, Finding, Tie

FEMALE = frozenset({"f", "female", "femme", "woman", "w", "feminin"})
MALE = frozenset({"m", "male", "homme", "man", "h", "masculin"})
SORT_FEW, SORT_MANY = 20, 50  # the people to place in circles at the first run


def gender_of(value: str) -> str:
    """"f", "m" or "" (unknown) from the free-text gender of a contact."""
    g = fold(value or "").strip(". ")
    return "f" if g in FEMALE else "m" if g in MALE else ""


def by_gender(gender: str, male: str, female: str, neutral: str) -> str:
    """The msgid that agrees with ``gender``; the neutral one when it is unknown."""
    g = gender_of(gender)
    return male if g == "m" else female if g == "f" else neutral


def _action(code: str, text: Text, because: Text, cid: int | None = None,
            other: int | None = None) -> Action:  # fmt: skip
    from tisser.core.verdicts import Action

    return Action(code, text, because, cid, other)


def _finding(code: str, score: float, title: Text, because: list[Text], action: Action | None,
             **data: object) -> Finding:  # fmt: skip
    from tisser.core.verdicts import Finding

    ids = tuple(data.pop("contact_ids", ()))  # type: ignore[arg-type]
    return Finding(code, round(min(max(score, 0.0), 1.0), 3), title, tuple(because), data, ids,
                   action)  # fmt: skip


def neighbours(d: Diagnosis) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for a, b in d.edges:
        if a in d.ties and b in d.ties and a != b:
            out[a].add(b)
            out[b].add(a)
    return out


def go_between(d: Diagnosis, cid: int, near: dict[int, set[int]]) -> Tie | None:
    """Who knows ``cid`` and answers the user: the strongest such tie, not archived."""
    today = d.today
    best = None
    for other in sorted(near.get(cid, ())):
        t = d.ties[other]
        if t.contact.circle == Circle.DORMANT:
            continue
        if t.silence is not None and t.silence.paused(today):
            continue
        if best is None or t.strength.value > best.strength.value:
            best = t
    return best


def unanswered(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    """One finding per person with a run of unanswered attempts long enough to pause."""
    near = neighbours(d)
    out = []
    for cid, sil in sorted(d.silences.items(), key=lambda kv: (-kv[1].unanswered, kv[0])):
        if sil.pause_until is None or cid not in d.ties:
            continue
        t = d.ties[cid]
        name = t.contact.display_name
        via = go_between(d, cid, near)
        pausing = sil.paused(d.today)
        if via is not None:
            knows = say(
                by_gender(
                    t.contact.gender,
                    N_("{via}, who knows him well"),
                    N_("{via}, who knows her well"),
                    N_("{via}, who knows this person well"),
                ),
                via=via.contact.display_name,
            )
            because = (
                say(N_("pause until {day}, or go through {knows}"), day=sil.pause_until,
                    knows=knows)  # fmt: skip
                if pausing
                else say(N_("the pause is over: go through {knows}"), knows=knows)
            )
            action = _action(
                "go_through",
                say(
                    N_("Ask {via} to introduce you to {name}, rather than writing again"),
                    via=via.contact.display_name,
                    name=name,
                ),
                because,
                via.contact.id,
                cid,
            )
        elif pausing:
            because = say(
                N_("pause until {day}; nobody you know links you to this person yet"),
                day=sil.pause_until,
            )
            action = _action(
                "pause",
                say(N_("Write nothing more to {name} before {day}"), name=name,
                    day=sil.pause_until),  # fmt: skip
                because,
            )
        else:
            because = say(
                N_("the pause is over: one short last message, or find who knows this person")
            )
            action = None
        out.append(
            _finding(
                "unanswered",
                0.8 + min(0.15, 0.01 * sil.unanswered),
                say(
                    N_("You wrote {count} times to {name} without an answer"),
                    count=sil.unanswered,
                    name=name,
                ),
                [
                    because,
                    say(
                        N_(
                            "being active is not harassing: after {limit} messages without "
                            "an answer, a new one lowers your chances"
                        ),
                        limit=3,
                    ),
                ],
                action,
                count=sil.unanswered,
                pause_until=sil.pause_until.isoformat(),
                via=via.contact.id if via is not None else None,
                contact_ids=[cid],
            )
        )
    return out


def world_label(d: Diagnosis, members: list[int]) -> str:
    """What a group is: its most common sector, else company, else city, else a name."""
    for attr in ("sector", "organization", "city"):
        values = Counter(getattr(d.ties[m].contact, attr) for m in members)
        values.pop("", None)
        if values:
            return values.most_common(1)[0][0]
    return d.ties[members[0]].contact.display_name


def _strongest(d: Diagnosis, members: list[int]) -> Tie:
    return max((d.ties[m] for m in members), key=lambda t: (t.strength.value, -(t.contact.id or 0)))


def broker(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    """The user is the only tie between two or more groups: say it, and introduce across."""
    groups = [list(g) for g in d.worlds]
    if len(groups) < 2:
        return []
    labels = [world_label(d, g) for g in groups]
    a, b = _strongest(d, groups[0]), _strongest(d, groups[1])
    because = [
        say(N_("{label}: {size} people"), label=labels[i], size=len(g))
        for i, g in enumerate(groups[:3])
    ]
    because.append(
        say(
            N_(
                "between groups that do not know each other, you carry what one knows to "
                "the other: the most valuable position in a network (Burt, structural holes)"
            )
        )
    )
    action = _action(
        "introduce",
        say(
            N_("Introduce {a} ({world_a}) to {b} ({world_b}), each after asking them"),
            a=a.contact.display_name,
            world_a=labels[0],
            b=b.contact.display_name,
            world_b=labels[1],
        ),
        say(N_("you are the only tie between {world_a} and {world_b}"), world_a=labels[0],
            world_b=labels[1]),  # fmt: skip
        a.contact.id,
        b.contact.id,
    )
    return [
        _finding(
            "broker",
            0.78,
            say(N_("You alone join {count} groups that have no other tie between them"),
                count=len(groups)),  # fmt: skip
            because,
            action,
            groups=[len(g) for g in groups],
            contact_ids=[a.contact.id or 0, b.contact.id or 0],
        )
    ]


def cold_start(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    """Nothing in the journal: say what cannot be known yet, and ask for the first sort."""
    if not d.cold or not d.ties:
        return []
    rated = sum(
        1 for t in d.ties.values() if t.contact.circle in (Circle.FIRST, Circle.SECOND)
    )
    action = _action(
        "sort",
        say(
            N_(
                "Place the {few} to {many} people who matter most to you in circles: "
                "tisser sort, or the Sort page"
            ),
            few=SORT_FEW,
            many=SORT_MANY,
        ),
        say(N_("the circles give each tie its rhythm; without them every contact looks alike")),
    )
    return [
        _finding(
            "cold_start",
            1.0,
            say(N_("Your journal is empty: I cannot yet tell who is close, active or slipping")),
            [
                say(
                    N_(
                        "{count} contacts imported, {rated} of them in your first two "
                        "circles; no interaction logged yet"
                    ),
                    count=len(d.ties),
                    rated=rated,
                ),
                say(
                    N_(
                        "log your exchanges (or connect your mail and calendar) and the "
                        "diagnosis will say who is slipping and who is worth reviving"
                    )
                ),
            ],
            action,
            contacts=len(d.ties),
            rated=rated,
        )
    ]


TARGET_ALERT = 0.1  # below this share of the network in the objectives' sectors, say it


def target_sectors(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    """The objectives' target sectors as the reference: how much of the network is there.

    A job seeker aiming at health care with 2 % of her network in it needs doors into that
    world before anything else; the action is to ask the one contact closest to it."""
    wanted = d.wanted
    if wanted is None or not wanted.sectors:
        return []
    targets = {fold(x) for x in wanted.sectors}
    kept = [t for t in d.ties.values() if t.contact.circle != Circle.DORMANT]
    known = [t for t in kept if t.contact.sector]
    if len(known) < 10:
        return []
    inside = [t for t in known if fold(t.contact.sector) in targets]
    share = len(inside) / len(known)
    if share >= TARGET_ALERT:
        return []
    from tisser.core.explain import Share

    names = ", ".join(wanted.sectors)
    usable = [t for t in inside if not (t.silence is not None and t.silence.paused(d.today))]
    action = None
    if usable:
        best = max(usable, key=lambda t: (t.strength.value, -(t.contact.id or 0)))
        action = _action(
            "door",
            say(
                N_("Ask {name}, who works in {sector}, who else you should meet there"),
                name=best.contact.display_name,
                sector=best.contact.sector,
            ),
            say(N_("your objectives aim at {sectors}"), sectors=names),
            best.contact.id,
        )
    return [
        _finding(
            "target_sectors",
            0.72,
            say(
                N_("Only {share} of your network works in the sectors your objectives aim at "
                   "({sectors})"),
                share=Share(share),
                sectors=names,
            ),
            [
                say(
                    N_("{count} of the {known} contacts whose sector you know"),
                    count=len(inside),
                    known=len(known),
                ),
            ],
            action,
            share=round(share, 4),
            contact_ids=[t.contact.id or 0 for t in inside],
        )
    ]
