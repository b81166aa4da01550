/* Keeps "下次接待" and the upcoming-session lists current after the page was built.
   Pages are built ahead of time; a resident reading on Thursday must not be sent to
   Monday's session. Each session row carries its start and end in China time; past
   rows are hidden and the next held session fills the "下次接待" box. Without
   JavaScript the build-time lists stay, with the date they were generated. */
(function () {
  "use strict";

  function nowInChina() {
    // "YYYY-MM-DDTHH:MM" in Asia/Shanghai, comparable with the rows' data-end as text.
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
  }

  function refresh() {
    var now = nowInChina();
    var next = null;
    document.querySelectorAll("table.lz-sessions tbody tr[data-end]").forEach(function (row) {
      var past = row.getAttribute("data-end").slice(0, 16) <= now;
      row.hidden = past;
      if (!past && !next && !row.hasAttribute("data-cancelled")) next = row;
    });
    document.querySelectorAll("table.lz-sessions").forEach(function (table) {
      var left = table.querySelectorAll("tbody tr:not([hidden])").length;
      var wrap = table.closest(".lz-table-wrap");
      var none = wrap && wrap.nextElementSibling;
      if (wrap) wrap.hidden = left === 0;
      if (none && none.hasAttribute("data-lz-none")) none.hidden = left !== 0;
    });
    document.querySelectorAll("[data-lz-asof]").forEach(function (note) {
      note.textContent = note.getAttribute("data-lz-asof-live") || note.textContent;
    });
    var box = document.querySelector("[data-lz-next]");
    if (!box) return;
    if (!next) { box.hidden = true; return; }
    box.querySelector("[data-when]").textContent =
      next.getAttribute("data-label") + " " + next.children[1].textContent;
    box.querySelector("[data-place]").textContent = next.querySelector("[data-place]").textContent;
    var deputies = next.querySelector("[data-deputies]").cloneNode(true);
    deputies.querySelectorAll("br, .lz-muted").forEach(function (el) { el.remove(); });
    box.querySelector("[data-deputies]").replaceChildren.apply(
      box.querySelector("[data-deputies]"), Array.prototype.slice.call(deputies.childNodes));
    box.hidden = false;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", refresh);
  else refresh();
})();
