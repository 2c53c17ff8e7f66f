"""What GraphML and GEXF share: a contact as a node's attributes, and back.

The node attributes are the fields Gephi users filter and colour by (circle, organisation,
city, sector, tags...) plus what makes the node a person again on import (given and
family names, e-mail, LinkedIn URL). A link's strength is the edge ``weight`` Gephi uses
for layout and thickness; an unknown strength writes no weight (Gephi then assumes 1).
Files are parsed with :mod:`defusedxml`, which refuses entity expansion (billion laughs)
and external entities.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from tisser.core import names
from tisser.core.errors import N_
from tisser.core.identity import linkedin_url
from tisser.core.model import Circle, Contact, Link
from tisser.formats.base import EdgeRef, Parsed, Record
from tisser.formats.edges import parse_strength

# (attribute name, type for GraphML/GEXF); the order is the file's.
NODE_ATTRS: list[tuple[str, str]] = [
    ("given_name", "string"),
    ("family_name", "string"),
    ("organization", "string"),
    ("position", "string"),
    ("sector", "string"),
    ("city", "string"),
    ("country", "string"),
    ("circle", "int"),
    ("tags", "string"),
    ("categories", "string"),
    ("email", "string"),
    ("linkedin", "string"),
]

# Gephi's palette-like colours per circle, so a network opened in Gephi reads at once.
CIRCLE_COLOURS = {
    1: (214, 39, 40),
    2: (255, 127, 14),
    3: (44, 160, 44),
    4: (31, 119, 180),
    5: (150, 150, 150),
}


@dataclass(slots=True)
class Network:
    """What a graph file carries: contacts with their node ids, and links between ids."""

    contacts: list[tuple[str, Contact]]
    links: list[tuple[str, str, float | None]]


def node_id(c: Contact) -> str:
    return f"c{c.id}"


def network(contacts: Iterable[Contact], links: Iterable[Link]) -> Network:
    people = [(node_id(c), c) for c in contacts]
    known = {nid for nid, _ in people}
    edges = [
        (f"c{ln.a_id}", f"c{ln.b_id}", ln.strength)
        for ln in links
        if f"c{ln.a_id}" in known and f"c{ln.b_id}" in known
    ]
    return Network(people, edges)


def node_attributes(c: Contact) -> dict[str, str]:
    values = {
        "given_name": c.given_name,
        "family_name": names.join_name("", c.particle, c.family_name),
        "organization": c.organization,
        "position": c.position,
        "sector": c.sector,
        "city": c.city,
        "country": c.country,
        "circle": str(int(c.circle)),
        "tags": "; ".join(c.tags),
        "categories": "; ".join(c.categories),
        "email": c.emails[0] if c.emails else "",
        "linkedin": c.linkedin,
    }
    return {k: v for k, v in values.items() if v}


_ALIASES = {
    "label": "label",
    "name": "label",
    "nom": "label",
    "given_name": "given_name",
    "given": "given_name",
    "first name": "given_name",
    "firstname": "given_name",
    "family_name": "family_name",
    "family": "family_name",
    "last name": "family_name",
    "lastname": "family_name",
    "organization": "organization",
    "organisation": "organization",
    "company": "organization",
    "position": "position",
    "title": "position",
    "sector": "sector",
    "city": "city",
    "country": "country",
    "circle": "circle",
    "tags": "tags",
    "categories": "categories",
    "email": "email",
    "e-mail": "email",
    "linkedin": "linkedin",
}


def contact_from_attributes(attrs: dict[str, str], fallback: str) -> Contact:
    """A contact from a node's attributes (names matched loosely); ``fallback`` names it."""
    values: dict[str, str] = {}
    for key, value in attrs.items():
        field = _ALIASES.get(key.strip().casefold())
        if field and value and value.strip():
            values.setdefault(field, value.strip())
    c = Contact(
        organization=values.get("organization", ""),
        position=values.get("position", ""),
        sector=values.get("sector", ""),
        city=values.get("city", ""),
        country=values.get("country", ""),
    )
    if "given_name" in values or "family_name" in values:
        c.given_name = values.get("given_name", "")
        c.particle, c.family_name = names.split_particle(values.get("family_name", ""))
    else:
        c.given_name, c.particle, c.family_name = names.parse_full_name(
            values.get("label", fallback)
        )
    try:
        circle = int(float(values.get("circle", "")))
        c.circle = Circle(circle)
    except ValueError:
        pass
    c.tags = [t.strip() for t in values.get("tags", "").split(";") if t.strip()]
    c.categories = [t.strip() for t in values.get("categories", "").split(";") if t.strip()]
    if values.get("email"):
        c.emails = [values["email"]]
    if values.get("linkedin"):
        c.linkedin = linkedin_url(values["linkedin"]) or values["linkedin"]
    return c


def local(tag: str) -> str:
    """``{namespace}node`` -> ``node``."""
    return tag.rsplit("}", 1)[-1]


# A format's reading of one element: (the element, the names its file declares) -> values.
Values = Callable[[Any, dict[str, str]], dict[str, str]]


def read_graph(
    data: bytes,
    source: str,
    unreadable: str,
    declared: tuple[str, str],
    node_values: Values,
    edge_values: Values,
) -> Parsed:
    """The contacts (nodes) and links (edges) of a GraphML or GEXF file.

    Both formats declare their attribute names once and give values per node and edge,
    each its own way: ``declared`` names the declaring element and its attribute holding
    the name (GraphML's ``<key attr.name=...>``, GEXF's ``<attribute title=...>``),
    ``node_values`` and ``edge_values`` read an element's values by name (an edge's
    ``weight`` or ``strength`` is the link's strength). The rest, problems included, is the
    same for both.
    """
    parsed = Parsed(source)
    try:
        root = fromstring(data)
    except (ET.ParseError, DefusedXmlException, ValueError, LookupError) as exc:
        parsed.problem(unreadable, error=str(exc))
        return parsed
    declaring, name_attribute = declared
    names_of = {
        el.get("id", ""): el.get(name_attribute) or el.get("id", "")
        for el in root.iter()
        if local(el.tag) == declaring
    }
    for el in root.iter():
        tag = local(el.tag)
        if tag == "node":
            nid = el.get("id", "")
            if not nid:
                parsed.problem(N_("a node without id: left out"))
                continue
            contact = contact_from_attributes(node_values(el, names_of), nid)
            parsed.records.append(Record(key=f"node:{nid}", contact=contact))
        elif tag == "edge":
            a, b = el.get("source", ""), el.get("target", "")
            values = edge_values(el, names_of)
            raw = values.get("weight") or values.get("strength") or ""
            try:
                strength = parse_strength(raw)
            except ValueError:
                parsed.problem(
                    N_(
                        "link {a}–{b}: weight {text!r} is not between 0 and 1, link kept without it"
                    ),
                    refused=False,
                    a=a,
                    b=b,
                    text=raw,
                )
                strength = None
            parsed.edges.append(EdgeRef(f"node:{a}", f"node:{b}", strength, by_key=True))
    return parsed
