"""Finding the same person twice: shared identifiers, then names compared the way people
write them.

Two records are the same person when they share an e-mail, a phone or a LinkedIn profile
(normalised by :mod:`tisser.core.identity`), or when their names match once accents, case,
word order, nicknames and initials are set aside: "Hélène Durand" = "DURAND Helene",
"Bob Smith" = "Robert Smith", "J. Dupont" ~ "Jean Dupont". Each pair gets a score in 0..100
and a list of reasons; :data:`CERTAIN` pairs merge on import by themselves, :data:`LIKELY`
ones are shown for review (``tisser duplicates``).

Comparing every pair of 30,000 contacts is 450 million comparisons; record linkage
practice (Christen, *Data Matching*, Springer 2012, ch. 4 "Indexing") is to compare only
pairs that share a *blocking key*. The keys here are every identifier, and every name
word paired with the first three letters of another word of the name (names written with
an initial meet the others in separate "initial" blocks, compared only when one side has
an initial), which keeps order-swapped, nicknamed and initialled names in one block; a block larger
than :data:`MAX_BLOCK` (a very common first name with a very common initial) is compared
only through its other keys. Names are scored word by word with rapidfuzz's normalised
Levenshtein ``ratio``, word order ignored (:func:`name_score`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import permutations

from rapidfuzz import fuzz

from tisser.core.identity import email_key, linkedin_key
from tisser.core.model import Contact
from tisser.core.names import fold
from tisser.core.nicknames import canonical

CERTAIN = 95.0
LIKELY = 80.0
# Names alone, merely similar (typos), must be this close: "Caesar Schowalter" and
# "Catherine Schowalter" share a family name and score 81, and are two people.
SIMILAR = 88.0
MAX_BLOCK = 120

_WORD = re.compile(r"\w+")  # the pieces between runs of [^\w]
# An elided particle or prefix ("d'Argenson", "l'Hermite", "O'Brien", also "d' Argenson" as a
# split particle) is one word with what follows, never an initial: otherwise "Grégoire
# d'Argenson" and "Grégoire Duprat" looked like the same name with an initial "D.".
_ELISION = re.compile(r"\b(\w)['’]\s*(?=\w)")


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two contacts that may be one person: ``a_id < b_id``, a score and its reasons.

    Reasons are stable codes: ``email``, ``phone``, ``linkedin``, ``same_name``,
    ``nickname``, ``initial``, ``similar_name``, ``organization``.
    """

    a_id: int
    b_id: int
    score: float
    reasons: tuple[str, ...]

    @property
    def certain(self) -> bool:
        return self.score >= CERTAIN


@dataclass(slots=True)
class Identity:
    """The comparable keys of one contact, computed once."""

    ref: int
    words: tuple[str, ...]
    canon: tuple[str, ...]
    emails: frozenset[str]
    phones: frozenset[str]
    linkedin: str
    organization: str
    initials: bool = False
    joined: str = ""  # the canonical words, sorted, joined by spaces
    keys: list[str] = field(default_factory=list)


def identity(c: Contact, ref: int | None = None) -> Identity:
    """The keys of ``c``; ``ref`` (default its id) is what candidates name it by."""
    # without a particle this folds like the display name (fold collapses spaces), which
    # the reader and the store fold too: one cached folding for the three
    full = f"{c.given_name} {c.particle} {c.family_name}" if c.particle else c.display_name
    words, canon = _name_words(fold(full))
    ident = Identity(
        ref=c.id if ref is None else ref,  # type: ignore[arg-type]
        words=tuple(sorted(words)),
        canon=canon,
        emails=frozenset(filter(None, map(email_key, c.emails))),
        phones=frozenset(p for p in c.phones if p.startswith("+")),
        linkedin=linkedin_key(c.linkedin) if c.linkedin else "",
        organization=c.organization,
        initials=1 in map(len, words),
        joined=" ".join(canon),
    )
    ident.keys = _block_keys(ident)
    return ident


