"""The MOT and EU index importers: valid records, faithful statuses, clear warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import openviz
from openviz.sources import ImportResult, convert_mot, convert_osai_index, write_records
from openviz.sources.mot import MOF_COMPONENTS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MOT = FIXTURES / "mot"
INDEX = FIXTURES / "osai-index"
MOT_URL = "https://github.com/lfai/model_openness_tool/blob/8b5d30e90a7c/models/"


@pytest.fixture(scope="module")
def mot(catalog) -> ImportResult:
    return convert_mot(MOT, catalog.licenses)


@pytest.fixture(scope="module")
def index(catalog) -> ImportResult:
    return convert_osai_index(INDEX, catalog.licenses)


def by_id(result: ImportResult) -> dict[str, dict]:
    return {r["id"]: r for r in result.records}


def has_warning(result: ImportResult, *parts: str) -> bool:
    return any(all(p in w for p in parts) for w in result.warnings)


# -- schema validity -----------------------------------------------------------------------
@pytest.mark.parametrize("which", ["mot", "index"])
def test_written_records_are_valid_release_files(which, request, tmp_path, catalog):
    result = request.getfixturevalue(which)
    written = write_records(result, tmp_path / which)
    assert [p.stem for p in written] == [r["id"] for r in result.records]
    for path in written:
        release = openviz.read_release(path, catalog)
        assert release.id == path.stem
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../../schema/model.schema.json"
    loaded = openviz.load_catalog(add=[tmp_path / which])
    assert {r["id"] for r in result.records} <= set(loaded.releases)


def test_write_records_is_stable_and_clears_stale_imports(mot, tmp_path):
    out = tmp_path / "mot"
    first = {p.name: p.read_bytes() for p in write_records(mot, out)}
    (out / "mot-gone.yaml").write_text("id: mot-gone\norigin:\n  source: mot\n")
    (out / "hand-written.yaml").write_text("id: hand-written\n")
    second = {p.name: p.read_bytes() for p in write_records(mot, out, replace=True)}
    assert first == second
    assert not (out / "mot-gone.yaml").exists()
    assert (out / "hand-written.yaml").exists()
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    assert [p.name for p in tmp_path.iterdir()] == ["mot"]  # no build or backup folder left


# -- MOT -----------------------------------------------------------------------------------
def test_mot_ids_and_skipped_files(mot):
    assert sorted(by_id(mot)) == [
        "mot-falcon-40b",
        "mot-gpt-3-finnish",
        "mot-olmo-7b",
        "mot-qwen2.5-32b-instruct",
        "mot-yayi-2",
    ]


def test_mot_files_skipped_as_duplicates_map_to_the_record_kept(mot):
    records = by_id(mot)
    assert records["mot-qwen2.5-32b-instruct"]["origin"]["files"] == [
        "models/Qwen2.5-32B-Instruct.yml",
        "models/Qwen2.5-72B-Instruct.yml",
    ]
    assert records["mot-olmo-7b"]["origin"]["files"] == ["models/OLMo-7B.yml"]
    assert has_warning(mot, "models/Qwen2.5-72B-Instruct.yml", "origin.files")
    # This folder holds no copy of the tool's license lists: no tool class is recorded.
    assert all("mot_class" not in r["origin"] for r in mot.records)


def test_mot_records_the_tool_class_when_its_license_lists_are_there(catalog, tmp_path):
    shutil.copytree(MOT / "models", tmp_path / "models")
    tool = Path(__file__).parent / "fixtures" / "mot-tool"
    for name in ("licenses.json", "mof-licenses.json"):
        shutil.copy(tool / name, tmp_path / name)
    records = by_id(convert_mot(tmp_path, catalog.licenses))
    assert all(r["origin"]["mot_class"] in (0, 1, 2, 3) for r in records.values())


def test_mot_names_map_to_the_mof_backbone(catalog):
    # The importer's table agrees with the vocabulary on MOF names and content types.
    assert len({cid for _, cid, _ in MOF_COMPONENTS}) == 17
    for name, cid, content_type in MOF_COMPONENTS:
        component = catalog.component(cid)
        assert component.names.get("mof") == name
        assert component.type == content_type


def test_mot_every_record_states_all_17_components(mot):
    for record in mot.records:
        assert len(record["components"]) == 17
        assert record["origin"]["source"] == "mot"
        assert record["origin"]["commit"] == "8b5d30e90a7c"
        assert record["origin"]["license"] == "MIT"


def test_mot_inherited_and_own_licenses(mot):
    olmo = by_id(mot)["mot-olmo-7b"]
    assert olmo["family"] == "olmo" and olmo["stage"] == "base" and olmo["modality"] == "text"
    assert olmo["release_date"] == "2025-05-16"
    assert olmo["origin"]["file"] == "models/OLMo-7B.yml"
    code = olmo["components"]["training-code"]
    # No component license: the release's distribution license applies.
    assert code["status"] == "yes" and code["license"] == "Apache-2.0"
    assert "distribution license" in code["evidence"][0]["shows"]
    assert olmo["components"]["research-paper"]["license"] == "CC-BY-4.0"


def test_mot_absent_component_is_not_released_with_evidence(mot):
    meta = by_id(mot)["mot-olmo-7b"]["components"]["model-metadata"]
    assert meta["status"] == "no" and "license" not in meta
    (ev,) = meta["evidence"]
    assert ev["url"] == MOT_URL + "OLMo-7B.yml"
    assert ev["via"] == "mot" and ev["accessed"] == "2026-11-24"
    assert "does not list the model metadata" in ev["shows"]


def test_mot_license_spellings_are_normalised(mot):
    falcon = by_id(mot)["mot-falcon-40b"]["components"]
    assert falcon["model-architecture"]["license"] == "Apache-2.0"  # written "Apache 2.0"
    assert falcon["final-parameters"] == {**falcon["final-parameters"], "license": "none"}
    assert falcon["final-parameters"]["status"] == "yes"  # "unlicensed"
    assert falcon["training-code"]["status"] == "no"


def test_mot_placeholder_license_gives_no_license_and_a_warning(mot):
    yayi = by_id(mot)["mot-yayi-2"]
    weights = yayi["components"]["final-parameters"]
    assert weights["status"] == "yes" and "license" not in weights
    assert has_warning(mot, "models/Yayi-2.yml", "Model parameters (Final)", "'Other License'")
    assert yayi["modality"] == "other"
    assert has_warning(mot, "models/Yayi-2.yml", "modality other")


def test_mot_self_contradicting_license_field_leaves_status_unknown(mot):
    finnish = by_id(mot)["mot-gpt-3-finnish"]["components"]
    assert finnish["final-parameters"]["status"] == "unknown"
    assert "unclear" in finnish["final-parameters"]["notes"]
    assert has_warning(mot, "GPT-3-Finnish.yml", "Component Component not included", "unknown")
    # An unknown license name: released, license left out, warning names file and component.
    assert finnish["model-architecture"]["status"] == "yes"
    assert "license" not in finnish["model-architecture"]
    assert has_warning(mot, "models/GPT-3-Finnish.yml", "Model architecture", "'Bloom'")


def test_mot_duplicates_and_test_record_are_skipped_with_warnings(mot):
    qwen = by_id(mot)["mot-qwen2.5-32b-instruct"]
    assert qwen["origin"]["file"] == "models/Qwen2.5-32B-Instruct.yml"
    assert qwen["stage"] == "tuned"
    assert has_warning(mot, "models/Qwen2.5-72B-Instruct.yml", "duplicate release name")
    assert has_warning(mot, "models/Qwen2.5-72B-Instruct.yml", "size 72B")
    assert has_warning(mot, "models/DeepSeek-V3-test.yml", "test record")


def test_mot_broken_files_never_stop_the_import(tmp_path, catalog):
    folder = tmp_path / "models"
    shutil.copytree(MOT / "models", folder)
    (folder / "Broken.yml").write_text("release:\n  name: [unclosed\n")
    (folder / "List.yml").write_text("- just\n- a list\n")
    (folder / "NoDate.yml").write_text("release:\n  name: NoDate\n  date: '2024-13-45'\n")
    result = convert_mot(tmp_path, catalog.licenses)
    assert len(result.records) == 5
    assert has_warning(result, "models/Broken.yml", "skipped")
    assert has_warning(result, "models/List.yml", "skipped")
    assert has_warning(result, "models/NoDate.yml", "not a real date")


# -- EU index ------------------------------------------------------------------------------
def test_index_ids_and_origin(index):
    records = by_id(index)
    assert sorted(records) == ["osai-falcon", "osai-gansynth", "osai-olmo", "osai-pythia"]
    olmo = records["osai-olmo"]
    assert olmo["origin"]["file"] == "OLMo.yaml"
    assert olmo["origin"]["license"] == "CC-BY-4.0"
    assert "zenodo.15386042" in olmo["origin"]["attribution"]


def test_index_classes_map_to_statuses_with_cited_links(index):
    olmo = by_id(index)["osai-olmo"]
    assert olmo["stage"] == "tuned" and olmo["base_model"] == "Olmo-3-1125-32B"
    comps = olmo["components"]
    assert comps["datasets"]["status"] == "yes"
    ev = comps["datasets"]["evidence"][0]
    assert ev["url"] == "https://huggingface.co/datasets/allenai/dolma3_mix-5.5T-1125"
    assert ev["via"] == "osai-index" and "rating the training data of the base model" in ev["shows"]
    assert comps["research-paper"]["status"] == "partial"
    weights = comps["final-parameters"]
    assert weights["status"] == "yes" and weights["license"] == "Apache-2.0"
    assert "base-model weights (Olmo-3-1125-32B) open" in weights["notes"]
    falcon = by_id(index)["osai-falcon"]["components"]
    assert falcon["training-code"]["status"] == "no"


def test_index_empty_class_leaves_the_component_unknown(index):
    pythia = by_id(index)["osai-pythia"]["components"]
    assert "research-paper" not in pythia  # paper: class empty in the fixture
    assert pythia["technical-report"]["status"] == "partial"


def test_index_license_problems_are_warned(index):
    falcon = by_id(index)["osai-falcon"]["components"]["final-parameters"]
    assert "license" not in falcon
    assert has_warning(index, "Falcon.yaml", "'Falcon LLM License'", "recorded no license")
    gansynth = by_id(index)["osai-gansynth"]
    assert gansynth["components"]["final-parameters"]["license"] == "Apache-2.0"
    assert gansynth["modality"] == "audio" and gansynth["stage"] == "base"
    assert has_warning(index, "GANSynth.yaml", "'endmodel license'")


def test_index_skips_support_files_and_survives_broken_ones(tmp_path, catalog):
    folder = tmp_path / "index"
    shutil.copytree(INDEX, folder)
    (folder / "_parameters.yml").write_text("- name: Availability\n")
    (folder / "a_submission_template.yaml").write_text("system:\n  name:\n")
    (folder / "Broken.yaml").write_text("system:\n\tname: x\n")
    (folder / "NoDate.yaml").write_text("system:\n  name: NoDate\n  releasedate:\n")
    result = convert_osai_index(folder, catalog.licenses)
    assert len(result.records) == 4
    assert not has_warning(result, "_parameters") and not has_warning(result, "template")
    assert has_warning(result, "Broken.yaml", "skipped")
    assert has_warning(result, "NoDate.yaml", "release date")


# -- the bundled collections -----------------------------------------------------------------
def test_bundled_collections_load(catalog):
    for name, at_least in (("mot", 250), ("osai-index", 180)):
        releases = catalog.models(name)
        imported = [r for r in releases if r.collection == name]
        assert len(imported) >= at_least
        for rel in imported:
            assert rel.origin["source"] == name
            for fact in rel.components.values():
                assert all(ev.via == name for ev in fact.evidence)


def test_bundled_collections_evaluate_under_every_definition(catalog):
    frame = openviz.evaluate(catalog=catalog, collection=["mot", "osai-index"])
    models = {r.id for r in catalog.models(["mot", "osai-index"])}
    assert len(frame) == len(models) * len(catalog.definitions)
    binary = frame[frame["kind"] == "binary"]
    assert set(binary["verdict"]) <= set(openviz.VERDICTS)


# -- writing a collection loses nothing ----------------------------------------------------
def test_write_records_refuses_an_empty_result_and_deletes_nothing(mot, tmp_path):
    out = tmp_path / "mot"
    write_records(mot, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(ValueError, match="no records; nothing was written"):
        write_records(ImportResult((), ()), out, replace=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_failure_midway_leaves_the_old_collection_intact(mot, tmp_path, monkeypatch):
    from openviz.sources import collection

    out = tmp_path / "mot"
    write_records(mot, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real, calls = collection.write_atomic, []

    def fail_on_third(path, content, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(path, content, **kwargs)

    monkeypatch.setattr(collection, "write_atomic", fail_on_third)
    with pytest.raises(OSError, match="No space"):
        write_records(mot, out, replace=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["mot"]  # the half-built set is gone


def test_an_interrupted_swap_is_reported_not_overwritten(mot, tmp_path):
    # Killed between the two renames: the old set lives only in the backup folder.
    backup = tmp_path / ".mot.openviz-previous-abc123"
    backup.mkdir()
    (backup / "mot-old.yaml").write_text("id: mot-old\norigin:\n  source: mot\n")
    with pytest.raises(FileExistsError, match="was interrupted; its previous records are in"):
        write_records(mot, tmp_path / "mot", replace=True)
    assert (backup / "mot-old.yaml").is_file() and not (tmp_path / "mot").exists()


def test_a_record_of_another_importer_is_not_ours(mot, index, tmp_path):
    out = tmp_path / "shared"
    write_records(index, out)
    written = write_records(mot, out)  # the folder holds no mot records yet: no replace needed
    names = {p.name for p in out.iterdir()}
    assert {p.name for p in written} <= names
    assert {f"{r['id']}.yaml" for r in index.records} <= names
