"""What it would take, which requirement decides, consensus, and custom definitions."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

import openviz
from openviz.analysis import UNKNOWN_COLUMNS, consensus, deciding_unknowns, path_to, sensitivity
from openviz.authoring import save_definition
from openviz.cli import main
from openviz.records import Fact


def _apply_option(rel, frame, option):
    comps, facts = dict(rel.components), dict(rel.release)
    for row in frame[frame.option == option].itertuples():
        status, _, lic = row.then.partition(", ")
        if row.target in comps or row.change in ("release", "relicense", "establish"):
            comps[row.target] = Fact(status, lic)
        else:
            facts[row.target] = Fact(row.then)
    return replace(rel, components=comps, release=facts)


def _passes(catalog, definition, rel, rank=1):
    row = openviz.evaluate(definition, [rel], catalog=catalog).iloc[0]
    if row.kind == "levels":
        return row.level_rank >= rank
    return row.verdict == "qualifies"


def _ideal(catalog, rel, cid):
    comp = catalog.component(cid)
    lic = "Apache-2.0" if comp.type == "code" else "CC-BY-4.0"
    return replace(rel, components={**rel.components, cid: Fact("yes", lic)})


@pytest.mark.parametrize("definition", ["strict", "data-group", "ladder"])
def test_gap_is_exact_on_small_catalogue(mini, definition):
    """Applying a returned option qualifies; no smaller set of component changes does."""
    d = mini.definition(definition)
    comps = [c.id for c in mini.components]
    for rel in mini.releases.values():
        before = openviz.evaluate(d, [rel], catalog=mini).iloc[0]
        rank = before.level_rank + 1 if d.kind == "levels" else 1
        if d.kind == "levels" and before.level_rank == len(d.levels):
            continue
        if d.kind == "binary" and before.verdict == "qualifies":
            assert path_to(rel, d, catalog=mini).empty
            continue
        try:
            frame = path_to(rel, d, catalog=mini)
        except ValueError:
            continue  # e.g. a restriction no component change can lift
        size = int((frame.option == 1).sum())
        for option in frame.option.unique():
            assert _passes(mini, d, _apply_option(rel, frame, option), rank), (rel.id, option)
        for k in range(size):
            for subset in itertools.combinations(comps, k):
                changed = rel
                for cid in subset:
                    changed = _ideal(mini, changed, cid)
                assert not _passes(mini, d, changed, rank), (rel.id, subset)


def test_gap_for_llama_3_under_osaid_names_license_code_and_data(catalog):
    frame = path_to("llama-3-8b", "osaid-1.0")
    first = frame[frame.option == 1]
    assert {"training-code", "final-parameters", "model-architecture"} <= set(first.target)
    assert "relicense" in set(first.change)
    # The data group offers a choice: datasets, paper, report, data card or data information.
    assert frame.option.nunique() >= 2
    rel = catalog.release("llama-3-8b")
    for option in frame.option.unique():
        assert _passes(catalog, "osaid-1.0", _apply_option(rel, frame, option))


def test_gap_is_empty_for_a_qualifying_release(catalog):
    assert path_to("olmo-7b", "osaid-1.0").empty


def test_gap_rejects_score_definitions(catalog):
    with pytest.raises(ValueError, match="no verdict"):
        path_to("olmo-7b", "osai-index")


def test_sensitivity_agrees_with_toggling_each_requirement_off(catalog):
    table = sensitivity("osaid-1.0").set_index("requirement")
    d = catalog.definition("osaid-1.0")
    base = openviz.evaluate(d).set_index("model").verdict
    for rid, row in table.iterrows():
        after = openviz.evaluate(d.with_toggles({rid: "off"})).set_index("model").verdict
        freed = sorted(m for m in base.index if base[m] != "qualifies" and after[m] == "qualifies")
        assert sorted(filter(None, row.models.split(";"))) == freed, rid
        assert row.freed == len(freed)
    assert table.freed.is_monotonic_decreasing


def test_consensus_marks_models_split_between_major_definitions(catalog):
    frame = consensus().set_index("model")
    llama = frame.loc["llama-3-8b"]
    assert "osaid-1.0" in llama.fails.split(";")
    assert "osaid-1.0" in frame.loc["olmo-7b", "qualifies"].split(";")
    contested = frame[frame.contested]
    assert (contested.splitting != "").all()


def test_consensus_counts_the_g7_tiers_from_open_source_ai_and_the_2025_ai_act_reading(catalog):
    from openviz.analysis import CONSENSUS_LEVEL, MAJOR

    assert {"g7-ai-openness-2026", "eu-ai-act-53-2-2025"} <= set(MAJOR)
    assert CONSENSUS_LEVEL["g7-ai-openness-2026"] == "open-source-ai"
    frame = consensus().set_index("model")
    # Llama 3 is Weights Available AI: below the counting tier, so the G7 view fails it.
    assert "g7-ai-openness-2026" in frame.loc["llama-3-8b", "fails"].split(";")
    assert "eu-ai-act-53-2-2025" in frame.loc["llama-3-8b", "fails"].split(";")
    assert "g7-ai-openness-2026" in frame.loc["olmo-7b", "qualifies"].split(";")
    # Mistral 7B is Open Weights AI; the next tier is blocked by an unknown, so cannot tell.
    assert "g7-ai-openness-2026" in frame.loc["mistral-7b", "fails"].split(";") + frame.loc[
        "mistral-7b", "cannot_tell"
    ].split(";")


def test_custom_definition_round_trips_through_validate_and_evaluate(catalog, tmp_path, capsys):
    toggled = catalog.definition("osaid-1.0").with_toggles(
        {"training-code": "off", "parameters": ["osi-approved", "open-data", "use-restricted"]}
    )
    path = save_definition(toggled, tmp_path / "my-osaid.yaml", name="My OSAID")
    assert main(["validate", str(path)]) == 0
    custom = openviz.read_definition(path, catalog)
    a = openviz.evaluate(toggled).verdict.tolist()
    b = openviz.evaluate(custom).verdict.tolist()
    assert a == b
    # It appears beside the published ones: in evaluate and in diff.
    capsys.readouterr()
    assert (
        main(["evaluate", "--definition-file", str(path), "-d", "osaid-1.0", "--format", "csv"])
        == 0
    )
    assert ",my-osaid," in capsys.readouterr().out
    assert main(["diff", "osaid-1.0", str(path), "--format", "json"]) == 0
    assert "training-code" in capsys.readouterr().out


def test_saving_never_overwrites(catalog, tmp_path):
    d = catalog.definition("mof")
    path = save_definition(d, tmp_path / "mine.yaml")
    with pytest.raises(FileExistsError):
        save_definition(d, path)
    from openviz._paths import defs_dir

    with pytest.raises(FileExistsError, match="shipped"):
        save_definition(d, defs_dir() / "definitions" / "mof.yaml", overwrite=True)


def test_cli_gap_and_sensitivity(capsys):
    assert main(["gap", "llama-3-8b", "osaid-1.0"]) == 0
    out = capsys.readouterr().out
    assert "would meet OSAID 1.0" in out and "training-code" in out
    assert main(["sensitivity", "osaid-1.0", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("requirement,label,kind,freed,models")


def test_consensus_chart_shows_only_contested_releases(catalog):
    from openviz.charts import build
    from openviz.charts.consensus import contested

    frame = openviz.evaluate(["osaid-1.0", "open-weight-definition"])
    picked = contested(frame)
    assert "llama-3-8b" not in picked  # fails both
    assert "mistral-7b" in picked  # open weights yes, OSAID no
    spec = build("consensus", definitions=["osaid-1.0", "open-weight-definition"]).to_dict()
    names = {r["model_id"] for ds in spec["datasets"].values() for r in ds if "model_id" in r}
    assert names == set(picked)


# -- deciding unknowns ---------------------------------------------------------------------
def test_a_deciding_unknown_is_listed_with_what_it_could_change(mini):
    frame = deciding_unknowns("strict", catalog=mini)
    assert list(frame.columns) == list(UNKNOWN_COLUMNS)
    (row,) = frame.itertuples(index=False)
    assert (row.model, row.fact, row.kind, row.flips) == (
        "unknown-code",
        "training-code",
        "status",
        1,
    )
    assert row.changes == "strict: cannot tell -> fails | qualifies"
    assert "released under osi-approved" in row.needs
    assert row.recorded == "unknown, no notes" and row.alone


def test_an_unknown_that_cannot_change_the_verdict_is_not_listed(mini):
    rel = mini.release("unknown-code")
    assert openviz.evaluate("strict", [rel], catalog=mini).verdict.iloc[0] == "cannot tell"
    # With the weights withheld the release fails whatever its training code: nothing decides.
    hopeless = replace(
        rel, components={**rel.components, "final-parameters": Fact("no", "", (), "withheld")}
    )
    assert openviz.evaluate("strict", [hopeless], catalog=mini).verdict.iloc[0] == "fails"
    assert deciding_unknowns("strict", [hopeless], catalog=mini).empty
    # Weights-only fails too, although the strict definition reads components it leaves out.
    assert "weights-only" not in set(deciding_unknowns(catalog=mini).model)


def test_unknowns_say_whether_someone_searched(mini):
    rel = mini.release("unknown-code")
    searched = replace(
        rel,
        components={
            **rel.components,
            "training-code": Fact("unknown", "", (), "Searched the org's repositories and paper."),
        },
    )
    (row,) = deciding_unknowns("strict", [searched], catalog=mini).itertuples(index=False)
    assert row.recorded == "unknown, searched" and row.notes.startswith("Searched")
    absent = replace(
        rel, components={k: v for k, v in rel.components.items() if k != "training-code"}
    )
    (row,) = deciding_unknowns("strict", [absent], catalog=mini).itertuples(index=False)
    assert row.recorded == "not recorded"


def test_an_unrecorded_license_decides_like_a_status(mini):
    rel = mini.release("all-open")
    fact = rel.component("training-code")
    blank = replace(rel, components={**rel.components, "training-code": replace(fact, license="")})
    frame = deciding_unknowns("strict", [blank], catalog=mini)
    row = frame.set_index("fact").loc["training-code"]
    assert row.kind == "license" and row.recorded == "license not recorded"
    assert row.changes == "strict: cannot tell -> fails | qualifies"


def test_levels_and_scores_count_as_flips(mini):
    frame = deciding_unknowns(["ladder", "spectrum"], catalog=mini)
    row = frame.set_index(["model", "fact"]).loc[("unknown-code", "training-code")]
    assert row.flips == 2 and row.definitions == "ladder;spectrum"
    assert "ladder: Bronze (could be Gold) -> " in row.changes
    assert "spectrum: score 2 to 3 -> " in row.changes


def test_by_fact_groups_releases(mini):
    frame = deciding_unknowns(catalog=mini, by="fact")
    row = frame.set_index("fact").loc["training-code"]
    assert row.models == "unknown-code" and row.releases == 1
    with pytest.raises(ValueError, match="by must be"):
        deciding_unknowns(catalog=mini, by="model")


@pytest.mark.parametrize("definition", ["osaid-1.0", "mof"])
def test_every_cannot_tell_release_has_a_deciding_unknown(catalog, definition):
    verdicts = openviz.evaluate(definition, catalog=catalog)
    unsure = set(verdicts.model[verdicts.verdict == "cannot tell"])
    listed = set(deciding_unknowns(definition, catalog=catalog).model)
    assert unsure <= listed
    sure = set(verdicts.model[verdicts.verdict != "cannot tell"])
    if definition == "osaid-1.0":
        # For a binary definition, a release with a settled verdict has nothing to decide.
        assert not (sure & listed)


@pytest.mark.parametrize("definition", ["osaid-1.0", "mof"])
def test_every_deciding_unknown_of_a_curated_release_says_what_was_searched(catalog, definition):
    """A "cannot tell" must mean the record is silent, not that nobody looked (issue 14)."""
    todo = deciding_unknowns(definition, catalog=catalog)
    assert not todo.empty
    unsearched = todo[(todo.recorded == "not recorded") | (todo.notes.str.strip() == "")]
    assert unsearched.empty, unsearched[["model", "fact", "recorded"]].to_string()


TWO_CHOICES = """\
id: two-choices
name: Two choices
publisher: Tests
version: "1"
date: 2024-01-01
status: final
sources: [{id: src, url: "https://example.org/def", title: Test definition, accessed: 2026-01-01}]
kind: binary
summary: One of datasets or a data card, and one of a paper or a report.
requirements:
  id: all
  paraphrase: Both choices are required.
  source: src
  all_of:
    - id: data
      paraphrase: Datasets or a data card.
      source: src
      any_of:
        - {id: datasets, paraphrase: The datasets., source: src, component: datasets}
        - {id: card, paraphrase: A data card., source: src, component: data-card}
    - id: docs
      paraphrase: A paper or a report.
      source: src
      any_of:
        - {id: paper, paraphrase: A paper., source: src, component: research-paper}
        - {id: report, paraphrase: A report., source: src, component: technical-report}
