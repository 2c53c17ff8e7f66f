"""GEXF 1.2 (gexf.net), Gephi's own format: nodes with attributes and colours, weighted edges.

Written with ``viz:color`` per circle so the network opens in Gephi already readable;
attributes are declared once (``<attributes class="node">``) and given per node as
``<attvalue for=... value=...>``. Read back: labels or names, declared attributes matched by
title, ``weight`` as the link's strength.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

from tisser.core.errors import N_
from tisser.formats.base import Parsed
from tisser.formats.graph import (
    CIRCLE_COLOURS,
    NODE_ATTRS,
    Network,
    local,
    node_attributes,
    read_graph,
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
    return read_graph(
        data,
        SOURCE,
        N_("not a readable GEXF file: {error}"),
        ("attribute", "title"),
        _attvalues,
        _weight,
    )


def _attvalues(el: Any, titles: dict[str, str]) -> dict[str, str]:
    """A node's label and its ``<attvalue for=... value=...>``, by title."""
    values = {"label": el.get("label", "")}
    for v in el.iter():
        if local(v.tag) == "attvalue":
            key = v.get("for") or v.get("id") or ""
            values[titles.get(key, key)] = v.get("value", "")
    return values


def _weight(el: Any, _titles: dict[str, str]) -> dict[str, str]:
    """An edge's strength: its ``weight`` attribute."""
    return {"weight": el.get("weight", "")}
