"""The ``openviz`` command: argument parsing only; every command calls the library."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from openviz import tables
from openviz._csv import frame_csv
from openviz._files import missing_reason, read_regular
from openviz._safe_text import visible
from openviz._yaml import read_yaml
from openviz.catalog import Catalog, load_catalog, read_definition, read_release, yaml_files
from openviz.diff import diff
from openviz.evaluate import evaluate
from openviz.explain import explain
from openviz.explain_text import say, shorten
from openviz.export import CHART_NAMES
from openviz.problems import CatalogError, Problem

EXIT_OK, EXIT_USAGE, EXIT_DATA = 0, 2, 2
EXIT_INTERRUPTED = 130


class _Visible:
    """A text stream that shows control, bidi and invisible characters as escapes.

    Every line the command prints, tables, CSV, problem lines, error messages and file
    names alike, passes through one sanitiser on its way to the terminal; line breaks and
    tabs pass as they are.
    """

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text, keep="\n\t"))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Visible(out), _Visible(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        with _terminate_as_interrupt():
            return args.run(args)
    except KeyboardInterrupt:  # Ctrl-C or kill: temporary files are gone, nothing half-written
        print("openviz: interrupted; nothing was left half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except CatalogError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_DATA
    except (KeyError, ValueError) as exc:
        msg = exc.args[0] if exc.args else str(exc)
        print(f"openviz: error: {msg}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `openviz list models | head`
        return EXIT_OK
    except OSError as exc:  # refused targets, missing folders, read-only or full disks
        print(f"openviz: error: {_os_error_text(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # last resort: a message, never a traceback
        print(
            f"openviz: internal error ({type(exc).__name__}: {exc}); "
            "please report it with the command you ran",
            file=sys.stderr,
        )
        return 1


def _os_error_text(exc: OSError) -> str:
    if exc.strerror and exc.filename:
        return f"{exc.filename}: {exc.strerror}"
    return exc.strerror or str(exc)


@contextmanager
def _terminate_as_interrupt():
    """Turn SIGTERM into KeyboardInterrupt while a command runs.

    Python dies on SIGTERM without running ``finally`` blocks, which would leave the
    temporary file of a write behind; as an exception, the writer removes it.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- commands ----------------------------------------------------------------------------------
