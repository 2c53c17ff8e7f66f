"""What the diagnosis tells and asks: a :class:`Finding` and its :class:`Action`.

Kept apart from the rules that write them (:mod:`tisser.core.findings`, its helpers in
:mod:`tisser.core.coach`) and from the diagnosis that holds them, so that each of those can
import these two classes without an import circle.
"""

from __future__ import annotations

from dataclasses import dataclass

from tisser.core.errors import N_
from tisser.core.explain import Text

# Reopening a dormant tie, as the diagnosis and the plan both say it (#18: one instruction
# for one tie, wherever it is read)
REVIVE = N_("Write to {name} to catch up, with news and no request")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the coach tells: a title, the reasons, the data and the people concerned."""

    code: str
    score: float  # how much it matters, 0..1; the summary takes the highest
    title: Text
    because: tuple[Text, ...]
    data: dict[str, object]
    contact_ids: tuple[int, ...] = ()
    action: Action | None = None  # what to do about it: worded once, shown the same everywhere


@dataclass(frozen=True, slots=True)
class Action:
    """One of the "things to do now": a finding's action (``code`` says which kind)."""

    code: str
    text: Text
    because: Text
    contact_id: int | None = None
    other_id: int | None = None  # the second person of an introduction
