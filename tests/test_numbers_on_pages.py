"""Numbers as readers expect them (issue 14, item 6), on every built page.

The scanner (booktools.numbers_on_pages) is tested on small pages made here: each
rule fails on a page with the number it forbids and passes the same page written
as readers expect it. The last test scans the strict build of the whole book.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from booktools.numbers_on_pages import (
    format_table,
    is_count_header,
    scan_page,
    scan_site,
    site_pages,
)


def _page(body: str) -> str:
    return (f"<html><body><nav>1.0 nav</nav><main><article>{body}</article>"
            "<footer>Text and figures: CC BY 4.0. 2014.0</footer></main></body></html>")


def _table(header: list[str], *rows: list[str], index: bool = False) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join((f"<th>{c}</th>" if index and k == 0 else f"<td>{c}</td>")
                         for k, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _kinds(body: str) -> list[tuple[str, str]]:
    return [(f.kind, f.where) for f in scan_page(_page(body)).findings]


# -- each rule fails on the number it forbids and passes the readable one ----------------

@pytest.mark.parametrize("bad, good", [
    ("&lt;NA&gt;", "—"), ("NaN", "—"), ("nan", "—"), ("None", "—"), ("NaT", "—"),
])
def test_missing_values_in_table_cells(bad: str, good: str) -> None:
    assert _kinds(_table(["alias", "state"], ["El Chapo", bad])) == [
        ("missing", "table 1, column 'state'")]
    assert _kinds(_table(["alias", "state"], ["El Chapo", good])) == []


@pytest.mark.parametrize("header", ["homicides", "n_events", "year", "fiscal_year", "Rank",
                                    "removals", "count", "municipalities"])
def test_counts_years_and_ranks_with_point_zero_in_tables(header: str) -> None:
    assert _kinds(_table([header], ["919.0"])) == [("count .0", f"table 1, column '{header}'")]
    assert _kinds(_table([header], ["1,500.0"]))[0][0] == "count .0"
    assert _kinds(_table([header], ["919"])) == []


@pytest.mark.parametrize("header", ["rate", "homicides per 100,000", "rate_2014",
                                    "amount_usd", "gap %", "count_change", "estimate"])
def test_rates_and_amounts_may_end_in_point_zero(header: str) -> None:
    assert _kinds(_table([header], ["68.0"])) == []


def test_row_headers_and_index_names_decide_too() -> None:
    # A transposed table: the row "n_events" holds counts, the row "estimate" does not.
    table = _table(["", "months 1-6"], ["estimate", "14.0"], ["n_events", "51.0"], index=True)
    assert _kinds(table) == [("count .0", "table 1, column 'months 1-6'")]
    # pandas writes the index name ("year") in a second header row: years as 2014.0.
    pivot = ("<table><thead><tr><th></th><th>Guerrero</th></tr>"
             "<tr><th>year</th><th></th></tr></thead>"
             "<tbody><tr><th>2014.0</th><td>41.0</td></tr></tbody></table>")
    assert _kinds(pivot) == [("count .0", "table 1, column 'year'")]


def test_spanning_cells_keep_their_columns() -> None:
    table = ("<table><thead><tr><th></th><th></th><th>estimate</th><th>n_events</th></tr>"
             "</thead><tbody><tr><th rowspan='2'>killed</th><th>mean</th><td>36.0</td>"
             "<td>11</td></tr><tr><th>ratio</th><td>27.0</td><td>11.0</td></tr></tbody></table>")
    assert _kinds(table) == [("count .0", "table 1, column 'n_events'")]


def test_all_missing_rows() -> None:
    assert _kinds(_table(["state", "2013", "2014"], ["Colima", "—", "—"], index=True)) == [
        ("empty row", "table 1, row 1")]
    assert _kinds(_table(["state", "2013", "2014"], ["Colima", "—", "12.0"], index=True)) == []


@pytest.mark.parametrize("bad, good, kind", [
    ("The rate was 14.384767 in 2014.", "The rate was 14.4 in 2014.", "decimals"),
    ("It happened in 2014.0, after the capture.", "It happened in 2014, after.", "count .0"),
    ("Guerrero recorded 2,413.0 homicides.", "Guerrero recorded 2,413 homicides.", "count .0"),
    ("That is 24.0 leader removals.", "That is 24 leader removals.", "count .0"),
    ("Missing: &lt;NA&gt; for Colima.", "Missing: — for Colima.", "missing"),
    ("The value is NaN here.", "The value is missing here.", "missing"),
    ("Pick the state(s) you want.", "Pick the states you want.", "plural (s)"),
])
def test_prose_rules(bad: str, good: str, kind: str) -> None:
    assert _kinds(f"<p>{bad}</p>") == [(kind, "prose")]
    assert _kinds(f"<p>{good}</p>") == []


def test_what_is_not_flagged() -> None:
    body = ("<p>Text: CC BY 4.0; 68.0 per 100,000 homicides; 400.0 million dollars; "
            "4.0 times as many; doi:10.17605/OSF.IO/U8DC3, arXiv:2207.05943, "
            "https://doi.org/10.48550/arXiv.2207.05943. None of the tables reach back.</p>"
            "<div class='highlight'><pre>df.fillna(0.0)  # NaN 2014.0 14.384767</pre></div>"
            "<p><code>NaN</code> and <code>x.astype(int)</code></p>"
            "<svg><text>2014.0</text></svg><script>var x = NaN;</script>")
    assert _kinds(body) == []


def test_cell_outputs_are_checked_for_missing_values_only() -> None:
    out = "<div class='cell_output'><pre>{}</pre></div>"
    assert _kinds(out.format("alias    &lt;NA&gt;\nyear    2014.0")) == [("missing", "output")]
    assert _kinds(out.format("statistic    5.134078e+01")) == []


def test_site_scan_and_report(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_static").mkdir()
    (tmp_path / "chapters" / "a.html").write_text(_page("<p>24.0 removals</p>"), "utf-8")
    (tmp_path / "chapters" / "b.html").write_text(_page("<p>24 removals</p>"), "utf-8")
    (tmp_path / "_static" / "c.html").write_text(_page("<p>24.0 removals</p>"), "utf-8")
    (tmp_path / "search.html").write_text(_page("NaN"), "utf-8")
    assert [p.name for p in site_pages(tmp_path)] == ["a.html", "b.html"]
    scans = scan_site(tmp_path)
    assert [len(s.findings) for s in scans] == [1, 0]
    report = format_table(scans)
    assert "chapters/a.html: count .0 in prose: 24.0 removals" in report
    with pytest.raises(ValueError, match="html_root='.*nowhere' is not a folder"):
        scan_site(tmp_path / "nowhere")


def test_count_headers() -> None:
    assert is_count_header("homicides_2013") and not is_count_header("rate_2013")
    assert not is_count_header("Key number")  # the claims table mixes rates and counts


# -- the real book ---------------------------------------------------------------------

@pytest.mark.build
def test_built_pages_show_numbers_as_readers_expect(book_html: Path) -> None:
    scans = scan_site(book_html)
    print("\n" + format_table(scans))
    chapters = {s.page for s in scans if s.page.startswith("chapters/")}
    assert {"chapters/kingpin-strategy.html", "chapters/violence-by-state.html"} <= chapters
    assert sum(s.tables for s in scans) > 50 and sum(s.count_cells for s in scans) > 300
    found = [f"{s.page}: {f.kind} in {f.where}: {f.text}" for s in scans for f in s.findings]
    assert not found, "numbers readers should not see:\n" + "\n".join(found)
