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
  var es = /^es\b/i.test(document.documentElement.lang || "");
  var pairs = [
    [".bd-header-article .primary-toggle", "pst-primary-sidebar-modal", "pst-primary-sidebar",
     es ? "\u00cdndice del libro" : "Table of contents"],
    [".bd-header-article .secondary-toggle", "pst-secondary-sidebar-modal", "pst-secondary-sidebar",
     es ? "Contenido de esta p\u00e1gina" : "Contents of this page"],
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
  // the cue in the page's language (<html lang="es"> in the Spanish edition)
  var CUE = /^es\b/i.test(document.documentElement.lang || "")
    ? "Tabla ancha: desliza de lado para ver m\u00e1s columnas \u2192"
    : "Wide table: scroll sideways for more columns \u2192";
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
      note.textContent = CUE;
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

/* The site's one 404 page (booktools.site_meta) in Spanish for a missing address
   under es/: GitHub Pages serves the root 404.html for every missing address (the
   Spanish edition's copy is not published, booktools.i18n_build.publish). For an
   address under es/ this puts the page's words in Spanish, points its links and
   search at the Spanish edition, drops the student-edition line (English only),
   and takes the chapters' Spanish titles and sidebar from the Spanish edition's
   genindex.html (one request, only on such a page). */
(function () {
  "use strict";
  var article = document.querySelector(".bd-article");
  var form = article && article.querySelector("form.not-found-search");
  if (!form) return;
  var base = document.querySelector("base[href]");
  var root = base ? new URL(base.href).pathname : "/";
  var path = window.location.pathname;
  var inSpanish = path.indexOf(root) === 0 ? /^es\//.test(path.slice(root.length))
                                            : /\/es\//.test(path);
  if (!inSpanish) return;
  var relative = function (href) { return href && !/^([a-z]+:|\/|#|es\/)/i.test(href); };
  var say = function (el, parts) {  // parts: text, or [text of a link, the link]
    el.textContent = "";
    parts.forEach(function (p) {
      if (typeof p === "string") { el.append(p); return; }
      p[1].textContent = p[0];
      el.append(p[1]);
    });
  };
  document.documentElement.lang = "es";
  document.title = document.title.replace(/^Page not found/, "P\u00e1gina no encontrada");
  var h1 = article.querySelector("h1");
  if (h1) h1.textContent = "P\u00e1gina no encontrada";
  var intro = form.previousElementSibling;
  if (intro && intro.tagName === "P") {
    intro.textContent = "No hay ninguna p\u00e1gina en esta direcci\u00f3n. Puede que se haya " +
      "movido al cambiar el nombre de un cap\u00edtulo, o que el enlace tenga un error.";
  }
  form.setAttribute("action", "es/search.html");
  var label = form.querySelector("label");
  if (label) label.textContent = "Buscar en el libro:";
  var button = form.querySelector("button");
  if (button) button.textContent = "Buscar";
  article.querySelectorAll("a[href^='student/']").forEach(function (a) {
    (a.closest("p") || a).remove();
  });
  var first = article.querySelector("p > a[href='index.html']");
  var report = article.querySelector("a[href*='/issues/new']");
  article.querySelectorAll("a[href]").forEach(function (a) {
    if (relative(a.getAttribute("href"))) a.setAttribute("href", "es/" + a.getAttribute("href"));
  });
  if (first) {
    say(first.parentNode, ["O vuelve a empezar desde la ", ["primera p\u00e1gina", first],
                           ", o abre un cap\u00edtulo:"]);
  }
  if (report) {
    say(report.parentNode, ["Si un enlace del libro te trajo aqu\u00ed, ",
                            ["av\u00edsanos", report], " con la direcci\u00f3n que seguiste."]);
  }
  if (!window.fetch || !window.DOMParser) return;
  fetch("es/genindex.html").then(function (r) { return r.ok ? r.text() : ""; }).then(function (text) {
    if (!text) return;
    var spanish = new DOMParser().parseFromString(text, "text/html");
    var nav = spanish.querySelector("nav.bd-docs-nav");
    if (!nav) return;
    var titles = {};
    nav.querySelectorAll("a[href]").forEach(function (a) {
      titles[a.getAttribute("href")] = a.textContent.trim();
    });
    article.querySelectorAll("li > a[href^='es/']").forEach(function (a) {
      var title = titles[a.getAttribute("href").slice(3)];
      if (title) a.textContent = title;
    });
    nav.querySelectorAll("a[href]").forEach(function (a) {
      if (relative(a.getAttribute("href"))) a.setAttribute("href", "es/" + a.getAttribute("href"));
    });
    var own = document.querySelector("nav.bd-docs-nav");
    if (own) own.replaceWith(document.importNode(nav, true));
    var title = spanish.querySelector("title");
    var book = title && title.textContent.split(" \u2014 ").pop();
    if (book) document.title = "P\u00e1gina no encontrada \u2014 " + book;
  }).catch(function () {});
})();
