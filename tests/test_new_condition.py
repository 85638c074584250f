"""CONTRIBUTING's worked example, end to end: a new condition kind is one class, its schema
entry and its words, and every part of openviz that judges, explains or shows a condition
takes it from there (the engine, the explanation, the diff rows, the interactive page).

The class is registered for the test only, and the words are added to a copy of the
translation table that the test points openviz at.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from types import MappingProxyType

import pytest

import openviz
from openviz import _words
from openviz.conditions import CONDITIONS, _Flag
from openviz.i18n import text
from openviz.interactive import SCRIPT, page_data
from openviz.records import Evidence, Fact, Requirement

WORDS = Path(_words.__file__).with_name("words.yaml")
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SCHEMAS = Path(__file__).resolve().parent.parent / "defs" / "schema"


class NotMilitary(_Flag):
    """``not-military``: the release is not offered for military use (the worked example)."""

    name = "not-military"
    reads = "military"
    need = "not for military use"
    change = ("not-military", "stop offering it for military use")


@pytest.fixture
def military(tmp_path, monkeypatch):
    """Register the class and its words; undo both afterwards."""
    words = WORDS.read_text(encoding="utf-8")
    row = '  "condition:not-military": {en: "Not for military use", zh: "不得用于军事"}\n'
    line = '  "military": {en: "military use: {value}", zh: "军事用途：{value}"}\n'
    words = words.replace("\ninterface:\n", "\ninterface:\n" + row)
    words = words.replace("\nexplanations:\n", "\nexplanations:\n" + line)
    table = tmp_path / "words.yaml"
    table.write_text(words, encoding="utf-8")
    monkeypatch.setattr(_words, "WORDS_FILE", table)
    monkeypatch.setitem(openviz.requirements._REGISTRY, "not-military", NotMilitary)
    openviz.clear_caches()
    yield
    openviz.clear_caches()


def _with_condition(catalog):
    d = catalog.definition("osaid-1.0")
    leaf = Requirement(
        id="not-military",
        kind="condition",
        paraphrase="not offered for military use",
        source=d.requirements.source,
        condition="not-military",
    )
    root = dataclasses.replace(d.requirements, children=(*d.requirements.children, leaf))
    return dataclasses.replace(d, id="osaid-1.0-civil", requirements=root)


def _release(catalog, rid, value):
    rel = catalog.release(rid)
    said = Evidence(
        url="https://example.org/terms",
        shows="The terms forbid military use.",
        accessed="2026-12-03",
    )
    fact = Fact(value=value, evidence=(said,) if value != "unknown" else ())
    return dataclasses.replace(rel, release=MappingProxyType({**rel.release, "military": fact}))


def test_a_new_condition_is_judged_explained_and_shown_from_its_class(catalog, military):
    d = _with_condition(catalog)
    rels = [
        _release(catalog, "olmo-7b", "no"),
        _release(catalog, "pythia-6.9b", "yes"),
        _release(catalog, "amber-7b", "unknown"),
    ]
    published = openviz.evaluate(["osaid-1.0"], rels, catalog=catalog).set_index("model")
    frame = openviz.evaluate([d], rels, catalog=catalog).set_index("model")
    # The engine: met where the release is not for military use, unmet where it is, and
    # unknown only keeps a release from qualifying.
    assert frame.loc["pythia-6.9b", "verdict"] == "fails"
    for rid in ("olmo-7b", "amber-7b"):
        if published.loc[rid, "verdict"] == "fails":
            assert frame.loc[rid, "verdict"] == "fails"
    assert "not-military" in frame.loc["pythia-6.9b", "unmet"]
    assert "not-military" in frame.loc["amber-7b", "unknown"]

    # The explanation, in both languages, from the class and the new words.
    for lang, said in (("en", "military use: yes"), ("zh", "军事用途：是")):
        rows = openviz.explain(rels[1], d, catalog=catalog, lang=lang).set_index("requirement")
        assert rows.loc["not-military", "fact"] == said
        assert rows.loc["not-military", "result"] == "unmet"
        assert rows.loc["not-military", "evidence_url"] == "https://example.org/terms"

    # The diff names the new row by its words.
    changes = openviz.diff(catalog.definition("osaid-1.0"), d, rels, catalog=catalog)
    assert "condition:not-military" in set(changes.requirements["item"])
    assert text("condition:not-military", "zh") == "不得用于军事"

    # The interactive page: the condition's facts are worked out in Python by the class, and
    # its bits by the engine, so the page's script knows nothing of it.
    data = page_data(catalog, [d], rels, lang="zh")
    [shown] = data["definitions"]
    facts = [[data["pool"][k] for k in fact] for fact in shown["nodes"]["not-military"]["facts"]]
    assert facts[1] == [
        "军事用途：是",
        "https://example.org/terms",
        "The terms forbid military use.",
    ]


def test_the_page_script_names_no_condition_and_no_definition_kind():
    script = SCRIPT.read_text(encoding="utf-8")
    for kind in CONDITIONS:
        assert kind.name not in script, kind.name
    for kind in ("binary", "levels", "score", "descriptive"):
        assert f'"{kind}"' not in script, kind


def test_a_new_condition_read_from_data_files_needs_only_the_schema_entries(tmp_path, military):
    # The data side of the example: a definition file that uses the condition and a model
    # file that records the fact load once the two schemas name them, and nothing else.
    folder = tmp_path / "defs"
    shutil.copytree(MINI, folder)
    shutil.copytree(SCHEMAS, folder / "schema")
    definition_schema = folder / "schema" / "definition.schema.json"
    schema = json.loads(definition_schema.read_text(encoding="utf-8"))
    schema["$defs"]["node"]["properties"]["condition"]["enum"].append("not-military")
    definition_schema.write_text(json.dumps(schema), encoding="utf-8")
    model_schema = folder / "schema" / "model.schema.json"
    schema = json.loads(model_schema.read_text(encoding="utf-8"))
    schema["properties"]["release"]["properties"]["military"] = {"$ref": "#/$defs/flag_fact"}
    model_schema.write_text(json.dumps(schema), encoding="utf-8")
    strict = (folder / "definitions" / "strict.yaml").read_text(encoding="utf-8")
    civil = strict.replace("id: strict", "id: civil").replace(
        "    - {id: card,",
        "    - {id: civil, paraphrase: Not offered for military use., source: src, "
        "condition: not-military}\n    - {id: card,",
    )
    (folder / "definitions" / "civil.yaml").write_text(civil, encoding="utf-8")
    model = folder / "models" / "all-open.yaml"
    model.write_text(
        model.read_text(encoding="utf-8")
        + 'release:\n  military: {value: "yes", evidence: [{url: "https://example.org/x", '
        "shows: A test page saying so., accessed: 2026-01-01}]}\n",
        encoding="utf-8",
    )

    catalog = openviz.load_catalog(folder)
    frame = openviz.evaluate(["strict", "civil"], ["all-open"], catalog=catalog)
    verdicts = dict(zip(frame.definition, frame.verdict, strict=True))
    assert verdicts == {"strict": "qualifies", "civil": "fails"}
    assert frame.set_index("definition").loc["civil", "unmet"] == "civil"
