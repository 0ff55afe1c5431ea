"""Put the two built editions into one static site, and publish it.

``make site`` runs ``python -m booktools.publish site _build/site``: the book
(``_build/html``) at the site's root and the student edition
(``_build/student/html``) under ``student/``, plus ``.nojekyll``. The folder is
ready for any static host; the deployment workflow uploads it to GitHub Pages.

``make publish`` runs ``python -m booktools.publish push _build/site``: the
folder becomes the only commit of the ``gh-pages`` branch (``ghp-import``),
pushed to ``origin``, for those who publish from a branch or host elsewhere.

The site's address is ``html.baseurl`` in ``_config.yml``; :func:`pages_url`
says what it is on GitHub Pages for ``repository.url``.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from booktools.site_meta import STUDENT_PATH

#: The repository root (``src/booktools/publish.py`` -> two levels up from ``src``).
ROOT = Path(__file__).resolve().parents[2]
_GITHUB = re.compile(r"^https://github\.com/(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$")


def pages_url(repository_url: str) -> str:
    """Return the GitHub Pages address of a GitHub repository.

    Parameters
    ----------
    repository_url : str
        ``https://github.com/OWNER/REPO`` (``repository.url`` in ``_config.yml``).

    Returns
    -------
    str
        ``https://owner.github.io/REPO/``, or ``https://owner.github.io/`` for a
        repository named ``OWNER.github.io``.

    Raises
    ------
    ValueError
        If the address is not a GitHub repository.

    Examples
    --------
    >>> pages_url("https://github.com/Kingpin-Book/kingpin-strategy-book")
    'https://kingpin-book.github.io/kingpin-strategy-book/'
    >>> pages_url("https://github.com/someone/someone.github.io.git")
    'https://someone.github.io/'
    """
    match = _GITHUB.match(repository_url.strip())
    if not match:
        raise ValueError(f"not a GitHub repository address: {repository_url!r}")
    owner, repo = match["owner"].lower(), match["repo"]
    if repo.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{repo}/"


def book_settings(root: Path = ROOT) -> dict[str, Any]:
    """Return ``repository.url``, ``repository.branch`` and ``html.baseurl`` from ``_config.yml``.

    Examples
    --------
    >>> sorted(book_settings())
    ['baseurl', 'branch', 'url']
    """
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    repository = config.get("repository") or {}
    return {"url": repository.get("url", ""), "branch": repository.get("branch", ""),
            "baseurl": (config.get("html") or {}).get("baseurl", "")}


def assemble(html: Path, student: Path, site: Path) -> Path:
    """Copy the book and the student edition into one site folder.

    Parameters
    ----------
    html : pathlib.Path
        The book (``_build/html``, from ``make book``).
    student : pathlib.Path
        The student edition (``_build/student/html``, from ``make book-student``).
    site : pathlib.Path
        Output folder; replaced.

    Returns
    -------
    pathlib.Path
        ``site``, holding the book, ``student/`` and ``.nojekyll``.

    Raises
    ------
    FileNotFoundError
        If an edition has not been built (the message names the make target).
    """
    for folder, target in ((html, "make book"), (student, "make book-student")):
        if not (folder / "index.html").is_file():
            raise FileNotFoundError(f"{folder / 'index.html'} is missing: run `{target}` first")
    if site.resolve() in (html.resolve(), student.resolve()):
        raise ValueError(f"{site} is a build folder; give another output folder")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(html, site)
    shutil.copytree(student, site / STUDENT_PATH.rstrip("/"))
    # GitHub Pages from a branch runs Jekyll, which drops folders starting with "_".
    (site / ".nojekyll").write_text("", encoding="utf-8")
    return site


def publish(site: Path, remote: str = "origin", branch: str = "gh-pages",
            root: Path = ROOT, push: bool = True) -> str:
    """Commit ``site`` as the only commit of ``branch`` with ghp-import and push it.

    Parameters
    ----------
    site : pathlib.Path
        The assembled site (:func:`assemble`).
    remote, branch : str
        Where to push (``git push --force REMOTE BRANCH``).
    root : pathlib.Path
        The git repository.
    push : bool
        False: commit to the local branch only.

    Returns
    -------
    str
        A sentence saying where the site went.
    """
    from ghp_import import ghp_import

    site = site.resolve()
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site / 'index.html'} is missing: run `make site` first")
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                          capture_output=True, text=True).stdout.strip() or "unknown"
    with contextlib.chdir(root):  # ghp-import runs git in the current folder
        ghp_import(str(site), mesg=f"Publish the book (source {head})", remote=remote,
                   branch=branch, push=push, force=True, nojekyll=True, no_history=True)
    where = f"branch {branch}" + (f" of remote {remote}" if push else " (not pushed)")
    remote_url = ""
    if push:
        remote_url = subprocess.run(["git", "remote", "get-url", remote], cwd=root,
                                    capture_output=True, text=True).stdout.strip()
    return f"published {site} to {where}" + (f" ({remote_url})" if remote_url else "")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m booktools.publish {site,push} [FOLDER]``."""
    parser = argparse.ArgumentParser(prog="python -m booktools.publish", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    site_cmd = sub.add_parser("site", help="assemble both editions into one folder")
    site_cmd.add_argument("folder", nargs="?", default="_build/site", type=Path)
    push_cmd = sub.add_parser("push", help="push the assembled folder with ghp-import")
    push_cmd.add_argument("folder", nargs="?", default="_build/site", type=Path)
    push_cmd.add_argument("--remote", default="origin")
    push_cmd.add_argument("--branch", default="gh-pages")
    args = parser.parse_args(argv)
    from ghp_import import GhpError

    folder = args.folder if args.folder.is_absolute() else ROOT / args.folder
    baseurl = book_settings()["baseurl"]
    try:
        if args.command == "site":
            assemble(ROOT / "_build/html", ROOT / "_build/student/html", folder)
            print(f"site: the book and the student edition ({STUDENT_PATH}) are in {folder}; "
                  f"copy it to any static host. Its address (html.baseurl): {baseurl}")
        else:
            print(publish(folder, args.remote, args.branch))
            print(f"GitHub Pages serves it at {baseurl} once Settings > Pages > Source is "
                  f"'Deploy from a branch: {args.branch}' (the Publish workflow needs "
                  "'GitHub Actions' instead).")
    except (FileNotFoundError, ValueError, GhpError) as err:
        print(f"{parser.prog} {args.command}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
