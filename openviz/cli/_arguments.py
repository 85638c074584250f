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
from openviz.i18n import LANGUAGES


# -- parser ------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``openviz`` and every command."""
    parser = argparse.ArgumentParser(
        prog="openviz",
        description=(
            "What counts as open-source AI? "
            "Judge model releases against published definitions, with evidence."
        ),
    )
    commands = _Commands(parser.add_subparsers(dest="command", metavar="COMMAND"))
    # The order of the calls is the order of the commands in --help.
    for add in (_add_data_and_verdicts, _add_analyses, _add_export, _add_imports, _add_explain):
        add(commands)
    return parser


class _Commands:
    """Adds commands to the parser, each with the shared options it names."""

    def __init__(self, sub) -> None:
        self._sub = sub
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument(
            "--catalog", metavar="DIR", help="use this defs folder instead of the shipped one"
        )
        common.add_argument(
            "--add",
            metavar="PATH",
            action="append",
            help="layer extra definition or model files (or folders) over the catalogue; "
            "repeatable",
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
            "--collection",
            default="curated",
            help="curated (default), an imported collection, or all",
        )
        self._parents = {"common": common, "fmt": fmt, "coll": coll}

    def add(self, name: str, uses: str, run, **options) -> argparse.ArgumentParser:
        """Add the command ``name`` run by ``run``, with the shared options ``uses`` names."""
        p = self._sub.add_parser(name, parents=[self._parents[k] for k in uses.split()], **options)
        p.set_defaults(run=run)
        return p


def _repeatable(p: argparse.ArgumentParser, *flags: str, metavar: str = "ID", **options) -> None:
    """Add an option that may be given several times, collected in a list."""
    p.add_argument(*flags, action="append", metavar=metavar, **options)


def _language(p: argparse.ArgumentParser, **options) -> None:
    """Add ``--lang``: the languages openviz speaks, English by default."""
    p.add_argument("--lang", choices=LANGUAGES, default="en", **options)


def _add_data_and_verdicts(commands: _Commands) -> None:
    """Add the commands validate, list, evaluate, gap."""
    p = commands.add(
        "validate", "common", cmd_validate, help="check data files; exit 2 listing every problem"
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the whole catalogue)"
    )

    p = commands.add(
        "list",
        "common fmt coll",
        cmd_list,
        help="list definitions, models, components or licenses",
    )
    p.add_argument("what", choices=("definitions", "models", "components", "licenses"))
    p.add_argument(
        "--sort",
        metavar="[-]COLUMN",
        help="sort by a column, e.g. release_date; '-release_date' for newest first",
    )

    p = commands.add(
        "evaluate", "common fmt coll", cmd_evaluate, help="verdicts of models under definitions"
    )
    _repeatable(p, "--definition", "-d", help="repeatable; default all")
    _repeatable(
        p,
        "--definition-file",
        metavar="PATH",
        help="evaluate a definition file (e.g. one saved from the explorer); repeatable",
    )
    _repeatable(p, "--model", "-m", help="repeatable; default the collection")
    _repeatable(
        p,
        "--toggle",
        "-t",
        metavar="[DEF:]REQ=VALUE",
        help="off, on, published, or licenses:cat1,cat2",
    )

    p = commands.add(
        "gap",
        "common fmt",
        cmd_gap,
        help="what a model would have to change to meet a definition",
        epilog=_TERMS,
    )
    p.add_argument("model")
    p.add_argument("definition", help="definition id or file")
    p.add_argument("--level", help="for graded definitions: the level to reach (default: next)")


def _add_analyses(commands: _Commands) -> None:
    """Add the commands sensitivity, unknowns, consensus."""
    p = commands.add(
        "sensitivity",
        "common fmt coll",
        cmd_sensitivity,
        help="which requirement keeps most models out",
    )
    p.add_argument("definition", help="definition id or file")
    _repeatable(p, "--model", "-m")
    p.add_argument(
        "--level",
        help="for levels definitions: count models kept from this level "
        "(default: the lowest, i.e. from qualifying)",
    )

    p = commands.add(
        "unknowns",
        "common fmt coll",
        cmd_unknowns,
        help="the unknown facts that could change a verdict: the research to-do list",
    )
    _repeatable(p, "--definition", "-d", help="repeatable; default all")
    _repeatable(p, "--model", "-m")
    p.add_argument(
        "--by",
        choices=("release", "fact"),
        default="release",
        help="one row per release and fact (default), or per fact over all releases",
    )

    p = commands.add(
        "consensus", "common fmt coll", cmd_consensus, help="where definitions agree and disagree"
    )
    _repeatable(p, "--model", "-m")


def _add_export(commands: _Commands) -> None:
    """Add the command export."""
    p = commands.add(
        "export",
        "common coll",
        cmd_export,
        help="write a gallery chart as SVG, PNG, PDF, HTML, CSV or JSON",
    )
    p.add_argument(
        "chart",
        help="a gallery chart, or all of them (then --out is a folder)",
        choices=("all", *CHART_NAMES),
    )
    _repeatable(p, "--definition", "-d", help="repeatable")
    _repeatable(p, "--definition-file", metavar="PATH", help="repeatable")
    _repeatable(p, "--model", "-m", help="repeatable")
    p.add_argument("--family", help="for family-trajectory: the family (e.g. llama)")
    _language(p)
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


def _add_imports(commands: _Commands) -> None:
    """Add the commands import, crosscheck, diff."""
    p = commands.add(
        "import",
        "common",
        cmd_import,
        help="convert MOT or EU index records into release records",
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

    p = commands.add(
        "crosscheck",
        "common fmt",
        cmd_crosscheck,
        help="where curated facts and imported ones disagree",
    )
    p.add_argument(
        "--collection",
        metavar="NAME",
        help="mot: compare openviz's MOF class with the Model Openness Tool's for every imported "
        "MOT record and print the agreement; osai-index: compare curated facts with that "
        "collection only (default: curated facts against both)",
    )

    p = commands.add(
        "diff", "common fmt coll", cmd_diff, help="what changes between two definitions"
    )
    p.add_argument("a", help="definition id or file (the reference)")
    p.add_argument("b", help="definition id or file")
    _repeatable(p, "--model", "-m")


def _add_explain(commands: _Commands) -> None:
    """Add the command explain."""
    p = commands.add(
        "explain",
        "common fmt",
        cmd_explain,
        help="why a model gets its verdict, requirement by requirement",
        description="The verdict first, then each requirement: its result, the fact in words "
        "and a reference to the evidence listed below the table.",
        epilog=_TERMS,
    )
    p.add_argument("model")
    p.add_argument("definition")
    _repeatable(p, "--toggle", "-t", metavar="REQ=VALUE")
    _language(p, help="language of the words")
    p.add_argument(
        "--full", action="store_true", help="print evidence texts in full, not cut to one line"
    )
