import shutil
from pathlib import Path

from booktools.cache_guard import fingerprint, guard


def _repo(tmp_path):
    (tmp_path / "src/helpers").mkdir(parents=True)
    (tmp_path / "src/helpers/mod.py").write_text("VALUE = 1\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data/t.csv").write_text("x\n1\n")
    cache = tmp_path / "_build/.jupyter_cache"
    cache.mkdir(parents=True)
    (cache / "global.db").write_text("cached outputs")
    return cache


def test_cache_survives_when_nothing_changed(tmp_path):
    cache = _repo(tmp_path)
    guard(cache, root=tmp_path)  # first run records the fingerprint (no stamp yet: clears)
    cache.mkdir(exist_ok=True)
    (cache / "global.db").write_text("cached outputs")
    assert guard(cache, root=tmp_path) is False
    assert (cache / "global.db").exists()


def test_helper_or_data_change_clears_the_cache(tmp_path):
    cache = _repo(tmp_path)
    guard(cache, root=tmp_path)
    for edit in ("src/helpers/mod.py", "data/t.csv"):
        cache.mkdir(exist_ok=True)
        (cache / "global.db").write_text("cached outputs")
        (tmp_path / edit).write_text((tmp_path / edit).read_text() + "# changed\n")
        assert guard(cache, root=tmp_path) is True
        assert not cache.exists()


def test_fingerprint_ignores_bytecode(tmp_path):
    _repo(tmp_path)
    before = fingerprint(tmp_path)
    (tmp_path / "src/helpers/__pycache__").mkdir()
    (tmp_path / "src/helpers/__pycache__/mod.cpython-311.pyc").write_bytes(b"\0")
    assert fingerprint(tmp_path) == before


def test_tooling_edits_keep_the_cache(tmp_path):
    _repo(tmp_path)
    before = fingerprint(tmp_path)
    (tmp_path / "src/booktools").mkdir()
    (tmp_path / "src/booktools/bench.py").write_text("X = 1\n")
    assert fingerprint(tmp_path) == before


def test_a_catalogue_change_clears_only_the_spanish_cache(tmp_path):
    from booktools.cache_guard import SPANISH_DEPENDENCIES

    english = _repo(tmp_path)
    spanish = tmp_path / "_build/es/.jupyter_cache"
    spanish.mkdir(parents=True)
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales/guide.po").write_text('msgid "Overview"\nmsgstr "Panorama"\n')
    guard(english, root=tmp_path)
    guard(spanish, tmp_path, SPANISH_DEPENDENCIES)
    for cache in (english, spanish):
        cache.mkdir(exist_ok=True)
    (tmp_path / "locales/guide.po").write_text('msgid "Overview"\nmsgstr "Resumen"\n')
    assert guard(english, root=tmp_path) is False and english.exists()
    assert guard(spanish, tmp_path, SPANISH_DEPENDENCIES) is True and not spanish.exists()


def test_every_tooling_module_a_chapter_imports_is_a_dependency():
    """A chapter that imports booktools (the guide) re-executes when that code changes."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    from booktools.cache_guard import DEPENDENCIES

    repo = Path(__file__).resolve().parents[1]
    pattern = re.compile(r"^\s*(?:from|import) (booktools[\w.]*)", re.M)
    imported = sorted({name for page in (repo / "chapters").rglob("*.md")
                       for name in pattern.findall(page.read_text(encoding="utf-8"))})
    assert imported, "no chapter imports booktools: drop this test and the listed modules"
    code = ("import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n"
                                              for m in imported)
            + "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('booktools.'))))")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True).stdout.split()
    files = {f"src/{m.replace('.', '/')}.py" for m in loaded}
    assert files <= set(DEPENDENCIES), sorted(files - set(DEPENDENCIES))


def _cache_page(cache, uri: str, source: str) -> None:
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    get_cache(str(cache)).cache_notebook_bundle(CacheBundleIn(nb, uri), check_validity=False)


def test_a_chapter_edit_drops_only_the_guides_cached_outputs(tmp_path):
    """The guide counts the chapters' words and exercises: its outputs follow the chapters."""
    from jupyter_cache import get_cache

    cache = _repo(tmp_path)
    shutil.rmtree(cache)  # a real jupyter-cache instead of the stand-in
    chapters = tmp_path / "chapters"
    (chapters / "instructors").mkdir(parents=True)
    (chapters / "intro.md").write_text("# Intro\n")
    (chapters / "instructors/guide.md").write_text("# Guide\n")
    guide, intro = (str(chapters / "instructors/guide.md"), str(chapters / "intro.md"))
    guard(cache, root=tmp_path)  # first run: records the fingerprints
    _cache_page(cache, guide, "print('guide')")
    _cache_page(cache, intro, "print('intro')")

    def cached():
        return sorted(Path(r.uri).name for r in get_cache(str(cache)).list_cache_records())

    assert guard(cache, root=tmp_path) is False and cached() == ["guide.md", "intro.md"]
    (chapters / "instructors/guide.ipynb").write_text("{}")  # a notebook edition: ignored
    # The guide's own code is myst-nb's business: its cache key is that code.
    (chapters / "instructors/guide.md").write_text("# Guide, edited\n")
    assert guard(cache, root=tmp_path) is False and cached() == ["guide.md", "intro.md"]
    (chapters / "intro.md").write_text("# Intro\n\nOne more paragraph.\n")
    assert guard(cache, root=tmp_path) is False
    assert cached() == ["intro.md"]
