"""Free-text "who can help" queries in French or English, matched against contact cards.

"quelqu'un dans la cybersécurité à Lyon", "expert RGPD", "recruteur chez Thales", "HR
director in Bordeaux": a query becomes a list of *concepts* (here: cybersécurité, Lyon), each
a set of equivalent phrases. A contact matches a concept when one of its phrases appears in
one of its fields (position, organisation, function, sector, city, tags, notes, offers...).

* Folding (:func:`tisser.core.names.fold`): accents and case never matter.
* Stop words of both languages, and the fillers of a request ("quelqu'un", "someone",
  "expert", "chez", "who works at"), are dropped from queries and texts alike.
* Stemming with the Snowball stemmers (Porter 2001) for French *and* English, since neither
  the query's nor the card's language is known: two words match when their French or their
  English stems agree ("recruteurs" = "recruteur", "companies" = "company"), or when a
  query word of four letters or more starts a card word ("cyber" finds "cybersécurité").
* Synonyms (:mod:`tisser.core.synonyms`): a phrase of a group stands for its whole group
  ("DRH" also finds "HR director" and "Directrice des ressources humaines").

:func:`prefixes` gives the word prefixes a full-text index can look up to fetch candidates
(any concept); :func:`match` then decides precisely, on those candidates only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from tisser.core.names import fold
from tisser.core.synonyms import SYNONYM_GROUPS

_WORD = re.compile(r"[^\W_]+")
PREFIX_MIN = 4  # a query word this long also matches the card words it starts

_FRENCH_STOP = (
    "a au aux avec ce ces cet cette chez dans de des du d en et il elle ils elles je j l "
    "la le les leur leurs lui ma me mes moi mon ne ni nos notre nous on ou par pas pour "
    "qu que qui s sa se ses si son sur ta te tes toi ton tu un une vos votre vous y est "
    "sont etre quelqu quelqu'un quelquun quelque personne personnes contact contacts "
    "expert experte experts specialiste specialistes connait connaitre travaille "
    "travaillant bosse cherche recherche trouver besoin aide aider peut pourrait "
)
_ENGLISH_STOP = (
    "an and any anyone at be by for from i in into is it me my of on or our someone "
    "somebody people person the to who whom with works working work knows know find need "
    "looking can could help specialist specialists speak speaks speaking parle parlant "
)
# Stop words of both languages and the fillers of a request ("quelqu'un", "someone").
STOP_WORDS = frozenset(_FRENCH_STOP.split()) | frozenset(_ENGLISH_STOP.split())


@cache
def _stemmers() -> tuple[Any, Any]:
    """The French and English Snowball stemmers, made on the first word stemmed: loading
    them costs every command's start, search or not."""
    import snowballstemmer

    return snowballstemmer.stemmer("french"), snowballstemmer.stemmer("english")


@dataclass(frozen=True, slots=True)
class Word:
    """A folded word and its French and English stems."""

    text: str
    fr: str
    en: str

    def matches(self, other: Word) -> bool:
        """True when ``other`` (a card word) is this query word: same stem, or it starts so."""
        if self.text == other.text or self.fr == other.fr or self.en == other.en:
            return True
        return len(self.text) >= PREFIX_MIN and other.text.startswith(self.text)


@lru_cache(maxsize=65536)
def _word(text: str) -> Word:
    french, english = _stemmers()
    return Word(text, str(french.stemWord(text)), str(english.stemWord(text)))


def words(text: str) -> list[Word]:
    """The folded, stemmed words of ``text`` without stop words ("l'export" -> export)."""
    out = []
    for w in _WORD.findall(fold(text)):
        if w not in STOP_WORDS and not (len(w) == 1 and not w.isdigit()):
            out.append(_word(w))
    return out


def folded_words(text: str) -> list[str]:
    """The folded words of ``text``, stop words kept (for prefix look-ups)."""
    return _WORD.findall(fold(text))


