"""Reading on a phone and on a slow connection (issue 16): navigation, fit, weight, search.

Window sizes: a laptop (1366×900) and a phone (390×844), light and dark. Every check
runs on both editions (English at the root, Spanish under ``es/``).
``KINGPIN_SCREENSHOTS=DIR`` saves what the tests saw.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from harness import (
    EDITIONS,
    chapter_pages,
    dump,
    edition_of,
    editions,
    in_edition,
)

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

#: A chapter with a long outline (page navigation needs something to list).
NAV_PAGE = "chapters/violence-by-state.html"

PRIMARY = ".bd-header-article .primary-toggle"
SECONDARY = ".bd-header-article .secondary-toggle"

STATE_JS = """() => {
  const open = id => document.getElementById(id).open;
  const sidebar = document.getElementById('pst-primary-sidebar');
  const r = sidebar.getBoundingClientRect();
  const primary = document.querySelector('$PRIMARY');
  return {
    toc: open('pst-primary-sidebar-modal'), outline: open('pst-secondary-sidebar-modal'),
    tocLinks: document.querySelectorAll('#pst-primary-sidebar-modal .bd-docs-nav a').length,
    sidebarLinks: document.querySelectorAll('#pst-primary-sidebar .bd-docs-nav a').length,
    outlineLinks: document.querySelectorAll('#pst-secondary-sidebar-modal #pst-page-toc-nav a')
        .length,
    sidebarShown: getComputedStyle(sidebar).visibility === 'visible' && r.right > 0 && r.width > 0,
    expanded: primary.getAttribute('aria-expanded'),
    focus: document.activeElement === primary ? 'primary' :
      document.activeElement === document.querySelector('$SECONDARY') ? 'secondary' :
      document.activeElement.tagName,
  };
}""".replace("$PRIMARY", PRIMARY).replace("$SECONDARY", SECONDARY)


def shoot(page: Any, name: str, full_page: bool = False) -> None:
    """Save a screenshot when KINGPIN_SCREENSHOTS names a folder."""
    folder = os.environ.get("KINGPIN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def _state(page: Any) -> dict[str, Any]:
    page.wait_for_timeout(350)  # the dialogs and the sidebar animate
    return page.evaluate(STATE_JS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_menu_buttons_open_and_close_the_contents(chromium, edition: str,
                                                         scheme: str) -> None:
    page, visit = chromium.open(in_edition(NAV_PAGE, edition), PHONE, scheme)
    try:
        assert page.locator(PRIMARY).is_visible() and page.locator(SECONDARY).is_visible()
        start = _state(page)
        assert not start["toc"] and not start["outline"] and not start["sidebarShown"], start
        assert start["expanded"] == "false"

        page.locator(PRIMARY).click()  # ☰ by click: the book's table of contents
        state = _state(page)
        # the whole table of contents moved into the dialog
        assert state["toc"] and state["tocLinks"] == start["sidebarLinks"] >= 5, state
        assert state["expanded"] == "true"
        shoot(page, f"{edition}-phone-{scheme}-toc")
        page.keyboard.press("Escape")  # closed by keyboard, focus back on ☰
        state = _state(page)
        assert not state["toc"] and state["focus"] == "primary", state

        page.keyboard.press("Enter")  # ☰ by keyboard
        assert _state(page)["toc"]
        page.mouse.click(PHONE["width"] - 5, PHONE["height"] // 2)  # closed by a tap beside it
        state = _state(page)
        assert not state["toc"] and state["expanded"] == "false", state

        page.locator(SECONDARY).click()  # "contents" by click: this page's outline
        state = _state(page)
        assert state["outline"] and state["outlineLinks"] >= 5, state
        shoot(page, f"{edition}-phone-{scheme}-outline")
        page.mouse.click(5, PHONE["height"] // 2)
        assert not _state(page)["outline"]

        page.locator(SECONDARY).focus()
        page.keyboard.press("Space")  # "contents" by keyboard, closed by keyboard
        assert _state(page)["outline"]
        page.keyboard.press("Escape")
        state = _state(page)
        assert not state["outline"] and state["focus"] == "secondary", state
        assert not visit.errors, dump(visit.errors)
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_desktop_menu_button_hides_and_shows_the_sidebar(chromium, edition: str,
                                                          scheme: str) -> None:
    page, visit = chromium.open(in_edition(NAV_PAGE, edition), DESKTOP, scheme)
    try:
        article = page.locator(".bd-article-container")
        start, width = _state(page), article.bounding_box()["width"]
        assert start["sidebarShown"] and start["expanded"] == "true", start
        page.locator(PRIMARY).click()
        state = _state(page)
        assert not state["sidebarShown"] and not state["toc"], state  # no dialog on desktop
        assert state["expanded"] == "false"
        assert article.bounding_box()["width"] > width + 150, "the text does not take the room"
        shoot(page, f"{edition}-desktop-{scheme}-sidebar-hidden")
        page.locator(PRIMARY).focus()
        page.keyboard.press("Enter")
        state = _state(page)
        assert state["sidebarShown"] and state["expanded"] == "true", state
        assert not visit.errors, dump(visit.errors)
    finally:
        page.context.close()


# -- 2. nothing cut off ------------------------------------------------------------------

FIT_JS = """() => {
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && el.className.baseVal === undefined && el.className ?
       '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '') +
      ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  const box = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return p;
    }
    return null;
  };
  const article = document.querySelector('.bd-article') || document.querySelector('.bd-main');
  const edge = Math.min(article.getBoundingClientRect().right, innerWidth) + 1;
  const out = {pageWidth: document.documentElement.scrollWidth, width: innerWidth,
               cut: [], noCue: [], truncated: [], wideTables: 0};
  for (const el of article.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= edge || getComputedStyle(el).visibility === 'hidden') continue;
    const b = box(el);
    const overflow = b ? getComputedStyle(b).overflowX : 'visible';
    if (!b || b.getBoundingClientRect().right > edge || overflow === 'hidden'
        || overflow === 'clip') {
      out.cut.push(describe(el));
    } else if (!['kp-scroll-right', 'kp-scroll-left'].some(c => b.classList.contains(c))) {
      out.noCue.push(describe(b));
    } else if (el.tagName === 'TABLE') {
      out.wideTables += 1;
    }
  }
  for (const el of article.querySelectorAll('td, th, p, li, a, span, div')) {
    const cs = getComputedStyle(el);
    if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      out.truncated.push(describe(el) + ' (ellipsis)');
    }
  }
  for (const cell of article.querySelectorAll('td, th')) {
    const text = cell.textContent.trim();
    if (/\\w(\\.\\.\\.|\\u2026)$/.test(text) && text.length >= 45) {
      out.truncated.push(describe(cell));  // pandas' display.max_colwidth
    }
  }
  // a word of a link or code in a table cell broken across lines ("Continuida|d")
  out.brokenWords = [];
  for (const el of article.querySelectorAll('td a, td code')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const m of n.data.matchAll(/[^\\s\\/_.\\-\\u2013\\u2014]{4,}/g)) {
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        if (range.getClientRects().length > 1) out.brokenWords.push(m[0]);
      }
    }
  }
  out.cut = [...new Set(out.cut)].slice(0, 12);
  out.noCue = [...new Set(out.noCue)].slice(0, 12);
  return out;
}"""


def test_nothing_is_cut_off_on_a_phone_or_a_laptop(chromium, page: str) -> None:
    opened, visit = chromium.open(page, PHONE)
    problems: dict[str, Any] = {}
    try:
        for name, size in (("phone", PHONE), ("laptop", DESKTOP)):
            if size is not PHONE:
                opened.set_viewport_size(size)
            opened.wait_for_timeout(400)  # the cue is re-measured after a resize
            fit = opened.evaluate(FIT_JS)
            if fit["pageWidth"] > fit["width"]:
                problems[f"{name}: page wider than the window"] = fit["pageWidth"]
            for key in ("cut", "noCue", "truncated", "brokenWords"):
                if fit[key]:
                    problems[f"{name}: {key}"] = fit[key]
            shoot(opened, f"fit-{name}-{page.replace('/', '_')}", full_page=True)
    finally:
        opened.context.close()
    assert not problems, (
        f"{page}: content wider than the column must scroll inside a box with a cue "
        f"(cut: clipped or out of the window; noCue: a scrolling box without kp-scroll-*; "
        f"truncated: text cut with an ellipsis; brokenWords: a word of a link or code in a "
        f"table cell split across lines):\n{dump(problems)}")


#: The cue above a wide table (src/booktools/static/kingpin-reading.js), in English; the
#: Spanish edition must not show it in English.
SCROLL_CUE_EN = "scroll sideways"


def test_a_wide_table_scrolls_in_its_box_with_a_cue(chromium, edition: str) -> None:
    opened, _ = chromium.open(in_edition("chapters/kingpin-strategy.html", edition), PHONE)
    try:
        box = opened.locator(".cell_output > .output:has(table.dataframe)").first
        box.scroll_into_view_if_needed()
        start = box.evaluate("b => ({cls: b.className, note: (b.previousElementSibling || {})"
                             ".textContent || '', more: b.scrollWidth - b.clientWidth,"
                             "tab: b.tabIndex})")
        assert start["more"] > 100, start
        assert "kp-scroll-right" in start["cls"] and "kp-scroll-left" not in start["cls"], start
        if edition == "en":
            assert SCROLL_CUE_EN in start["note"], start
        else:
            assert start["note"].strip() and SCROLL_CUE_EN not in start["note"], (
                f"the wide-table cue is not in the page's language: {start}")
        assert start["tab"] == 0, "a scrolling box must be reachable with the keyboard"
        shoot(opened, f"{edition}-phone-wide-table-start")
        box.evaluate("b => b.scrollTo({left: b.scrollWidth})")
        opened.wait_for_timeout(200)
        end = box.evaluate("b => b.className")
        assert "kp-scroll-left" in end and "kp-scroll-right" not in end, end
        shoot(opened, f"{edition}-phone-wide-table-end")
    finally:
        opened.context.close()


# -- 3. citations read as cited ----------------------------------------------------------

BIBLIOGRAPHY = "chapters/appendix/bibliography.html"

LABELS_JS = """() => Object.fromEntries(Array.from(document.querySelectorAll('div.citation')).map(
    c => [c.id, c.querySelector('.label').textContent.replace(/^\\[|\\]$/g, '').trim()]))"""

def test_reference_list_labels_read_as_the_text_cites(chromium, report, edition: str) -> None:
    bib, _ = chromium.open(in_edition(BIBLIOGRAPHY, edition), PHONE)
    try:
        labels = bib.evaluate(LABELS_JS)
        shoot(bib, f"{edition}-phone-bibliography")
    finally:
        bib.context.close()
    assert len(labels) >= 10, labels
    alpha = [label for label in labels.values() if " " not in label]
    assert not alpha, f"pybtex alpha labels left in the reference list: {alpha}"
    mismatched, seen = [], 0
    for chapter in chapter_pages(edition):
        for cite in report(chapter).data["citations"]:  # harness.CITATIONS_JS
            label, seen = labels.get(cite["id"], "<no such entry>"), seen + 1
            names, _, year = label.rpartition(", ")
            # parenthetical: [Dell, 2015]; textual: Dell [2015], with the names before the link
            textual = cite["text"] == year and names.split(" et al.")[0] in cite["before"]
            if cite["text"] != label and not textual:
                mismatched.append({"page": chapter, "cited as": cite["text"], "listed as": label})
    assert seen >= 20, f"only {seen} citations found"
    assert not mismatched, f"citations whose label differs in the list:\n{dump(mismatched)}"


# -- 4. search with or without accents, readable snippets --------------------------------

RESULTS_JS = """() => Array.from(document.querySelectorAll('#search-results ul.search > li')).map(
  li => ({page: li.querySelector('a').getAttribute('href').split(/[?#]/)[0],
          title: li.querySelector('a').textContent,
          snippet: (li.querySelector('p.context') || {}).textContent || ''}))"""

SEARCH_DONE_JS = """() => {
  const items = document.querySelectorAll('#search-results ul.search > li');
  const status = document.querySelector('#search-results .search-summary');
  return status && /found|encontr/i.test(status.textContent) &&
         Array.from(items).every(li => li.querySelector('p.context'));
}"""

def _search(chromium, query: str, edition: str = "en") -> list[dict[str, str]]:
    """Results of ``query`` on the search page of ``edition``, their pages as site paths."""
    from urllib.parse import quote

    opened, visit = chromium.open(in_edition(f"search.html?q={quote(query)}", edition))
    try:
        opened.wait_for_function(SEARCH_DONE_JS, timeout=30_000)
        if query == "Chapo":
            shoot(opened, f"{edition}-desktop-search-chapo")
        assert not visit.errors, dump(visit.errors)
        results = opened.evaluate(RESULTS_JS)
        return [dict(r, page=in_edition(r["page"], edition)) for r in results]
    finally:
        opened.context.close()


#: Words searched with and without their accents, per edition: names in both, and in the
#: Spanish edition Spanish words (stemmed by Sphinx's Spanish stemmer) with and without them.
ACCENT_CASES = [("en", "Michoacán", "Michoacan"), ("en", "Peña Nieto", "Pena Nieto"),
                ("en", "Calderón", "Calderon"),
                ("es", "Michoacán", "Michoacan"), ("es", "Peña Nieto", "Pena Nieto"),
                ("es", "Calderón", "Calderon"), ("es", "México", "Mexico"),
                ("es", "población", "poblacion"), ("es", "Iniciativa Mérida", "Iniciativa Merida")]


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text.lower())
                   if not unicodedata.combining(c))


def _stem(word: str, edition: str) -> str:
    """``word`` without accents, stemmed as the edition's search stems it ("mexicanos" and
    "México" both match "mexic" in Spanish)."""
    import snowballstemmer

    stemmer = snowballstemmer.stemmer({"en": "english", "es": "spanish"}[edition])
    return _fold(stemmer.stemWord(_fold(word)))


@pytest.mark.parametrize("edition, accented, plain", [
    pytest.param(*case, id=f"{EDITIONS[case[0]]}search-{case[2].replace(' ', '-')}")
    for case in ACCENT_CASES if case[0] in editions()])
def test_search_finds_the_same_pages_with_or_without_accents(chromium, edition: str,
                                                              accented: str, plain: str) -> None:
    with_accents = {r["page"] for r in _search(chromium, accented, edition)}
    without = _search(chromium, plain, edition)
    assert len(with_accents) >= 3, with_accents
    assert all(edition_of(p) == edition for p in with_accents), with_accents
    assert {r["page"] for r in without} == with_accents, (
        f"{plain!r} and {accented!r} find different pages")
    # each snippet shows a word it was found by (or a word of the same stem: "mexicanos"
    # for "México"), not a stem inside another word ("mer" in "enumerar" for "Mérida")
    import re

    starts = [re.compile(r"\b" + re.escape(_stem(word, edition))) for word in plain.split()]
    near_the_word = [r for r in without
                     if any(start.search(_fold(r["snippet"])) for start in starts)]
    assert len(near_the_word) >= len(without) - 1, dump(without)


def test_search_snippets_do_not_run_menu_labels_together(chromium, report,
                                                         edition: str) -> None:
    results = _search(chromium, "Chapo", edition) + _search(chromium, "Calderon", edition)
    assert results
    glued = set()
    for page in {r["page"] for r in results}:
        glued.update(report(page).data["glued"])  # harness.GLUED_JS
    assert glued, "no explorer menu on the result pages: the test checks nothing"
    bad = [r for r in results if any(g in r["snippet"] for g in glued)]
    assert not bad, f"snippets with menu options run together:\n{dump(bad)}"


# -- 5. light pages --------------------------------------------------------------------

#: What the theme's assets may weigh on a first visit, as sent (they were about
#: 1 MB gzipped, 2.5 MB raw, before booktools.reading; now about 100 KB).
THEME_BUDGET = 200_000

def test_a_first_visit_is_light(chromium, chapter: str) -> None:
    from booktools.page_weight import (
        FIRST_VISIT_BUDGET,
        PAGE_TRANSFER_BUDGET,
        first_visit,
        page_weight,
    )

    weight = page_weight(chromium.root / chapter, chromium.root)
    visit = first_visit(chromium.browser, chromium.mirror, chromium.base, chapter)
    files = dict(visit.files)
    problems = []
    if any("fontawesome" in f and f.endswith(".js") for f in files):
        problems.append("Font Awesome's 1.5 MB script is loaded")
    if any("searchindex.js" in f for f in files):
        problems.append("the search index is loaded outside the search page")
    if any(f.endswith(".woff2") and "fontawesome" in f for f in files):
        problems.append("a full Font Awesome font is loaded, not the book's subset")
    if visit.theme_bytes > THEME_BUDGET:
        problems.append(f"theme assets {visit.theme_bytes / 1000:.0f} KB > "
                        f"{THEME_BUDGET / 1000:.0f} KB")
    if visit.total > FIRST_VISIT_BUDGET:
        problems.append(f"first visit {visit.total / 1000:.0f} KB > "
                        f"{FIRST_VISIT_BUDGET / 1000:.0f} KB")
    budget = PAGE_TRANSFER_BUDGET  # every page, violence-by-state included (issue 16)
    print(f"{chapter}: transfer {weight.transfer / 1000:.0f} KB (budget {budget / 1000:.0f} KB), "
          f"first visit {visit.total / 1000:.0f} KB")
    if weight.transfer > budget:
        problems.append(f"page transfer (HTML + images + maps) {weight.transfer / 1000:.0f} KB "
                        f"> {budget / 1000:.0f} KB")
    heaviest = [f"{name} {size / 1000:.1f} KB" for name, size in visit.files[:8]]
    assert not problems, f"{chapter}:\n{dump(problems)}\nheaviest files:\n{dump(heaviest)}"


# -- 6a. safe map labels -------------------------------------------------------------------

PAYLOAD = '<img src=x onerror="window.kpXss=(window.kpXss||0)+1">'

FRAME_STATE_JS = """() => ({
  xss: window.kpXss || 0,
  injected: document.querySelectorAll('img[src="x"]').length,
  legend: (document.querySelector('.kp-legend') || {}).textContent || '',
  slider: (document.querySelector('.kp-slider') || {}).textContent || '',
  credit: (document.querySelector('.leaflet-control-attribution') || {}).textContent || '',
  title: document.title,
  drawn: document.querySelectorAll('path.leaflet-interactive').length,
})"""


def test_map_labels_are_inserted_as_text_in_a_sandbox(chromium, tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    from booktools.browser import map_frames, open_page, show_frame, visit
    from helpers.viz.maps import state_map
    from helpers.viz.maps.examples import _demo_frame

    fragment = state_map(
        _demo_frame(), value_label=f"Rate {PAYLOAD}", count_label=f"Count {PAYLOAD}",
        legend_title=f"Legend {PAYLOAD}", source=f"Source {PAYLOAD}",
        year_notes={2019: "first", 2020: f"Note {PAYLOAD}"}, title=f"Title {PAYLOAD}",
    ).to_html()
    (tmp_path / "map.html").write_text(
        f"<!doctype html><html><head><meta charset=utf-8><title>t</title></head><body>"
        f"<script>window.kpXss = 0</script>{fragment}</body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    opened, record = open_page(chromium.browser, chromium.mirror, base)
    try:
        visit(opened, record, base + "map.html")
        iframe = opened.locator("iframe").first
        sandbox = iframe.get_attribute("sandbox") or ""
        assert "allow-scripts" in sandbox.split() and "allow-same-origin" not in sandbox, sandbox
        # the map draws, hovers and slides, with every payload shown as text
        (frame,) = map_frames(opened)
        show_frame(frame)
        box = iframe.bounding_box()
        point = frame.evaluate("""() => { const ps = [...document.querySelectorAll(
            'path.leaflet-interactive')].map(p => p.getBoundingClientRect());
            const b = ps.sort((a, c) => c.width * c.height - a.width * a.height)[0];
            return {x: b.left + b.width / 2, y: b.top + b.height / 2}; }""")
        opened.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=4)
        tooltip = frame.locator(".leaflet-tooltip").last
        tooltip.wait_for(state="visible", timeout=5_000)
        tip = tooltip.inner_text()
        slider = frame.locator("input[type=range]")
        slider.focus()
        opened.keyboard.press("End")
        state = frame.evaluate(FRAME_STATE_JS)
        page_xss = opened.evaluate("() => window.kpXss")
        shoot(opened, "map-labels-escaped")
    finally:
        opened.context.close()
        server.shutdown()
    assert state["drawn"] == 32, state
    assert state["xss"] == 0 and state["injected"] == 0 and page_xss == 0, state
    for label, text in (("tooltip", tip), ("legend", state["legend"]), ("slider", state["slider"]),
                        ("credit", state["credit"]), ("title", state["title"])):
        assert PAYLOAD in text, f"the {label} does not show the label as text: {text!r}"
    assert "Rate <img" in tip and "Count <img" in tip and "Note <img" in tip, tip
    assert not record.errors, dump(record.errors)


def test_every_map_frame_is_sandboxed(site: Path, page: str) -> None:
    import re

    text = (site / page).read_text(encoding="utf-8")
    frames = [m.group(0)[:200] for m in re.finditer(r"<iframe\b[^>]*>", text)
              if "srcdoc=" in m.group(0)]
    bad = [f for f in frames if not re.search(r'\ssandbox="allow-scripts"', f)]
    assert not bad, f"{page}: inline documents without sandbox=\"allow-scripts\":\n{dump(bad)}"


# -- 6b. figures legible on a phone ----------------------------------------------------------

#: Smallest text of every figure in view, as rendered. Inline SVG (explorers) is measured
#: in place; an SVG figure shown as <img> is measured in a copy laid out at the image's
#: size; a PNG cannot be measured and is checked by its scale (house style: text of at
#: least 9 pt at 110 dpi, i.e. 13.75 image px, so it must not be shown below 65.5 %).
FIGURE_TEXT_JS = """async () => {
  const smallest = svg => {
    let min = Infinity;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim() || !t.getBBox().width) continue;
      const m = t.getScreenCTM();
      min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
    }
    return min;
  };
  const out = [];
  for (const svg of document.querySelectorAll('.bd-article svg')) {
    const r = svg.getBoundingClientRect();
    if (r.width < 100 || svg.closest('[hidden]')) continue;
    out.push({what: 'inline svg ' + (svg.getAttribute('aria-label') || '').slice(0, 50),
              width: Math.round(r.width), box: Math.round(svg.closest('.output, .bd-article')
                  .getBoundingClientRect().width), text: smallest(svg)});
  }
  for (const img of document.querySelectorAll('.bd-article .cell_output img')) {
    const r = img.getBoundingClientRect();
    if (img.src.endsWith('.svg')) {
      const source = await (await fetch(img.src)).text();
      const box = document.createElement('div');
      box.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden;width:' + r.width
          + 'px';
      box.innerHTML = source.slice(source.indexOf('<svg'));
      document.body.appendChild(box);
      const svg = box.querySelector('svg');
      svg.style.width = r.width + 'px'; svg.style.height = 'auto';
      out.push({what: 'svg ' + img.src.split('/').pop().slice(0, 12), width: Math.round(r.width),
                text: smallest(svg)});
      box.remove();
    } else {
      out.push({what: 'png ' + img.src.split('/').pop().slice(0, 12), width: Math.round(r.width),
                scale: r.width / img.naturalWidth});
    }
  }
  return out;
}"""


def test_figure_text_is_legible_on_a_phone(chromium, chapter: str) -> None:
    opened, _ = chromium.open(chapter, PHONE)
    try:
        figures = opened.evaluate(FIGURE_TEXT_JS)
        shoot(opened, f"phone-figures-{chapter.replace('/', '_')}", full_page=True)
    finally:
        opened.context.close()
    small = [f for f in figures
             if f.get("text", 99) < 9 - 0.05 or f.get("scale", 1) < 72 / 110 - 0.001]
    assert not small, (f"{chapter}: figure text under 9 px at 390 px (text: smallest "
                       f"rendered size; scale: of a PNG):\n{dump(small)}")
    wide = [f for f in figures if f["what"].startswith("inline") and f["width"] > f["box"] + 1]
    assert not wide, f"{chapter}: explorer charts wider than their column:\n{dump(wide)}"


ICON_JS = """() => Array.from(document.querySelectorAll('form.bd-search')).filter(
    f => f.getBoundingClientRect().width > 0).map(f => {
  const icon = f.querySelector('.fa-magnifying-glass').getBoundingClientRect();
  const input = f.querySelector('input').getBoundingClientRect();
  return {icon: [icon.left, icon.right, icon.width], input: input.left};
})"""


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "laptop"])
def test_search_icon_sits_beside_the_query(chromium, edition: str, size: dict[str, int]) -> None:
    """Icons are web-font glyphs now (no Font Awesome script): none may cover text."""
    opened, _ = chromium.open(in_edition("search.html?q=Chapo", edition), size)
    try:
        opened.keyboard.press("Control+k")  # the search dialog, on top of the page's form
        opened.wait_for_timeout(400)
        forms = opened.evaluate(ICON_JS)
        shoot(opened, f"{edition}-{'phone' if size is PHONE else 'laptop'}-search-dialog")
    finally:
        opened.context.close()
    assert forms, "no search form visible"
    bad = [f for f in forms if f["icon"][2] == 0 or f["icon"][1] > f["input"] + 1]
    assert not bad, f"search icon missing or over the query: {dump(bad)}"
