"""Settings: every default of the cadence, tie strength and diagnosis, from a TOML file.

The file is ``TISSER_CONFIG`` when set, else ``tisser.toml`` in the user's config folder
(platformdirs: ``~/.config/tisser/tisser.toml`` on Linux). It is optional; every key is
optional; an unknown key or a bad value is an :class:`~tisser.core.errors.InvalidInput`
naming the file and the key. Example with every key and its default::

    [cadence]                  # days between two interactions, per circle
    circle_1 = 7               # first circle: weekly
    circle_2 = 30              # second circle: monthly
    circle_3 = 90              # active network: every 3 months
    circle_4 = 365             # wider network: yearly
    due_fraction = 0.8         # "due" from 0.8 x the cadence
    cooling_multiple = 2.0     # "cooling" beyond twice the cadence
    dormant_after_days = 365   # "dormant" beyond a year

    [strength]                 # tie strength (see tisser.core.strength)
    closeness = 0.30           # weights of the six parts
    recency = 0.20
    intensity = 0.15
    duration = 0.15
    reciprocity = 0.10
    mutual = 0.10
    half_life_days = 180       # recency halves every 180 days
    intensity_full = 40        # interactions for a full intensity
    duration_full_years = 5    # years known for a full duration
    help_full = 4              # help exchanges for a full reciprocity
    mutual_full = 10           # contacts in common for a full score

    [reciprocity]
    min_exchanges = 3          # exchanges before calling someone a giver or taker
    threshold = 0.5            # |balance| from which the tie is one-sided

    [diagnosis]
    activation_threshold = 0.3 # a tie this strong and not dormant is "activated"
    dunbar_layers = [5, 15, 50, 150]
    effort_split = [0.4, 0.2, 0.4]
    homophily_alert = 0.25     # observed minus chance E-I index that calls entre-soi
    entre_soi_attributes = ["organization", "sector", "city", "function"]
    min_bridge_cut = 2         # a bridge cuts off at least this many people
    min_community = 3          # smallest cluster reported
    min_per_profile = 2        # fewer of a relational profile: "missing"
    summary_size = 5           # findings in the summary (at least 3)
    dormant_limit = 10         # dormant ties ranked

    [dormant]                  # weights of what reviving a dormant tie brings
    past = 0.35
    help = 0.20
    introduced = 0.15
    bridge = 0.15
    relevance = 0.15

    [matching]                 # community rounds (see tisser.core.matching)
    base = 1.0                 # a feasible meeting is worth something
    level = 2.0                # closeness of levels inside the band
    complement = 3.0           # one's need meets another's offer (two per pair counted)
    sector = 1.0               # another sector
    function = 0.5             # another function
    language = 0.5             # a shared language other than French
    format = 1.0               # penalty when the group's size is not the member's format
    waited = 1.5               # bonus for a member left unmatched last time
    liked = 1.0                # feedback: a kind of complementarity the member found useful
    stood_up = 1.5             # feedback: their meeting did not happen last time
    useful_from = 4            # feedback: usefulness (1-5) from which a meeting was useful
    feedback_rounds = 6        # feedback: a useful meeting counts for this many rounds
    history_rounds = 6         # never the same pair within this many rounds
    reserved_max_group = 4     # a reserved member is unhappy in a larger group
    # level_band = 3.0         # overrides each sport's own band when set

:func:`load_settings` returns a :class:`Settings` holding the core's plain parameter
dataclasses; the plan (#5) and reach (#6) reuse ``settings.strength`` and
``settings.cadence``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from tisser.core.cadence import CadenceSettings
from tisser.core.diagnosis_settings import DiagnosisSettings
from tisser.core.dormant import DORMANT_WEIGHTS, DormantSettings
from tisser.core.errors import N_, InvalidInput
from tisser.core.matching import Weights
from tisser.core.model import DEFAULT_CADENCE_DAYS, Circle
from tisser.core.reciprocity import ReciprocitySettings
from tisser.core.strength import DEFAULT_WEIGHTS, StrengthSettings

SECTIONS = ("cadence", "strength", "reciprocity", "diagnosis", "dormant", "matching")
# Sections of the same file that another module reads and checks (the digest's mail server,
# :mod:`tisser.mail`): known here, so a file shared by `plan` and `diagnose` stays valid.
OTHER_SECTIONS = ("smtp",)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, as the core's parameter objects."""

    diagnosis: DiagnosisSettings = field(default_factory=DiagnosisSettings)
    source: str = ""  # the file read, "" for the defaults
    matching: Weights = field(default_factory=Weights)  # community rounds, feedback included

    @property
    def cadence(self) -> CadenceSettings:
        return self.diagnosis.cadence

    @property
    def strength(self) -> StrengthSettings:
        return self.diagnosis.strength


