"""The argument parser of every command."""

from __future__ import annotations

import argparse

from openviz.cli._common import (
    _TERMS,
)
from openviz.cli.commands_data import cmd_crosscheck, cmd_import, cmd_list, cmd_validate
from openviz.cli.commands_export import cmd_export
from openviz.cli.commands_verdicts import (
    cmd_consensus,
    cmd_diff,
    cmd_evaluate,
    cmd_explain,
    cmd_gap,
    cmd_sensitivity,
    cmd_unknowns,
)
from openviz.export import CHART_NAMES


# -- parser ------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``openviz`` and every command."""
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

    # The order of the calls is the order of the commands in --help.
    _add_data_and_verdicts(sub, common, fmt, coll)
    _add_analyses(sub, common, fmt, coll)
    _add_export(sub, common, fmt, coll)
    _add_imports_and_diff(sub, common, fmt, coll)
    _add_explain(sub, common, fmt, coll)
    return parser


def _add_data_and_verdicts(
    sub,
    common: argparse.ArgumentParser,
    fmt: argparse.ArgumentParser,
    coll: argparse.ArgumentParser,
) -> None:
    """Add the commands validate, list, evaluate, gap; the parents give the shared options."""
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


def _add_analyses(
    sub,
    common: argparse.ArgumentParser,
    fmt: argparse.ArgumentParser,
    coll: argparse.ArgumentParser,
) -> None:
    """Add the commands sensitivity, unknowns, consensus; the parents give the shared options."""
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


def _add_export(
    sub,
    common: argparse.ArgumentParser,
    fmt: argparse.ArgumentParser,
    coll: argparse.ArgumentParser,
) -> None:
    """Add the commands export; the parents give the shared options."""
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


def _add_imports_and_diff(
    sub,
    common: argparse.ArgumentParser,
    fmt: argparse.ArgumentParser,
    coll: argparse.ArgumentParser,
) -> None:
    """Add the commands import, crosscheck, diff; the parents give the shared options."""
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


def _add_explain(
    sub,
    common: argparse.ArgumentParser,
    fmt: argparse.ArgumentParser,
    coll: argparse.ArgumentParser,
) -> None:
    """Add the commands explain; the parents give the shared options."""
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
