"""Reach: who can help (``reach``), and asking well (``ask``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any

import typer
from babel.dates import format_timedelta
from babel.numbers import format_decimal
from rich.markup import escape

from tisser.cli import labels
from tisser.cli.app import app
from tisser.cli.context import State, local_zone
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, human_date, output_format
from tisser.core import drafts, query
from tisser.core.errors import N_, InvalidInput
from tisser.core.finder import Found, find
from tisser.core.introductions import Offer, OfferKind
from tisser.core.model import Channel, Circle, Contact
from tisser.core.reach import MAX_HOPS, Path, ReachGraph
from tisser.core.ties import Tie
from tisser.i18n import _, get_language, ngettext, set_language
from tisser.settings import load_settings
from tisser.strengths import reach_ties


@dataclass
class Network:
    """Everything reach and the introductions read, loaded once per command."""

    contacts: dict[int, Contact]
    ties: dict[int, Tie]
    graph: ReachGraph
    offers: dict[int, list[Offer]]


def load_network(state: State) -> Network:
    """The owner's contacts, ties and graph, the tie strengths those of the diagnosis.

    The ties (:class:`~tisser.core.ties.Tie`) come from :func:`tisser.strengths.reach_ties`:
    #4's tie strength, cadence and reciprocity with the settings file, computed from
    per-contact aggregates (never every interaction).
    """
    from tisser.store import ContactFilter

    store = state.store
    people = store.list_contacts(ContactFilter(include_archived=True), state.owner_id)
    settings = load_settings().diagnosis
    ties = reach_ties(store, people, state.owner_id, state.today, local_zone(), settings)
    archived = [c.id for c in people if c.circle == Circle.DORMANT and c.id is not None]
    graph = ReachGraph(ties, store.all_links(state.owner_id), archived=archived)
    offers: dict[int, list[Offer]] = {}
    for o in store.offers(state.owner_id):
        offers.setdefault(o.contact_id, []).append(o)
    return Network({c.id: c for c in people if c.id is not None}, ties, graph, offers)


def _offer_holders(concept: query.Concept, offers: Mapping[int, list[Offer]] | None) -> set[int]:
    starts = query.prefixes([concept])
    return {
        cid
        for cid, items in (offers or {}).items()
        if any(
            w.startswith(p)
            for o in items
            if o.kind is OfferKind.OFFER
            for w in query.folded_words(o.text)
            for p in starts
        )
    }


def candidate_ids(
    store: Any,
    concepts: list[query.Concept],
    owner_id: int,
    offers: Mapping[int, list[Offer]] | None = None,
) -> set[int]:
    """Contacts the index says may hold every concept (or any, when none holds them all).

    Each concept is a full-text query (each phrase's words ANDed, the phrases ORed). When
    no offer holds any concept, the index intersects the concepts itself (one query, few
    rows); otherwise, or when nobody holds them all, one query per concept on one
    connection, with the offers' holders added, intersected here (or united, for the
    partial matches).
    """
    groups = [query.phrase_prefixes(c) for c in concepts]
    holders = [_offer_holders(c, offers) for c in concepts]
    if not any(holders):
        both = set(store.fulltext_all(groups, owner_id))
        if both:
            return both
    sets = store.fulltext_candidate_sets(groups, owner_id)
    for ids, extra in zip(sets, holders, strict=True):
        ids |= extra
    both = set.intersection(*sets) if sets else set()
    return both or set().union(*sets)


def strength_label(strength: float) -> str:
    """``strong``, ``medium`` or ``weak`` (at 0.6 and 0.35)."""
    if strength >= 0.6:
        return _("strong")
    if strength >= 0.35:
        return _("medium")
    return _("weak")


def link_label(strength: float) -> str:
    """How well two contacts know each other, from the strength of their link."""
    if strength >= 0.6:
        return _("they know each other well")
    if strength >= 0.35:
        return _("they know each other")
    return _("they know each other a little")


def score_text(value: float) -> str:
    """A score with two decimals, written the user's way (0,44 in French)."""
    return format_decimal(value, format="0.00", locale=get_language())


def when(day: date | None, today: date, lang: str | None = None) -> str:
    """``il y a 3 mois`` / ``3 months ago`` in ``lang`` (the interface's by default)."""
    if day is None:
        return ""
    if day == today:
        return _("today")
    return format_timedelta(
        day - today, add_direction=True, locale=lang or get_language(), threshold=1.1
    )


def tie_note(tie: Tie | None, today: date) -> str:
    """``fort, déjeuner il y a 1 mois, en retard``: my tie to the person I would ask."""
    if tie is None:
        return ""
    parts = [strength_label(tie.strength)]
    if tie.last_seen:
        channel = labels.label(Channel(tie.last_channel)) if tie.last_channel else ""
        parts.append(f"{channel} {when(tie.last_seen, today)}".strip())
    if tie.overdue:
        parts.append(_("overdue"))
    if tie.one_sided:
        parts.append(_("one-sided"))
    if tie.unanswered >= 3:
        parts.append(
            ngettext(
                "{n} message without an answer", "{n} messages without an answer", tie.unanswered
            ).format(n=tie.unanswered)
        )
    return ", ".join(parts)


