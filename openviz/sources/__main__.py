"""Rebuild the bundled imported collections: ``python -m openviz.sources MOT INDEX [DEFS]``."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from openviz._paths import defs_dir
from openviz._safe_text import visible
from openviz.catalog import load_catalog
from openviz.sources import convert_mot, convert_osai_index, write_records


def main(argv: list[str] | None = None) -> int:
    """Convert both databases and write them under ``defs/models/imported/``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    defs = Path(args[2]) if len(args) == 3 else defs_dir()
    licenses = load_catalog(defs).licenses
    for name, convert, folder in (
        ("mot", convert_mot, args[0]),
        ("osai-index", convert_osai_index, args[1]),
    ):
        result = convert(folder, licenses)
        try:
            written = write_records(result, defs / "models" / "imported" / name, replace=True)
        except (OSError, ValueError) as exc:  # an empty source or a refused folder
            print(f"{name}: {exc}", file=sys.stderr)
            return 2
        for line in result.warnings:
            print(visible(f"warning: {line}"), file=sys.stderr)
        kinds = Counter(w.split(": ", 1)[1].split("(")[-1].rstrip(")") for w in result.warnings)
        print(f"{name}: {len(written)} records, {len(result.warnings)} warnings {dict(kinds)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
