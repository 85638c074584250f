"""Every shipped data file, one test each: valid, cross-referenced, and honest about evidence."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import openviz
from openviz._yaml import read_yaml
from openviz.problems import CatalogError

DEFS = Path(__file__).resolve().parent.parent / "defs"
MODEL_FILES = sorted((DEFS / "models").rglob("*.yaml"))
DEFINITION_FILES = sorted((DEFS / "definitions").glob("*.yaml"))


def _ids(paths):
    return [str(p.relative_to(DEFS)) for p in paths]


@pytest.mark.parametrize("path", MODEL_FILES, ids=_ids(MODEL_FILES))
def test_model_file_is_valid_and_sourced(path, catalog):
    release = openviz.read_release(path, catalog)
    assert release.id == path.stem
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema="), (
        "editors validate via this line"
    )
    for cid, fact in release.components.items():
        if fact.value in ("yes", "partial", "no"):
            assert fact.evidence, f"{cid}: a claim needs evidence"
        for ev in fact.evidence:
            assert ev.url.startswith(("https://", "http://"))
            assert dt.date.fromisoformat(ev.accessed) <= dt.date.today()
    if release.collection == "curated":
        # A curated release names what it released, not only what it withheld.
        assert any(f.value in ("yes", "partial") for f in release.components.values())


@pytest.mark.parametrize("path", DEFINITION_FILES, ids=_ids(DEFINITION_FILES))
def test_definition_file_is_valid_and_anchored(path, catalog):
    definition = openviz.read_definition(path, catalog)
    assert definition.id == path.stem
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema="), "editors validate via it"
    source_ids = {s.id for s in definition.sources}
    for node in definition.walk():
        assert node.source.partition("#")[0] in source_ids
        assert len(node.paraphrase) >= 8
    # Every requirement can be switched: toggling each off builds a new, valid definition.
    for node in definition.walk():
        toggled = definition.with_toggles({node.id: "off"})
        assert toggled.requirement(node.id).enabled is False


@pytest.mark.parametrize("name", ["components.yaml", "licenses.yaml", "families.yaml"])
def test_vocabulary_files_carry_their_schema_line(name):
    doc = read_yaml(DEFS / name)
    assert not doc.problems
    assert (DEFS / name).read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def test_every_component_has_english_and_chinese_labels(catalog):
    for comp in catalog.components:
        assert comp.label["en"] and comp.label["zh"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in comp.label["zh"]), comp.id


def test_every_family_of_every_collection_is_named_in_both_languages(catalog):
    used = {r.family for r in catalog.models("all")}
    assert used <= set(catalog.family_labels), sorted(used - set(catalog.family_labels))
    for family in used:
        labels = catalog.family_labels[family]
        assert labels["en"].strip() and labels["zh"].strip(), family
    assert catalog.family_label("qwen", "zh") == "通义千问 (Qwen)"


def test_a_family_missing_from_families_yaml_is_one_clear_problem(tmp_path):
    import shutil

    root = tmp_path / "defs"
    shutil.copytree(DEFS, root)
    model = root / "models" / "llama-3-8b.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("\nfamily: llama\n", "\nfamily: llamaz\n"), encoding="utf-8")
    families = root / "families.yaml"
    kept = [ln for ln in families.read_text(encoding="utf-8").splitlines() if "id: 33x," not in ln]
    families.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        openviz.load_catalog(root)
    report = caught.value.report()
    assert "llama-3-8b.yaml:" in report and "family 'llamaz' is not listed" in report
    # Every unlisted family is reported in the same pass.
    assert "family '33x' is not listed" in report


def test_a_family_without_its_chinese_name_is_one_clear_problem(tmp_path):
    import shutil

    root = tmp_path / "defs"
    shutil.copytree(DEFS, root)
    families = root / "families.yaml"
    text = families.read_text(encoding="utf-8")
    families.write_text(text.replace(', zh: "Pythia"}', "}"), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        openviz.load_catalog(root)
    (problem,) = caught.value.problems
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "id: pythia," in ln)
    assert (problem.file.endswith("families.yaml"), problem.line) == (True, line)
    assert "zh" in f"{problem.field} {problem.problem}"


def test_mof_backbone_is_in_the_vocabulary(catalog):
    mof_names = {c.names.get("mof") for c in catalog.components} - {None}
    assert len(mof_names) == 17


def test_every_license_used_by_a_release_resolves(catalog):
    for release in catalog.releases.values():
        for cid, fact in release.components.items():
            if fact.license:
                assert catalog.licenses.get(fact.license) is not None, (release.id, cid)


def test_spdx_licenses_come_from_the_spdx_package(catalog):
    apache = catalog.licenses.get("Apache-2.0")
    assert apache.origin == "spdx" and apache.category == "osi-approved"
    assert catalog.licenses.get("CC-BY-4.0").category == "open-data"
    assert catalog.licenses.get("CC-BY-NC-4.0").category == "non-commercial"


def test_ai_licenses_record_their_restrictions(catalog):
    llama3 = catalog.licenses.get("llama-3-community")
    assert llama3.category == "use-restricted"
    assert {"mau-cap", "acceptable-use-policy", "no-improving-other-models"} <= set(
        llama3.restrictions
    )
    assert "regional-exclusion" in catalog.licenses.get("llama-3.2-community").restrictions


def test_beyond_safety_flag_refines_a_use_policy(catalog):
    flagged = []
    for lid in catalog.licenses.table_ids():
        lic = catalog.licenses.get(lid)
        if "use-restriction-beyond-safety" in lic.restrictions:
            assert "acceptable-use-policy" in lic.restrictions, lid
            flagged.append(lid)
    assert {"llama-3-community", "deepseek-model-license"} <= set(flagged)
    # RAIL licences list harm-based bans only: safety-oriented in the 2025 AI Act reading.
    assert (
        "use-restriction-beyond-safety"
        not in catalog.licenses.get("bigscience-openrail-m").restrictions
    )


def test_release_ids_are_family_version_size(catalog):
    for rid in catalog.releases:
        assert rid == rid.lower() and " " not in rid and "_" not in rid


def test_fast_schema_check_agrees_with_the_full_validator(catalog):
    """The compiled check that lets valid files through fast must not pass what jsonschema fails."""
    from openviz import schema

    folder = str(DEFS / "schema")
    full = schema._validators(folder)
    for path in [*MODEL_FILES, *DEFINITION_FILES]:
        kind = "definition" if path in DEFINITION_FILES else "model"
        doc = read_yaml(path)
        assert not list(full[kind].iter_errors(doc.data)), path
    assert not list(full["families"].iter_errors(read_yaml(DEFS / "families.yaml").data))


def test_releases_group_into_families_in_date_order(catalog):
    families = catalog.families()
    llama = [r.id for r in families["llama"]]
    assert llama.index("llama-2-7b") < llama.index("llama-3-8b") < llama.index("llama-3.3-70b")
    assert {"olmo-7b", "olmo-2-7b"} <= {r.id for r in families["olmo"]}
    for releases in families.values():
        dates = [r.release_date for r in releases]
        assert dates == sorted(dates)


ROOT = DEFS.parent
# Research notes and machine paths that were never part of the repository: a maintainer reading
# a comment or a data note that points there has nothing to open.
PRIVATE_REFERENCES = re.compile(
    r"definitions(-2026)?\.md|data-review\.md|debate\.md|toolchain\.md|architecture\.md"
    r"|peer-lessons|style-anchors|\.\./shared|/work/"
)
SHIPPED_FOLDERS = ("defs", "openviz", "tests", "benchmarks", "scripts", "notebooks", ".ci")
SHIPPED_TOP_FILES = (
    "README.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "NOTICE",
    "dev.py",
    "pyproject.toml",
    "environment.yml",
)
# Written locally (caches, builds, the notebooks' own output), not shipped.
UNSHIPPED_FOLDERS = {"__pycache__", "build", "dist", "test-artifacts", "my-definitions", "exports"}


def _shipped_text_files():
    for name in SHIPPED_FOLDERS:
        for path in sorted((ROOT / name).rglob("*")):
            parts = path.relative_to(ROOT).parts[1:]
            if (
                any(
                    p in UNSHIPPED_FOLDERS or p.startswith(".") or p.endswith(".egg-info")
                    for p in parts
                )
                or not path.is_file()
            ):
                continue
            yield path
    for name in SHIPPED_TOP_FILES:
        if (ROOT / name).is_file():
            yield ROOT / name


def test_no_file_points_to_notes_outside_the_repository():
    this_file = Path(__file__).resolve()
    found, scanned = [], set()
    for path in _shipped_text_files():
        if path.resolve() == this_file:
            continue  # the pattern itself names them
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # fonts and other binary assets
        scanned.add(path)
        for number, line in enumerate(text.splitlines(), 1):
            for match in PRIVATE_REFERENCES.finditer(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r}")
    assert {DEFS / "licenses.yaml", ROOT / "README.md", ROOT / "openviz" / "__init__.py"} <= scanned
    assert not found, (
        "name the public source instead of notes a maintainer does not have:\n" + "\n".join(found)
    )
