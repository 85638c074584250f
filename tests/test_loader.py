"""The loader reports every problem in one pass, each with file, line, field and expectation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import openviz
from openviz._yaml import read_yaml

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    target = tmp_path / "defs"
    shutil.copytree(MINI, target)
    return target


def problems_of(root: Path) -> list[openviz.Problem]:
    with pytest.raises(openviz.CatalogError) as info:
        openviz.load_catalog(root)
    return list(info.value.problems)


def test_every_problem_is_reported_in_one_pass(work):
    (work / "models" / "all-open.yaml").write_text(
        (work / "models" / "all-open.yaml").read_text().replace('status: "yes"', "status: maybe", 1)
    )
    (work / "models" / "bad-name.yaml").write_text("id: other-name\nname: x\n")
    problems = problems_of(work)
    files = {Path(p.file).name for p in problems}
    assert {"all-open.yaml", "bad-name.yaml"} <= files
    status = next(p for p in problems if p.field.endswith(".status"))
    assert status.line == 9
    assert "maybe" in status.problem and "yes, partial, no, unknown" in status.expected
    missing = {
        p.field for p in problems if Path(p.file).name == "bad-name.yaml" and "missing" in p.problem
    }
    assert {"family", "organisation", "components"} <= missing


def test_message_format_is_file_line_field_problem_expected(work):
    path = work / "models" / "broken.yaml"
    path.write_text(
        "id: broken\nname: Broken\nfamily: t\norganisation: o\nrelease_date: 2024-01-01\n"
        'modality: text\nstage: base\ncomponents:\n  datasets: {status: "yes"}\n'
    )
    (p,) = problems_of(work)
    assert str(p) == (
        f"{path}:9: components.datasets.evidence: required field is missing "
        "(expected a list of {url, shows, accessed}; "
        "every claim needs evidence, or use status: unknown)"
    )


def test_duplicate_keys_are_errors_not_silently_dropped(work):
    path = work / "models" / "dup.yaml"
    path.write_text("id: dup\nname: a\nname: b\n")
    problems = [p for p in problems_of(work) if p.file == str(path)]
    dup = [p for p in problems if "duplicate key" in p.problem]
    assert dup and dup[0].line == 3 and dup[0].field == "name"


def test_unknown_component_and_license_ids(work):
    text = (work / "models" / "all-open.yaml").read_text()
    text = text.replace("datasets:", "dataset:", 1).replace(
        "license: Apache-2.0", "license: Apache 2.O", 1
    )
    (work / "models" / "all-open.yaml").write_text(text)
    problems = problems_of(work)
    assert any("unknown component 'dataset'" in p.problem for p in problems)
    assert any("unknown license 'Apache 2.O'" in p.problem for p in problems)


def test_id_must_match_file_name_and_be_unique(work):
    shutil.copy(work / "models" / "all-open.yaml", work / "models" / "copy.yaml")
    problems = problems_of(work)
    assert any("does not match the file name" in p.problem for p in problems)


def test_yes_and_dates_stay_as_written():
    doc = read_yaml("x.yaml", b"a: yes\nb: 2024-01-02\nc: true\n")
    assert doc.data == {"a": "yes", "b": "2024-01-02", "c": True}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"a: [1, 2\n", "YAML syntax error"),
        (b"a:\n\tb: 1\n", "tab"),
        (b"a: \xff\xfe\n", "UTF-8"),
        (
            b"a: &x [1,1,1,1,1,1,1,1,1]\n"
            b"b: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x]\n"
            b"c: &z [*y,*y,*y,*y,*y,*y,*y,*y,*y]\n"
            b"d: &w [*z,*z,*z,*z,*z,*z,*z,*z,*z]\n"
            b"e: &v [*w,*w,*w,*w,*w,*w,*w,*w,*w]\n"
            b"f: [*v,*v,*v,*v,*v,*v,*v,*v,*v]\n",
            "expands",
        ),
        (b"a: " + b"[" * 60 + b"]" * 60 + b"\n", "nesting"),
        (b"a: !!python/object:os.system ls\n", "YAML"),
    ],
)
def test_hostile_or_broken_yaml_gives_a_problem_not_a_crash(content, fragment):
    doc = read_yaml("bad.yaml", content)
    assert doc.problems, "expected a problem"
    assert fragment.lower() in str(doc.problems[0]).lower()


@pytest.mark.parametrize(
    "content",
    [
        # Brackets that are text, not structure, never count as nesting.
        b'a: "' + b"[" * 60 + b'"\n',
        b"a: '" + b"{" * 60 + b"''x'\n",
        b"a: 1  # " + b"[" * 60 + b"\n",
        b"a: see " + b"[" * 60 + b" in the text\n",
        b"a: [" + b"'['," * 60 + b"1]\n",
    ],
)
def test_brackets_in_text_are_not_nesting(content):
    doc = read_yaml("ok.yaml", content)
    assert not doc.problems, doc.problems


def test_deep_flow_nesting_is_reported_by_openviz_on_its_line():
    # Checked on the text before any YAML library runs, so the message does not depend on
    # the parser's own nesting limit (PyYAML 6.0.4's libyaml stops at a depth of its own).
    content = b"id: x\nname: y\nnotes: " + b"[" * 41 + b"]" * 41 + b"\n"
    doc = read_yaml("deep.yaml", content)
    assert [(p.line, p.field, p.problem) for p in doc.problems] == [
        (3, "notes", "nesting deeper than 40 levels")
    ]
    assert not read_yaml("ok.yaml", content.replace(b"[", b"", 1).replace(b"]", b"", 1)).problems


def test_strict_false_skips_bad_files_and_says_which(work):
    (work / "models" / "bad.yaml").write_text("id: bad\n")
    cat = openviz.load_catalog(work, strict=False)
    assert "bad" not in cat.releases
    assert "all-open" in cat.releases
    assert any(p.file.endswith("bad.yaml") for p in cat.skipped)


def test_definition_cross_references_are_checked(work):
    path = work / "definitions" / "strict.yaml"
    text = path.read_text().replace("component: training-code", "component: trainin-code")
    text = text.replace("source: src#all", "source: nowhere#all")
    path.write_text(text)
    problems = problems_of(work)
    assert any("unknown component 'trainin-code'" in p.problem for p in problems)
    assert any("source 'nowhere' is not listed" in p.problem for p in problems)


def test_add_layers_user_files_over_the_catalogue(work, tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        (work / "models" / "all-open.yaml").read_text().replace("id: all-open", "id: mine")
    )
    cat = openviz.load_catalog(work, add=[extra])
    assert cat.release("mine").collection == "user"
    assert "mine" in {r.id for r in cat.models()}


# -- evidence of absence ---------------------------------------------------------------------
ABSENT = (
    "id: absent\nname: Absent\nfamily: t\norganisation: o\nrelease_date: 2024-01-01\n"
    "modality: text\nstage: base\ncomponents:\n"
    '  final-parameters:\n    status: "yes"\n    license: Apache-2.0\n    evidence:\n'
    '      - {url: "https://example.org/card", shows: The card links the weights., '
    "accessed: 2026-12-03}\n"
    '  training-code:\n    status: "no"\n    evidence:\n'
    "      - url: https://example.org/card\n"
    "        shows: The card lists weights and inference code only; it links no training code.\n"
    "        accessed: 2026-12-03\n"
)


def test_checked_places_reach_the_evidence_record(work):
    path = work / "models" / "absent.yaml"
    path.write_text(ABSENT + '        checked: ["model card example/absent", "GitHub org"]\n')
    rel = openviz.load_catalog(work).release("absent")
    (ev,) = rel.component("training-code").evidence
    assert ev.checked == ("model card example/absent", "GitHub org")


def test_absence_without_checked_places_is_an_error(work, monkeypatch):
    import openviz.catalog as catalog_module

    path = work / "models" / "absent.yaml"
    path.write_text(ABSENT)
    monkeypatch.setattr(catalog_module, "ABSENCE_NEEDS_CHECKED", False)
    openviz.load_catalog(work)  # switched off, an old file still loads
    monkeypatch.setattr(catalog_module, "ABSENCE_NEEDS_CHECKED", True)
    problems = [p for p in problems_of(work) if Path(p.file).name == "absent.yaml"]
    assert [str(p) for p in problems] == [
        f'{path}:14: components.training-code: status "no" but no evidence item says where the '
        "release was checked (expected checked: [the model card, repository, paper or "
        "announcement looked at])"
    ]
    path.write_text(ABSENT + '        checked: ["model card example/absent"]\n')
    assert not any(Path(p.file).name == "absent.yaml" for p in _problems_or_none(work))


def test_imported_records_are_exempt_from_the_absence_check(work, monkeypatch):
    import openviz.catalog as catalog_module

    monkeypatch.setattr(catalog_module, "ABSENCE_NEEDS_CHECKED", True)
    origin = (
        "origin:\n  source: mot\n  file: models/x.yml\n  commit: 8b5d30e90a7c\n  license: MIT\n"
        "  attribution: The Model Openness Tool Authors\n"
    )
    doc_path = work / "models" / "absent.yaml"
    doc_path.write_text(ABSENT + origin)
    assert catalog_module.absence_problems(read_yaml(doc_path)) == []
    doc_path.write_text(ABSENT)
    assert len(catalog_module.absence_problems(read_yaml(doc_path))) == 1


def _problems_or_none(root: Path) -> list[openviz.Problem]:
    try:
        openviz.load_catalog(root)
    except openviz.CatalogError as exc:
        return list(exc.problems)
    return []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # Each breaks one shape the checks read; the schema reports it, and the checks of
        # the rest of the file must still run (they used to stop at the first broken shape).
        ("sources: [{id: src,", "sources: not-a-list\nunused: [{id: src,"),
        ("source: src#all", "paraphrase2: no source"),
        ("  all_of:\n", "  all_of:\n    - just text\n"),
        ("{id: weights,", "{id: [weights],"),
    ],
)
def test_a_broken_shape_does_not_hide_the_other_problems(work, old, new):
    path = work / "definitions" / "strict.yaml"
    text = path.read_text()
    assert old in text
    # A duplicate requirement id is found by the checks alone (the schema cannot see it).
    path.write_text(text.replace(old, new, 1).replace("{id: data,", "{id: code,"))
    problems = [p for p in problems_of(work) if p.file == str(path)]
    assert any("duplicate requirement id 'code'" in p.problem for p in problems), problems
    assert len(problems) >= 2  # the schema's word on the broken shape, and the duplicate


def test_an_unknown_name_reads_as_a_plain_message():
    cat = openviz.load_catalog(MINI)
    lookups = (
        lambda: cat.definition("nope"),
        lambda: cat.release("nope"),
        lambda: cat.models("nope"),
        lambda: cat.definition("strict").requirement("nope"),
    )
    for lookup in lookups:
        with pytest.raises(KeyError) as info:
            lookup()
        # KeyError's own str() would wrap the message in quotes.
        assert str(info.value).startswith(("unknown", "strict has no")), str(info.value)
