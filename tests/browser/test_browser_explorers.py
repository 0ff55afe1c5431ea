"""Static explorers (helpers.viz.widgets.Explorer): each <select> switches the view, no kernel."""

from __future__ import annotations

from typing import Any

import pytest
from harness import dump

STATE_JS = """(root) => ({
  values: Array.from(root.querySelectorAll('select')).map(s => s.value).join('|'),
  visible: Array.from(root.querySelectorAll('.kp-view')).filter(v => !v.hidden && v.offsetParent
      !== null).map(v => v.getAttribute('data-key')),
})"""


def test_explorers_switch_views_without_a_kernel(chromium, report, page: str) -> None:
    if not report(page).data["explorers"]:
        pytest.skip("no explorer on this page")
    opened, _ = chromium.open(page)
    problems: list[Any] = []
    try:
        assert not opened.locator('script[type="application/vnd.jupyter.widget-state+json"]'
                                  ).count(), f"{page} embeds widget state (loads the manager)"
        explorers = opened.locator(".kp-explorer")
        for i in range(explorers.count()):
            root = explorers.nth(i)
            start = root.evaluate(STATE_JS)
            if start["visible"] != [start["values"]]:
                problems.append({"explorer": i, "at start": start})
            seen = set(start["visible"])
            selects = root.locator("select")
            for s in range(selects.count()):
                select = selects.nth(s)
                label = select.evaluate("s => (s.labels[0] || {}).textContent || s.getAttribute("
                                        "'aria-label') || ''")
                if not label.strip():
                    problems.append({"explorer": i, "select": s, "problem": "no label"})
                options = select.locator("option").evaluate_all("os => os.map(o => o.value)")
                for index, value in enumerate(options):
                    # by index: Playwright matches a string against values AND labels
                    select.select_option(index=index)
                    state = root.evaluate(STATE_JS)
                    if state["visible"] != [state["values"]]:
                        problems.append({"explorer": i, "chose": value, "state": state})
                    seen.update(state["visible"])
                select.select_option(index=0)
            total_options = sum(selects.nth(s).locator("option").count()
                                for s in range(selects.count()))
            if len(seen) < total_options - selects.count() + 1:
                problems.append({"explorer": i, "views seen": len(seen),
                                 "options": total_options})
    finally:
        opened.context.close()
    assert not problems, f"{page}: explorer views do not follow their controls:\n{dump(problems)}"


MENUS_JS = """() => Array.from(document.querySelectorAll('.kp-explorer select')).map(s => {
  const r = s.getBoundingClientRect(), box = s.closest('.kp-explorer').getBoundingClientRect();
  return {menu: s.id, right: Math.round(r.right), box: Math.round(box.right),
          chosen: (s.options[s.selectedIndex] || {}).textContent || ''};
})"""


def test_explorer_menus_fit_a_phone_column(chromium, report, page: str) -> None:
    """At 390 px every menu stays inside its explorer (the Spanish options are long)."""
    if not report(page).data["explorers"]:
        pytest.skip("no explorer on this page")
    opened, _ = chromium.open(page, {"width": 390, "height": 844})
    try:
        menus = opened.evaluate(MENUS_JS)
    finally:
        opened.context.close()
    wide = [m for m in menus if m["right"] > m["box"] + 1]
    assert menus and not wide, f"{page}: explorer menus wider than the column:\n{dump(wide)}"