def path_text(path: Path, net: Network, today: date) -> str:
    """``vous → Marc Petit (fort, déjeuner il y a 1 mois) → Sophie Roux``."""
    parts = [_("you")]
    for k, cid in enumerate(path.people):
        name = net.contacts[cid].display_name
        if k == 0:
            parts.append(f"{name} ({tie_note(net.ties.get(cid), today)})")
        else:
            parts.append(f"{name} ({link_label(path.strengths[k])})")
    text = " → ".join(parts)
    target = net.ties.get(path.people[-1])
    if path.via is not None and target is not None and target.unanswered >= 3:
        text += "\n" + ngettext(  # why the way round ranks first (#18)
            "{name} has not answered your last message: go through {via}, who answers you",
            "{name} has not answered your last {n} messages: go through {via}, who answers you",
            target.unanswered,
        ).format(
            name=net.contacts[path.people[-1]].display_name,
            n=target.unanswered,
            via=net.contacts[path.via].display_name,
        )
    return text


def why_text(f: Found) -> str:
    seen = dict.fromkeys(labels.snippet_label(f"{h.kind}: {h.text}") for h in f.hits)
    text = _("; ").join(seen)  # " ; " in French
    return text if f.complete else _("partial: {why}").format(why=text)


def willingness(tie: Tie | None) -> str:
    if tie is None or not (tie.gave or tie.received):
        return ""
    return _("help, 12 months: gave {gave}, received {received}").format(
        gave=tie.gave, received=tie.received
    )


REACH_COLUMNS = [
    Column("n", N_("#"), "dim", "right"),
    Column("name", N_("Name"), "bold"),
    Column("role", N_("Position — organisation")),
    Column("path", N_("Path")),
    Column("why", N_("Why")),
    Column("score", N_("Score"), justify="right"),
]


@app.command(
    "reach",
    help=N_(
        'Who can help: tisser reach "expert RGPD" — people matching the query among your '
        "contacts and their contacts, ranked by how well you can reach them."
    ),
)
def reach_command(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help=N_("What you look for, in French or English."))
    ],
    hops: Annotated[
        int,
        typer.Option(
            "--hops", min=1, max=MAX_HOPS, help=N_("Longest path: 1 direct, 2 or 3 (default).")
        ),
    ] = MAX_HOPS,
    limit: Annotated[int, typer.Option("--limit", min=1, help=N_("Show at most this many."))] = 10,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    text = " ".join(words)
    concepts = query.parse(text)
    if not concepts:
        raise InvalidInput(
            N_("{query!r} holds no word to look for"),
            hint=N_('e.g. tisser reach "recruteur chez Thales"'),
            query=text,
        )
    net = load_network(state)
    ids = candidate_ids(state.store, concepts, state.owner_id, net.offers)
    candidates = [net.contacts[i] for i in sorted(ids) if i in net.contacts]
    found = find(concepts, candidates, net.graph, net.offers, hops, limit)
    today = state.today
    rows: list[dict[str, Any]] = []
    shown: list[dict[str, Any]] = []
    for n, f in enumerate(found, start=1):
        c, path = f.contact, f.path
        first = net.ties.get(path.people[0])
        rows.append(
            {
                "rank": n,
                "id": c.id,
                "name": c.display_name,
                "position": c.position,
                "organization": c.organization,
                "city": c.city,
                "hops": path.hops,
                "path": [
                    {"id": cid, "name": net.contacts[cid].display_name, "strength": s}
                    for cid, s in zip(path.people, path.strengths, strict=True)
                ],
                "score": round(path.score, 4),
                "relevance": round(f.relevance, 4),
                "complete": f.complete,
                "why": [{"concept": h.concept, "field": h.kind, "text": h.text} for h in f.hits],
                "first_tie_overdue": bool(first and first.overdue),
                "first_tie_one_sided": bool(first and first.one_sided),
                "first_gave_12m": first.gave if first else 0,
                "first_received_12m": first.received if first else 0,
            }
        )
        will = willingness(first)
        shown.append(
            {
                "n": n,
                "name": c.display_name,
                "role": " — ".join(p for p in (c.position, c.organization, c.city) if p),
                "path": path_text(path, net, today) + (f"\n{will}" if will else ""),
                "why": why_text(f),
                "score": score_text(f.rank),
            }
        )
    emit(
        rows,
        REACH_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        title=_("Who can help: {query}").format(query=text),
        empty=_("Nobody in your network matches {query!r}.").format(query=text),
    )
    if fmt == "table" and found:
        best = found[0]
        target = best.contact.display_name
        if best.path.via is not None:
            via = net.contacts[best.path.via].display_name
            hint = _('Next: tisser ask "{target}" --need business-intro --via "{via}"').format(
                target=target, via=via
            )
        else:
            hint = _('Next: tisser ask "{target}" --need business-intro').format(target=target)
        state.console.print(escape(hint))


