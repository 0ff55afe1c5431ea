"""Benchmarks of the book on this machine, each printed against its budget (`make bench`).

* clean build with execution (fresh output folder, empty execution cache),
* clean builds of the Spanish edition alone and of both editions side by side
  (``make book``), and the share of time the Spanish edition adds (budget 60%),
* no-change rebuild (same command again: Sphinx and the execution cache have
  nothing to do) and a `make book`-style rebuild (clean HTML, cached execution),
* execution time of each chapter (nbclient on the jupytext-converted chapter),
* HTML weight of each page (raw and gzipped), its transfer (HTML + images +
  maps, as a web server sends them) and the total site size,
* a first visit of each page in Chromium (page + theme + map libraries),
* time until every map of a page is drawn in Chromium (median of three loads).

Builds use a snapshot of the sources and go to a temporary folder
(``--path-output``): the repository's own ``_build`` is never touched, and
edits made while the benchmark runs do not mix in. Figures are printed, not asserted (the sizes are
asserted by tests/test_page_weight.py).

Usage: ``python benchmarks/run.py [--site _build/html] [--skip-build] [--skip-editions]
[--skip-chapters] [--skip-draw] [--skip-first-visit] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from booktools.page_weight import (
    MAP_RAW_BUDGET,
    PAGE_GZIP_BUDGET,
    PAGE_RAW_BUDGET,
    PAGE_TRANSFER_BUDGET,
    folder_size,
    site_weights,
)
from booktools.toc import toc_sources
from helpers.reference.paths import REPO_ROOT

BIN = Path(sys.executable).parent
BUDGET_CLEAN_S = 120.0
BUDGET_NOCHANGE_S = 10.0
BUDGET_CHAPTER_S = 20.0
BUDGET_DRAW_S = 2.0
#: The Spanish edition may add this share to a clean build of the English one (issue 19).
BUDGET_SPANISH = 0.60


def line(name: str, value: str, budget: str, ok: bool) -> str:
    return f"  {name:<46} {value:>12}   budget {budget:<12} {'ok' if ok else 'OVER BUDGET'}"


#: Not copied into the build snapshot.
SNAPSHOT_IGNORE = (".git", ".venv", "_build", "node_modules", ".ruff_cache", ".pytest_cache",
                   "__pycache__", ".ipynb_checkpoints", ".kingpin-staging-*", "benchmarks")


def snapshot(dest: Path) -> Path:
    """Copy the book's sources to ``dest`` so that edits made meanwhile do not mix in."""
    shutil.copytree(REPO_ROOT, dest, ignore=shutil.ignore_patterns(*SNAPSHOT_IGNORE))
    return dest


def build(source: Path, out: Path, clean_html: bool = False) -> tuple[float, int, str]:
    env = dict(os.environ, KINGPIN_STATIC_WIDGETS="1")
    if clean_html:
        shutil.rmtree(out / "_build" / "html", ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(source), "--path-output", str(out),
         "-W", "-n", "--keep-going"],
        env=env, capture_output=True, text=True,
    )
    return time.perf_counter() - start, proc.returncode, proc.stdout + proc.stderr


def bench_builds(out: Path) -> Path:
    print("Build (jupyter-book build -W -n --keep-going of a snapshot, into a temporary folder)")
    source = snapshot(out / "source")
    seconds, rc, log = build(source, out)
    print(line("clean build with execution", f"{seconds:.1f} s", f"<= {BUDGET_CLEAN_S:.0f} s",
               seconds <= BUDGET_CLEAN_S and rc == 0))
    if rc != 0:
        print(f"    the build FAILED (exit {rc}); last lines:\n" + "\n".join(
            "      " + x for x in log.strip().splitlines()[-15:]))
    seconds, rc, _ = build(source, out)
    print(line("no-change rebuild", f"{seconds:.1f} s", f"<= {BUDGET_NOCHANGE_S:.0f} s",
               seconds <= BUDGET_NOCHANGE_S and rc == 0))
    seconds, rc, _ = build(source, out, clean_html=True)
    print(line("rebuild, clean HTML + cached execution", f"{seconds:.1f} s", "(make book)",
               rc == 0))
    return out / "_build" / "html"


