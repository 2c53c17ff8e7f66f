"""``python -m tisser.federation`` (or ``spark-submit …/federation/__main__.py``): the CLI's
``tisser federation match``, for clusters where the job is submitted as a script."""

from __future__ import annotations

import sys

from tisser.cli import main

if __name__ == "__main__":
    sys.exit(main(["federation", "match", *sys.argv[1:]]))
