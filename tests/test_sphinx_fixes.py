"""booktools.sphinx_fixes: one copy of each inline script, list items in bibliographies."""

from __future__ import annotations

from types import SimpleNamespace

from sphinx.builders.html import StandaloneHTMLBuilder

from booktools import sphinx_fixes


class _App:
    def __init__(self) -> None:
        self.handlers: dict[str, object] = {}

    def connect(self, event: str, handler: object) -> None:
        self.handlers[event] = handler


def test_inline_script_added_before_and_after_builder_init_is_kept_once() -> None:
    app = _App()
    meta = sphinx_fixes.setup(app)
    assert meta["parallel_read_safe"] and "html-page-context" in app.handlers
    sphinx_fixes.setup(_App())  # a second setup does not wrap twice
    builder = object.__new__(StandaloneHTMLBuilder)
    builder._js_files = []
    body = 'const THEBE_JS_URL = "x"'
    StandaloneHTMLBuilder.add_js_file(builder, None, body=body)  # Sphinx.add_js_file's path
    StandaloneHTMLBuilder.add_js_file(builder, "", body=body)  # prepare_writing's path
    assert [js.attributes.get("body") for js in builder._js_files] == [body]


def test_bibliography_entries_become_list_items() -> None:
    app = _App()
    sphinx_fixes.setup(app)
    body = ('<div role="list" class="citation-list"><div class="citation" id="a" '
            'role="doc-biblioentry">A</div><div class="citation" role="doc-biblioentry">B</div>'
            '</div>')
    context = {"body": body}
    app.handlers["html-page-context"](SimpleNamespace(), "bib", "page.html", context, None)
    assert context["body"].count('role="listitem"') == 2
    assert "doc-biblioentry" not in context["body"]
    untouched = {"body": "<p>no bibliography</p>"}
    app.handlers["html-page-context"](SimpleNamespace(), "x", "page.html", untouched, None)
    assert untouched["body"] == "<p>no bibliography</p>"
