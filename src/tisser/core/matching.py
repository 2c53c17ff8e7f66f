"""The score of a meeting, its hard constraints, and its explanation in words.

Hard constraints (a group breaking one is never proposed): a slot every member is free and a
place every member reaches; never two colleagues of the same company (Donut's flaw: pairing
colleagues at random); levels within the sport's band (by default a spread of at most 3
points, i.e. ±1.5 around the group's middle); no pair already matched in the last N rounds.

Soft terms, summed with the weights of :class:`Weights` (settings, not constants):

- ``base`` — a feasible meeting is worth something (so matching more people wins);
- ``level`` — closeness inside the band, ``1 - spread / band``;
- ``complement`` — one's need meets another's offer (mentor with mentee, a job with a hiring
  manager), the heart of Lunchclub-style matching, at most two per pair counted;
- ``sector`` / ``function`` — diversity against the entre-soi (Burt's structural holes: the
  value of a tie is in the worlds it bridges);
- ``language`` — a shared language other than the default one;
- ``format`` — seed 002: the réservé meets in small groups, the 1:1 lover in pairs;
- ``waited`` — a bonus for a member left unmatched last time;
- ``liked`` / ``stood_up`` — what the members said after their last meetings
  (:func:`learn`): a complementarity of a kind a member found useful counts more for them,
  and a member whose meeting did not happen gets the waiting bonus.

Feedback also adds a hard constraint: a member who said they would not meet their group
again is never matched with those people again, however long ago it was.

The score of a group is the mean of its pairs' scores per member (``Σ pairs / (k-1)``) plus
each member's own terms, so a pair scores ``pair + unary(a) + unary(b)`` and groups of
different sizes compare per head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import combinations

from tisser.core.community import (
    DAYS,
    PART_START,
    PARTS,
    SLOT_TEMPLATES,
    SOCIAL,
    SPORTS,
    Format,
    Member,
    Round,
    Want,
    Wish,
    slot_label,
)
from tisser.core.errors import N_
from tisser.core.model import RelationalProfile
from tisser.core.names import fold
from tisser.core.places import reachable


@dataclass(frozen=True)
class Weights:
    """The weights of the soft terms and the hard-constraint settings."""

    base: float = 1.0
    level: float = 2.0
    complement: float = 3.0
    sector: float = 1.0
    function: float = 0.5
    language: float = 0.5
    format: float = 1.0
    waited: float = 1.5
    liked: float = 1.0  # per complementarity of a kind the member found useful (2 at most)
    stood_up: float = 1.5  # the meeting did not happen last time (see :func:`learn`)
    useful_from: int = 4  # usefulness (1–5) from which a meeting counts as useful
    feedback_rounds: int = 6  # a useful meeting counts for this many published rounds
    history_rounds: int = 6  # never the same pair within this many rounds
    level_band: float | None = None  # overrides the sport's own band when set
    reserved_max_group: int = 4  # a réservé is unhappy in a larger group


@dataclass(frozen=True)
class Context:
    """What the score needs beyond the members: the round, history, who waited."""

    round: Round
    weights: Weights = Weights()
    recent_pairs: frozenset[tuple[int, int]] = frozenset()  # (low id, high id)
    waited: frozenset[int] = frozenset()  # unmatched in the previous round
    liked: frozenset[tuple[int, Want]] = frozenset()  # (member, kind of complementarity)
    stood_up: frozenset[int] = frozenset()  # their meeting did not happen last time

    def places_of(self, m: Member) -> frozenset[str]:
        """The round's places ``m`` reaches (:func:`reachable` caches the answers)."""
        return reachable(m.city, m.travel_km, self.round.places)

    def band(self) -> float:
        if self.weights.level_band is not None:
            return self.weights.level_band
        scale = SPORTS.get(self.round.activity)
        return scale.band if scale else 0.0


def level_of(m: Member, activity: str) -> float | None:
    """The member's level at the activity; None for a social activity or when unknown."""
    if activity in SOCIAL or activity not in SPORTS:
        return None
    return m.sports.get(activity)


def pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _company(m: Member) -> str:
    return fold(m.company).strip()


def common_slots(group: Sequence[Member]) -> list[str]:
    """Slots every member is free, in week order."""
    shared = frozenset.intersection(*(m.slots for m in group))
    return sorted(shared, key=lambda s: (DAYS.index(s[:3]), PARTS.index(s[4:])))


