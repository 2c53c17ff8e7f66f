"""GraphML (graphml.graphdrawing.org), the graph format of Gephi, yEd, networkx and igraph.

Written: one ``<key>`` per contact attribute and ``weight`` for links, an undirected
graph, node ids ``c<contact id>``. Read: any GraphML whose nodes carry a label or names
(networkx's ``write_graphml``, Gephi's export), the keys matched by ``attr.name``; a node
without a name is named by its id. The node id is the record's key, the edges come back as
links between those keys.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from tisser.core.errors import N_
from tisser.formats.base import Parsed
from tisser.formats.graph import NODE_ATTRS, Network, local, node_attributes, read_graph

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
    return read_graph(
        data,
        SOURCE,
        N_("not a readable GraphML file: {error}"),
        ("key", "attr.name"),
        _data,
        _edge_data,
    )


def _data(el: Any, keys: dict[str, str]) -> dict[str, str]:
    """An element's ``<data key=...>`` values, by attribute name."""
    return {
        keys.get(d.get("key", ""), d.get("key", "")): (d.text or "")
        for d in el
        if local(d.tag) == "data"
    }


def _edge_data(el: Any, keys: dict[str, str]) -> dict[str, str]:
    """An edge's values, names in lower case (``Weight`` as networkx may write it)."""
    return {name.casefold(): value for name, value in _data(el, keys).items()}
