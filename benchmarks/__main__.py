"""Run the benchmarks and write the JSON report: ``python -m benchmarks [--quick] [--all]``.

The report is ``{"machine": {...}, "figures": [{"name", "median", "p95", "unit", "budget",
"ok", ...}]}``; ``ok`` is null where a figure has no budget or could not be measured. The exit
code is 1 when a part crashed (its figure says why), else 0: budgets missed do not fail the
run, so that CI can run ``--quick`` as a smoke test without asserting timings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

from benchmarks.report import machine

#: Every part, in running order; the slow ones (SLOW) are skipped by --quick unless --all.
PARTS = (
    "imports",
    "shipped",
    "synthetic",
    "toggle",
    "gallery",
    "notebooks",
    "browser",
    "interactive",
)
SLOW = ("notebooks", "browser", "interactive")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes and few repeats (a smoke run)"
    )
    parser.add_argument(
        "--all", action="store_true", help="with --quick: also run the notebook and browser parts"
    )
    parser.add_argument("--out", metavar="FILE", help="write the JSON report here, not stdout")
    parser.add_argument(
        "--only", nargs="+", choices=PARTS, metavar="PART", help=f"run only these: {PARTS}"
    )
    args = parser.parse_args(argv)
    parts = list(args.only or PARTS)
    if args.quick and not args.all and not args.only:
        parts = [p for p in parts if p not in SLOW]

    started = time.perf_counter()
    report = {
        "machine": machine(),
        "quick": args.quick,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "parts": parts,
        "figures": [],
    }
    failed = False
    for part in parts:
        print(f"[benchmarks] {part} ...", file=sys.stderr, flush=True)
        began = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{part}")
            figures = module.run(args.quick)
        except Exception as error:
            failed = True
            traceback.print_exc()
            figures = [
                {
                    "name": f"{part}: the benchmark failed",
                    "median": None,
                    "p95": None,
                    "unit": "",
                    "budget": None,
                    "ok": False,
                    "n": 0,
                    "note": f"{type(error).__name__}: {error}",
                }
            ]
        report["figures"].extend(figures)
        for fig in figures:
            print(f"[benchmarks]   {_line(fig)}", file=sys.stderr, flush=True)
        print(
            f"[benchmarks] {part} done in {time.perf_counter() - began:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    report["seconds"] = round(time.perf_counter() - started, 1)
    if hasattr(os, "getloadavg"):
        # Other work on the machine inflates wall times: say how busy it was.
        report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"[benchmarks] report written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if failed else 0


def _line(fig: dict) -> str:
    verdict = {True: "ok", False: "MISSED", None: "-"}[fig["ok"]]
    budget = f" (budget {fig['budget']})" if fig["budget"] is not None else ""
    return (
        f"{verdict:6} {fig['name']}: median {fig['median']} p95 {fig['p95']} {fig['unit']}{budget}"
    )


if __name__ == "__main__":
    sys.exit(main())
