"""Benchmark of the command line's start (issue #19: ``tisser --version`` and ``--help``
<= 0.25 s CPU, ``tisser list --limit 5`` on the demo network <= 0.35 s CPU).

    python bench/bench_cli.py [--runs 5] [--lang fr]

Each command runs in a new process, as a user types it; the figure is the CPU time (user +
system) that process used, read from ``getrusage(RUSAGE_CHILDREN)``, the best of ``--runs``
(the machine may be shared: CPU time is what the start costs, the minimum is the least
disturbed run). Each command runs once untimed first, with bytecode caching on (an installed
package has its ``.pyc`` files; ``PYTHONDONTWRITEBYTECODE`` would time the compiler). The
baseline, measured in the same run the same way, is
``python -c "import typer"``: a Typer program cannot start for less, so the ratio says how
much tisser adds to it. The demo network is loaded once into a temporary database first.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
TISSER = ["-c", "import sys; from tisser.cli import main; sys.exit(main())"]
GOALS = {"--version": 0.25, "--help": 0.25, "list --limit 5": 0.35}


def cpu_of(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one child process running ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def best(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    cpu_of(argv, env)  # writes the bytecode of what the command imports
    times = [cpu_of(argv, env) for _ in range(runs)]
    return min(t[0] for t in times), min(t[1] for t in times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="runs of each command; the best counts")
    ap.add_argument("--lang", default="fr", choices=["fr", "en"])
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tisser-bench-cli-") as tmp:
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPATH": str(SRC),
            "TISSER_LANG": args.lang,
            "TISSER_DB": f"sqlite:///{Path(tmp) / 'demo.db'}",
            "TISSER_TODAY": "2026-11-23",
            "COLUMNS": "100",
        }
        subprocess.run(
            [sys.executable, *TISSER, "demo", "--yes"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        typer_cpu, typer_wall = best([sys.executable, "-c", "import typer"], env, args.runs)
        print(
            f"baseline  python -c 'import typer'   {typer_cpu:6.3f} s CPU ({typer_wall:.3f} s wall)"
        )
        for command, goal in GOALS.items():
            cpu, wall = best([sys.executable, *TISSER, *command.split()], env, args.runs)
            verdict = "ok" if cpu <= goal else "OVER"
            print(
                f"tisser {command:<22} {cpu:6.3f} s CPU ({wall:.3f} s wall)  "
                f"{cpu / typer_cpu:4.1f}x import typer  goal <= {goal} s: {verdict}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
