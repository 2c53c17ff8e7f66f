"""The weekly digest: the week's plan as an e-mail, plain text and HTML, in the user's
language (``tisser digest`` and the web's Plan page send the same message)."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from tisser.app.context import State, names_of
from tisser.app.plan import week_plan
from tisser.core.actions import Action, ActionState
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Profile
from tisser.i18n import _, get_language
from tisser.mail import send, smtp_settings
from tisser.present.plantext import STATE_LABELS, day_label, describe, kind_label, why


def build_digest(state: State, to: str, sender: str) -> EmailMessage:
    """The digest mail: subject, plain-text part and HTML alternative, in the user's language."""
    week, actions, budget = week_plan(state)
    names = names_of(state)
    profile = state.store.get_profile(state.owner_id) or Profile(owner_id=state.owner_id)
    shown = [a for a in actions if a.state != ActionState.SNOOZED]
    minutes = sum(a.minutes for a in shown)
    subject = _("Your networking week — week of {day}").format(day=day_label(week))
    hello = _("Hello {name},").format(name=profile.given_name).replace(" ,", ",")
    intro = _("Here is your plan: {n} actions, {minutes} of your {budget} weekly minutes.").format(
        n=len(shown), minutes=minutes, budget=budget
    )
    outro = _("When one is done: tisser done NUMBER --outcome replied. Have a good week!")
    lines = [hello, "", intro, ""]
    for a in shown:
        lines.append(_line(a, names))
        reason = why(a)
        if reason:
            lines.append(f"      {reason}")
    lines += ["", outro, "", "— tisser"]
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain="tisser.local")
    msg["Content-Language"] = get_language()
    msg.set_content("\n".join(lines) + "\n")
    rows = "".join(_html_row(a, names) for a in shown)
    page = (
        f'<!DOCTYPE html><html lang="{get_language()}"><head><meta charset="utf-8">'
        f"<title>{html.escape(subject)}</title></head><body>"
        f"<p>{html.escape(hello)}</p><p>{html.escape(intro)}</p>"
        '<table cellpadding="6" style="border-collapse:collapse">'
        f"<thead><tr><th>#</th><th>{html.escape(_('Day'))}</th><th>{html.escape(_('Action'))}</th>"
        f"<th>{html.escape(_('What to do'))}</th><th>{html.escape(_('Min.'))}</th>"
        f"<th>{html.escape(_('State'))}</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p>{html.escape(outro)}</p><p>— tisser</p></body></html>"
    )
    msg.add_alternative(page, subtype="html")
    return msg


def _html_row(a: Action, names: dict[int, str]) -> str:
    cells = [
        f"#{a.id}",
        html.escape(day_label(a.day)),
        html.escape(kind_label(a.kind)),
        f"<strong>{html.escape(describe(a, names))}</strong><br>"
        f"<small>{html.escape(why(a))}</small>",
        f"{a.minutes}&nbsp;min",
        html.escape(_(STATE_LABELS[a.state])),
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _line(a: Action, names: dict[int, str]) -> str:
    mark = "✓" if a.state == ActionState.DONE else "☐"
    return f"{mark} #{a.id}  {day_label(a.day)}  {describe(a, names)} ({a.minutes} min)"


def digest_message(state: State, to: str | None = None) -> EmailMessage:
    """The digest addressed to ``to``, else to the settings' recipient or sender."""
    settings = smtp_settings()
    recipient = (to or settings.to or settings.sender).strip()
    sender = settings.sender or recipient or "tisser@localhost"
    return build_digest(state, recipient or sender, sender)


def send_digest(state: State, to: str | None = None) -> str:
    """Send the digest through the SMTP settings (the CLI and the web's Plan page); the
    recipient it went to. InvalidInput when there is nobody to send it to."""
    settings = smtp_settings()
    recipient = (to or settings.to or settings.sender).strip()
    if not recipient:
        raise InvalidInput(
            N_("no recipient for the digest"),
            hint=N_("give --to, set TISSER_SMTP_TO, or use --to-file"),
        )
    send(digest_message(state, recipient), settings)
    return recipient
