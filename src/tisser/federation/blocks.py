"""Blocks of a federation round: activity × slot × area × level band, split when too large.

Matching millions of members at once is neither needed nor possible: two members can only
meet if they share a slot, live in the same area and (for a sport) play within the band.
Each member has the keys ``area|slot|band`` of each of their slots, for their own level
band and the neighbouring band nearest to their level (a 5.9 at padel, bands of 3 points,
is also offered to the band above); they join the key most members share (ties: the
smallest key), as the club's group builder does, so the blocks are large and each member
is in exactly one. A block larger than ``block_max`` is cut in level order (then e-mail
order) into equal parts: deterministic, and the level band stays tight in each.

:func:`keys_of` is shared by the Spark job and :func:`assign_local`, the single-machine
path used as the reference in tests and in the bench.
"""

from __future__ import annotations

import math
from typing import Any

from tisser.core.community import SPORTS, split_list
from tisser.federation.spec import RoundSpec

NO_LEVEL = -1e9  # sorts members without a level first, in Spark as in pandas


def bands_of(level: float, spec: RoundSpec) -> list[str]:
    """The member's own level band and the neighbouring one nearest to their level."""
    scale = SPORTS.get(spec.activity)
    if scale is None or level != level:  # social round, or no level given
        return ["-"]
    width = spec.weights.level_band or scale.band
    x = (level - scale.low) / width
    own = math.floor(x)
    near = own + 1 if x - own >= 0.5 else own - 1
    top = math.floor((scale.high - scale.low) / width)
    return [str(own)] + ([str(near)] if 0 <= near <= top else [])


def keys_of(area: str, slots: str, level: float, spec: RoundSpec) -> list[str]:
    """Every block key a member may join (``area|slot|band``); one without slots gets one."""
    bands = bands_of(level, spec)
    return [f"{area}|{slot}|{band}" for slot in split_list(slots) or [""] for band in bands]


def chunk_of(rank: int, size: int, block_max: int) -> int:
    """The part of a block of ``size`` the member of rank ``rank`` (0-based) falls in."""
    parts = -(-size // block_max)
    return rank * parts // size


def assign_local(records: Any, spec: RoundSpec) -> Any:
    """The records (pandas) with their ``block`` column: the single-machine path."""
    rows = records.reset_index(drop=True)
    keys = [
        (i, key)
        for i, (area, slots, level) in enumerate(
            zip(rows["area"], rows["slots"], rows["level"], strict=True)
        )
        for key in keys_of(area, slots, level, spec)
    ]
    popularity: dict[str, int] = {}
    for _, key in keys:
        popularity[key] = popularity.get(key, 0) + 1
    best: dict[int, str] = {}
    for i, key in keys:
        old = best.get(i)
        if old is None or (-popularity[key], key) < (-popularity[old], old):
            best[i] = key
    rows = rows.assign(key=[best[i] for i in range(len(rows))])
    rows = rows.assign(lv=rows["level"].fillna(NO_LEVEL))
    rows = rows.sort_values(["key", "lv", "email_fold"], kind="stable")
    rank = rows.groupby("key").cumcount()
    size = rows.groupby("key")["key"].transform("size")
    chunks = [chunk_of(r, s, spec.block_max) for r, s in zip(rank, size, strict=True)]
    rows = rows.assign(block=[f"{k}#{c}" for k, c in zip(rows["key"], chunks, strict=True)])
    return rows.drop(columns=["key", "lv"])


def assign_spark(records: Any, spec: RoundSpec) -> Any:
    """The records (a Spark DataFrame) with their ``block`` column, computed by Spark."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    def explode(batches: Any) -> Any:
        import pandas as pd

        for pdf in batches:
            out = [
                (e, key)
                for e, area, slots, level in zip(
                    pdf["email_fold"], pdf["area"], pdf["slots"], pdf["level"], strict=True
                )
                for key in keys_of(area, slots, level, spec)
            ]
            yield pd.DataFrame(out, columns=["email_fold", "key"])

    keys = records.select("email_fold", "area", "slots", "level").mapInPandas(
        explode, "email_fold string, key string"
    )
    popular = keys.groupBy("key").agg(F.count("*").alias("popularity"))
    order = Window.partitionBy("email_fold").orderBy(F.desc("popularity"), F.asc("key"))
    choice = (
        keys.join(popular, "key")
        .withColumn("r", F.row_number().over(order))
        .filter("r = 1")
        .select("email_fold", "key")
    )
    lv = F.when(F.isnan("level") | F.isnull("level"), F.lit(NO_LEVEL)).otherwise(F.col("level"))
    within = Window.partitionBy("key").orderBy(lv, F.col("email_fold"))
    size = F.count("*").over(Window.partitionBy("key"))
    rank = F.row_number().over(within) - 1
    parts = F.ceil(size / F.lit(spec.block_max))
    chunk = F.floor(rank * parts / size).cast("long")
    return (
        records.join(choice, "email_fold")
        .withColumn("block", F.concat_ws("#", F.col("key"), chunk.cast("string")))
        .drop("key")
    )
