"""Capturing the people met: a real business-card image read by tesseract, a vCard."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
import vobject
from PIL import Image, ImageDraw, ImageFont

from tisser.cli import main
from tisser.core.errors import InvalidInput
from tisser.formats.card_ocr import tesseract_languages
from tisser.formats.vcard_card import read_vcard

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation")]
CARD = [
    ("Camille Rousseau", 72),
    ("Directrice financière", 48),
    ("Vignobles Duclos SAS", 48),
    ("camille.rousseau@duclos-vins.fr", 44),
    ("Tél. +33 6 12 34 56 78", 44),
    ("www.duclos-vins.fr", 44),
]


def _require_tesseract() -> None:
    program = shutil.which("tesseract")
    if program and "fra" in tesseract_languages(program):
        return
    reason = "tesseract with French data is missing (scripts/install-test-deps.sh)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for folder in FONT_DIRS:
        for name in ("DejaVuSans.ttf", "LiberationSans-Regular.ttf"):
            if (folder / name).exists():
                return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size=size)


def business_card(path: Path) -> Path:
    """A business card photo: black text on white, as a phone would take it (made here)."""
    image = Image.new("RGB", (1500, 850), "white")
    draw = ImageDraw.Draw(image)
    y = 60
    for text, size in CARD:
        draw.text((90, y), text, fill="black", font=_font(size))
        y += size + 55
    image.save(path)
    return path


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("TISSER_DB", f"sqlite:///{tmp_path / 't.db'}")
    monkeypatch.setenv("TISSER_TODAY", "2026-11-23")
    monkeypatch.setenv("TISSER_LANG", "en")
    monkeypatch.setenv("COLUMNS", "200")

    def _run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    code, _o, err = _run("events", "add", "Salon des vins", "--date", "2026-11-20")
    assert code == 0, err
    return _run


def test_business_card_photo_creates_a_contact_after_confirmation(run, tmp_path: Path) -> None:
    _require_tesseract()
    photo = business_card(tmp_path / "card.png")
    # Refused at the last question: nothing saved.
    refuse = "\n" * 6 + "n\n"
    code, out, err = run("events", "met", "Salon", "--card-image", str(photo), stdin=refuse)
    assert code == 0, err
    assert "Camille Rousseau" in out and "Not saved" in out
    assert json.loads(run("list", "--json")[1]) == []
    # Accepted, the position corrected on the way.
    answers = "\n\nDAF\n\n\n\ny\n"
    code, out, err = run("events", "met", "Salon", "--card-image", str(photo), stdin=answers)
    assert code == 0, err
    assert "New contact: Camille Rousseau" in out
    (contact,) = json.loads(run("list", "--json")[1])
    assert (contact["given_name"], contact["family_name"]) == ("Camille", "Rousseau")
    assert contact["organization"] == "Vignobles Duclos SAS"
    assert contact["position"] == "DAF"
    assert contact["emails"] == ["camille.rousseau@duclos-vins.fr"]
    assert contact["phones"] == ["+33612345678"]
    assert (contact["met_how"], contact["met_on"], contact["met_channel"]) == (
        "Salon des vins", "2026-11-20", "event")  # fmt: skip
    follow = json.loads(run("events", "followups", "--json")[1])
    assert [(f["who"], f["due_on"]) for f in follow] == [("Camille Rousseau", "2026-11-22")]


def _vcard() -> str:
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(family="Le Gall", given="Yann")
    card.add("fn").value = "Yann Le Gall"
    card.add("org").value = ["Lectra"]
    card.add("title").value = "Head of Data"
    card.add("email").value = "yann@lectra.example"
    card.add("tel").value = "+33 5 56 00 00 00"
    return card.serialize()


def test_vcard_from_a_phone(run, tmp_path: Path) -> None:
    path = tmp_path / "yann.vcf"
    path.write_text(_vcard())
    code, out, err = run("events", "met", "Salon", "--vcard", str(path), "--yes")
    assert code == 0, err
    (contact,) = json.loads(run("list", "--json")[1])
    assert (contact["given_name"], contact["family_name"], contact["organization"]) == (
        "Yann", "Le Gall", "Lectra")  # fmt: skip
    assert contact["position"] == "Head of Data" and contact["phones"] == ["+33556000000"]
    # The same card again: the existing contact is matched (asked, answered yes).
    code, out, err = run("events", "met", "Salon", "--vcard", str(path), stdin="y\n")
    assert code == 0 and "Seen: Yann Le Gall" in out
    assert len(json.loads(run("list", "--json")[1])) == 1


def test_bad_vcards() -> None:
    with pytest.raises(InvalidInput):
        read_vcard("hello", "x.vcf")
    with pytest.raises(InvalidInput):
        read_vcard("BEGIN:VCARD\r\nVERSION:3.0\r\nORG:X\r\nEND:VCARD\r\n", "x.vcf")
    reading = read_vcard(_vcard().encode(), "y.vcf")
    assert reading.name == "Yann Le Gall" and reading.emails == ["yann@lectra.example"]


def test_missing_photo_is_one_clear_error(run, tmp_path: Path) -> None:
    _require_tesseract()
    code, _out, err = run("events", "met", "Salon", "--card-image", str(tmp_path / "none.png"))
    assert code == 2 and "none.png" in err