def bench_editions(out: Path) -> None:
    """Clean builds of the Spanish edition alone and of both editions as `make book` runs them."""
    from booktools.book_build import build_editions

    print("Editions (clean builds, empty execution caches, of a snapshot)")
    source = snapshot(out / "editions-source")
    alone = build_editions(source, out / "sequential", sequential=True, quiet=True)
    both = build_editions(source, out / "both", quiet=True)
    english, spanish = alone.editions
    print(line("English edition alone", f"{english.seconds:.1f} s", "",
               english.returncode == 0))
    print(line("Spanish edition alone", f"{spanish.seconds:.1f} s", "",
               spanish.returncode == 0))
    print(line("both editions (make book: side by side)", f"{both.seconds:.1f} s", "",
               both.returncode == 0))
    added = (both.seconds - english.seconds) / english.seconds
    print(line("time the Spanish edition adds", f"{added:.0%}", f"<= {BUDGET_SPANISH:.0%}",
               added <= BUDGET_SPANISH))


def toc_chapters() -> list[Path]:
    return [p for p in toc_sources() if "jupytext:" in p.read_text(encoding="utf-8")[:500]]


def bench_chapters() -> None:
    import jupytext
    from nbclient import NotebookClient

    print("Execution per chapter (nbclient, jupytext-converted, python3 kernel)")
    os.environ["KINGPIN_STATIC_WIDGETS"] = "1"
    for chapter in toc_chapters():
        nb = jupytext.read(chapter)
        client = NotebookClient(nb, timeout=300, kernel_name="python3",
                                extra_arguments=["--IPKernelApp.log_level=ERROR"],
                                resources={"metadata": {"path": str(chapter.parent)}})
        start = time.perf_counter()
        try:
            client.execute()
            error = ""
        except Exception as exc:  # report and go on with the next chapter
            error = f" (FAILED: {type(exc).__name__})"
        seconds = time.perf_counter() - start
        name = chapter.relative_to(REPO_ROOT).as_posix() + error
        print(line(name, f"{seconds:.1f} s", f"<= {BUDGET_CHAPTER_S:.0f} s",
                   seconds <= BUDGET_CHAPTER_S and not error))


def bench_weights(site: Path) -> None:
    print("Page weight (HTML of the page, inline content included; _static excluded)")
    editions: dict[str, list[int]] = {}
    for w in site_weights(site):
        edition = editions.setdefault("es" if w.page.startswith("es/") else "en", [0, 0, 0])
        edition[0] += w.raw; edition[1] += w.gzip; edition[2] += w.transfer  # noqa: E702
        ok = w.raw <= PAGE_RAW_BUDGET and w.gzip <= PAGE_GZIP_BUDGET
        print(line(w.page, f"{w.raw / 1000:.1f} KB", f"<= {PAGE_RAW_BUDGET / 1000:.0f} KB", ok))
        print(line("  gzipped", f"{w.gzip / 1000:.1f} KB",
                   f"<= {PAGE_GZIP_BUDGET / 1000:.0f} KB", ok))
        for i, size in enumerate(w.maps, 1):
            print(line(f"  map {i}", f"{size / 1000:.1f} KB", f"<= {MAP_RAW_BUDGET / 1000:.0f} KB",
                       size <= MAP_RAW_BUDGET))
        if w.images:
            print(f"  {'  linked images (_images/)':<46} {w.images / 1000:>9.1f} KB")
        print(line("  transfer (HTML + images + maps, as sent)", f"{w.transfer / 1000:.1f} KB",
                   f"<= {PAGE_TRANSFER_BUDGET / 1000:.0f} KB", w.transfer <= PAGE_TRANSFER_BUDGET))
    for edition, (raw, gz, sent) in editions.items():
        print(f"  {'total of the ' + edition + ' pages (HTML, gzipped, transfer)':<46} "
              f"{raw / 1e6:.2f} MB, {gz / 1e6:.2f} MB, {sent / 1e6:.2f} MB")
    print(f"  {'total site size':<46} {folder_size(site) / 1e6:>9.2f} MB")


