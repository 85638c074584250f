"""The chart gallery: every chart builds for every definition kind, in both languages, in one
visual language, with its title, versions and source line; and the frames behind the charts.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import altair as alt
import numpy as np
import pytest
import vl_convert as vlc

import openviz
from openviz.charts import GALLERY, build, verdict_matrix
from openviz.charts._common import GLYPHS, has_cjk, text_width, wrap
from openviz.charts.theme import RAMP, ROLE_COLORS, SCORE_COLORS, STATUS_COLORS
from openviz.diff import diff, sequence
from openviz.evaluate import RATINGS, ratings
from openviz.export import CHART_NAMES
from openviz.i18n import check_lang, definition_label

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
KIND_OF = {"strict": "binary", "ladder": "levels", "spectrum": "score", "profile": "descriptive"}
ONE_DEFINITION = ("component-heatmap", "spectrum", "requirement-impact")


def _spec(chart: alt.TopLevelMixin) -> dict:
    """Validate against the Vega-Lite schema, and compile to Vega as vl-convert would."""
    spec = chart.to_dict(validate=True)
    vlc.vegalite_to_vega(spec)
    return spec


def _meta(spec: dict) -> dict:
    return spec["usermeta"]["openviz"]


def _texts(spec: dict) -> str:
    """Title, subtitle and source line of a finished figure, as one string."""
    title = spec["title"]
    sub = title.get("subtitle", [])
    return " ".join(
        [title["text"], *([sub] if isinstance(sub, str) else sub), *_meta(spec)["caption"]]
    )


def _variant(d: openviz.Definition) -> openviz.Definition:
    """The definition with its first enabled leaf switched off (a toggled variant)."""
    leaf = next(n for n in d.walk() if not n.children and n.enabled)
    return d.with_toggles({leaf.id: "off"})


def _chart_for(name: str, cat: openviz.Catalog, d: openviz.Definition, lang: str):
    definitions = [d, _variant(d)] if name == "definition-diff" else [d]
    return build(name, cat, definitions, lang=lang)


# -- the gallery ---------------------------------------------------------------------------------
def test_gallery_names_are_stable_and_known_to_the_export_module():
    assert tuple(GALLERY) == CHART_NAMES
    for name, entry in GALLERY.items():
        assert entry.name == name
        assert set(entry.kinds) <= {"binary", "levels", "score", "descriptive"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("definition", sorted(KIND_OF))
@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_builds_for_every_definition_kind(mini, name, definition, lang):
    d = mini.definition(definition)
    assert d.kind == KIND_OF[definition]
    if d.kind not in GALLERY[name].kinds:
        with pytest.raises(ValueError, match=d.kind):
            _chart_for(name, mini, d, lang)
        return
    spec = _spec(_chart_for(name, mini, d, lang))
    meta = _meta(spec)
    assert meta["chart"] == name and meta["lang"] == lang
    assert meta["definitions"][0]["id"] == d.id
    assert spec["description"]
    assert any(spec["datasets"][t] for t in meta["tables"]), "the chart has data"
    texts = _texts(spec)
    assert definition_label(d, lang) in texts, "the definition is named with its version"
    assert meta["data_date"] and meta["data_date"] in texts
    if lang == "zh":
        assert has_cjk(spec["title"]["text"]) and has_cjk(meta["caption"])


@pytest.mark.parametrize("name", CHART_NAMES)
def test_json_round_trip(catalog, name):
    chart = build(name, catalog)
    text = chart.to_json()
    again = alt.Chart.from_json(text)
    assert again.to_json() == text
    assert type(again) is type(chart)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", CHART_NAMES)
def test_default_gallery_on_the_shipped_catalogue(catalog, name, lang):
    spec = _spec(build(name, catalog, lang=lang))
    meta = _meta(spec)
    for d in meta["definitions"]:
        assert d["version"] and d["date"]
    # Versions and dates of every definition shown are in the source line.
    caption = " ".join(meta["caption"])
    for d in meta["definitions"]:
        assert d["date"] in caption
    assert "openviz 0.1.0" in caption


def test_charts_about_one_definition_use_the_first_given(catalog):
    for name in ONE_DEFINITION:
        first = "osai-index" if name == "spectrum" else "mof"
        spec = build(name, catalog, [first, "osaid-1.0"]).to_dict()
        assert [d["id"] for d in _meta(spec)["definitions"]] == [first]


def test_spectrum_refuses_a_definition_without_dimensions(catalog):
    with pytest.raises(ValueError, match="score or descriptive"):
        build("spectrum", catalog, ["osaid-1.0"])


@pytest.mark.parametrize("name", CHART_NAMES)
def test_a_chart_of_no_releases_is_refused_in_one_sentence(mini, name):
    # Found while fuzzing the command line: an empty selection reached the charts' arithmetic and
    # came out as "cannot convert float NaN to integer" or a bare column name.
    with pytest.raises(ValueError, match=f"^{name} needs at least one model release; no models"):
        build(name, mini, list(mini.definitions), models=[])
    with pytest.raises(ValueError, match="collection 'mot' of this catalogue holds none"):
        build(name, mini, list(mini.definitions), collection="mot")


def test_unknown_chart_and_language_are_refused(catalog):
    with pytest.raises(KeyError, match="verdict-matrix"):
        build("pie", catalog)
    with pytest.raises(ValueError, match="en, zh"):
        build("verdict-matrix", catalog, lang="fr")
    with pytest.raises(ValueError):
        check_lang("de")


# -- one visual language -------------------------------------------------------------------------
def _colours(value: object, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        scale = value.get("scale")
        if isinstance(scale, dict) and isinstance(scale.get("range"), list):
            found.update(c.upper() for c in scale["range"])
        for v in value.values():
            _colours(v, found)
    elif isinstance(value, list):
        for v in value:
            _colours(v, found)
    return found


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_takes_its_colours_from_the_shared_palette(catalog, name):
    spec = build(name, catalog, lang="zh").to_dict()
    palette = {
        c.upper()
        for c in (*STATUS_COLORS.values(), *ROLE_COLORS.values(), *RAMP, *SCORE_COLORS.values())
    }
    used = _colours(spec, set())
    assert used, "the chart has a colour scale"
    assert used <= palette


def _lightness(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 116 * y ** (1 / 3) - 16


def test_status_colours_keep_their_order_in_greyscale():
    tones = [STATUS_COLORS[s] for s in ("qualifies", "partial", "fails", "cannot tell")]
    lightness = [_lightness(c) for c in tones]
    assert lightness == sorted(lightness), "dark for open, light for closed"
    assert min(np.diff(lightness)) >= 10, "neighbouring tones stay apart in greyscale (L*)"
    for group in (("qualifies", "met", "open", "yes"), ("fails", "unmet", "closed", "no")):
        assert len({STATUS_COLORS[s] for s in group}) == 1


def test_fonts_are_named_explicitly(catalog):
    zh = build("verdict-matrix", catalog, ["osaid-1.0"], lang="zh").to_dict()
    en = build("verdict-matrix", catalog, ["osaid-1.0"], lang="en").to_dict()
    assert zh["config"]["font"].startswith("Noto Sans CJK SC,")
    assert zh["config"]["title"]["font"] == zh["config"]["font"]
    assert en["config"]["font"].startswith("Liberation Sans,")
    assert _meta(zh)["cjk"] and not _meta(en)["cjk"]


def test_an_english_chart_with_chinese_data_uses_the_cjk_font(catalog):
    frame = openviz.evaluate(["osaid-1.0"], ["olmo-7b"], catalog=catalog)
    frame["name"] = "通义千问"
    spec = verdict_matrix(frame, lang="en", catalog=catalog).to_dict()
    assert spec["config"]["font"].startswith("Noto Sans CJK SC")


# -- words: Chinese, titles, source line -----------------------------------------------------------
def test_chinese_labels_come_from_the_vocabulary(catalog):
    spec = build("component-heatmap", catalog, ["osaid-1.0"], lang="zh").to_dict()
    rows = spec["datasets"]["facts"]
    components = {r["component_name"] for r in rows}
    assert "训练代码" in components and "模型卡" in components
    assert {r["status_label"] for r in rows} <= {"已发布", "部分", "未发布", "未知"}
    assert any(r["category_label"] == "OSI 批准" for r in rows)
    spec = build("verdict-matrix", catalog, ["osaid-1.0", "mof"], lang="zh").to_dict()
    rows = spec["datasets"]["verdicts"]
    assert {r["verdict_label"] for r in rows} <= {"符合", "不符合", "无法判断"}
    assert any("数据" in r["unmet"] or "数据" in r["unknown"] for r in rows), "reasons in Chinese"


def test_tooltips_list_the_unmet_requirements_by_name(catalog):
    spec = build("verdict-matrix", catalog, ["osaid-1.0"], ["llama-3-8b"]).to_dict()
    (row,) = spec["datasets"]["verdicts"]
    assert row["status"] == "fails"
    assert "Use, study, modify, share" in row["unmet"]


def test_definition_labels_carry_versions(catalog):
    for d in catalog.definitions.values():
        for lang in ("en", "zh"):
            label = definition_label(d, lang)
            assert d.version.lower() in label.lower() or d.date in label, label
    toggled = catalog.definition("osaid-1.0").with_toggles({"training-code": "off"})
    assert definition_label(toggled).endswith(" *")


def test_source_line_attributes_imported_collections(catalog):
    mot = next(r.id for r in catalog.models("mot"))
    eu = next(r.id for r in catalog.models("osai-index"))
    spec = build("verdict-matrix", catalog, ["osaid-1.0"], ["olmo-7b", mot, eu]).to_dict()
    caption = " ".join(_meta(spec)["caption"])
    assert "Model Openness Tool" in caption and "(MIT)" in caption
    assert "doi:10.5281/zenodo.15386042" in caption and "CC-BY-4.0" in caption
    curated_only = build("verdict-matrix", catalog, ["osaid-1.0"], ["olmo-7b"]).to_dict()
    assert "MIT" not in " ".join(_meta(curated_only)["caption"])


def test_source_line_names_toggles(catalog):
    spec = build(
        "verdict-matrix", catalog, ["osaid-1.0"], toggles={"osaid-1.0": {"training-code": "off"}}
    ).to_dict()
    caption = " ".join(_meta(spec)["caption"])
    assert "modified" in caption and "training-code off" in caption
    assert _meta(spec)["definitions"][0]["modified"]


def test_data_date_is_the_newest_accessed_date_of_the_data_shown(mini):
    files = [MINI / "definitions" / "strict.yaml", *sorted((MINI / "models").glob("*.yaml"))]
    dates = [
        m for f in files for m in re.findall(r"accessed: ['\"]?(\d{4}-\d{2}-\d{2})", f.read_text())
    ]
    spec = build("verdict-matrix", mini, ["strict"]).to_dict()
    assert _meta(spec)["data_date"] == max(dates)


def test_the_explorer_signature_still_works(catalog):
    frame = openviz.evaluate(["osaid-1.0", "mof"], catalog=catalog)
    chart = verdict_matrix(frame, lang="zh", titles={"osaid-1.0": "OSAID 1.0 *"})
    spec = chart.to_dict()
    assert any(r["definition"] == "OSAID 1.0 *" for r in spec["datasets"]["verdicts"])
    assert "不符合" in json.dumps(spec, ensure_ascii=False)


def test_hostile_names_are_data_not_markup(catalog):
    frame = openviz.evaluate(["osaid-1.0"], ["olmo-7b"], catalog=catalog)
    frame["name"] = "<script>alert(1)</script>"
    spec = _spec(verdict_matrix(frame, catalog=catalog))
    assert spec["datasets"]["verdicts"][0]["model"] == "<script>alert(1)</script>"
    assert "<script>" not in json.dumps(spec["title"]) + json.dumps(spec["description"])


def test_family_trajectory_follows_release_dates(catalog):
    spec = build("family-trajectory", catalog, ["osaid-1.0"], family="llama").to_dict()
    rows = spec["datasets"]["trajectory"]
    assert {r["model_id"] for r in rows} == {r.id for r in catalog.models() if r.family == "llama"}
    order = spec["vconcat"][0]["layer"][0]["encoding"]["x"]["sort"]
    dates = [label.split("|")[1] for label in order]
    assert dates == sorted(dates)
    with pytest.raises(ValueError, match="families"):
        build("family-trajectory", catalog, ["osaid-1.0"], family="no-such-family")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_family_trajectory_names_the_family_from_the_data(catalog, lang):
    spec = build("family-trajectory", catalog, ["osaid-1.0"], family="qwen", lang=lang).to_dict()
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    title = " ".join(title) if isinstance(title, list) else title
    assert catalog.family_label("qwen", lang) in title
    assert "qwen" not in title.replace(catalog.family_label("qwen", lang), "")


def test_definition_diff_follows_the_sequence_given(catalog):
    drafts = [d.id for d in catalog.series("osaid")]
    spec = build("definition-diff", catalog, drafts).to_dict()
    models = spec["datasets"]["models"]
    columns = list(dict.fromkeys(r["column"] for r in models))
    assert columns == [definition_label(catalog.definition(d)) for d in drafts]
    assert {r["model_id"] for r in models} >= {"olmo-7b", "pythia-6.9b"}


def test_spectrum_ranks_by_score(catalog):
    spec = build("spectrum", catalog, ["osai-index"]).to_dict()
    totals = spec["datasets"]["totals"]
    scores = [t["score"] for t in totals]
    assert scores == sorted(scores, reverse=True)
    frame = openviz.evaluate("osai-index", catalog=catalog).set_index("model")
    for t in totals:
        assert t["score"] == pytest.approx(frame.loc[t["model_id"], "score"])


def test_requirement_impact_counts_what_each_requirement_alone_keeps_out(catalog):
    spec = build("requirement-impact", catalog, ["osaid-1.0"]).to_dict()
    rows = {r["requirement"]: r for r in spec["datasets"]["impact"]}
    sens = openviz.analysis.sensitivity("osaid-1.0", catalog=catalog).set_index("requirement")
    for rid, row in rows.items():
        assert row["freed"] == sens.loc[rid, "freed"]
        total = row["met"] + row["unmet"] + row["partial"] + row["unknown"]
        assert total == len(catalog.models("curated"))


def test_caption_wrapping_keeps_every_word():
    text = (
        "Definitions: OSAID 1.0 (2024-10-28); MOF 1.0 (2024-12-15); " * 4 + "数据截至 2026-11-24。"
    )
    lines = wrap(text, 300, 10)
    assert len(lines) > 2 and all(text_width(line, 10) <= 300 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


# -- the frames behind the charts --------------------------------------------------------------
def test_ratings_add_up_to_the_scores(catalog):
    scored = [d.id for d in catalog.definitions.values() if d.kind == "score"]
    frame = ratings(scored, catalog=catalog, depth=0)
    total = frame.groupby(["definition", "model"]).credit.sum()
    scores = openviz.evaluate(scored, catalog=catalog).set_index(["definition", "model"]).score
    assert np.allclose(total.loc[scores.index], scores)
    assert set(frame.rating) <= set(RATINGS)


def test_binary_root_ratings_agree_with_verdicts(catalog):
    binary = [d.id for d in catalog.definitions.values() if d.kind == "binary"]
    roots = ratings(binary, catalog=catalog, depth=0).set_index(["definition", "model"]).rating
    verdicts = openviz.evaluate(binary, catalog=catalog).set_index(["definition", "model"]).verdict
    pairs = set(zip(roots.loc[verdicts.index], verdicts, strict=True))
    # "unknown" means the bounds differ, as in explain(): certainly not met (a fail) when the
    # upper bound is below met, undecided (cannot tell) otherwise.
    assert pairs <= {
        ("met", "qualifies"),
        ("unmet", "fails"),
        ("partial", "fails"),
        ("unknown", "fails"),
        ("unknown", "cannot tell"),
    }
    assert ("met", "qualifies") in pairs and ("unknown", "cannot tell") in pairs


def test_level_ratings_agree_with_levels_reached(catalog):
    d = catalog.definition("mof")
    roots = ratings(d, catalog=catalog, depth=0)
    frame = openviz.evaluate(d, catalog=catalog).set_index("model")
    for model, rows in roots.groupby("model"):
        met = [r == "met" for r in rows.rating]
        reached = next((k for k, ok in enumerate(met) if not ok), len(met))
        assert reached == frame.loc[model, "level_rank"]


def test_ratings_mark_switched_off_requirements(catalog):
    d = catalog.definition("osaid-1.0").with_toggles({"code": "off"})
    frame = ratings(d, ["olmo-7b"], catalog=catalog)
    off = set(frame.loc[frame.rating == "off", "requirement"])
    assert {"code", "training-code", "inference-code"} <= off
    assert set(ratings(d, ["olmo-7b"], catalog=catalog, depth=0).depth) == {0}


def test_sequence_agrees_with_pairwise_diffs(catalog):
    drafts = [d.id for d in catalog.series("osaid")]
    seq = sequence(drafts, catalog=catalog)
    changes = seq.requirements[seq.requirements.change != ""]
    moved = set(seq.models.loc[seq.models.change != "", "model"])
    expected_items, expected_models = set(), set()
    for a, b in itertools.pairwise(drafts):
        d = diff(a, b, catalog=catalog)
        expected_items |= set(d.requirements.item)
        expected_models |= set(d.models.model)
    assert set(changes.item) == expected_items
    assert moved == expected_models
    with pytest.raises(ValueError, match="at least two"):
        sequence(drafts[:1], catalog=catalog)


# -- the fast spec of the live explorer ---------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fast_verdict_matrix_spec_equals_the_altair_chart(catalog, lang):
    """The explorer's cached path gives exactly the spec the Altair chart gives, toggles or not."""
    from openviz.charts.verdict_matrix import verdict_matrix, verdict_matrix_spec

    osaid = catalog.definition("osaid-1.0")
    models = [r.id for r in catalog.models("curated")]
    for toggles in ({}, {"training-code": "off"}, {"training-code": "off", "code": "off"}, {}):
        defs = [osaid.with_toggles(toggles), catalog.definition("mof")]
        frame = openviz.evaluate(defs, models, catalog=catalog)
        options = {"lang": lang, "catalog": catalog, "definitions": defs, "select": "pick"}
        fast = verdict_matrix_spec(frame, **options)
        slow = verdict_matrix(frame, **options).to_dict(validate=True)
        assert json.dumps(fast, sort_keys=True) == json.dumps(slow, sort_keys=True)
        assert any(p["name"] == "pick" for p in fast["params"]), "the selection is kept"


