# ruff: noqa: F811 - the tests take the imported ``run`` fixture as a parameter
"""The federation of clubs on Apache Spark (issue #22), in ``local[2]`` with a real Java.

One Spark session for the test session (starting Spark costs seconds); a missing Java
skips these tests with the reason, and fails them under ``CI=1``. The Spark results are
compared with the single-machine path (:func:`tisser.federation.job.local_round`: the same
blocks, matched in one process) and one block with the single club's own
:func:`tisser.community.service.solve` on the same members; the PostgreSQL round trip goes
through JDBC to the suite's private server, with Debian's driver jar.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import UTC, date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from test_cli import run  # noqa: F401 - the shared fixture that runs tisser
from tisser.community.service import solve
from tisser.core.matching import Context, feasible
from tisser.demo.federation import federation, write_clubs
from tisser.federation import engine, job
from tisser.federation.records import member_of, read_file
from tisser.federation.spec import RoundSpec, load_spec

SPEC = RoundSpec("w50", "coffee", 2, 2, date(2026, 12, 7), date(2026, 12, 20), block_max=60)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    if engine.java_path() is None:
        reason = "no Java runtime (scripts/install-test-deps.sh installs default-jre-headless)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    session = engine.start("local[2]", conf={"spark.sql.shuffle.partitions": "2",
                                             "spark.default.parallelism": "2"})  # fmt: skip
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def clubs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six clubs in two areas, as CSV files; two members in two clubs, one bad row."""
    folder = tmp_path_factory.mktemp("clubs")
    write_clubs(federation(240, 6, 2, seed=3), folder, ".csv", twice=2)
    bad = folder / "club-0003.csv"
    lines = bad.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "not-an-email,X,Y,,,,,coffee,tue-evening,,,any,fr,club-0003,area-001")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _records(folder: Path) -> pd.DataFrame:
    rows = [r for p in sorted(folder.iterdir()) for r, _ in read_file(str(p), "coffee") if r]
    frame = pd.DataFrame(rows)
    return frame.sort_values(["club", "source", "line"]).drop_duplicates("email_fold")


