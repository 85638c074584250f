"""The interactive verdict matrix page agrees with the engine, offline, in headless chromium.

One page load (every curated release under every published definition) is driven from
inside the page: each published definition, then every single-requirement toggle of OSAID
1.0 and the MOF (a switch flipped, or one more licence kind accepted), each clicked on the
page's own controls. What the page computed is read through its ``window.openviz`` hook and
compared, release by release, with :func:`openviz.evaluate` under the same toggles; the
drawn chart is checked against the page's rows, and the published rows against the static
chart's. Chromium and its helpers come from ``tests/test_browser.py``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math

import pytest
from test_browser import _page, browser  # noqa: F401 (browser is a fixture)

import openviz
from openviz.charts._common import caption_lines, context
from openviz.charts.verdict_matrix import _table
from openviz.export import export
from openviz.licenses import CATEGORIES

pytestmark = pytest.mark.browser

TOGGLED = ("osaid-1.0", "mof")
FIELDS = ("verdict", "level_rank", "score", "score_max", "unmet", "unknown")

# Runs every case on the page's own controls; returns what the page computed for each.
_DRIVE = """async (cases) => {
  const ov = window.openviz;
  await ov.ready;
  const picker = document.getElementById('openviz-definition');
  const pick = (id) => { picker.value = id; picker.dispatchEvent(new Event('change')); };
  const req = (c) => CSS.escape(c.requirement);
  const box = (c) => c.category
    ? document.querySelector(`#openviz-switches [data-licenses-for="${req(c)}"] ` +
                             `input[data-category="${CSS.escape(c.category)}"]`)
    : document.querySelector(`#openviz-switches input[data-req="${req(c)}"]`);
  const shown = (rows) => rows.map((r) => [r.model_id, r.definition, r.verdict_label, r.cell]);
  const drawnOf = (id) => ov.drawn().filter((t) => t.definition_id === id)
    .map((t) => [t.model_id, t.definition, t.verdict_label, t.cell]);
  const out = [];
  for (const c of cases) {
    pick(c.definition);
    let clicked = null;
    if (c.requirement) {
      clicked = box(c);
      if (!clicked) { out.push({missing: true}); continue; }
      clicked.click();
      await ov.painted();
    }
    const rows = shown(ov.rows(c.definition));
    out.push({verdicts: ov.verdicts(c.definition), toggles: ov.toggles(c.definition),
              drawnMatches: JSON.stringify(drawnOf(c.definition)) === JSON.stringify(rows)});
    if (clicked) { clicked.click(); await ov.painted(); }
  }
  return out;
}"""


def _cases(catalog) -> list[dict]:
    cases = [{"definition": d, "requirement": "", "toggles": {}} for d in catalog.definitions]
    for did in TOGGLED:
        d = catalog.definition(did)
        for node in d.walk():
            flip = "off" if node.enabled else "on"
            cases.append({"definition": did, "requirement": node.id, "toggles": {node.id: flip}})
            if node.licenses is not None:
                more = next((c for c in CATEGORIES if c not in node.licenses), None)
                if more is not None:
                    cases.append(
                        {
                            "definition": did,
                            "requirement": node.id,
                            "category": more,
                            "toggles": {node.id: [*node.licenses, more]},
                        }
                    )
    return cases


def _expected(catalog, case) -> tuple[list[dict], tuple]:
    d = catalog.definition(case["definition"])
    if case["toggles"]:
        d = d.with_toggles(case["toggles"])
    frame = openviz.evaluate([d], catalog=catalog)
    rows = []
    for r in frame.itertuples():
        rows.append(
            {
                "model": r.model,
                "definition": r.definition,
                "verdict": r.verdict,
                "level_rank": int(r.level_rank),
                "score": None if math.isnan(r.score) else float(r.score),
                "score_max": None if math.isnan(r.score_max) else float(r.score_max),
                "unmet": r.unmet,
                "unknown": r.unknown,
            }
        )
    return rows, d.toggles


def _page_toggles(found: list) -> tuple:
    return tuple((key, tuple(value) if isinstance(value, list) else value) for key, value in found)


def test_page_verdicts_equal_the_engine_for_every_definition_and_toggle(
    browser,  # noqa: F811
    catalog,
    tmp_path,
):
    page_file = export(
        "verdict-matrix", tmp_path / "matrix.html", interactive=True, catalog=catalog
    )
    cases = _cases(catalog)
    expected = [_expected(catalog, c) for c in cases]
    errors: list[str] = []
    requests: list[str] = []
    with _page(browser, errors, "interactive-page") as page:
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        page.wait_for_function("() => window.openviz && window.openviz.paints() > 0")
        published_rows = page.evaluate("() => window.openviz.rows()")
        results = page.evaluate(
            _DRIVE, [{k: v for k, v in c.items() if k != "toggles"} for c in cases]
        )
        table = page.evaluate("() => window.openviz.csv()")
    assert not errors, errors
    assert [u for u in requests if not u.startswith("file:")] == [], "the page fetched nothing"

    compared = 0
    for case, (want, want_toggles), got in zip(cases, expected, results, strict=True):
        where = f"{case['definition']} {case['toggles'] or 'as published'}"
        assert not got.get("missing"), f"no control on the page for {where}"
        assert _page_toggles(got["toggles"]) == want_toggles, where
        assert got["drawnMatches"], f"the chart does not show the page's rows: {where}"
        by_model = {row["model"]: row for row in got["verdicts"]}
        assert set(by_model) == {row["model"] for row in want}, where
        for row in want:
            mine = by_model[row["model"]]
            for field in FIELDS:
                assert mine[field] == row[field], (where, row["model"], field, mine, row)
            compared += 1
    singles = sum(1 for c in cases if c["requirement"])
    assert singles >= 40 and compared == len(cases) * len(catalog.models("curated"))

    # The published rows are the static chart's rows (labels, glyphs, levels, scores).
    frame = openviz.evaluate(list(catalog.definitions.values()), catalog=catalog)
    ctx = context(catalog, "en", None, list(catalog.definitions.values()), (), ())
    static = [row for part in _table(frame, ctx) for row in part.rows]
    keys = ("model", "model_id", "definition", "status", "verdict_label", "level", "cell")
    keys += ("score_label", "share", "fill", "ink")  # levels by name, scores out of their top
    assert [{k: r[k] for k in keys} for r in published_rows] == [
        {k: r[k] for k in keys} for r in static
    ]
    assert [r["unmet"] for r in published_rows] == [r["unmet"] for r in static]

    rows = list(csv.DictReader(io.StringIO(table.lstrip("\ufeff"))))
    assert table.startswith("\ufeff") and len(rows) == len(published_rows)
    print(f"{len(cases)} cases ({singles} single toggles), {compared} release verdicts compared")


def test_page_keeps_hostile_names_inert_and_shows_reasons(browser, catalog, tmp_path):  # noqa: F811
    hostile = [
        dataclasses.replace(catalog.release("olmo-7b"), name="<script>alert(1)</script>"),
        dataclasses.replace(
            catalog.release("gpt-4o"), name='</script><img src=x onerror=alert(2)>"'
        ),
        dataclasses.replace(catalog.release("llama-3-8b"), name='=HYPERLINK("http://example.org")'),
    ]
    page_file = export(
        "verdict-matrix",
        tmp_path / "hostile.html",
        interactive=True,
        catalog=catalog,
        models=hostile,
        definitions=["osaid-1.0", "mof"],
        lang="zh",
    )
    errors: list[str] = []
    dialogs: list[str] = []
    with _page(browser, errors, "interactive-hostile") as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(page_file.as_uri())
        page.wait_for_function("() => window.openviz && window.openviz.paints() > 0")
        labels = page.eval_on_selector_all(
            "#openviz-chart svg [aria-label]", "els => els.map(e => e.getAttribute('aria-label'))"
        )
        cell = page.locator("#openviz-chart svg path[aria-label*='HYPERLINK']").first
        box = cell.bounding_box()  # the cell's text lies on top: click where both are
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector("#openviz-reasons table")
        reasons = page.inner_text("#openviz-reasons")
        table = page.evaluate("() => window.openviz.csv()")
        page.locator("#openviz-switches input[data-req='training-code']").click()
        page.evaluate("() => window.openviz.painted()")
        modified = page.inner_text("#openviz-modified")
        caption = page.evaluate("() => window.openviz.caption()")
        page.click("#openviz-csv")
        href = page.get_attribute("#openviz-csv", "href")
    assert not dialogs and not errors, (dialogs, errors)
    assert any("<script>alert(1)</script>" in label for label in labels), "drawn as text"
    assert "HYPERLINK" in reasons and "要求" in reasons  # the reasons, in Chinese
    # A condition's fact is the one openviz.explain states, worked out by its class.
    said = openviz.explain(hostile[2], "osaid-1.0", catalog=catalog, lang="zh")
    [freedoms] = said.loc[said.kind == "condition", "fact"]
    assert "受限" in freedoms and freedoms in reasons
    names = [r["model"] for r in csv.DictReader(io.StringIO(table.lstrip("\ufeff")))]
    assert '\'=HYPERLINK("http://example.org")' in names, "no cell starts a formula"
    assert href.startswith("blob:")
    # The source line names what the reader changed, as a static export of it would.
    toggled = catalog.definition("osaid-1.0").with_toggles({"training-code": "off"})
    ctx = context(catalog, "zh", None, [toggled], (), (), hostile)
    [line] = [x for x in caption_lines(ctx, 10_000) if "training-code" in x]
    assert modified == line and line in caption