def bench_first_visit(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    from booktools.browser import NODE_MODULES, CdnMirror, launch, serve
    from booktools.page_weight import FIRST_VISIT_BUDGET, first_visit

    print("First visit in Chromium (empty cache: page + theme + map libraries, as sent)")
    mirror = CdnMirror(NODE_MODULES)
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        for w in site_weights(site):
            if w.page == "index.html":  # a redirect
                continue
            v = first_visit(browser, mirror, base, w.page)
            print(line(w.page, f"{v.total / 1000:.1f} KB", f"<= {FIRST_VISIT_BUDGET / 1000:.0f} KB",
                       v.total <= FIRST_VISIT_BUDGET))
            print(f"    page {v.page_bytes / 1000:.1f} KB, theme {v.theme_bytes / 1000:.1f} KB, "
                  f"map libraries {v.cdn_bytes / 1000:.1f} KB, {v.tiles} map tiles not weighed")
        browser.close()


def bench_draw(site: Path, repeats: int = 3) -> None:
    from playwright.sync_api import sync_playwright

    from booktools.browser import NODE_MODULES, CdnMirror, launch, open_page, serve, visit

    print(f"Map drawing in Chromium (load until every polygon is drawn; median of {repeats})")
    mirror = CdnMirror(NODE_MODULES)
    pages = [w.page for w in site_weights(site) if w.maps]
    if not pages:
        print("  no page with a map yet")
        return
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        for rel in pages:
            times, polygons = [], 0
            for _ in range(repeats):
                page, record = open_page(browser, mirror, base)
                try:
                    visit(page, record, base + rel)
                    times.append(record.drawn_s or 0.0)
                    polygons = sum(m["drawn"] for m in record.maps)
                finally:
                    page.context.close()
            median = statistics.median(times)
            print(line(f"{rel} ({polygons} polygons)", f"{median:.2f} s",
                       f"<= {BUDGET_DRAW_S:.0f} s", median <= BUDGET_DRAW_S))
        browser.close()


def bench_teaching() -> None:
    """What each chapter shows: visible code, bookkeeping, by-hand pairs, exercise rungs."""
    from booktools.chapter_audit import audit_book

    print("Teaching (booktools.chapter_audit: bookkeeping must be 0, by-hand pairs >= 1)")
    for audit in audit_book():
        print("  " + audit.row())


def bench_import() -> None:
    """Import time of the data layer (a fresh interpreter, median of 5)."""
    code = ("import time; t = time.perf_counter(); import helpers.data; "
            "print(time.perf_counter() - t)")
    times = sorted(float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                        text=True, check=True).stdout) for _ in range(5))
    print(line("import helpers.data", f"{times[2]:.2f} s", "<= 0.3 s", times[2] <= 0.3))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="measure this built site instead of building")
    parser.add_argument("--skip-build", action="store_true", help="no build timings")
    parser.add_argument("--skip-editions", action="store_true",
                        help="no clean builds of the Spanish edition and of both editions")
    parser.add_argument("--skip-chapters", action="store_true", help="no per-chapter execution")
    parser.add_argument("--skip-draw", action="store_true", help="no Chromium drawing times")
    parser.add_argument("--skip-first-visit", action="store_true",
                        help="no Chromium first-visit weights")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args()
    print(f"Benchmarks on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    bench_import()
    bench_teaching()
    with tempfile.TemporaryDirectory(prefix="kingpin-bench-") as tmp:
        out = args.keep or Path(tmp)
        site = args.site
        if not args.skip_build:
            built = bench_builds(out)
            site = site or built
        if not args.skip_editions:
            bench_editions(out)
        site = site or REPO_ROOT / "_build" / "html"
        if not args.skip_chapters:
            bench_chapters()
        bench_weights(site)
        if not args.skip_first_visit:
            bench_first_visit(site)
        if not args.skip_draw:
            bench_draw(site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
