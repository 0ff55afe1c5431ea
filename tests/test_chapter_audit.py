"""Each teaching chapter shows the field's tools: no bookkeeping on the page, at least one
by-hand/helper pair, and an exercise on every rung of the ladder (booktools.chapter_audit)."""

import pytest

from booktools.chapter_audit import RUNGS, audit_book

AUDITS = {a.chapter: a for a in audit_book()}


@pytest.mark.parametrize("chapter", sorted(AUDITS))
def test_chapter_teaches_the_tools(chapter):
    audit = AUDITS[chapter]
    print(audit.row())
    assert audit.bookkeeping_lines == 0, "glue/put belong in hidden cells"
    assert audit.by_hand_pairs >= 1, "show one method in library code, then the helper, assert"
    missing = [r for r in RUNGS if audit.rungs[r] == 0]
    assert not missing, f"no exercise on rung(s) {missing}"
