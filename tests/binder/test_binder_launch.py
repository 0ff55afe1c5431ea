"""What a reader does with the rocket button, in the environment Binder builds.

For every page with a launch button: take the Binder link from the built page, open its
``urlpath`` on a local Jupyter server of the Binder environment (see ``conftest.py``),
and check that the page opens as a notebook, that Run All finishes without an error,
that every folium map is drawn (polygons of real size) once scrolled to, that explorers
are live widgets whose figure changes, and that no MyST markup is left on screen.
The same for the link the instructor guide prints for nbgitpuller, and for a student
assignment: answers typed in, Run All, every ``grader.check`` passes, the export cell
writes the submission zip. And for the Spanish edition: a Spanish page's button opens the
Spanish notebook of its chapter (``chapters/es/...``), which runs and draws Spanish labels
(one chapter by default; ``KINGPIN_BINDER_SPANISH=all`` follows every Spanish button).
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
from binder_harness import REPO, REPORT
from bs4 import BeautifulSoup

from booktools import assignments as tool
from booktools import binder
from booktools.notebook_edition import MARK, Book, notebook_path
from helpers.reference.i18n import catalog

#: Pages that have code, hence a launch button (``chapters/intro``...).
PAGES = sorted(str(Path(rel).with_suffix("")) for rel in Book.read(REPO).notebooks)
#: Spanish pages whose launch button the check follows (each runs its chapter).
SPANISH_PAGES = (PAGES if os.environ.get("KINGPIN_BINDER_SPANISH") == "all"
                 else ["chapters/violence-by-state"])
#: Pages whose outputs show labels as text (tables, maps, explorers); elsewhere the labels
#: are inside figures (images), and only the kernel's language is checked.
TEXT_LABEL_PAGES = {"chapters/violence-by-state", "chapters/michoacan-guerrero",
                    "chapters/kingpin-strategy", "chapters/us-assistance",
                    "chapters/captures-and-violence", "chapters/appendix/claims"}
#: The assignment the student test works through.
ASSIGNMENT = tool.assignments()[0]

#: MyST that must never reach the screen.
RAW_MYST = [
    # on screen a role's backticks become code formatting: look for the role's name alone
    re.compile(r"\{(glue|ref|cite|term|doc|numref|eq|download|abbr)(:[\w-]+)?\}"),
    re.compile(r"^\s*:(class|label|tags|name|format|nonumber):", re.M),
    re.compile(r"(```|:::)\s*\{[\w-]+\}"),
    re.compile(r"^\([\w.-]+\)=\s*$", re.M),
    re.compile(r"\{(exercise|solution)-(start|end)\}"),
]

#: Notebook state from the page (``expose_app_in_browser``): code cells, cells not run
#: yet, error outputs, and the index of every cell whose output is a folium map.
STATE_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.content || !w.content.model) return null;
  const cells = w.content.model.cells;
  const out = {code: 0, pending: 0, errors: [], maps: []};
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    out.code++;
    if (c.executionCount === null) out.pending++;
    c.outputs.toJSON().forEach(o => {
      if (o.output_type === 'error') out.errors.push(i + ': ' + o.ename + ': ' + o.evalue);
      const html = o.data && o.data['text/html'];
      const text = Array.isArray(html) ? html.join('') : (html || '');
      if (text.includes('<iframe') && text.includes('folium-map')) out.maps.push(i);
    });
  }
  return out;
}"""

KERNEL_IDLE_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!(w && w.context && w.context.isReady && k && k.status === 'idle');
}"""

#: Per folium map of a frame: zoom, box, polygons and how many have a real size.
MAPS_JS = """() => Array.from(document.querySelectorAll('.folium-map')).map(div => {
  const m = window[div.id];
  const sizes = Array.from(div.querySelectorAll('path.leaflet-interactive')).map(p => {
    const r = p.getBoundingClientRect(); return r.width * r.height; });
  return {id: div.id, zoom: m && m.getZoom ? m.getZoom() : null, w: div.clientWidth,
          h: div.clientHeight, polygons: sizes.length, sized: sizes.filter(s => s > 1).length};
})"""

SCROLLER = "() => document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')"


def launch_link(site: Path, page: str) -> str:
    """The Binder button's address on a built page."""
    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select('.dropdown-launch-buttons a[href*="mybinder.org"]')]
    assert len(links) == 1, f"{page}.html: {len(links)} Binder buttons"
    return links[0]


