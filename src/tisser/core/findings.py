"""From measures to advice: the findings of the diagnosis, its summary and three actions.

Each rule reads one measure of :class:`~tisser.core.diagnosis.Diagnosis` and, when it has
something to say, writes a :class:`~tisser.core.diagnosis.Finding`: a title, the reasons
(with the figures), the data behind it and the people concerned, and a score in [0, 1] —
how much it matters for keeping the network alive (seed 003: ties kept before they are
needed; seed 000: give first, avoid the entre-soi). The summary is the 3 to
``summary_size`` highest scores; the actions are the first three concrete steps, one person
each, in the method's order: revive what is slipping, reopen a valuable dormant tie, give
before asking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tisser.core.cadence import Status
from tisser.core.errors import N_
from tisser.core.explain import Days, Share, Text, say
from tisser.core.model import Circle
from tisser.core.reciprocity import Pattern

if TYPE_CHECKING:
    from tisser.core.diagnosis import Diagnosis, DiagnosisSettings, Tie


# The diagnosis's findings and actions live here, with the rules that write them: the
# diagnosis imports them, and nothing here imports the diagnosis (no import circle).
@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the coach tells: a title, the reasons, the data and the people concerned."""

    code: str
    score: float  # how much it matters, 0..1; the summary takes the highest
    title: Text
    because: tuple[Text, ...]
    data: dict[str, object]
    contact_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Action:
    code: str
    text: Text
    because: Text
    contact_id: int | None = None


SLIPPING = (Status.OVERDUE, Status.COOLING, Status.DORMANT)
SHOWN = 3  # names given in a finding's reasons

ATTRIBUTE_NAMES = {
    "sector": N_("sector"),
    "function": N_("function"),
    "seniority": N_("seniority"),
    "city": N_("city"),
    "gender": N_("gender"),
    "relational_profile": N_("relational profile"),
}
PROFILE_NAMES = {
    "super_connector": N_("super-connector"),
    "mentor": N_("mentor"),
    "expert": N_("expert"),
    "reserved": N_("reserved"),
}


def _late(t: Tie) -> Text:
    return say(
        N_("{name} (circle {circle}): last contact {ago} ago, cadence {cadence} days"),
        name=t.contact.display_name,
        circle=int(t.contact.circle),
        ago=Days(t.status.days_since or 0),
        cadence=t.status.cadence_days,
    )


def _urgency(t: Tie) -> float:
    return t.status.lateness * (1.0 + t.strength.value)


def advise(d: Diagnosis, s: DiagnosisSettings) -> None:
    """Fill ``d.findings``, ``d.summary`` and ``d.actions``."""
    found: list[Finding] = []
    for rule in (
        _slipping_inner,
        _slipping_active,
        _dormant,
        _activation,
        _entre_soi,
        _reciprocity,
        _dunbar,
        _effort,
        _clusters,
        _bridges,
        _profiles,
        _second_hop,
    ):
        found.extend(rule(d, s))
    found.sort(key=lambda f: (-f.score, f.code))
    d.findings = found
    d.summary = found[: max(3, s.summary_size)] if found else []
    d.actions = _actions(d)


def _finding(code: str, score: float, title: Text, because: list[Text], **data: object) -> Finding:
    ids: Any = data.pop("contact_ids", ())
    return Finding(
        code, round(min(max(score, 0.0), 1.0), 3), title, tuple(because), data, tuple(ids)
    )


def _slipping(d: Diagnosis, circles: tuple[Circle, ...]) -> list[Tie]:
    out = [
        t for t in d.ties.values() if t.contact.circle in circles and t.status.status in SLIPPING
    ]
    out.sort(key=lambda t: (-_urgency(t), t.contact.sort_key))
    return out


