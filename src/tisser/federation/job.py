"""A federation round end to end on Spark: read, one identity per e-mail, block, match, publish.

1. **Read** the members (:func:`read_members`): files in the member template (CSV,
   spreadsheets, Parquet; one club per file, or a ``club`` column), read by the executors
   with the club importer's rules so a malformed row is reported with its file and line and
   the rest goes on; or the community server's ``community_members`` table over JDBC.
2. **One identity by e-mail**: a member of two clubs is matched once, with the first club
   (in club order), and reported.
3. **Blocks** (:mod:`.blocks`) and **matching**: ``groupBy("block").applyInPandas`` runs
   :func:`.block.match_block` — the single club's solver — on each block. The value and
   the upper bound are summed over blocks, so the quality reads as on one machine.
4. **Fairness across rounds**: the pairs matched in the last ``history_rounds`` runs are
   never matched again, and those left waiting in the last run get the waiting bonus; the
   history is the earlier results (Parquet folders, or the ``federation_results`` table).
5. **Publish, all or nothing**: results are first written to a staging folder; only a
   finished job renames it into place (Parquet) or copies it in one transaction
   (database). A job killed half-way publishes nothing; the next run clears the staging.

Same inputs and seed give the same result: blocks and the order inside them depend on the
data only, and each block's solver is deterministic for a seed.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.federation import blocks, records
from tisser.federation.block import OUT, match_block
from tisser.federation.records import FIELDS, Problem, as_error, member_id
from tisser.federation.spec import RoundSpec

SUFFIXES = (".csv", ".tsv", ".xlsx", ".ods", ".parquet")
TYPES = {"travel_km": "double", "level": "double", "line": "long"}
RECORD_SCHEMA = ", ".join(f"{name} {TYPES.get(name, 'string')}" for name in FIELDS)
MAX_REPORTED = 200  # problems listed one by one; beyond, counted


@dataclass
class Outcome:
    """What a federation round did: members, blocks, value against the summed bound."""

    members: int
    matched: int
    groups: int
    blocks: int
    value: float
    bound: float
    problems: list[TisserError] = field(default_factory=list)
    problem_count: int = 0
    seconds: float = 0.0
    output: str = ""

    @property
    def quality(self) -> float:
        return self.value / self.bound if self.bound > 0 else 1.0


def is_database(source: str) -> bool:
    return source.startswith(("postgresql:", "postgresql+", "postgres:"))


def member_files(source: str) -> list[str]:
    """The member files of a source: one file, or every member file of a folder (sorted)."""
    path = Path(source)
    if path.is_dir():
        found = sorted(str(p) for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
    elif path.exists():
        found = [str(path)]
    else:
        raise InvalidInput(
            N_("{source} not found"),
            source=source,
            hint=N_("give a folder of member files, a file or a PostgreSQL URL"),
        )
    if not found:
        raise InvalidInput(
            N_("no member file in {source}"),
            source=source,
            hint=N_("CSV, XLSX, ODS or Parquet files in the member template"),
        )
    return found


def jdbc_options(url: str) -> dict[str, str]:
    """Spark's JDBC options for a SQLAlchemy/libpq PostgreSQL URL (password kept out of logs)."""
    import sqlalchemy as sa

    u = sa.make_url(url)
    options = {
        "url": f"jdbc:postgresql://{u.host or '127.0.0.1'}:{u.port or 5432}/{u.database}",
        "driver": "org.postgresql.Driver",
        "user": u.username or "",
    }
    if u.password:
        options["password"] = str(u.password)
    return options


MEMBERS_SQL = (
    "SELECT m.id, m.email, m.first_name, m.last_name, m.company, m.sector, m.function, "
    "m.city, m.travel_km, CAST(m.sports AS TEXT) AS sports, CAST(m.slots AS TEXT) AS slots, "
    "CAST(m.languages AS TEXT) AS languages, CAST(m.seeks AS TEXT) AS seeks, "
    "CAST(m.offers AS TEXT) AS offers, m.format, m.relational_profile, c.name AS club "
    "FROM community_members m JOIN communities c ON c.id = m.community_id"
)


def read_members(spark: Any, source: str, spec: RoundSpec) -> tuple[Any, Any]:
    """(records, problems) as Spark DataFrames; the records carry :data:`FIELDS`."""
    activity = spec.activity
    if is_database(source):
        reader = spark.read.format("jdbc").option("query", MEMBERS_SQL)
        for key, value in jdbc_options(source).items():
            reader = reader.option(key, value)
        rows = reader.load()

        def convert(batches: Any) -> Any:
            for pdf in batches:
                yield _frame(
                    records.record_of(
                        records.template_row(r), r["club"] or "", "database", int(r["id"]), activity
                    )
                    for r in pdf.to_dict("records")
                )

        read = rows.mapInPandas(convert, RECORD_SCHEMA + ", problems string")
    else:
        files = member_files(source)
        # a few files per task: one task per file costs more than reading it
        slices = min(len(files), max(2, 4 * spark.sparkContext.defaultParallelism))
        rdd = spark.sparkContext.parallelize(files, slices)

        def parse(paths: Any) -> Any:
            for path in paths:
                for record, problems in records.read_file(path, activity):
                    yield _row(record, problems)

        read = spark.createDataFrame(rdd.mapPartitions(parse), RECORD_SCHEMA + ", problems string")
    read = read.persist()
    kept = read.filter("email_fold IS NOT NULL").drop("problems")
    return kept, read.filter("problems != '[]'").select("problems")


