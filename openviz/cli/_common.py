"""What every command shares: exit codes, reading the catalogue and the arguments, printing."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from openviz import tables
from openviz._csv import frame_csv
from openviz._safe_text import visible
from openviz.catalog import Catalog, load_catalog, read_definition
from openviz.problems import NotFound

EXIT_OK, EXIT_USAGE, EXIT_DATA = 0, 2, 2
EXIT_INTERRUPTED = 130


def _catalog(args: argparse.Namespace) -> Catalog:
    return load_catalog(args.catalog, add=args.add or ())


_TERMS = (
    'Terms: an alternative is one of several ways to meet a requirement ("at least one of"), '
    "any one of which is enough; a substitute is a component a definition accepts in place of "
    'the one it names ("stands in for", e.g. a research paper for a technical report).'
)
_STANDS_IN = "stands in for"


def _say(text: str, width: int, whole: bool = False, indent: str = "", hang: str = "") -> None:
    """Print a paragraph wrapped to the terminal (on one line with ``whole``).

    ``indent`` starts the first line, ``hang`` (``indent`` when empty) the lines after it.
    """
    if whole:
        print(indent + text)
        return
    for line in tables.wrap(text, width, indent, hang or indent):
        print(line)


def _definition_arg(cat: Catalog, value: str):
    """Return a definition by id, or read it from a file path."""
    if value in cat.definitions:
        return cat.definition(value)
    if value.endswith((".yaml", ".yml")) and Path(value).is_file():
        return read_definition(value, cat)
    return cat.definition(value)


def _toggles(
    cat: Catalog, specs: list[str], definitions: list[str], extra: dict | None = None
) -> dict[str, dict[str, object]]:
    """Parse ``[DEF:]REQ=off|on|published|licenses:cat1,cat2`` into per-definition toggles."""
    out: dict[str, dict[str, object]] = {}
    for spec in specs:
        target, sep, value = spec.partition("=")
        if not sep or not value:
            msg = f"--toggle {spec!r}: expected REQ=off, REQ=on, or REQ=licenses:cat1,cat2"
            raise ValueError(msg)
        def_id, _, req = target.rpartition(":")
        parsed: object = value
        if value.startswith("licenses:"):
            parsed = [c for c in value.removeprefix("licenses:").split(",") if c]
        # One check for every command: a toggle aimed at a definition the command does not
        # use would otherwise be dropped without a word.
        if def_id and def_id not in definitions:
            msg = (
                f"--toggle {spec!r} aims at {def_id!r}, which this command does not use "
                f"(it uses {', '.join(definitions)})"
            )
            raise NotFound(msg)
        targets = [def_id] if def_id else definitions
        hit = False
        for d in targets:
            definition = (extra or {}).get(d) or cat.definition(d)
            if any(n.id == req for n in definition.walk()):
                out.setdefault(d, {})[req] = parsed
                hit = True
        if not hit:
            msg = f"--toggle {spec!r}: no evaluated definition has a requirement {req!r}"
            raise NotFound(msg)
    return out


def _write_json(value: object) -> None:
    # Readable Chinese, yet no raw control or bidi character: those become \uXXXX escapes,
    # which keep the JSON valid (the terminal sanitiser's \x escapes would not).
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.write(visible(text, keep="\n", json=True))


def _emit(frame: pd.DataFrame, fmt: str, wide: bool = False) -> None:
    if fmt == "csv":
        sys.stdout.write(frame_csv(frame))
    elif fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        _write_json(records)
    else:
        sys.stdout.write(tables.text_table(frame, wide=wide) + "\n")
