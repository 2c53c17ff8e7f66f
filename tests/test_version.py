"""The version tisser prints is the one it is released under."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

import tisser
from tisser.cli import main

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_the_version_constant_is_pyproject_s() -> None:
    with PYPROJECT.open("rb") as handle:
        declared = tomllib.load(handle)["project"]["version"]
    assert tisser.__version__ == declared


def test_the_version_constant_is_the_installed_one() -> None:
    try:
        installed = version("tisser")
    except PackageNotFoundError:
        pytest.fail("tisser is not installed in this environment (pip install -e .)")
    assert tisser.__version__ == installed


def test_tisser_version_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"tisser {tisser.__version__}\n"