def test_fast_spec_can_be_changed_without_corrupting_the_next_one(catalog):
    from openviz.charts.verdict_matrix import verdict_matrix_spec

    frame = openviz.evaluate(["osaid-1.0"], catalog=catalog)
    first = verdict_matrix_spec(frame, catalog=catalog)
    expected = json.dumps(first, sort_keys=True)
    first["params"][0]["value"] = ["changed by a caller"]
    first["datasets"]["verdicts"].clear()
    first["vconcat"][0]["layer"][0]["encoding"]["x"]["title"] = "changed by a caller"
    assert json.dumps(verdict_matrix_spec(frame, catalog=catalog), sort_keys=True) == expected


# -- one visual language for levels and scores (issue 20) ---------------------------------------
LADDERS = ("mof", "release-gradient", "g7-ai-openness-2026")
SHOWN = ("llama-3-8b", "olmo-7b", "gpt-4o", "claude-3.5-sonnet", "mistral-nemo-12b", "pythia-6.9b")


def _rows(spec: dict, table: str = "verdicts") -> list[dict]:
    return spec["datasets"][table]


def test_levels_are_named_and_drawn_on_the_ramp_never_in_the_qualifies_colour(catalog):
    from openviz.charts._common import ramp_color

    frame = openviz.evaluate([*LADDERS, "osaid-1.0"], list(SHOWN), catalog=catalog)
    for lang in ("en", "zh"):
        spec = _spec(verdict_matrix(frame, lang, catalog=catalog))
        ranks = frame.set_index(["model", "definition"]).level_rank
        by_label = {definition_label(catalog.definition(d), lang): d for d in LADDERS}
        reached = 0
        for row in _rows(spec):
            did = by_label.get(row["definition"])
            if did is None:
                continue
            d = catalog.definition(did)
            rank = int(ranks[(row["model_id"], did)])
            if rank == 0:
                assert row["share"] is None and row["cell"] in (
                    GLYPHS["fails"],
                    GLYPHS["cannot tell"],
                )
                continue
            reached += 1
            # The cell names the level (Class III is the lowest MOF class), not a number.
            assert row["cell"] == d.levels[rank - 1].short_title(lang)
            assert not row["cell"].isdigit()
            assert row["share"] == pytest.approx(rank / len(d.levels), abs=1e-3)
            assert row["fill"] == ramp_color(row["share"])
            assert row["fill"] != STATUS_COLORS["qualifies"]
        assert reached >= 6, "GPT-4o and Claude reach release-gradient levels"
    mof = catalog.definition("mof")
    assert [lv.short_title("en") for lv in mof.levels] == ["Class III", "Class II", "Class I"]
    # The ramp darkens with the level, so a higher class reads as more, in greyscale too.
    shades = [_lightness(ramp_color(k / 6)) for k in range(1, 7)]
    assert shades == sorted(shades, reverse=True)
    assert all(_lightness(c) != _lightness(STATUS_COLORS["qualifies"]) for c in RAMP)