def common_places(group: Sequence[Member], ctx: Context) -> list[str]:
    """Places every member reaches, in the round's order ([""] when the round has none)."""
    if not ctx.round.places:
        return [""]
    shared = frozenset.intersection(*(ctx.places_of(m) for m in group))
    return [p for p in ctx.round.places if p in shared]


def feasible(group: Sequence[Member], ctx: Context) -> bool:
    """Whether the group breaks no hard constraint."""
    companies = [_company(m) for m in group if _company(m)]
    if len(companies) != len(set(companies)):
        return False
    levels = [x for m in group if (x := level_of(m, ctx.round.activity)) is not None]
    if levels and max(levels) - min(levels) > ctx.band() + 1e-9:
        return False
    for a, b in combinations(group, 2):
        if pair_key(a.id, b.id) in ctx.recent_pairs:
            return False
    return bool(common_slots(group)) and bool(common_places(group, ctx))


def _meets(needs: Iterable[Wish], offers: Iterable[Wish]) -> list[Wish]:
    offered = list(offers)
    return [n for n in needs if any(n.meets(o) for o in offered)]


def complements(a: Member, b: Member) -> list[tuple[Member, Member, Wish]]:
    """(seeker, giver, wish) for each of a's needs b offers and vice versa.

    Seeking a mentee meets another's wish for a mentor (and the other way round): two members
    who each state one side of mentoring complement each other without an explicit offer.
    A free interest ("RSE") sought by one meets the same word sought or offered by the other.
    """
    found: list[tuple[Member, Member, Wish]] = []
    for seeker, giver in ((a, b), (b, a)):
        for need in _meets(seeker.seeks, offers_of(giver)):
            found.append((seeker, giver, need))
    return found


def offers_of(m: Member) -> list[Wish]:
    """What ``m`` gives: their offers, the other side of their mentoring wish, their interests."""
    offers = list(m.offers)
    offers += [Wish(Want.MENTOR, w.topic) for w in m.seeks if w.kind == Want.MENTEE]
    offers += [Wish(Want.MENTEE, w.topic) for w in m.seeks if w.kind == Want.MENTOR]
    offers += [w for w in m.seeks if w.kind == Want.INTEREST]
    return offers


def _liked(found: tuple[Member, Member, Wish], ctx: Context) -> bool:
    """Whether the seeker or the giver of a complementarity found one of its kind useful."""
    seeker, giver, wish = found
    return (seeker.id, wish.kind) in ctx.liked or (giver.id, wish.kind) in ctx.liked


# The parts of a score in the order they are shown, each with its words: what the soft
# terms of :class:`Weights` add up to (a negative part counts against the group).
SCORE_PARTS = {
    "base": N_("group size"),
    "level": N_("levels close"),
    "complement": N_("needs met and shared interests"),
    "liked": N_("kinds of meeting found useful"),
    "sector": N_("sectors mixed"),
    "function": N_("functions mixed"),
    "language": N_("a shared language"),
    "waited": N_("waited last time"),
    "stood_up": N_("meeting missed last time"),
    "format": N_("format not preferred"),
}


def pair_parts(a: Member, b: Member, ctx: Context) -> dict[str, float]:
    """The soft terms of a and b meeting, by part (hard constraints are :func:`feasible`'s)."""
    w = ctx.weights
    parts = {"base": w.base}
    la, lb = level_of(a, ctx.round.activity), level_of(b, ctx.round.activity)
    band = ctx.band()
    if la is not None and lb is not None and band > 0:
        parts["level"] = w.level * max(0.0, 1.0 - abs(la - lb) / band)
    found = complements(a, b)
    parts["complement"] = w.complement * min(2, len(found))
    parts["liked"] = w.liked * min(2, sum(1 for x in found if _liked(x, ctx)))
    if fold(a.sector) != fold(b.sector) and a.sector and b.sector:
        parts["sector"] = w.sector
    if fold(a.function) != fold(b.function) and a.function and b.function:
        parts["function"] = w.function
    if (a.languages & b.languages) - {"fr"}:
        parts["language"] = w.language
    return parts