def _catalog(args: argparse.Namespace) -> Catalog:
    return load_catalog(args.catalog, add=args.add or ())


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
                problems.append(
                    Problem(
                        str(f),
                        read_yaml(f).line(("id",)),
                        "id",
                        f"duplicate id {record.id!r}, already used by {seen[key]}",
                        "ids unique across files",
                    )
                )
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


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Print the verdict of each model release under each definition."""
    cat = _catalog(args)
    defs = [_definition_arg(cat, d) for d in (args.definition or [])]
    defs += [read_definition(p, cat) for p in (args.definition_file or [])]
    ids = [d.id for d in defs] or list(cat.definitions)
    toggles = _toggles(cat, args.toggle or [], ids, {d.id: d for d in defs})
    if toggles:
        defs = [d.with_toggles(toggles.pop(d.id)) if d.id in toggles else d for d in defs] or None
    defs = defs or None
    frame = evaluate(
        defs, args.model or None, catalog=cat, toggles=toggles, collection=args.collection
    )
    cols = ["model", "definition", "verdict", "level", "score", "unmet"]
    if args.format == "table":
        cols.append("unknown")
        frame = frame.assign(
            unmet=frame.unmet.str.replace(";", ", "), unknown=frame.unknown.str.replace(";", ", ")
        )
    _emit(frame[cols], args.format, args.wide)
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    """Print, requirement by requirement, why one model gets its verdict under one definition."""
    cat = _catalog(args)
    d = _definition_arg(cat, args.definition)
    toggles = _toggles(cat, args.toggle or [], [d.id], {d.id: d}).get(d.id)
    frame = explain(args.model, d, catalog=cat, toggles=toggles, lang=args.lang)
    if args.format != "table":
        _emit(frame, args.format, args.wide)
        return EXIT_OK
    width = tables.terminal_width()
    top, rows = frame.iloc[0], frame.iloc[1:]
    _say(top.plain, width, args.wide)
    print()
    sources: dict[tuple[str, str, str], int] = {}
    refs = []
    for url, shows, checked in zip(
        rows.evidence_url, rows.evidence_shows, rows.evidence_checked, strict=True
    ):
        if not url:
            refs.append("")
            continue
        refs.append(f"[{sources.setdefault((url, shows, checked), len(sources) + 1)}]")
    semi = say("semi", args.lang)
    fact = [semi.join(x for x in (f, w) if x) for f, w in zip(rows.fact, rows.why, strict=True)]
    view = pd.DataFrame(
        {
            "requirement": [
                "  " * k + r for k, r in zip(rows.depth, rows.requirement, strict=True)
            ],
            "result": rows.result.to_numpy(),
            "fact": fact,
            "ev": refs,
        }
    )
    if args.wide:
        view = view.assign(
            part=rows.part.to_numpy(),
            label=rows.label.to_numpy(),
            evidence_url=rows.evidence_url.to_numpy(),
            evidence_shows=rows.evidence_shows.to_numpy(),
            note=rows.note.to_numpy(),
            evidence_checked=rows.evidence_checked.to_numpy(),
        )
    sys.stdout.write(tables.text_table(view, width, wide=args.wide) + "\n")
    if sources and not args.wide:
        print("\nEvidence:")
        for (url, shows, checked), k in sources.items():
            print(f"[{k}] {url}")
            if shows:
                shown = shows if args.full else shorten(shows, max(width - 4, 20))
                _say(shown, width, False, indent="    ")
            if checked:
                _say(f"checked: {checked}", width, False, indent="    ", hang="      ")
    if (rows.kind == "any_of").any() or rows.why.str.contains(_STANDS_IN, regex=False).any():
        print()
        _say(_TERMS, width, args.wide)
    return EXIT_OK


#: "alternative" and "substitute", the two words the explanation and the gap use.
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


def cmd_diff(args: argparse.Namespace) -> int:
    """Print what changes between two definitions, and which models it moves."""
    cat = _catalog(args)
    a, b = _definition_arg(cat, args.a), _definition_arg(cat, args.b)
    result = diff(a, b, args.model or None, catalog=cat, collection=args.collection)
    if args.format == "json":
        payload = {
            "a": a.id,
            "b": b.id,
            "requirements": json.loads(result.requirements.to_json(orient="records")),
            "models": json.loads(result.models.to_json(orient="records")),
        }
        _write_json(payload)
    elif args.format == "csv":
        sys.stdout.write("# requirements\n" + frame_csv(result.requirements))
        sys.stdout.write("\n# models\n" + frame_csv(result.models))
    else:
        print(f"Requirements: {a.id} -> {b.id}")
        _emit(result.requirements, "table", args.wide)
        print(f"\nModels whose verdict, level or score changes ({len(result.models)}):")
        _emit(result.models, "table", args.wide)
    return EXIT_OK


def cmd_gap(args: argparse.Namespace) -> int:
    """Print the smallest changes that would make a model meet a definition."""
    from openviz.analysis import path_to

    cat = _catalog(args)
    d = _definition_arg(cat, args.definition)
    frame = path_to(args.model, d, args.level, catalog=cat)
    if args.format != "table":
        _emit(frame, args.format, args.wide)
        return EXIT_OK
    rel = cat.release(args.model)
    width = tables.terminal_width()
    if frame.empty:
        print(f"{rel.name} already meets {d.title()}: nothing to change.")
        return EXIT_OK
    options = sorted(frame.option.unique())
    stand_ins = _substitutes(d)
    lines = {
        k: [
            f"{r.description}{_mark(r.target, stand_ins)}   [now: {r.now}]"
            for r in part.itertuples()
        ]
        for k, part in frame.groupby("option", sort=True)
    }
    # What every alternative asks is said once; each option then lists only what is its own.
    common = [x for x in lines[options[0]] if all(x in lines[k] for k in options)]
    size = len(lines[options[0]])
    head = f"{rel.name} would meet {d.title()} with {size} change{'s' if size != 1 else ''}"
    if len(options) > 1:
        head += f", in one of {len(options)} alternative ways"
    _say(head + ":", width, args.wide)
    if len(options) > 1 and common:
        print(f"\nneeded in every way ({len(common)}):")
    for line in common:
        _say(f"- {line}", width, args.wide, indent="  ", hang="    ")
    if len(options) > 1:
        print("\nplus one of these alternatives:" if common else "")
        for k in options:
            own = [x for x in lines[k] if x not in common]
            if len(own) == 1:
                _say(f"option {k}: {own[0]}", width, args.wide, indent="  ", hang="    ")
                continue
            print(f"  option {k}:")
            for line in own:
                _say(f"- {line}", width, args.wide, indent="    ", hang="      ")
    if len(options) > 1 or any(t in stand_ins for t in frame.target):
        print()
        _say(_TERMS, width, args.wide)
    return EXIT_OK


def _substitutes(d) -> dict[str, str]:
    """Map each component a definition accepts as a substitute to the one it stands in for."""
    return {sub: n.component for n in d.walk() if n.rule.names_component for sub in n.substitutes}


def _mark(target: str, stand_ins: dict[str, str]) -> str:
    return f" (a substitute for {stand_ins[target]})" if target in stand_ins else ""


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Rank a definition's requirements by how many models each one alone keeps out."""
    from openviz.analysis import sensitivity

    cat = _catalog(args)
    d = _definition_arg(cat, args.definition)
    _emit(
        sensitivity(
            d, args.model or None, catalog=cat, collection=args.collection, level=args.level
        ),
        args.format,
        args.wide,
    )
    return EXIT_OK


