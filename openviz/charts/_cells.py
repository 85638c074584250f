"""Matrix cells: their layers (fill, glyph, text) and the tooltip of each."""

from __future__ import annotations

import json
from collections.abc import Sequence

import altair as alt
import pandas as pd

from openviz.kinds import KINDS
from openviz.records import Definition

from ._colors import (
    ABSENT,
    ink,
    ramp_color,
    ramp_legend,
    ramp_scale,
    status_fill_expr,
    verdict_color,
)
from ._labels import GLYPHS, level_name, score_text, score_top
from .theme import STATUS_COLORS, TEXT_DARK, TEXT_ON


def cell_layers(
    base: alt.Chart,
    statuses: Sequence[str],
    lang: str,
    *,
    ramp: bool,
    tooltip_fields: Sequence[tuple[str, str]],
    font_size: float,
    size: str = "article",
    stroke_width: float = 1,
    select: alt.Parameter | None = None,
    described_by: Sequence[tuple[str, str]] | None = None,
) -> list[alt.Chart]:
    """Return the layers of a grid of cells coloured by verdict or on the level/score ramp.

    The cells take their colour (``fill``) and text colour (``ink``) from the data; two layers
    that draw nothing carry the legends (the verdicts in ``statuses``, and the ramp when
    ``ramp``). Rows without colours of their own (a page computing verdicts in the browser)
    get their verdict's. Combine with ``resolve_scale(color="independent")``.

    Each cell is described to screen readers (its ``aria-label``) as ``title: value;`` for
    each of ``described_by`` (default ``tooltip_fields``) that has a value; the legend
    layers are hidden from them.
    """
    on_ramp = "isValid(datum.share)"
    layers = [
        base.transform_filter(f"!({on_ramp})")
        .mark_rect(opacity=0, aria=False)
        .encode(
            color=verdict_color(
                statuses, lang, legend=alt.Legend(symbolStrokeColor="#999999", symbolOpacity=1)
            )
        )
    ]
    if ramp:
        layers.append(
            base.transform_filter(on_ramp)
            .mark_rect(opacity=0, aria=False)
            .encode(color=alt.Color("share:Q", scale=ramp_scale(), legend=ramp_legend(lang, size)))
        )
    cells = (
        base.transform_calculate(
            paint=f"isValid(datum.fill) ? datum.fill : {status_fill_expr()}",
            aria_label=_described(described_by or tooltip_fields),
        )
        .mark_rect(stroke="white", strokeWidth=stroke_width, tooltip=tooltip(tooltip_fields))
        .encode(
            color=alt.Color("paint:N", scale=None),
            description=alt.Description("aria_label:N"),
        )
    )
    if select is not None:
        cells = cells.add_params(select)
    dark = [s for s in STATUS_COLORS if STATUS_COLORS[s] in TEXT_ON]
    fallback = " || ".join(f"datum.status === {json.dumps(s)}" for s in dark) or "false"
    labels = (
        base.transform_calculate(
            pen=f"isValid(datum.ink) ? datum.ink : ({fallback}) ? '#FFFFFF' : '{TEXT_DARK}'"
        )
        .mark_text(fontSize=font_size)
        .encode(text="cell:N", color=alt.Color("pen:N", scale=None))
    )
    return [*layers, cells, labels]


def _described(fields: Sequence[tuple[str, str]]) -> str:
    """Return an expression writing ``title: value;`` for each field with a value."""
    parts = []
    for name, title in fields:
        value = f"datum[{json.dumps(name)}]"
        parts.append(
            f"(isValid({value}) && {value} !== '' ? {json.dumps(title + ': ')} + {value} + '; '"
            " : '')"
        )
    return "trim(" + " + ".join(parts) + ")"


def paint_cell(
    kind: str,
    verdict: str,
    level_rank: int,
    score: float | None,
    score_max: float | None,
    definition: Definition | None,
    lang: str,
) -> dict:
    """Return what a verdict, level or score cell shows: text, tooltip values and colours.

    Keys: ``cell`` (the glyph, the level's short name, or the score out of the most
    possible), ``level`` (the level's label), ``score_label``, ``share`` (where the cell sits
    on the ramp; ``None`` for a verdict cell), ``fill`` and ``ink``.
    """
    status = verdict or "no verdict"
    rank = int(level_rank or 0)
    has_score = score is not None and not pd.isna(score)
    strategy = KINDS.get(kind, KINDS["binary"])
    top = score_top(definition) if strategy.has_score else None
    share = None
    level = ""
    score_label = ""
    if strategy.ranked and definition is not None and 0 < rank <= len(definition.levels):
        share = round(rank / len(definition.levels), 4)
        level = definition.levels[rank - 1].title(lang)
        cell = level_name(definition, rank, lang)
    elif strategy.has_score and has_score:
        best = score if score_max is None or pd.isna(score_max) else score_max
        score_label = cell = score_text(float(score), float(best), top)
        if top:
            share = round(min(float(score) / top, 1.0), 4)
    else:
        cell = GLYPHS.get(verdict, "")
    colour = ramp_color(share) if share is not None else STATUS_COLORS[status]
    return {
        "cell": cell,
        "level": level,
        "score_label": score_label,
        "share": share,
        "fill": colour,
        "ink": ink(colour),
    }


def tooltip(fields: Sequence[tuple[str, str]]) -> alt.ExprRef:
    """Return a cell tooltip listing only the fields a row has (neither empty nor null).

    ``fields`` are ``(field, title)`` pairs. An encoded tooltip writes every field, so a
    yes/no definition's cell would read an empty "Level" and a "Score" of null; this
    expression gives such an entry an undefined value, which Vega's tooltip leaves out.
    """
    entries = []
    for name, title in fields:
        value = f"datum[{json.dumps(name)}]"
        entries.append(
            f"{json.dumps(title)}: isValid({value}) && {value} !== '' ? {value} "
            f": datum[{json.dumps(ABSENT)}]"
        )
    return alt.ExprRef("{" + ", ".join(entries) + "}")