def pair_score(a: Member, b: Member, ctx: Context) -> float:
    """The soft score of a and b meeting: the sum of :func:`pair_parts`."""
    return sum(pair_parts(a, b, ctx).values())


def unary_parts(m: Member, size: int, ctx: Context) -> dict[str, float]:
    """The member's own terms in a group of ``size``: waiting bonus and format fit."""
    w = ctx.weights
    parts = {"waited": w.waited if m.id in ctx.waited else 0.0}
    if m.id in ctx.stood_up:
        parts["stood_up"] = w.stood_up
    penalty = 0.0
    if (m.format == Format.ONE_TO_ONE and size > 2) or (m.format == Format.GROUP and size == 2):
        penalty -= w.format
    if m.relational_profile == RelationalProfile.RESERVED and size > w.reserved_max_group:
        penalty -= w.format
    if penalty:
        parts["format"] = penalty
    return parts


def unary_score(m: Member, size: int, ctx: Context) -> float:
    """The member's own terms in a group of ``size``: the sum of :func:`unary_parts`."""
    return sum(unary_parts(m, size, ctx).values())


def group_score(group: Sequence[Member], ctx: Context) -> float:
    """Mean pair score per member plus each member's own terms."""
    k = len(group)
    pairs = sum(pair_score(a, b, ctx) for a, b in combinations(group, 2))
    return pairs / (k - 1) + sum(unary_score(m, k, ctx) for m in group)


def score_parts(group: Sequence[Member], ctx: Context) -> list[tuple[str, float]]:
    """The parts of :func:`group_score` (keys of :data:`SCORE_PARTS`, in its order), the
    pairs' parts per member as the score counts them; parts worth nothing are left out."""
    k = len(group)
    total = dict.fromkeys(SCORE_PARTS, 0.0)
    for a, b in combinations(group, 2):
        for key, value in pair_parts(a, b, ctx).items():
            total[key] += value / (k - 1)
    for m in group:
        for key, value in unary_parts(m, k, ctx).items():
            total[key] += value
    return [(key, value) for key, value in total.items() if abs(value) > 1e-9]


@dataclass(frozen=True)
class Meeting:
    """A proposed group: its members (ids), score, when and where, and why."""

    member_ids: tuple[int, ...]
    score: float
    slot: str
    place: str
    why: tuple[Phrase, ...]
    meets_at: datetime | None = None
    id: int | None = None


def meeting_day(rnd: Round, slot: str) -> date:
    """The first day of the round's window that falls on the slot's weekday."""
    want = DAYS.index(slot[:3])
    offset = (want - rnd.date_from.weekday()) % 7
    return rnd.date_from + timedelta(days=offset)


def meeting_start(rnd: Round, slot: str, zone: tzinfo) -> datetime:
    """When the group meets: the slot's start time on :func:`meeting_day`, in ``zone``."""
    hour, minute = PART_START[slot[4:]]
    return datetime.combine(meeting_day(rnd, slot), time(hour, minute), tzinfo=zone)


def make_meeting(group: Sequence[Member], ctx: Context, zone: tzinfo) -> Meeting:
    """The meeting of a feasible group: first shared slot and place, score, explanation."""
    slots, places = common_slots(group), common_places(group, ctx)
    slot = slots[0] if slots else ""
    return Meeting(
        member_ids=tuple(m.id for m in group),
        score=round(group_score(group, ctx), 3),
        slot=slot,
        place=places[0] if places else "",
        why=tuple(explain(group, ctx)),
        meets_at=meeting_start(ctx.round, slot, zone) if slot else None,
    )


