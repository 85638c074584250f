"""The explorer's logic without a browser: set a control, check the evaluation and chart data."""

from __future__ import annotations

import html
import json
import re

import ipywidgets as w
import pytest

from openviz.i18n import label
from openviz.widgets import Explorer
from openviz.widgets.explorer import reasons_html
from openviz.widgets.reasons import EVIDENCE_WIDTH


@pytest.fixture
def explorer(catalog, monkeypatch):
    monkeypatch.setenv("OPENVIZ_RENDER", "svg")
    return Explorer(catalog, definition="osaid-1.0", compare=["osaid-1.0", "mof"])


def _verdict(frame, model, definition="osaid-1.0"):
    row = frame[(frame.model == model) & (frame.definition == definition)]
    return row.verdict.item()


def test_switching_a_requirement_off_re_evaluates_and_redraws(explorer):
    before_svg = explorer.view.widget.value
    assert _verdict(explorer.frame, "mistral-7b") == "fails"
    explorer.switches["training-code"].value = False
    assert _verdict(explorer.frame, "mistral-7b") != "fails"
    assert explorer.definition.is_modified
    # The summary names the requirement in words; its id is only the hover text.
    assert "<code>" not in explorer.changes.value
    from openviz.names import requirement_name

    name = requirement_name(explorer.definition, "training-code")
    assert f"<span title='training-code'>{html.escape(name)}</span>: off" in explorer.changes.value
    assert explorer.view.widget.value != before_svg
    # The catalogue's definition is untouched.
    assert explorer.catalog.definition("osaid-1.0").requirement("training-code").enabled


def test_widening_accepted_licenses_changes_the_chart_data(explorer):
    data_before = explorer.view.spec["datasets"]
    explorer.switches["four-freedoms"].value = False
    explorer.license_pickers["parameters"].value = ("osi-approved", "open-data", "use-restricted")
    assert explorer.toggles()["parameters#licenses"] == (
        "osi-approved",
        "open-data",
        "use-restricted",
    )
    assert explorer.view.spec["datasets"] != data_before


def test_reset_returns_to_the_published_definition(explorer):
    explorer.switches["training-code"].value = False
    explorer.reset_button.click()
    assert not explorer.definition.is_modified
    assert explorer.changes.value == ""


def test_picking_a_model_shows_its_reasons(explorer, catalog):
    explorer.model_picker.value = "llama-3-8b"
    shown = explorer.reasons.value
    # The verdict line comes first, from the same judgement as the chart.
    verdict = explorer.frame.set_index(["model", "definition"]).loc[
        ("llama-3-8b", explorer.definition.id), "verdict"
    ]
    assert shown.index("openviz-verdict") < shown.index("<table")
    assert f"{verdict} under" in shown
    # Restriction kinds are named by their labels, not ids.
    assert html.escape(label(catalog, "restriction", "mau-cap")) in shown
    assert "mau-cap" not in shown
    assert "<script" not in shown


def test_reasons_cut_evidence_at_a_word_and_keep_the_whole_text(catalog):
    import openviz

    table = openviz.explain("llama-3-8b", "osaid-1.0", catalog=catalog)
    texts = [" ".join(s.split()) for s in table.evidence_shows]
    long = next(s for s in texts if len(s) > EVIDENCE_WIDTH)
    out = reasons_html(table)
    summary = out.split("<summary>", 1)[1].split("</summary>", 1)[0]
    shown = html.unescape(re.sub("<[^>]+>", "", summary))
    assert shown.endswith("…") and len(shown) <= EVIDENCE_WIDTH
    assert long.startswith(shown[:-1]) and long[len(shown) - 1] in " ,.;:"
    assert html.escape(long) in out


def test_language_switch_relabels_the_chart(explorer):
    explorer.language.value = "zh"
    spec = str(explorer.view.spec)
    assert "不符合" in spec


def test_family_filter_limits_the_models(explorer):
    explorer.family_filter.value = ("llama",)
    assert set(explorer.frame.family) == {"llama"}


