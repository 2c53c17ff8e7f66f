"""Why is Claire flagged? One contact's figures, each with the reason behind it.

"Every number the tool shows can be explained" (PRODUCT.md): the answer lists the cadence
status (days since the last contact against the circle's cadence), the tie strength and its
six parts, the balance of help, the people this contact introduced, their place in the
who-knows-whom graph (cluster, bridge) and every finding of the diagnosis that names them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tisser.core.cadence import Status
from tisser.core.diagnosis import Diagnosis, Finding, Tie
from tisser.core.errors import N_, NotFound
from tisser.core.explain import Days, Text, say
from tisser.core.reciprocity import Pattern
from tisser.core.strength import TieStrength

STATUS_NAMES = {
    Status.ON_TRACK: N_("on track"),
    Status.DUE: N_("due"),
    Status.OVERDUE: N_("overdue"),
    Status.COOLING: N_("cooling"),
    Status.DORMANT: N_("dormant"),
    Status.UNKNOWN: N_("unknown"),
    Status.ARCHIVED: N_("archived"),
}
PATTERN_NAMES = {
    Pattern.GIVER: N_("you give more than you receive"),
    Pattern.TAKER: N_("you receive more than you give"),
    Pattern.BALANCED: N_("balanced"),
    Pattern.TOO_FEW: N_("too few exchanges to tell"),
}


@dataclass(frozen=True, slots=True)
class Explanation:
    contact_id: int
    name: str
    status: Text
    strength: TieStrength
    facts: tuple[Text, ...]
    findings: tuple[Finding, ...]
    dormant_rank: int | None  # 1 = the most valuable dormant tie


def explain_contact(d: Diagnosis, contact_id: int) -> Explanation:
    """Everything the diagnosis says about one contact, with its reasons."""
    tie = d.ties.get(contact_id)
    if tie is None:
        raise NotFound(N_("contact #{id} is not in this diagnosis"), id=contact_id)
    status = _status_line(tie)
    rank = next((i + 1 for i, x in enumerate(d.dormant) if x.contact_id == contact_id), None)
    facts = _facts(d, tie, rank)
    concerned = tuple(f for f in d.findings if contact_id in f.contact_ids)
    return Explanation(
        contact_id, tie.contact.display_name, status, tie.strength, tuple(facts), concerned, rank
    )


def _status_line(tie: Tie) -> Text:
    """The cadence status in words: its wording depends on which dates are known."""
    st = tie.status
    if st.days_since is None:
        return say(
            N_("{status}: no interaction and no date met"), status=Text(STATUS_NAMES[st.status])
        )
    elif st.cadence_days is None:
        return say(
            N_("{status}: last contact {ago} ago, no cadence (archived)"),
            status=Text(STATUS_NAMES[st.status]),
            ago=Days(st.days_since),
        )
    else:
        return say(
            N_(
                "{status}: last contact {ago} ago{counted}, cadence for circle {circle}: "
                "{cadence} days"
            ),
            status=Text(STATUS_NAMES[st.status]),
            ago=Days(st.days_since),
            counted=Text(N_(" (the day you met)")) if st.counted_from_meeting else "",
            circle=int(tie.contact.circle),
            cadence=st.cadence_days,
        )


def _facts(d: Diagnosis, tie: Tie, rank: int | None) -> list[Text]:
    """The figures behind a tie, in reading order; the ones that do not apply are left out."""
    facts: list[Text] = []
    h = tie.history
    facts.append(
        say(
            N_("{count} interactions logged, {recent} in the last 12 months"),
            count=h.count,
            recent=h.recent,
        )
    )
    r = tie.reciprocity
    facts.append(
        say(
            N_("help: given {gave}, received {received} — {pattern}"),
            gave=r.gave,
            received=r.received,
            pattern=Text(PATTERN_NAMES[r.pattern]),
        )
    )
    if tie.introduced:
        names = ", ".join(d.ties[i].contact.display_name for i in tie.introduced[:5])
        facts.append(
            say(
                N_("introduced you to {count} people: {names}"),
                count=len(tie.introduced),
                names=names,
            )
            if len(tie.introduced) > 1
            else say(N_("introduced you to {names}"), names=names)
        )
    facts.append(say(N_("{count} contacts in common"), count=tie.mutual))
    if tie.community is not None:
        c = d.communities[tie.community]
        facts.append(
            say(
                N_("belongs to the cluster {label} ({size} people)"),
                label=c.label,
                size=len(c.members),
            )
        )
    if tie.cuts_off:
        facts.append(say(N_("the only one linking you to {count} people"), count=tie.cuts_off))
    if rank is not None:
        facts.append(
            say(
                N_("dormant tie worth reviving: number {rank} of {count}"),
                rank=rank,
                count=len(d.dormant),
            )
        )
    return facts