def test_scores_are_written_out_of_their_maximum_as_in_the_range_note(catalog):
    from openviz.charts._common import DASH

    d = catalog.definition("osai-index")
    top = max(d.credit.values()) * len(d.dimensions)
    frame = openviz.evaluate(["osai-index"], list(SHOWN), catalog=catalog).set_index("model")
    spec = build("verdict-matrix", catalog, ["osai-index"], list(SHOWN)).to_dict()
    for row in _rows(spec):
        r = frame.loc[row["model_id"]]
        low = f"{r.score:g}"
        expected = low if r.score == r.score_max else f"{low}{DASH}{r.score_max:g}"
        assert row["cell"] == row["score_label"] == f"{expected} / {top:g}"
        assert row["share"] == pytest.approx(r.score / top, abs=1e-3)
    assert any(DASH in row["cell"] for row in _rows(spec))
    assert "m is the most possible" in _texts(spec)


def _tooltip_shows(row: dict, spec: dict) -> list[str]:
    """The tooltip entries Vega shows for a row: the expression's titles whose value is
    neither undefined nor empty (vega-tooltip leaves out undefined values)."""
    expr = _find_tooltip(spec)
    shown = []
    for title, field in re.findall(r'"([^"]+)": isValid\(datum\["([^"]+)"\]\)', expr):
        value = row.get(field)
        if value is not None and value != "":
            shown.append(title)
    return shown


