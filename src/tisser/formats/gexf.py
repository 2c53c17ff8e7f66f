"""GEXF 1.2 (gexf.net), Gephi's own format: nodes with attributes and colours, weighted edges.

Written with ``viz:color`` per circle so the network opens in Gephi already readable;
attributes are declared once (``<attributes class="node">``) and given per node as
``<attvalue for=... value=...>``. Read back: labels or names, declared attributes matched by
title, ``weight`` as the link's strength.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from tisser.core.errors import N_
from tisser.formats.base import EdgeRef, Parsed, Record
from tisser.formats.edges import parse_strength
from tisser.formats.graph import (
    CIRCLE_COLOURS,
    NODE_ATTRS,
    Network,
    contact_from_attributes,
    local,
    node_attributes,
)

SOURCE = "gexf"
NS = "http://www.gexf.net/1.2draft"
VIZ = "http://www.gexf.net/1.2draft/viz"
_TYPES = {"string": "string", "int": "integer", "float": "double"}


def write(net: Network, today: date | None = None) -> bytes:
    ET.register_namespace("", NS)
    ET.register_namespace("viz", VIZ)
    root = ET.Element(f"{{{NS}}}gexf", version="1.2")
    meta = ET.SubElement(root, f"{{{NS}}}meta")
    if today is not None:
        meta.set("lastmodifieddate", today.isoformat())
    ET.SubElement(meta, f"{{{NS}}}creator").text = "tisser"
    graph = ET.SubElement(root, f"{{{NS}}}graph", defaultedgetype="undirected", mode="static")
    attrs = ET.SubElement(graph, f"{{{NS}}}attributes", attrib={"class": "node"})
    for name, kind in NODE_ATTRS:
        ET.SubElement(attrs, f"{{{NS}}}attribute", id=name, title=name, type=_TYPES[kind])
    nodes = ET.SubElement(graph, f"{{{NS}}}nodes")
    for nid, c in net.contacts:
        node = ET.SubElement(nodes, f"{{{NS}}}node", id=nid, label=c.display_name)
        values = ET.SubElement(node, f"{{{NS}}}attvalues")
        for key, value in node_attributes(c).items():
            ET.SubElement(values, f"{{{NS}}}attvalue", attrib={"for": key, "value": value})
        r, g, b = CIRCLE_COLOURS.get(int(c.circle), (128, 128, 128))
        ET.SubElement(node, f"{{{VIZ}}}color", r=str(r), g=str(g), b=str(b))
    edges = ET.SubElement(graph, f"{{{NS}}}edges")
    for n, (src, dst, strength) in enumerate(net.links):
        edge = ET.SubElement(edges, f"{{{NS}}}edge", id=str(n), source=src, target=dst)
        if strength is not None:
            edge.set("weight", repr(float(strength)))
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def read(data: bytes) -> Parsed:
    parsed = Parsed(SOURCE)
    try:
        root = fromstring(data)
    except (ET.ParseError, DefusedXmlException, ValueError, LookupError) as exc:
        parsed.problem(N_("not a readable GEXF file: {error}"), error=str(exc))
        return parsed
    titles: dict[str, str] = {}
    for el in root.iter():
        if local(el.tag) == "attribute":
            titles[el.get("id", "")] = el.get("title") or el.get("id", "")
    for el in root.iter():
        tag = local(el.tag)
        if tag == "node":
            nid = el.get("id", "")
            if not nid:
                parsed.problem(N_("a node without id: left out"))
                continue
            attrs = {"label": el.get("label", "")}
            for v in el.iter():
                if local(v.tag) == "attvalue":
                    key = v.get("for") or v.get("id") or ""
                    attrs[titles.get(key, key)] = v.get("value", "")
            parsed.records.append(
                Record(key=f"node:{nid}", contact=contact_from_attributes(attrs, nid))
            )
        elif tag == "edge":
            a, b = el.get("source", ""), el.get("target", "")
            raw = el.get("weight", "")
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
