"""Benchmark of the federation of clubs on Apache Spark (issue #22).

    python bench/bench_federation.py [--members 1000000] [--clubs 2000] [--areas 40]
                                     [--cut 10000] [--scaling 100000]

Members come from :func:`tisser.demo.federation.federation` (the demo club's generator,
spread over ``--clubs`` clubs in ``--areas`` areas), written one Parquet file per club;
generation and writing are not timed. A coffee round in pairs is matched end to end
(read, one identity per e-mail, blocks, matching in ``applyInPandas``, publishing).

Figures:

1. ``--members`` on ``local[2]``: wall time end to end (goal < 10 min at 1,000,000), value
   against the upper bound summed over blocks (goal >= 99 %), peak memory of the driver
   (this process), the JVM and the Python workers (sampled from /proc every second).
2. The instance cut to ``--cut`` members: the Spark total **equals** the single-machine
   total (:func:`tisser.federation.job.local_round`: the same blocks and block solver in
   one process, the baseline), both times printed.
3. Scaling: ``--scaling`` members on ``local[1]`` then ``local[2]``, speed-up printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from tisser.demo.federation import federation, write_clubs
from tisser.federation import engine, job
from tisser.federation.records import read_file
from tisser.federation.spec import RoundSpec

SPEC = RoundSpec("bench", "coffee", 2, 2, date(2026, 12, 7), date(2026, 12, 20))


class Peak:
    """Peak resident memory of a process tree (VmHWM of each, and the largest sum of RSS)."""

    def __init__(self, root: int) -> None:
        self.root, self.hwm, self.total = root, {}, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    ppid = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(d))
        out, todo = [], [self.root]
        while todo:
            p = todo.pop()
            out.append(p)
            todo.extend(children.get(p, []))
        return out

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            total = 0
            for pid in self._tree():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                name = status.split("\n", 1)[0].split()[-1]
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                hwm = int(fields.get("VmHWM", "0 kB").split()[0]) // 1024
                rss = int(fields.get("VmRSS", "0 kB").split()[0]) // 1024
                self.hwm[(pid, name)] = max(self.hwm.get((pid, name), 0), hwm)
                total += rss
            self.total = max(self.total, total)

    def report(self) -> str:
        self.stop.set()
        java = max((v for (_, n), v in self.hwm.items() if n == "java"), default=0)
        workers = sorted((v for (p, n), v in self.hwm.items() if n.startswith("python")
                          and p != os.getpid()), reverse=True)  # fmt: skip
        driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        return (f"peak memory: driver (Python) {driver} MB, JVM (driver + executors, local "
                f"mode) {java} MB, Python workers {len(workers)} (largest {workers[0] if workers else 0} MB); "
                f"largest sum of RSS over the tree {self.total} MB")  # fmt: skip


def _session(master: str) -> Any:
    spark = engine.start(master, conf={"spark.sql.shuffle.partitions": "16",
                                       "spark.driver.memory": "4g"})  # fmt: skip
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _jvm_pid(spark: Any) -> int:
    return int(spark.sparkContext._gateway.proc.pid)


def _run(spark: Any, folder: Path, out: Path) -> tuple[job.Outcome, float]:
    t0 = time.perf_counter()
    outcome = job.run_round(spark, str(folder), SPEC, str(out))
    return outcome, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--clubs", type=int, default=2000)
    parser.add_argument("--areas", type=int, default=40)
    parser.add_argument("--cut", type=int, default=10_000)
    parser.add_argument("--scaling", type=int, default=100_000)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="tisser-fed-"))
    try:
        sizes = {"full": args.members, "cut": args.cut, "scaling": args.scaling}
        folders = {}
        t0 = time.perf_counter()
        frame = federation(max(sizes.values()), args.clubs, args.areas)
        for name, n in sizes.items():
            if n:
                folders[name] = work / name
                write_clubs(frame.head(n), folders[name])
        print(f"generated {len(frame):,} members in {args.clubs:,} clubs, {args.areas} areas "
              f"({time.perf_counter() - t0:.0f} s, not timed)")  # fmt: skip
        spark = _session("local[2]")
        peak = Peak(_jvm_pid(spark))
        ok = True
        times: dict[str, float] = {}
        if args.members:
            outcome, seconds = _run(spark, folders["full"], work / "out-full")
            print(f"{outcome.members:,} members on local[2]: {seconds:.1f} s end to end; "
                  f"{outcome.matched:,} matched in {outcome.groups:,} pairs over "
                  f"{outcome.blocks:,} blocks; value {outcome.value:,.1f}, summed upper bound "
                  f"{outcome.bound:,.1f}, quality {outcome.quality:.3%}")  # fmt: skip
            print("  " + peak.report())
            met = seconds < 600 and outcome.quality >= 0.99
            size_ok = outcome.members >= 1_000_000
            print("  goal at 1,000,000: < 10 min and >= 99 % of the summed bound -> "
                  + ("met" if met and size_ok else "within it at this size" if met
                     else "see figures"))  # fmt: skip
            ok &= met
        if args.cut:
            outcome, seconds = _run(spark, folders["cut"], work / "out-cut")
            t1 = time.perf_counter()
            rows = [r for p in sorted(folders["cut"].iterdir())
                    for r, _ in read_file(str(p), SPEC.activity) if r]  # fmt: skip
            import pandas as pd

            local = job.local_round(pd.DataFrame(rows).drop_duplicates("email_fold"), SPEC)
            t2 = time.perf_counter()
            single = float(local.groupby("block")["block_value"].first().sum())
            equal = abs(single - outcome.value) < 1e-6 * max(1.0, single)
            print(f"cut to {outcome.members:,} members: Spark local[2] {seconds:.1f} s, total "
                  f"{outcome.value:,.3f}; single machine (baseline, same blocks) {t2 - t1:.1f} s, "
                  f"total {single:,.3f} -> {'equal' if equal else 'DIFFERENT'}")  # fmt: skip
            ok &= equal
        spark.stop()
        if args.scaling:
            for master in ("local[1]", "local[2]"):
                spark = _session(master)
                _, times[master] = _run(spark, folders["scaling"], work / f"out-{master}")
                spark.stop()
            print(f"scaling, {args.scaling:,} members: local[1] {times['local[1]']:.1f} s, "
                  f"local[2] {times['local[2]']:.1f} s, speed-up "
                  f"x{times['local[1]'] / times['local[2]']:.2f} (2 cores shared with other "
                  f"work: load average {os.getloadavg()[0]:.1f})")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
