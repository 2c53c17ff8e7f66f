"""How a planned action reads, in French or English: what to do, with whom, why.

Shared by ``tisser plan``, ``review``, ``calendar`` and ``digest``, so the terminal, the
.ics file and the e-mail say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from tisser.core.actions import KIND_LABELS, Action, ActionKind, ActionState, Outcome
from tisser.core.dates import parse_date
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Channel
from tisser.core.plan import DORMANT_REASON
from tisser.core.verdicts import REVIVE
from tisser.i18n import _, get_language
from tisser.present import labels
from tisser.present.dates import format_date
from tisser.present.wording import text as render_text

STATE_LABELS = {
    ActionState.PLANNED: N_("to do"),
    ActionState.DONE: N_("done"),
    ActionState.SNOOZED: N_("snoozed"),
}
OUTCOME_LABELS = {
    Outcome.REPLIED: N_("replied"),
    Outcome.MEETING: N_("meeting set"),
    Outcome.HELPED: N_("help exchanged"),
    Outcome.NO_REPLY: N_("no reply"),
    Outcome.DONE: N_("done"),
}


def outcome_label(text: str) -> str:
    """An interaction's outcome as the reader says it: a known code ("no_reply", which
    capture records) by its label, anything typed by hand as typed."""
    try:
        return _(OUTCOME_LABELS[Outcome(text)])
    except ValueError:
        return text


OUTCOME_ALIASES = {
    "reply": Outcome.REPLIED,
    "repondu": Outcome.REPLIED,
    "reponse": Outcome.REPLIED,
    "rdv": Outcome.MEETING,
    "rendez-vous": Outcome.MEETING,
    "aide": Outcome.HELPED,
    "help": Outcome.HELPED,
    "no-reply": Outcome.NO_REPLY,
    "sans reponse": Outcome.NO_REPLY,
    "pas de reponse": Outcome.NO_REPLY,
    "fait": Outcome.DONE,
}
TEMPLATES = {
    ActionKind.FOLLOW_UP: N_("Follow up with {who}"),
    ActionKind.RECONNECT: N_("Get back in touch with {who}"),
    ActionKind.GIVE: N_("Give first to {who}: share, recommend or return a favour"),
    ActionKind.INTRODUCE: N_("Introduce {who} and {other}"),
    ActionKind.PREPARE: N_("Prepare: {title}"),
    ActionKind.EVENT: N_("Attend: {title}"),
    ActionKind.STEP: N_("Objective step: {title}"),
    ActionKind.ADVICE: N_("Advice: {title}"),
}


def kind_label(kind: ActionKind) -> str:
    return _(KIND_LABELS[kind])


def day_label(day: date) -> str:
    """``lun. 23 nov.`` / ``Mon, Nov 23``."""
    pattern = "EEE d MMM" if get_language() == "fr" else "EEE, MMM d"
    return format_date(day, pattern, locale=get_language())


def describe(action: Action, names: Mapping[int, str]) -> str:
    """What to do, in one line ("Get back in touch with Claire Dubois (call)"); an action of
    the diagnosis in the diagnosis's words, a dormant tie as the diagnosis says it."""
    if action.wording is not None:
        return render_text(action.wording.text)
    who = names.get(action.contact_id or 0, "?")
    other = names.get(action.other_id or 0, "?")
    if (
        action.kind == ActionKind.RECONNECT
        and action.reasons[:1]
        and (action.reasons[0][0] == DORMANT_REASON)
    ):
        return _(REVIVE).format(name=who)
    if action.kind == ActionKind.RECONNECT and action.channel == Channel.IN_PERSON:
        return _("Propose a coffee to {who}").format(who=who)
    text = _(TEMPLATES[action.kind]).format(who=who, other=other, title=action.title or who)
    if action.channel is not None and action.kind in (ActionKind.RECONNECT, ActionKind.FOLLOW_UP):
        text += f" ({labels.label(action.channel)})"
    return text


def _param(value: object) -> object:
    if isinstance(value, date):
        return format_date(value, "d MMM", locale=get_language())
    return value


def why(action: Action) -> str:
    """The reasons, translated and joined; an action of the diagnosis, the diagnosis's."""
    reasons = [
        _(template).format(**{k: _param(v) for k, v in params.items()})
        for template, params in action.reasons
    ]
    if action.wording is not None:
        reasons.insert(0, render_text(action.wording.because))
    return " · ".join(r for r in reasons if r)


def future_date(text: str, today: date) -> date:
    """A date from what the user typed, durations counted forward ("2w", "3m": from today).

    :func:`tisser.core.dates.parse_date` reads durations backward (the journal's "since");
    a deadline or a snooze looks ahead, so a duration is mirrored around today.
    """
    day = parse_date(text, today)
    written = text.strip()
    is_duration = written[:1].isdigit() and not any(sep in written for sep in "-/.")
    if day < today and is_duration:
        return today + (today - day)
    return day


def parse_number(text: str, message: str, hint: str) -> int:
    """The number the user gave ("12" or "#12"); InvalidInput with ``message`` otherwise."""
    raw = text.strip().lstrip("#")
    if not raw.isascii() or not raw.isdigit():
        raise InvalidInput(message, hint=hint, text=text)
    return int(raw)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``; InvalidInput naming the file when it cannot be written."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(
            N_("cannot write {file}: {reason}"),
            hint=N_("choose another place"),
            file=str(path),
            reason=exc.strerror or str(exc),
        ) from exc