def _name_words(folded: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of a folded name, an elided particle joined to what follows (only
    looked for when the name holds an apostrophe: fold turns ``’`` into ``'``), and
    their canonical forms (nicknames) sorted."""
    if "'" in folded:
        folded = _ELISION.sub(r"\1", folded)
    words = tuple(_WORD.findall(folded))
    return words, tuple(sorted(map(canonical, words)))


def _block_keys(x: Identity) -> list[str]:
    keys = [f"e:{e}" for e in x.emails] + [f"p:{p}" for p in x.phones]
    if x.linkedin:
        keys.append(f"l:{x.linkedin}")
    words = [w for w in x.canon if w]
    if len(words) == 1 and len(words[0]) > 1:
        keys.append(f"w:{words[0]}")
    for i, t in enumerate(words):
        if len(t) < 2:
            continue
        for j, u in enumerate(words):
            if i != j:
                # "n:" blocks meet full names; "i:" blocks meet a name with an initial
                keys.append(f"n:{t}|{u[:3]}" if len(u) > 1 else f"i:{t}|{u}")
                if len(u) > 1 and not x.initials:
                    keys.append(f"i:{t}|{u[0]}")
    return keys


def name_score(x: Identity, y: Identity) -> tuple[float, str]:
    """How alike two names are (0..100) and why: same, nickname, initial or similar."""
    if not x.words or not y.words:
        return 0.0, ""
    if x.words == y.words:
        return 100.0, "same_name"
    if x.canon == y.canon:
        return 96.0, "nickname"
    initials = (x.initials or y.initials) and abs(len(x.canon) - len(y.canon)) <= 1
    if initials and _initials_match(x.canon, y.canon):
        return 88.0, "initial"
    # a cheap whole-name test in C first: names far apart cannot have close words
    if not fuzz.ratio(x.joined, y.joined, score_cutoff=80.0):
        return 0.0, "similar_name"
    return _similar(x.canon, y.canon), "similar_name"


def _similar(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Word-by-word likeness: the weakest pair of words, best pairing, decides.

    "Aniya Fritsch" / "Aniyah Fritsch" -> 91 (a typo); "Paul Martin" / "Martine Paulin"
    -> 80 (two people, though a whole-string ratio gives 88). A name that holds all the
    words of a shorter one of two words or more ("Jean Pierre Dupont", "Jean Dupont")
    scores 88.
    """
    if len(a) != len(b):
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        return 88.0 if len(short) >= 2 and set(short) <= set(long_) else 0.0
    if len(a) > 4:
        return float(fuzz.token_sort_ratio(" ".join(a), " ".join(b)))
    best = 0.0
    for order in permutations(b):
        worst = 100.0
        for u, v in zip(a, order, strict=True):
            worst = min(worst, fuzz.ratio(u, v, score_cutoff=SIMILAR))
            if not worst:
                break
        best = max(best, worst)
    return best


def _initials_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The two names are the same words, some written as initials ("j dupont").

    Whole words pair first (at least one must), then each initial takes a remaining word
    it starts. A compound given name written as one initial ("M. Casfa" for "Marie-Hélène
    Casfa") leaves one word over, which is allowed once.
    """
    left, right = list(a), list(b)
    common = 0
    for w in a:
        if len(w) > 1 and w in right:
            left.remove(w)
            right.remove(w)
            common += 1
    paired = 0
    for w in list(left):
        hit = next(
            (
                r
                for r in right
                if (len(w) == 1 and r.startswith(w)) or (len(r) == 1 and w.startswith(r))
            ),
            None,
        )
        if hit is not None:
            left.remove(w)
            right.remove(hit)
            paired += 1
    return common >= 1 and paired >= 1 and len(left) + len(right) <= 1


def compare(x: Identity, y: Identity) -> Candidate | None:
    """The candidate pair ``x``-``y`` if they look like one person, else None."""
    reasons: list[str] = []
    if x.linkedin and x.linkedin == y.linkedin:
        reasons.append("linkedin")
    if x.emails & y.emails:
        reasons.append("email")
    if x.phones & y.phones:
        reasons.append("phone")
    names, why = name_score(x, y)
    if not reasons and names < (SIMILAR if why == "similar_name" else LIKELY):
        return None  # (the test below, made before comparing organisations)
    same_org = bool(x.organization and y.organization) and (
        fold(x.organization) == fold(y.organization)
    )
    if reasons:
        if "linkedin" in reasons or names >= LIKELY:
            score = 100.0
        elif names >= 50.0:
            score = 90.0
        else:
            score = 82.0  # a shared address or line: a couple, an assistant, a switchboard
        if names >= LIKELY:
            reasons.append(why)
    else:
        if names < (SIMILAR if why == "similar_name" else LIKELY):
            return None
        clash = (x.emails and y.emails) or (x.linkedin and y.linkedin)
        score = names
        if why == "same_name":
            score = 98.0 if same_org and not clash else 90.0
        elif clash:
            score = min(score, 85.0)
        else:
            score = min(score, 94.0)
        reasons.append(why)
    if same_org:
        reasons.append("organization")
    lo, hi = sorted((x.ref, y.ref))
    return Candidate(lo, hi, score, tuple(reasons))


class Index:
    """Identities by blocking key, to find the candidates of one more contact quickly.

    An ``i:`` block pairs only identities of which one is written with an initial; its
    members that are, in the same order, are also kept apart (:attr:`initialled`), so a
    contact written in full reads only those instead of skipping the others one by one.
    """

    def __init__(self) -> None:
        self.blocks: dict[str, list[Identity]] = defaultdict(list)
        self.initialled: dict[str, list[Identity]] = defaultdict(list)

    def add(self, x: Identity) -> None:
        for key in x.keys:
            self.blocks[key].append(x)
            if x.initials and key[0] == "i":
                self.initialled[key].append(x)

    def remove(self, x: Identity) -> None:
        for key in x.keys:
            for blocks in (self.blocks, self.initialled):
                block = blocks.get(key)
                if block and x in block:
                    block.remove(x)

    def best(self, x: Identity, exclude: Iterable[int] = ()) -> Candidate | None:
        """The best-scoring candidate for ``x`` among the indexed identities."""
        skip = set(exclude)
        seen: set[int] = {x.ref}
        best: Candidate | None = None
        for key in x.keys:
            block = self.blocks.get(key, ())
            if len(block) > MAX_BLOCK and key[0] in "ni":
                continue
            if key[0] == "i" and not x.initials:  # only the members with an initial
                block = self.initialled.get(key, ())
            for y in block:
                if y.ref in seen or y.ref in skip:
                    continue
                seen.add(y.ref)
                cand = compare(x, y)
                if cand is not None and (best is None or cand.score > best.score):
                    best = cand
        return best


def find_candidates(
    contacts: Sequence[Contact],
    apart: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
    threshold: float = LIKELY,
) -> list[Candidate]:
    """Every pair of ``contacts`` scoring at least ``threshold``, best first.

    Pairs in ``apart`` (``(low id, high id)``, kept apart by the user) are left out.
    """
    idents = [identity(c) for c in contacts if c.id is not None]
    blocks: dict[str, list[Identity]] = defaultdict(list)
    for x in idents:
        for key in x.keys:
            blocks[key].append(x)
    done: set[tuple[int, int]] = set(apart)
    found: list[Candidate] = []

    def pair(x: Identity, y: Identity) -> None:
        if x.ref == y.ref:  # a name repeating a word puts its contact twice in one block
            return
        key = (x.ref, y.ref) if x.ref < y.ref else (y.ref, x.ref)
        if key in done:
            return
        done.add(key)
        cand = compare(x, y)
        if cand is not None and cand.score >= threshold:
            found.append(cand)

    for key, block in blocks.items():
        if len(block) < 2 or (len(block) > MAX_BLOCK and key[0] in "ni"):
            continue
        if key.startswith("i:"):  # only pairs where one side is written with an initial
            for x in block:
                if x.initials:
                    for y in block:
                        if y is not x:
                            pair(x, y)
            continue
        for i, x in enumerate(block):
            for y in block[i + 1 :]:
                pair(x, y)
    found.sort(key=lambda c: (-c.score, c.a_id, c.b_id))
    return found
