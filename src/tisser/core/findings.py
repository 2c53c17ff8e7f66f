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

from typing import TYPE_CHECKING, Any

from tisser.core.cadence import Status
from tisser.core.errors import N_
from tisser.core.explain import Days, Share, Text, nsay, say
from tisser.core.model import Circle
from tisser.core.names import fold
from tisser.core.reciprocity import Pattern
from tisser.core.verdicts import REVIVE, Action, Finding

if TYPE_CHECKING:
    from tisser.core.diagnosis import Diagnosis, DiagnosisSettings, Tie
    from tisser.core.diversity import Spread


SLIPPING = (Status.OVERDUE, Status.COOLING, Status.DORMANT)
SHOWN = 3  # names given in a finding's reasons

ATTRIBUTE_NAMES = {
    "sector": N_("sector"),
    "organization": N_("company"),
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


JOURNAL_RULES = frozenset({"slipping_inner", "slipping_active", "dormant_value", "activation",
                           "reciprocity", "upkeep", "effort", "second_hop", "cold_cluster"})  # fmt: skip
"""Findings that read the journal: with an empty one (cold start) they would only say
"0 % activated", so they wait until there is something to read."""


def advise(d: Diagnosis, s: DiagnosisSettings) -> None:
    """Fill ``d.findings``, ``d.summary`` and ``d.actions``.

    Each finding carries its own action (worded once: the CLI, the report and the web show
    that same action); the three things to do now are the summary's actions in its order,
    led by the top finding, completed from the other rules when fewer than three apply.
    """
    from tisser.core import coach

    found: list[Finding] = []
    for rule in (
        coach.cold_start,
        coach.unanswered,
        _slipping_inner,
        _slipping_active,
        _dormant,
        _activation,
        _entre_soi,
        coach.target_sectors,
        _reciprocity,
        _dunbar,
        _effort,
        _clusters,
        coach.broker,
        _bridges,
        _profiles,
        _second_hop,
    ):
        found.extend(rule(d, s))
    if d.cold:
        found = [f for f in found if f.code not in JOURNAL_RULES]
    found.sort(key=lambda f: (-f.score, f.code))
    d.findings = found
    d.summary = found[: max(3, s.summary_size)] if found else []
    d.actions = _actions(d)


def _finding(
    code: str,
    score: float,
    title: Text,
    because: list[Text],
    action: Action | None = None,
    **data: object,
) -> Finding:
    ids: Any = data.pop("contact_ids", ())
    return Finding(
        code, round(min(max(score, 0.0), 1.0), 3), title, tuple(because), data, tuple(ids),
        action,
    )  # fmt: skip


def _act(code: str, t: Tie, text: Text, because: Text) -> Action:
    return Action(code, text, because, t.contact.id)


def _call(t: Tie) -> Action:
    return _act("call", t, say(N_("Call {name} this week"), name=t.contact.display_name), _late(t))


def _revive(t: Tie, reasons: tuple[Text, ...], wanted: bool) -> Action:
    """Reopen a dormant tie; when the person's current position serves an objective, the
    action says so ("now VP product at Airbus: your target")."""
    c = t.contact
    if wanted and (c.position or c.organization):
        now = (
            say(
                N_("{position} at {organization}"), position=c.position, organization=c.organization
            )  # fmt: skip
            if c.position and c.organization
            else Text(c.position or c.organization)
        )
        text = say(
            N_(
                "Write to {name}, now {now}, which your objectives look for: news first, no request"
            ),
            name=c.display_name,
            now=now,
        )
    else:
        text = say(REVIVE, name=c.display_name)
    return _act("revive", t, text, _joined(reasons))


def _slipping(d: Diagnosis, circles: tuple[Circle, ...]) -> list[Tie]:
    out = [
        t
        for t in d.ties.values()
        if t.contact.circle in circles
        and t.status.status in SLIPPING
        and not (t.silence is not None and t.silence.paused(d.today))
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
            _call(late[0]),
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
            0.35 + share * min(1.0, size / 10),  # a share of a tiny circle says little
            say(
                N_("{count} people of your active network are past their cadence ({share})"),
                count=len(late),
                share=Share(share),
            ),
            [_late(t) for t in late[:SHOWN]],
            _call(late[0]),
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
            _revive(top, worth[0].reasons, worth[0].parts.get("relevance", 0.0) > 0),
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
                        "activated: a tie at least {threshold} strong and not dormant; a network "
                        "is worth what you can call on today, not its size"
                    ),
                    threshold=a.threshold,
                )
            ],
            activated=a.activated,
            collected=a.collected,
            share=round(a.share, 4),
        )
    ]