def test_spark_agrees_with_one_machine_and_one_club(
    spark: Any, clubs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "w50"
    outcome = job.run_round(spark, str(clubs), SPEC, str(out))
    texts = [p.one_line() for p in outcome.problems]
    assert any(
        t.startswith("club-0003.csv:6: 'not-an-email' is not an e-mail address") for t in texts
    )
    assert sum("is also a member of" in t for t in texts) == 2  # one identity by e-mail
    got = pd.read_parquet(out)
    assert len(got) == outcome.members == 240 and got["email_fold"].is_unique
    # the single-machine path: same blocks, same block solver, same result
    local = job.local_round(_records(clubs), SPEC)
    key = ["block", "email_fold"]
    a = got.sort_values(key).reset_index(drop=True)[[*key, "group_id", "score"]]
    b = local.sort_values(key).reset_index(drop=True)[[*key, "group_id", "score"]]
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    per_block = got.groupby("block").first()
    assert outcome.value == pytest.approx(per_block["block_value"].sum())
    assert outcome.bound == pytest.approx(per_block["block_bound"].sum())
    assert outcome.value <= outcome.bound + 1e-6 and outcome.quality >= 0.99
    assert (got.groupby("block").size() <= SPEC.block_max).all()  # oversized blocks split
    # one block is matched exactly as one club of the same members would be
    block = got["block"].value_counts().index[0]
    rows = _records(clubs).set_index("email_fold").loc[sorted(got[got.block == block].email_fold)]
    members = [member_of({**r, "email_fold": e}) for e, r in rows.to_dict("index").items()]
    ctx = Context(SPEC.round(), SPEC.weights)
    meetings, _, value, _, _ = solve(members, ctx, UTC)
    assert value == pytest.approx(per_block.loc[block, "block_value"])
    mine = {tuple(sorted(m.member_ids)) for m in meetings}
    by_email = {m.email: m.id for m in members}
    spark_groups = {
        tuple(sorted(by_email[e] for e in g.email))
        for _, g in got[(got.block == block) & (got.group_id != "")].groupby("group_id")
    }
    assert spark_groups == mine
    # hard rules hold in every group
    people = {m.email: m for m in (member_of(r) for r in _records(clubs).to_dict("records"))}
    for _, g in got[got.group_id != ""].groupby("group_id"):
        assert feasible([people[e] for e in g.email], ctx)


def test_history_killed_job_and_rerun(spark: Any, clubs: Path, tmp_path: Path) -> None:
    first = tmp_path / "w50"
    job.run_round(spark, str(clubs), SPEC, str(first))
    before = pd.read_parquet(first)

    def killed() -> None:
        raise KeyboardInterrupt

    second = tmp_path / "w51"
    spec2 = RoundSpec("w51", "coffee", 2, 2, date(2026, 12, 21), date(2027, 1, 3),
                      block_max=60, history=(str(first),))  # fmt: skip
    with pytest.raises(KeyboardInterrupt):
        job.run_round(spark, str(clubs), spec2, str(second), before_publish=killed)
    assert not second.exists()  # nothing published
    pd.testing.assert_frame_equal(pd.read_parquet(first), before)
    outcome = job.run_round(spark, str(clubs), spec2, str(second))  # starts clean
    assert not list(tmp_path.glob(".w51.staging-*"))
    after = pd.read_parquet(second)
    old = {frozenset(g.email_fold) for _, g in before[before.group_id != ""].groupby("group_id")}
    new = {frozenset(g.email_fold) for _, g in after[after.group_id != ""].groupby("group_id")}
    assert not old & new and outcome.matched > 0  # no pair met again
    # same inputs, same seed: same result
    again = job.local_round(_records(clubs), spec2, *job.history(spark, spec2, str(clubs)))
    key = ["block", "email_fold"]
    pd.testing.assert_frame_equal(
        after.sort_values(key).reset_index(drop=True)[[*key, "group_id"]],
        again.sort_values(key).reset_index(drop=True)[[*key, "group_id"]],
    )


def test_postgresql_round_trip(spark: Any, pg_server: Any) -> None:
    import sqlalchemy as sa

    from conftest import require_pg
    from tisser.store import open_store
    from tisser.store.schema import federation_results

    server = require_pg(pg_server)
    url = server.create_database()
    try:
        store = open_store(url)
        frame = federation(60, 2, 1, seed=8)
        for club, part in frame.groupby("club"):
            c = store.create_community(1, club)
            path = Path(os.environ.get("TMPDIR", "/tmp")) / f"fed-{os.getpid()}-{club}.csv"
            part.to_csv(path, index=False)
            from tisser.community.importer import read_members

            store.upsert_members(1, c.id, read_members(path).members)
            path.unlink()
        store.close()
        outcome = job.run_round(spark, url, SPEC)
        assert outcome.members == 60 and outcome.matched > 0
        engine_ = sa.create_engine(url)
        with engine_.connect() as conn:
            rows = conn.execute(sa.select(federation_results)).all()
            tables = sa.inspect(conn).get_table_names()
        engine_.dispose()
        assert len(rows) == 60 and {r.run for r in rows} == {"w50"}
        assert job.STAGING_TABLE not in tables
        assert sum(1 for r in rows if r.group_id) == outcome.matched
    finally:
        server.drop_database(url)


def test_bad_sources_and_masters(spark: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "club.csv").write_text("email,first_name\n", encoding="utf-8")
    with pytest.raises(job.InvalidInput, match="no member to match"):
        job.run_round(spark, str(empty), SPEC, str(tmp_path / "out"))
    with pytest.raises(job.InvalidInput, match="no member file"):
        job.member_files(str(tmp_path))  # a folder without member files
    with pytest.raises(job.InvalidInput, match="not found"):
        job.member_files(str(tmp_path / "nothing"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(engine.SparkUnavailable, match="cannot be reached"):
        engine.check_master(f"spark://127.0.0.1:{port}", timeout=1)


def test_missing_java_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(engine.SparkUnavailable) as info:
        engine.start("local[1]")
    assert "default-jre-headless" in info.value.one_line()


def test_cli(run, clubs: Path, tmp_path: Path, spark: Any) -> None:  # type: ignore[no-untyped-def]
    spec = tmp_path / "w50.toml"
    spec.write_text('name = "w50"\nactivity = "coffee"\nsize = "2"\nfrom = 2026-12-07\n'
                    'to = 2026-12-20\nblock_max = 60\n', encoding="utf-8")  # fmt: skip
    assert load_spec(spec).block_max == 60
    code, out, err = run("--lang", "fr", "federation", "match", "--members", str(clubs),
                         "--round", str(spec), "--out", str(tmp_path / "r"))  # fmt: skip
    assert code == 0, err
    text = " ".join(out.split())
    assert "Tour w50" in text and "n'est pas une adresse" in text
    assert int(out.strip().splitlines()[-1]) > 200
    master = "spark://127.0.0.1:9"
    code, out, err = run("federation", "match", "--members", str(clubs), "--round", str(spec),
                         "--out", str(tmp_path / "r2"), "--spark", master)  # fmt: skip
    assert code == 3 and "Traceback" not in out + err and "cannot be reached" in out + err


def test_round_file_errors_name_the_key(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    base = 'activity = "padel"\nsize = "4"\nfrom = 2026-12-07\nto = 2026-12-20\n'
    path.write_text(base + "colour = 3\n", encoding="utf-8")
    with pytest.raises(job.InvalidInput, match="colour"):
        load_spec(path)
    path.write_text(base.replace('"padel"', '"chess"'), encoding="utf-8")
    with pytest.raises(job.InvalidInput, match="chess"):
        load_spec(path)
    path.write_text(base.replace("from = 2026-12-07\n", ""), encoding="utf-8")
    with pytest.raises(job.InvalidInput, match="from"):
        load_spec(path)
    with pytest.raises(job.InvalidInput, match="not found"):
        load_spec(tmp_path / "absent.toml")
    path.write_text(base, encoding="utf-8")
    spec = load_spec(path)
    assert (spec.name, spec.size_min, spec.size_max, spec.activity) == ("r", 4, 4, "padel")
