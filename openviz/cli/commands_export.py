"""The ``export`` command: gallery charts as files."""

from __future__ import annotations

import argparse
import sys

from openviz.catalog import read_definition
from openviz.cli._common import (
    EXIT_DATA,
    EXIT_OK,
    _catalog,
    _definition_arg,
)


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
