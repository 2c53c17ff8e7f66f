"""The inventory: add, edit, show, list, search, tag, archive and erase contacts."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import Column, CsvFlag, JsonFlag, confirm, emit, json_out, output_format
from tisser.core import cadence
from tisser.core.dates import parse_date
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Circle, Contact, RelationalProfile
from tisser.core.names import parse_full_name
from tisser.i18n import _, ngettext
from tisser.present import labels
from tisser.present.dates import ago, human_date

if TYPE_CHECKING:
    from tisser.app.context import State
    from tisser.store import ContactFilter

# --- options shared by add and edit -------------------------------------------------------
Given = Annotated[str | None, typer.Option("--given", help=N_("Given name(s)."))]
Family = Annotated[
    str | None,
    typer.Option("--family", help=N_('Family name with its particle, e.g. "de La Fontaine".')),
]
Org = Annotated[str | None, typer.Option("--org", "-o", help=N_("Organisation."))]
Position = Annotated[str | None, typer.Option("--position", "-p", help=N_("Job title."))]
Sector = Annotated[str | None, typer.Option("--sector", help=N_("Sector (e.g. aeronautics)."))]
Function = Annotated[
    str | None, typer.Option("--function", help=N_("Function (e.g. marketing, HR)."))
]
Seniority = Annotated[
    str | None, typer.Option("--seniority", help=N_("Seniority (junior, senior, executive…)."))
]
Gender = Annotated[str | None, typer.Option("--gender", help=N_("Gender, if known (f, m, …)."))]
City = Annotated[str | None, typer.Option("--city", help=N_("City."))]
Country = Annotated[str | None, typer.Option("--country", help=N_("Country."))]
Emails = Annotated[
    list[str] | None, typer.Option("--email", "-e", help=N_("E-mail address (repeatable)."))
]
Phones = Annotated[
    list[str] | None,
    typer.Option("--phone", help=N_("Phone number, any format (repeatable).")),
]
Region = Annotated[
    str, typer.Option("--region", help=N_("Country code for national phone numbers."))
]
LinkedIn = Annotated[str | None, typer.Option("--linkedin", help=N_("LinkedIn profile URL."))]
XHandle = Annotated[str | None, typer.Option("--x", help=N_("X (Twitter) handle."))]
Website = Annotated[str | None, typer.Option("--website", help=N_("Website."))]
MetOn = Annotated[str | None, typer.Option("--met-on", help=N_("When we met (a date)."))]
MetHow = Annotated[
    str | None, typer.Option("--met-how", help=N_('How we met (e.g. "Salon VivaTech 2024").'))
]
MetChannel = Annotated[
    str | None, typer.Option("--met-channel", help=N_("Channel of the first meeting."))
]
MetThrough = Annotated[
    str | None, typer.Option("--met-through", help=N_("The contact who introduced us."))
]
Profile = Annotated[
    str | None,
    typer.Option(
        "--profile", help=N_("Relational profile: super-connector, mentor, expert, reserved.")
    ),
]
EnergyOpt = Annotated[
    str | None, typer.Option("--energy", help=N_("Introvert, ambivert or extravert."))
]
CircleOpt = Annotated[
    str | None,
    typer.Option("--circle", "-c", help=N_("Circle 1-5 (1 closest, 5 dormant/archived).")),
]
Categories = Annotated[
    list[str] | None,
    typer.Option("--category", help=N_("Category, e.g. client, alumni (repeatable).")),
]
Tags = Annotated[list[str] | None, typer.Option("--tag", "-t", help=N_("Free tag (repeatable)."))]
Closeness = Annotated[
    int | None,
    typer.Option("--closeness", min=1, max=5, help=N_("How close you are, 1 (distant) to 5.")),
]
Notes = Annotated[str | None, typer.Option("--notes", "-n", help=N_("Notes."))]
Force = Annotated[
    bool, typer.Option("--force", help=N_("Add even if a contact has the same name or e-mail."))
]


def _apply(state: State, contact: Contact, region: str, fields: dict[str, Any]) -> Contact:
    """Copy the options the user gave onto ``contact``, parsing and normalising each."""
    from tisser.app.contacts import apply_fields

    return apply_fields(contact, fields, today=state.today, region=region, resolve=state.contact)


@app.command(
    "add", help=N_('Add a contact: tisser add "Hélène Müller" --org Airbus --city Toulouse.')
)
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=N_('Full name, e.g. "Jean de La Fontaine".'))],
    given: Given = None,
    family: Family = None,
    organization: Org = None,
    position: Position = None,
    sector: Sector = None,
    function: Function = None,
    seniority: Seniority = None,
    gender: Gender = None,
    city: City = None,
    country: Country = None,
    emails: Emails = None,
    phones: Phones = None,
    region: Region = "FR",
    linkedin: LinkedIn = None,
    x_handle: XHandle = None,
    website: Website = None,
    met_on: MetOn = None,
    met_how: MetHow = None,
    met_channel: MetChannel = None,
    met_through: MetThrough = None,
    profile: Profile = None,
    energy: EnergyOpt = None,
    circle: CircleOpt = None,
    categories: Categories = None,
    tags: Tags = None,
    closeness: Closeness = None,
    notes: Notes = None,
    force: Force = False,
) -> None:
    from tisser.app.contacts import CONTACT_OPTIONS

    options = {k: v for k, v in locals().items() if k in CONTACT_OPTIONS}
    state: State = ctx.obj
    given_name, particle, family_name = parse_full_name(name)
    if not (given_name or family_name):
        raise InvalidInput(N_("a contact needs a name"), hint=N_('e.g. tisser add "Claire Dubois"'))
    contact = Contact(
        owner_id=state.owner_id, given_name=given_name, particle=particle, family_name=family_name
    )
    contact = _apply(state, contact, region, options)
    if not force:
        _refuse_duplicate(state, contact)
    saved = state.store.add_contact(contact)
    state.console.print(
        _("Added {name} (#{id}) — {circle}.").format(
            name=escape(saved.display_name), id=saved.id, circle=labels.label(saved.circle)
        )
    )


def _refuse_duplicate(state: State, contact: Contact) -> None:
    same = state.store.find_contacts_by_name(contact.display_name, state.owner_id)
    for email in contact.emails:
        same += [
            c
            for c in state.store.find_contacts_by_name(email, state.owner_id)
            if c.id not in {s.id for s in same}
        ]
    if same:
        raise InvalidInput(
            N_("{name} may already be in your network as #{id}"),
            hint=N_("edit it with `tisser edit #{id}`, or add --force to add another"),
            name=contact.display_name,
            id=same[0].id,
        )


@app.command("edit", help=N_("Change a contact's details; lists given replace the old ones."))
def edit_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help=N_("The contact: a name, an e-mail or #id."))],
    given: Given = None,
    family: Family = None,
    organization: Org = None,
    position: Position = None,
    sector: Sector = None,
    function: Function = None,
    seniority: Seniority = None,
    gender: Gender = None,
    city: City = None,
    country: Country = None,
    emails: Emails = None,
    phones: Phones = None,
    region: Region = "FR",
    linkedin: LinkedIn = None,
    x_handle: XHandle = None,
    website: Website = None,
    met_on: MetOn = None,
    met_how: MetHow = None,
    met_channel: MetChannel = None,
    met_through: MetThrough = None,
    profile: Profile = None,
    energy: EnergyOpt = None,
    circle: CircleOpt = None,
    categories: Categories = None,
    tags: Tags = None,
    closeness: Closeness = None,
    notes: Notes = None,
) -> None:
    from tisser.app.contacts import CONTACT_OPTIONS

    options = {k: v for k, v in locals().items() if k in CONTACT_OPTIONS}
    state: State = ctx.obj
    contact = state.contact(who)
    updated = _apply(state, contact, region, options)
    if updated == contact:
        state.console.print(_("Nothing to change: give at least one option (see --help)."))
        return
    if not (updated.given_name or updated.family_name):
        raise InvalidInput(N_("a contact needs a name"))
    saved = state.store.update_contact(updated)
    state.console.print(
        _("Updated {name} (#{id}).").format(name=escape(saved.display_name), id=saved.id)
    )


def contact_record(
    c: Contact, last_seen: date | None, st: cadence.CadenceStatus
) -> dict[str, object]:
    """A contact as a flat record for JSON/CSV: every field, plus name, last seen, status."""
    record: dict[str, object] = {"id": c.id, "name": c.display_name}
    record.update(dataclasses.asdict(c))
    record.update(circle=int(c.circle), last_seen=last_seen, status=st.status)
    record.pop("owner_id", None)
    return record


LIST_COLUMNS = [
    Column("id", N_("#"), "dim", "right"),
    Column("name", N_("Name"), "bold", no_wrap=True),
    Column("role", N_("Position — organisation")),
    Column("city", N_("City")),
    Column("circle", N_("Circle"), justify="right"),
    Column("last_seen", N_("Last contact"), no_wrap=True),
    Column("status", N_("Status"), no_wrap=True),
]


def _list_filter(
    state: State,
    circles: list[Circle] | None,
    *,
    all_: bool,
    tag: str | None,
    category: str | None,
    sector: str | None,
    city: str | None,
    profile: str | None,
    not_seen_since: str | None,
    limit: int | None,
) -> ContactFilter:
    """The store filter of ``list``: options parsed once, so the listing and its count agree."""
    from tisser.store import ContactFilter

    return ContactFilter(
        circles=circles,
        include_archived=all_ or bool(circles and Circle.DORMANT in circles),
        tag=tag,
        category=category,
        sector=sector,
        city=city,
        relational_profile=labels.parse(RelationalProfile, profile) if profile else None,
        not_seen_since=parse_date(not_seen_since, state.today) if not_seen_since else None,
        limit=limit,
    )


def _list_rows(
    state: State, contacts: list[Contact]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Each contact twice: the full record for JSON/CSV and the short row the table shows."""
    from tisser.settings import load_settings

    last = state.last_seen()
    rhythm = load_settings().cadence
    rows, shown = [], []
    for c in contacts:
        seen = last.get(c.id or 0)
        st = cadence.status_of(c, seen, state.today, settings=rhythm)
        rows.append(contact_record(c, seen.date() if seen else None, st))
        shown.append(
            {
                "id": c.id,
                "name": c.display_name,
                "role": " — ".join(p for p in (c.position, c.organization) if p),
                "city": c.city,
                "circle": int(c.circle),
                "last_seen": ago(seen.date() if seen else None, state.today),
                "status": labels.label(st.status),
            }
        )
    return rows, shown


