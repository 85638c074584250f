"""The vocabulary has one source, the data files: the code and the schemas agree with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

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
