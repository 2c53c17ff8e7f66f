"""What makes the vCard import lossless: properties kept verbatim and written back.

tisser models what it uses (names, phones, addresses...); an address book holds more
(``item1.X-ABLabel``, ``X-ANDROID-CUSTOM``, ``X-PHONETIC-FIRST-NAME``, keys, logos, sounds).
Each such property is kept as ``[group, name, params, value]`` in ``Contact.card["extra"]``
and written back on export with its group and parameters, so nothing that came in is lost.

Modelled single-valued properties (FN and N, ORG, TITLE, NICKNAME, BDAY, NOTE...) are also
kept as read, in ``Contact.card["kept"]``, together with the value tisser derived from
them: while the user has not changed that value, the export writes the original lines
(with their honorific prefixes, second organisation unit, phonetic parameters), and only
once it has changed writes tisser's own rendering.

The value is the property's text as decoded from the file (quoted-printable and charset
undone, escapes kept), so a 2.1 card is written back as 3.0/4.0 text.
"""

from __future__ import annotations

from typing import Any

from tisser.formats.vcard_lines import Prop

# Parameters that only describe the file's byte encoding: undone on reading.
_DROPPED = {"CHARSET"}
_QP = {"QUOTED-PRINTABLE", "QP", "8BIT", "7BIT"}

Line = list[Any]  # [group, name, {param: [values]}, value]


def verbatim(p: Prop, text: str) -> Line:
    """``p`` as a line to keep; ``text`` its decoded value (ignored for a binary one)."""
    params: dict[str, list[str]] = {}
    for key, values in p.params.items():
        if key in _DROPPED:
            continue
        if key == "ENCODING":
            values = [v for v in values if v.upper() not in _QP]
            if not values:
                continue
            values = ["b"] if values[0].upper() in ("B", "BASE64") else values
        params[key] = list(values)
    if params.get("ENCODING") == ["b"]:  # base64 (a photo, a key, Outlook's card picture)
        value = "".join(p.raw.decode("ascii", "replace").split())
    else:
        value = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return [p.group, p.name, params, value]


def other_params(p: Prop, skip: tuple[str, ...] = ("TYPE", "PREF")) -> dict[str, list[str]]:
    """The parameters of ``p`` a typed value keeps apart from its types and preference."""
    out: dict[str, list[str]] = {}
    for key, values in p.params.items():
        if key in skip or key in _DROPPED:
            continue
        if key == "ENCODING" and all(v.upper() in _QP for v in values):
            continue
        out[key] = list(values)
    return out


def _param_value(value: str) -> str:
    return f'"{value}"' if any(ch in value for ch in ":;,") else value


def head(group: str, name: str, params: dict[str, list[str]]) -> str:
    """``item1.TEL;TYPE=CELL,VOICE``: a property's name with its group and parameters."""
    out = f"{group}.{name}" if group else name
    for key, values in params.items():
        if values:
            out += f";{key}=" + ",".join(_param_value(v) for v in values)
        else:
            out += f";{key}"
    return out


def render(line: Line) -> str:
    """A kept line as vCard text (unfolded)."""
    group, name, params, value = line
    return f"{head(group, name, params)}:{value}"


def typed_params(
    types: list[str], pref: bool, params: dict[str, list[str]], v4: bool
) -> dict[str, list[str]]:
    """The parameters of a typed value in the version written (PREF=1 in 4.0, TYPE=PREF
    before)."""
    out: dict[str, list[str]] = {}
    kinds = list(types)
    if pref and not v4:
        kinds.append("PREF")
    if kinds:
        out["TYPE"] = kinds
    if pref and v4:
        out["PREF"] = ["1"]
    out.update(params)
    return out


def keep(card: dict[str, Any], field: str, derived: Any, lines: list[Line]) -> None:
    """Remember the lines a field was read from and the value it was read as."""
    if lines:
        card.setdefault("kept", {})[field] = {"derived": derived, "lines": lines}


def kept(card: dict[str, Any], field: str, current: Any) -> list[str] | None:
    """The original lines of ``field`` if its value is still the one read, else None."""
    entry = card.get("kept", {}).get(field)
    if entry is None or entry["derived"] != current:
        return None
    return [render(line) for line in entry["lines"]]
