"""verdict-matrix: models by definitions, each cell the verdict (and level or score)."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import altair as alt
import pandas as pd

from openviz._caches import bounded
from openviz.catalog import Catalog
from openviz.evaluate import VERDICTS, evaluate
from openviz.i18n import text
from openviz.records import Definition, Release

from ._common import (
    WIDTH,
    Content,
    Context,
    assemble,
    cell_layers,
    content,
    data,
    fill,
    text_width,
)
from ._defaults import major_definitions as defaults
from ._matrix_rows import _describe, _level_notes, _Part, _table
from ._options import Options, gallery_chart
from .theme import SIZES, check_size

__all__ = [
    "defaults",
    "prepare",
    "verdict_matrix",
    "verdict_matrix_encoded",
    "verdict_matrix_spec",
]

_ORDER = (*VERDICTS, "no verdict")


@gallery_chart
def verdict_matrix(
    frame: pd.DataFrame,
    *,
    options: Options,
    chart_name: str = "verdict-matrix",
    select: str | None = None,
    every_status: bool = False,
    size: str = "article",
) -> alt.VConcatChart:
    """Draw a verdict matrix from an :func:`openviz.evaluate` frame.

    Parameters
    ----------
    frame
        The evaluation frame (any definitions, any models).
    {options}
    chart_name
        The gallery name recorded in the chart's metadata (charts built on this one set it).
    select
        Name of a point selection to add on the cells: a click selects a release (fields
        ``model_id`` and ``model``), for a live view to read back.
    every_status
        Give every verdict a colour and a legend entry, even those no cell shows yet (a
        page whose verdicts change in the browser needs them all).
    size
        ``article`` (default: a figure at article column width) or ``presentation``
        (projector-sized: bigger cells, no text under 16 px, 1000 px wide by default, to
        fit a 1280 px projector).

    Returns
    -------
    altair.VConcatChart
        Yes/no cells coloured by verdict, with the verdict's glyph. A level reached is
        written by its short name (MOF: Class III, II, I) and a score out of the most
        possible (``7.5 / 14``), both coloured on a light-to-dark ramp that is not the
        verdict palette; a ladder's release that reaches no level gets its verdict. The
        tooltip lists the unmet and unknown requirements, and only the fields that apply.
    """
    drawing, text, _ = _plan(**locals())
    return assemble(_body(drawing), text)


@gallery_chart
def verdict_matrix_spec(frame: pd.DataFrame, *, options: Options, **keywords) -> dict:
    """Return the Vega-Lite spec of :func:`verdict_matrix` with the same arguments, fast.

    Building and validating the Altair chart takes hundreds of milliseconds; a live view
    redraws on every toggle. Most toggles change only the data and the source line, so
    the rest of the spec (the drawing: sizes, scales, legend, title) is built once per
    distinct drawing, validated, and kept; this fills in the data and text.

    Parameters
    ----------
    frame
        The evaluation frame.
    {options}
    **keywords
        The other keywords of :func:`verdict_matrix`.
    """
    drawing, text, _ = _plan(**_asked(frame, options, keywords))
    return fill(_skeleton(drawing), text)


@gallery_chart
def verdict_matrix_encoded(
    frame: pd.DataFrame, *, options: Options, **keywords
) -> tuple[dict, bytes]:
    """Return :func:`verdict_matrix_spec` as the spec without datasets, and the data as JSON.

    The data come as UTF-8 JSON (``{"verdicts": [...]}``), ready for a live view to send. A
    toggle changes one definition's rows among many; the JSON of each definition's rows
    is kept with them, so the data is joined from pieces rather than encoded anew.

    Parameters
    ----------
    frame, **keywords
        As for :func:`verdict_matrix_spec`.
    {options}
    """
    drawing, text, parts = _plan(**_asked(frame, options, keywords), rows=False)
    spec = fill(_skeleton(drawing), text)
    del spec["datasets"]
    data = '{"verdicts":[' + ",".join(p.json for p in parts if p.json) + "]}"
    return spec, data.encode("utf-8")


@dataclass(frozen=True)
class _Drawing:
    """Everything the chart's structure depends on; the rest is data and text."""

    lang: str
    statuses: tuple[str, ...]
    step_x: int
    angle: int
    title: str
    subtitle: tuple[str, ...]
    cjk: bool
    select: str | None
    ramp: bool = False
    size: str = "article"


def _asked(frame: pd.DataFrame, options: Options, keywords: dict) -> dict:
    """Return the arguments of :func:`verdict_matrix` for these keywords, defaults filled in."""
    asked = inspect.signature(verdict_matrix.draw).bind(frame, options=options, **keywords)
    asked.apply_defaults()
    return asked.arguments


