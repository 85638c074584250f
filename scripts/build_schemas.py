"""Write the vocabulary lists of the JSON Schemas in ``defs/schema/`` from the data files.

    .venv/bin/python scripts/build_schemas.py           rewrite the schemas
    .venv/bin/python scripts/build_schemas.py --check   exit 1 if a schema differs

The data files are the one source of the vocabulary: licence categories and restriction
kinds come from ``defs/licenses.yaml`` (``categories``, ``restrictions``), access levels from
``defs/components.yaml`` (``access_levels``). The schemas only repeat them, as ``enum``
lists, so that an editor can complete and check the ids; this script writes those lists.
After changing the vocabulary in a data file, run it and commit the schemas with the data;
``tests/test_vocabulary.py`` fails while a committed schema differs from what it writes.
Everything else in the schemas is written by hand and left as it is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFS = ROOT / "defs"
SCHEMAS = DEFS / "schema"


def _ids(file: str, section: str) -> list[str]:
    data = yaml.safe_load((DEFS / file).read_text(encoding="utf-8"))
    return [entry["id"] for entry in data[section]]


def vocabulary() -> dict[str, list[str]]:
    """Return each vocabulary list by name, in the data files' order."""
    return {
        "categories": _ids("licenses.yaml", "categories"),
        "restrictions": _ids("licenses.yaml", "restrictions"),
        "access_levels": _ids("components.yaml", "access_levels"),
    }


def _set(schema: dict, pointer: tuple[str, ...], values: list[str]) -> list[str]:
    node = schema
    for key in pointer:
        node = node[key]
    old = node["enum"]
    node["enum"] = values
    return old


def build() -> dict[str, str]:
    """Return the text of every schema file this script writes, by file name."""
    words = vocabulary()
    out = {}
    # definition.schema.json is laid out as json.dumps(indent=2) writes it.
    name = "definition.schema.json"
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    _set(schema, ("$defs", "license_category"), words["categories"])
    _set(schema, ("$defs", "restriction"), words["restrictions"])
    _set(schema, ("$defs", "node", "properties", "level"), words["access_levels"])
    out[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    # model.schema.json is laid out by hand, one field a line: replace the one list in place.
    name = "model.schema.json"
    text = (SCHEMAS / name).read_text(encoding="utf-8")
    schema = json.loads(text)
    new = [*words["access_levels"], "unknown"]
    old = _set(schema, ("$defs", "access_fact", "properties", "value"), new)
    before = json.dumps(old, ensure_ascii=False)
    if text.count(before) != 1:
        msg = f"{name}: the access list {before} is not found exactly once"
        raise SystemExit(msg)
    out[name] = text.replace(before, json.dumps(new, ensure_ascii=False))
    return out


def main(argv: list[str]) -> int:
    """Write the schemas, or with ``--check`` report those that differ (exit status 1)."""
    check = "--check" in argv
    stale = []
    for name, text in build().items():
        path = SCHEMAS / name
        if path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not check:
                path.write_text(text, encoding="utf-8")
    if check and stale:
        print(f"out of date (run scripts/build_schemas.py): {', '.join(stale)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
