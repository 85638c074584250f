"""verdict-matrix: models by definitions, each cell the verdict (and level or score)."""

from __future__ import annotations

import collections
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from openviz.analysis import MAJOR
from openviz.catalog import Catalog
from openviz.evaluate import VERDICTS, evaluate
from openviz.i18n import text
from openviz.records import Definition, Release

from ._common import (
    GLYPHS,
    WIDTH,
    Content,
    Context,
    assemble,
    content,
    context,
    data,
    fill,
    score_text,
    text_color,
    text_width,
)
from .theme import scale

__all__ = ["defaults", "prepare", "verdict_matrix", "verdict_matrix_spec"]

_ORDER = (*VERDICTS, "no verdict")


def verdict_matrix(
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
    chart_name: str = "verdict-matrix",
    select: str | None = None,
) -> alt.VConcatChart:
    """Draw a verdict matrix from an :func:`openviz.evaluate` frame.

    Parameters
    ----------
    frame
        The evaluation frame (any definitions, any models).
    lang
        ``en`` or ``zh``.
    titles
        Optional definition id -> display title (with version).
    catalog
        Where labels and the source line come from; the shipped catalogue when ``None``.
    definitions
        The definition objects behind the frame (needed for toggled or custom ones).
    width
        Target figure width in pixels (default 640, an article column).
    title, subtitle, caption, description
        Replace the generated title, subtitle lines, source lines or alt text.
    chart_name
        The gallery name recorded in the chart's metadata (charts built on this one set it).
    select
        Name of a point selection to add on the cells: a click selects a release (fields
        ``model_id`` and ``model``), for a live view to read back.

    Returns
    -------
    altair.VConcatChart
        Cells coloured by verdict (white for score and descriptive definitions), with
        the verdict's glyph, the level reached (1 = lowest) or the score written in; the
        tooltip lists the unmet and unknown requirements.
    """
    drawing, text = _plan(**locals())
    return assemble(_body(drawing), text)


def verdict_matrix_spec(
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
    chart_name: str = "verdict-matrix",
    select: str | None = None,
) -> dict:
    """Return the Vega-Lite spec of :func:`verdict_matrix` with the same arguments, fast.

    Building and validating the Altair chart takes hundreds of milliseconds; a live view
    redraws on every toggle. Most toggles change only the data and the source line, so
    the rest of the spec (the drawing: sizes, scales, legend, title) is built once per
    distinct drawing, validated, and kept; this fills in the data and text.
    """
    drawing, text = _plan(**locals())
    return fill(_skeleton(drawing), text)


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


def _plan(
    frame: pd.DataFrame,
    lang: str,
    titles: Mapping[str, str] | None,
    *,
    catalog: Catalog | None,
    definitions: Iterable[Definition] | None,
    width: int | None,
    title: str | None,
    subtitle: Sequence[str] | None,
    caption: Sequence[str] | None,
    description: str | None,
    chart_name: str,
    select: str | None,
) -> tuple[_Drawing, Content]:
    ctx = context(
        catalog, lang, titles, definitions, frame["definition"].unique(), frame["model"].unique()
    )
    width = width or WIDTH
    data_frame = _table(frame, ctx)
    def_labels = list(dict.fromkeys(data_frame["definition"].tolist()))
    models = list(dict.fromkeys(data_frame["model"].tolist()))
    present = set(data_frame["status"].tolist())
    statuses = tuple(s for s in _ORDER if s in present)

    label_px = min(220, max((text_width(m, 11) for m in models), default=60) + 12)
    # Wide enough for the widest cell text, then as wide as the column allows.
    need = max((text_width(c, 10.5) for c in set(data_frame["cell"].tolist())), default=0) + 8
    step_x = int(max(26, need, min(84, (width - label_px) / max(len(def_labels), 1))))
    longest_def = max((text_width(d, 11) for d in def_labels), default=40)
    angle = 0 if longest_def <= step_x - 6 else -40

    text = content(
        ctx,
        name=chart_name,
        title=title or ctx.t("verdict matrix title"),
        subtitle=subtitle if subtitle is not None else [_subtitle(ctx, len(models))],
        description=description or _describe(ctx, frame, len(models)),
        datasets={"verdicts": data_frame},
        width=max(width, step_x * len(def_labels) + label_px),
        caption=caption,
        notes=_level_notes(ctx, frame),
    )
    drawing = _Drawing(lang, statuses, step_x, angle, text.title, text.subtitle, text.cjk, select)
    return drawing, text


def _body(drawing: _Drawing) -> alt.LayerChart:
    lang, statuses, angle = drawing.lang, list(drawing.statuses), drawing.angle
    names = [text(s, lang) for s in statuses]
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
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "verdict_label:N",
            title=text("verdict", lang),
            scale=scale(statuses, names),
            legend=alt.Legend(symbolStrokeColor="#999999"),
        ),
        tooltip=[
            alt.Tooltip("model:N", title=text("model", lang)),
            alt.Tooltip("definition:N", title=text("definition", lang)),
            alt.Tooltip("verdict:N", title=text("verdict", lang)),
            alt.Tooltip("level:N", title=text("level", lang)),
            alt.Tooltip("score:Q", title=text("score", lang)),
            alt.Tooltip("unmet:N", title=text("unmet requirements", lang)),
            alt.Tooltip("unknown:N", title=text("unknown", lang)),
        ],
    )
    if drawing.select:
        cells = cells.add_params(
            alt.selection_point(
                name=drawing.select, fields=["model_id", "model"], on="click", clear=False
            )
        )
    labels = base.mark_text(fontSize=11.5).encode(
        text="cell:N", color=text_color("status", statuses)
    )
    return alt.layer(cells, labels).properties(width=alt.Step(drawing.step_x), height=alt.Step(18))


