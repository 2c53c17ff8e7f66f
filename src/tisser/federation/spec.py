"""The round file of a federation (``ROUND.toml``), checked like the settings file.

Example::

    name = "2026-w50"          # the run's name, kept with every result row
    activity = "coffee"        # padel, golf, running, coffee, lunch, walk
    size = "2"                 # 2 for pairs, 4 or a range like 3-6 for groups
    from = 2026-12-07
    to = 2026-12-20
    seed = 7                   # same inputs, same seed: same result
    block_max = 2000           # a larger block is split (in level order, then by e-mail)
    candidates = 20            # best partners kept per member, as for one club
    exact_limit = 3000         # blocks up to this size are matched exactly (pairs)
    history = ["runs/w48", "runs/w49"]  # earlier results (Parquet), oldest first
    output = "runs/w50"        # Parquet folder; omitted with a database source: the database

The matching weights are the ``[matching]`` section of the settings file, as for one club.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tisser.core.community import SOCIAL, SPORTS, Round, parse_size
from tisser.core.errors import N_, InvalidInput
from tisser.core.matching import Weights

KEYS = ("name", "activity", "size", "from", "to", "seed", "block_max", "candidates",
        "exact_limit", "history", "output")  # fmt: skip

NUMBERS = {"seed": 7, "block_max": 2000, "candidates": 20, "exact_limit": 3000}


@dataclass(frozen=True)
class RoundSpec:
    """What one federation round asks for."""

    name: str
    activity: str
    size_min: int
    size_max: int
    date_from: date
    date_to: date
    seed: int = 7
    block_max: int = 2000
    candidates: int = 20
    exact_limit: int = 3000
    history: tuple[str, ...] = ()
    output: str = ""
    weights: Weights = field(default_factory=Weights)

    def round(self) -> Round:
        """The club round each block is matched as (no places: the area is the block's)."""
        return Round(0, 0, self.activity, self.size_min, self.size_max, self.date_from,
                     self.date_to)  # fmt: skip


def _get(data: dict[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    value = data.get(key, default)
    if value is None:
        raise InvalidInput(N_("the round file needs {key}"), where=where, key=key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InvalidInput(N_("{key} has the wrong type: {value!r}"), where=where, key=key,
                           value=value)  # fmt: skip
    return value


def load_spec(path: Path, weights: Weights | None = None) -> RoundSpec:
    """The round file at ``path``; InvalidInput naming the file and the key."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InvalidInput(N_("round file {file} not found"), file=where) from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(N_("cannot read the round file: {error}"), where=where,
                           error=str(exc)) from exc  # fmt: skip
    for key in data:
        if key not in KEYS:
            raise InvalidInput(N_("unknown key {key} in the round file"), where=where, key=key,
                               hint=N_("known: {known}"), known=", ".join(KEYS))  # fmt: skip
    activity = _get(data, "activity", str, where).strip().lower()
    if activity not in SPORTS and activity not in SOCIAL:
        raise InvalidInput(N_("unknown activity {activity!r}"), where=where,
                           hint=N_("known: {known}"), activity=activity,
                           known=", ".join([*SPORTS, *SOCIAL]))  # fmt: skip
    lo, hi = parse_size(str(_get(data, "size", (str, int), where)))
    start, end = _get(data, "from", date, where), _get(data, "to", date, where)
    numbers = {k: _get(data, k, int, where, d) for k, d in NUMBERS.items()}
    if numbers["block_max"] < hi or numbers["candidates"] < 1:
        raise InvalidInput(N_("a block must hold at least one group and each member keep at "
                              "least one candidate"), where=where)  # fmt: skip
    history = _get(data, "history", list, where, [])
    return RoundSpec(
        name=_get(data, "name", str, where, path.stem), activity=activity, size_min=lo,
        size_max=hi, date_from=start, date_to=end, history=tuple(str(h) for h in history),
        output=_get(data, "output", str, where, ""), weights=weights or Weights(), **numbers,
    )  # fmt: skip