"""


def test_unknowns_that_decide_only_together_are_listed_as_such(mini, tmp_path):
    path = tmp_path / "two-choices.yaml"
    path.write_text(TWO_CHOICES)
    cat = openviz.load_catalog(mini.root, add=[path])
    rel = cat.release("unknown-code")
    blank = replace(
        rel,
        components={
            k: v
            for k, v in rel.components.items()
            if k not in ("datasets", "data-card", "research-paper", "technical-report")
        },
    )
    assert openviz.evaluate("two-choices", [blank], catalog=cat).verdict.iloc[0] == "cannot tell"
    frame = deciding_unknowns("two-choices", [blank], catalog=cat)
    # No single one of the four settles the verdict, but each feeds the uncertainty.
    assert set(frame.fact) == {"datasets", "data-card", "research-paper", "technical-report"}
    assert not frame.alone.any()
    assert frame.changes.str.endswith("(decides together with other unknowns)").all()


def test_levels_sensitivity_counts_what_evaluate_gives_with_the_requirement_off(catalog):
    # One meaning of "qualifies" for a ladder: reaching its lowest level, as evaluate's
    # verdict says (openviz.kinds.Levels). Sensitivity counts exactly that.
    ladders = [d for d in catalog.definitions.values() if d.kind == "levels"]
    assert ladders
    for d in ladders:
        table = sensitivity(d, catalog=catalog).set_index("requirement")
        base = openviz.evaluate(d, catalog=catalog).set_index("model")
        lowest = base.level_rank >= 1
        assert (lowest == (base.verdict == "qualifies")).all(), d.id
        for rid, row in table.iterrows():
            after = openviz.evaluate(d.with_toggles({rid: "off"}), catalog=catalog)
            after = after.set_index("model").verdict
            freed = sorted(m for m in base.index if not lowest[m] and after[m] == "qualifies")
            assert sorted(filter(None, row.models.split(";"))) == freed, (d.id, rid)
            assert row.freed == len(freed)


def test_sensitivity_for_a_named_level_counts_releases_kept_below_it(catalog):
    d = catalog.definition("mof")
    top = d.levels[-1].id
    table = sensitivity(d, catalog=catalog, level=top).set_index("requirement")
    base = openviz.evaluate(d, catalog=catalog).set_index("model").level_rank
    for rid, row in table.iterrows():
        after = openviz.evaluate(d.with_toggles({rid: "off"}), catalog=catalog)
        after = after.set_index("model").level_rank
        freed = sorted(m for m in base.index if base[m] < len(d.levels) <= after[m])
        assert sorted(filter(None, row.models.split(";"))) == freed, rid
    with pytest.raises(KeyError, match="no level"):
        sensitivity(d, catalog=catalog, level="class-none")


def test_cli_sensitivity_for_a_level_and_a_bad_level(capsys):
    assert main(["sensitivity", "mof", "--level", "class-1", "--format", "csv"]) == 0
    assert "requirement" in capsys.readouterr().out
    assert main(["sensitivity", "mof", "--level", "class-none"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "class-none" in err[0] and "levels:" in err[0]
