/* Search with or without accents, readable snippets (booktools.search).

   Loaded on search.html only, deferred: after Sphinx 7.4's searchtools.js
   defined `Search`, before its DOMContentLoaded handler runs the query.
   The index holds every accented word also without accents (English:
   booktools.search.FoldingEnglish) or stems every word without its accents
   (Spanish: FoldingSpanish), so a query folded here, then stemmed, finds pages
   written either way.
   Section titles are matched without accents too, and shown as written.
   Snippets: the page's text without the explorers' menus and charts, a space
   between blocks (without the language switch), centred on the first word that
   starts with a searched stem. */
(function () {
  "use strict";
  if (typeof Search === "undefined") return;
  var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); };
  // the same, one character for one character (positions stay valid)
  var foldEach = function (s) {
    return Array.from(s, function (c) { var f = fold(c); return f.length === c.length ? f : c; })
      .join("");
  };
  var shown = {};  // folded section title -> title as written

  var foldTitles = function (index) {
    var titles = index && index.alltitles;
    if (!titles || index.kpFolded) return;
    Object.keys(titles).forEach(function (title) {
      var folded = fold(title);
      if (folded !== title && !(folded in titles)) {
        titles[folded] = titles[title];
        shown[folded] = title;
      }
    });
    index.kpFolded = true;
  };
  foldTitles(Search._index);  // searchindex.js may have run already
  var setIndex = Search.setIndex;
  Search.setIndex = function (index) { foldTitles(index); return setIndex(index); };

  var query = Search.query;
  Search.query = function (q) { return query(fold(q)); };

  var performSearch = Search._performSearch;
  Search._performSearch = function () {
    var results = performSearch.apply(Search, arguments);
    results.forEach(function (r) {
      var parts = String(r[1]).split(" > ");
      var last = parts.pop();
      if (shown[last]) r[1] = parts.concat([shown[last]]).join(" > ");
    });
    return results;
  };

  var htmlToText = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    // menus, charts and the page's own buttons and outline are not its text
    doc.querySelectorAll("select, svg, .kp-controls, .kp-lang-switch, script, style, .headerlink, " +
                         ".bd-header-article, .bd-sidebar-secondary, .prev-next-area, " +
                         ".bd-footer-article, .bd-footer-content, #pst-secondary-sidebar, .onlyprint")
      .forEach(function (el) { el.remove(); });
    doc.querySelectorAll("p, li, dt, dd, td, th, h1, h2, h3, h4, h5, h6, div, label, pre, caption")
      .forEach(function (el) { el.append(" "); });
    return htmlToText(doc.documentElement.outerHTML, anchor).replace(/\s+/g, " ");
  };

  Search.makeSearchSummary = function (htmlText, keywords, anchor) {
    var text = Search.htmlToText(htmlText, anchor);
    if (text === "") return null;
    var lower = foldEach(text.toLowerCase());
    // the first word that STARTS with a searched stem ("mer" for "Merida": "Merida", not
    // "enumerar"); a stem inside a word only if no word starts with it
    var found = Array.from(keywords).map(function (k) {
      var stem = fold(k.toLowerCase());
      if (!stem) return -1;
      var escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      var word = new RegExp("(^|[^\\p{L}\\p{N}_])" + escaped, "u").exec(lower);
      return word ? word.index + word[1].length : lower.indexOf(stem);
    }).filter(function (i) { return i > -1; });
    var start = found.length ? Math.max(Math.min.apply(null, found) - 120, 0) : 0;
    if (start > 0) {  // start at a word
      var space = text.indexOf(" ", start);
      if (space > -1 && space < start + 20) start = space + 1;
    }
    var summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start ? "\u2026" : "") + text.substr(start, 240).trim() +
      (start + 240 < text.length ? "\u2026" : "");
    return summary;
  };
})();