def test_family_filter_is_one_click_chips(explorer):
    """Each family is a chip toggled by one click: two clicks pick two families."""
    chips = explorer.family_filter
    assert not any(isinstance(c, w.SelectMultiple) for c in chips.widget.children)
    chips.buttons["llama"].value = True
    chips.buttons["olmo"].value = True
    assert set(explorer.frame.family) == {"llama", "olmo"}
    assert chips.buttons["olmo"].icon == "check"
    chips.buttons["llama"].value = False
    assert set(explorer.frame.family) == {"olmo"}
    # Showing every collection offers more families and keeps the chosen one.
    explorer.collection_picker.value = "all"
    assert len(chips.options) > 100 and chips.value == ("olmo",)
    assert set(explorer.frame.family) == {"olmo"}


def test_reasons_html_escapes_hostile_text(catalog):
    import openviz

    table = openviz.explain("olmo-7b", "osaid-1.0", catalog=catalog).head(3).copy()
    table.loc[table.index[0], "plain"] = "<script>alert(0)</script>"
    table.loc[table.index[2], "plain"] = "<script>alert(1)</script>"
    table.loc[table.index[1], "evidence_url"] = "javascript:alert(1)"
    out = reasons_html(table)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'href="javascript:' not in out


# -- the controls: one per requirement, grouped, with licence chips --------------------------
def test_licence_chips_pick_several_categories_with_single_clicks(explorer):
    chips = explorer.license_pickers["parameters"]
    published = set(explorer.catalog.definition("osaid-1.0").requirement("parameters").licenses)
    assert set(chips.value) == published
    # One click on an unchosen chip adds its category (no Ctrl-click); the rest stay chosen.
    added = next(c for c, chip in chips.buttons.items() if not chip.value)
    chips.buttons[added].value = True
    assert set(explorer.toggles()["parameters#licenses"]) == published | {added}
    assert chips.buttons[added].icon == "check"  # the chosen state is marked, not only shaded
    chips.buttons[added].value = False
    assert "parameters#licenses" not in explorer.toggles()


def test_licence_chips_are_greyed_under_a_requirement_that_is_off(explorer):
    chips = explorer.license_pickers["parameters"]
    assert not chips.disabled
    explorer.switches["parameters"].value = False
    assert chips.disabled and all(b.disabled for b in chips.buttons.values())
    explorer.switches["parameters"].value = True
    assert not chips.disabled
    # A group above it switched off greys it too.
    group = next(
        n.id for n in explorer.definition.walk() if any(c.id == "parameters" for c in n.children)
    )
    explorer.switches[group].value = False
    assert chips.disabled
    explorer.reset_button.click()
    assert not chips.disabled


def test_controls_fold_by_part(catalog, monkeypatch):
    monkeypatch.setenv("OPENVIZ_RENDER", "svg")
    mof = Explorer(catalog, definition="mof", compare=["mof"], models=["olmo-7b"], tools=False)
    levels = catalog.definition("mof").levels
    assert [g.title for g in mof.groups] == [lv.label["en"] for lv in levels]
    first = mof.groups[0]
    assert first.open and first.body.layout.display is None
    first.head.click()
    assert not first.open and first.body.layout.display == "none"
    assert first.head.description.endswith(first.title)
    first.head.click()
    assert first.open


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_id_is_shown_as_a_label(catalog, monkeypatch, lang):
    """Every shipped definition, level, dimension, requirement and family has a human name."""
    from openviz.names import family_name

    monkeypatch.setenv("OPENVIZ_RENDER", "svg")
    ex = Explorer(catalog, compare=["osaid-1.0"], models=["olmo-7b"], tools=False, lang=lang)
    for definition in catalog.definitions.values():
        ex.definition_picker.value = definition.id
        assert ex.definition is not None and ex.definition.id == definition.id
        ids = {n.id for n in definition.walk()} | {
            p.id for p in (*definition.levels, *definition.dimensions)
        }
        for rid, box in ex.switches.items():
            assert box.description and box.description != rid, (definition.id, rid)
        for group in ex.groups:
            assert group.title not in ids, (definition.id, group.title)
        for part in (*definition.levels, *definition.dimensions):
            assert part.label.get(lang), (definition.id, part.id, lang)
        for node in definition.walk():  # in the data itself, in this language
            assert node.label.get(lang), (definition.id, node.id, lang)
        title = dict((v, k) for k, v in ex.definition_picker.options)[definition.id]
        assert not title.endswith(definition.id), title
    # Families, of every collection: named by families.yaml in this language, never by the
    # bare id unless the publisher writes it so (gpt-oss).
    families = {r.family for r in catalog.models("all")}
    for family in families:
        name = family_name(catalog, family, lang)
        assert name == catalog.family_labels[family][lang], family
        spelled = {r.name for r in catalog.releases.values() if r.family == family}
        assert name != family or any(family in n for n in spelled), family
    ex.collection_picker.value = "all"
    assert {f for _, f in ex.family_filter.options} == families
    for shown, family in ex.family_filter.options:
        assert shown == family_name(catalog, family, lang)


