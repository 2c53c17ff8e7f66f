"""GraphML and GEXF: what tisser writes, networkx (the reference) reads; what networkx
writes, tisser reads."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tisser.core.model import Circle, Contact, Link
from tisser.formats import detect, gexf, graph, graphml


def people() -> tuple[list[Contact], list[Link]]:
    contacts = [
        Contact(
            id=1,
            given_name="Hélène",
            family_name="Durand",
            organization="Airbus",
            city="Toulouse",
            circle=Circle.SECOND,
            tags=["achats", "aéro"],
            emails=["helene@airbus.com"],
        ),
        Contact(
            id=2, given_name="Jean", particle="de", family_name="La Fontaine", circle=Circle.FIRST
        ),
        Contact(id=3, given_name="Marc", family_name="Dupont & <Fils>"),
    ]
    links = [Link(1, 2, strength=0.8), Link(2, 3, strength=None), Link(1, 3, strength=0.25)]
    return contacts, links


@pytest.mark.parametrize("kind", ["graphml", "gexf"])
def test_networkx_reads_what_we_write(kind: str) -> None:
    contacts, links = people()
    net = graph.network(contacts, links)
    data = graphml.write(net) if kind == "graphml" else gexf.write(net)
    g = nx.read_graphml(io.BytesIO(data)) if kind == "graphml" else nx.read_gexf(io.BytesIO(data))
    assert not g.is_directed()
    assert set(g.nodes) == {"c1", "c2", "c3"}
    label = "label"
    assert g.nodes["c1"][label] == "Hélène Durand"
    assert g.nodes["c2"][label] == "Jean de La Fontaine"
    assert g.nodes["c3"][label] == "Marc Dupont & <Fils>"
    assert int(g.nodes["c1"]["circle"]) == 2
    assert g.nodes["c1"]["organization"] == "Airbus"
    assert g.nodes["c1"]["tags"] == "achats; aéro"
    assert g.edges["c1", "c2"]["weight"] == pytest.approx(0.8)
    assert g.edges["c1", "c3"]["weight"] == pytest.approx(0.25)
    assert g.number_of_edges() == 3
    if kind == "gexf":
        assert g.nodes["c2"]["viz"]["color"]["r"] == graph.CIRCLE_COLOURS[1][0]
    assert detect(data, "network.xml") == kind


@pytest.mark.parametrize("kind", ["graphml", "gexf"])
def test_round_trip(kind: str) -> None:
    contacts, links = people()
    net = graph.network(contacts, links)
    module = graphml if kind == "graphml" else gexf
    parsed = module.read(module.write(net))
    got = {r.key: r.contact for r in parsed.records}
    assert got["node:c2"].display_name == "Jean de La Fontaine"
    assert got["node:c2"].particle == "de"
    assert got["node:c1"].circle is Circle.SECOND
    assert got["node:c1"].tags == ["achats", "aéro"]
    assert got["node:c1"].emails == ["helene@airbus.com"]
    edges = {(e.a, e.b): e.strength for e in parsed.edges}
    assert edges == {
        ("node:c1", "node:c2"): 0.8,
        ("node:c2", "node:c3"): None,
        ("node:c1", "node:c3"): 0.25,
    }
    assert parsed.problems == []


@pytest.mark.parametrize("kind", ["graphml", "gexf"])
def test_we_read_what_networkx_writes(kind: str) -> None:
    g = nx.Graph()
    g.add_node("a", label="Claire Dubois", company="Cabinet Dubois")
    g.add_node("b", label="Paul Martin")
    g.add_node("c")  # no name at all: named by its id
    g.add_edge("a", "b", weight=0.5)
    g.add_edge("b", "c", weight=3.5)  # not a strength: kept without it, reported
    out = io.BytesIO()
    (nx.write_graphml if kind == "graphml" else nx.write_gexf)(g, out)
    parsed = (graphml if kind == "graphml" else gexf).read(out.getvalue())
    names = {r.key: r.contact.display_name for r in parsed.records}
    assert names["node:a"] == "Claire Dubois"
    assert names["node:c"] == "c"
    assert [r.contact.organization for r in parsed.records if r.key == "node:a"] == [
        "Cabinet Dubois"
    ]
    strengths = {frozenset((e.a, e.b)): e.strength for e in parsed.edges}
    assert strengths[frozenset(("node:a", "node:b"))] == 0.5
    assert strengths[frozenset(("node:b", "node:c"))] is None
    assert [p.refused for p in parsed.problems] == [False]


@pytest.mark.parametrize("module", [graphml, gexf])
def test_hostile_xml_is_refused_not_expanded(module) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<graphml><graph><node id='&lol2;'/></graph></graphml>"
    )
    parsed = module.read(bomb)
    assert parsed.records == []
    assert len(parsed.problems) == 1
    assert module.read(b"<graphml><graph><node").problems
    assert module.read(b'<?xml version="1.0" encoding="tf-8"?><graphml/>').problems


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_mutated_graph_files_never_raise(data: st.DataObject) -> None:
    contacts, links = people()
    kind = data.draw(st.sampled_from([graphml, gexf]))
    raw = bytearray(kind.write(graph.network(contacts, links)))
    for _ in range(data.draw(st.integers(1, 5))):
        i = data.draw(st.integers(0, len(raw) - 1))
        if data.draw(st.booleans()):
            raw[i] = data.draw(st.sampled_from(b"<>\"'&=/ x0"))
        else:
            del raw[i : i + data.draw(st.integers(1, 40))]
    parsed = kind.read(bytes(raw))
    for r in parsed.records:
        assert r.key.startswith("node:")
    for p in parsed.problems:
        assert p.render()