def _find_tooltip(value: object) -> str:
    if isinstance(value, dict):
        tip = value.get("tooltip")
        if isinstance(tip, dict) and "expr" in tip:
            return tip["expr"]
        for v in value.values():
            found = _find_tooltip(v)
            if found:
                return found
    if isinstance(value, list):
        for v in value:
            found = _find_tooltip(v)
            if found:
                return found
    return ""


def test_tooltips_show_only_the_fields_that_apply(catalog):
    spec = build(
        "verdict-matrix", catalog, ["osaid-1.0", "mof", "osai-index"], ["olmo-7b", "llama-3-8b"]
    ).to_dict()
    expr = _find_tooltip(spec)
    assert "openviz_absent" in expr, "an entry without a value is left undefined"
    vega = json.dumps(vlc.vegalite_to_vega(spec))
    assert "openviz_absent" in vega, "the expression reaches the Vega tooltip as written"
    for row in _rows(spec):
        shown = _tooltip_shows(row, spec)
        assert {"Model", "Definition"} <= set(shown)
        if row["definition"] == "OSAID 1.0":
            assert "Level" not in shown and "Score" not in shown
            assert "Verdict" in shown
        if row["definition"] == "OSAI Index (2026-03-13)":
            assert "Score" in shown and "Level" not in shown
        if row["definition"] == "MOF 1.0" and row["share"] is not None:
            assert "Level" in shown and "Score" not in shown