def test_every_family_has_a_label_in_both_languages(catalog):
    """families.yaml names every family of every collection, in English and Chinese."""
    for family in {r.family for r in catalog.models("all")}:
        labels = catalog.family_labels.get(family)
        assert labels is not None, f"{family} is not in families.yaml"
        assert labels["en"].strip() and labels["zh"].strip(), family


def test_family_names_follow_the_language(explorer):
    names = dict((v, k) for k, v in explorer.family_filter.options)
    assert names["qwen"] == "Qwen"
    explorer.language.value = "zh"
    names = dict((v, k) for k, v in explorer.family_filter.options)
    assert names["qwen"] == "通义千问 (Qwen)" and names["llama"] == "Llama"


def test_family_filter_shows_family_names(explorer):
    names = dict((v, k) for k, v in explorer.family_filter.options)
    assert names["llama"] == "Llama" and names["olmo"] == "OLMo"
    assert names["deepseek"] == "DeepSeek"


# -- the definition picker --------------------------------------------------------------------
def test_picker_groups_definitions_by_publisher_and_lineage(explorer, catalog):
    from openviz.widgets._common import definition_groups

    options = explorer.definition_picker.options
    ids = [value for _, value in options]
    assert sorted(ids) == sorted(catalog.definitions)
    # The versions of a series sit together, oldest first, under one group label.
    osaid = [d.id for d in catalog.series("osaid")]
    start = ids.index(osaid[0])
    assert ids[start : start + len(osaid)] == osaid
    labels = dict((v, k) for k, v in options)
    assert labels["osaid-0.0.9"].startswith("Open Source Initiative / OSAID 0.0.8 → 1.0")
    groups = dict(definition_groups(catalog.definitions.values()))
    assert [d.id for d in groups["Open Source Initiative / OSAID 0.0.8 → 1.0"]] == osaid
    # Groups are sorted by publisher.
    names = list(groups)
    assert names == sorted(names, key=str.casefold)


def test_language_switch_relabels_the_controls(explorer):
    explorer.language.value = "zh"
    assert explorer.reset_button.description == "恢复为发布版本"
    assert explorer.definition_picker.description == "定义"
    assert explorer.switches["training-code"].description == "训练、验证与测试代码"
    assert "OSAID 1.0" in dict((v, k) for k, v in explorer.definition_picker.options)["osaid-1.0"]
    assert explorer.save_button.description == "保存"
    # The choice survives relabelling.
    assert explorer.definition_picker.value == "osaid-1.0"
    explorer.switches["training-code"].value = False
    assert "已关闭" in explorer.changes.value


# -- your own definition: save, load, errors --------------------------------------------------
def _save_through_the_boxes(explorer, path, name="OSAID without training code"):
    explorer.save_name.value = name
    explorer.save_path.value = str(path)
    explorer.save_button.click()