Phrase = tuple[Word, ...]


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing the query asks for: what the user typed, and its equivalent phrases."""

    label: str
    phrases: tuple[Phrase, ...]


def _phrase(text: str) -> Phrase:
    return tuple(words(text))


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[Phrase, ...], ...]:
    return tuple(tuple(p for p in map(_phrase, g) if p) for g in SYNONYM_GROUPS)


def _same(a: Phrase, b: Sequence[Word]) -> bool:
    return len(a) == len(b) and all(
        x.fr == y.fr or x.en == y.en for x, y in zip(a, b, strict=False)
    )


def parse(query: str) -> list[Concept]:
    """The concepts of ``query``: synonym phrases found greedily (longest first), then words.

    A phrase that belongs to several groups ("RSSI": security officers and cybersecurity)
    stands for all of them.
    """
    ws = words(query)
    groups = _groups()
    longest = max((len(p) for g in groups for p in g), default=1)
    concepts: list[Concept] = []
    i = 0
    while i < len(ws):
        found: list[tuple[Phrase, ...]] = []
        size = 0
        for n in range(min(longest, len(ws) - i), 0, -1):
            window = ws[i : i + n]
            found = [g for g in groups if any(_same(p, window) for p in g)]
            if found:
                size = n
                break
        if found:
            phrases = tuple(dict.fromkeys(p for g in found for p in g))
            label = " ".join(w.text for w in ws[i : i + size])
            concepts.append(Concept(label, phrases))
            i += size
        else:
            concepts.append(Concept(ws[i].text, ((ws[i],),)))
            i += 1
    merged: dict[str, Concept] = {}
    for c in concepts:
        merged.setdefault(c.label, c)
    return list(merged.values())


def _common_prefix(*texts: str) -> str:
    first = texts[0]
    n = len(first)
    for t in texts[1:]:
        n = min(n, len(t))
        for k in range(n):
            if first[k] != t[k]:
                n = k
                break
    return first[:n]


def _cut(w: Word) -> str:
    """The part of a word its stems share ("companies", "compan", "compani" -> "compan")."""
    cut = _common_prefix(w.text, w.fr, w.en)
    return cut if len(cut) >= 2 else w.text


def prefixes(concepts: Iterable[Concept]) -> list[str]:
    """Word prefixes a full-text index can look up: every card matching a concept holds one.

    For each phrase, its first word cut to what the word and its stems share, never under
    2 letters (then the word itself).
    """
    return list(dict.fromkeys(_cut(p[0]) for c in concepts for p in c.phrases))


def phrase_prefixes(concept: Concept) -> list[tuple[str, ...]]:
    """For each phrase of ``concept``, the prefixes of all its words.

    A full-text index ANDs the prefixes of a phrase and ORs the phrases: "responsable
    produit" then fetches the cards holding both words, not every "responsable".
    """
    return list(dict.fromkeys(tuple(dict.fromkeys(_cut(w) for w in p)) for p in concept.phrases))


@dataclass(frozen=True, slots=True)
class Field:
    """A field of a card to match: its kind ("position", "offer"...) and its text."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A concept found in a field: the "why" of a result."""

    concept: str
    kind: str
    text: str


def _holds(phrase: Phrase, card: Sequence[Word]) -> bool:
    n = len(phrase)
    for i in range(len(card) - n + 1):
        if all(phrase[k].matches(card[i + k]) for k in range(n)):
            return True
    return False


@lru_cache(maxsize=65536)
def _text_words(text: str) -> tuple[Word, ...]:
    return tuple(words(text))


def text_words(text: str) -> tuple[Word, ...]:
    """The words of a card's text, as :func:`match` reads them (kept: texts repeat)."""
    return _text_words(text)


def match(
    concepts: Sequence[Concept],
    fields: Sequence[Field],
    weights: dict[str, float] | None = None,
    memo: dict[tuple[str, str], bool] | None = None,
) -> list[Hit]:
    """For each concept, the best field holding it (by ``weights``), or nothing.

    The hits come in the concepts' order; a concept that no field holds is absent, so
    ``len(hits) / len(concepts)`` is the query's coverage. ``memo`` (one per query) keeps
    what each distinct text holds: positions, organisations and cities repeat a lot.
    """
    weights = weights or {}
    memo = {} if memo is None else memo
    hits = []
    for c in concepts:
        best: tuple[float, Field] | None = None
        for f in fields:
            key = (c.label, f.text)
            held = memo.get(key)
            if held is None:
                ws = _text_words(f.text)
                held = memo[key] = any(_holds(p, ws) for p in c.phrases)
            if held:
                w = weights.get(f.kind, 0.5)
                if best is None or w > best[0]:
                    best = (w, f)
        if best is not None:
            hits.append(Hit(c.label, best[1].kind, best[1].text))
    return hits