@functools.lru_cache(maxsize=64)
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


def _table(frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    # Many cells share a definition and a list of unmet requirements: label each once.
    definitions: dict[str, Definition | None] = {}
    def_labels: dict[str, str] = {}
    requirement_lists: dict[tuple[str, str], str] = {}
    verdicts = {v: ctx.t(v) for v in (*VERDICTS, "no verdict")}

    def names(did: str, ids: str) -> str:
        key = (did, ids)
        if key not in requirement_lists:
            d = definitions[did]
            requirement_lists[key] = ctx.semi.join(
                ctx.requirement(d, x) for x in ids.split(";") if x
            )
        return requirement_lists[key]

    rows = []
    def_order: dict[str, int] = {}
    model_order: dict[str, int] = {}
    for r in _rows(frame):
        did = r.definition
        if did not in definitions:
            d = definitions[did] = ctx.definition(did)
            def_labels[did] = ctx.def_label(d) if d is not None else did
        d = definitions[did]
        status = r.verdict if r.verdict else "no verdict"
        rows.append(
            {
                "model": r.name,
                "model_id": r.model,
                "definition": def_labels[did],
                "definition_id": did,
                "definition_order": def_order.setdefault(did, len(def_order)),
                "model_order": model_order.setdefault(r.model, len(model_order)),
                "kind": r.kind,
                "status": status,
                "verdict_label": verdicts[status],
                "verdict": verdicts[r.verdict] if r.verdict else "",
                "level": _level_label(d, int(r.level_rank), ctx.lang) if r.kind == "levels" else "",
                "level_rank": int(r.level_rank),
                "score": None if pd.isna(r.score) else round(float(r.score), 2),
                "score_max": None if pd.isna(r.score_max) else round(float(r.score_max), 2),
                "cell": _cell(r),
                "unmet": names(did, r.unmet),
                "unknown": names(did, r.unknown),
            }
        )
    return pd.DataFrame(rows)


def _rows(frame: pd.DataFrame):
    """Iterate over a frame's rows as named tuples (faster than ``itertuples`` here)."""
    row = collections.namedtuple("Row", frame.columns, rename=True)
    return map(row._make, zip(*(frame[c].tolist() for c in frame.columns), strict=True))


def _level_label(d: Definition | None, rank: int, lang: str) -> str:
    if d is None or rank <= 0 or rank > len(d.levels):
        return ""
    lv = d.levels[rank - 1]
    return lv.label.get(lang) or lv.label.get("en") or lv.id


def _cell(row) -> str:
    if row.kind == "levels":
        return str(row.level_rank) if row.level_rank else GLYPHS.get(row.verdict, "")
    if row.kind == "score" and pd.notna(row.score):
        return score_text(row.score, row.score_max)
    return GLYPHS.get(row.verdict, "")


def _level_notes(ctx: Context, frame: pd.DataFrame) -> list[str]:
    notes = []
    for did in dict.fromkeys(frame.loc[frame.kind == "levels", "definition"]):
        d = ctx.definition(did)
        if d is None:
            continue
        levels = ctx.comma.join(
            f"{k} = {lv.label.get(ctx.lang) or lv.label.get('en') or lv.id}"
            for k, lv in enumerate(d.levels, start=1)
        )
        notes.append(ctx.t("level note", definition=ctx.def_label(d), levels=levels))
    score_defs = frame.loc[frame.kind == "score"]
    if (score_defs.score != score_defs.score_max).any():
        notes.append(ctx.t("score range note"))
    return notes


def _describe(ctx: Context, frame: pd.DataFrame, n_models: int) -> str:
    parts = [
        ctx.t("verdict matrix title"),
        ctx.t("under", defs=ctx.comma.join(ctx.def_label(d) for d in ctx.definitions)),
        ctx.t("releases counted", n=n_models),
    ]
    counts: dict[str, collections.Counter] = {}
    for did, verdict in zip(frame["definition"].tolist(), frame["verdict"].tolist(), strict=True):
        tally = counts.setdefault(did, collections.Counter())
        if verdict:
            tally[verdict] += 1
    for did in list(counts)[:8]:
        if not counts[did]:
            continue
        tally = ctx.comma.join(f"{counts[did][v]} {ctx.t(v)}" for v in VERDICTS if counts[did][v])
        parts.append(ctx.def_label(did) + ctx.colon + tally)
    return ". ".join(parts) + "."


# -- gallery hooks -------------------------------------------------------------------------------
def defaults(catalog: Catalog) -> list[str]:
    """Return the major definitions (every one in a catalogue that has none of them)."""
    found = [d for d in MAJOR if d in catalog.definitions]
    return found or [d.id for d in catalog.definitions.values() if d.kind != "descriptive"]


def prepare(
    catalog: Catalog, definitions: list[Definition], releases: list[Release], **options
) -> tuple[tuple, dict]:
    """Evaluate the releases for :func:`verdict_matrix`."""
    frame = evaluate(definitions, releases, catalog=catalog)
    return (frame,), {"definitions": definitions, **options}
