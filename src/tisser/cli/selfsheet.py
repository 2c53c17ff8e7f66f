"""The marketing-de-soi worksheet behind ``tisser me``: guided questions, options, Markdown.

The questions follow :mod:`tisser.core.worksheet` section by section; answers are lists
separated by commas (a value proposition and "what I am looking for" are one sentence each).
An empty answer keeps what was there; a single "-" clears it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Profile
from tisser.core.worksheet import (
    IKIGAI_PAIRS,
    LIST_FIELDS,
    SECTIONS,
    TEXT_FIELDS,
    Worksheet,
    draft_pitch,
    ikigai_intersections,
)
from tisser.i18n import _, get_language, ngettext
from tisser.present import labels
from tisser.present.plantext import write_file

FIELD_NAMES = {**{k: v for k, v in LIST_FIELDS.items()}, **TEXT_FIELDS}


def apply_options(sheet: Worksheet, assignments: list[str]) -> Worksheet:
    """Apply ``FIELD=VALUE, VALUE`` assignments (field names as in the JSON export)."""
    for item in assignments:
        name, sep, value = item.partition("=")
        key = name.strip().replace("-", "_").lower()
        if not sep or key not in FIELD_NAMES:
            raise InvalidInput(
                N_("cannot read {item!r}: expected FIELD=VALUE with a worksheet field"),
                hint=N_("fields: {fields}"),
                item=item,
                fields=", ".join(FIELD_NAMES),
            )
        _set(sheet, key, value)
    return sheet


def _set(sheet: Worksheet, key: str, value: str) -> None:
    if value.strip() == "-":
        setattr(sheet, key, [] if key in LIST_FIELDS else "")
    elif key in LIST_FIELDS:
        setattr(sheet, key, [p.strip() for p in value.split(",") if p.strip()])
    else:
        setattr(sheet, key, value.strip())


def interview(sheet: Worksheet) -> Worksheet:
    """Ask each question of the worksheet on stderr, read answers from stdin."""
    err = sys.stderr
    err.write(_("Empty answer: keep; '-': clear; lists are separated by commas.") + "\n")
    for section, title in SECTIONS:
        err.write(f"\n== {_(title)} ==\n")
        for key, (sec, label) in FIELD_NAMES.items():
            if sec != section:
                continue
            current = getattr(sheet, key)
            shown = ", ".join(current) if isinstance(current, list) else current
            colon = "\u00a0: " if get_language() == "fr" else ": "
            err.write(f"{_(label)}" + (f" [{shown}]" if shown else "") + colon)
            err.flush()
            answer = sys.stdin.readline()
            if not answer:
                return sheet  # end of input: keep what was answered
            if answer.strip():
                _set(sheet, key, answer.rstrip("\n"))
    return sheet


def markdown(profile: Profile, sheet: Worksheet) -> str:
    """The profile and worksheet as a Markdown document, in the current language."""
    name = f"{profile.given_name} {profile.family_name}".strip()
    heading = _("Self-marketing worksheet")
    out = [f"# {heading} — {name}".rstrip(" —"), ""]
    facts = [
        (_("Headline"), profile.headline),
        (_("Organisation"), profile.organization),
        (_("Sector"), ", ".join(p for p in (profile.sector, profile.function) if p)),
        (_("Place"), ", ".join(p for p in (profile.city, profile.country) if p)),
        (
            _("Profile"),
            ", ".join(
                p
                for p in (labels.label(profile.relational_profile), labels.label(profile.energy))
                if p
            ),
        ),
        (
            _("Weekly budget"),
            ngettext("{minutes} minute", "{minutes} minutes", profile.weekly_budget_minutes).format(
                minutes=profile.weekly_budget_minutes
            ),
        ),
        (_("Values"), ", ".join(profile.values)),
        (_("Skills"), ", ".join(profile.skills)),
    ]
    out += [
        f"- **{k}** : {v}" if get_language() == "fr" else f"- **{k}**: {v}" for k, v in facts if v
    ]
    for section, title in SECTIONS:
        items = [
            (label, getattr(sheet, key))
            for key, (sec, label) in FIELD_NAMES.items()
            if sec == section
        ]
        if not any(v for _l, v in items) and section != "ikigai":
            continue
        out += ["", f"## {_(title)}", ""]
        for label, value in items:
            if value:
                text = ", ".join(value) if isinstance(value, list) else value
                out.append(
                    f"- **{_(label)}** : {text}"
                    if get_language() == "fr"
                    else f"- **{_(label)}**: {text}"
                )
        if section == "ikigai":
            inter = ikigai_intersections(sheet)
            for key, (_a, _b, label) in IKIGAI_PAIRS.items():
                if inter[key]:
                    out.append(f"- *{_(label)}* : {', '.join(inter[key])}")
            if inter["ikigai"]:
                centre = _("Ikigai (all four)")
                out.append(f"- ***{centre}*** : {', '.join(inter['ikigai'])}")
    pitch_title = _("30-second pitch")
    out += ["", f"## {pitch_title}", ""]
    out.append(profile.pitch or draft_pitch(profile, sheet, get_language()))
    if profile.pitch:
        template = _("Template")
        out += ["", f"*{template}* : {draft_pitch(profile, sheet, get_language())}"]
    return "\n".join(out).replace(" : ", ": " if get_language() != "fr" else "\u00a0: ") + "\n"


def write_markdown(path: Path, text: str) -> None:
    write_file(path, text.encode("utf-8"))
