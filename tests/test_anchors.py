"""The verdicts the argument turns on, computed from the shipped data (issue 2's acceptance)."""

from __future__ import annotations

import openviz
from openviz.cli import main
from openviz.i18n import label


def test_osaid_1_0_open_models_qualify_and_llama_3_fails(catalog):
    frame = openviz.evaluate(
        "osaid-1.0", ["olmo-7b", "pythia-6.9b", "llama-3-8b", "mistral-nemo-12b"]
    )
    verdict = dict(zip(frame.model, frame.verdict, strict=True))
    assert verdict["olmo-7b"] == "qualifies"
    assert verdict["pythia-6.9b"] == "qualifies"
    assert verdict["llama-3-8b"] == "fails"
    assert verdict["mistral-nemo-12b"] == "fails"


def test_llama_3_fails_osaid_on_its_license_and_withheld_code(catalog):
    table = openviz.explain("llama-3-8b", "osaid-1.0").set_index("requirement")
    unmet = table[table.result.isin(["unmet", "partial"])]
    assert "four-freedoms" in unmet.index
    assert "training-code" in unmet.index
    assert label(catalog, "restriction", "mau-cap") in table.loc["four-freedoms", "fact"]
    leaves = unmet[unmet.kind == "component"]
    assert leaves.evidence_url.str.startswith("https://").all()


def test_cli_evaluate_lists_the_four_anchor_releases(capsys):
    code = main(["evaluate", "--definition", "osaid-1.0", "--format", "csv"])
    out = capsys.readouterr().out
    assert code == 0
    rows = {line.split(",")[0]: line.split(",")[2] for line in out.splitlines()[1:]}
    assert rows["olmo-7b"] == "qualifies" and rows["pythia-6.9b"] == "qualifies"
    assert rows["llama-3-8b"] == "fails"
    assert "mistral-nemo-12b" in rows


def test_mof_grades_the_fully_open_models_above_llama(catalog):
    frame = openviz.evaluate("mof", ["olmo-7b", "pythia-6.9b", "llama-3-8b"]).set_index("model")
    assert frame.loc["llama-3-8b", "level_rank"] == 0
    assert frame.loc["llama-3-8b", "verdict"] == "fails"
    # As in the Model Openness Tool, the model card no longer stands in for the data card
    # (issue 14), so Class III for OLMo 7B and Pythia 6.9B rests on their data card's
    # licence: everything else Class III asks is met. Once the curated data-card licences
    # are settled, assert level_rank >= 1 again for both.
    for model in ("olmo-7b", "pythia-6.9b"):
        table = openviz.explain(model, "mof").set_index("requirement")
        class_3 = table[(table.part == "class-3") & (table.kind == "component")]
        short = class_3[~class_3.result.isin(["met", "off"])]
        assert frame.loc[model, "level_rank"] >= 1 or list(short.index) == ["data-card"], model