def printed_links(site: Path, page: str, marker: str) -> list[str]:
    """Links that a page's code cells print (the instructor guide prints its hand-out links)."""
    text = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"),
                         "html.parser").get_text(" ")
    return re.findall(r"https?://\S*" + re.escape(marker) + r"\S*", text)


def hidden_cells(path: Path) -> set[int]:
    """Indices of the cells a collapsed heading hides (solutions) in a notebook file."""
    cells = nbformat.read(path, as_version=4).cells
    hidden: set[int] = set()
    level = None
    for index, cell in enumerate(cells):
        heading = (re.match(r"^(#{1,6})\s", cell.source) if cell.cell_type == "markdown"
                   else None)
        if heading and level is not None and len(heading[1]) <= level:
            level = None
        if level is not None:
            hidden.add(index)
        if heading and cell.metadata.get("jp-MarkdownHeadingCollapsed"):
            level = len(heading[1])
    return hidden


def open_notebook(page: Any, url: str) -> None:
    """Follow a launch URL; wait for the notebook view and an idle kernel."""
    page.goto(url, timeout=120_000)  # a shared CI machine can be slow to serve JupyterLab
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=90_000)


def run_all(page: Any, timeout: float = 300) -> dict[str, Any]:
    """Run > Run All Cells, as a reader would; return the notebook state when it is done."""
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
    start = time.monotonic()
    idle_since = None
    state: dict[str, Any] = {}
    while time.monotonic() - start < timeout:
        state = page.evaluate(STATE_JS)
        busy = not page.evaluate(KERNEL_IDLE_JS)
        if (state["pending"] == 0 or state["errors"]) and not busy:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 2:
                break
        else:
            idle_since = None
        time.sleep(0.5)
    state["seconds"] = time.monotonic() - start
    return state


def read_through(page: Any, shots: Path | None, name: str) -> dict[str, Any]:
    """Scroll from top to bottom like a reader; collect maps, text and screenshots."""
    maps: dict[str, dict[str, Any]] = {}
    texts: set[str] = set()
    page.evaluate(f"() => ({SCROLLER})().scrollTo(0, 0)")
    y, step, index = 0, VIEW_STEP, 0
    while True:
        page.evaluate(f"y => ({SCROLLER})().scrollTo(0, y)", y)
        time.sleep(0.6)
        for frame in page.frames[1:]:
            try:
                found = frame.evaluate(MAPS_JS)
            except Exception:  # noqa: BLE001 - detached or cross-origin frames
                continue
            for m in found:
                if m["w"] and m["h"]:  # in view: keep the best measurement
                    best = maps.get(m["id"])
                    if best is None or m["sized"] > best["sized"]:
                        maps[m["id"]] = m
        texts.update(page.evaluate(
            "() => Array.from(document.querySelectorAll("
            "'.jp-RenderedMarkdown, .jp-OutputArea-output')).map(e => e.innerText)"))
        if shots is not None:
            page.screenshot(path=str(shots / f"{name}-{index:02d}.png"))
        index += 1
        height = page.evaluate(f"() => ({SCROLLER})().scrollHeight")
        if y + step >= height:
            break
        y += step
    return {"maps": maps, "texts": texts, "screens": index}


VIEW_STEP = 750


def raw_myst(texts: set[str]) -> list[str]:
    found = []
    for text in texts:
        for pattern in RAW_MYST:
            for match in pattern.finditer(text):
                found.append(text[max(0, match.start() - 40):match.end() + 40])
    return found


def check_explorers(page: Any) -> list[dict[str, Any]]:
    """Every live explorer's dropdowns: selected text and label; then pick another option
    in the first one and report whether its figure changed."""
    found = []
    dropdowns = page.locator(".jp-OutputArea-output .widget-dropdown")
    for i in range(dropdowns.count()):
        dropdown = dropdowns.nth(i)
        dropdown.scroll_into_view_if_needed()
        found.append(dropdown.evaluate("""d => {
          const s = d.querySelector('select'), l = d.querySelector('label');
          return {selected: s.selectedIndex >= 0 ? s.options[s.selectedIndex].text : '',
                  label: l ? l.innerText : '',
                  label_cut: l ? l.scrollWidth > l.clientWidth + 1 : null};
        }"""))
    if not found:
        return found
    select = dropdowns.first.locator("select")
    box = select.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")

    def figure() -> str:
        images = box.locator(".widget-output img")
        return (images.first.get_attribute("src") or "") if images.count() else ""

    before = figure()
    options = select.evaluate("s => Array.from(s.options).map(o => o.value)")
    current = select.evaluate("s => s.value")
    select.select_option(next(v for v in options if v != current))
    deadline = time.monotonic() + 30
    after = before
    while time.monotonic() < deadline:
        after = figure()
        if after and after != before:
            break
        time.sleep(0.3)
    found[0]["changed"] = bool(before) and bool(after) and after != before
    return found