def test_text_on_every_cell_colour_reads_at_4_5_to_1(catalog):
    from openviz.charts._common import contrast, ink, ramp_color

    fills = [*STATUS_COLORS.values(), *(ramp_color(k / 100) for k in range(101))]
    for colour in fills:
        assert contrast(colour, ink(colour)) >= 4.5, colour
    # What the charts actually draw: each cell's text colour on its fill.
    many = [*LADDERS, "osaid-1.0", "osai-index", "eu-ai-act-53-2-2025"]
    checked = 0
    for name, defs, table in (
        ("verdict-matrix", many, "verdicts"),
        ("family-trajectory", many, "trajectory"),
        ("definition-diff", [d.id for d in catalog.series("osaid")], "models"),
        ("component-heatmap", ["osaid-1.0"], "facts"),
    ):
        for row in _rows(build(name, catalog, defs).to_dict(), table):
            fill = row.get("fill") or STATUS_COLORS[row["status"]]
            assert contrast(fill, row["ink"]) >= 4.5, (name, row)
            checked += 1
    assert checked > 1000
    # Partial (mustard) cells of the heatmap carry dark text, never white.
    partial = [
        r
        for r in _rows(build("component-heatmap", catalog).to_dict(), "facts")
        if r["status"] == "partial"
    ]
    assert partial and {r["ink"] for r in partial} != {"#FFFFFF"}
    assert all(r["ink"] != "#FFFFFF" for r in partial)


