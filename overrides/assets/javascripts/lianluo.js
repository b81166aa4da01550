/* Two small enhancements of pages that read fully without JavaScript.

   1. Keeps "下次接待" and the upcoming-session lists current after the page was built.
   Pages are built ahead of time; a resident reading on Thursday must not be sent to
   Monday's session. Each session row carries its start and end in China time; past
   rows are hidden and the next held session fills the "下次接待" box. Without
   JavaScript the build-time lists stay, with the date they were generated.

   2. Filters a station's cases by status, category and year. The filter form is
   built hidden and only shown here; the choice is kept in the address
   (?status=…&category=…&year=…) so a filtered list can be shared or linked. */
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
    var session = box.querySelector("[data-lz-next-session]");
    var none = box.querySelector("[data-lz-next-none]");
    if (!next) { session.hidden = true; none.hidden = false; return; }
    // date, weekday and time each kept on one line, as the page writes them
    var when = box.querySelector("[data-when]");
    when.replaceChildren();
    [next.getAttribute("data-date"), next.getAttribute("data-weekday"),
     next.querySelector("[data-time]").textContent.trim()].forEach(function (text, i) {
      var part = document.createElement("span");
      part.className = "lz-nw";
      part.textContent = text;
      if (i) when.appendChild(document.createTextNode(" "));
      when.appendChild(part);
    });
    box.querySelector("[data-place]").textContent = next.querySelector("[data-place]").textContent;
    var deputies = next.querySelector("[data-deputies]").cloneNode(true);
    deputies.querySelectorAll("br, .lz-muted").forEach(function (el) { el.remove(); });
    box.querySelector("[data-deputies]").replaceChildren.apply(
      box.querySelector("[data-deputies]"), Array.prototype.slice.call(deputies.childNodes));
    session.hidden = false;
    none.hidden = true;
  }

  function filterCases() {
    var form = document.querySelector("form[data-lz-filter]");
    if (!form) return;
    var cases = document.querySelectorAll("article.lz-case");
    var count = form.querySelector("[data-lz-count]");
    var params = new URLSearchParams(window.location.search);
    form.querySelectorAll("select").forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
    });

    function apply() {
      var shown = 0;
      var query = new URLSearchParams();
      form.querySelectorAll("select").forEach(function (select) {
        if (select.value) query.set(select.name, select.value);
      });
      cases.forEach(function (item) {
        var match = true;
        query.forEach(function (value, key) {
          if (item.getAttribute("data-" + key) !== value) match = false;
        });
        item.hidden = !match;
        if (match) shown += 1;
      });
      document.querySelectorAll("[data-lz-group]").forEach(function (group) {
        group.hidden = !group.querySelector("article.lz-case:not([hidden])");
      });
      count.textContent = count.getAttribute("data-template")
        .replace("{shown}", shown).replace("{total}", cases.length);
      var search = query.toString();
      history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function start() {
    refresh();
    filterCases();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
