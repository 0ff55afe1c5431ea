/* Reading on a phone: sidebar toggles that work (booktools.reading).

   pydata-sphinx-theme 0.17 binds its sidebar toggles with
   document.querySelector(".primary-toggle") and (".secondary-toggle"): the
   FIRST such button in the page, which is the theme's own header button.
   sphinx-book-theme 1.3 hides that header button
   (.bd-header button.sidebar-toggle {display: none}) and shows its own
   buttons in the article header, so the visible ☰ and "contents" buttons get
   no handler (a tooltip only) and sphinx-book-theme's desktop collapse is bound
   to the hidden button too. This script runs (deferred, in <head>) before the
   themes' scripts bind their handlers, and removes the hidden duplicates, so
   both themes bind to the buttons a reader sees. It also keeps aria-expanded
   and aria-controls on the visible buttons in step with what they open, and
   gives focus back to the button when its dialog closes. */
(function () {
  "use strict";
  document.querySelectorAll("#pst-header button.sidebar-toggle").forEach(function (b) {
    b.remove();
  });
  var pairs = [
    [".bd-header-article .primary-toggle", "pst-primary-sidebar-modal", "pst-primary-sidebar",
     "Table of contents"],
    [".bd-header-article .secondary-toggle", "pst-secondary-sidebar-modal", "pst-secondary-sidebar",
     "Contents of this page"],
  ];
  pairs.forEach(function (p) {
    var button = document.querySelector(p[0]);
    var dialog = document.getElementById(p[1]);
    var sidebar = document.getElementById(p[2]);
    if (!button || !dialog || !sidebar) return;
    button.setAttribute("aria-label", p[3]);
    var update = function () {
      var wide = window.matchMedia("(min-width: 992px)").matches;
      var open = dialog.open || (wide && p[2] === "pst-primary-sidebar" &&
                                 !sidebar.classList.contains("pst-sidebar-hidden"));
      button.setAttribute("aria-controls", dialog.open || !wide ? p[1] : p[2]);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    };
    new MutationObserver(update).observe(dialog, {attributes: true, attributeFilter: ["open"]});
    // sphinx-book-theme blurs the button on click (to hide its tooltip), so the
    // theme cannot give focus back when the dialog closes: do it here.
    dialog.addEventListener("close", function () {
      setTimeout(function () {
        if (!document.activeElement || document.activeElement === document.body) {
          button.focus({preventScroll: true});
        }
      }, 0);
    });
    new MutationObserver(update).observe(sidebar, {attributes: true, attributeFilter: ["class"]});
    window.addEventListener("resize", update);
    update();
  });
})();

/* Wide boxes: a table, code block or output wider than the column scrolls
   inside its box (the themes' CSS); this marks the side(s) with more to see
   (kp-scroll-left / kp-scroll-right: that side fades out, see
   _static/reading.css) and puts a one-line note above a wide table. Long
   table cells get kp-long-cell (they wrap; short ones stay on one line). */
(function () {
  "use strict";
  var BOXES = [".bd-article pre", ".bd-article .cell_output > .output",
               ".bd-article .pst-scrollable-table-container", ".bd-article .table-wrapper",
               ".bd-article figure"];
  var mark = function (box) {
    var more = box.scrollWidth - box.clientWidth;
    var left = more > 1 && box.scrollLeft > 1;
    var right = more > 1 && box.scrollLeft < more - 1;
    box.classList.toggle("kp-scroll-left", left);
    box.classList.toggle("kp-scroll-right", right);
    var note = box.previousElementSibling;
    var hasNote = note && note.classList.contains("kp-scroll-note");
    if (more > 1 && !hasNote && box.querySelector("table")) {
      note = document.createElement("p");
      note.className = "kp-scroll-note";
      note.setAttribute("aria-hidden", "true");
      note.textContent = "Wide table: scroll sideways for more columns \u2192";
      box.parentNode.insertBefore(note, box);
    } else if (more <= 1 && hasNote) {
      note.remove();
    }
  };
  var boxes = [];
  var markAll = function () { boxes.forEach(mark); };
  var start = function () {
    document.querySelectorAll("table.dataframe td").forEach(function (td) {
      if (td.textContent.length > 40) td.classList.add("kp-long-cell");
    });
    boxes = Array.prototype.slice.call(document.querySelectorAll(BOXES.join(",")));
    var resized = window.ResizeObserver && new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { mark(entry.target); });
    });
    boxes.forEach(function (box) {
      box.addEventListener("scroll", function () { mark(box); }, {passive: true});
      if (resized) resized.observe(box);
    });
    markAll();
  };
  window.addEventListener("load", markAll);  // fonts and images change widths
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
