"""Commands about verdicts.

``evaluate``, ``explain``, ``diff``, ``gap``, ``sensitivity``, ``unknowns`` and ``consensus``.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from openviz import tables
from openviz._csv import frame_csv
from openviz.catalog import Catalog, read_definition
from openviz.cli._common import (
    _STANDS_IN,
    _TERMS,
    EXIT_OK,
    _catalog,
    _definition_arg,
    _emit,
    _say,
    _toggles,
    _write_json,
)
from openviz.diff import diff
from openviz.evaluate import evaluate
from openviz.explain import explain
from openviz.explain_text import say, shorten


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
    frame = explain(d, args.model, catalog=cat, toggles=toggles, lang=args.lang)
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
    frame = path_to(d, args.model, args.level, catalog=cat)
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
    frame = consensus(models=args.model or None, catalog=cat, collection=args.collection)
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
