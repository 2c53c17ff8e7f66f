// tisser's own script: small conveniences on top of htmx; every page works without it.
(function () {
  "use strict";
  // "/" jumps to the search field (as on many sites), unless the user is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) return;
    var search = document.getElementById("f-q");
    if (search) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });
  // On a phone the menu is one row that scrolls sideways: bring the current page into it
  // (sideways only, the page itself stays at its top).
  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector("header.top nav a[aria-current]");
    var row = current && current.closest("ul");
    if (row && row.scrollWidth > row.clientWidth) {
      row.scrollLeft = current.offsetLeft - row.offsetLeft - 16;
    }
  });
  // "Select all" of the contacts table: checks or unchecks every row of the page.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-select-all]")) return;
    var form = box.form;
    var name = box.getAttribute("data-select-all");
    if (!form) return;
    form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (b) {
      b.checked = box.checked;
    });
  });
  // After htmx replaces a card or a form *because the user did something* (a click, a key, a
  // submit), put the keyboard focus on its first field or title so keyboard and screen-reader
  // users are not left on a vanished element ([data-focus] marks the element to land on, e.g.
  // the "Undo" of a merge just done). A panel loaded by the page itself (hx-trigger="load",
  // e.g. the contact page's "Why") never takes the focus: focusing it scrolled the page away
  // from its top.
  function byUser(detail) {
    var config = detail && detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    return !!(trigger && trigger.isTrusted);
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var el = event.detail && event.detail.target;
    if (!el || el.id === "results" || !byUser(event.detail)) return;
    var fresh = document.getElementById(el.id) || el;
    var focusable = fresh.querySelector("[data-focus], [aria-invalid='true'], .flash-error, input:not([type=hidden]), h1, h2");
    if (focusable) {
      if (!focusable.hasAttribute("tabindex") && /^(H1|H2|DIV|P|ARTICLE)$/.test(focusable.tagName)) {
        focusable.setAttribute("tabindex", "-1");
      }
      focusable.focus();
    }
  });
})();
