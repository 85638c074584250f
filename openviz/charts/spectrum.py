"""spectrum: releases ranked by a score definition, each bar stacked dimension by dimension."""

from __future__ import annotations

import altair as alt
import pandas as pd

from openviz.catalog import Catalog
from openviz.evaluate import ratings
from openviz.kinds import KINDS
from openviz.records import Definition, Release

from ._common import WIDTH, Context, data, finish, score_text, score_top, text_width
from ._options import Options, gallery_chart
from .theme import SCORE_COLORS

#: The kinds of definition a spectrum draws: those rated dimension by dimension.
SCORED_KINDS = tuple(name for name, k in KINDS.items() if k.rates_dimensions)
#: The definition kinds this chart draws (the gallery reads it; other charts draw every kind).
CHART_KINDS = SCORED_KINDS

__all__ = ["defaults", "prepare", "spectrum"]

_SEGMENTS = ("met", "partial", "unknown")


@gallery_chart(
    definition="The score (or descriptive) definition to draw; the first such one in the "
    "frame when ``None``."
)
def spectrum(frame: pd.DataFrame, *, options: Options) -> alt.VConcatChart:
    """Rank releases by a score definition, each bar stacked dimension by dimension.

    Parameters
    ----------
    frame
        An :func:`openviz.evaluate.ratings` frame (``depth=0`` is enough).
    {options}

    Returns
    -------
    altair.VConcatChart
        One bar per release, longest first: a segment per dimension rated open (dark) or
        partial (mid) on the green score ramp, in the definition's order, then in grey what
        the dimensions with unknown facts could add; the total is written out of the most
        possible (``4-5.5 / 12``).

    Raises
    ------
    ValueError
        When the definition is neither a score nor a descriptive one.
    """
    did, defs = options.about(frame, _first_scored)
    rows = frame[(frame.definition == did) & (frame.depth == 0)]
    ctx = options.context([did], rows["model"], definitions=defs)
    d = ctx.definitions[0] if ctx.definitions else None
    kind = rows.kind.iloc[0] if not rows.empty else (d.kind if d else "")
    if kind not in SCORED_KINDS:
        msg = f"spectrum needs a score or descriptive definition; {did} is {kind or 'unknown'}"
        raise ValueError(msg)
    width = options.width or WIDTH
    segments, totals = _tables(rows, ctx, d)
    _label_totals(totals, d, kind)
    models = list(totals["model"])
    label_px = min(200, max((text_width(m, 11) for m in models), default=60) + 12)
    plot_w = max(160, width - label_px - 70)
    full = _full_length(rows, d)
    bars = _bars(ctx, did, kind, full, models)
    body = alt.layer(bars, _total_labels(models)).properties(width=plot_w, height=alt.Step(17))
    return finish(
        body,
        ctx,
        name="spectrum",
        datasets={"segments": segments, "totals": totals},
        width=width,
        **options.texts(
            title=ctx.t("spectrum title") + ctx.colon + ctx.def_label(did),
            subtitle=[ctx.t("rank note") + ctx.semi + ctx.t("releases counted", n=len(models))],
            description=_describe(ctx, totals, did),
        ),
    )


def _first_scored(frame: pd.DataFrame) -> str:
    """Return the first score or descriptive definition of the frame; refuse a frame with none."""
    scored = frame.loc[frame.kind.isin(SCORED_KINDS), "definition"]
    if scored.empty:
        kinds = ", ".join(sorted(set(frame.kind))) or "none"
        msg = f"spectrum needs a score or descriptive definition; the frame has {kinds}"
        raise ValueError(msg)
    return scored.iloc[0]


def _label_totals(totals: pd.DataFrame, d: Definition | None, kind: str) -> None:
    """Write each total out of the most possible (a score says out of what: 4-5.5 / 12)."""
    top = score_top(d)
    if KINDS[kind].has_score and top:
        totals["label"] = [
            score_text(a, b, top) for a, b in zip(totals.score, totals.reach, strict=True)
        ]


def _full_length(rows: pd.DataFrame, d: Definition | None) -> float:
    """Return the length of a full bar: the most any release could earn."""
    top = float(rows.groupby("model").credit_max.sum().max() or 1)
    n_dims = int(rows[rows.rating != "off"].groupby("model").size().max() or 1)
    return max(top, n_dims * float(d.credit.get("open", 1)) if d is not None else top)


def _total_labels(models: list[str]) -> alt.Chart:
    """Return each bar's total, written just past its end."""
    return (
        alt.Chart(data("totals"))
        .mark_text(align="left", dx=4, fontSize=10.5, color="#1A1A1A")
        .encode(x="reach:Q", y=alt.Y("model:N", sort=models), text="label:N")
    )


