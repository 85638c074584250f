"""The evaluation engine on small hand-built fixtures: one test per rule type and toggle kind."""

from __future__ import annotations

import pytest

import openviz
from openviz.i18n import label


def verdicts(mini, definition, toggles=None, column="verdict"):
    frame = openviz.evaluate(definition, list(mini.releases), catalog=mini, toggles=toggles)
    return dict(zip(frame.model, frame[column], strict=True))


def test_all_of_needs_every_requirement(mini):
    v = verdicts(mini, "strict")
    assert v["all-open"] == "qualifies"
    assert v["weights-only"] == "fails"
    assert v["card-only"] == "fails"


def test_license_category_must_be_accepted(mini):
    v = verdicts(mini, "strict")
    # Released, but under a use-restricted license or no license at all.
    assert v["capped-weights"] == "fails"
    assert v["unlicensed-weights"] == "fails"


def test_release_condition_reads_license_restrictions(mini):
    unmet = verdicts(mini, "strict", column="unmet")
    assert "free-use" in unmet["capped-weights"].split(";")
    assert "free-use" not in unmet["all-open"].split(";")


def test_unknown_fact_gives_cannot_tell_never_qualifies(mini):
    v = verdicts(mini, "strict")
    assert v["unknown-code"] == "cannot tell"
    unknown = verdicts(mini, "strict", column="unknown")
    # Code that may or may not be out may be out under restrictive terms: free-use is open too
    # (otherwise an unknown fact could make a release qualify; see test_properties.py).
    assert unknown["unknown-code"] == "code;free-use"


@pytest.mark.parametrize(
    ("license", "verdict"),
    [("CC-BY-4.0", "fails"), ("Apache-2.0", "cannot tell"), (None, "cannot tell")],
)
def test_unknown_release_under_a_refused_license_fails_for_sure(tmp_path, license, verdict):
    """Whether or not it came out, code under terms the definition refuses cannot meet it."""
    import shutil

    from tests.conftest import MINI

    shutil.copytree(MINI, tmp_path / "defs")
    path = tmp_path / "defs" / "models" / "unknown-code.yaml"
    fact = "{status: unknown" + (f", license: {license}" if license else "") + "}"
    path.write_text(path.read_text().replace("{status: unknown}", fact))
    cat = openviz.load_catalog(tmp_path / "defs")
    frame = openviz.evaluate("strict", ["unknown-code"], catalog=cat)
    assert frame.verdict.tolist() == [verdict]
    if verdict == "fails":
        assert "code" in frame.unmet[0].split(";") and "code" not in frame.unknown[0].split(";")


def test_partial_release_does_not_meet_a_binary_requirement(mini):
    assert verdicts(mini, "strict")["partial-code"] == "fails"


def test_any_of_is_met_by_any_option_and_blamed_as_a_group(mini):
    v = verdicts(mini, "data-group")
    assert v["card-only"] == "qualifies"  # only a data card, no datasets, paper or report
    assert v["paper-not-report"] == "qualifies"
    assert v["weights-only"] == "fails"
    assert verdicts(mini, "data-group", column="unmet")["weights-only"] == "data"


def test_substitute_stands_in_for_a_missing_component(mini):
    levels = verdicts(mini, "ladder", column="level")
    assert levels["paper-not-report"] == "Gold"  # paper replaces the report
    assert levels["card-only"] == ""  # neither report nor paper


def test_levels_are_cumulative_and_report_what_blocks_the_next(mini):
    frame = openviz.evaluate("ladder", list(mini.releases), catalog=mini).set_index("model")
    assert frame.loc["all-open", "level"] == "Gold"
    assert frame.loc["all-open", "level_rank"] == 3
    # Data is open but code is only partial: stuck at Bronze even though Gold's own rule holds.
    assert frame.loc["partial-code", "level"] == "Bronze"
    assert frame.loc["partial-code", "unmet"] == "code"
    assert frame.loc["unknown-code", "unknown"] == "code"
    assert frame.loc["capped-weights", "verdict"] == "fails"


