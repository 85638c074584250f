"""The vocabulary has one source, the data files: the code and the schemas agree with it."""

from __future__ import annotations

import ast
import json
import re
import string
import subprocess
import sys
from pathlib import Path

import yaml

from openviz import i18n
from openviz.licenses import CATEGORIES, RESTRICTIONS
from openviz.records import ACCESS_LEVELS
from openviz.sources._common import component_order

ROOT = Path(__file__).resolve().parent.parent
DEFS = ROOT / "defs"


def _data(name: str) -> dict:
    return yaml.safe_load((DEFS / name).read_text(encoding="utf-8"))


def _ids(name: str, section: str) -> tuple[str, ...]:
    return tuple(entry["id"] for entry in _data(name)[section])


def test_committed_schemas_are_what_the_build_script_writes():
    done = subprocess.run(
        [sys.executable, "scripts/build_schemas.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_schema_lists_follow_the_data_files():
    schema = json.loads((DEFS / "schema" / "definition.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["$defs"]["license_category"]["enum"]) == _ids("licenses.yaml", "categories")
    assert tuple(schema["$defs"]["restriction"]["enum"]) == _ids("licenses.yaml", "restrictions")
    level = schema["$defs"]["node"]["properties"]["level"]["enum"]
    assert tuple(level) == _ids("components.yaml", "access_levels")


def test_python_constants_equal_the_data_files():
    # The engine's bit layouts are fixed at import, so the constants are kept in code and
    # held to the data here: a vocabulary change in a data file fails until they agree.
    assert _ids("licenses.yaml", "categories") == CATEGORIES
    assert _ids("licenses.yaml", "restrictions") == RESTRICTIONS
    assert _ids("components.yaml", "access_levels") == ACCESS_LEVELS
    assert component_order() == _ids("components.yaml", "components")


def test_every_vocabulary_entry_has_an_english_and_a_chinese_label():
    for name, section in [
        ("licenses.yaml", "categories"),
        ("licenses.yaml", "restrictions"),
        ("components.yaml", "components"),
        ("components.yaml", "access_levels"),
    ]:
        for entry in _data(name)[section]:
            assert entry["label"].get("en") and entry["label"].get("zh"), (name, entry["id"])


def _text_keys() -> list[str]:
    """Return the keys of the translation table as written (every section), repeats included."""
    node = yaml.compose((ROOT / "openviz" / "words.yaml").read_text(encoding="utf-8"))
    return [key.value for _, part in node.value for key, _ in part.value]


def test_one_translation_table_with_unique_keys_in_both_languages():
    keys = _text_keys()
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    assert not repeated, f"keys given twice (the first is silently lost): {repeated}"
    assert set(keys) == set(i18n._TEXT)
    for key, entry in i18n._TEXT.items():
        assert set(entry) == {"en", "zh"} and all(entry.values()), key
        fields = [{f for _, f, _, _ in string.Formatter().parse(v) if f} for v in entry.values()]
        assert fields[0] == fields[1], f"{key}: en and zh take different placeholders"


def test_explanations_and_the_interface_read_the_same_table():
    from openviz.explain_text import WORDS, say

    assert set(WORDS) < set(i18n._TEXT)
    assert say("result unknown", "zh") == i18n.text("result unknown", "zh") == "无法判断"
    # Nothing outside the table holds Chinese words of its own (docstrings may show some).
    chinese = re.compile(r"[\u4e00-\u9fa5]")  # common ideographs, not range ends
    for path in (ROOT / "openviz").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in docstrings and chinese.search(text):
                assert text == i18n.LANGUAGE_NAMES["zh"], f"{path.relative_to(ROOT)}:{node.lineno}"


def test_widgets_and_the_page_keep_no_table_of_their_own():
    # Their words live in openviz.i18n; a second table is how "curated" came to be
    # translated two ways.
    for path in [*(ROOT / "openviz" / "widgets").glob("*.py"), ROOT / "openviz" / "interactive.py"]:
        assert '"zh":' not in path.read_text(encoding="utf-8"), path.name
    assert i18n.text("curated", "zh") == "人工整理"


def test_display_name_names_every_vocabulary_id_from_the_data():
    from openviz import load_catalog
    from openviz.names import display_name

    catalog = load_catalog()
    ids = {
        "component": _ids("components.yaml", "components"),
        "access": _ids("components.yaml", "access_levels"),
        "category": _ids("licenses.yaml", "categories"),
        "restriction": _ids("licenses.yaml", "restrictions"),
        "definition": tuple(catalog.definitions),
    }
    for kind, keys in ids.items():
        for key in keys:
            # An English label may be the id itself (downloadable); a Chinese one never is.
            assert display_name(catalog, kind, key, "en"), (kind, key)
            assert display_name(catalog, kind, key, "zh") != key, (kind, key)
    for key in catalog.licenses.table_ids():
        assert display_name(catalog, "licence", key) == catalog.licenses.get(key).name
    # The old name of the function gives the same answers.
    assert i18n.label(catalog, "category", "open-data", "zh") == display_name(
        catalog, "category", "open-data", "zh"
    )


def test_every_condition_of_the_schema_has_a_name_and_no_other_does():
    schema = json.loads((DEFS / "schema" / "definition.schema.json").read_text(encoding="utf-8"))
    conditions = set(schema["$defs"]["node"]["properties"]["condition"]["enum"])
    named = {m[1] for k in i18n._TEXT if (m := re.fullmatch(r"condition:([a-z-]+)", k))}
    assert conditions == named


def test_a_data_folder_with_access_levels_out_of_order_is_refused(tmp_path):
    import shutil

    import pytest

    from openviz import CatalogError, load_catalog

    folder = tmp_path / "defs"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", folder)
    levels = _data("components.yaml")["access_levels"]
    path = folder / "components.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + yaml.safe_dump({"access_levels": levels}), encoding="utf-8")
    assert tuple(load_catalog(folder, cache=False).access_levels) == ACCESS_LEVELS

    swapped = [levels[1], levels[0], *levels[2:]]
    path.write_text(original + yaml.safe_dump({"access_levels": swapped}), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder, cache=False)
    assert "components.yaml" in str(caught.value)
    assert "access_levels: access levels gradual, fully-closed" in str(caught.value)


def test_every_licence_category_has_its_own_short_mark():
    from openviz import load_catalog
    from openviz.charts.component_heatmap import license_codes

    entries = _data("licenses.yaml")["categories"]
    assert all(entry.get("code") for entry in entries), "a category without a code"
    codes = license_codes(load_catalog())
    assert list(codes) == list(CATEGORIES)
    assert len(set(codes.values())) == len(codes), "two categories share a mark"
