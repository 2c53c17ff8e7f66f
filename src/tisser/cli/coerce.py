"""Option values turned into numbers and texts without pydantic.

Typer 0.29 converts every option value through a pydantic ``TypeAdapter``: importing
pydantic and building the adapters costs a command about a sixth of its start, for values
that are, in tisser, texts, whole numbers, decimals and lists of them. Those are converted
here (same results, checked against Typer's own conversion by ``tests/test_cli_coerce.py``),
with messages in the user's language instead of pydantic's English; any other annotation
(paths, choices, a custom parser) goes on through Typer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, get_args, get_origin

import typer.core
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, build_runtime_param

from tisser.core.errors import N_
from tisser.i18n import _

PLAIN = (str, int, float, bool)
NOT_A_NUMBER = {int: N_("{value!r} is not a whole number"), float: N_("{value!r} is not a number")}
WHOLE_DECIMAL = re.compile(r"[+-]?\d+\.\d+")
BELOW = N_("{value} is below the lowest value allowed, {low}")
ABOVE = N_("{value} is above the highest value allowed, {high}")


def install() -> None:
    """Make Typer convert plain option values with :func:`runtime_param`."""
    typer.core.build_runtime_param = runtime_param  # type: ignore[attr-defined]


def runtime_param(descriptor: Any) -> RuntimeParam:
    """The conversion of one parameter: :class:`PlainValue` when its type is plain."""
    leaf = plain_type(descriptor)
    if leaf is None:
        return build_runtime_param(descriptor)
    return PlainValue(descriptor.parameter_info, descriptor.annotation, leaf, descriptor)


def plain_type(descriptor: Any) -> type | None:
    """``str``, ``int``, ``float`` or ``bool`` (alone or in a list) with nothing else to
    apply."""
    info = descriptor.parameter_info
    if info.parser is not None or getattr(info, "click_type", None) is not None or info.clamp:
        return None
    if descriptor.is_choice or descriptor.is_path or descriptor.is_file:
        return None
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation) or (None,)
    if annotation not in PLAIN or (
        annotation in (str, bool) and (info.min, info.max) != (None, None)
    ):
        return None
    return annotation  # type: ignore[no-any-return]


@dataclass(frozen=True)
class PlainValue(RuntimeParam):
    """A text, a whole number or a decimal, within the option's ``min`` and ``max``; a flag's
    true or false (a flag written as a word, ``--x yes``, goes through Typer's conversion)."""

    leaf: type
    descriptor: Any

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        if get_origin(self.annotation) is list:
            items = value if isinstance(value, (list, tuple)) else [value]
            return [self._one(item, param, ctx) for item in items]
        return self._one(value, param, ctx)

    def _one(self, value: Any, param: Any, ctx: Any) -> Any:
        if self.leaf is str:
            return value if isinstance(value, str) else str(value)
        if self.leaf is bool:
            if isinstance(value, bool):
                return value
            return build_runtime_param(self.descriptor)._coerce_value(value, param, ctx)
        number = _number(self.leaf, value)
        if number is None:
            message = _(NOT_A_NUMBER[self.leaf]).format(value=value)
            raise BadParameter(message, ctx=ctx, param=param)
        low, high = self.parameter_info.min, self.parameter_info.max
        if number != number and (low, high) != (None, None):  # NaN is in no range
            raise BadParameter(_(NOT_A_NUMBER[float]).format(value=value), ctx=ctx, param=param)
        if low is not None and number < low:
            raise BadParameter(_(BELOW).format(value=number, low=low), ctx=ctx, param=param)
        if high is not None and number > high:
            raise BadParameter(_(ABOVE).format(value=number, high=high), ctx=ctx, param=param)
        return number


def _number(kind: type, value: Any) -> Any:
    """``value`` as an ``int`` or a ``float`` as pydantic's lax mode reads it, or None:
    ASCII digits only; a whole number may be written ``5.0``, not ``2.5``."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and not text.isascii():
        return None
    try:
        if kind is float or not isinstance(text, (str, float)):
            return kind(text)
        if isinstance(text, float) or WHOLE_DECIMAL.fullmatch(text):
            whole = float(text)
            return int(whole) if whole.is_integer() else None
        return int(text)
    except (TypeError, ValueError, OverflowError):
        return None