NEED_HELP = N_(
    "What you need: job, recruit-info, recommendation, business-intro, start-company, "
    "campaign-support, off-record or other."
)


def draft_context(state: State, net: Network, c: Contact, lang: str) -> drafts.DraftContext:
    """What the draft says about me and ``c``: how we met, our last exchange, what I give."""
    profile = state.store.get_profile(state.owner_id)
    me = " ".join(p for p in ((profile.given_name, profile.family_name) if profile else ()) if p)
    tie = net.ties.get(c.id or 0)
    history = [i for i in state.interactions() if c.id in i.contact_ids and i.occurred_at]
    last = max(history, key=lambda i: (i.occurred_at, i.id or 0)) if history else None
    needs = [o.text for o in net.offers.get(c.id or 0, []) if o.kind is OfferKind.NEED]
    give = ", ".join((profile.skills if profile else [])[:3])
    return drafts.DraftContext(
        first_name=c.given_name or c.display_name,
        my_name=me,
        familiar=c.circle <= Circle.SECOND,
        since_year=c.met_on.year if c.met_on else None,
        met_how=c.met_how,
        last_when=when(last.occurred_at.date(), state.today, lang)
        if last and last.occurred_at
        else "",
        last_about=last.about if last else "",
        long_ago=bool(tie and tie.overdue),
        give_back=give,
        their_need=needs[0] if needs else "",
    )


@contextlib.contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Translate in ``lang`` for a while: a draft's words follow the draft, not the interface."""
    before = get_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def draft_language(language: str | None) -> str:
    lang = (language or get_language()).strip().lower()
    if lang not in ("fr", "en"):
        raise InvalidInput(
            N_("the draft language {lang!r} is not fr or en"), hint=N_("use fr or en"), lang=lang
        )
    return lang


def write_or_print(state: State, text: str, out: FilePath | None) -> None:
    """Print a draft, and write it to ``out`` when given."""
    if out is not None:
        try:
            out.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(
                N_("cannot write {file}: {error}"), file=str(out), error=exc.strerror or str(exc)
            ) from exc
    state.console.print(escape(text), highlight=False)
    state.console.print(_("A draft: edit it and send it yourself; tisser sends nothing."))


Language = Annotated[
    str | None,
    typer.Option("--language", help=N_("Language of the draft: fr or en (default: yours).")),
]
Output = Annotated[
    FilePath | None, typer.Option("--output", "-o", help=N_("Also write the draft to this file."))
]


def refuse_while_paused(state: State, net: Network, target: Contact) -> None:
    """No sixteenth request: while the pause after unanswered messages runs, ``ask`` says
    so and proposes the way round (the best path through someone who answers)."""
    from tisser.strengths import silences_of

    quiet = silences_of(state.store, state.owner_id, state.today, local_zone()).get(
        target.id or 0
    )
    if quiet is None or not quiet.paused(state.today) or quiet.pause_until is None:
        return
    path = net.graph.best(target.id or 0)
    params = {
        "count": quiet.unanswered,
        "name": target.display_name,
        "day": human_date(quiet.pause_until),
    }
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


@app.command(
    "ask",
    help=N_(
        "Draft a short, easy-to-answer request to a contact, or to an intermediary "
        "with --via. Nothing is sent."
    ),
)
def ask_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help=N_("The contact: a name, an e-mail or #id."))],
    need: Annotated[str, typer.Option("--need", help=NEED_HELP)] = "other",
    via: Annotated[
        str | None,
        typer.Option("--via", help=N_("Ask this contact to introduce you instead.")),
    ] = None,
    about: Annotated[
        str | None, typer.Option("--about", "-a", help=N_("What it is about, in a few words."))
    ] = None,
    language: Language = None,
    output: Output = None,
) -> None:
    state: State = ctx.obj
    code = need.strip().lower().replace("_", "-")
    if code not in drafts.NEEDS:
        raise InvalidInput(
            N_("unknown need {need!r}"),
            hint=N_("choose one of: {needs}"),
            need=need,
            needs=", ".join(drafts.NEEDS),
        )
    lang = draft_language(language)
    target = state.contact(who)
    net = load_network(state)
    if not via:
        refuse_while_paused(state, net, target)
    if via:
        middle = state.contact(via)
        if middle.id == target.id:
            raise InvalidInput(N_("the intermediary and the contact are the same person"))
        ctx_ = draft_context(state, net, middle, lang)
        role = ", ".join(p for p in (target.position, target.organization) if p)
        text = drafts.intro_request(code, ctx_, target.display_name, role, lang, about or "")
    else:
        text = drafts.draft(code, draft_context(state, net, target, lang), lang, about or "")
        path = net.graph.best(target.id or 0)
        if path is not None and path.via is not None:
            middle_name = net.contacts[path.via].display_name
            state.console.print(
                escape(
                    _(
                        'Your tie to {name} is weaker than through {via}: consider --via "{via}".'
                    ).format(name=target.display_name, via=middle_name)
                )
            )
    write_or_print(state, text, output)
