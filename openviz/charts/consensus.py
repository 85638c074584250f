"""consensus: the releases the major definitions disagree about, and how each judges them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import altair as alt
import pandas as pd

from openviz.analysis import MAJOR, consensus_verdicts
from openviz.catalog import Catalog
from openviz.evaluate import evaluate
from openviz.records import Definition, Release

from .verdict_matrix import verdict_matrix

__all__ = ["consensus", "contested", "defaults", "prepare"]

_TITLE = {"en": "Where the definitions disagree", "zh": "各定义的分歧所在"}
_SUBTITLE = {
    "en": "Releases that qualify under at least one of these definitions and fail another",
    "zh": "在其中至少一个定义下符合、在另一个定义下不符合的模型发布",
}
_NONE = {
    "en": "No release is contested under these definitions; all releases shown",
    "zh": "在这些定义下没有存在分歧的模型发布；显示全部发布",
}


def contested(frame: pd.DataFrame, definitions: Iterable[Definition] | None = None) -> list[str]:
    """Return the releases that qualify under some definition in ``frame`` and fail another.

    Ladders named in :data:`openviz.analysis.CONSENSUS_LEVEL` count at that level, as in
    :func:`openviz.analysis.consensus`.
    """
    frame = consensus_verdicts(frame, definitions)
    seen = frame[frame.verdict.isin(["qualifies", "fails"])].groupby("model").verdict.agg(set)
    return [m for m, verdicts in seen.items() if {"qualifies", "fails"} <= verdicts]


def consensus(
    frame: pd.DataFrame,
    lang: str = "en",
    titles: Mapping[str, str] | None = None,
    *,
    catalog: Catalog | None = None,
    definitions: Iterable[Definition] | None = None,
    width: int | None = None,
    title: str | None = None,
    subtitle: Sequence[str] | None = None,
    caption: Sequence[str] | None = None,
    description: str | None = None,
    size: str = "article",
) -> alt.VConcatChart:
    """Draw the verdict matrix of the contested releases only.

    Parameters
    ----------
    frame
        An :func:`openviz.evaluate` frame over the definitions to compare.
    lang, titles, catalog, definitions, width, title, subtitle, caption, description, size
        As for :func:`openviz.charts.verdict_matrix`.

    Returns
    -------
    altair.VConcatChart
        The verdict matrix restricted to releases on which the definitions split; tooltips
        name the requirements that stop each failing one.
    """
    picked = contested(frame, definitions)
    rows = frame[frame.model.isin(picked)] if picked else frame
    lead = _SUBTITLE if picked else _NONE
    return verdict_matrix(
        rows,
        lang,
        titles,
        catalog=catalog,
        definitions=definitions,
        width=width,
        title=title or _TITLE.get(lang, _TITLE["en"]),
        subtitle=subtitle or [lead.get(lang, lead["en"])],
        caption=caption,
        description=description,
        chart_name="consensus",
        size=size,
    )


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