# --------------------------------------------------------------------------- the links
@pytest.mark.parametrize("page_name", PAGES)
def test_launch_button_opens_the_committed_notebook(site: Path, page_name: str) -> None:
    link = launch_link(site, page_name)
    urlpath = parse_qs(urlsplit(link).query)["urlpath"][0]
    assert urlpath == f"tree/{page_name}.ipynb", link
    notebook = json.loads((REPO / f"{page_name}.ipynb").read_text(encoding="utf-8"))
    assert MARK in notebook["metadata"], "not the generated notebook edition"


def test_guide_links_match_the_buttons(site: Path) -> None:
    guide = "chapters/instructors/guide"
    binder_links = printed_links(site, guide, "mybinder.org")
    assert binder_links, "the guide prints no Binder link"
    buttons = {launch_link(site, p) for p in PAGES}
    chapter_links = [link for link in binder_links if "/chapters/" in link]
    assert chapter_links and set(chapter_links) <= buttons, (chapter_links, sorted(buttons))
    student = [link for link in binder_links if "/student/" in link]
    assert student, "the guide prints no Binder link to a student notebook"
    for link in student:
        path = parse_qs(urlsplit(link).query)["urlpath"][0].removeprefix("tree/")
        assert (REPO / path).is_file(), f"{link}: {path} is not in the repository"


# --------------------------------------------------------------------------- chapters
@pytest.mark.parametrize("page_name", PAGES)
def test_chapter_runs_in_binder(page_name: str, site: Path, jupyter: binder.Server,
                                binder_env: binder.BinderEnv, reader: Any,
                                shots: Path | None) -> None:
    start = time.monotonic()
    url = jupyter.launch_url(launch_link(site, page_name))
    open_notebook(reader, url)
    assert f"/notebooks/{page_name}.ipynb" in reader.url, reader.url
    assert reader.locator(".jp-FileEditor").count() == 0, "opened in a text editor"
    opened = time.monotonic() - start

    state = run_all(reader)
    assert not state["errors"], f"cell errors after Run All: {state['errors']}"
    assert state["pending"] == 0, f"{state['pending']} cells did not run"

    seen = read_through(reader, shots, page_name.replace("/", "_"))
    hidden = hidden_cells(binder_env.home / f"{page_name}.ipynb")
    expected = [i for i in state["maps"] if i not in hidden]
    maps = seen["maps"]
    assert len(maps) >= len(expected), (
        f"{len(expected)} maps in visible cells, {len(maps)} seen drawn: {maps}")
    blank = {k: m for k, m in maps.items()
             if not m["polygons"] or m["sized"] < m["polygons"]
             or m["zoom"] is None or not math.isfinite(m["zoom"])}
    assert not blank, f"maps not drawn after Run All: {blank}"
    raw = raw_myst(seen["texts"])
    assert not raw, f"raw MyST on screen: {raw[:5]}"

    explorers = check_explorers(reader)
    for explorer in explorers:
        assert explorer["selected"].strip(), f"an explorer starts blank: {explorers}"
        assert explorer["label"].strip() and not explorer["label_cut"], explorers
    if explorers:
        assert explorers[0]["changed"], f"the explorer's figure did not change: {explorers}"
    REPORT.append(f"  {page_name}: opened {opened:.0f} s, Run All {state['seconds']:.0f} s "
                  f"({state['code']} cells), {len(maps)} maps drawn, "
                  f"{len(explorers)} live explorer dropdowns, "
                  f"{seen['screens']} screens, {time.monotonic() - start:.0f} s in all")


