"""Folium maps in Chromium: every polygon drawn, tooltips on hover, the year slider recolours.

Maps are found on every page (``.folium-map`` in any frame). A state map (its
features keyed by two-digit INEGI codes) must draw exactly the 32 states.
"""

from __future__ import annotations

from typing import Any

import pytest
from harness import dump, in_edition

from booktools.browser import map_frames, show_frame
from helpers.reference.states import STATE_CODES

#: Finds a point well inside the largest polygon of a map that the polygon itself receives
#: (no legend or control on top), in the frame's viewport coordinates.
POINT_JS = """(id) => {
  const map = window[id];
  let best = null, area = -1;
  map.eachLayer(l => {
    if (l.feature && l._path) {
      const b = l._path.getBoundingClientRect();
      if (b.width * b.height > area) { area = b.width * b.height; best = l; }
    }
  });
  const b = best._path.getBoundingClientRect();
  const inside = (x, y) => document.elementFromPoint(x, y) === best._path;
  for (let i = 5; i < 20; i++) for (let j = 5; j < 20; j++) {
    const x = Math.round(b.left + b.width * i / 25), y = Math.round(b.top + b.height * j / 25);
    // well inside: 8 px around the point belong to the same polygon
    if ([[0, 0], [8, 0], [-8, 0], [0, 8], [0, -8]].every(d => inside(x + d[0], y + d[1]))) {
      const p = best.feature.properties || {};
      return {x: x, y: y, name: [p.n, p.name, p.nombre, p.NOMGEO, p.nom_ent].find(v => v) || ''};
    }
  }
  return null;
}"""

FILLS_JS = """(id) => Array.from(document.getElementById(id).querySelectorAll(
    'path.leaflet-interactive')).map(p => p.getAttribute('fill'))"""


def _maps_or_skip(report: Any, page: str) -> list[dict[str, Any]]:
    maps = report(page).visit.maps
    if not maps:
        pytest.skip("no folium map on this page")
    return maps


def _is_state_map(m: dict[str, Any]) -> bool:
    return bool(m["codes"]) and all(c is not None and len(c) <= 2 for c in m["codes"])


def test_maps_draw_every_polygon(report, page: str) -> None:
    problems = []
    for m in _maps_or_skip(report, page):
        summary = {k: m[k] for k in ("id", "features", "drawn")}
        if m["features"] == 0:
            problems.append(f"no polygon layer at all: {summary}")
        elif m["drawn"] != m["features"]:
            problems.append(f"{m['drawn']} SVG paths for {m['features']} features: {summary}")
        if _is_state_map(m):
            codes = sorted(c.zfill(2) for c in m["codes"])
            if codes != sorted(STATE_CODES) or m["drawn"] != 32:
                problems.append(f"state map without exactly the 32 states: {summary}, "
                                f"codes {codes}")
        elif len(set(m["codes"])) != len(m["codes"]):
            problems.append(f"repeated feature codes: {summary}")
    assert not problems, f"{page}:\n{dump(problems)}"


@pytest.fixture
def live(chromium, page: str) -> Any:
    """The page opened afresh (for hovering and sliding), with its map frames."""
    opened, record = chromium.open(page)
    try:
        yield opened, record, map_frames(opened)
    finally:
        opened.context.close()


def test_map_tooltip_appears_on_hover(report, live, page: str) -> None:
    _maps_or_skip(report, page)
    opened, record, frames = live
    checked = 0
    for frame in frames:
        element = frame.frame_element()
        # instant: the theme scrolls smoothly, and a box measured mid-scroll is wrong
        show_frame(frame)
        for m in frame.evaluate(record_maps_js()):
            # up to three tries, each from a freshly measured point: on a busy machine the
            # map may still be settling (fitBounds) when the point is first measured
            for attempt in range(3):
                box = element.bounding_box()
                point = frame.evaluate(POINT_JS, m["id"])
                if not point and attempt < 2:  # not drawn in view yet: show it again
                    frame.wait_for_timeout(1500)
                    show_frame(frame)
                    continue
                assert point, f"{page}: no visible point inside a polygon of map {m['id']}"
                opened.mouse.move(0, 0)
                opened.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=4)
                # the tooltip of the hovered polygon (others may still be closing)
                tooltip = frame.locator(f"#{m['id']} .leaflet-tooltip",
                                        has_text=point["name"] or None).last
                try:
                    tooltip.wait_for(state="visible", timeout=3_000)
                    break
                except Exception as exc:
                    if attempt == 2:
                        raise AssertionError(f"{page}: no tooltip on map {m['id']} when "
                                             f"hovering {point} in frame box {box}") from exc
            text = tooltip.inner_text()
            assert text.strip(), f"{page}: empty tooltip on map {m['id']}"
            if point["name"]:
                assert point["name"] in text, f"{page}: tooltip {text!r} lacks {point['name']!r}"
            opened.mouse.move(0, 0)
            checked += 1
    assert checked == len(record.maps)