def cmd_unknowns(args: argparse.Namespace) -> int:
    """List the unknown facts that could change a verdict, level or score, most decisive first."""
    from openviz.analysis import deciding_unknowns

    cat = _catalog(args)
    defs = [_definition_arg(cat, d) for d in (args.definition or [])] or None
    frame = deciding_unknowns(
        defs, args.model or None, catalog=cat, collection=args.collection, by=args.by
    )
    if args.by == "release":
        releases = frame.model.nunique()
        summary = f"{len(frame)} deciding unknowns in {releases} releases"
    else:
        summary = f"{len(frame)} facts deciding for {int(frame.releases.sum())} release facts"
    scope = ", ".join(d.id for d in defs) if defs else "every definition"
    summary += f" ({scope}; collection {args.collection})"
    if args.format == "table":
        cols = (
            ["model", "fact", "flips", "changes", "needs", "recorded"]
            if args.by == "release"
            else list(frame.columns)
        )
        _emit(frame[cols], "table", args.wide)
        _say(summary, tables.terminal_width(), args.wide)
    else:
        _emit(frame, args.format, args.wide)
        print(summary, file=sys.stderr)
    return EXIT_OK


def cmd_consensus(args: argparse.Namespace) -> int:
    """Show which definitions each model meets and fails, and what splits contested ones."""
    from openviz.analysis import consensus

    cat = _catalog(args)
    frame = consensus(args.model or None, catalog=cat, collection=args.collection)
    if args.format == "table":
        frame = _consensus_words(frame, cat)
    _emit(frame, args.format, args.wide)
    return EXIT_OK


def _consensus_words(frame: pd.DataFrame, cat: Catalog) -> pd.DataFrame:
    """Say the consensus table in words: definition names, yes/no, requirement labels."""

    def title(did: str) -> str:
        # A list of names is comma-separated: a name's own comma becomes brackets.
        head, sep, tail = cat.definition(did).title().partition(", ")
        return f"{head} ({tail})" if sep else head

    def names(ids: str) -> str:
        return ", ".join(title(x) for x in ids.split(";") if x)

    def split(text: str) -> str:
        out = []
        for item in filter(None, text.split(" | ")):
            did, _, reqs = item.partition(": ")
            d = cat.definition(did)
            labels = []
            for rid in reqs.split(", "):
                try:
                    labels.append(d.requirement(rid).title())
                except KeyError:
                    labels.append(rid)
            out.append(f"{title(did)}: {', '.join(labels)}")
        return "; ".join(out)

    return frame.assign(
        qualifies=frame.qualifies.map(names),
        fails=frame.fails.map(names),
        cannot_tell=frame.cannot_tell.map(names),
        contested=frame.contested.map({True: "yes", False: "no"}),
        splitting=frame.splitting.map(split),
    ).rename(columns={"cannot_tell": "cannot tell"})


