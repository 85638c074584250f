"""The interactive verdict matrix page: its size, first paint and toggle-to-repaint.

The page (``openviz export verdict-matrix --format html --interactive``) is written for the
curated catalogue under every definition, then opened from disk in headless Debian chromium
through Playwright (``executable_path``, never ``playwright install``; the launch helpers of
``tests/test_browser.py``). First paint is the page's own ``openviz:painted`` timeline mark
(the frame after the chart is first drawn), counted from the start of navigation, over
several fresh loads. A toggle is a click on one of the page's controls (a requirement
switch, a licence kind, alternately), timed from inside the page until the frame after
the chart has redrawn.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.browser import _helpers
from benchmarks.report import figure, skipped

SIZE = "interactive page: file size, curated releases x all definitions"
PAINT = "interactive page: open from disk to first paint (headless chromium)"
TOGGLE = "interactive page: toggle click -> chart repainted (headless chromium)"
SIZE_BUDGET, PAINT_BUDGET, TOGGLE_BUDGET = 1.5, 1000, 100

# Clicks the given controls in turn; returns each click's time to the repainted frame.
_TOGGLES = """async ([selectors, rounds]) => {
  const ov = window.openviz;
  await ov.ready;
  const out = [];
  for (let i = 0; i < rounds; i++) {
    const target = document.querySelector(selectors[i % selectors.length]);
    const started = performance.now();
    target.click();
    await ov.painted();
    out.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return out;
}"""
CONTROLS = [
    "#openviz-switches input[data-req='training-code']",
    "#openviz-switches [data-licenses-for='parameters'] input[data-category='permissive-non-osi']",
    "#openviz-switches input[data-req='data-information']",
]


def run(quick: bool) -> list[dict]:
    from openviz.export import export

    loads, rounds = (3, 10) if quick else (10, 60)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        page_file = export("verdict-matrix", Path(scratch) / "matrix.html", interactive=True)
        built = time.perf_counter() - started
        size = page_file.stat().st_size
        out = [
            figure(
                SIZE,
                [size / 1e6],
                "MB",
                SIZE_BUDGET,
                note=f"{size:,} bytes, written in {built:.1f} s (fresh process: Altair and the "
                "Vega bundle load once); about 0.9 MB of it is the inlined Vega bundle",
            )
        ]
        helpers = _helpers()
        reason = None
        if helpers is None:
            reason = "tests/test_browser.py helpers not found"
        elif not helpers.CHROMIUM.exists():
            reason = f"{helpers.CHROMIUM} is not installed"
        else:
            try:
                from playwright.sync_api import sync_playwright
            except ImportError:
                reason = "playwright is not installed"
        if reason:
            return [
                *out,
                skipped(PAINT, "ms", PAINT_BUDGET, reason),
                skipped(TOGGLE, "ms", TOGGLE_BUDGET, reason),
            ]
        errors: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(helpers.CHROMIUM), headless=True, args=helpers.CHROMIUM_ARGS
            )
            try:
                page = browser.new_page(viewport={"width": 1500, "height": 1200})
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                paints = []
                for _ in range(loads):
                    page.goto(page_file.as_uri())
                    page.wait_for_function(
                        "() => window.openviz && window.openviz.paints() > 0", timeout=30_000
                    )
                    paints.append(
                        page.evaluate(
                            "() => performance.getEntriesByName('openviz:painted')[0].startTime"
                        )
                    )
                toggles = page.evaluate(_TOGGLES, [CONTROLS, rounds])
            finally:
                browser.close()
    note = f"{loads} loads of a fresh page from disk (the first with a cold browser cache)"
    if errors:
        note += f"; page errors: {errors[:3]}"
    out.append(figure(PAINT, paints, "ms", PAINT_BUDGET, check="p95", note=note))
    out.append(
        figure(
            TOGGLE,
            toggles,
            "ms",
            TOGGLE_BUDGET,
            check="p95",
            note=f"{rounds} clicks on OSAID 1.0's training-code switch, a licence kind of its "
            "parameters and its data-information switch, in turn; each re-evaluates the "
            "definition in the page and swaps its rows into the drawn chart",
        )
    )
    return out