# --- explanation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """A piece of explanation: an English template (``N_``) and its parameters.

    Parameters named in ``translated`` are msgids themselves (a day name) and are translated
    before filling.
    """

    template: str
    params: tuple[tuple[str, str], ...] = ()
    translated: tuple[str, ...] = ()

    def render(self, translate: Callable[[str], str]) -> str:
        values = {k: translate(v) if k in self.translated else v for k, v in self.params}
        return translate(self.template).format(**values)


def _join(names: Sequence[str], translate: Callable[[str], str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return translate(N_("{a} and {b}")).format(a=", ".join(names[:-1]), b=names[-1])


def _level_text(x: float) -> str:
    return f"{x:g}"


LANGUAGE_NAMES = {
    "en": N_("English"),
    "es": N_("Spanish"),
    "de": N_("German"),
    "it": N_("Italian"),
    "pt": N_("Portuguese"),
}
MAX_REASONS = 3  # complementarities named in one explanation
# (without topic, with topic) for each kind of wish: seeker seeks it, giver offers it.
REASONS = {
    Want.MENTOR: (
        N_("{seeker} seeks a mentor, {giver} is one"),
        N_("{seeker} seeks a mentor in {topic}, {giver} is one"),
    ),
    Want.MENTEE: (
        N_("{giver} would like to be mentored, {seeker} offers to"),
        N_("{giver} would like to be mentored in {topic}, {seeker} offers to"),
    ),
    Want.JOB: (
        N_("{seeker} seeks a job, {giver} is hiring"),
        N_("{seeker} seeks a job in {topic}, {giver} is hiring"),
    ),
    Want.HELP: (
        N_("{seeker} needs help, {giver} offers it"),
        N_("{seeker} needs help with {topic}, {giver} offers it"),
    ),
    Want.PEERS: (
        N_("{seeker} seeks peers, {giver} is one"),
        N_("{seeker} seeks peers in {topic}, {giver} is one"),
    ),
    Want.SECTOR: (
        N_("{seeker} seeks another sector, {giver} opens one"),
        N_("{seeker} seeks the {topic} sector, {giver} opens it"),
    ),
    Want.INTEREST: (
        N_("{seeker} and {giver} share an interest"),
        N_("{seeker} and {giver} share an interest in {topic}"),
    ),
}


def explain(group: Sequence[Member], ctx: Context) -> list[Phrase]:
    """Why this group: when and where, levels, complementarity, diversity, language, waiting."""
    phrases: list[Phrase] = []
    slots, places = common_slots(group), common_places(group, ctx)
    if slots:
        template, day = slot_label(slots[0])
        phrases.append(Phrase(template, (("day", day),), ("day",)))
        if places and places[0]:
            phrases.append(Phrase(N_("at {place}"), (("place", places[0]),)))
    levels = [x for m in group if (x := level_of(m, ctx.round.activity)) is not None]
    if levels:
        shown = sorted({_level_text(x) for x in levels}, key=float)
        phrases.append(Phrase(N_("level {levels}"), (("levels", "|".join(shown)),)))
    found = [x for a, b in combinations(group, 2) for x in complements(a, b)]
    said: set[tuple[Want, str, frozenset[int]]] = set()
    for seeker, giver, wish in found:
        key = (wish.kind, fold(wish.topic), frozenset((seeker.id, giver.id)))
        if wish.kind == Want.INTEREST and key in said:
            continue  # a shared interest is said once, not once for each side
        said.add(key)
        if len(said) > MAX_REASONS:
            break
        plain, with_topic = REASONS[wish.kind]
        params = (("seeker", seeker.short_name), ("giver", giver.short_name))
        if wish.topic:
            phrases.append(Phrase(with_topic, (*params, ("topic", wish.topic))))
        else:
            phrases.append(Phrase(plain, params))
    fans = sorted(
        {
            m.short_name
            for x in found
            if _liked(x, ctx)
            for m in x[:2]
            if (m.id, x[2].kind) in ctx.liked
        },
        key=fold,
    )
    if fans:
        phrases.append(
            Phrase(N_("a similar meeting was useful to {names}"), (("names", "|".join(fans)),))
        )
    sectors = sorted({m.sector for m in group if m.sector}, key=fold)
    if len(sectors) > 1:
        phrases.append(Phrase(N_("sectors: {sectors}"), (("sectors", "|".join(sectors)),)))
    shared = frozenset.intersection(*(m.languages for m in group))
    if shared and "fr" not in shared:
        code = sorted(shared)[0]
        name = LANGUAGE_NAMES.get(code, code)
        phrases.append(Phrase(N_("in {language}"), (("language", name),), ("language",)))
    waited = [m.short_name for m in group if m.id in ctx.waited]
    if waited:
        phrases.append(
            Phrase(N_("left unmatched last time: {names}"), (("names", "|".join(waited)),))
        )
    missed = [m.short_name for m in group if m.id in ctx.stood_up]
    if missed:
        phrases.append(
            Phrase(N_("meeting missed last time: {names}"), (("names", "|".join(missed)),))
        )
    return phrases


# --- feedback --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A member's feedback on a published group, with where its round stands in history.

    ``rank`` counts the community's published rounds back from the latest (0), and
    ``activity_rank`` the published rounds of the same activity.
    """

    member_id: int
    group: tuple[int, ...]  # the group's member ids, the answering member among them
    activity: str
    rank: int
    activity_rank: int
    met: bool
    useful: int | None = None
    again: bool | None = None


