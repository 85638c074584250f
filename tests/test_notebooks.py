"""Every notebook runs top to bottom from a fresh kernel, offline, with no functions defined."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _lesson_builder():
    spec = importlib.util.spec_from_file_location(
        "build_classroom", ROOT / "scripts" / "build_classroom.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_clean_and_starts_with_a_title(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and "".join(first["source"]).startswith("# ")
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), "outputs must be stripped before commit"
            assert "def " not in "".join(cell["source"]), (
                "notebooks call openviz; they define no functions"
            )


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_all_cells(path, monkeypatch, tmp_path):
    # Headless runs draw static SVG: the live widget's large bundle is for real browsers.
    monkeypatch.setenv("OPENVIZ_RENDER", "svg")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


# -- the classroom lesson: one source, two languages --------------------------------------------
def test_classroom_notebooks_are_what_their_one_source_gives():
    builder = _lesson_builder()
    built = builder.build()
    assert set(built) == {"classroom.ipynb", "classroom-zh.ipynb"}
    for name, text in built.items():
        assert (ROOT / "notebooks" / name).read_text(encoding="utf-8") == text, (
            f"notebooks/{name} differs from notebooks/classroom.yaml: "
            "run `.venv/bin/python scripts/build_classroom.py`"
        )


def test_chinese_lesson_is_the_english_one_in_chinese():
    read = {
        lang: json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
        for lang, name in (("en", "classroom.ipynb"), ("zh", "classroom-zh.ipynb"))
    }
    assert [c["id"] for c in read["en"]] == [c["id"] for c in read["zh"]]
    widgets = 0
    for en, zh in zip(read["en"], read["zh"], strict=True):
        assert en["cell_type"] == zh["cell_type"]
        en_text, zh_text = "".join(en["source"]), "".join(zh["source"])
        if en["cell_type"] == "markdown":
            assert not _HAN.search(en_text) and _HAN.search(zh_text)
            # The same outline: headings at the same levels, as many list items.
            for mark in (r"^#+ ", r"^\* ", r"^\d+\. \*\*", r"^\|"):
                assert len(re.findall(mark, en_text, re.M)) == len(
                    re.findall(mark, zh_text, re.M)
                ), (en["id"], mark)
        else:
            assert zh_text == en_text.replace('lang="en"', 'lang="zh"')
            widgets += zh_text.count('lang="zh"')
    assert widgets == 6  # Prediction, Explorer, two Comparisons, two DraftSteppers
    first = "".join(read["zh"][0]["source"])
    assert first.startswith("# Llama 是开源的吗？")


def test_lesson_source_refuses_a_cell_without_chinese_or_a_widget_without_lang(tmp_path):
    builder = _lesson_builder()
    source = tmp_path / "classroom.yaml"
    source.write_text("cells:\n  - id: a\n    markdown:\n      en: '# Title'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="languages"):
        builder.build(source)
    source.write_text("cells:\n  - id: a\n    code: Prediction(catalog)\n", encoding="utf-8")
    with pytest.raises(ValueError, match='lang="en"'):
        builder.build(source)
