"""Mentions of a person in free text, and their redaction (RGPD erasure, issue #21).

Erasing a contact deletes their card, but their name also sits in other people's notes
("présentée par Anaïs Bénard"), in interaction texts, plan lines, events… A mention is
one of the person's names (given + family, either order, with the particle or the
nickname), e-mails, phones or profile handles, found accent- and case-insensitively on
word boundaries. :func:`redact` replaces each by a placeholder, and keeps the rest of the
text exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tisser.core.model import Contact
from tisser.core.names import fold, fold_char

PLACEHOLDER = "[…]"


def needles(c: Contact) -> list[str]:
    """What names ``c`` in text: the full names, e-mails, phones, handles (longest first)."""
    given, family = c.given_name.strip(), " ".join(p for p in (c.particle, c.family_name) if p)
    out = {c.display_name.strip()}
    if given and family:
        out |= {f"{given} {family}", f"{family} {given}", f"{given} {c.family_name}"}
        if c.nickname.strip():
            out.add(f"{c.nickname.strip()} {family}")
    out |= {e for e in c.emails if e.strip()} | {p for p in c.phones if p.strip()}
    out |= {v for v in (c.linkedin.strip(), c.x_handle.strip()) if v}
    # a single word (a given name alone) would hit every namesake: only whole names count
    kept = {n for n in out if len(fold(n)) >= 4 and (" " in n.strip() or not n.isalpha())}
    return sorted(kept, key=lambda n: (-len(n), n))


class Finder:
    """Find and redact the mentions of a set of needles in texts."""

    def __init__(self, words: Sequence[str]) -> None:
        self.folded = [f for f in {fold(w) for w in words} if f]
        parts = [r"\s+".join(re.escape(t) for t in f.split()) for f in self.folded]
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)") if parts else None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of each mention in ``text``, in the original text's positions."""
        if not text or self.pattern is None:
            return []
        quick = fold(text)
        if not any(f in quick for f in self.folded):
            return []
        folded: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(text):
            f = fold_char(ch)
            folded.append(f)
            origin.extend([i] * len(f))
        origin.append(len(text))
        flat = "".join(folded)
        return [(origin[m.start()], origin[m.end() - 1] + 1) for m in self.pattern.finditer(flat)]

    def redact(self, text: str, placeholder: str = PLACEHOLDER) -> str:
        """``text`` with each mention replaced by ``placeholder``."""
        out, last = [], 0
        for start, end in self.spans(text):
            out += [text[last:start], placeholder]
            last = end
        return "".join(out) + text[last:] if out else text

    def redact_value(self, value: Any, placeholder: str = PLACEHOLDER) -> Any:
        """A JSON value with the mentions in its strings (keys included) redacted."""
        if isinstance(value, str):
            return self.redact(value, placeholder)
        if isinstance(value, list):
            return [self.redact_value(v, placeholder) for v in value]
        if isinstance(value, dict):
            return {
                self.redact(str(k), placeholder): self.redact_value(v, placeholder)
                for k, v in value.items()
            }
        return value

    def excerpt(self, text: str, width: int = 30) -> str:
        """The text around the first mention, the mention itself shown as it is written."""
        spans = self.spans(text)
        if not spans:
            return ""
        start, end = spans[0]
        left, right = max(0, start - width), min(len(text), end + width)
        return (
            ("…" if left else "")
            + " ".join(text[left:right].split())
            + ("…" if right < len(text) else "")
        )