#: The language the helpers use in the notebook's kernel (run as the reader's kernel runs it).
KERNEL_LANGUAGE_JS = """async () => {
  const w = window.jupyterapp.shell.currentWidget;
  const future = w.sessionContext.session.kernel.requestExecute({store_history: false,
    code: "from helpers.reference.i18n import language\\nprint(language(), end='')"});
  let out = "";
  future.onIOPub = msg => { if (msg.header.msg_type === "stream") out += msg.content.text; };
  await future.done;
  return out;
}"""
OUTPUTS_JS = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
  .map(e => e.innerHTML).join('\\n')"""


def spanish_labels() -> list[str]:
    """Labels the helpers draw in Spanish (``es.json`` entries that differ from English)."""
    return sorted({es for en, es in catalog("es").items() if es != en and len(es) >= 8})


@pytest.mark.parametrize("page_name", SPANISH_PAGES)
def test_spanish_chapter_runs_in_binder(page_name: str, site: Path, jupyter: binder.Server,
                                        binder_env: binder.BinderEnv, reader: Any,
                                        shots: Path | None) -> None:
    start = time.monotonic()
    link = launch_link(site / "es", page_name)
    notebook = notebook_path(f"{page_name}.md", "es")
    assert parse_qs(urlsplit(link).query)["urlpath"][0] == f"tree/{notebook}", link
    metadata = json.loads((REPO / notebook).read_text(encoding="utf-8"))["metadata"]
    assert metadata[MARK].get("language") == "es", "not the Spanish notebook edition"
    open_notebook(reader, jupyter.launch_url(link))
    assert f"/notebooks/{notebook}" in reader.url, reader.url

    state = run_all(reader)
    assert not state["errors"], f"cell errors after Run All: {state['errors']}"
    assert state["pending"] == 0, f"{state['pending']} cells did not run"
    seen = read_through(reader, shots, "es-" + page_name.replace("/", "_"))
    raw = raw_myst(seen["texts"])
    assert not raw, f"raw MyST on screen: {raw[:5]}"
    assert reader.evaluate(KERNEL_LANGUAGE_JS) == "es", "the helpers draw in English"
    outputs = reader.evaluate(OUTPUTS_JS)
    explorers = check_explorers(reader)
    shown = outputs + "".join(e["label"] for e in explorers)
    drawn = [label for label in spanish_labels()
             if label in shown or html.escape(label) in shown]
    if page_name in TEXT_LABEL_PAGES:
        assert drawn, "no Spanish label in the outputs: did the first cell set KINGPIN_LANG?"
    REPORT.append(f"  {notebook}: Run All {state['seconds']:.0f} s ({state['code']} cells), "
                  f"kernel language es, {len(drawn)} Spanish labels shown as text "
                  f"(e.g. {drawn[:3]}), "
                  f"{time.monotonic() - start:.0f} s in all")


def test_nbgitpuller_link_from_the_guide_opens_the_chapter(site: Path, jupyter: binder.Server,
                                                          binder_env: binder.BinderEnv,
                                                          reader: Any) -> None:
    links = printed_links(site, "chapters/instructors/guide", "git-pull?")
    assert links, "the guide prints no nbgitpuller link"
    query = parse_qs(urlsplit(links[0]).query)
    urlpath, folder = query["urlpath"][0], urlsplit(query["repo"][0]).path.rsplit("/", 1)[-1]
    # nbgitpuller clones the repository into <home>/<repository name>, then opens urlpath
    clone = binder_env.home / folder.removesuffix(".git")
    if not clone.exists():
        shutil.copytree(binder_env.home, clone, ignore=shutil.ignore_patterns(
            clone.name, ".local", ".cache", ".jupyter", ".ipython"))
    try:
        open_notebook(reader, f"{jupyter.url}{urlpath}?token={jupyter.token}")
        assert "/notebooks/" in reader.url and reader.url.split("?")[0].endswith(".ipynb"), \
            reader.url
        assert reader.locator(".jp-FileEditor").count() == 0, "opened in a text editor"
    finally:
        shutil.rmtree(clone, ignore_errors=True)


# --------------------------------------------------------------------------- assignment
@pytest.fixture(scope="module")
def solutions(tmp_path_factory: pytest.TempPathFactory) -> list[str | None]:
    """Per cell of the student notebook, the reference answer that replaces its ``...``."""
    folder = tmp_path_factory.mktemp("assign") / ASSIGNMENT.key
    folder.mkdir()
    shutil.copy2(ASSIGNMENT.source, folder / ASSIGNMENT.source.name)
    built = tool.assign(tool.Assignment(folder / ASSIGNMENT.source.name), run_tests=False)
    student = nbformat.read(ASSIGNMENT.published, as_version=4).cells
    reference = nbformat.read(built.solution_notebook, as_version=4).cells
    answers: list[str | None] = []
    for index, cell in enumerate(student):
        ref = reference[index] if index < len(reference) else None
        if (cell.cell_type == "code" and "..." in cell.source and ref is not None
                and ref.cell_type == "code"):
            answers.append("\n".join(line for line in ref.source.splitlines()
                                     if not line.strip().startswith("# ")
                                     or "SOLUTION" not in line))
        else:
            answers.append(None)
    assert any(answers), "no answer cell found"
    return answers


def test_student_assignment_runs_checks_and_exports(site: Path, jupyter: binder.Server,
                                                    binder_env: binder.BinderEnv, reader: Any,
                                                    solutions: list[str | None],
                                                    shots: Path | None) -> None:
    start = time.monotonic()
    links = [link for link in printed_links(site, "chapters/instructors/guide", "mybinder.org")
             if ASSIGNMENT.published.relative_to(REPO).as_posix() in link]
    assert links, "the guide prints no Binder link to this student notebook"
    open_notebook(reader, jupyter.launch_url(links[0]))
    folder = ASSIGNMENT.published.parent.relative_to(REPO).as_posix()
    before = {f["name"] for f in jupyter.api(f"contents/{folder}")["content"]}
    # the student types the answers in, and saves
    reader.evaluate("""answers => {
      const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
      answers.forEach((a, i) => { if (a !== null) cells.get(i).sharedModel.setSource(a); });
    }""", solutions)
    reader.locator("[data-command='docmanager:save']").first.click()
    time.sleep(2)
    state = run_all(reader)
    assert not state["errors"], f"cell errors after Run All: {state['errors']}"
    assert state["pending"] == 0
    checks = reader.evaluate("""() => {
      const cells = window.jupyterapp.shell.currentWidget.content.model.cells, out = [];
      for (let i = 0; i < cells.length; i++) {
        const c = cells.get(i);
        if (c.type !== 'code' || !c.sharedModel.getSource().includes('grader.check(')) continue;
        const text = c.outputs.toJSON().map(o => JSON.stringify(o.data || o.text || '')).join('');
        out.push({cell: i, passed: /passed/i.test(text), failed: /failed/i.test(text)});
      }
      return out;
    }""")
    assert checks and all(c["passed"] and not c["failed"] for c in checks), checks
    seen = read_through(reader, shots, "assignment-" + ASSIGNMENT.key)
    assert not raw_myst(seen["texts"])
    after = {f["name"] for f in jupyter.api(f"contents/{folder}")["content"]}
    zips = sorted(name for name in after - before if name.endswith(".zip"))
    assert zips, f"the export cell wrote no zip in {folder}: {sorted(after)}"
    REPORT.append(f"  {ASSIGNMENT.key} (student): {len(checks)} checks passed, {zips[0]} "
                  f"written, {time.monotonic() - start:.0f} s")
    for name in zips:  # leave the $HOME copy as Binder would hand it out
        (binder_env.home / folder / name).unlink()


# --------------------------------------------------------------------------- map script
def test_book_map_fits_once_its_frame_gets_a_size(chromium: Any) -> None:
    """The book's map script alone: drawn in a 0x0 frame (a cell run off-screen, with
    JupyterLab's windowing), it must fit Mexico once the frame gets a size."""
    from helpers.analysis.rates import map_frame
    from helpers.data import load_homicides
    from helpers.viz.maps import state_map

    browser, mirror = chromium
    frame_data, _ = map_frame(load_homicides("state"))
    document = state_map(frame_data, value="rate", title="test").document()
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    context.route(lambda url: not url.startswith("about:"), mirror.handler([]))
    page = context.new_page()
    try:
        page.set_content('<iframe id="f" style="width:0;height:0;border:0"></iframe>')
        page.eval_on_selector("#f", "(f, doc) => { f.srcdoc = doc; }", document)
        page.wait_for_function("() => { const d = document.getElementById('f').contentWindow;"
                               " return d && d.L && d.document.querySelector('.folium-map'); }")
        time.sleep(1)
        frame = page.frames[1]
        before = frame.evaluate(MAPS_JS)[0]
        page.eval_on_selector("#f", "f => { f.style.width = '900px'; f.style.height = '560px'; }")
        frame.wait_for_function("() => { const ps = document.querySelectorAll("
                                "'path.leaflet-interactive'); return ps.length && Array.from(ps)"
                                ".every(p => p.getBoundingClientRect().width > 0); }")
        after = frame.evaluate(MAPS_JS)[0]
    finally:
        context.close()
    # a 0x0 frame: no fit yet (fitting it used to set the zoom to Infinity) ...
    assert before["w"] == before["h"] == 0 and math.isfinite(before["zoom"]), before
    assert math.isfinite(after["zoom"]) and 3 <= after["zoom"] <= 7, after  # ... then Mexico
    assert after["sized"] == after["polygons"] == 32, after
