"""Who can help: the best path from me to each contact, through contacts of contacts.

Seed 000 §7: "it is often the contacts of our contacts, or the contacts of the contacts of
our contacts, who hold the solution". Every person in tisser is someone the user entered or
imported, and "A knows B" links are the only way to their contacts: reach never leaves what
the user knows. To reach Sophie, the user can write to her directly (her tie to me), or ask
Marc, who knows her well, to introduce them.

A path ``me -> x1 -> ... -> xk`` (``xk`` the target) scores::

    score = tie(x1) * link(x1, x2) * ... * link(x(k-1), xk) * ATTRITION ** (k - 1)

* ``tie(x1)`` is my tie to the first person I ask (:class:`tisser.core.ties.Tie`),
  multiplied by :data:`OVERDUE_FACTOR` when I have let it slip and by
  :data:`ONE_SIDED_FACTOR` when I only ever received from them: seed 003 warns that asking
  someone you neglected rarely works; by :data:`UNANSWERED_FACTOR` when three messages or
  more went unanswered (a path through someone who answers then ranks first).
* ``link`` is the strength the user gave "A knows B" (:data:`DEFAULT_LINK` when unknown).
* ``ATTRITION`` is paid at each intermediary: in Dodds, Muhamad & Watts (2003, *Science*
  301:827), most message chains died at each step, at a roughly constant rate, and success
  depended on each person's incentive to pass it on. tisser keeps half of a path's value per
  intermediary, milder than their strangers' chains: here the user asks people they know.

The product of strengths is the probability-like reading of a chain where every tie must
hold (Granovetter 1973: weak ties carry novel information but are less likely to be
activated). Archived contacts (circle 5) are never proposed, neither as target nor as
intermediary.

:class:`ReachGraph` is built once from the ties and links (an adjacency in compact arrays)
and precomputes, for every contact, the best path of 1, 2 and 3 hops: the user-side part of
a path does not depend on the query, so a query only matches text and reads the table.
Paths are simple (nobody twice).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tisser.core.model import Link
from tisser.core.ties import Tie
from tisser.core.unanswered import PAUSE_AFTER

ATTRITION = 0.5
OVERDUE_FACTOR = 0.6
ONE_SIDED_FACTOR = 0.75
# Three messages or more without an answer: writing again directly rarely works, a path
# through someone who answers is worth more (:mod:`tisser.core.unanswered`).
UNANSWERED_FACTOR = 0.2
DEFAULT_LINK = 0.3
MAX_HOPS = 3


def tie_value(tie: Tie | None) -> float:
    """The value of my tie for asking: its strength with seed 003's penalties."""
    if tie is None:
        return 0.0
    value = tie.strength
    if tie.overdue:
        value *= OVERDUE_FACTOR
    if tie.one_sided:
        value *= ONE_SIDED_FACTOR
    if tie.unanswered >= PAUSE_AFTER:
        value *= UNANSWERED_FACTOR
    return value


def path_score(first_tie: float, links: Iterable[float], attrition: float = ATTRITION) -> float:
    """The score of a path: my (penalised) tie, times each link, times attrition per hop."""
    score = first_tie
    for s in links:
        score *= s * attrition
    return score


@dataclass(frozen=True, slots=True)
class Path:
    """The best way to reach ``people[-1]``: ``people`` in order from the one I ask."""

    people: tuple[int, ...]
    strengths: tuple[float, ...]  # my tie to people[0], then each link
    score: float

    @property
    def hops(self) -> int:
        return len(self.people)

    @property
    def via(self) -> int | None:
        """The person I ask first, when it is not the target."""
        return self.people[0] if len(self.people) > 1 else None


