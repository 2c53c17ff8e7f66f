"""Reach: who can help (``reach``), and asking well (``ask``)."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, output_format
from tisser.core import drafts, query
from tisser.core.errors import N_, InvalidInput
from tisser.core.finder import find
from tisser.core.reach import MAX_HOPS
from tisser.i18n import _, get_language
from tisser.present.reach import (
    path_text,
    score_text,
    why_text,
    willingness,
)

if TYPE_CHECKING:
    from datetime import date

    from tisser.app.context import State
    from tisser.app.reach import Network
    from tisser.core.finder import Found

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
    from tisser.app.reach import candidate_ids, load_network

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
    rows = [_record(n, f, net) for n, f in enumerate(found, start=1)]
    shown = [_table_row(n, f, net, state.today) for n, f in enumerate(found, start=1)]
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
        state.console.print(escape(_next_hint(found[0], net)))


def _record(n: int, f: Found, net: Network) -> dict[str, Any]:
    """One answer for JSON/CSV: the whole path and the first tie's figures, for scripts."""
    c, path = f.contact, f.path
    first = net.ties.get(path.people[0])
    return {
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


def _table_row(n: int, f: Found, net: Network, today: date) -> dict[str, Any]:
    """One answer for a reader: the path in words, with how willing the first tie may be."""
    c, path = f.contact, f.path
    will = willingness(net.ties.get(path.people[0]))
    return {
        "n": n,
        "name": c.display_name,
        "role": " — ".join(p for p in (c.position, c.organization, c.city) if p),
        "path": path_text(path, net, today) + (f"\n{will}" if will else ""),
        "why": why_text(f),
        "score": score_text(f.rank),
    }


def _next_hint(best: Found, net: Network) -> str:
    """The ask command to type next, through the go-between when the best path has one."""
    target = best.contact.display_name
    if best.path.via is not None:
        via = net.contacts[best.path.via].display_name
        return _('Next: tisser ask "{target}" --need business-intro --via "{via}"').format(
            target=target, via=via
        )
    return _('Next: tisser ask "{target}" --need business-intro').format(target=target)


NEED_HELP = N_(
    "What you need: job, recruit-info, recommendation, business-intro, start-company, "
    "campaign-support, off-record or other."
)


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
    from tisser.app.reach import draft_context, load_network

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
    if not via:  # no new request while the pause after unanswered messages runs (#18)
        from tisser.app.context import local_zone
        from tisser.app.pause import refuse_while_paused

        refuse_while_paused(state.store, state.owner_id, state.today, local_zone(), net, target)
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