# --- options of list: named here so the command reads as its body ------------------------
ListCircles = Annotated[
    list[str] | None, typer.Option("--circle", "-c", help=N_("Only this circle (repeatable)."))
]
ListTag = Annotated[
    str | None, typer.Option("--tag", "-t", help=N_("Only contacts with this tag."))
]
ListCategory = Annotated[str | None, typer.Option("--category", help=N_("Only this category."))]
ListSector = Annotated[str | None, typer.Option("--sector", help=N_("Sector contains this."))]
ListCity = Annotated[str | None, typer.Option("--city", help=N_("City contains this."))]
ListProfile = Annotated[
    str | None, typer.Option("--profile", help=N_("Only this relational profile."))
]
NotSeenSince = Annotated[
    str | None,
    typer.Option(
        "--not-seen-since", help=N_("No contact since this date or for this long (6m, 1y).")
    ),
]
IncludeArchived = Annotated[
    bool, typer.Option("--all", "-a", help=N_("Include archived contacts."))
]
ListLimit = Annotated[
    int | None, typer.Option("--limit", min=1, help=N_("Show at most this many."))
]


@app.command("list", help=N_("List contacts, sorted by family name, with filters."))
def list_command(
    ctx: typer.Context,
    circle: ListCircles = None,
    tag: ListTag = None,
    category: ListCategory = None,
    sector: ListSector = None,
    city: ListCity = None,
    profile: ListProfile = None,
    not_seen_since: NotSeenSince = None,
    all_: IncludeArchived = False,
    limit: ListLimit = None,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    circles = [labels.parse(Circle, c) for c in circle] if circle else None
    flt = _list_filter(
        state,
        circles,
        all_=all_,
        tag=tag,
        category=category,
        sector=sector,
        city=city,
        profile=profile,
        not_seen_since=not_seen_since,
        limit=limit,
    )
    rows, shown = _list_rows(state, state.store.list_contacts(flt, state.owner_id))
    total = state.store.count_contacts(flt, state.owner_id)
    emit(
        rows,
        LIST_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        title=ngettext("{n} contact", "{n} contacts", total).format(n=total),
        empty=_("No contact matches."),
    )


SEARCH_COLUMNS = [
    Column("id", N_("#"), "dim", "right"),
    Column("name", N_("Name"), "bold", no_wrap=True),
    Column("organization", N_("Organisation")),
    Column("position", N_("Position")),
    Column("city", N_("City")),
    Column("match", N_("Found in")),
]


@app.command(
    "search", help=N_("Find contacts by any word: name, organisation, position, tag, notes.")
)
def search_command(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help=N_("Words to find; accents and case do not matter."))
    ],
    limit: Annotated[int, typer.Option("--limit", min=1, help=N_("Show at most this many."))] = 20,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    query = " ".join(words)
    hits = state.store.search(query, state.owner_id, limit)
    rows = [
        {
            "id": h.contact.id,
            "name": h.contact.display_name,
            "organization": h.contact.organization,
            "position": h.contact.position,
            "city": h.contact.city,
            "match": h.snippet,
            "rank": h.rank,
        }
        for h in hits
    ]
    shown = [{**row, "match": labels.snippet_label(str(row["match"]))} for row in rows]
    emit(
        rows,
        SEARCH_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        empty=_("Nobody matches {query!r}.").format(query=query),
    )