def _slipping_inner(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    late = _slipping(d, (Circle.FIRST, Circle.SECOND))
    if not late:
        return []
    n = len(late)
    title = (
        say(
            N_("{name}, of your first two circles, is slipping away"),
            name=late[0].contact.display_name,
        )
        if n == 1
        else say(N_("{count} people of your first two circles are slipping away"), count=n)
    )
    return [
        _finding(
            "slipping_inner",
            0.6 + 0.08 * n,
            title,
            [_late(t) for t in late[:SHOWN]],
            count=n,
            contact_ids=[t.contact.id for t in late],
        )
    ]


def _slipping_active(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    late = _slipping(d, (Circle.ACTIVE,))
    size = sum(1 for t in d.ties.values() if t.contact.circle == Circle.ACTIVE)
    if not late or not size:
        return []
    share = len(late) / size
    return [
        _finding(
            "slipping_active",
            0.35 + share,
            say(
                N_("{count} people of your active network are past their cadence ({share})"),
                count=len(late),
                share=Share(share),
            ),
            [_late(t) for t in late[:SHOWN]],
            count=len(late),
            share=round(share, 4),
            contact_ids=[t.contact.id for t in late],
        )
    ]


def _dormant(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    worth = [x for x in d.dormant if x.score >= 0.3]
    if not worth:
        return []
    top = d.ties[worth[0].contact_id]
    because = [
        say(
            N_("{name}: {reasons}"),
            name=top.contact.display_name,
            reasons=_joined(worth[0].reasons),
        )
    ]
    for x in worth[1:SHOWN]:
        because.append(
            say(
                N_("then {name} (value {score})"),
                name=d.ties[x.contact_id].contact.display_name,
                score=round(x.score, 2),
            )
        )
    because.append(
        say(
            N_(
                "reconnecting a dormant tie brings new information with trust "
                "already there (Levin et al. 2011)"
            )
        )
    )
    return [
        _finding(
            "dormant_value",
            0.5 + 0.4 * worth[0].score,
            say(N_("{count} dormant ties are worth reviving"), count=len(worth))
            if len(worth) > 1
            else say(
                N_("One dormant tie is worth reviving: {name}"), name=top.contact.display_name
            ),
            because,
            count=len(worth),
            contact_ids=[x.contact_id for x in worth],
        )
    ]


def _joined(texts: tuple[Text, ...]) -> Text:
    """Several reasons as one: "a; b; c" (the separator is translated: "a ; b" in French)."""
    if not texts:
        return Text("")
    out = texts[-1]
    for t in reversed(texts[:-1]):
        out = say(N_("{a}; {b}"), a=t, b=out)
    return out


def _activation(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    a = d.activation
    if not a.kept or a.share is None:
        return []
    return [
        _finding(
            "activation",
            0.9 - a.share,
            say(
                N_(
                    "{share} of your network is activated: {activated} people you can call "
                    "today, {collected} merely collected"
                ),
                share=Share(a.share),
                activated=a.activated,
                collected=a.collected,
            ),
            [
                say(
                    N_(
                        "activated: a tie at least {threshold} strong and not dormant (seed 003: "
                        "a network activable, activated and of quality)"
                    ),
                    threshold=a.threshold,
                )
            ],
            activated=a.activated,
            collected=a.collected,
            share=round(a.share, 4),
        )
    ]


def _entre_soi(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    flagged = [
        x
        for x in d.diversity
        if x.attribute in s.entre_soi_attributes
        and x.homophily is not None
        and x.homophily >= s.homophily_alert
        and x.known >= 10
    ]
    if not flagged:
        return []
    flagged.sort(key=lambda x: -(x.homophily or 0))
    top = flagged[0]
    share = top.alike_share or 0.0
    chance = (1 - (top.ei_chance or 0)) / 2
    because = [
        say(
            N_(
                "{attribute}: {share} of your contacts share yours ({value}), chance would "
                "give {chance}"
            ),
            attribute=Text(ATTRIBUTE_NAMES[x.attribute]),
            share=Share(x.alike_share or 0),
            value=x.user_value,
            chance=Share((1 - (x.ei_chance or 0)) / 2),
        )
        for x in flagged[:SHOWN]
    ]
    because.append(
        say(
            N_(
                "people like you bring the information you already have "
                "(seed 000 §9: avoid the entre-soi)"
            )
        )
    )
    return [
        _finding(
            "entre_soi",
            0.35 + (top.homophily or 0),
            say(
                N_("Entre-soi: {share} of your contacts share your {attribute} ({value})"),
                share=Share(share),
                attribute=Text(ATTRIBUTE_NAMES[top.attribute]),
                value=top.user_value,
            ),
            because,
            attributes=[x.attribute for x in flagged],
            share=round(share, 4),
            chance=round(chance, 4),
        )
    ]


def _reciprocity(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    r = d.reciprocity
    out = []
    takers = sorted(
        (t for t in d.ties.values() if t.reciprocity.pattern == Pattern.TAKER),
        key=lambda t: (-(t.history.received - t.history.gave), t.contact.sort_key),
    )
    because = [
        say(
            N_("{name}: help received {received}, given {gave}"),
            name=t.contact.display_name,
            received=t.history.received,
            gave=t.history.gave,
        )
        for t in takers[:SHOWN]
    ]
    if r.pattern == Pattern.TAKER:
        out.append(
            _finding(
                "reciprocity",
                0.75,
                say(
                    N_("You receive more help than you give (balance {balance})"),
                    balance=round(r.balance or 0, 2),
                ),
                [
                    say(
                        N_("help: given {gave}, received {received}"),
                        gave=r.gave,
                        received=r.received,
                    ),
                    *because,
                ],
                gave=r.gave,
                received=r.received,
                balance=round(r.balance or 0, 4),
                contact_ids=[t.contact.id for t in takers],
            )
        )
    elif takers:
        out.append(
            _finding(
                "reciprocity",
                0.4 + 0.05 * len(takers),
                say(
                    N_("With {count} people you mostly receive: time to give back"),
                    count=len(takers),
                ),
                [
                    say(
                        N_("overall, help given {gave}, received {received} (balance {balance})"),
                        gave=r.gave,
                        received=r.received,
                        balance=round(r.balance or 0, 2),
                    ),
                    *because,
                ],
                gave=r.gave,
                received=r.received,
                balance=round(r.balance or 0, 4),
                contact_ids=[t.contact.id for t in takers],
            )
        )
    return out


def _dunbar(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    out = []
    c = d.circles
    over = [x for x in c.layers[:3] if x.ratio > 1.3]
    if over:
        x = over[-1]
        out.append(
            _finding(
                "dunbar",
                0.3 + min(0.3, (x.ratio - 1) / 4),
                say(
                    N_(
                        "Circles 1 to {circle} hold {size} people, where Dunbar's layer is about "
                        "{dunbar}"
                    ),
                    circle=x.circle,
                    size=x.cumulative,
                    dunbar=x.dunbar,
                ),
                [
                    say(
                        N_(
                            "each layer is kept by a contact frequency; beyond its size, ties slip "
                            "to the next one (Dunbar; Roberts & Dunbar 2011)"
                        )
                    )
                ],
                layers=[(y.circle, y.cumulative, y.dunbar) for y in c.layers],
            )
        )
    if c.upkeep_per_week > 1.25 * c.done_per_week:
        out.append(
            _finding(
                "upkeep",
                0.45,
                say(
                    N_(
                        "Your cadences ask for {upkeep} interactions a week; this year you had "
                        "{done}"
                    ),
                    upkeep=round(c.upkeep_per_week, 1),
                    done=round(c.done_per_week, 1),
                ),
                [say(N_("move some people to a wider circle or relax a cadence in the settings"))],
                upkeep=round(c.upkeep_per_week, 2),
                done=round(c.done_per_week, 2),
            )
        )
    return out


def _effort(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    e = d.circles.effort
    if any(x.share is None for x in e):
        return []
    gap = max(abs((x.share or 0) - x.expected) for x in e)
    if gap < 0.15:
        return []
    return [
        _finding(
            "effort",
            0.2 + gap,
            say(
                N_(
                    "Your effort goes {first} to circle 1, {second} to circle 2, {rest} to the "
                    "rest; the usual split is 40/20/40"
                ),
                first=Share(e[0].share or 0),
                second=Share(e[1].share or 0),
                rest=Share(e[2].share or 0),
            ),
            [say(N_("share of the last 12 months' interactions (Sutcliffe et al. 2012)"))],
            shares=[round(x.share or 0, 4) for x in e],
        )
    ]


def _clusters(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    if len(d.communities) < 2:
        return []
    cold = [c for c in d.communities if c.activated == 0 and len(c.members) >= 5]
    biggest = d.communities[0]
    kept = d.activation.kept or 1
    because = [
        say(
            N_("{label}: {size} people, {activated} activated"),
            label=c.label,
            size=len(c.members),
            activated=c.activated,
        )
        for c in d.communities[:4]
    ]
    if cold:
        return [
            _finding(
                "cold_cluster",
                0.55,
                say(
                    N_("A whole cluster has gone cold: {label} ({size} people, none activated)"),
                    label=cold[0].label,
                    size=len(cold[0].members),
                ),
                because,
                clusters=len(d.communities),
                cold=[c.index for c in cold],
            )
        ]
    return [
        _finding(
            "clusters",
            0.2 + 0.3 * len(biggest.members) / kept,
            say(
                N_("Your network forms {count} clusters; the biggest ({label}) holds {share}"),
                count=len(d.communities),
                label=biggest.label,
                share=Share(len(biggest.members) / kept),
            ),
            because,
            clusters=len(d.communities),
        )
    ]


def _bridges(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    if not d.bridges:
        return []
    ranked = sorted(d.bridges, key=lambda b: (-len(b.cut_off), b.contact_id))
    top = d.ties[ranked[0].contact_id]
    slipping = top.status.status in SLIPPING
    because = [
        say(
            N_("{name} is the only one linking you to {count} people"),
            name=d.ties[b.contact_id].contact.display_name,
            count=len(b.cut_off),
        )
        for b in ranked[:SHOWN]
    ]
    if slipping:
        because.append(_late(top))
    return [
        _finding(
            "bridges",
            0.45 + (0.25 if slipping else 0),
            say(
                N_("{name} is your only path to {count} people"),
                name=top.contact.display_name,
                count=len(ranked[0].cut_off),
            ),
            because,
            bridges=len(ranked),
            contact_ids=[b.contact_id for b in ranked],
        )
    ]


def _profiles(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    out = []
    m = d.mix
    if m.missing_wanted:
        out.append(
            _finding(
                "missing_wanted",
                0.7,
                say(
                    N_("Your objectives need {what}, and no activated contact has it"),
                    what=", ".join(v for _, v in m.missing_wanted),
                ),
                [say(N_("wanted by your objectives but missing from your activated network"))],
                missing=[list(x) for x in m.missing_wanted],
            )
        )
    if m.missing_profiles:
        names = [Text(PROFILE_NAMES[p]) for p in m.missing_profiles]
        out.append(
            _finding(
                "missing_profiles",
                0.3 + 0.1 * len(names),
                say(
                    N_("Profiles you lack: {profiles}"),
                    profiles=Text(
                        ", ".join(f"{{p{i}}}" for i in range(len(names))),
                        {f"p{i}": n for i, n in enumerate(names)},
                    ),
                ),
                [
                    say(
                        N_(
                            "a working network holds super-connectors, mentors, experts and "
                            "reserved people (seed 002); you have {counts}"
                        ),
                        counts=", ".join(f"{k} {v}" for k, v in m.counts.items()),
                    )
                ],
                counts=m.counts,
                missing=list(m.missing_profiles),
            )
        )
    return out


def _second_hop(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    n = len(d.second_hop)
    if not n:
        return []
    return [
        _finding(
            "second_hop",
            0.25,
            say(
                N_(
                    "{count} contacts you no longer see are one introduction away, through "
                    "people you do see"
                ),
                count=n,
            ),
            [
                say(
                    N_(
                        "contacts of contacts hold the answer more often than your close ties "
                        "(seed 000 §7; Granovetter 1973)"
                    )
                )
            ],
            count=n,
        )
    ]


def _actions(d: Diagnosis) -> list[Action]:
    out: list[Action] = []
    used: set[int] = set()

    def add(code: str, tie: Tie, text: Text, because: Text) -> None:
        cid = tie.contact.id or 0
        if cid in used or len(out) >= 3:
            return
        used.add(cid)
        out.append(Action(code, text, because, cid))

    inner = _slipping(d, (Circle.FIRST, Circle.SECOND)) or _slipping(d, (Circle.ACTIVE,))
    if inner:
        t = inner[0]
        add("call", t, say(N_("Call {name} this week"), name=t.contact.display_name), _late(t))
    for x in d.dormant[:2]:
        t = d.ties[x.contact_id]
        add(
            "revive",
            t,
            say(
                N_("Write to {name} to catch up, with news and no request"),
                name=t.contact.display_name,
            ),
            _joined(x.reasons),
        )
        break
    takers = sorted(
        (t for t in d.ties.values() if t.reciprocity.pattern == Pattern.TAKER),
        key=lambda t: (-(t.history.received - t.history.gave), t.contact.sort_key),
    )
    for t in takers:
        add(
            "give",
            t,
            say(
                N_("Offer {name} something useful: an introduction, an article, your time"),
                name=t.contact.display_name,
            ),
            say(
                N_("help received {received}, given {gave}"),
                received=t.history.received,
                gave=t.history.gave,
            ),
        )
        break
    for b in sorted(d.bridges, key=lambda b: -len(b.cut_off)):
        t = d.ties[b.contact_id]
        add(
            "bridge",
            t,
            say(N_("Keep {name} close: have coffee this month"), name=t.contact.display_name),
            say(N_("the only one linking you to {count} people"), count=len(b.cut_off)),
        )
    for x in d.dormant[1:]:
        t = d.ties[x.contact_id]
        add(
            "revive",
            t,
            say(
                N_("Write to {name} to catch up, with news and no request"),
                name=t.contact.display_name,
            ),
            _joined(x.reasons),
        )
    for t in inner[1:]:
        add("call", t, say(N_("Call {name} this week"), name=t.contact.display_name), _late(t))
    due = sorted(
        (t for t in d.ties.values() if t.status.status == Status.DUE),
        key=lambda t: (-_urgency(t), t.contact.sort_key),
    )
    for t in due:
        add(
            "due",
            t,
            say(N_("Get in touch with {name} before the tie slips"), name=t.contact.display_name),
            _late(t),
        )
    return out