def test_saved_definition_round_trips_through_the_widgets(explorer, catalog, tmp_path):
    import openviz

    explorer.switches["training-code"].value = False
    toggled = explorer.definition
    target = tmp_path / "osaid-no-training-code.yaml"
    _save_through_the_boxes(explorer, target)
    assert explorer.messages.kind == "info", explorer.messages.value
    assert target.is_file()
    # It joins the picker (in its own group) and the matrix beside the published ones.
    labels = {v: k for k, v in explorer.definition_picker.options}
    assert labels["osaid-no-training-code"].startswith("Loaded from files")
    assert "osaid-no-training-code" in set(explorer.frame.definition)
    assert "osaid-no-training-code" in str(explorer.view.spec) or (
        "OSAID without training code" in str(explorer.view.spec)
    )
    # The file passes the validator and judges every model as the toggled definition did.
    custom = openviz.read_definition(target, catalog)
    assert not custom.is_modified
    a = openviz.evaluate(toggled, catalog=catalog).set_index("model").verdict
    b = openviz.evaluate(custom, catalog=catalog).set_index("model").verdict
    assert a.to_dict() == b.to_dict()

    # A fresh explorer loads it through the load box, and can edit it like a published one.
    other = Explorer(catalog, definition="osaid-1.0", compare=["osaid-1.0"])
    other.load_path.value = str(target)
    other.load_button.click()
    assert other.messages.kind == "info", other.messages.value
    assert "osaid-no-training-code" in set(other.frame.definition)
    other.definition_picker.value = "osaid-no-training-code"
    assert other.definition.id == "osaid-no-training-code"
    assert not other.switches["training-code"].value
    other.switches["training-code"].value = True
    assert other.definition.is_modified
    assert _verdict(other.frame, "mistral-7b", "osaid-no-training-code") == "fails"


