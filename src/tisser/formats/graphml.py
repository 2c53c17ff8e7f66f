"""GraphML (graphml.graphdrawing.org), the graph format of Gephi, yEd, networkx and igraph.

Written: one ``<key>`` per contact attribute and ``weight`` for links, an undirected
graph, node ids ``c<contact id>``. Read: any GraphML whose nodes carry a label or names
(networkx's ``write_graphml``, Gephi's export), the keys matched by ``attr.name``; a node
without a name is named by its id. The node id is the record's key, the edges come back as
links between those keys.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from tisser.core.errors import N_
from tisser.formats.base import EdgeRef, Parsed, Record
from tisser.formats.edges import parse_strength
from tisser.formats.graph import (
    NODE_ATTRS,
    Network,
    contact_from_attributes,
    local,
    node_attributes,
)

SOURCE = "graphml"
NS = "http://graphml.graphdrawing.org/xmlns"
_TYPES = {"string": "string", "int": "int", "float": "double"}


def write(net: Network) -> bytes:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}graphml")
    ET.SubElement(
        root,
        f"{{{NS}}}key",
        id="label",
        attrib={"for": "node", "attr.name": "label", "attr.type": "string"},
    )
    for name, kind in NODE_ATTRS:
        ET.SubElement(
            root,
            f"{{{NS}}}key",
            id=name,
            attrib={"for": "node", "attr.name": name, "attr.type": _TYPES[kind]},
        )
    ET.SubElement(
        root,
        f"{{{NS}}}key",
        id="weight",
        attrib={"for": "edge", "attr.name": "weight", "attr.type": "double"},
    )
    graph = ET.SubElement(root, f"{{{NS}}}graph", id="tisser", edgedefault="undirected")
    for nid, c in net.contacts:
        node = ET.SubElement(graph, f"{{{NS}}}node", id=nid)
        ET.SubElement(node, f"{{{NS}}}data", key="label").text = c.display_name
        for key, value in node_attributes(c).items():
            ET.SubElement(node, f"{{{NS}}}data", key=key).text = value
    for n, (a, b, strength) in enumerate(net.links):
        edge = ET.SubElement(graph, f"{{{NS}}}edge", id=f"e{n}", source=a, target=b)
        if strength is not None:
            ET.SubElement(edge, f"{{{NS}}}data", key="weight").text = repr(float(strength))
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def read(data: bytes) -> Parsed:
    parsed = Parsed(SOURCE)
    try:
        root = fromstring(data)
    except (ET.ParseError, DefusedXmlException, ValueError, LookupError) as exc:
        parsed.problem(N_("not a readable GraphML file: {error}"), error=str(exc))
        return parsed
    keys: dict[str, str] = {}
    for el in root.iter():
        if local(el.tag) == "key":
            keys[el.get("id", "")] = el.get("attr.name") or el.get("id", "")
    for el in root.iter():
        tag = local(el.tag)
        if tag == "node":
            nid = el.get("id", "")
            if not nid:
                parsed.problem(N_("a node without id: left out"))
                continue
            attrs = {
                keys.get(d.get("key", ""), d.get("key", "")): (d.text or "")
                for d in el
                if local(d.tag) == "data"
            }
            contact = contact_from_attributes(attrs, nid)
            parsed.records.append(Record(key=f"node:{nid}", contact=contact))
        elif tag == "edge":
            a, b = el.get("source", ""), el.get("target", "")
            attrs = {
                keys.get(d.get("key", ""), d.get("key", "")).casefold(): (d.text or "")
                for d in el
                if local(d.tag) == "data"
            }
            raw = attrs.get("weight") or attrs.get("strength") or ""
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
