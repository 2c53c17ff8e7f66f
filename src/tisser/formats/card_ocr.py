"""A business-card photo read by OCR: Debian's ``tesseract`` with its French data.

The program is run as a subprocess (``tesseract IMAGE stdout -l fra+eng``), so no Python
binding is needed; ``scripts/install-test-deps.sh`` installs ``tesseract-ocr`` and
``tesseract-ocr-fra``. The text is parsed by :func:`tisser.core.card_reading.read_card_text`;
the caller shows the reading for correction before saving anything.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tisser.core.card_reading import CardReading, read_card_text
from tisser.core.errors import N_, InvalidInput

TIMEOUT_SECONDS = 120


def tesseract_languages(program: str) -> set[str]:
    done = subprocess.run(
        [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    return {line.strip() for line in (done.stdout + done.stderr).splitlines()[1:]}


def ocr_text(image: Path) -> str:
    """The text tesseract reads in ``image`` (French and English)."""
    program = shutil.which("tesseract")
    if program is None:
        raise InvalidInput(
            N_("tesseract is not installed: cannot read a card photo"),
            hint=N_("install it: apt-get install tesseract-ocr tesseract-ocr-fra"),
        )
    if not image.is_file():
        raise InvalidInput(N_("no such file: {file}"), where=str(image), file=str(image))
    langs = tesseract_languages(program)
    chosen = "+".join(lang for lang in ("fra", "eng") if lang in langs) or "eng"
    try:
        done = subprocess.run(
            [program, str(image), "stdout", "-l", chosen, "--psm", "4"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise InvalidInput(N_("reading the card photo took too long"), where=str(image)) from exc
    if done.returncode != 0:
        raise InvalidInput(
            N_("tesseract cannot read this image: {reason}"),
            where=str(image),
            hint=N_("give a JPEG or PNG photo of the card"),
            reason=(done.stderr.strip().splitlines() or ["?"])[-1],
        )
    return done.stdout


def read_card_image(image: Path) -> CardReading:
    """The fields of the business card in ``image``."""
    return read_card_text(ocr_text(image))