def test_component_heatmap_groups_its_columns_by_kind_with_readable_codes(catalog):
    spec = _spec(build("component-heatmap", catalog, ["osaid-1.0"], list(SHOWN)))
    facet = spec["vconcat"][0]
    assert facet["facet"]["column"]["field"] == "group_label"
    assert facet["resolve"]["scale"]["x"] == "independent"
    rows = _rows(spec, "facts")
    kinds = {c.id: c.type for c in catalog.components}
    groups = list(dict.fromkeys(r["group"] for r in rows))
    assert groups == [g for g in ("data", "code", "document", "access") if g in groups]
    assert all(r["group"] == kinds[r["component"]] for r in rows)
    codes = next(layer for layer in facet["spec"]["layer"] if layer["mark"]["type"] == "text")
    assert codes["mark"]["fontSize"] >= 11
    # The key to the codes is in the subtitle.
    assert "O OSI-approved" in _texts(spec).replace("\u00a0", " ")


def test_definition_diff_arrows_mean_one_thing_and_the_subtitle_says_which(catalog):
    spec = build("definition-diff", catalog, [d.id for d in catalog.series("osaid")]).to_dict()
    asks = {r["arrow"] for r in _rows(spec, "requirements")} - {""}
    moves = {r["cell"].split()[-1] for r in _rows(spec, "models") if r["change"]}
    assert asks and asks <= {"+", "\u2212", "~"}, "what a definition asks: plus and minus"
    assert moves and moves <= {"↑", "↓", "~"}, "arrows are for the results of releases"
    for row in _rows(spec, "models"):
        if row["change"] == "up":
            assert row["cell"].endswith("↑")
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "+ more" in subtitle and "↑ better" in subtitle and "↓ worse" in subtitle


