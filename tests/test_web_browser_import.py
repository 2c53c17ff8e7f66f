"""The Import page and the duplicates review in a real browser (Playwright, Debian's
chromium): import a vCard through the page, read the report, open the review from it, merge
the pair and undo with the keyboard; labels, contrast and a phone screen. Same server and
fixtures as ``test_web_browser.py`` (the demo network)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import test_web_browser as wb
from tisser.store import ContactFilter

server = wb.server
browser = wb.browser
page = wb.page

# Same name as the demo's Loïc Marchand (#3, Safran), another employer and e-mail: a likely
# duplicate (to review), not a certain one (merged by itself).
VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Loic Marchand\r\nN:Marchand;Loic;;;\r\n"
    "EMAIL:loic.marchand@exemple.org\r\nORG:Thales\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Inès Navarro\r\nN:Navarro;Inès;;;\r\n"
    "TEL:+33 6 11 22 33 44\r\nEND:VCARD\r\n"
)


def import_through_page(page: Any, file: Path, preview: bool = False) -> None:
    """Choose ``file`` on the Import page (in French) and send it, as a user would."""
    page.goto(page.base + "/import")
    page.get_by_label("Fichiers à importer").set_input_files(str(file))
    if preview:
        page.get_by_label("Aperçu d’abord", exact=False).check()
    page.get_by_role("button", name="Importer", exact=True).click()


def test_import_a_vcard_then_merge_the_duplicate(
    page: Any, server: dict[str, Any], tmp_path: Path
) -> None:
    store = server["store"]
    before = store.count_contacts(ContactFilter(include_archived=True))
    (loic,) = store.find_contacts_by_name("Loïc Marchand")
    file = tmp_path / "téléphone.vcf"
    file.write_text(VCARD, encoding="utf-8")

    import_through_page(page, file)
    page.wait_for_selector("h1:has-text('Rapport d’import')")
    assert re.search(r"/import/[\w-]+$", page.url)
    counts = page.locator("table.counts").inner_text()
    assert re.search(r"Ajoutés\s+2", counts) and re.search(r"Lignes ou fiches refusées\s+0", counts)
    assert page.locator("ul.added a").all_inner_texts() == ["Loic Marchand", "Inès Navarro"]
    assert store.count_contacts(ContactFilter(include_archived=True)) == before + 2
    page.screenshot(path=str(wb.ARTIFACTS / "import_report.png"), full_page=True)

    page.get_by_role("link", name="1 doublon possible à revoir").click()
    page.wait_for_url(re.compile(r"/duplicates$"))
    pair = page.locator("article.pair", has_text="Loic Marchand")
    assert pair.count() == 1
    side = pair.locator("table.compare").inner_text()
    assert "loic.marchand@exemple.org" in side and "Safran" in side and "Thales" in side
    assert "même nom" in pair.locator(".why").inner_text()
    page.screenshot(path=str(wb.ARTIFACTS / "duplicates_review.png"), full_page=True)

    # with the keyboard only: Enter on the merge button, then on the Undo that takes the focus
    pair.get_by_role("button", name=f"Fusionner, garder Loïc Marchand (#{loic.id})").focus()
    page.keyboard.press("Enter")
    done = page.locator("article.done-card")
    done.wait_for()
    assert f"Loic Marchand into #{loic.id}" not in done.inner_text()  # French, not English
    assert "fusionné dans" in done.inner_text()
    merged = store.get_contact(loic.id)
    assert "loic.marchand@exemple.org" in merged.emails
    assert store.find_contacts_by_name("Loic Marchand") == [merged]

    page.wait_for_function("() => document.activeElement.textContent === 'Annuler cette fusion'")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_selector("article.done-card:has-text('Fusion annulée')")
    assert len(store.find_contacts_by_name("Loïc Marchand")) == 2
    assert store.get_contact(loic.id).emails == loic.emails


def test_progress_then_the_report(
    page: Any, server: dict[str, Any], tmp_path: Path, monkeypatch: Any
) -> None:
    """A long import: the progress page polls until the job is done, then shows the report."""
    import threading

    from tisser.web import import_jobs
    from tisser.web.routers import imports

    gate = threading.Event()
    real = import_jobs.import_file

    def slow(*args: Any, **kwargs: Any) -> Any:
        gate.wait(30)  # the import "takes long" until the test has seen the progress page
        return real(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "import_file", slow)
    monkeypatch.setattr(imports, "WAIT_SECONDS", 0)
    file = tmp_path / "Connections.csv"
    file.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Lima,https://www.linkedin.com/in/ana-lima-1,,Thales,Acheteuse,09 Oct 2024\n",
        encoding="utf-8",
    )
    import_through_page(page, file)
    page.wait_for_selector("h1:has-text('Import en cours')")
    bar = page.locator("#import-progress progress")
    assert bar.count() == 1 and page.get_by_label("Fichier 1 sur 1 : Connections.csv").count()
    page.screenshot(path=str(wb.ARTIFACTS / "import_progress.png"))
    url = page.url
    gate.set()
    page.wait_for_selector("h1:has-text('Rapport d’import')", timeout=20000)
    assert page.url == url  # the report replaces the progress at the same address
    assert "Ana Lima" in page.locator("ul.added").inner_text()


def test_import_pages_are_labelled_contrasted_and_fit_a_phone(
    page: Any, browser: Any, server: dict[str, Any]
) -> None:
    for url in ("/import", "/duplicates"):
        page.goto(page.base + url)
        assert page.evaluate(wb._UNLABELLED) == [], url
        assert page.locator("h1").count() == 1, url
        low = [(w, t, round(r, 2)) for w, t, r in page.evaluate(wb._CONTRASTS) if r < 4.5]
        assert low == [], (url, low)
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    try:
        for url in ("/import", "/duplicates"):
            phone.goto(server["url"] + url)
            width = phone.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, (url, width)
        phone.screenshot(path=str(wb.ARTIFACTS / "phone_duplicates.png"), full_page=False)
    finally:
        context.close()
