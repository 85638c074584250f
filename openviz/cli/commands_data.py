"""Commands about the data files: ``validate``, ``list``, ``import``, ``crosscheck``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from openviz import tables
from openviz._catalog_text import duplicate_id
from openviz._files import missing_reason, read_regular
from openviz._yaml import read_yaml
from openviz.catalog import load_catalog, read_definition, read_release, yaml_files
from openviz.cli._common import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    _catalog,
    _emit,
)
from openviz.problems import CatalogError, Problem


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the catalog, or the given YAML files and folders, and report problems."""
    problems: list[Problem] = []
    checked = 0
    if not args.paths:
        cat = _catalog(args)
        print(
            f"OK: {len(cat.definitions)} definitions and "
            f"{len(cat.releases)} model releases are valid"
        )
        return EXIT_OK
    base = _catalog(args)
    seen: dict[tuple[str, str], Path] = {}  # (kind, id) -> first file, across all PATHs
    seen_tables: set[Path] = set()
    for raw in args.paths:
        path = Path(raw)
        if path.is_dir() and (path / "components.yaml").is_file():
            try:
                cat = load_catalog(path)
                checked += len(cat.definitions) + len(cat.releases) + 2
            except CatalogError as exc:
                problems.extend(exc.problems)
            continue
        files = yaml_files(path, problems, recursive=True) if path.is_dir() else [path]
        if not path.exists():
            what = missing_reason(path, "no such file or folder")
            problems.append(Problem(str(path), 0, "", what, "a YAML file or a folder of them"))
            continue
        for f in files:
            checked += 1
            if f.name in _TABLES and (f.parent / "components.yaml").is_file():
                # The vocabulary and the licence table are checked with the catalogue they
                # belong to: other files refer to them.
                if f.parent not in seen_tables:
                    seen_tables.add(f.parent)
                    try:
                        load_catalog(f.parent)
                    except CatalogError as exc:
                        problems.extend(exc.problems)
                continue
            reader = read_definition if _looks_like_definition(f) else read_release
            try:
                record = reader(f, base)
            except CatalogError as exc:
                problems.extend(exc.problems)
                continue
            key = (type(record).__name__, record.id)
            if key in seen:
                problems.append(duplicate_id(read_yaml(f), record.id, seen[key]))
            seen.setdefault(key, f)
    if problems:
        print(CatalogError(problems).report(), file=sys.stderr)
        return EXIT_DATA
    print(f"OK: {checked} file{'s' if checked != 1 else ''} valid")
    return EXIT_OK


#: The catalogue's own tables, beside ``definitions/`` and ``models/``.
_TABLES = ("components.yaml", "licenses.yaml", "families.yaml")


def _looks_like_definition(path: Path) -> bool:
    if "definitions" in path.parts:
        return True
    if "models" in path.parts:
        return False
    try:
        head = read_regular(path)[:20000].decode("utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith(("kind:", "publisher:")) for line in head.splitlines())


def cmd_list(args: argparse.Namespace) -> int:
    """Print a listing of the catalog's definitions or model releases."""
    cat = _catalog(args)
    frame = tables.listing(cat, args.what, collection=args.collection)
    if args.sort:
        column = args.sort.lstrip("-")
        if column not in frame.columns:
            print(
                f"openviz list {args.what}: cannot sort by {column!r}; "
                f"choose one of {', '.join(frame.columns)} (prefix '-' for descending)",
                file=sys.stderr,
            )
            return EXIT_USAGE
        # Partial dates (2024, 2024-05, 2024-05-01) sort correctly as text.
        frame = frame.sort_values(
            [column, frame.columns[0]], ascending=not args.sort.startswith("-"), kind="stable"
        )
    _emit(frame, args.format, args.wide)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Convert another openness database into openviz release records."""
    from openviz.sources import convert_mot, convert_osai_index, write_records

    cat = _catalog(args)
    source = Path(args.path)
    if not source.is_dir():
        what = "is not a folder" if source.exists() else "does not exist"
        what = missing_reason(source, what) if source.is_symlink() else what
        msg = f"{source} {what}; give the {args.source} data folder (nothing was written)"
        raise FileNotFoundError(msg)
    convert = convert_mot if args.source == "mot" else convert_osai_index
    result = convert(source, cat.licenses)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not result.records:
        msg = (
            f"{source} holds no {args.source} records ({len(result.warnings)} warnings); "
            "nothing was written or deleted"
        )
        raise ValueError(msg)
    if args.out:
        written = write_records(result, args.out, replace=args.replace)
        print(f"{len(written)} records written to {args.out} ({len(result.warnings)} warnings)")
    else:
        print(
            f"{len(result.records)} records converted ({len(result.warnings)} warnings); "
            "use --out DIR to write them"
        )
    return EXIT_OK


def cmd_crosscheck(args: argparse.Namespace) -> int:
    """List components where curated facts and an imported database disagree.

    With ``--collection mot``: every imported MOT record whose openviz MOF class differs
    from the tool's own (all records with csv or json), then the agreement figure.
    """
    from openviz.crosscheck import crosscheck, mof_agreement, mof_agreement_text

    cat = _catalog(args)
    if args.collection is None:
        _emit(crosscheck(cat), args.format, args.wide)
        return EXIT_OK
    cat.check_collections(args.collection)
    if args.collection in ("curated", "all", "user"):
        imported = [c for c in cat.known_collections() if c not in ("curated", "all")]
        msg = (
            f"--collection {args.collection}: crosscheck compares curated facts with an "
            f"imported collection; choose one of {', '.join(imported)}"
        )
        raise ValueError(msg)
    if args.collection != "mot":
        _emit(crosscheck(cat, [args.collection]), args.format, args.wide)
        return EXIT_OK
    frame = mof_agreement(cat)
    if args.format == "table":
        _emit(frame[~frame.agree], "table", args.wide)
        print(mof_agreement_text(frame))
    else:
        _emit(frame, args.format, args.wide)
        print(mof_agreement_text(frame), file=sys.stderr)
    return EXIT_OK
