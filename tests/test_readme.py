"""The README says how current the data is, and that sentence follows the catalogue."""

from __future__ import annotations

from pathlib import Path

import openviz

ROOT = Path(__file__).resolve().parent.parent


def freshness_line() -> str:
    catalog = openviz.load_catalog()
    releases = catalog.models("curated")
    newest = max(releases, key=lambda r: (r.release_date, r.id))
    checked = max(r.evidence_date for r in releases)
    return (
        f"**How current the data is:** {len(releases)} curated releases, the newest "
        f"{newest.name} (released {newest.release_date}); evidence last read {checked}."
    )


def test_readme_states_how_current_the_data_is():
    line = freshness_line()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert line in readme, f"update the README's freshness line to:\n{line}"