def _plan(
    frame: pd.DataFrame, *, options: Options, chart_name, select, every_status, size, rows=True
) -> tuple[_Drawing, Content, list[_Part]]:
    """Plan the matrix: its drawing, texts and rows (the arguments of :func:`verdict_matrix`)."""
    check_size(size)
    ids = frame["definition"].unique(), frame["model"].unique()
    ctx = options.context(*ids)
    big = size == "presentation"
    width = options.width or (1000 if big else WIDTH)
    parts = _table(frame, ctx)
    def_labels = [part.rows[0]["definition"] for part in parts if part.rows]
    models = list(dict.fromkeys(frame["name"].tolist()))
    present = set().union(*(part.statuses for part in parts))
    if every_status:
        present |= set(VERDICTS)
    statuses = tuple(s for s in _ORDER if s in present)
    ramp = any(part.ramp for part in parts)

    px = SIZES[size]["label"]
    cell_px = _CELL_PX[size]
    label_px = min(220 * px / 11, max((text_width(m, px) for m in models), default=60) + 12)
    # Wide enough for the widest cell text, then as wide as the column allows.
    need = max((part.cell_px for part in parts), default=0) * cell_px / 10.5 + 8 * cell_px / 10.5
    least, most = (26, 84) if not big else (60, 240)
    step_x = int(max(least, need, min(most, (width - label_px) / max(len(def_labels), 1))))
    longest_def = max((text_width(d, px) for d in def_labels), default=40)
    angle = 0 if longest_def <= step_x - 6 else -40

    text = content(
        ctx,
        name=chart_name,
        **options.texts(
            title=ctx.t("verdict matrix title"),
            subtitle=[_subtitle(ctx, len(models))],
            description=_describe(ctx, parts, len(models)),
        ),
        # Copies of the kept rows, so that a caller changing its spec cannot change them.
        datasets={"verdicts": [{**r} for p in parts for r in p.rows] if rows else []},
        data_cjk=any(part.cjk for part in parts),
        width=max(width, step_x * len(def_labels) + label_px),
        notes=_level_notes(ctx, parts),
        size=size,
    )
    drawing = _Drawing(
        ctx.lang,
        statuses,
        step_x,
        angle,
        text.title,
        text.subtitle,
        text.cjk,
        select,
        ramp=ramp,
        size=size,
    )
    return drawing, text, parts


#: Cell text size per figure size.
_CELL_PX = {"article": 11.5, "presentation": 18}
#: Row height per figure size.
_ROW_PX = {"article": 18, "presentation": 34}


def _body(drawing: _Drawing) -> alt.LayerChart:
    lang, statuses, angle = drawing.lang, list(drawing.statuses), drawing.angle
    size = drawing.size
    # Rows and columns keep the frame's order through order fields in the data, so that a
    # new label (a toggled definition's "*") is a change of data, not of the drawing.
    base = alt.Chart(data("verdicts")).encode(
        x=alt.X(
            "definition:N",
            title=None,
            sort=alt.EncodingSortField("definition_order", op="min"),
            axis=alt.Axis(labelAngle=angle, orient="top", labelAlign="left" if angle else "center"),
        ),
        y=alt.Y("model:N", title=None, sort=alt.EncodingSortField("model_order", op="min")),
    )
    fields = [
        ("model", text("model", lang)),
        ("definition", text("definition", lang)),
        ("verdict_label", text("verdict", lang)),
        ("level", text("level", lang)),
        ("score_label", text("score", lang)),
        ("unmet", text("unmet requirements", lang)),
        ("unknown", text("unknown", lang)),
    ]
    select = None
    if drawing.select:
        select = alt.selection_point(
            name=drawing.select, fields=["model_id", "model"], on="click", clear=False
        )
    layers = cell_layers(
        base,
        statuses,
        lang,
        ramp=drawing.ramp,
        tooltip_fields=fields,
        # Screen readers (and the browser tests) read "definition: ...; model: ...; Verdict:
        # ...;", the order Vega-Lite gave the cells when their colour was the verdict's.
        described_by=[("definition", "definition"), ("model", "model"), *fields[2:]],
        font_size=_CELL_PX[size],
        size=size,
        select=select,
    )
    return (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(width=alt.Step(drawing.step_x), height=alt.Step(_ROW_PX[size]))
    )


@bounded("chart-skeleton", maxsize=64)
def _skeleton(drawing: _Drawing) -> dict:
    """Build and validate the spec of a drawing, with no data and placeholder text."""
    blank = Content(drawing.title, drawing.subtitle, (), "", {}, {"verdicts": []}, drawing.cjk)
    return assemble(_body(drawing), blank).to_dict(validate=True)


def _subtitle(ctx: Context, n_models: int) -> str:
    shown = [ctx.def_label(d) for d in ctx.definitions]
    if len(shown) > 6:
        under = ctx.t("n definitions", n=len(shown))
    else:
        under = ctx.t("under", defs=ctx.comma.join(shown))
    return under + ctx.semi + ctx.t("releases counted", n=n_models)


# -- gallery hooks -------------------------------------------------------------------------------
def prepare(
    catalog: Catalog, definitions: list[Definition], releases: list[Release], **options
) -> tuple[tuple, dict]:
    """Evaluate the releases for :func:`verdict_matrix`."""
    frame = evaluate(definitions, releases, catalog=catalog)
    return (frame,), {"definitions": definitions, **options}
