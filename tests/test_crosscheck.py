"""Crosscheck: where curated releases and their imported counterparts disagree."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from openviz import evaluate, tables
from openviz._yaml import read_yaml
from openviz.catalog import Catalog
from openviz.crosscheck import (
    COLUMNS,
    COUNTERPARTS,
    MOF_COLUMNS,
    counterparts,
    crosscheck,
    mof_agreement,
    mof_agreement_text,
)
from openviz.records import Evidence, Fact
from openviz.sources import convert_mot, write_records
from openviz.sources.mot import mot_class, tool_open_licenses

EV = (Evidence("https://example.org/x", "The example page shows the fact.", "2026-11-24"),)


def fact(status: str, license: str = "") -> Fact:
    return Fact(value=status, license=license, evidence=EV)


@pytest.fixture
def small(catalog) -> Catalog:
    """One curated release and a made-up imported twin that disagrees in known places."""
    base = catalog.release("olmo-7b")
    curated = replace(
        base,
        components=MappingProxyType(
            {
                "final-parameters": fact("yes", "Apache-2.0"),
                "datasets": fact("yes", "ODC-By-1.0"),
                "training-code": fact("yes", "Apache-2.0"),
                "model-card": fact("yes", "Apache-2.0"),
                "evaluation-code": fact("unknown"),
            }
        ),
    )
    twin = replace(
        base,
        id="mot-olmo-7b",
        name="OLMo-7B",
        collection="mot",
        components=MappingProxyType(
            {
                "final-parameters": fact("yes", "MIT"),  # same category: agrees
                "datasets": fact("yes", "none"),  # license category differs
                "training-code": fact("no"),  # status differs
                "evaluation-code": fact("no"),  # curated unknown: not compared
            }
        ),
    )
    other = replace(base, id="osai-olmo", name="Olmo 3", collection="osai-index")
    releases = {r.id: r for r in (curated, twin, other)}
    return replace(catalog, releases=MappingProxyType(releases))


def test_pairs_by_normalised_name(small):
    assert counterparts(small) == [("olmo-7b", "mot-olmo-7b")]
    assert counterparts(small, collections=("osai-index",)) == []


def test_lists_status_and_license_category_disagreements(small):
    frame = crosscheck(small)
    assert list(frame.columns) == list(COLUMNS)
    rows = {r.component: r for r in frame.itertuples()}
    assert set(rows) == {"datasets", "training-code"}
    assert rows["training-code"].curated_status == "yes"
    assert rows["training-code"].imported_status == "no"
    assert rows["datasets"].imported_license == "none"
    assert rows["datasets"].curated_evidence == "https://example.org/x"


def test_no_counterpart_gives_an_empty_frame(small):
    frame = crosscheck(small, collections=("osai-index",))
    assert frame.empty and list(frame.columns) == list(COLUMNS)


def test_explicit_table_names_loaded_releases(catalog):
    for cur, imported in COUNTERPARTS.items():
        assert cur in catalog.releases, cur
        for rid in imported:
            assert rid in catalog.releases, rid


def test_shipped_crosscheck_rows_are_real_disagreements(catalog):
    frame = crosscheck(catalog)
    assert not frame.empty
    assert ("olmo-7b", "mot-olmo-7b") in counterparts(catalog)
    for row in frame.itertuples():
        assert catalog.releases[row.curated].collection == "curated"
        assert catalog.releases[row.imported].collection in ("mot", "osai-index")
        assert "unknown" not in (row.curated_status, row.imported_status)
        assert row.curated_status != row.imported_status or (
            row.curated_license and row.imported_license
        )


def test_every_shipped_disagreement_is_reviewed_and_explained():
    """Every curated/imported disagreement is listed in crosscheck_reviewed.yaml.

    Each one kept as ``explained`` carries a component note naming the other source.
    """
    import re
    from pathlib import Path

    import yaml

    import openviz
    import openviz.crosscheck

    reviewed_path = Path(__file__).resolve().parent / "crosscheck_reviewed.yaml"
    reviewed = yaml.safe_load(reviewed_path.read_text(encoding="utf-8"))
    resolutions = {}
    for entry in reviewed:
        assert set(entry) == {"curated", "imported", "component", "resolution"}, entry
        assert entry["resolution"] in ("fixed", "explained"), entry
        key = (entry["curated"], entry["imported"], entry["component"])
        assert key not in resolutions, f"listed twice: {key}"
        resolutions[key] = entry["resolution"]

    catalog = openviz.load_catalog()
    frame = openviz.crosscheck.crosscheck(catalog)
    names = {"mot": re.compile(r"\bMOT\b"), "osai-index": re.compile(r"\bindex\b", re.IGNORECASE)}
    for row in frame.itertuples():
        key = (row.curated, row.imported, row.component)
        assert key in resolutions, f"disagreement not reviewed: {key}"
        if resolutions[key] != "explained":
            continue
        notes = catalog.releases[row.curated].component(row.component).notes
        source = catalog.releases[row.imported].collection
        assert names[source].search(notes or ""), (
            f"{key}: the component notes should say what the {source} record says and why we differ"
        )


# -- MOF classes as the Model Openness Tool computes them ----------------------------------------
TOOL = Path(__file__).parent / "fixtures" / "mot-tool"
_PROGRESS = re.compile(r"_C1_(\d+)%-C2_(\d+)%-C3_(\d+)%")


def tool_expected(file_name: str) -> int:
    """The class a fixture's name states: the best class at 100% progress (0 for none)."""
    c1, c2, c3 = (int(x) for x in _PROGRESS.search(file_name).groups())
    return 1 if c1 == 100 else 2 if c2 == 100 else 3 if c3 == 100 else 0