class ReachGraph:
    """The adjacency of "A knows B" and the best 1-, 2- and 3-hop paths to every contact.

    ``archived`` contacts are left out of every path. Build it once per network; queries
    read :meth:`best`.
    """

    def __init__(
        self,
        ties: Mapping[int, Tie],
        links: Iterable[Link],
        archived: Iterable[int] = (),
        attrition: float = ATTRITION,
        default_link: float = DEFAULT_LINK,
    ) -> None:
        self.attrition = attrition
        skip = set(archived)
        ids = sorted(set(ties) - skip)
        self.ids = ids
        self.index = {cid: i for i, cid in enumerate(ids)}
        n = len(ids)
        self.w0 = array("d", (tie_value(ties[cid]) for cid in ids))
        self.raw = array("d", (ties[cid].strength for cid in ids))
        self._adjacency(links, default_link, n)
        self._precompute(n)

    def _adjacency(self, links: Iterable[Link], default: float, n: int) -> None:
        """A compressed adjacency (CSR): node i's neighbours are nbr[start[i]:start[i+1]]."""
        ends: list[tuple[int, int, float]] = []
        degree = [0] * (n + 1)
        index = self.index
        for lk in links:
            a, b = index.get(lk.a_id), index.get(lk.b_id)
            if a is None or b is None or a == b:
                continue
            s = default if lk.strength is None else lk.strength
            ends.append((a, b, s))
            degree[a] += 1
            degree[b] += 1
        start = array("l", [0] * (n + 1))
        for i in range(n):
            start[i + 1] = start[i] + degree[i]
        fill = array("l", start)
        nbr = array("l", [0] * start[n])
        weight = array("d", [0.0] * start[n])
        for a, b, s in ends:
            nbr[fill[a]], weight[fill[a]] = b, s
            fill[a] += 1
            nbr[fill[b]], weight[fill[b]] = a, s
            fill[b] += 1
        self.start, self.nbr, self.weight = start, nbr, weight

    def neighbours(self, i: int) -> Iterable[tuple[int, float]]:
        lo, hi = self.start[i], self.start[i + 1]
        return zip(self.nbr[lo:hi], self.weight[lo:hi], strict=True)

    def _precompute(self, n: int) -> None:
        """Best 2-hop paths (the two best with distinct first persons), then 3-hop ones."""
        w0, att = self.w0, self.attrition
        d2 = array("d", [0.0] * n)
        p2 = array("l", [-1] * n)
        d2b = array("d", [0.0] * n)  # second best, by another first person
        p2b = array("l", [-1] * n)
        for t in range(n):
            best = second = 0.0
            pb = ps = -1
            for a, s in self.neighbours(t):
                v = w0[a] * s
                if v > best:
                    second, ps, best, pb = best, pb, v, a
                elif v > second:
                    second, ps = v, a
            d2[t], p2[t], d2b[t], p2b[t] = best * att, pb, second * att, ps
        d3 = array("d", [0.0] * n)
        p3 = array("l", [-1] * n)
        for t in range(n):
            best, pb = 0.0, -1
            for b, s in self.neighbours(t):
                v = d2[b] if p2[b] != t else d2b[b]
                v *= s
                if v > best:
                    best, pb = v, b
            d3[t], p3[t] = best * att, pb
        self.d2, self.p2, self.d2b, self.p2b, self.d3, self.p3 = d2, p2, d2b, p2b, d3, p3

    def _link(self, a: int, b: int) -> float:
        for x, s in self.neighbours(a):
            if x == b:
                return s
        return 0.0

    def score(self, contact_id: int, max_hops: int = MAX_HOPS) -> float:
        """The score of the best path of at most ``max_hops`` (0 when none): a table read."""
        t = self.index.get(contact_id)
        if t is None:
            return 0.0
        value = self.w0[t]
        if max_hops >= 2:
            value = max(value, self.d2[t])
        if max_hops >= 3:
            value = max(value, self.d3[t])
        return value

    def best(self, contact_id: int, max_hops: int = MAX_HOPS) -> Path | None:
        """The best path of at most ``max_hops`` to a contact (None: archived or unknown)."""
        t = self.index.get(contact_id)
        if t is None:
            return None
        ids = self.ids
        options: list[tuple[float, tuple[int, ...]]] = [(self.w0[t], (t,))]
        if max_hops >= 2 and self.p2[t] >= 0:
            options.append((self.d2[t], (self.p2[t], t)))
        if max_hops >= 3 and self.p3[t] >= 0:
            b = self.p3[t]
            a = self.p2[b] if self.p2[b] != t else self.p2b[b]
            if a >= 0:
                options.append((self.d3[t], (a, b, t)))
        score, chain = max(options, key=lambda o: (o[0], -len(o[1])))
        strengths = (
            self.raw[chain[0]],
            *tuple(self._link(chain[k], chain[k + 1]) for k in range(len(chain) - 1)),
        )
        return Path(tuple(ids[i] for i in chain), strengths, score)

    def reachable(self, contact_id: int, max_hops: int = MAX_HOPS) -> bool:
        """Whether any path of at most ``max_hops`` (other than a zero tie) reaches them."""
        path = self.best(contact_id, max_hops)
        return path is not None and path.score > 0
