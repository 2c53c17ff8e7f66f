"""What the page harness measures in a browser: layout by boxes, not by pixels.

Each check is a small script run in the page; it returns a list of human-readable problems
(empty when the page is fine), so that a failing test names the page, the element and the
measurement. The scripts only read the page: they never click or scroll.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# The page must open at its top with its h1 on screen (a lazily loaded panel that takes the
# focus scrolls the page away: defect 1 of issue #20).
AT_TOP = """() => {
  const out = [];
  if (window.scrollY !== 0) out.push(`opened scrolled: scrollY = ${window.scrollY}`);
  const h1 = document.querySelector('h1');
  if (!h1) { out.push('no h1'); return out; }
  const r = h1.getBoundingClientRect();
  if (r.height === 0 || r.bottom <= 0 || r.top >= innerHeight) out.push(`h1 off screen (top ${Math.round(r.top)})`);
  return out;
}"""

# Nothing wider than the viewport: the document itself never scrolls sideways, and no visible
# element sticks out of it unless a sideways-scrolling box holds it (a wide table, the menu).
NOT_WIDER = """() => {
  const out = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1)
    out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('main *, header *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    if (scrolls(el)) continue;
    out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} ends at ${Math.round(r.right)} > ${width}`);
    if (out.length > 5) break;
  }
  return out;
}"""

# Each label beside or above its control: the text of a label and the box of its control are
# at most 3 rem apart (the Export page's radios floated 300 px from their text: defect 2).
LABELS_NEAR = """() => {
  const out = [];
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const textBox = (label, control) => {
    const range = document.createRange();
    let box = null;
    const walk = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.textContent.trim() || control.contains(n)) continue;
      if (n.parentElement.closest('.visually-hidden')) continue;
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) {
        if (r.width === 0) continue;
        box = box ? {left: Math.min(box.left, r.left), right: Math.max(box.right, r.right),
                     top: Math.min(box.top, r.top), bottom: Math.max(box.bottom, r.bottom)}
                  : {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
      }
    }
    return box;
  };
  for (const label of document.querySelectorAll('label')) {
    const control = label.control;
    if (!control || control.type === 'hidden') continue;
    const c = control.getBoundingClientRect();
    if (c.width === 0 || label.closest('.visually-hidden, details:not([open]) > :not(summary)')) continue;
    const t = textBox(label, control);
    if (!t) continue;
    const dx = Math.max(0, c.left - t.right, t.left - c.right);
    const dy = Math.max(0, c.top - t.bottom, t.top - c.bottom);
    const above = t.bottom <= c.top + 2 && dy <= 3 * rem && dx <= 3 * rem;
    const beside = dy === 0 && dx <= 3 * rem;
    if (!above && !beside) {
      out.push(`label "${label.textContent.trim().slice(0, 40)}" is ${Math.round(dx)} px beside and ${Math.round(dy)} px away from its control`);
    }
  }
  return out;
}"""

# No text over another text: the boxes of the visible text runs, compared pairwise (sorted by
# their top so that only neighbours are compared).
NO_OVERLAP = """() => {
  const out = [];
  const boxes = [];
  const clipped = (el) => {
    for (let p = el; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.clip !== 'auto' || s.clipPath !== 'none') return true;
    }
    return false;
  };
  const range = document.createRange();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    if (el.closest('svg, canvas, script, style, .visually-hidden, .skip, [hidden], option, select, [role=tooltip]')) continue;
    if (el.closest('details:not([open]) > :not(summary)')) continue;  // folded away
    if (clipped(el)) continue;  // hidden for the eyes, kept for screen readers
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.opacity === '0') continue;
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width < 2 || r.height < 2) continue;
      boxes.push({l: r.left, r: r.right, t: r.top + window.scrollY, b: r.bottom + window.scrollY, el, text: n.textContent.trim().slice(0, 30)});
    }
  }
  boxes.sort((a, b) => a.t - b.t);
  for (let i = 0; i < boxes.length && out.length < 5; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].t < a.b; j++) {
      const b = boxes[j];
      const w = Math.min(a.r, b.r) - Math.max(a.l, b.l);
      const h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (w > 3 && h > 3 && a.el !== b.el && !a.el.contains(b.el) && !b.el.contains(a.el)) {
        out.push(`"${a.text}" overlaps "${b.text}"`);
        break;
      }
    }
  }
  return out;
}"""

# List numbers drawn outside their item run into the previous item when the items flow in a
# row ("4 févr. 20274. Faire le bilan", "1. proposée2. A sollicité": defect 6).
MARKERS = """() => {
  const out = [];
  for (const li of document.querySelectorAll('ol > li, ul > li')) {
    const list = li.parentElement;
    const d = getComputedStyle(list).display;
    if (!d.includes('flex') && !d.includes('grid')) continue;
    const s = getComputedStyle(li);
    if (s.display === 'list-item' && s.listStyleType !== 'none' && s.listStylePosition === 'outside'
        && li.previousElementSibling) {
      out.push(`list numbers outside items that flow in a row: ${list.tagName.toLowerCase()}.${list.className}`);
      break;
    }
  }
  return out;
}"""

# The inputs of one row of a form line up (their tops or their bottoms within 3 px): a hint under one field
# used to push its neighbours' inputs down (the event form, defect 6).
ALIGNED = """() => {
  const out = [];
  for (const row of document.querySelectorAll('.row-form')) {
    const fields = [];
    for (const field of row.querySelectorAll(':scope > .field')) {
      const control = field.querySelector('input, select, textarea');
      if (!control) continue;
      const r = field.getBoundingClientRect();
      const c = control.getBoundingClientRect();
      fields.push({top: r.top, bottom: r.bottom, y: c.top, yb: c.bottom, name: control.name || control.id});
    }
    fields.sort((a, b) => a.top - b.top);
    const lines = [];  // fields side by side: their boxes overlap vertically
    for (const f of fields) {
      const line = lines[lines.length - 1];
      if (line && f.top < line.bottom - 1) { line.items.push(f); line.bottom = Math.max(line.bottom, f.bottom); }
      else lines.push({bottom: f.bottom, items: [f]});
    }
    for (const line of lines) {
      const spread = (ys) => Math.max(...ys) - Math.min(...ys);
      if (spread(line.items.map(f => f.y)) > 3 && spread(line.items.map(f => f.yb)) > 3)
        out.push(`inputs not aligned in a form row: ${line.items.map(f => f.name + '@' + Math.round(f.y)).join(', ')}`);
    }
  }
  return out;
}"""

CHECKS = {
    "at top": AT_TOP,
    "wider than the viewport": NOT_WIDER,
    "labels": LABELS_NEAR,
    "overlap": NO_OVERLAP,
    "list numbers": MARKERS,
    "form rows": ALIGNED,
}


def layout_problems(page: Any) -> list[str]:
    """Every problem the layout checks find on the page open in ``page``."""
    problems: list[str] = []
    for name, script in CHECKS.items():
        problems += [f"{name}: {p}" for p in page.evaluate(script)]
    return problems


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# After the load event, wait until htmx has no request in flight (the lazily loaded panels),
# then one frame, so that the measurements see the page as the user does.
SETTLED = """() => new Promise(done => {
  const check = () => document.querySelector('.htmx-request') ? setTimeout(check, 30)
                                                            : requestAnimationFrame(() => done(true));
  setTimeout(check, 30);
})"""


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """A uvicorn server running ``app`` on a free loopback port, in a thread; yields its URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


def open_settled(page: Any, url: str) -> int:
    """Go to ``url``, wait for the page and its lazily loaded panels; the HTTP status."""
    response = page.goto(url, wait_until="load")
    page.evaluate(SETTLED)
    return response.status if response else 0