# How each attribute's entre-soi is said: plainly, as a coach would ("90 % of your network
# works at the same company as you").
PLAIN = {
    "organization": N_("{share} of your network works at the same company as you ({value})"),
    "sector": N_("{share} of your network works in the same sector as you ({value})"),
    "city": N_("{share} of your network lives in the same city as you ({value})"),
    "function": N_("{share} of your network has the same function as you ({value})"),
}
ELSEWHERE = {
    "organization": N_("Ask {name}, who works at {other}, to introduce you to a colleague there"),
    "sector": N_("Ask {name}, who works in {other}, to introduce you to someone of that world"),
}  # a city or a function is no door to knock at: those findings leave the action to others


def _entre_soi(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    """People like the user, against what chance would give outside the network.

    The reference is employment in France for sector and city (INSEE, shipped with tisser)
    and 0 for a company; without it, the network's own categories. Flagged from
    ``homophily_alert`` on at least 10 known values; the title says the first flagged in the
    settings' order (a shared company is the plainest sign)."""
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
    order = s.entre_soi_attributes  # the settings' order: company, sector, city, function
    flagged.sort(key=lambda x: order.index(x.attribute))
    top = flagged[0]
    share = top.alike_share or 0.0
    chance = _chance(top)
    because = []
    for x in flagged[:SHOWN]:
        name = Text(ATTRIBUTE_NAMES[x.attribute])
        if x.attribute == "organization":
            because.append(
                say(
                    N_("{attribute}: {share} of your contacts work where you do ({value})"),
                    attribute=name,
                    share=Share(x.alike_share or 0),
                    value=x.user_value,
                )
            )
            continue
        because.append(
            say(
                N_(
                    "{attribute}: {share} of your contacts share yours ({value}), chance "
                    "would give {chance}"
                ),
                attribute=name,
                share=Share(x.alike_share or 0),
                value=x.user_value,
                chance=Share(_chance(x)),
            )
        )
    because.append(
        say(N_("people like you bring the information you already have: avoid the entre-soi"))
    )
    if any(x.reference_share is not None and x.attribute != "organization" for x in flagged):
        because.append(
            say(
                N_("chance: employment in France by sector and region ({source}, {year})"),
                source=d.reference_source,
                year=d.reference_year,
            )
        )
    msgid = PLAIN.get(top.attribute)
    title = (
        say(msgid, share=Share(share), value=top.user_value)
        if msgid
        else say(
            N_("Entre-soi: {share} of your contacts share your {attribute} ({value})"),
            share=Share(share),
            attribute=Text(ATTRIBUTE_NAMES[top.attribute]),
            value=top.user_value,
        )
    )
    return [
        _finding(
            "entre_soi",
            0.35 + min(0.45, top.homophily or 0),
            title,
            because,
            _elsewhere(d, top.attribute, top.user_value),
            attributes=[x.attribute for x in flagged],
            share=round(share, 4),
            chance=round(chance, 4),
        )
    ]


def _chance(x: Spread) -> float:
    return x.reference_share if x.reference_share is not None else (1 - (x.ei_chance or 0)) / 2


def _elsewhere(d: Diagnosis, attribute: str, mine: str) -> Action | None:
    """The strongest active tie unlike the user on ``attribute``: a door to another world."""
    msgid = ELSEWHERE.get(attribute)
    if msgid is None:
        return None
    key = fold(mine)
    best = None
    for t in d.ties.values():
        value = getattr(t.contact, attribute, "") or ""
        if not value or fold(value) == key or t.contact.circle == Circle.DORMANT:
            continue
        if t.silence is not None and t.silence.paused(d.today):
            continue
        if best is None or (t.strength.value, -(t.contact.id or 0)) > (
            best[0].strength.value,
            -(best[0].contact.id or 0),
        ):
            best = (t, value)
    if best is None:
        return None
    t, value = best
    return _act(
        "elsewhere",
        t,
        say(msgid, name=t.contact.display_name, other=value),
        say(N_("a world other than {value}"), value=mine),
    )


def _reciprocity(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    r = d.reciprocity
    out = []
    takers = _takers(d)
    because = [
        say(
            N_("{name}: help received {received}, given {gave}"),
            name=t.contact.display_name,
            received=t.history.received,
            gave=t.history.gave,
        )
        for t in takers[:SHOWN]
    ]
    give = _give(takers[0]) if takers else None
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
                give,
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
                give,
                gave=r.gave,
                received=r.received,
                balance=round(r.balance or 0, 4),
                contact_ids=[t.contact.id for t in takers],
            )
        )
    return out


