"""The settings file: every default overridable, bad keys and values reported clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tisser.core.errors import InvalidInput
from tisser.core.model import Circle
from tisser.settings import Settings, config_path, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tisser.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_default_file_gives_defaults(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("TISSER_CONFIG", raising=False)
    s = load_settings(tmp_path / "absent.toml")
    assert s == Settings()
    assert s.cadence.cadence_days[Circle.SECOND] == 30
    assert s.strength.weights["closeness"] == 0.30


def test_every_section_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[cadence]
circle_2 = 45
dormant_after_days = 500
cooling_multiple = 3

[strength]
closeness = 0.5
half_life_days = 90

[reciprocity]
min_exchanges = 5

[diagnosis]
activation_threshold = 0.4
dunbar_layers = [5, 15, 50, 150]
entre_soi_attributes = ["sector"]
dormant_limit = 3

[dormant]
relevance = 0.5
""",
    )
    s = load_settings(path)
    assert s.source == str(path)
    assert s.cadence.cadence_days[Circle.SECOND] == 45
    assert s.cadence.cadence_days[Circle.FIRST] == 7  # untouched
    assert (s.cadence.dormant_after_days, s.cadence.cooling_multiple) == (500, 3.0)
    assert s.strength.weights["closeness"] == 0.5 and s.strength.half_life_days == 90
    assert s.diagnosis.reciprocity.min_exchanges == 5
    assert s.diagnosis.activation_threshold == 0.4
    assert s.diagnosis.entre_soi_attributes == ("sector",)
    assert s.diagnosis.dormant.limit == 3 and s.diagnosis.dormant.weights["relevance"] == 0.5


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[cadence]\ncircle_9 = 3\n", "unknown setting [cadence] circle_9"),
        ("[strength]\ncloseness = 'high'\n", "[strength] closeness must be a number"),
        ("[colours]\nx = 1\n", "unknown setting [colours]"),
        ("[cadence\n", "cannot read the settings"),
        ("[cadence]\ncircle_1 = 0\n", "cadence of circle 1"),
        ("[diagnosis]\neffort_split = [0.5, 0.5]\n", "effort_split needs three shares"),
    ],
)
def test_bad_settings_name_the_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InvalidInput) as err:
        load_settings(path)
    assert needle in err.value.one_line()
    assert err.value.where == str(path)


def test_env_var_points_to_the_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TISSER_CONFIG", str(tmp_path / "mine.toml"))
    assert config_path() == tmp_path / "mine.toml"
    with pytest.raises(InvalidInput, match="not found"):
        load_settings()
