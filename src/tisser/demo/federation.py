"""A synthetic federation of clubs for tests and the bench (issue #22).

Members come from :func:`tisser.demo.community.members` (the Bordeaux club's generator:
sports, levels, slots, companies, wishes), spread over ``clubs`` clubs and ``areas`` areas
(a club belongs to one area), written one file per club in the member template with two
extra columns, ``club`` and ``area``. E-mails are made unique per federation by a club
suffix, as if each club had its own members; :func:`write_clubs` can give a few members a
second club (the same e-mail in two files) to exercise the one-identity rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tisser.core.community import SOCIAL
from tisser.demo.community import members

COLUMNS = ["email", "first_name", "last_name", "company", "sector", "function", "city",
           "sports", "slots", "seeks", "offers", "format", "languages", "club", "area"]  # fmt: skip


def federation(count: int, clubs: int, areas: int, seed: int = 22) -> Any:
    """``count`` members (a pandas DataFrame in the member template) over ``clubs`` clubs."""
    import pandas as pd

    rows = []
    batch = 20_000
    for start in range(0, count, batch):
        for i, m in enumerate(members(min(batch, count - start), seed=seed + start), start):
            club = i % clubs
            local, _, domain = m.email.partition("@")
            rows.append((
                f"{local}.{i}@{domain}", m.first_name, m.last_name, m.company, m.sector,
                m.function, m.city,
                ";".join(k if k in SOCIAL else f"{k}:{v:g}" for k, v in m.sports.items()),
                ";".join(sorted(m.slots)), ";".join(map(str, m.seeks)),
                ";".join(map(str, m.offers)), m.format.value, ";".join(sorted(m.languages)),
                f"club-{club:04d}", f"area-{club % areas:03d}",
            ))  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def write_clubs(frame: Any, folder: Path, suffix: str = ".parquet", twice: int = 0) -> list[Path]:
    """One file per club in ``folder``; the first ``twice`` members also join the next club."""
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    names = sorted(frame["club"].unique())
    extra = frame.head(twice).copy()
    if twice:
        following = {a: b for a, b in zip(names, names[1:] + names[:1], strict=True)}
        extra["club"] = extra["club"].map(following)
    full = pd.concat([frame, extra], ignore_index=True)
    paths = []
    for club, part in full.groupby("club", sort=True):
        path = folder / f"{club}{suffix}"
        if suffix == ".parquet":
            part.to_parquet(path, index=False)
        else:
            part.to_csv(path, index=False)
        paths.append(path)
    return paths