def _takers(d: Diagnosis) -> list[Tie]:
    return sorted(
        (
            t
            for t in d.ties.values()
            if t.reciprocity.pattern == Pattern.TAKER
            and not (t.silence is not None and t.silence.paused(d.today))
        ),
        key=lambda t: (-(t.history.received - t.history.gave), t.contact.sort_key),
    )


def _give(t: Tie) -> Action:
    return _act(
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
                _reopen(d, cold[0]),
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


def _reopen(d: Diagnosis, c: object) -> Action | None:
    """Reopen a cold cluster through its strongest member."""
    members = [d.ties[m] for m in getattr(c, "members", ()) if m in d.ties]
    if not members:
        return None
    t = max(members, key=lambda t: (t.strength.value, -(t.contact.id or 0)))
    return _act(
        "reopen",
        t,
        say(
            N_("Write to {name} to reopen your ties with {label}"),
            name=t.contact.display_name,
            label=getattr(c, "label", ""),
        ),
        say(N_("the strongest of your ties in that cluster")),
    )


def _bridges(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    """Contacts whose departure would split the people you know into pieces that no longer
    know each other: every contact stays yours, but they alone link their piece to the rest
    of your network (an articulation point of "who knows whom", you left out)."""
    if not d.bridges:
        return []
    ranked = sorted(d.bridges, key=lambda b: (-len(b.cut_off), b.contact_id))
    top = d.ties[ranked[0].contact_id]
    slipping = top.status.status in SLIPPING
    because = [
        say(
            N_(
                "without {name}, {count} of your contacts would no longer be linked to the "
                "rest of your network"
            ),
            name=d.ties[b.contact_id].contact.display_name,
            count=len(b.cut_off),
        )
        for b in ranked[:SHOWN]
    ]
    if slipping:
        because.append(_late(top))
    action = _act(
        "bridge",
        top,
        say(N_("Keep {name} close: have coffee this month"), name=top.contact.display_name),
        say(
            N_("the only link between {count} of your contacts and the others"),
            count=len(ranked[0].cut_off),
        ),
    )
    return [
        _finding(
            "bridges",
            0.45 + (0.25 if slipping else 0),
            say(
                N_("{name} is the only link between {count} of your contacts and the others"),
                name=top.contact.display_name,
                count=len(ranked[0].cut_off),
            ),
            because,
            action,
            bridges=len(ranked),
            contact_ids=[b.contact_id for b in ranked],
        )
    ]


def _profile_names(values: list[str]) -> Text:
    names = [Text(PROFILE_NAMES.get(p, p)) for p in values]
    return Text(
        ", ".join(f"{{p{i}}}" for i in range(len(names))), {f"p{i}": n for i, n in enumerate(names)}
    )


UNKNOWN_PROFILES_MAX = 0.5  # above this share unknown, profiles are not judged, only asked


def _profiles(d: Diagnosis, s: DiagnosisSettings) -> list[Finding]:
    """What the objectives need, and the relational profiles — alarming only on what is
    known: a profile nobody filled in is unknown, not missing."""
    out = []
    m = d.mix
    if m.missing_wanted:
        out.append(
            _finding(
                "missing_wanted",
                0.7,
                say(
                    N_("Your objectives need {what}, and no activated contact has it"),
                    what=_profile_names([v for _, v in m.missing_wanted]),
                ),
                [say(N_("wanted by your objectives but missing from your activated network"))],
                missing=[list(x) for x in m.missing_wanted],
            )
        )
    known = sum(m.counts.values())
    total = known + m.unknown
    if not total:
        return out
    sort = _sort_action(say(N_("the profiles say who opens doors, who advises, who knows a field")))
    if m.unknown / total > UNKNOWN_PROFILES_MAX:
        out.append(
            _finding(
                "profiles_unknown",
                0.3,
                nsay(
                    "The relational profile of {count} contact is unknown",
                    "The relational profile of {count} contacts is unknown",
                    count=m.unknown,
                ),
                [
                    say(
                        N_(
                            "known for {known} of {total}: too few to say which profiles your "
                            "network lacks"
                        ),
                        known=known,
                        total=total,
                    ),
                    say(
                        N_(
                            "a working network holds super-connectors, mentors, experts and "
                            "reserved people: tag the people who matter most first"
                        )
                    ),
                ],
                sort,
                known=known,
                unknown=m.unknown,
            )
        )
    elif m.missing_profiles:
        out.append(
            _finding(
                "missing_profiles",
                0.3 + 0.1 * len(m.missing_profiles),
                say(
                    N_("Among the {known} contacts whose profile you know, too few: {profiles}"),
                    known=known,
                    profiles=_profile_names(list(m.missing_profiles)),
                ),
                [
                    say(
                        N_(
                            "a working network holds super-connectors, mentors, experts and "
                            "reserved people; you have: {counts}"
                        ),
                        counts=Text(
                            "; ".join(f"{{n{i}}}" for i in range(len(m.counts))),
                            {
                                f"n{i}": say(
                                    N_("{profile}: {count}"),
                                    profile=Text(PROFILE_NAMES.get(k, k)),
                                    count=v,
                                )
                                for i, (k, v) in enumerate(m.counts.items())
                            },
                        ),
                    )
                ],
                counts=m.counts,
                missing=list(m.missing_profiles),
            )
        )
    return out


def _sort_action(because: Text) -> Action:
    from tisser.core.coach import SORT_FEW

    return Action(
        "sort",
        say(
            N_("Tag the {count} people who matter most to you: tisser sort, or the Sort page"),
            count=SORT_FEW,
        ),
        because,
    )


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
                        "(Granovetter 1973, the strength of weak ties)"
                    )
                )
            ],
            count=n,
        )
    ]


