"""tisser's conversion of option values gives what Typer's own (pydantic's) gives."""

from __future__ import annotations

from typing import Any

import pytest
from typer._coercion import build_runtime_param, resolve_type_descriptor
from typer.models import OptionInfo

from tisser.cli.coerce import PlainValue, runtime_param

TYPES: list[tuple[Any, dict[str, Any]]] = [
    (int, {}), (float, {}), (str, {}), (int, {"min": 1}), (int, {"max": 10}),
    (int, {"min": 0, "max": 100}), (float, {"max": 1.0}), (list[int], {}), (list[str], {}),
    (bool, {}),
]  # fmt: skip
VALUES = ["5", " 5 ", "+5", "-5", "5.0", "1_000", "2.5", "abc", "", "0", "1e3", "inf", "nan",
          "-inf", "11", "0.5", "101", "  x ", "Élodie", "٣", 5, 5.0, 2.5, True, False, "yes",
          "0", "off"]  # fmt: skip


class Param:
    multiple = False
    nargs = 1


def outcome(runtime: Any, value: Any) -> tuple[str, Any]:
    try:
        got = runtime._coerce_value(value, Param(), None)
    except Exception as error:
        return ("refused", type(error).__name__)
    return ("kept", (type(got), repr(got)))


@pytest.mark.parametrize(("annotation", "bounds"), TYPES)
def test_values_convert_as_typer_converts_them(annotation: Any, bounds: dict[str, Any]) -> None:
    descriptor = resolve_type_descriptor(annotation, OptionInfo(**bounds))
    ours, typer_s = runtime_param(descriptor), build_runtime_param(descriptor)
    assert isinstance(ours, PlainValue)
    differ = {
        repr(v): (outcome(ours, v), outcome(typer_s, v))
        for v in VALUES
        if outcome(ours, v) != outcome(typer_s, v)
    }
    assert differ == {}


def test_other_types_go_through_typer() -> None:
    from pathlib import Path

    descriptor = resolve_type_descriptor(Path, OptionInfo())
    assert not isinstance(runtime_param(descriptor), PlainValue)


@pytest.mark.parametrize(
    ("value", "bounds", "french"),
    [
        ("abc", {}, "'abc' n'est pas un nombre entier"),
        ("2.5", {}, "'2.5' n'est pas un nombre entier"),
        ("0", {"min": 1}, "0 est sous la plus petite valeur permise, 1"),
        ("11", {"max": 10}, "11 dépasse la plus grande valeur permise, 10"),
    ],
)
def test_a_refused_value_is_said_in_french(value: str, bounds: dict[str, Any], french: str) -> None:
    from tisser.i18n import set_language

    set_language("fr")
    try:
        descriptor = resolve_type_descriptor(int, OptionInfo(**bounds))
        with pytest.raises(Exception) as refused:
            runtime_param(descriptor)._coerce_value(value, Param(), None)
        assert french in str(refused.value.message)  # type: ignore[attr-defined]
    finally:
        set_language("en")