def test_bad_definition_file_shows_its_problems_not_a_traceback(explorer, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: broken\nkind: binary\nname: <b>x</b>\n", encoding="utf-8")
    before = list(explorer.definition_picker.options)
    explorer.load_path.value = str(bad)
    explorer.load_button.click()
    panel = explorer.messages.value
    assert explorer.messages.kind == "error"
    assert explorer.messages.widget.layout.display != "none"
    assert "broken.yaml:1: publisher: required field is missing" in panel
    assert "Traceback" not in panel
    assert panel.count("publisher: required") == 1  # repeated problems are listed once
    assert list(explorer.definition_picker.options) == before

    missing = tmp_path / "nowhere.yaml"
    explorer.load_path.value = str(missing)
    explorer.load_button.click()
    assert "nowhere.yaml" in explorer.messages.value
    assert "cannot read the file" in explorer.messages.value


def test_hostile_text_in_a_bad_file_is_escaped(explorer, tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("id: [<script>alert(1)</script>\n", encoding="utf-8")
    explorer.load_path.value = str(bad)
    explorer.load_button.click()
    assert explorer.messages.kind == "error"
    assert "<script>" not in explorer.messages.value


def test_save_refuses_bad_names_and_existing_files(explorer, catalog, tmp_path):
    _save_through_the_boxes(explorer, tmp_path / "My Definition.yaml")
    assert explorer.messages.kind == "error"
    assert "required format" in explorer.messages.value
    assert not (tmp_path / "My Definition.yaml").exists()  # checked before writing

    _save_through_the_boxes(explorer, tmp_path / "osaid-1.0.yaml")
    assert "already has the id" in explorer.messages.value
    assert not (tmp_path / "osaid-1.0.yaml").exists()

    _save_through_the_boxes(explorer, tmp_path / "mine.yaml", name="  ")
    assert "name" in explorer.messages.value

    _save_through_the_boxes(explorer, tmp_path / "mine.yaml")
    assert explorer.messages.kind == "info"
    _save_through_the_boxes(explorer, tmp_path / "mine.yaml")
    assert explorer.messages.kind == "error" and "already exists" in explorer.messages.value
    explorer.save_overwrite.value = True
    _save_through_the_boxes(explorer, tmp_path / "mine.yaml", name="Mine, again")
    assert explorer.messages.kind == "info"
    assert explorer.loaded["mine"].name == "Mine, again"  # reloaded, not duplicated
    assert [v for _, v in explorer.definition_picker.options].count("mine") == 1


# -- clicking the chart -------------------------------------------------------------------------
def test_clicking_a_chart_cell_selects_that_models_reasons(catalog, monkeypatch):
    """The live chart carries a point selection on the model; a click shows its reasons."""
    monkeypatch.delenv("OPENVIZ_RENDER", raising=False)
    explorer = Explorer(catalog, definition="osaid-1.0", compare=["osaid-1.0"])
    chart = explorer.view.widget
    assert type(chart).__name__ == "LiveChart"
    assert chart.selection == "model_pick"
    assert '"model_pick"' in json.dumps(chart.spec), "the spec declares the selection"

    def click(**fields):  # what the front end reports when a cell is clicked
        chart.picked = [fields] if fields else []

    click(model_id="olmo-7b", model="OLMo 7B")
    assert explorer.model_picker.value == "olmo-7b"
    assert "OLMo" in explorer.reasons.value or "olmo" in explorer.reasons.value
    explorer.switches["training-code"].value = False  # a redraw keeps the selection working
    click(model="Mistral 7B (v0.1)")  # the display name alone is enough
    assert explorer.model_picker.value == "mistral-7b"
    click()  # a click on the background keeps the model
    assert explorer.model_picker.value == "mistral-7b"


def test_a_toggle_changes_only_the_data_and_source_line_of_the_live_spec(catalog, monkeypatch):
    """What lets the front end swap data into the drawn chart instead of drawing it again."""
    monkeypatch.delenv("OPENVIZ_RENDER", raising=False)
    explorer = Explorer(catalog, definition="osaid-1.0")
    widget = explorer.view.widget
    before = {**widget.spec, "datasets": json.loads(widget.datasets)}
    for value in (False, True):
        explorer.switches["training-code"].value = value
        after = {**widget.spec, "datasets": json.loads(widget.datasets)}
        assert after == explorer.view.spec
        assert after["datasets"] != before["datasets"]
        assert after["params"] != before["params"]  # the source line names the toggle
        same = ("datasets", "params", "description", "usermeta")
        assert {k: v for k, v in after.items() if k not in same} == {
            k: v for k, v in before.items() if k not in same
        }
        before = after


def test_focused_explorer_shows_only_its_switches_and_models(catalog, monkeypatch):
    monkeypatch.setenv("OPENVIZ_RENDER", "svg")
    focused = Explorer(
        catalog,
        compare=["osaid-1.0", "mof"],
        models=["llama-3-8b", "olmo-7b"],
        switches=["four-freedoms", "training-code", "parameters"],
        tools=False,
    )
    assert set(focused.switches) == {"four-freedoms", "training-code", "parameters"}
    assert set(focused.license_pickers) == {"training-code", "parameters"}
    assert set(focused.frame.model) == {"llama-3-8b", "olmo-7b"}
    focused.switches["four-freedoms"].value = False
    focused.switches["training-code"].value = False
    assert _verdict(focused.frame, "llama-3-8b") == "fails"  # data information still missing


# -- classroom -------------------------------------------------------------------------------
@pytest.fixture
def svg(monkeypatch):
    monkeypatch.setenv("OPENVIZ_RENDER", "svg")


def test_draft_stepper_changes_the_shown_definition(catalog, svg):
    from openviz.widgets import DraftStepper

    stepper = DraftStepper(catalog, catalog.series("osaid"), models=["olmo-7b", "llama-3-8b"])
    assert stepper.definition.id == "osaid-0.0.8"
    assert set(stepper.frame.definition) == {"osaid-0.0.8"}
    assert stepper.prev_button.disabled
    svg_before = stepper.view.widget.value

    stepper.next_button.click()
    assert stepper.definition.id == "osaid-0.0.9"
    assert list(dict.fromkeys(stepper.frame.definition)) == ["osaid-0.0.8", "osaid-0.0.9"]
    assert stepper.view.widget.value != svg_before
    assert "data-information" in set(stepper.changes.item)
    assert "OLMo 7B" in stepper.summary.value and "qualifies" in stepper.summary.value

    stepper.slider.value = "osaid-1.0"
    assert stepper.definition.id == "osaid-1.0" and stepper.next_button.disabled
    assert len(set(stepper.frame.definition)) == 4
    stepper.step(-10)
    assert stepper.definition.id == "osaid-0.0.8"


def test_prediction_reveals_the_verdicts_and_scores_the_guesses(catalog, svg):
    from openviz.widgets import Prediction

    poll = Prediction(catalog, model="llama-3-8b")
    assert poll.view is None and not poll.revealed  # nothing shown before the reveal
    assert poll.actual["osaid-1.0"] == "fails"
    assert poll.actual["osai-index"] in ("fails", "cannot tell", "qualifies")
    for did, choice in poll.choices.items():
        choice.value = poll.actual[did] if did != "mof" else "qualifies"
    poll.reveal_button.click()
    assert poll.revealed and poll.view is not None
    assert f"{len(poll.actual) - (poll.actual['mof'] != 'qualifies')} of" in poll.tally.value
    assert set(poll.frame.model) == {"llama-3-8b", "olmo-7b", "mistral-nemo-12b"}


def test_comparison_lists_verdict_class_and_score(catalog, svg):
    import openviz
    from openviz.widgets import Comparison

    table = Comparison(catalog, models=["llama-3-8b", "olmo-7b"]).table.value
    assert table.index("OLMo 7B") < table.index("Meta Llama 3 8B")  # most open first
    assert "/ 12" in table
    # The MOF column says what the engine says: the class reached, or the verdict.
    mof = openviz.evaluate("mof", ["llama-3-8b", "olmo-7b"], catalog=catalog).set_index("model")
    for model in ("llama-3-8b", "olmo-7b"):
        row = mof.loc[model]
        assert (row["level"] or row["verdict"]) in table


def test_comparison_orders_chart_and_table_alike_and_writes_ranges_in_both(catalog, svg):
    from openviz.charts._common import DASH
    from openviz.widgets import Comparison

    models = ["llama-3-8b", "olmo-7b", "gpt-4o", "pythia-6.9b", "mistral-nemo-12b"]
    comparison = Comparison(catalog, models=models, size="presentation")
    frame = comparison.frame
    index = frame[frame.definition == "osai-index"].set_index("model")
    names = list(dict.fromkeys(frame.name))
    # Sorted by the index score, as the lesson says: the lower bound, highest first.
    lows = [index.loc[m, "score"] for m in dict.fromkeys(frame.model)]
    assert lows == sorted(lows, reverse=True)
    # The chart draws rows in that order (its data's model_order) ...
    spec = comparison.view.spec
    rows = spec["datasets"]["verdicts"]
    drawn = sorted({r["model_order"]: r["model"] for r in rows}.items())
    assert [name for _, name in drawn] == names
    # ... and so does the table.
    table = comparison.table.value
    assert [table.index(n) for n in names] == sorted(table.index(n) for n in names)
    # A score that unknown facts could raise reads the same, range and maximum, in both.
    ranged = [r for r in rows if DASH in r["cell"]]
    assert ranged, "some release has a score range"
    for r in ranged:
        assert r["cell"].endswith(" / 12") and r["cell"] in table
    assert spec["usermeta"]["openviz"]["size"] == "presentation"


_LATIN_WORD = re.compile(
    r"\b(?:added|removed|stricter|looser|changed|required|optional|"
    r"absent|alternative|substitute|licenses|draft|final|qualifies|fails)\b"
)


def _shown_text(html_text: str) -> str:
    return re.sub(r"<[^>]+>", " ", html_text)


def test_classroom_widgets_speak_chinese_with_lang_zh(catalog, svg):
    from openviz.widgets import Comparison, DraftStepper, Prediction

    stepper = DraftStepper(
        catalog, catalog.series("osaid"), models=["olmo-7b", "llama-3-8b"], lang="zh"
    )
    assert "草案" in stepper.summary.value  # the status of draft 0.0.8
    assert (stepper.prev_button.description, stepper.next_button.description) == (
        "上一版",
        "下一版",
    )
    stepper.next_button.click()
    summary = _shown_text(stepper.summary.value)
    assert "从 OSAID 0.0.8 到 OSAID 0.0.9 的变化" in summary
    assert "新增" in summary and "必需（许可证：" in summary and "未要求" in summary
    assert "OLMo 7B：" in summary and "符合" in summary
    assert not _LATIN_WORD.search(summary), summary

    poll = Prediction(catalog, model="llama-3-8b", lang="zh")
    poll.reveal()
    shown = _shown_text(" ".join(m.value for m in poll.marks.values()))
    assert "openviz 的结论：" in shown and not _LATIN_WORD.search(shown)
    assert poll.reveal_button.description == "揭晓"

    table = Comparison(
        catalog,
        definitions=["g7-ai-openness-2026", "mof"],
        models=["llama-3-8b", "olmo-7b"],
        lang="zh",
    ).table.value
    assert "权重可获取AI" in table and "开源AI" in table and "不符合" in table
    assert "Class" not in table and "Weights Available" not in table and "fails" not in table


# -- export ------------------------------------------------------------------------------------
def test_export_panel_previews_and_writes_files(catalog, svg, tmp_path):
    from openviz.widgets import ExportPanel

    panel = ExportPanel(catalog)
    panel.set_picker.value = "OSAID drafts"
    assert panel.definition_picker.value == tuple(d.id for d in catalog.series("osaid"))
    assert "OSAID 0.0.9" in str(panel.chart.to_dict())
    before = panel.chart
    panel.size_picker.value = "full width (960)"
    assert panel.width.value == 960
    assert panel.chart is not before and panel.messages.kind == ""  # redrawn at that width
    panel.language.value = "zh"
    assert "不符合" in str(panel.chart.to_dict())
    assert panel.export_button.description == "导出"
    for fmt, magic in (("svg", b"<svg"), ("png", b"\x89PNG"), ("pdf", b"%PDF")):
        panel.format.value = fmt
        panel.path.value = str(tmp_path / f"chart.{fmt}")
        panel.export_button.click()
        assert panel.messages.kind == "info", panel.messages.value
        assert (tmp_path / f"chart.{fmt}").read_bytes()[:8].find(magic) >= 0

    panel.export_button.click()  # the file is there: replaced only when asked
    assert panel.messages.kind == "error" and "exists" in panel.messages.value
    panel.force.value = True
    panel.export_button.click()
    assert panel.messages.kind == "info", panel.messages.value

    panel.definition_picker.value = ()
    assert panel.messages.kind == "error"
    assert panel.set_picker.value == ""  # the custom set

    panel.chart_picker.value = "spectrum"  # needs a score definition: starts from its own
    assert panel.messages.kind == "", panel.messages.value
    assert catalog.definition(panel.definition_picker.value[0]).kind in ("score", "descriptive")


def test_reasons_speak_the_explorers_language(explorer, catalog):
    explorer.model_picker.value = "llama-3-8b"
    explorer.language.value = "zh"
    shown = explorer.reasons.value
    freedoms = explorer.definition.requirement("four-freedoms")
    assert html.escape(freedoms.title("zh")) in shown
    assert html.escape(label(catalog, "restriction", "mau-cap", "zh")) in shown
    assert "依据" in shown.split("<table", 1)[0]  # the verdict line, in Chinese
    assert "not met" not in shown and "released under" not in shown