def test_requirement_impact_drops_a_panel_of_zeros_and_scales_the_other_to_its_data(catalog):
    spec = _spec(build("requirement-impact", catalog, ["osaid-1.0"]))
    freed = [r["freed"] for r in _rows(spec, "impact")]
    assert max(freed) > 0
    panel = spec["vconcat"][0]["hconcat"][1]["layer"][0]
    assert panel["encoding"]["x"]["scale"]["domain"] == [0, max(freed)]
    # OLMo 7B qualifies: no requirement alone keeps it out, so there is no second panel.
    alone = _spec(build("requirement-impact", catalog, ["osaid-1.0"], ["olmo-7b"]))
    assert "hconcat" not in alone["vconcat"][0]
    assert "no requirement alone keeps one out" in " ".join(alone["title"]["subtitle"])


def _font_sizes(value: object, found: list[float]) -> list[float]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k.lower().endswith("fontsize") and isinstance(v, (int, float)):
                found.append(v)
            else:
                _font_sizes(v, found)
    elif isinstance(value, list):
        for v in value:
            _font_sizes(v, found)
    return found


def test_presentation_size_is_projector_sized(catalog):
    models = ["llama-3-8b", "olmo-7b", "mistral-nemo-12b"]
    defs = ["osaid-1.0", "mof", "osai-index", "open-weight-definition"]
    article = build("verdict-matrix", catalog, defs, models).to_dict()
    big = build("verdict-matrix", catalog, defs, models, size="presentation").to_dict()
    sizes = _font_sizes({k: v for k, v in big.items() if k != "datasets"}, [])
    assert sizes and min(sizes) >= 16, sorted(sizes)
    assert min(_font_sizes({k: v for k, v in article.items() if k != "datasets"}, [])) < 16
    # Drawn, the figure is far bigger than the ~330x55 px of the article cells.
    dims = []
    for spec in (article, big):
        svg = vlc.vegalite_to_svg(spec)
        dims.append([float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()])
    assert dims[1][0] >= 1.5 * dims[0][0] and dims[1][1] > dims[0][1]
    steps = [spec["vconcat"][0]["height"]["step"] for spec in (article, big)]
    assert steps[1] >= 30 and steps[1] >= 1.8 * steps[0], "rows a projector shows"
    with pytest.raises(ValueError, match="unknown size"):
        build("verdict-matrix", catalog, defs, models, size="poster")