@app.command("show", help=N_("Show everything about a contact: card, cadence, journal, links."))
def show_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help=N_("The contact: a name, an e-mail or #id."))],
    as_json: JsonFlag = False,
) -> None:
    from rich.panel import Panel
    from rich.table import Table

    from tisser.settings import load_settings

    state: State = ctx.obj
    store, today = state.store, state.today
    c = state.contact(who)
    history = state.history(c.id or 0)
    last = history[0].occurred_at if history else None
    st = cadence.status_of(c, last, today, settings=load_settings().cadence)
    links = store.links_of(c.id or 0, state.owner_id)
    other_ids = {(link.b_id if link.a_id == c.id else link.a_id) for link in links}
    names = dict(store.contact_names(state.owner_id))
    introducer = names.get(c.met_through_id) if c.met_through_id else None
    if as_json:
        record = contact_record(c, last.date() if last else None, st)
        record["interactions"] = [dataclasses.asdict(i) for i in history]
        record["offers"] = [
            {"id": o.id, "kind": o.kind.value, "text": o.text}
            for o in store.offers(state.owner_id, contact_id=c.id)
        ]
        record["links"] = [
            {"id": oid, "name": names.get(oid, ""), "strength": link.strength}
            for link in links
            for oid in [link.b_id if link.a_id == c.id else link.a_id]
        ]
        json_out(record)
        return
    console = state.console
    card = Table.grid(padding=(0, 2))
    card.add_column(style="dim")
    card.add_column()

    def row(label_text: str, value: object) -> None:
        if value not in (None, "", []):
            card.add_row(label_text, escape(str(value)))

    row(_("Organisation"), " — ".join(p for p in (c.position, c.organization) if p))
    row(_("Sector"), labels.work_line(c.sector, c.function, c.seniority))
    row(_("Place"), ", ".join(p for p in (c.city, c.country) if p))
    from tisser.present.contact_card import detail_rows  # typed phones, addresses, birthday (#17)

    for detail in detail_rows(c, today):
        row(detail.label, detail.value)
    row(_("Links"), " ".join(p for p in (c.linkedin, c.x_handle, c.website) if p))
    row(_("Circle"), labels.circle_label(c.circle))
    row(_("Closeness"), f"{c.closeness}/5" if c.closeness else "")
    row(
        _("Profile"),
        ", ".join(p for p in (labels.label(c.relational_profile), labels.label(c.energy)) if p),
    )
    met = ", ".join(p for p in (human_date(c.met_on), c.met_how, labels.label(c.met_channel)) if p)
    if introducer:
        met = (met + " — " if met else "") + _("introduced by {name}").format(name=introducer)
    row(_("Met"), met)
    row(_("Categories"), ", ".join(c.categories))
    row(_("Tags"), ", ".join(c.tags))
    row(_("Notes"), c.notes)
    asks = store.offers(state.owner_id, contact_id=c.id)
    row(_("Offers"), "; ".join(o.text for o in asks if o.kind.value == "offer"))
    row(_("Needs"), "; ".join(o.text for o in asks if o.kind.value == "need"))
    row(_("Cadence"), _cadence_sentence(st, today))
    console.print(
        Panel(card, title=f"[bold]{escape(c.display_name)}[/] [dim]#{c.id}[/]", title_align="left")
    )
    if history:
        journal = Table(title=_("Journal"), title_justify="left", header_style="bold")
        for header in (_("Date"), _("Channel"), _("With"), _("Help"), _("About")):
            journal.add_column(header)
        for i in history[:15]:
            others = [names.get(x, "?") for x in i.contact_ids if x != c.id]
            help_text = labels.label(i.direction) if i.direction.value != "none" else ""
            detail = "; ".join(p for p in (i.gave, i.received) if p)
            journal.add_row(
                human_date(i.occurred_at.date() if i.occurred_at else None),
                labels.label(i.channel),
                escape(", ".join(others)),
                escape(f"{help_text} {detail}".strip()),
                escape(" → ".join(p for p in (i.about, i.outcome) if p)),
            )
        console.print(journal)
        if len(history) > 15:
            console.print(
                ngettext(
                    "… and {n} earlier interaction.",
                    "… and {n} earlier interactions.",
                    len(history) - 15,
                ).format(n=len(history) - 15)
            )
    else:
        console.print(
            _('No interaction logged yet: tisser log "{name}" lunch').format(
                name=escape(c.display_name)
            )
        )
    if other_ids:
        known = sorted(names.get(o, "?") for o in other_ids)
        console.print(_("Knows: {names}").format(names=escape(", ".join(known))))