def record_maps_js() -> str:
    return "() => Array.from(document.querySelectorAll('.folium-map')).map(d => ({id: d.id}))"


def test_year_slider_recolours_the_map(report, live, page: str) -> None:
    maps = _maps_or_skip(report, page)
    if not any(m["sliders"] for m in maps):
        if any(_is_state_map(m) for m in maps):
            pytest.fail(f"{page}: a state map without a year slider")
        pytest.skip("no year slider on this page's maps")
    opened, _, frames = live
    results = []
    for frame in frames:
        if not frame.locator("input[type=range]").count():
            continue
        slider = frame.locator("input[type=range]").first
        map_id = frame.evaluate(record_maps_js())[0]["id"]
        show_frame(frame)  # a sandboxed map cannot scroll the page to its slider
        slider.focus()
        opened.keyboard.press("Home")
        first = (slider.input_value(), frame.evaluate(FILLS_JS, map_id))
        opened.keyboard.press("End")
        last = (slider.input_value(), frame.evaluate(FILLS_JS, map_id))
        changed = sum(a != b for a, b in zip(first[1], last[1], strict=True))
        results.append({"map": map_id, "from": first[0], "to": last[0], "recoloured": changed,
                        "of": len(first[1])})
    assert results, f"{page}: no slider found in the map frames"
    stuck = [r for r in results if r["from"] == r["to"] or r["recoloured"] == 0]
    assert not stuck, f"{page}: moving the year slider did not recolour:\n{dump(stuck)}"


SLIDER_JS = """() => {
  const s = document.querySelector('input[type=range]'), r = s.getBoundingClientRect();
  const y = r.top + r.height / 2, xs = [r.left + 4, r.left + r.width / 2, r.right - 4];
  return {left: xs[0], right: xs[2], y: y, covered: xs.map(x => {
    const e = document.elementFromPoint(x, y);
    return e === s ? null : (e ? (e.className || e.tagName) : 'outside the frame');
  }).filter(c => c)};
}"""


def test_year_slider_works_with_a_mouse(report, live, page: str) -> None:
    """A reader clicks or drags the slider: nothing may cover it, clicking changes the year."""
    maps = _maps_or_skip(report, page)
    if not any(m["sliders"] for m in maps):
        pytest.skip("no year slider on this page's maps")
    opened, _, frames = live
    problems = []
    for frame in (f for f in frames if f.locator("input[type=range]").count()):
        element = frame.frame_element()
        show_frame(frame)
        box = element.bounding_box()
        slider = frame.locator("input[type=range]").first
        map_id = frame.evaluate(record_maps_js())[0]["id"]
        where = frame.evaluate(SLIDER_JS)
        if where["covered"]:
            problems.append(f"map {map_id}: the year slider is covered by "
                            f"{sorted(set(where['covered']))} at a {box['width']:.0f} px wide "
                            "frame, so a mouse cannot reach it (move the slider control to a "
                            "free corner, e.g. position 'topright', or shorten the attribution)")
            continue
        opened.mouse.click(box["x"] + where["left"], box["y"] + where["y"])
        first = (slider.input_value(), frame.evaluate(FILLS_JS, map_id))
        opened.mouse.click(box["x"] + where["right"], box["y"] + where["y"])
        last = (slider.input_value(), frame.evaluate(FILLS_JS, map_id))
        if first[0] == last[0] or first[1] == last[1]:
            problems.append(f"map {map_id}: clicking the slider ends did not change the year "
                            f"and colours ({first[0]} -> {last[0]})")
    assert not problems, f"{page}:\n" + "\n".join(problems)


