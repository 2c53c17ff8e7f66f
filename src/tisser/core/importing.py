"""Deciding, record by record, what an import does: add, update, merge or leave alone.

Input: the records of one file (a contact and its stable source key each), the contacts
already there, and which of them each key of this source pointed to last time. Output: a
:class:`Plan` the store applies in one transaction (or that ``--dry-run`` only shows).

The rules, in order, for each record:

1. its key was imported from this source before -> **update** that contact
   (:func:`~tisser.core.merge.absorb`), or **unchanged** if nothing is new;
2. a contact (already there or added earlier in this file) is certainly the same person
   (:data:`~tisser.core.duplicates.CERTAIN`) -> **merge** into it
   (:func:`~tisser.core.merge.merge_contacts`, their values first);
3. otherwise -> **add**; when one is only likely the same person, the pair is kept in
   :attr:`Plan.likely` so the summary can point to ``tisser duplicates``.

A file whose records are distinct by construction (LinkedIn lists each connection once)
passes ``distinct=True``: its records are compared with the database, not with each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from tisser.core.duplicates import Candidate, Identity, Index, identity
from tisser.core.merge import absorb, merge_contacts, same
from tisser.core.model import Contact


class Outcome(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    MERGED = "merged"
    UNCHANGED = "unchanged"


@dataclass(slots=True)
class Step:
    """What happens to one record.

    ``target``: for ADDED, the index in :attr:`Plan.new` of the contact to create; for
    UPDATED/MERGED/UNCHANGED, the id of an existing contact, or ``-1 - index`` when the
    record merged into a contact added earlier in the same file.
    """

    record: int
    outcome: Outcome
    target: int
    reasons: tuple[str, ...] = ()


@dataclass(slots=True)
class Plan:
    steps: list[Step] = field(default_factory=list)
    new: list[Contact] = field(default_factory=list)
    changed: dict[int, Contact] = field(default_factory=dict)
    likely: list[Candidate] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for s in self.steps if s.outcome is outcome)


def plan_import(
    records: Sequence[tuple[str, Contact]],
    existing: Sequence[Contact],
    sources: Mapping[str, int],
    *,
    distinct: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """The plan for ``records`` (key, contact) against ``existing`` contacts.

    ``sources`` maps this source's keys to the contact ids they were imported into.
    """
    plan = Plan()
    by_id: dict[int, Contact] = {c.id: c for c in existing if c.id is not None}
    index = Index()
    idents: dict[int, Identity] = {}
    for c in by_id.values():
        x = identity(c)
        idents[x.ref] = x
        index.add(x)
    new_index = Index()
    planned_keys: dict[str, int] = {}
    for n, (key, incoming) in enumerate(records):
        if progress is not None and n % 500 == 0:
            progress(n)
        target_id = sources.get(key)
        if target_id is not None and target_id in by_id:
            _update(plan, n, target_id, by_id, incoming, idents, index)
            continue
        if key in planned_keys:
            _merge_new(plan, n, planned_keys[key], incoming, ("same_key",), new_index)
            continue
        if distinct and not by_id:  # nothing to compare with: no identity to compute
            planned_keys[key] = len(plan.new)
            plan.steps.append(Step(n, Outcome.ADDED, len(plan.new)))
            plan.new.append(incoming)
            continue
        x = identity(incoming, ref=-1 - len(plan.new))
        best = index.best(x) if by_id else None
        if not distinct:
            inner = new_index.best(x)
            if inner is not None and (best is None or inner.score > best.score):
                best = inner
        if best is not None and best.certain:
            other = best.a_id if best.a_id != x.ref else best.b_id
            if other >= 0:
                merged = merge_contacts(by_id[other], incoming)
                _record_change(plan, n, other, by_id, merged, Outcome.MERGED, best.reasons)
                _reindex(other, by_id, idents, index)
            else:
                _merge_new(plan, n, -1 - other, incoming, best.reasons, new_index)
                planned_keys[key] = -1 - other
            continue
        planned_keys[key] = len(plan.new)
        plan.steps.append(Step(n, Outcome.ADDED, len(plan.new)))
        plan.new.append(incoming)
        if best is not None:
            plan.likely.append(best)
        if not distinct:
            new_index.add(x)
    if progress is not None:
        progress(len(records))
    return plan


def _update(
    plan: Plan,
    n: int,
    target_id: int,
    by_id: dict[int, Contact],
    incoming: Contact,
    idents: dict[int, Identity],
    index: Index,
) -> None:
    updated = absorb(by_id[target_id], incoming)
    _record_change(plan, n, target_id, by_id, updated, Outcome.UPDATED, ())
    _reindex(target_id, by_id, idents, index)


def _record_change(
    plan: Plan,
    n: int,
    target_id: int,
    by_id: dict[int, Contact],
    new: Contact,
    outcome: Outcome,
    reasons: tuple[str, ...],
) -> None:
    old = by_id[target_id]
    if same(old, new):
        plan.steps.append(Step(n, Outcome.UNCHANGED, target_id, reasons))
        return
    by_id[target_id] = new
    plan.changed[target_id] = new
    plan.steps.append(Step(n, outcome, target_id, reasons))


def _reindex(
    target_id: int, by_id: dict[int, Contact], idents: dict[int, Identity], index: Index
) -> None:
    old = idents.get(target_id)
    if old is not None:
        index.remove(old)
    x = identity(by_id[target_id])
    idents[target_id] = x
    index.add(x)


def _merge_new(
    plan: Plan, n: int, i: int, incoming: Contact, reasons: tuple[str, ...], new_index: Index
) -> None:
    old = plan.new[i]
    merged = merge_contacts(old, incoming)
    plan.new[i] = merged
    plan.steps.append(Step(n, Outcome.MERGED, -1 - i, reasons))
    old_ident = identity(old, ref=-1 - i)
    new_index.remove(old_ident)
    new_index.add(identity(merged, ref=-1 - i))


__all__ = ["Outcome", "Plan", "Step", "plan_import"]