def tool_fixtures() -> list[Path]:
    return sorted((TOOL / "models").glob("*.yml"))


def test_the_tool_fixtures_cover_every_class():
    assert {tool_expected(p.name) for p in tool_fixtures()} == {0, 1, 2, 3}


@pytest.mark.parametrize("path", tool_fixtures(), ids=lambda p: p.name.split("_C1")[0])
def test_port_of_the_tool_evaluator_gives_the_fixture_class(path):
    open_ids = tool_open_licenses(TOOL)
    assert mot_class(read_yaml(path).data["release"], open_ids) == tool_expected(path.name)


@pytest.fixture(scope="module")
def tool_catalog(tmp_path_factory):
    from openviz.catalog import load_catalog

    base = load_catalog()
    result = convert_mot(TOOL, base.licenses)
    out = tmp_path_factory.mktemp("mot-tool")
    write_records(result, out)
    return load_catalog(add=[out]), result


def test_openviz_mof_gives_the_tool_class_on_its_own_fixtures(tool_catalog):
    cat, result = tool_catalog
    rels = [cat.release(r["id"]) for r in result.records]
    assert len(rels) == len(tool_fixtures())
    frame = evaluate("mof", rels, catalog=cat)
    class_of_rank = {0: 0, 1: 3, 2: 2, 3: 1}
    got = {
        rel.source_file: (class_of_rank[int(rank)], verdict)
        for rel, rank, verdict in zip(rels, frame.level_rank, frame.verdict, strict=True)
    }
    for rel in rels:
        assert rel.origin["mot_class"] == tool_expected(rel.source_file), rel.source_file
        cls, verdict = got[rel.source_file]
        assert cls == tool_expected(rel.source_file), rel.source_file
        assert verdict != "cannot tell", rel.source_file


def test_an_fsf_libre_licence_counts_as_open_for_mof(tool_catalog):
    # Class3RTestFile licenses its architecture Apache-1.0: FSF-libre, not OSI-approved.
    cat, result = tool_catalog
    rid = next(r["id"] for r in result.records if r["name"].startswith("Class3RTestFile"))
    assert cat.release(rid).component("model-architecture").license == "Apache-1.0"
    assert evaluate("mof", [rid], catalog=cat).level_rank.iloc[0] == 1


def test_model_card_does_not_stand_in_for_a_missing_data_card(catalog):
    for rid in ("mot-gpt-oss-20b", "mot-deepseek-r1"):
        rel = catalog.release(rid)
        assert rel.component("data-card").value == "no"
        assert rel.component("model-card").value == "yes"
        row = evaluate("mof", [rid], catalog=catalog).iloc[0]
        assert row.level_rank == 0 and row.verdict == "fails", rid
        assert rel.origin["mot_class"] == 0


def test_mof_agreement_over_every_imported_mot_record(catalog):
    frame = mof_agreement(catalog)
    assert list(frame.columns) == list(MOF_COLUMNS)
    assert len(frame) == len(catalog.models("mot")) > 200
    # openviz never states a class the tool does not give, above all never a higher one.
    assert (frame.openviz_class == frame.mot_class).all(), frame[~frame.agree]
    # Records whose license fields read "Undisclosed" keep an unknown status, but no
    # disclosed terms can be an open licence: they get no class, as in the tool.
    assert frame.agree.all(), frame[~frame.agree]
    undisclosed = frame.set_index("model").loc[["mot-dou-bao", "mot-ernie-3.0", "mot-exaone"]]
    assert (undisclosed.openviz_best == 0).all()
    text = mof_agreement_text(frame)
    assert f"{int(frame.agree.sum())} of {len(frame)} imported MOT records" in text


def test_mof_agreement_catches_a_wrong_class(catalog):
    rel = catalog.release("mot-gpt-oss-20b")
    wrong = replace(rel, origin=MappingProxyType({**rel.origin, "mot_class": 3}))
    cat = replace(catalog, releases=MappingProxyType({**catalog.releases, wrong.id: wrong}))
    frame = mof_agreement(cat)
    row = frame.set_index("model").loc["mot-gpt-oss-20b"]
    assert not row.agree and row.mot_class == 3 and row.openviz_class == 0
    assert "1 with another class" in mof_agreement_text(frame)


def test_duplicate_mot_files_map_to_the_record_kept(catalog):
    rel = catalog.release("mot-meta-llama-3-8b-instruct")
    assert rel.source_files == (
        "models/Meta-Llama-3-8B-Instruct.yml",
        "models/Llama-3-8B-Instruct.yml",
    )
    listing = tables.listing(catalog, "models", collection="mot")
    files = listing.assign(file=listing.source_files.str.split(";")).explode("file")
    assert files.file.is_unique
    assert len(files) == len(listing) + 3  # the three duplicates the importer skips
    hit = files[files.file == "models/Llama-3-8B-Instruct.yml"]
    assert hit.id.tolist() == ["mot-meta-llama-3-8b-instruct"]
