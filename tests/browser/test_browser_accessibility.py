"""axe-core on every page: no serious or critical violation except those listed here."""

from __future__ import annotations

from harness import dump

#: Violations accepted for now: (rule id, CSS selector fragment) -> reason.
#: Each entry must say why it cannot (yet) be fixed in the book.
ACCEPTED: dict[tuple[str, str], str] = {}


def _accepted(rule: str, target: str) -> bool:
    return any(rule == r and fragment in target for (r, fragment) in ACCEPTED)


def test_no_serious_accessibility_violations(report, page: str) -> None:
    remaining = [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"], "where": n["target"],
         "html": n["html"]}
        for v in report(page).axe for n in v["nodes"] if not _accepted(v["id"], n["target"])
    ]
    assert not remaining, f"{page}: serious/critical axe-core violations:\n{dump(remaining)}"