def config_path() -> Path:
    """``TISSER_CONFIG``, else ``tisser.toml`` in the user's config folder."""
    env = os.environ.get("TISSER_CONFIG", "").strip()
    if env:
        return Path(env)
    return Path(user_config_dir("tisser", appauthor=False)) / "tisser.toml"


def load_settings(path: Path | None = None) -> Settings:
    """The settings of ``path`` (default :func:`config_path`); defaults when it is absent."""
    path = path if path is not None else config_path()
    if not path.exists():
        if os.environ.get("TISSER_CONFIG", "").strip():
            raise InvalidInput(
                N_("settings file {file} not found"),
                hint=N_("fix TISSER_CONFIG or create the file"),
                file=str(path),
            )
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(
            N_("cannot read the settings: {error}"),
            where=str(path),
            hint=N_("check the TOML syntax, e.g. circle_2 = 30"),
            error=str(exc),
        ) from exc
    where = str(path)
    return Settings(
        settings_from_dict(data, where), where, matching_from_dict(data.get("matching"), where)
    )


# [matching] keys that take whole numbers (the rest are weights, any number).
_WHOLE = ("useful_from", "feedback_rounds", "history_rounds", "reserved_max_group")


def matching_from_dict(section: Any, where: str = "") -> Weights:
    """The [matching] section as :class:`~tisser.core.matching.Weights` (issue #22).

    The feedback weights (``liked``, ``stood_up``, ``useful_from``, ``feedback_rounds``) are
    settings like the others, so an organiser tunes them in the same file.
    """
    if section is None:
        return Weights()
    if not isinstance(section, dict):
        raise _unknown(where, "matching", "")
    known = {f.name for f in fields(Weights)}
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key not in known:
            raise _unknown(where, "matching", key)
        number = _number(where, "matching", key, value, integer=key in _WHOLE)
        values[key] = number if key in _WHOLE else float(number)
    return Weights(**values)


def _number(where: str, section: str, key: str, value: Any, integer: bool = False) -> Any:
    ok = isinstance(value, int) if integer else isinstance(value, int | float)
    if not ok or isinstance(value, bool):
        raise InvalidInput(
            N_("[{section}] {key} must be a number, not {value!r}"),
            where=where,
            section=section,
            key=key,
            value=value,
        )
    return value


def _unknown(where: str, section: str, key: str) -> InvalidInput:
    return InvalidInput(
        N_("unknown setting [{section}] {key}"),
        where=where,
        hint=N_("see the keys in the README, section Settings"),
        section=section,
        key=key,
    )


def settings_from_dict(data: dict[str, Any], where: str = "") -> DiagnosisSettings:
    """Build the diagnosis settings from parsed TOML (sections as in the module doc)."""
    for section in data:
        if section in OTHER_SECTIONS:
            continue
        if section not in SECTIONS or not isinstance(data[section], dict):
            raise _unknown(where, section, "")

    days, cad_kw = _cadence_parts(data.get("cadence", {}), where)
    weights, st_kw = _strength_parts(data.get("strength", {}), where)
    rc_kw = _reciprocity_kw(data.get("reciprocity", {}), where)
    dweights = _dormant_weights(data.get("dormant", {}), where)
    limit, dg_kw = _diagnosis_parts(dict(data.get("diagnosis", {})), where)

    try:
        return DiagnosisSettings(
            cadence=CadenceSettings(cadence_days=days, **cad_kw),
            strength=StrengthSettings(weights=weights, **st_kw),
            reciprocity=ReciprocitySettings(**rc_kw),
            dormant=DormantSettings(weights=dweights, limit=int(limit)),
            **dg_kw,
        )
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where=where, hint=exc.hint, **exc.params) from exc


