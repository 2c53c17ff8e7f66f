"""The map at scale (#20): only the ``limit`` strongest ties drawn, the rest of each cluster
counted in one "+N" disc, so the counts add up to the network."""

from __future__ import annotations

import re
from datetime import date

from pathlib import Path
from zoneinfo import ZoneInfo

from tisser.demo import load_demo
from tisser.i18n import language_scope
from tisser.report.load import load_diagnosis
from tisser.report.netmap import network_map
from tisser.store import open_store


def test_the_rest_of_each_cluster_is_counted(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}")
    store.ensure_owner(1)
    load_demo(store, date(2026, 11, 23), owner_id=1)
    d = load_diagnosis(store, 1, date(2026, 11, 23), ZoneInfo("Europe/Paris"))
    store.close()
    with language_scope("en"):
        svg = str(network_map(d, d.edges, limit=60, me="Me"))
    drawn = len(re.findall(r"<circle [^>]*data-id=", svg))
    assert drawn == 60
    more = [int(n) for n in re.findall(r'<text [^>]*text-anchor="middle">\+(\d+)</text>', svg)]
    in_clusters = {m for c in d.communities for m in c.members if m in d.ties}
    shown = set(map(int, re.findall(r'data-id="(\d+)"', svg)))
    assert sum(more) == len(in_clusters - shown)
    assert ">Me</text>" in svg