@dataclass(frozen=True)
class Lessons:
    """What feedback changes in the next round's :class:`Context`."""

    never: frozenset[tuple[int, int]]
    liked: frozenset[tuple[int, Want]]
    stood_up: frozenset[int]


def learn(
    answers: Iterable[Answer], members: Mapping[int, Member], activity: str, w: Weights
) -> Lessons:
    """The lessons of past feedback for a round of ``activity``.

    The rules, meant to be fair to every member and explainable to an organiser:

    - **Never again** (hard, forever): a member who answered "would not meet again" is never
      matched again with any member of that group. One person's "no" is enough: nobody is
      sent back to someone they did not want to see.
    - **Useful, more of it** (within the last ``w.feedback_rounds`` rounds): a member who met
      their group and found it useful (``useful >= w.useful_from``) or would meet again
      liked the *kinds* of complementarity that group had for them (they sought or gave a
      mentor, a job, help…, with the member's current wishes); a pair with a complementarity
      of such a kind gains ``w.liked`` (two counted at most), and the "why" says so. A poor
      rating takes nothing away: the next meeting is a fresh start.
    - **Missed meeting** (the previous round of the same activity): a member who answered
      "we did not meet" gets ``w.stood_up`` next time, as one left waiting does, unless
      another member of their group answered that they met — then the group met without
      them. When both members of a pair say they did not meet, both get it: we cannot tell
      who stood the other up, and neither loses.
    """
    never: set[tuple[int, int]] = set()
    liked: set[tuple[int, Want]] = set()
    stood_up: set[int] = set()
    met_in: dict[tuple[int, ...], bool] = {}
    missed: list[Answer] = []
    for ans in answers:
        others = [x for x in ans.group if x != ans.member_id]
        if ans.again is False:
            never.update(pair_key(ans.member_id, x) for x in others)
        recent_enough = ans.rank < w.feedback_rounds
        useful = ans.useful is not None and ans.useful >= w.useful_from
        me = members.get(ans.member_id)
        if ans.met and recent_enough and (useful or ans.again) and me is not None:
            for x in others:
                if x in members:
                    liked.update((ans.member_id, f[2].kind) for f in complements(me, members[x]))
        if ans.activity == activity and ans.activity_rank == 0:
            if ans.met:
                met_in[ans.group] = True
            else:
                missed.append(ans)
    stood_up = {a.member_id for a in missed if not met_in.get(a.group)}
    return Lessons(frozenset(never), frozenset(liked), frozenset(stood_up))


HEAD = frozenset({*SLOT_TEMPLATES.values(), N_("at {place}"), N_("level {levels}")})


def _items(p: Phrase, value: str, number: Callable[[float], str] | None) -> list[str]:
    items = value.split("|")
    if number is not None and p.template == N_("level {levels}"):
        return [number(float(x)) for x in items]
    return items


def render(
    phrases: Sequence[Phrase],
    translate: Callable[[str], str],
    number: Callable[[float], str] | None = None,
) -> str:
    """One line: "mardi soir à Mérignac, niveau 4,5 et 6 ; Claire cherche un mentor export, …".

    When, where and level are joined by commas, the other reasons by semicolons; ``number``
    writes the levels as the reader's language does ("4,5" in French), else they stay "4.5".
    """
    head: list[str] = []
    tail: list[str] = []
    for p in phrases:
        params = tuple((k, _join(_items(p, v, number), translate)) for k, v in p.params)
        text = Phrase(p.template, params, p.translated).render(translate)
        if p.template == N_("at {place}") and head:
            head[-1] = f"{head[-1]} {text}"
        elif p.template in HEAD:
            head.append(text)
        else:
            tail.append(text)
    parts = [", ".join(head)] if head else []
    return translate(N_("; ")).join(parts + tail)