def _bars(ctx: Context, did: str, kind: str, full: float, models: list[str]):
    """Return the stacked bars: a segment per dimension, open then partial then could-earn."""
    names = [ctx.t("open"), ctx.t("partial"), ctx.t("could earn")]
    x_title = (
        ctx.t("score of", definition=ctx.def_label(did), max=f"{full:g}")
        if KINDS[kind].has_score
        else ctx.t("profile of", definition=ctx.def_label(did))
    )
    return (
        alt.Chart(data("segments"))
        .mark_bar(stroke="white", strokeWidth=1, height={"band": 0.78})
        .encode(
            x=alt.X(
                "sum(length):Q",
                title=x_title,
                scale=alt.Scale(domain=[0, full], nice=False),
                axis=alt.Axis(orient="top", tickMinStep=1, grid=True),
            ),
            y=alt.Y("model:N", title=None, sort=models),
            # Points on the score's ramp, not the verdict colours: a score is not a verdict.
            color=alt.Color(
                "segment_label:N",
                title=None,
                scale=alt.Scale(domain=names, range=[SCORE_COLORS[s] for s in _SEGMENTS]),
            ),
            order=alt.Order("order:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("model:N", title=ctx.t("model")),
                alt.Tooltip("dimension:N", title=ctx.t("dimension")),
                alt.Tooltip("rating_label:N", title=ctx.t("rating")),
                alt.Tooltip("length:Q", title=ctx.t("credit")),
            ],
        )
    )


def _tables(
    rows: pd.DataFrame, ctx: Context, d: Definition | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    order = {part: k for k, part in enumerate(dict.fromkeys(rows.part))}
    segs = []
    for r in rows.itertuples(index=False):
        if r.rating == "off":
            continue
        dim = ctx.part(d, r.part)
        earned = 0.0 if pd.isna(r.credit) else float(r.credit)
        best = 0.0 if pd.isna(r.credit_max) else float(r.credit_max)
        base = {"model": r.name, "model_id": r.model, "dimension": dim, "part": r.part}
        rating_label = ctx.t(r.rating)
        if earned > 0:
            status = "met" if r.rating == "met" else "partial"
            segs.append(
                {
                    **base,
                    "segment": status,
                    "segment_label": ctx.t("open") if status == "met" else ctx.t("partial"),
                    "rating": r.rating,
                    "rating_label": rating_label,
                    "length": earned,
                    "order": order[r.part],
                }
            )
        if best > earned:
            segs.append(
                {
                    **base,
                    "segment": "unknown",
                    "segment_label": ctx.t("could earn"),
                    "rating": r.rating,
                    "rating_label": rating_label,
                    "length": best - earned,
                    "order": 1000 + order[r.part],
                }
            )
    segments = pd.DataFrame(
        segs,
        columns=[
            *("model", "model_id", "dimension", "part", "segment", "segment_label"),
            *("rating", "rating_label", "length", "order"),
        ],
    )
    grouped = rows.groupby(["model", "name"], sort=False)
    totals = grouped.agg(score=("credit", "sum"), reach=("credit_max", "sum")).reset_index()
    totals = totals.sort_values(["score", "reach", "name"], ascending=[False, False, True])
    totals["label"] = [score_text(a, b) for a, b in zip(totals.score, totals.reach, strict=True)]
    totals = totals.rename(columns={"model": "model_id", "name": "model"})
    return segments, totals[["model", "model_id", "score", "reach", "label"]]


def _describe(ctx: Context, totals: pd.DataFrame, did: str) -> str:
    head = totals.head(5)
    sep = ctx.comma
    best = sep.join(f"{m} {lab}" for m, lab in zip(head.model, head.label, strict=True))
    return (
        f"{ctx.t('spectrum title')}: {ctx.def_label(did)}. "
        f"{ctx.t('releases counted', n=len(totals))}. {best}."
    )


# -- gallery hooks -------------------------------------------------------------------------------
def defaults(catalog: Catalog) -> list[str]:
    """Return the newest score definition (the EU index when present)."""
    if "osai-index" in catalog.definitions:
        return ["osai-index"]
    scored = [d.id for d in catalog.definitions.values() if d.strategy.rates_dimensions]
    return scored[-1:] or list(catalog.definitions)[:1]


def prepare(
    catalog: Catalog, definitions: list[Definition], releases: list[Release], **options
) -> tuple[tuple, dict]:
    """Rate the releases on the first definition's dimensions."""
    d = definitions[0]
    if not d.strategy.rates_dimensions:
        msg = f"spectrum needs a score or descriptive definition; {d.id} is {d.kind}"
        raise ValueError(msg)
    frame = ratings(d, releases, catalog=catalog, depth=0)
    return (frame,), {"definition": d, **options}