def cmd_export(args: argparse.Namespace) -> int:
    """Write a gallery chart to a file for an article: SVG, PNG, PDF, HTML, or its data."""
    from openviz.export import export

    cat = _catalog(args)
    defs = [_definition_arg(cat, d) for d in (args.definition or [])]
    defs += [read_definition(p, cat) for p in (args.definition_file or [])]
    options: dict = {"catalog": cat, "collection": args.collection}
    if defs:
        options["definitions"] = defs
    if args.model:
        options["models"] = args.model
    if args.family:
        if args.chart not in ("all", "family-trajectory"):
            msg = f"--family applies to the family-trajectory chart, not {args.chart}"
            raise ValueError(msg)
        options["family"] = args.family
    if args.chart == "all":
        if args.interactive:
            msg = "--interactive makes one page of the verdict-matrix chart, not the gallery"
            raise ValueError(msg)
        return _export_all(args, options)
    path = export(
        args.chart,
        args.out,
        args.format,
        lang=args.lang,
        width=args.width,
        scale=args.scale,
        dpi=args.dpi,
        force=args.force,
        interactive=args.interactive,
        **options,
    )
    print(f"wrote {path}")
    if args.interactive:
        from openviz.interactive import embed_snippet

        print("embed it in an article with:")
        print(embed_snippet(path.name, args.lang), end="")
    return EXIT_OK


def _export_all(args: argparse.Namespace, options: dict) -> int:
    from openviz.export import export_gallery

    formats = [f.strip() for f in (args.format or "svg,png,pdf").split(",") if f.strip()]
    written, skipped = export_gallery(
        args.out,
        formats,
        lang=args.lang,
        width=args.width,
        scale=args.scale,
        dpi=args.dpi,
        force=args.force,
        **options,
    )
    for path in written:
        print(f"wrote {path}")
    for name, why in skipped.items():
        print(f"skipped {name}: {why}", file=sys.stderr)
    return EXIT_OK if written else EXIT_DATA


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
            raise KeyError(msg)
        targets = [def_id] if def_id else definitions
        hit = False
        for d in targets:
            definition = (extra or {}).get(d) or cat.definition(d)
            if any(n.id == req for n in definition.walk()):
                out.setdefault(d, {})[req] = parsed
                hit = True
        if not hit:
            msg = f"--toggle {spec!r}: no evaluated definition has a requirement {req!r}"
            raise KeyError(msg)
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


