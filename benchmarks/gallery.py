"""Export of the whole chart gallery to SVG, PNG and PDF with :mod:`openviz.export`.

Each run is a fresh process with the catalogue already loaded, timed around one call of
:func:`openviz.export.export_gallery` (``openviz export all``): it includes importing Altair,
building every chart, starting vl-convert's engine and drawing each file, as a script
exporting figures for an article does.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from benchmarks.report import ROOT, figure, skipped

FORMATS = ("svg", "png", "pdf")
NAME = "export the whole chart gallery to SVG, PNG and PDF (fresh process)"
BUDGET = 10_000

_SCRIPT = """
import json, pathlib, sys, tempfile, time
import openviz
catalog = openviz.load_catalog()
from openviz import export as ex
names = json.loads(sys.argv[1]) or list(ex.CHART_NAMES)
started = time.perf_counter()
with tempfile.TemporaryDirectory() as folder:
    written, skipped = ex.export_gallery(folder, FORMATS, charts=names, catalog=catalog)
    assert not skipped and all(p.stat().st_size > 0 for p in written), skipped
total = (time.perf_counter() - started) * 1000
print(json.dumps({"total": total, "files": len(written), "names": names}))
""".replace("FORMATS", repr(FORMATS))


def run(quick: bool) -> list[dict]:
    if importlib.util.find_spec("openviz.export") is None:
        return [skipped(NAME, "ms", BUDGET, "openviz.export is not there yet")]
    names = ["verdict-matrix"] if quick else []
    runs = [_export(names) for _ in range(1 if quick else 3)]
    charts = len(runs[-1]["names"])
    name = NAME if not quick else "export one chart (verdict-matrix) to SVG, PNG and PDF (quick)"
    return [
        figure(
            name,
            [r["total"] for r in runs],
            "ms",
            BUDGET if not quick else None,
            note=f"openviz.export.export_gallery (openviz export all): {charts} charts x "
            f"{len(FORMATS)} formats, {runs[-1]['files']} files, each chart built once; "
            "includes importing Altair and starting vl-convert",
        )
    ]


def _export(names: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps(names)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        msg = f"gallery export failed:\n{done.stderr[-2000:]}"
        raise RuntimeError(msg)
    return json.loads(done.stdout.strip().splitlines()[-1])