HIDDEN_JS = """() => {
  const hidden = [];
  for (const div of document.querySelectorAll('.folium-map')) {
    window[div.id].eachLayer(l => {
      if (!(l.feature && l._path)) return;
      const b = l._path.getBoundingClientRect();
      let seen = false;
      for (let i = 0; i <= 10 && !seen; i++) for (let j = 0; j <= 10 && !seen; j++)
        seen = document.elementFromPoint(b.left + b.width * i / 10,
                                         b.top + b.height * j / 10) === l._path;
      if (!seen) hidden.push((l.feature.properties || {}).n || '?');
    });
  }
  return hidden;
}"""


def test_no_polygon_is_hidden_under_a_control(report, live, page: str) -> None:
    """Every area shows at least part of itself (legend, slider and zoom leave it visible)."""
    _maps_or_skip(report, page)
    opened, _, frames = live
    hidden = {}
    for frame in frames:
        show_frame(frame)
        width = frame.frame_element().bounding_box()["width"]
        names = frame.evaluate(HIDDEN_JS)
        if names:  # on a loaded machine the map may still re-fit: measure once more
            frame.wait_for_timeout(1500)
            show_frame(frame)
            names = frame.evaluate(HIDDEN_JS)
        if names:
            hidden[f"{frame.evaluate(record_maps_js())[0]['id']} ({width:.0f} px wide)"] = names
    assert not hidden, (
        f"{page}: areas entirely covered by the map's controls (a reader can neither see "
        f"their colour nor hover them; fit the bounds with padding for the legend or put the "
        f"legend outside the map):\n{dump(hidden)}")


def test_state_map_chapter_has_a_slider_map(report, edition: str) -> None:
    maps = report(in_edition("chapters/violence-by-state.html", edition)).visit.maps
    assert any(_is_state_map(m) and m["sliders"] for m in maps), (
        f"the state-by-state chapter shows no 32-state map with a year slider: {dump(maps)}")


#: Share of the free room (the frame less the controls' bands) that a slider map's areas
#: must span, across or down, on a phone and on a laptop (issue 16: "slider maps fit the
#: area to the frame at both widths"). Across OR down: a state may be taller than wide.
FILL = 0.75
FILL_JS = """() => {
  const map = document.querySelector('.folium-map').getBoundingClientRect();
  const legend = document.querySelector('.kp-legend');
  if (!legend || !document.querySelector('.kp-slider')) return null;
  let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
  for (const p of document.querySelectorAll('path.leaflet-interactive')) {
    const b = p.getBoundingClientRect();
    if (!b.width) continue;
    left = Math.min(left, b.left); right = Math.max(right, b.right);
    top = Math.min(top, b.top); bottom = Math.max(bottom, b.bottom);
  }
  let bar = map.top;  // the bottom of the top controls (zoom, year slider)
  for (const c of document.querySelectorAll('.leaflet-top .leaflet-control')) {
    bar = Math.max(bar, c.getBoundingClientRect().bottom);
  }
  // beside: the area ends left of the legend; else the legend is below it
  const lg = legend.getBoundingClientRect(), below = right > lg.left + 2;
  const freeW = (below ? map.right : lg.left) - map.left;
  const freeH = (below ? lg.top : map.bottom) - bar;
  return {drawn: [Math.round(right - left), Math.round(bottom - top)],
          free: [Math.round(freeW), Math.round(freeH)],
          frame: [Math.round(map.width), Math.round(map.height)],
          legend: below ? 'below' : 'beside',
          fill: Math.max((right - left) / freeW, (bottom - top) / freeH)};
}"""


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}],
                         ids=["phone", "laptop"])
def test_slider_map_fills_its_frame(chromium, chapter: str, size: dict[str, int]) -> None:
    """Every slider map, both editions: the legend goes below or beside the area, whichever
    draws it larger, so a longer (Spanish) legend does not halve the map."""
    opened, _ = chromium.open(chapter, size)
    try:
        fills = []
        for frame in map_frames(opened):
            show_frame(frame)
            frame.wait_for_timeout(500)  # fitBounds runs once the frame has a size
            fill = frame.evaluate(FILL_JS)
            if fill is not None:
                fills.append(fill)
    finally:
        opened.context.close()
    if not fills:
        pytest.skip(f"{chapter}: no slider map")
    print(f"{chapter} at {size['width']} px: {dump(fills)}")
    small = [f for f in fills if f["fill"] < FILL]
    assert not small, (f"{chapter}: a slider map spans less than {FILL:.0%} of its free width "
                       f"and of its free height at {size['width']} px:\n{dump(small)}")
