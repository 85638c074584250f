"""consensus: the releases the major definitions disagree about, and how each judges them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import altair as alt
import pandas as pd

from openviz.analysis import MAJOR, consensus_verdicts
from openviz.catalog import Catalog
from openviz.evaluate import evaluate
from openviz.i18n import text
from openviz.records import Definition, Release

from ._options import Options, gallery_chart
from .verdict_matrix import verdict_matrix

__all__ = ["consensus", "contested", "defaults", "prepare"]


def contested(frame: pd.DataFrame, definitions: Iterable[Definition] | None = None) -> list[str]:
    """Return the releases that qualify under some definition in ``frame`` and fail another.

    Ladders named in :data:`openviz.analysis.CONSENSUS_LEVEL` count at that level, as in
    :func:`openviz.analysis.consensus`.
    """
    frame = consensus_verdicts(frame, definitions)
    seen = frame[frame.verdict.isin(["qualifies", "fails"])].groupby("model").verdict.agg(set)
    return [m for m, verdicts in seen.items() if {"qualifies", "fails"} <= verdicts]


@gallery_chart
def consensus(
    frame: pd.DataFrame,
    *,
    options: Options,
    size: str = "article",
) -> alt.VConcatChart:
    """Draw the verdict matrix of the contested releases only.

    Parameters
    ----------
    frame
        An :func:`openviz.evaluate` frame over the definitions to compare.
    {options}
    size
        As for :func:`openviz.charts.verdict_matrix`.

    Returns
    -------
    altair.VConcatChart
        The verdict matrix restricted to releases on which the definitions split; tooltips
        name the requirements that stop each failing one.
    """
    picked = contested(frame, options.definitions)
    rows = frame[frame.model.isin(picked)] if picked else frame
    lead = "consensus subtitle" if picked else "consensus none"
    options = replace(
        options,
        title=options.title or text("consensus title", options.lang),
        subtitle=options.subtitle or [text(lead, options.lang)],
    )
    return verdict_matrix.draw(rows, options=options, chart_name="consensus", size=size)


def defaults(catalog: Catalog) -> list[str]:
    """Return the major definitions that give verdicts."""
    return [
        d for d in MAJOR if d in catalog.definitions and catalog.definition(d).strategy.has_verdict
    ]


def prepare(
    catalog: Catalog, definitions: list[Definition], releases: list[Release], **options
) -> tuple[tuple, dict]:
    """Evaluate the releases for :func:`consensus`."""
    frame = evaluate(definitions, releases, catalog=catalog)
    return (frame,), {"definitions": definitions, **options}