def _cadence_sentence(st: cadence.CadenceStatus, today: date) -> str:
    status = labels.label(st.status)
    if st.last_contact is None:
        return status
    since = ago(st.last_contact, today)
    if st.counted_from_meeting:
        since = _("met {when}, never since").format(when=since)
    else:
        since = _("last contact {when}").format(when=since)
    if st.cadence_days:
        return _("{status} — {since}; cadence every {days} days").format(
            status=status, since=since, days=st.cadence_days
        )
    return f"{status} — {since}"


@app.command("tag", help=N_("Add tags to a contact, or remove them with --remove."))
def tag_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help=N_("The contact: a name, an e-mail or #id."))],
    tags: Annotated[list[str], typer.Argument(help=N_("Tags to add or remove."))],
    remove: Annotated[
        bool, typer.Option("--remove", "-r", help=N_("Remove the tags instead."))
    ] = False,
) -> None:
    state: State = ctx.obj
    c = state.contact(who)
    clean = [t.strip() for t in tags if t.strip()]
    if remove:
        saved = state.store.remove_tags(c.id or 0, clean, state.owner_id)
    else:
        saved = state.store.add_tags(c.id or 0, clean, state.owner_id)
    state.console.print(
        _("{name}: tags {tags}").format(
            name=escape(saved.display_name), tags=escape(", ".join(saved.tags) or "—")
        )
    )