def _row(record: dict[str, Any] | None, problems: list[Problem]) -> tuple[Any, ...]:
    values = tuple(None for _ in FIELDS) if record is None else tuple(record[f] for f in FIELDS)
    return (*values, json.dumps(problems))


def _frame(pairs: Any) -> Any:
    import pandas as pd

    columns = [*FIELDS, "problems"]
    return pd.DataFrame([_row(r, p) for r, p in pairs], columns=columns)


def one_identity(spark_records: Any) -> tuple[Any, Any]:
    """(records kept, duplicates): a member of two clubs is kept once, with the first club."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    order = Window.partitionBy("email_fold").orderBy("club", "source", "line")
    ranked = spark_records.withColumn("_r", F.row_number().over(order)).withColumn(
        "_first", F.first("club").over(order)
    )
    dupes = ranked.filter("_r > 1").select("email", "club", "_first", "source", "line")
    return ranked.filter("_r = 1").drop("_r", "_first"), dupes


def history(
    spark: Any, spec: RoundSpec, source: str
) -> tuple[frozenset[tuple[int, int]], frozenset[int]]:
    """Pairs met in the last ``history_rounds`` runs, and who waited in the last one (ids)."""
    n = spec.weights.history_rounds
    if spec.history:
        runs = [spark.read.parquet(p) for p in spec.history[-n:]] if n > 0 else []
        frames = [r.select("email_fold", "group_id").toPandas() for r in runs]
        last = frames[-1] if frames else None
    elif is_database(source):
        frames, last = _db_history(source, n)
    else:
        return frozenset(), frozenset()
    pairs: set[tuple[int, int]] = set()
    for frame in frames:
        matched = frame[frame["group_id"] != ""]
        for members in matched.groupby("group_id")["email_fold"]:
            ids = sorted(member_id(e) for e in members[1])
            pairs.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    waited = (
        frozenset(member_id(e) for e in last.loc[last["group_id"] == "", "email_fold"])
        if last is not None
        else frozenset()
    )
    return frozenset(pairs), waited


def _db_history(url: str, n: int) -> tuple[list[Any], Any]:
    import pandas as pd
    import sqlalchemy as sa

    from tisser.store.schema import federation_results as t

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            runs = conn.execute(
                sa.select(t.c.run, sa.func.max(t.c.matched_at).label("at"))
                .group_by(t.c.run).order_by(sa.desc("at")).limit(n)
            ).all()  # fmt: skip
            frames = []
            for run in reversed([r.run for r in runs]):
                rows = conn.execute(
                    sa.select(t.c.email_fold, t.c.group_id).where(t.c.run == run)
                ).all()
                frames.append(pd.DataFrame(rows, columns=["email_fold", "group_id"]))
    finally:
        engine.dispose()
    return frames, frames[-1] if frames else None


def run_round(
    spark: Any,
    source: str,
    spec: RoundSpec,
    output: str = "",
    before_publish: Callable[[], None] | None = None,
) -> Outcome:
    """Match a federation round on ``spark``; publish to ``output`` (or the database)."""
    t0 = time.perf_counter()
    target = output or spec.output or (source if is_database(source) else "")
    if not target:
        raise InvalidInput(N_("say where the results go"),
                           hint=N_("--out FOLDER, or output in the round file"))  # fmt: skip
    found, problem_rows = read_members(spark, source, spec)
    kept, dupes = one_identity(found)
    reported = _problems(problem_rows, dupes)
    blocked = blocks.assign_spark(kept, spec)
    recent, waited = history(spark, spec, source)
    sc = spark.sparkContext
    shared = sc.broadcast((recent, waited))

    def solve_block(pdf: Any) -> Any:
        pairs, waiting = shared.value
        return match_block(pdf, spec, pairs, waiting)

    results = blocked.groupBy("block").applyInPandas(solve_block, OUT)
    staging = _staging(target)
    results.write.mode("overwrite").parquet(staging)
    done = spark.read.parquet(staging)
    outcome = _summary(done)
    outcome.problems, outcome.problem_count = reported
    if outcome.members == 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise InvalidInput(N_("no member to match in {source}"), source=_safe(source),
                           hint=N_("check the member files or the database"))  # fmt: skip
    if before_publish is not None:
        before_publish()
    outcome.output = _publish(spark, staging, target)
    outcome.seconds = time.perf_counter() - t0
    shared.unpersist()
    found.unpersist()
    return outcome


def _safe(source: str) -> str:
    """A source as shown to the user: a database URL without its password."""
    if not is_database(source):
        return source
    import sqlalchemy as sa

    return sa.make_url(source).render_as_string(hide_password=True)


def _problems(problem_rows: Any, dupes: Any) -> tuple[list[TisserError], int]:
    errors: list[TisserError] = []
    count = 0
    for row in problem_rows.toLocalIterator():
        for problem in json.loads(row.problems):
            count += 1
            if len(errors) < MAX_REPORTED:
                errors.append(as_error(tuple(problem)))  # type: ignore[arg-type]
    for d in dupes.toLocalIterator():
        count += 1
        if len(errors) < MAX_REPORTED:
            errors.append(InvalidInput(
                N_("{email} is also a member of {club}: matched once, with {first}"),
                where=f"{d.source}:{d.line}", email=d.email, club=d.club, first=d["_first"],
            ))  # fmt: skip
    return errors, count


def _summary(done: Any) -> Outcome:
    from pyspark.sql import functions as F

    per_block = done.groupBy("block").agg(
        F.first("block_value").alias("value"), F.first("block_bound").alias("bound"),
        F.count("*").alias("members"),
        F.sum(F.when(F.col("group_id") != "", 1).otherwise(0)).alias("matched"),
        F.countDistinct(F.when(F.col("group_id") != "", F.col("group_id"))).alias("groups"),
    )  # fmt: skip
    row = per_block.agg(
        F.count("*").alias("blocks"), F.sum("value").alias("value"), F.sum("bound").alias("bound"),
        F.sum("members").alias("members"), F.sum("matched").alias("matched"),
        F.sum("groups").alias("groups"),
    ).first()  # fmt: skip
    return Outcome(
        members=int(row.members or 0), matched=int(row.matched or 0), groups=int(row.groups or 0),
        blocks=int(row.blocks or 0), value=float(row.value or 0.0), bound=float(row.bound or 0.0),
    )  # fmt: skip


def _staging(target: str) -> str:
    """A fresh staging folder beside the target; leftovers of a killed run are cleared first."""
    base = Path(".tisser-federation") if is_database(target) else Path(target).parent
    base.mkdir(parents=True, exist_ok=True)
    name = Path(target).name if not is_database(target) else "database"
    for old in base.glob(f".{name}.staging-*"):
        shutil.rmtree(old, ignore_errors=True)
    return str(base / f".{name}.staging-{uuid.uuid4().hex[:12]}")


def _publish(spark: Any, staging: str, target: str) -> str:
    if is_database(target):
        _publish_database(spark, staging, target)
        shutil.rmtree(staging, ignore_errors=True)
        return _safe(target)
    path = Path(target)
    old = path.with_name(f".{path.name}.old-{uuid.uuid4().hex[:12]}")
    if path.exists():
        path.rename(old)
    Path(staging).rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return str(path)


STAGING_TABLE = "federation_staging"


def _publish_database(spark: Any, staging: str, url: str) -> None:
    """Copy the results in through a staging table, then into ``federation_results`` at once."""
    import sqlalchemy as sa

    from tisser.store.schema import federation_results as t

    frame = spark.read.parquet(staging).select(
        "run", "block", "email", "email_fold", "club", "group_id", "score", "slot"
    )
    writer = frame.write.format("jdbc").mode("overwrite").option("dbtable", STAGING_TABLE)
    for key, value in jdbc_options(url).items():
        writer = writer.option(key, value)
    writer.save()
    engine = sa.create_engine(url)
    columns = ["run", "block", "email", "email_fold", "club", "group_id", "score", "slot"]
    try:
        with engine.begin() as conn:
            runs = [
                r[0] for r in conn.execute(sa.text(f"SELECT DISTINCT run FROM {STAGING_TABLE}"))
            ]
            conn.execute(t.delete().where(t.c.run.in_(runs)))
            listed = ", ".join(columns)
            conn.execute(sa.text(
                f"INSERT INTO federation_results ({listed}, matched_at) "
                f"SELECT {listed}, CURRENT_TIMESTAMP FROM {STAGING_TABLE}"
            ))  # fmt: skip
            conn.execute(sa.text(f"DROP TABLE {STAGING_TABLE}"))
    finally:
        engine.dispose()


def local_round(rows: Any, spec: RoundSpec, recent: Sequence[tuple[int, int]] = (),
                waited: Sequence[int] = ()) -> Any:  # fmt: skip
    """The single-machine path: the same blocks and block solver, in one process (pandas)."""
    import pandas as pd

    blocked = blocks.assign_local(rows, spec)
    parts = [
        match_block(part, spec, frozenset(recent), frozenset(waited))
        for _, part in sorted(blocked.groupby("block"), key=lambda kv: kv[0])
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