def test_score_credits_open_partial_closed_and_never_credits_unknown(mini):
    frame = openviz.evaluate("spectrum", list(mini.releases), catalog=mini).set_index("model")
    assert frame.loc["all-open", "score"] == 3
    assert frame.loc["weights-only", "score"] == 1
    assert frame.loc["capped-weights", "score"] == 2.5  # weights released, license not accepted
    assert frame.loc["partial-code", "score"] == 2.5
    assert frame.loc["unknown-code", "score"] == 2
    assert frame.loc["unknown-code", "score_max"] == 3
    assert frame.loc["all-open", "verdict"] == ""


def test_descriptive_definition_gives_no_verdict_or_score(mini):
    frame = openviz.evaluate("profile", list(mini.releases), catalog=mini)
    assert set(frame.verdict) == {""}
    assert frame.score.isna().all()


def test_toggle_off_drops_a_requirement(mini):
    assert verdicts(mini, "strict", {"strict": {"code": "off"}})["partial-code"] == "qualifies"


def test_toggle_on_requires_an_optional_item(mini):
    before = verdicts(mini, "strict")
    after = verdicts(mini, "strict", {"strict": {"card": "on"}})
    assert before["all-open"] == after["all-open"] == "qualifies"  # all-open has a data card
    d = mini.definition("strict").with_toggles({"card": "on", "code": "off", "data": "off"})
    v = verdicts(mini, d)
    assert v["card-only"] == "qualifies"
    assert v["weights-only"] == "fails"  # no data card


def test_toggle_license_set_changes_what_is_accepted(mini):
    d = mini.definition("strict").with_toggles(
        {"weights": ["osi-approved", "open-data", "use-restricted"], "free-use": "off"}
    )
    assert verdicts(mini, d)["capped-weights"] == "qualifies"


def test_toggling_returns_a_new_definition_and_never_mutates(mini):
    published = mini.definition("strict")
    toggled = published.with_toggles({"code": "off"})
    assert toggled is not published
    assert published.requirement("code").enabled
    assert not toggled.requirement("code").enabled
    assert not published.is_modified and toggled.is_modified
    assert mini.definition("strict") is published
    # Toggles accumulate, and "published" undoes one.
    both = toggled.with_toggles({"data": "off"})
    assert dict(both.toggles) == {"code": "off", "data": "off"}
    back = both.with_toggles({"code": "published", "data": "published"})
    assert not back.is_modified and back.requirement("code").enabled


def test_unknown_toggle_names_the_known_requirements(mini):
    with pytest.raises(KeyError, match="known: "):
        mini.definition("strict").with_toggles({"nope": "off"})
    with pytest.raises(ValueError, match="on, off"):
        mini.definition("strict").with_toggles({"code": "maybe"})


def test_modified_column_marks_toggled_rows(mini):
    frame = openviz.evaluate(
        "strict", "all-open", catalog=mini, toggles={"strict": {"code": "off"}}
    )
    assert frame.modified.tolist() == [True]


def test_explain_lists_each_requirement_with_fact_and_evidence(mini):
    table = openviz.explain("capped-weights", "strict", catalog=mini).set_index("requirement")
    assert table.loc["weights", "result"] == "partial"
    # Facts are words: licence categories and restriction kinds by their labels, not ids.
    assert label(mini, "category", "use-restricted") in table.loc["weights", "fact"]
    assert table.loc["weights", "evidence_url"].startswith("https://")
    assert table.loc["free-use", "result"] == "unmet"
    assert label(mini, "restriction", "mau-cap") in table.loc["free-use", "fact"]
    assert "mau-cap" not in table.loc["free-use", "fact"]
    assert table.loc["card", "result"] == "off"


def test_explain_names_the_substitute_that_met_a_requirement(mini):
    table = openviz.explain("paper-not-report", "ladder", catalog=mini).set_index("requirement")
    assert table.loc["report", "result"] == "met"
    assert label(mini, "component", "research-paper") in table.loc["report", "note"]


def test_evaluate_frame_is_tidy_one_row_per_model_and_definition(mini):
    frame = openviz.evaluate(["strict", "ladder"], list(mini.releases), catalog=mini)
    assert len(frame) == 2 * len(mini.releases)
    assert not frame.duplicated(["model", "definition"]).any()