@app.command("archive", help=N_("Move a contact to circle 5 (archived: kept, never suggested)."))
def archive_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help=N_("The contact: a name, an e-mail or #id."))],
    undo: Annotated[
        bool, typer.Option("--undo", help=N_("Bring the contact back to the wider network (4)."))
    ] = False,
) -> None:
    state: State = ctx.obj
    c = state.contact(who)
    target = Circle.WIDER if undo else Circle.DORMANT
    saved = state.store.update_contact(dataclasses.replace(c, circle=target))
    message = _("{name} is back: {circle}.") if undo else _("{name} is archived ({circle}).")
    state.console.print(
        message.format(name=escape(saved.display_name), circle=labels.label(target))
    )


def _print_mentions(state: State, found: list[Any]) -> None:
    """The erase preview's list of mentions elsewhere (redacted unless --keep-mentions)."""
    if found:
        state.console.print(
            ngettext(
                "{n} mention elsewhere, replaced by {mark} unless --keep-mentions:",
                "{n} mentions elsewhere, replaced by {mark} unless --keep-mentions:",
                len(found),
            ).format(n=len(found), mark=escape(_("[erased]")))
        )
        for m in found:
            state.console.print(
                f"  {escape(_(m.place))} {escape(m.row)} — {escape(m.excerpt)}"
                if m.excerpt
                else f"  {escape(_(m.place))} {escape(m.row)}"
            )


@app.command(
    "delete",
    help=N_("Erase a contact and every trace of them (RGPD right to erasure). Asks first."),
)
def delete_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help=N_("The contact: a name, an e-mail or #id."))],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation."))
    ] = False,
    keep_mentions: Annotated[
        bool,
        typer.Option(
            "--keep-mentions",
            help=N_("Leave their name where other records mention it (redacted by default)."),
        ),
    ] = False,
) -> None:
    state: State = ctx.obj
    c = state.contact(who)
    _print_mentions(state, state.store.contact_mentions(c.id or 0, state.owner_id))
    if not yes:
        confirmed = confirm(
            _("Erase {name} (#{id}) and every trace of them? This cannot be undone.").format(
                name=c.display_name, id=c.id
            )
        )
        if not confirmed:
            state.console.print(_("Nothing erased."))
            raise typer.Exit(1)
    report = state.store.delete_contact(
        c.id or 0, state.owner_id, redact_mentions=not keep_mentions, placeholder=_("[erased]")
    )
    state.console.print(
        _(
            "Erased {name}. Interactions deleted: {deleted}; shared interactions kept without "
            "them: {detached}; links removed: {links}."
        ).format(
            name=escape(report.contact_name),
            deleted=report.interactions_deleted,
            detached=report.interactions_detached,
            links=report.links_deleted,
        )
    )
    if report.mentions_redacted:
        state.console.print(
            ngettext(
                "{n} mention elsewhere redacted.", "{n} mentions elsewhere redacted.",
                report.mentions_redacted,
            ).format(n=report.mentions_redacted)
        )  # fmt: skip
