"""The ``openviz`` command line, run as a user would."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from openviz.cli import main
from openviz.tables import width_of

MINI = str(Path(__file__).resolve().parent / "fixtures" / "mini")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate_csv_has_the_documented_columns(capsys):
    code, out, _ = run(capsys, "evaluate", "--catalog", MINI, "-d", "strict", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "model,definition,verdict,level,score,unmet"
    assert "capped-weights,strict,fails,,,weights;free-use" in lines


def test_evaluate_toggle_changes_the_verdict(capsys):
    _, before, _ = run(
        capsys,
        "evaluate",
        "--catalog",
        MINI,
        "-d",
        "strict",
        "-m",
        "partial-code",
        "--format",
        "json",
    )
    _, after, _ = run(
        capsys,
        "evaluate",
        "--catalog",
        MINI,
        "-d",
        "strict",
        "-m",
        "partial-code",
        "-t",
        "code=off",
        "--format",
        "json",
    )
    assert json.loads(before)[0]["verdict"] == "fails"
    assert json.loads(after)[0]["verdict"] == "qualifies"


def test_evaluate_toggle_license_set(capsys):
    code, out, _ = run(
        capsys,
        "evaluate",
        "--catalog",
        MINI,
        "-d",
        "strict",
        "-m",
        "capped-weights",
        "-t",
        "strict:weights=licenses:osi-approved,use-restricted",
        "-t",
        "free-use=off",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)[0]["verdict"] == "qualifies"


def test_bad_toggle_is_a_clear_error(capsys):
    code, _, err = run(capsys, "evaluate", "--catalog", MINI, "-d", "strict", "-t", "nosuch=off")
    assert code == 2
    assert "nosuch" in err and "Traceback" not in err


def test_explain_table_names_requirements_and_evidence(capsys):
    code, out, _ = run(capsys, "explain", "capped-weights", "strict", "--catalog", MINI)
    assert code == 0
    assert "free-use" in out and "unmet" in out and "https://example.org/x" in out


def test_unknown_model_suggests_close_ids(capsys):
    code, _, err = run(capsys, "explain", "capped-weight", "strict", "--catalog", MINI)
    assert code == 2
    assert "did you mean capped-weights" in err


def test_list_definitions_json(capsys):
    code, out, _ = run(capsys, "list", "definitions", "--catalog", MINI, "--format", "json")
    assert code == 0
    assert {d["id"] for d in json.loads(out)} == {
        "strict",
        "data-group",
        "ladder",
        "spectrum",
        "profile",
    }


def test_validate_malformed_file_exits_2_naming_file_and_line(tmp_path):
    bad = tmp_path / "my-model.yaml"
    bad.write_text(
        "id: my-model\nname: Mine\nfamily: x\norganisation: me\nrelease_date: 2024-01-01\n"
        "modality: text\nstage: base\ncomponents:\n"
        '  datasets: {status: "yes"}\n  weights: {status: unknown}\n'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "openviz.cli", "validate", str(bad), "--catalog", MINI],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{bad}:9: components.datasets.evidence: required field is missing" in proc.stderr
    assert f"{bad}:10: components.weights: unknown component 'weights'" in proc.stderr


def test_validate_good_files_exit_0(capsys):
    code, out, _ = run(capsys, "validate", f"{MINI}/models/all-open.yaml", "--catalog", MINI)
    assert code == 0 and out.startswith("OK")


def test_add_evaluates_a_user_file_without_editing_the_catalogue(capsys, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        Path(MINI, "models", "all-open.yaml").read_text().replace("id: all-open", "id: mine")
    )
    code, out, _ = run(
        capsys,
        "evaluate",
        "--catalog",
        MINI,
        "--add",
        str(mine),
        "-d",
        "strict",
        "-m",
        "mine",
        "--format",
        "csv",
    )
    assert code == 0 and "mine,strict,qualifies" in out


@pytest.mark.parametrize("argv", [[], ["evaluate", "--format", "xml"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        code = main(argv)
        raise SystemExit(code)
    assert info.value.code == 2


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_import_mot_writes_valid_records_and_warns_on_broken_ones(capsys, tmp_path):
    out = tmp_path / "mot"
    code, stdout, err = run(
        capsys, "import", "mot", str(FIXTURES / "mot" / "models"), "--out", str(out)
    )
    assert code == 0
    assert "placeholder" in err and "Traceback" not in err
    written = sorted(out.glob("*.yaml"))
    assert written and stdout.startswith(f"{len(written)} records written")
    code, _, err = run(capsys, "validate", *map(str, written))
    assert code == 0, err


def test_list_models_csv_has_collection_and_source_file(capsys):
    code, out, _ = run(capsys, "list", "models", "--collection", "all", "--format", "csv")
    assert code == 0
    header, *rows = out.splitlines()
    assert header == (
        "id,name,family,family_name,organisation,release_date,stage,collection,source_file,"
        "source_files,evidence_date"
    )
    # Families are named from families.yaml beside their ids.
    assert any(r.startswith("qwen3-8b,") and ",qwen,Qwen," in r for r in rows)
    assert any(",mot,models/" in r for r in rows)
    assert any(",curated," in r for r in rows)
    # A file the importer skipped as a duplicate joins to the record kept.
    (kept,) = [r for r in rows if r.startswith("mot-meta-llama-3-8b-instruct,")]
    assert (
        ",models/Meta-Llama-3-8B-Instruct.yml,"
        "models/Meta-Llama-3-8B-Instruct.yml;models/Llama-3-8B-Instruct.yml,"
    ) in kept


def test_list_models_sorts_by_release_date_newest_first(capsys):
    code, out, _ = run(capsys, "list", "models", "--sort=-release_date", "--format", "json")
    dates = [r["release_date"] for r in json.loads(out)]
    assert code == 0 and dates == sorted(dates, reverse=True) and len(set(dates)) > 10
    code, _, err = run(capsys, "list", "models", "--sort", "size")
    assert code == 2 and "cannot sort by 'size'" in err and "release_date" in err


def test_list_definitions_names_their_sources(capsys):
    code, out, _ = run(capsys, "list", "definitions", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and "https://opensource.org/" in rows["osaid-1.0"]["sources"]


def test_crosscheck_lists_disagreements_with_both_evidence_links(capsys):
    code, out, _ = run(capsys, "crosscheck", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert all(r["curated_evidence"] or r["imported_evidence"] for r in rows)


def test_export_writes_a_chart_and_refuses_to_overwrite(capsys, tmp_path):
    out = tmp_path / "matrix.svg"
    args = [
        "export",
        "verdict-matrix",
        "-d",
        "osaid-1.0",
        "-d",
        "mof",
        "--lang",
        "zh",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") or "<svg" in svg[:200]
    assert "符合" in svg
    code, _, err = run(capsys, *args)
    assert code == 2 and "--force" in err and "Traceback" not in err
    assert main([*args, "--force"]) == 0


def test_export_interactive_writes_one_page_and_prints_an_embed_snippet(capsys, tmp_path):
    out = tmp_path / "matrix.html"
    args = ["export", "verdict-matrix", "--format", "html", "--interactive", "--lang", "zh"]
    code, printed, err = run(capsys, *args, "-d", "osaid-1.0", "-d", "mof", "--out", str(out))
    assert code == 0, err
    assert f"wrote {out}" in printed and '<iframe src="matrix.html"' in printed
    html = out.read_text(encoding="utf-8")
    assert 'id="openviz-switches"' in html and '<html lang="zh-Hans">' in html
    assert "下载数据（CSV）" in html
    svg = ["export", "verdict-matrix", "--interactive", "--out", str(tmp_path / "m.svg")]
    code, _, err = run(capsys, *svg)
    assert code == 2 and "html file, not svg" in err and "Traceback" not in err
    code, _, err = run(capsys, "export", "all", "--interactive", "--out", str(tmp_path / "f"))
    assert code == 2 and "verdict-matrix" in err and not (tmp_path / "f").exists()


def test_export_all_writes_the_gallery_to_a_folder(capsys, tmp_path):
    folder = tmp_path / "figures"
    args = ["export", "all", "-d", "osaid-1.0", "-d", "mof", "--format", "svg,csv"]
    code, out, err = run(capsys, *args, "--out", str(folder))
    assert code == 0, err
    names = {p.name for p in folder.iterdir()}
    assert {"verdict-matrix.svg", "verdict-matrix.csv", "consensus.svg"} <= names
    assert "skipped spectrum" in err and "Traceback" not in err  # binary definitions only
    assert len(names) == out.count("wrote ")
    code, _, err = run(capsys, *args, "--out", str(folder))
    assert code == 2 and "--force" in err and "nothing was written" in err


def test_export_of_an_empty_collection_says_so_and_writes_nothing(capsys, tmp_path):
    # The mini catalogue has no imported records: nothing to draw, in one line per chart.
    base = ("--catalog", MINI, "--collection", "mot")
    code, _, err = run(
        capsys, "export", "component-heatmap", *base, "--out", str(tmp_path / "h.svg")
    )
    assert code == 2
    assert err == (
        "openviz: error: component-heatmap needs at least one model release; "
        "collection 'mot' of this catalogue holds none\n"
    )
    defs = ("-d", "strict", "-d", "ladder")
    code, _, err = run(
        capsys, "export", "all", *base, *defs, "--format", "csv", "--out", str(tmp_path)
    )
    assert code == 2
    assert len(err.splitlines()) == 7 and "Traceback" not in err
    assert all(
        line.endswith("collection 'mot' of this catalogue holds none") for line in err.splitlines()
    )
    assert list(tmp_path.iterdir()) == []


def test_validate_checks_the_licence_table_with_its_catalogue(capsys, tmp_path):
    import shutil

    shutil.copytree(MINI, tmp_path / "defs")
    table = tmp_path / "defs" / "licenses.yaml"
    code, out, err = run(capsys, "validate", str(table))
    assert code == 0 and "OK" in out, err
    text = table.read_text(encoding="utf-8")
    at = text.index("category: use-restricted")
    line = text[:at].count("\n") + 1
    table.write_text(text.replace("category: use-restricted", "category: restricted", 1))
    code, _, err = run(capsys, "validate", str(table))
    assert code == 2 and "Traceback" not in err
    assert f"licenses.yaml:{line}:" in err and "'restricted' is not an allowed value" in err


def test_crosscheck_mot_prints_the_mof_agreement_with_the_tool(capsys):
    code, out, _ = run(capsys, "crosscheck", "--collection", "mot")
    assert code == 0
    last = out.strip().splitlines()[-1]
    assert last.startswith("MOF class agreement with the Model Openness Tool's evaluator: ")
    assert "0 with another class" in last
    code, out, err = run(capsys, "crosscheck", "--collection", "mot", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) > 200 and "agreement" in err
    by_id = {r["model"]: r for r in rows}
    assert by_id["mot-gpt-oss-20b"]["mot_class"] == by_id["mot-gpt-oss-20b"]["openviz_class"] == 0


def test_unknowns_lists_the_deciding_unknown_and_counts(capsys):
    code, out, err = run(capsys, "unknowns", "--catalog", MINI, "-d", "strict", "--format", "csv")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.startswith("model,name,fact,kind,flips,definitions,changes,needs,recorded")
    assert len(rows) == 1 and rows[0].startswith("unknown-code,unknown-code,training-code,status,1")
    assert "1 deciding unknowns in 1 releases (strict; collection curated)" in err
    code, out, _ = run(capsys, "unknowns", "--catalog", MINI, "--by", "fact")
    assert code == 0 and "training-code" in out and out.strip().endswith("collection curated)")


def test_explain_shows_the_places_checked_for_an_absence(capsys, tmp_path):
    mine = tmp_path / "mine.yaml"
    text = (
        Path(MINI, "models", "weights-only.yaml")
        .read_text()
        .replace("id: weights-only", "id: mine")
    )
    text = text.replace(
        '  training-code: {status: "no", evidence: [{url: "https://example.org/x", shows: A test '
        'page saying so., accessed: 2026-01-01, checked: ["the test release page"]}]}',
        '  training-code: {status: "no", evidence: [{url: "https://example.org/x", shows: A test '
        'page saying so., accessed: 2026-01-01, checked: ["model card", "org repositories"]}]}',
    )
    mine.write_text(text)
    code, out, _ = run(
        capsys,
        "explain",
        "mine",
        "strict",
        "--catalog",
        MINI,
        "--add",
        str(mine),
        "--format",
        "json",
    )
    assert code == 0
    row = next(r for r in json.loads(out) if r["requirement"] == "code")
    assert row["evidence_checked"] == "model card; org repositories"
    code, out, _ = run(capsys, "explain", "mine", "strict", "--catalog", MINI, "--add", str(mine))
    assert "checked: model card; org repositories" in out


def test_list_and_diff_show_the_2025_ai_act_reading_and_the_g7_tiers(capsys):
    code, out, _ = run(capsys, "list", "definitions", "--format", "json")
    assert code == 0
    listed = {d["id"]: d for d in json.loads(out)}
    assert "g7.utoronto.ca/ict/260529-vision.html" in listed["g7-ai-openness-2026"]["sources"]
    assert "digital-strategy.ec.europa.eu" in listed["eu-ai-act-53-2-2025"]["sources"]
    code, out, _ = run(capsys, "diff", "eu-ai-act-53-2", "eu-ai-act-53-2-2025")
    assert code == 0
    assert "condition:no-restrictions=mau-cap" in out
    assert "condition:no-restrictions=use-restriction-beyond-safety" in out
    assert "llama-3-8b" in out


# -- output that fits the terminal (issue 20) ---------------------------------------------------
LLAMA_LOOSE = (
    "-t",
    "four-freedoms=off",
    "-t",
    "data-information=off",
    "-t",
    "training-code=off",
    "-t",
    "parameters=licenses:osi-approved,open-data,use-restricted",
)


def _too_wide(out: str, width: int) -> list[str]:
    # A bare URL cannot be wrapped without breaking it; every other line must fit (a
    # Chinese character takes two columns).
    return [
        line
        for line in out.splitlines()
        if width_of(line) > width and not line.split("] ", 1)[-1].startswith("https://")
    ]


@pytest.mark.parametrize("width", [60, 100, 140])
@pytest.mark.parametrize(
    "args",
    [
        ("explain", "llama-3-8b", "osaid-1.0"),
        ("explain", "llama-3-8b", "mof"),
        ("explain", "llama-3-8b", "osai-index"),
        ("explain", "llama-3-8b", "mof", "--lang", "zh"),
        ("consensus",),
        ("evaluate", "-d", "osaid-1.0"),
        ("gap", "llama-3-8b", "osaid-1.0"),
        ("unknowns", "-d", "osaid-1.0"),
        ("diff", "osaid-0.0.9", "osaid-1.0"),
    ],
)
def test_table_output_fits_the_terminal_width(capsys, monkeypatch, args, width):
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert _too_wide(out, width) == []


def test_wide_prints_every_column_on_one_line(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    _, narrow, _ = run(capsys, "explain", "llama-3-8b", "osaid-1.0")
    _, wide, _ = run(capsys, "explain", "llama-3-8b", "osaid-1.0", "--wide")
    header = next(line for line in wide.splitlines() if line.startswith("requirement"))
    for column in ("evidence_url", "evidence_shows", "note", "label"):
        assert column in header
        assert column not in narrow
    assert max(len(line) for line in wide.splitlines()) > 100


def test_wrapping_loses_nothing(capsys, monkeypatch):
    """Every word of the consensus table is printed whatever the width."""
    monkeypatch.setenv("COLUMNS", "60")
    _, narrow, _ = run(capsys, "consensus")
    _, wide, _ = run(capsys, "consensus", "--wide")
    assert sorted(narrow.replace(":", " ").split()) != []
    words = lambda text: sorted(w for w in text.replace(":", " ").split() if set(w) - {"-"})  # noqa: E731
    head = {"model", "name", "qualifies", "fails", "cannot", "tell", "contested", "splitting"}
    assert [w for w in words(narrow) if w not in head] == [w for w in words(wide) if w not in head]


def test_explain_states_the_verdict_first(capsys, monkeypatch):
    import openviz

    monkeypatch.setenv("COLUMNS", "100")
    toggles = {
        "four-freedoms": "off",
        "data-information": "off",
        "training-code": "off",
        "parameters": ["osi-approved", "open-data", "use-restricted"],
    }
    verdict = openviz.evaluate("osaid-1.0", "llama-3-8b", toggles={"osaid-1.0": toggles}).verdict[0]
    code, out, _ = run(capsys, "explain", "llama-3-8b", "osaid-1.0", *LLAMA_LOOSE)
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith(f"Meta Llama 3 8B {verdict} under")
    # The reasons name the requirements evaluate names, in words.
    assert "Inference code" in out.split("\n\n")[0] and "Model architecture" in out.split("\n\n")[0]
    root = next(line for line in out.splitlines() if line.startswith("osaid-1.0 "))
    assert root.split()[1] == {"fails": "unmet", "qualifies": "met"}.get(verdict, "unknown")


def test_explain_cuts_evidence_at_a_word_and_full_prints_it_whole(capsys, monkeypatch):
    import openviz

    monkeypatch.setenv("COLUMNS", "80")
    shows = [" ".join(s.split()) for s in openviz.explain("llama-3-8b", "osaid-1.0").evidence_shows]
    _, out, _ = run(capsys, "explain", "llama-3-8b", "osaid-1.0")
    cut = [line.strip() for line in out.splitlines() if line.endswith("…")]
    assert cut
    for line in cut:
        whole = next(s for s in shows if s.startswith(line[:-1]))
        assert whole[len(line) - 1] in " ,.;:"  # the cut falls between words
    _, full, _ = run(capsys, "explain", "llama-3-8b", "osaid-1.0", "--full")
    flat = " ".join(full.split())
    assert any(len(s) > 200 for s in shows)
    assert all(s in flat for s in shows)


def test_consensus_prints_words_not_python_values(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    _, out, _ = run(capsys, "consensus")
    assert "True" not in out and "False" not in out
    assert not re.search(r";\S", out)  # no semicolon-joined ids
    assert "osaid-1.0" not in out and "OSAID 1.0" in out
    _, csv, _ = run(capsys, "consensus", "--format", "csv")
    assert "True" in csv  # machine formats keep their values


def test_gap_says_each_change_once_and_explains_its_terms(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    _, out, _ = run(capsys, "gap", "llama-3-8b", "osaid-1.0")
    changes = [line.strip() for line in out.splitlines() if "[now:" in line]
    bodies = [c.split(": ", 1)[-1] if c.startswith("option") else c[2:] for c in changes]
    assert len(bodies) == len(set(bodies))
    _, csv, _ = run(capsys, "gap", "llama-3-8b", "osaid-1.0", "--format", "csv")
    options = {line.split(",")[0] for line in csv.splitlines()[1:]}
    assert sum(line.strip().startswith("option") for line in out.splitlines()) == len(options)
    assert out.count("alternative is") == 1 and out.count("substitute is") == 1
    assert "a substitute for" in out


def test_help_explains_alternative_and_substitute(capsys):
    for command in ("gap", "explain"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert "an alternative is" in out and "a substitute is" in out
