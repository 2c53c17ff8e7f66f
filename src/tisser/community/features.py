"""Members as numpy arrays: pair scores by the million, and the sparse candidate graph.

:func:`tisser.core.matching.pair_score` is the reference; :class:`Features` computes the same
numbers for whole arrays of pairs (tests compare the two on random members), because scoring
all pairs of 100,000 members one by one in Python would take hours.

Candidates are built by *blocking* (the record-linkage technique): a member can only meet
people who share one of their (slot, place) keys, so pairs are drawn inside each key's block,
sorted by level so that the level band is a window. Small blocks are enumerated whole; large
ones are sampled (about ``per_member`` draws per member, spread over their keys). Each
member then keeps their best ``k`` candidates; an edge is kept when either end keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tisser.core.community import SLOTS, Format, Member
from tisser.core.matching import Context, level_of, offers_of
from tisser.core.model import RelationalProfile
from tisser.core.names import fold as _fold

fold = lru_cache(maxsize=65536)(_fold)

NEG = -1.0  # score of an infeasible pair


def _ids(values: Sequence[str]) -> np.ndarray:
    table: dict[str, int] = {}
    raw: dict[str, int] = {}
    out = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values):
        if v not in raw:
            key = fold(v).strip()
            raw[v] = -1 if not key else table.setdefault(key, len(table))
        out[i] = raw[v]
    return out


@dataclass
class Features:
    """Column arrays of the members of one round (index = position in ``members``)."""

    members: Sequence[Member]
    ctx: Context
    level: np.ndarray
    company: np.ndarray
    sector: np.ndarray
    function: np.ndarray
    langs: np.ndarray
    slots: np.ndarray
    places: np.ndarray
    needs: np.ndarray  # [n, words] bit per distinct need
    satisfies: np.ndarray  # [n, words] bit per need this member's offers satisfy
    liked: np.ndarray  # [n, words] bit per need of a kind this member found useful
    unary2: np.ndarray  # unary terms in a pair
    waited: np.ndarray
    stood_up: np.ndarray
    one_to_one: np.ndarray
    group_lover: np.ndarray
    reserved: np.ndarray

    @classmethod
    def build(cls, members: Sequence[Member], ctx: Context) -> Features:
        n = len(members)
        activity = ctx.round.activity
        level = np.array(
            [np.nan if (x := level_of(m, activity)) is None else x for m in members], dtype=float
        )
        lang_codes = sorted({x for m in members for x in m.languages} - {"fr"})
        langs = np.array(
            [sum(1 << lang_codes.index(x) for x in m.languages if x != "fr") for m in members],
            dtype=np.int64,
        )
        slots = np.array(
            [sum(1 << SLOTS.index(s) for s in m.slots) for m in members], dtype=np.int64
        )
        if ctx.round.places:
            order = list(ctx.round.places)
            places = np.array(
                [sum(1 << order.index(p) for p in ctx.places_of(m)) for m in members],
                dtype=np.int64,
            )
        else:
            places = np.ones(n, dtype=np.int64)
        # needs vocabulary: (kind, folded topic)
        vocab: dict[tuple[str, str], int] = {}
        for m in members:
            for w in m.seeks:
                vocab.setdefault((w.kind.value, fold(w.topic)), len(vocab))
        words = max(1, (len(vocab) + 63) // 64)
        needs = np.zeros((n, words), dtype=np.uint64)
        sat = np.zeros((n, words), dtype=np.uint64)
        by_kind: dict[str, list[tuple[str, int]]] = {}
        for (kind, topic), bit in vocab.items():
            by_kind.setdefault(kind, []).append((topic, bit))
        liked = np.zeros((n, words), dtype=np.uint64)
        kinds: dict[int, set[str]] = {}
        for mid, kind in ctx.liked:
            kinds.setdefault(mid, set()).add(kind.value)
        for i, m in enumerate(members):
            mine = kinds.get(m.id, set())
            for (kind, _), bit in vocab.items() if mine else ():
                if kind in mine:
                    liked[i, bit // 64] |= np.uint64(1 << (bit % 64))
            for w in m.seeks:
                bit = vocab[(w.kind.value, fold(w.topic))]
                needs[i, bit // 64] |= np.uint64(1 << (bit % 64))
            for o in offers_of(m):
                topic = fold(o.topic)
                for need_topic, bit in by_kind.get(o.kind.value, []):
                    if not topic or not need_topic or topic == need_topic:
                        sat[i, bit // 64] |= np.uint64(1 << (bit % 64))
        waited = np.array([m.id in ctx.waited for m in members], dtype=bool)
        stood_up = np.array([m.id in ctx.stood_up for m in members], dtype=bool)
        one = np.array([m.format == Format.ONE_TO_ONE for m in members], dtype=bool)
        grp = np.array([m.format == Format.GROUP for m in members], dtype=bool)
        res = np.array(
            [m.relational_profile == RelationalProfile.RESERVED for m in members], dtype=bool
        )
        feats = cls(
            members,
            ctx,
            level,
            _ids([m.company for m in members]),
            _ids([m.sector for m in members]),
            _ids([m.function for m in members]),
            langs,
            slots,
            places,
            needs,
            sat,
            liked,
            np.zeros(n),
            waited,
            stood_up,
            one,
            grp,
            res,
        )
        feats.unary2 = feats.unary(2)
        return feats

    def unary(self, size: int) -> np.ndarray:
        """Each member's own terms in a group of ``size`` (as unary_score)."""
        w = self.ctx.weights
        u = np.where(self.waited, w.waited, 0.0) + np.where(self.stood_up, w.stood_up, 0.0)
        bad = self.one_to_one if size > 2 else self.group_lover if size == 2 else None
        if bad is not None:
            u = u - np.where(bad, w.format, 0.0)
        if size > w.reserved_max_group:
            u = u - np.where(self.reserved, w.format, 0.0)
        return u

    def pair_scores(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """pair_score for each (a[i], b[i]); NEG where the pair breaks a hard constraint.

        History is checked by the caller (a set lookup), as it is sparse.
        """
        w = self.ctx.weights
        band = self.ctx.band()
        la, lb = self.level[a], self.level[b]
        diff = np.abs(la - lb)
        has_levels = ~np.isnan(diff)
        score = np.full(len(a), w.base)
        if band > 0:
            score += np.where(has_levels, w.level * np.clip(1.0 - diff / band, 0.0, None), 0.0)
        comp = np.zeros(len(a), dtype=np.int64)
        fond = np.zeros(len(a), dtype=np.int64)  # complementarities of a liked kind
        for word in range(self.needs.shape[1]):
            na, nb = self.needs[a, word], self.needs[b, word]
            sa_, sb = self.satisfies[a, word], self.satisfies[b, word]
            comp += np.bitwise_count(na & sb).astype(np.int64)
            comp += np.bitwise_count(nb & sa_).astype(np.int64)
            if self.ctx.liked:
                lk = self.liked[a, word] | self.liked[b, word]
                fond += np.bitwise_count(na & sb & lk).astype(np.int64)
                fond += np.bitwise_count(nb & sa_ & lk).astype(np.int64)
        score += w.complement * np.minimum(2, comp) + w.liked * np.minimum(2, fond)
        sa, sb = self.sector[a], self.sector[b]
        score += np.where((sa >= 0) & (sb >= 0) & (sa != sb), w.sector, 0.0)
        fa, fb = self.function[a], self.function[b]
        score += np.where((fa >= 0) & (fb >= 0) & (fa != fb), w.function, 0.0)
        score += np.where((self.langs[a] & self.langs[b]) != 0, w.language, 0.0)
        ca, cb = self.company[a], self.company[b]
        ok = (self.slots[a] & self.slots[b]) != 0
        ok &= (self.places[a] & self.places[b]) != 0
        ok &= (ca < 0) | (ca != cb)
        ok &= ~has_levels | (diff <= band + 1e-9) if band > 0 else ok
        ok &= a != b
        return np.where(ok, score, NEG)


@dataclass
class Candidates:
    """The sparse candidate graph: edges (a < b), their pair scores and pair-edge weights."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray  # pair_score
    weight: np.ndarray  # pair_score + unary(a, 2) + unary(b, 2), the pair-matching weight
    sampled: bool


def candidates(
    f: Features,
    k: int = 20,
    per_member: int = 40,
    exhaustive_limit: int = 3_000_000,
    seed: int = 7,
) -> Candidates:
    """Each member's best ``k`` feasible partners, drawn by blocking on slot × place."""
    n = len(f.members)
    rng = np.random.default_rng(seed)
    keys = _keys(f)
    blocks: dict[int, np.ndarray] = {}
    order = np.argsort(keys[:, 1], kind="stable")
    kk = keys[order]
    bounds = np.flatnonzero(np.diff(kk[:, 1])) + 1
    for chunk in np.split(kk, bounds):
        if len(chunk):
            blocks[int(chunk[0, 1])] = chunk[:, 0]
    total = sum(len(v) * (len(v) - 1) // 2 for v in blocks.values())
    sampled = total > exhaustive_limit
    band = f.ctx.band()
    per_key = max(1, round(per_member / max(1.0, len(keys) / max(1, n))))
    pa: list[np.ndarray] = []
    pb: list[np.ndarray] = []
    for members in blocks.values():
        m = len(members)
        if m < 2:
            continue
        lv = np.nan_to_num(f.level[members], nan=0.0)
        srt = members[np.argsort(lv, kind="stable")]
        lv = np.sort(lv)
        if not sampled:
            i, j = np.triu_indices(m, 1)
            pa.append(srt[i])
            pb.append(srt[j])
            continue
        width = band if band > 0 else np.inf
        lo = np.searchsorted(lv, lv - width, "left")
        hi = np.searchsorted(lv, lv + width, "right")
        pick = lo[:, None] + (rng.random((m, per_key)) * (hi - lo)[:, None]).astype(np.int64)
        pa.append(np.repeat(srt, per_key))
        pb.append(srt[np.minimum(pick, m - 1)].ravel())
    if not pa:
        empty = np.empty(0, dtype=np.int64)
        return Candidates(empty, empty, np.empty(0), np.empty(0), sampled)
    a, b = np.concatenate(pa), np.concatenate(pb)
    lo_, hi_ = np.minimum(a, b), np.maximum(a, b)
    code = np.sort(lo_ * n + hi_)
    code = code[np.concatenate([[True], code[1:] != code[:-1]])]
    a, b = code // n, code % n
    score = f.pair_scores(a, b)
    keep = score > NEG
    if f.ctx.recent_pairs:
        ids = np.array([m.id for m in f.members])
        keep &= ~np.array(
            [
                (min(x, y), max(x, y)) in f.ctx.recent_pairs
                for x, y in zip(ids[a].tolist(), ids[b].tolist(), strict=True)
            ],
            dtype=bool,
        )
    a, b, score = a[keep], b[keep], score[keep]
    weight = score + f.unary2[a] + f.unary2[b]
    top = _top_k(a, b, weight, n, k)
    return Candidates(a[top], b[top], score[top], weight[top], sampled)


def _keys(f: Features) -> np.ndarray:
    """(member, key) rows for every (slot, place) a member can meet at."""
    rows: list[np.ndarray] = []
    idx = np.arange(len(f.members))
    for s in range(len(SLOTS)):
        has_slot = (f.slots >> s) & 1 == 1
        for p in range(63):
            has = has_slot & ((f.places >> p) & 1 == 1)
            if has.any():
                sel = idx[has]
                rows.append(np.stack([sel, np.full(len(sel), s * 64 + p)], axis=1))
            if not ((f.places >> (p + 1)) != 0).any():
                break
    return np.concatenate(rows) if rows else np.empty((0, 2), dtype=np.int64)


def _top_k(a: np.ndarray, b: np.ndarray, w: np.ndarray, n: int, k: int) -> np.ndarray:
    """Mask of edges among the best ``k`` of either end."""
    ends = np.concatenate([a, b])
    ws = np.concatenate([w, w])
    edge = np.concatenate([np.arange(len(a)), np.arange(len(a))])
    # one sort: member first, then heavier first (the fraction is below 1 and falls with w)
    span = float(ws.max() - ws.min()) + 1.0 if len(ws) else 1.0
    order = np.argsort(ends + 0.5 * (ws.max() - ws) / span if len(ws) else ends)
    ends_sorted = ends[order]
    start = np.searchsorted(ends_sorted, ends_sorted, "left")
    rank = np.arange(len(ends_sorted)) - start
    keep = np.zeros(len(a), dtype=bool)
    keep[edge[order][rank < k]] = True
    return keep
