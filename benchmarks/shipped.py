"""Every definition over every shipped release (curated and imported), with warm caches."""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.report import ROOT, figure, time_ms

_LOAD = """
import json, time
started = time.perf_counter()
import openviz
imported = time.perf_counter()
catalog = openviz.load_catalog()
loaded = time.perf_counter()
print(json.dumps({"load": (loaded - imported) * 1000, "releases": len(catalog.releases)}))
"""


def run(quick: bool) -> list[dict]:
    import openviz

    catalog = openviz.load_catalog()
    n_defs, n_rels = len(catalog.definitions), len(catalog.models("all"))
    what = f"{n_defs} definitions x {n_rels} shipped releases (curated + imported)"

    def evaluate_all() -> None:
        openviz.evaluate(catalog=catalog, collection="all")

    def evaluate_lookup() -> None:
        openviz.evaluate(collection="all")

    def evaluate_cold() -> None:
        # Forget everything derived from the catalogue: release tables and what is cached on
        # them (leaf ratings, verdicts), compiled rules, license codes.
        openviz.clear_caches()
        openviz.evaluate(catalog=catalog, collection="all")

    evaluate_all()  # warm: catalogue read, rules compiled, release table built
    repeats = 5 if quick else 50
    out = [
        figure(
            f"evaluate {what}, warm",
            time_ms(evaluate_all, repeats),
            "ms",
            20,
            note="openviz.evaluate(catalog=catalog, collection='all') called again: one tidy "
            "frame of verdicts, levels, scores and reasons; the release table and each "
            "definition's verdicts are cached (a toggle recomputes one definition)",
        ),
        figure(
            f"evaluate {what}, engine caches cleared (parsed catalogue kept)",
            time_ms(evaluate_cold, repeats),
            "ms",
            note="release table rebuilt from the records, rules compiled, every node rated and "
            "judged: what a new set of releases (a filter) costs",
        ),
        figure(
            f"evaluate {what}, warm, catalogue looked up by load_catalog()",
            time_ms(evaluate_lookup, repeats),
            "ms",
            note="openviz.evaluate(collection='all'): adds the check that no data file changed",
        ),
    ]
    loads = [_load_in_fresh_process() for _ in range(1 if quick else 3)]
    out.append(
        figure(
            f"load_catalog() of the shipped data ({n_rels} releases), fresh process",
            loads,
            "ms",
            note="parse, validate and cross-check every YAML file; once per kernel",
        )
    )
    return out


def _load_in_fresh_process() -> float:
    done = subprocess.run(
        [sys.executable, "-c", _LOAD], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])["load"]
