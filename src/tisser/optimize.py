"""The exact solver behind :mod:`tisser.core.portfolio`: HiGHS through ``highspy``.

The core describes the 0-1 program and checks solutions; this module, outside the core,
builds it for HiGHS and reads the answer back. HiGHS prints a banner on standard output the
first time a solver is created in a process (from C++, so ``sys.stdout`` cannot catch it):
:func:`_new_highs` silences file descriptor 1 for that moment, so command output stays clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

import highspy
import numpy as np

from tisser.core.portfolio import Problem, Solution, make_solution


def _new_highs() -> highspy.Highs:
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no descriptor 1 (a detached process): nothing to protect
        return highspy.Highs()  # type: ignore[no-untyped-call]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        return highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def solve(problem: Problem, forced: Iterable[int] = (), banned: Iterable[int] = ()) -> Solution:
    """The optimal portfolio (HiGHS, zero gap); ``forced`` keys must be in, ``banned`` out.

    An infeasible forcing gives an empty solution with status ``infeasible``.
    """
    items = problem.items
    if not items:
        return Solution(frozenset(), 0.0, 0, 0)
    index = {item.key: n for n, item in enumerate(items)}
    must, never = set(forced), set(banned)
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    h.setOptionValue("threads", 1)
    n = len(items)
    lower = [1.0 if i.key in must else 0.0 for i in items]
    upper = [
        0.0 if i.key in never or (i.requires is not None and i.requires not in index) else 1.0
        for i in items
    ]
    h.addVars(n, lower, upper)
    integer = np.full(n, int(highspy.HighsVarType.kInteger), dtype=np.uint8)
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), integer)
    h.changeColsCost(n, list(range(n)), [i.value for i in items])
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    inf = highspy.kHighsInf
    h.addRow(-inf, float(problem.minutes), n, list(range(n)), [float(i.minutes) for i in items])
    h.addRow(-inf, float(problem.cents), n, list(range(n)), [float(i.cents) for i in items])
    for item in items:
        if item.requires is not None and item.requires in index:
            h.addRow(-inf, 0.0, 2, [index[item.key], index[item.requires]], [1.0, -1.0])
    for a, b in problem.conflicts:
        if a in index and b in index:
            h.addRow(-inf, 1.0, 2, [index[a], index[b]], [1.0, 1.0])
    h.run()
    status = h.modelStatusToString(h.getModelStatus()).lower()
    if status != "optimal":
        return Solution(frozenset(), 0.0, 0, 0, status, float("inf"))
    values = h.getSolution().col_value
    gap = float(h.getInfo().mip_gap)
    keys = [item.key for item, x in zip(items, values, strict=True) if x > 0.5]
    return make_solution(problem, keys, status, max(0.0, gap) if gap == gap else 0.0)