# -- parser ------------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--catalog", metavar="DIR", help="use this defs folder instead of the shipped one"
    )
    common.add_argument(
        "--add",
        metavar="PATH",
        action="append",
        help="layer extra definition or model files (or folders) over the catalogue; repeatable",
    )
    fmt = argparse.ArgumentParser(add_help=False)
    fmt.add_argument("--format", choices=("table", "csv", "json"), default="table")
    fmt.add_argument(
        "--wide",
        action="store_true",
        help="tables: every column, each cell on one line in full (default: fit $COLUMNS)",
    )
    coll = argparse.ArgumentParser(add_help=False)
    coll.add_argument(
        "--collection", default="curated", help="curated (default), an imported collection, or all"
    )

    parser = argparse.ArgumentParser(
        prog="openviz",
        description=(
            "What counts as open-source AI? "
            "Judge model releases against published definitions, with evidence."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "validate", parents=[common], help="check data files; exit 2 listing every problem"
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the whole catalogue)"
    )
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser(
        "list", parents=[common, fmt, coll], help="list definitions, models, components or licenses"
    )
    p.add_argument("what", choices=("definitions", "models", "components", "licenses"))
    p.add_argument(
        "--sort",
        metavar="[-]COLUMN",
        help="sort by a column, e.g. release_date; '-release_date' for newest first",
    )
    p.set_defaults(run=cmd_list)

    p = sub.add_parser(
        "evaluate", parents=[common, fmt, coll], help="verdicts of models under definitions"
    )
    p.add_argument(
        "--definition", "-d", action="append", metavar="ID", help="repeatable; default all"
    )
    p.add_argument(
        "--definition-file",
        action="append",
        metavar="PATH",
        help="evaluate a definition file (e.g. one saved from the explorer); repeatable",
    )
    p.add_argument(
        "--model", "-m", action="append", metavar="ID", help="repeatable; default the collection"
    )
    p.add_argument(
        "--toggle",
        "-t",
        action="append",
        metavar="[DEF:]REQ=VALUE",
        help="off, on, published, or licenses:cat1,cat2",
    )
    p.set_defaults(run=cmd_evaluate)

    p = sub.add_parser(
        "gap",
        parents=[common, fmt],
        help="what a model would have to change to meet a definition",
        epilog=_TERMS,
    )
    p.add_argument("model")
    p.add_argument("definition", help="definition id or file")
    p.add_argument("--level", help="for graded definitions: the level to reach (default: next)")
    p.set_defaults(run=cmd_gap)

    p = sub.add_parser(
        "sensitivity", parents=[common, fmt, coll], help="which requirement keeps most models out"
    )
    p.add_argument("definition", help="definition id or file")
    p.add_argument("--model", "-m", action="append", metavar="ID")
    p.add_argument(
        "--level",
        help="for levels definitions: count models kept from this level "
        "(default: the lowest, i.e. from qualifying)",
    )
    p.set_defaults(run=cmd_sensitivity)

    p = sub.add_parser(
        "unknowns",
        parents=[common, fmt, coll],
        help="the unknown facts that could change a verdict: the research to-do list",
    )
    p.add_argument(
        "--definition", "-d", action="append", metavar="ID", help="repeatable; default all"
    )
    p.add_argument("--model", "-m", action="append", metavar="ID")
    p.add_argument(
        "--by",
        choices=("release", "fact"),
        default="release",
        help="one row per release and fact (default), or per fact over all releases",
    )
    p.set_defaults(run=cmd_unknowns)

    p = sub.add_parser(
        "consensus", parents=[common, fmt, coll], help="where definitions agree and disagree"
    )
    p.add_argument("--model", "-m", action="append", metavar="ID")
    p.set_defaults(run=cmd_consensus)

    p = sub.add_parser(
        "export",
        parents=[common, coll],
        help="write a gallery chart as SVG, PNG, PDF, HTML, CSV or JSON",
    )
    p.add_argument(
        "chart",
        help="a gallery chart, or all of them (then --out is a folder)",
        choices=("all", *CHART_NAMES),
    )
    p.add_argument("--definition", "-d", action="append", metavar="ID", help="repeatable")
    p.add_argument("--definition-file", action="append", metavar="PATH", help="repeatable")
    p.add_argument("--model", "-m", action="append", metavar="ID", help="repeatable")
    p.add_argument("--family", help="for family-trajectory: the family (e.g. llama)")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument(
        "--format",
        metavar="FORMAT",
        help="svg, png, pdf, html, csv or json (default: from --out); with all, a "
        "comma-separated list (default: svg,png,pdf)",
    )
    p.add_argument("--width", type=int, help="figure width in pixels")
    p.add_argument(
        "--scale",
        type=float,
        help="pixel scale for png (default 2, 144 dpi) and pdf (default 1)",
    )
    p.add_argument("--dpi", type=float, help="pixels per inch for png, instead of --scale")
    p.add_argument("--out", required=True, metavar="PATH")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument(
        "--interactive",
        action="store_true",
        help="verdict-matrix as html: one offline page with a definition picker, requirement "
        "switches, licence choices and reasons on click (prints an embed snippet)",
    )
    p.set_defaults(run=cmd_export)

    p = sub.add_parser(
        "import", parents=[common], help="convert MOT or EU index records into release records"
    )
    p.add_argument("source", choices=("mot", "osai-index"))
    p.add_argument("path", help="the source's models folder (MOT) or database folder (EU index)")
    p.add_argument("--out", metavar="DIR", help="write one YAML file per record here")
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the records an earlier import of this source wrote in --out "
        "(other files there are kept)",
    )
    p.set_defaults(run=cmd_import)

    p = sub.add_parser(
        "crosscheck", parents=[common, fmt], help="where curated facts and imported ones disagree"
    )
    p.add_argument(
        "--collection",
        metavar="NAME",
        help="mot: compare openviz's MOF class with the Model Openness Tool's for every imported "
        "MOT record and print the agreement; osai-index: compare curated facts with that "
        "collection only (default: curated facts against both)",
    )
    p.set_defaults(run=cmd_crosscheck)

    p = sub.add_parser(
        "diff", parents=[common, fmt, coll], help="what changes between two definitions"
    )
    p.add_argument("a", help="definition id or file (the reference)")
    p.add_argument("b", help="definition id or file")
    p.add_argument("--model", "-m", action="append", metavar="ID")
    p.set_defaults(run=cmd_diff)

    p = sub.add_parser(
        "explain",
        parents=[common, fmt],
        help="why a model gets its verdict, requirement by requirement",
        description="The verdict first, then each requirement: its result, the fact in words "
        "and a reference to the evidence listed below the table.",
        epilog=_TERMS,
    )
    p.add_argument("model")
    p.add_argument("definition")
    p.add_argument("--toggle", "-t", action="append", metavar="REQ=VALUE")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the words")
    p.add_argument(
        "--full", action="store_true", help="print evidence texts in full, not cut to one line"
    )
    p.set_defaults(run=cmd_explain)
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