def _actions(d: Diagnosis) -> list[Action]:
    """The three things to do now: the summary's actions in its order (so the first is the
    top finding's), then the method's order — revive what is slipping, reopen a valuable
    dormant tie, give before asking, keep a bridge — until there are three. Nobody twice,
    nobody whose pause after unanswered messages still runs."""
    out: list[Action] = []
    used: set[int] = set()
    paused = {cid for cid, x in d.silences.items() if x.paused(d.today)}

    def add(a: Action | None) -> None:
        if a is None or len(out) >= 3 or a in out:
            return
        if a.contact_id is None and any(x.code == a.code for x in out):
            return  # one sort is enough, whichever finding asks for it
        people = {i for i in (a.contact_id, a.other_id) if i is not None}
        if a.code != "go_through" and people & paused:
            return
        if a.contact_id is not None and a.contact_id in used:
            return
        used.update(people)
        out.append(a)

    for f in d.summary:
        add(f.action)
    inner = _slipping(d, (Circle.FIRST, Circle.SECOND)) or _slipping(d, (Circle.ACTIVE,))
    if d.cold:
        inner = []
    if inner:
        add(_call(inner[0]))
    dormant = [] if d.cold else d.dormant
    for x in dormant[:1]:
        add(_revive(d.ties[x.contact_id], x.reasons, x.parts.get("relevance", 0.0) > 0))
    for t in _takers(d)[:1]:
        add(_give(t))
    for f in d.findings[len(d.summary) :]:
        add(f.action)
    for x in dormant[1:]:
        add(_revive(d.ties[x.contact_id], x.reasons, x.parts.get("relevance", 0.0) > 0))
    for t in inner[1:]:
        add(_call(t))
    due = sorted(
        (t for t in d.ties.values() if t.status.status == Status.DUE and not d.cold),
        key=lambda t: (-_urgency(t), t.contact.sort_key),
    )
    for t in due:
        add(
            _act(
                "due",
                t,
                say(
                    N_("Get in touch with {name} before the tie slips"),
                    name=t.contact.display_name,
                ),
                _late(t),
            )
        )
    if d.cold:  # the first steps of a network that has no journal yet
        add(
            Action(
                "log",
                say(N_('Note your last exchange with three of them: tisser log "Name" call')),
                say(N_("the journal gives each tie its recency and its rhythm")),
            )
        )
        add(
            Action(
                "goal",
                say(N_("Write down what you want from your network this season: tisser goal add")),
                say(N_("an objective tells which ties matter now")),
            )
        )
    # Nothing else to do: give first to the strongest ties (a network kept before it is needed)
    if len(out) < 3 and not d.cold:
        strongest = sorted(
            (t for t in d.ties.values() if t.contact.id in d.activated),
            key=lambda t: (-t.strength.value, t.contact.sort_key),
        )
        for t in strongest:
            add(
                _act(
                    "give",
                    t,
                    say(
                        N_("Send {name} something useful to them, with no request"),
                        name=t.contact.display_name,
                    ),
                    say(N_("give before you need to ask: one of your strongest ties")),
                )
            )
    return out