def _cadence_parts(
    cad: dict[str, Any], where: str
) -> tuple[dict[Circle, int | None], dict[str, Any]]:
    """[cadence]: the days per circle apart, since they fill a mapping rather than a field."""
    days: dict[Circle, int | None] = dict(DEFAULT_CADENCE_DAYS)
    cad_kw: dict[str, Any] = {}
    for key, value in cad.items():
        if key.startswith("circle_") and key[7:] in ("1", "2", "3", "4"):
            days[Circle(int(key[7:]))] = _number(where, "cadence", key, value, integer=True)
        elif key in ("due_fraction", "cooling_multiple"):
            cad_kw[key] = float(_number(where, "cadence", key, value))
        elif key == "dormant_after_days":
            cad_kw[key] = _number(where, "cadence", key, value, integer=True)
        else:
            raise _unknown(where, "cadence", key)
    return days, cad_kw


def _strength_parts(st: dict[str, Any], where: str) -> tuple[dict[str, float], dict[str, Any]]:
    """[strength]: a weight key goes to the weights, any other known key to a constant."""
    weights = dict(DEFAULT_WEIGHTS)
    st_kw: dict[str, Any] = {}
    consts = {f.name for f in fields(StrengthSettings)} - {"weights"}
    for key, value in st.items():
        if key in weights:
            weights[key] = float(_number(where, "strength", key, value))
        elif key in consts:
            st_kw[key] = _number(where, "strength", key, value)
        else:
            raise _unknown(where, "strength", key)
    return weights, st_kw


def _reciprocity_kw(rc: dict[str, Any], where: str) -> dict[str, Any]:
    """[reciprocity]: two keys, one of them a count."""
    rc_kw: dict[str, Any] = {}
    for key, value in rc.items():
        if key not in ("min_exchanges", "threshold"):
            raise _unknown(where, "reciprocity", key)
        rc_kw[key] = _number(where, "reciprocity", key, value, integer=key == "min_exchanges")
    return rc_kw


def _dormant_weights(dm: dict[str, Any], where: str) -> dict[str, float]:
    """[dormant]: only the weights of the ranking, each a number."""
    dweights = dict(DORMANT_WEIGHTS)
    for key, value in dm.items():
        if key not in dweights:
            raise _unknown(where, "dormant", key)
        dweights[key] = float(_number(where, "dormant", key, value))
    return dweights


def _diagnosis_parts(dg: dict[str, Any], where: str) -> tuple[Any, dict[str, Any]]:
    """[diagnosis]: the dormant limit belongs to another section's object, so it comes apart."""
    limit = _number(where, "diagnosis", "dormant_limit", dg.pop("dormant_limit", 10), True)
    dg_kw: dict[str, Any] = {}
    known = {f.name for f in fields(DiagnosisSettings)} - {
        "cadence",
        "strength",
        "reciprocity",
        "dormant",
    }
    for key, value in dg.items():
        if key not in known:
            raise _unknown(where, "diagnosis", key)
        if key in ("dunbar_layers", "effort_split", "entre_soi_attributes"):
            dg_kw[key] = _list_setting(where, key, value)
        else:
            dg_kw[key] = _number(where, "diagnosis", key, value)
    return limit, dg_kw


def _list_setting(where: str, key: str, value: Any) -> tuple[Any, ...]:
    """A list of [diagnosis]: non-empty, of numbers (names for the entre-soi attributes)."""
    if not isinstance(value, list) or not value:
        raise InvalidInput(
            N_("[{section}] {key} must be a list"),
            where=where,
            section="diagnosis",
            key=key,
        )
    if key == "entre_soi_attributes":
        out: tuple[Any, ...] = tuple(str(v) for v in value)
    else:
        out = tuple(
            _number(where, "diagnosis", key, v, integer=key == "dunbar_layers") for v in value
        )
    if key == "effort_split" and len(out) != 3:
        raise InvalidInput(
            N_("[diagnosis] effort_split needs three shares, e.g. [0.4, 0.2, 0.4]"),
            where=where,
        )
    return out