def test_the_classroom_lesson_draws_its_charts_at_presentation_size():
    import yaml

    lesson = yaml.safe_load(
        (Path(__file__).resolve().parents[1] / "notebooks" / "classroom.yaml").read_text()
    )
    calls = [c["code"] for c in lesson["cells"] if "code" in c]
    widgets = re.compile(r"\b(Prediction|Explorer|Comparison|DraftStepper)\(")
    drawn = [code for code in calls if widgets.search(code)]
    assert len(drawn) >= 5
    assert all('size="presentation"' in code for code in drawn)


def test_spectrum_draws_scores_on_the_ramp_out_of_their_maximum(catalog):
    spec = _spec(build("spectrum", catalog, ["osai-index"], list(SHOWN)))
    d = catalog.definition("osai-index")
    top = max(d.credit.values()) * len(d.dimensions)
    assert all(t["label"].endswith(f" / {top:g}") for t in _rows(spec, "totals"))
    used = _colours(spec, set())
    assert STATUS_COLORS["qualifies"].upper() not in used
    assert RAMP[1].upper() in used


def test_cells_describe_themselves_to_screen_readers_with_only_what_applies(catalog):
    spec = build("verdict-matrix", catalog, ["osaid-1.0", "mof"], ["olmo-7b", "llama-3-8b"])
    svg = vlc.vegalite_to_svg(spec.to_dict())
    labels = re.findall(r'<path[^>]*aria-label="(definition: [^"]*)"', svg)
    assert len(labels) == 4, "one description per cell, none for the invisible legend layers"
    for label in labels:
        assert re.search(r"model: [^;]+; Verdict: (qualifies|fails|cannot tell);", label)
        if label.startswith("definition: OSAID"):
            assert "Level:" not in label and "Score:" not in label


def test_requirement_impact_of_a_ladder_counts_what_sensitivity_counts(catalog):
    # The chart and `openviz sensitivity` answer one question: who would qualify (reach the
    # lowest level) if this requirement alone were dropped.
    for d in [d for d in catalog.definitions.values() if d.kind == "levels"]:
        spec = build("requirement-impact", catalog, [d.id]).to_dict()
        rows = {r["requirement"]: r for r in spec["datasets"]["impact"]}
        sens = openviz.analysis.sensitivity(d, catalog=catalog).set_index("requirement")
        for rid, row in rows.items():
            assert row["freed"] == sens.loc[rid, "freed"], (d.id, rid)


def test_every_chart_takes_and_documents_the_shared_parameters():
    import inspect

    shared = ["lang", "titles", "catalog", "width", "title", "subtitle", "caption"]
    for name, entry in GALLERY.items():
        params = inspect.signature(entry.draw).parameters
        # The frames come first and keep their positions; lang and titles follow them.
        positional = [p for p, v in params.items() if v.kind is v.POSITIONAL_OR_KEYWORD]
        assert positional[-2:] == ["lang", "titles"], name
        about = "definition" if name in ONE_DEFINITION else "definitions"
        for param in [*shared, "description", about]:
            assert param in params, (name, param)
        # Every parameter is documented (numpy style: its name alone on a line).
        doc = entry.draw.__doc__
        assert "{options}" not in doc, name
        for param in params:
            listed = re.search(rf"^    (\*\*)?([\w, ]*\b)?{param}\b[\w, ]*$", doc, re.M)
            assert listed, (name, param)


def test_a_chart_refuses_an_unknown_keyword_by_name(catalog):
    frame = openviz.evaluate(["osaid-1.0"], ["olmo-7b"], catalog=catalog)
    with pytest.raises(TypeError, match="colour"):
        verdict_matrix(frame, colour="red")
    spec = verdict_matrix(frame, "zh", None, catalog=catalog, title="标题", width=500).to_dict()
    assert _meta(spec)["title"] == "标题"
