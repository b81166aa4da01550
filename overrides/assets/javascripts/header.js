/* Header controls: the large-text switch and the search dialog.

   Large text: the choice is kept in localStorage ("lz-text") and applied by an
   inline script in <head> before the first paint (overrides/main.html); this
   file only wires the button and keeps aria-pressed true to the state.

   Search: Pagefind's UI and its index live in the site's own pagefind/ folder
   and are loaded only when a reader opens the dialog, so a page's first view
   never pays for search. Texts come from strings.py through the page
   (#lz-search-strings), the ranking options from site/search.py (#lz-search-options);
   a result's kind (站点/代表/案例) is page metadata. */
(function () {
  "use strict";

  var root = document.documentElement;

  function setLarge(on) {
    root.classList.toggle("lz-large", on);
    try {
      if (on) localStorage.setItem("lz-text", "large");
      else localStorage.removeItem("lz-text");
    } catch (e) { /* private mode: the switch still works for this page */ }
    document.querySelectorAll("[data-lz-large-text]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  var loading = null;

  function loadSearch(dialog) {
    if (loading) return loading;
    var bundle = new URL(dialog.getAttribute("data-lz-bundle"), location.href).pathname;
    var siteRoot = new URL(dialog.getAttribute("data-lz-root"), location.href).pathname;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = bundle + "pagefind-ui.css";
    document.head.appendChild(style);
    loading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = bundle + "pagefind-ui.js";
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    }).then(function () {
      var strings = JSON.parse(document.getElementById("lz-search-strings").textContent);
      var options = JSON.parse(document.getElementById("lz-search-options").textContent);
      var ui = new window.PagefindUI({
        element: "#lz-search-ui",
        bundlePath: bundle,
        baseUrl: siteRoot,
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        autofocus: true,
        translations: strings,
        ranking: options.ranking,
        // on a portal, each member district's own index, searched with the portal's (Pagefind multisite)
        mergeIndex: options.mergeIndex || [],
        processResult: function (result) {
          // A deputy's or station's page is found by its name, indexed in pieces (formats.search_terms):
          // show its one-line summary instead of an excerpt full of those pieces.
          if (result.meta && result.meta.summary) {
            var text = document.createElement("span");
            text.textContent = result.meta.summary;
            result.excerpt = text.innerHTML;
            delete result.meta.summary;  // shown as the excerpt, not again as a tag
          }
          if (result.meta) delete result.meta.name;  // the pieces a name is found by, never shown
          return result;
        }
      });
      // The tip above the box is its visible label, tied to the box now that the box exists.
      var input = dialog.querySelector("#lz-search-ui input");
      var tip = document.getElementById("lz-search-tip");
      if (input) input.id = "lz-search-input";
      if (input && tip) tip.htmlFor = input.id;
      return ui;
    });
    return loading;
  }

  function openSearch(dialog) {
    if (!dialog.open) dialog.showModal();
    loadSearch(dialog).then(function () {
      var input = dialog.querySelector("input");
      if (input) input.focus();
    });
  }

  function init() {
    document.querySelectorAll("[data-lz-large-text]").forEach(function (button) {
      button.setAttribute("aria-pressed", root.classList.contains("lz-large") ? "true" : "false");
      button.addEventListener("click", function () { setLarge(!root.classList.contains("lz-large")); });
    });
    var dialog = document.getElementById("lz-search");
    if (!dialog) return;
    document.querySelectorAll("[data-lz-search-open]").forEach(function (button) {
      button.addEventListener("click", function () { openSearch(dialog); });
    });
    dialog.querySelector("[data-lz-search-close]").addEventListener("click", function () { dialog.close(); });
    // A tap on the backdrop (outside the dialog's box) closes it, as on any phone sheet.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    // Following a result to a place on the same page (a case's anchor) closes the dialog.
    dialog.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (link && link.pathname === location.pathname) dialog.close();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
