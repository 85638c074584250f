"""requirement-impact: how many releases each requirement keeps out, alone or with others."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from openviz.analysis import sensitivity
from openviz.catalog import Catalog
from openviz.evaluate import evaluate, ratings
from openviz.kinds import KINDS
from openviz.records import Definition, Release

from ._common import WIDTH, Context, data, finish, text_width
from ._defaults import osaid_or_first as defaults
from ._options import Options, gallery_chart
from .theme import STATUS_COLORS

__all__ = ["defaults", "level_ups", "prepare", "requirement_impact"]

_MISSES = ("unmet", "partial", "unknown")


@gallery_chart(definition="The definition to draw; the first in the frame when ``None``.")
def requirement_impact(
    frame: pd.DataFrame, impact: pd.DataFrame | None = None, *, options: Options
) -> alt.VConcatChart:
    """Count, requirement by requirement, the releases it keeps out.

    Parameters
    ----------
    frame
        An :func:`openviz.evaluate.ratings` frame with every node (``depth=None``).
    impact
        An :func:`openviz.analysis.sensitivity` frame for the same definition and releases
        (binary and levels definitions): how many releases each requirement alone keeps
        out. Without it only the first panel is drawn.
    {options}

    Returns
    -------
    altair.VConcatChart
        One row per requirement that is switched on, in tree order (``·`` marks a
        requirement inside a group): how many releases do not meet it (unmet, only partly,
        cannot tell), and how many would qualify if it alone were dropped (a panel drawn
        only when some requirement alone keeps a release out; the subtitle says when none
        does). For score and descriptive definitions, one row per dimension.
    """
    did, defs = options.about(frame, _first_definition)
    rows = frame[frame.definition == did]
    ctx = options.context([did], rows["model"], definitions=defs)
    d = ctx.definitions[0] if ctx.definitions else None
    kind = rows.kind.iloc[0] if not rows.empty else (d.kind if d else "binary")
    width = options.width or WIDTH
    table = _table(rows, impact, ctx, d, kind)
    n_models = rows.model.nunique()
    labels = list(table["label"])
    asked = impact is not None and KINDS[kind].has_verdict
    most_freed = int(table["freed"].max()) if asked and not table.empty else 0
    # A panel of zeros says nothing: when no requirement alone keeps a release out, a line
    # of the subtitle says so instead.
    with_freed = asked and most_freed > 0
    panel_w, freed_w = _panel_widths(labels, width, with_freed)
    y = alt.Y("label:N", title=None, sort=labels, axis=alt.Axis(labelLimit=260))
    misses = _misses(ctx, y, n_models, panel_w)
    body = _with_freed(misses, ctx, y, most_freed, freed_w) if with_freed else misses
    return finish(
        body,
        ctx,
        name="requirement-impact",
        datasets={"impact": table},
        width=width,
        **options.texts(
            title=ctx.t("requirement impact title") + ctx.colon + ctx.def_label(did),
            subtitle=_subtitle(ctx, asked, with_freed, n_models),
            description=_describe(ctx, table, did, n_models, with_freed),
        ),
    )


def _first_definition(frame: pd.DataFrame) -> str:
    """Return the frame's first definition; refuse an empty frame."""
    if frame.empty:
        msg = "requirement-impact needs a ratings frame with at least one definition"
        raise ValueError(msg)
    return frame.definition.iloc[0]


def _panel_widths(labels: list[str], width: int, with_freed: bool) -> tuple[int, int]:
    """Return the widths of the two panels, after the requirement labels."""
    label_px = int(min(260, max((text_width(v, 11) for v in labels), default=60) + 12))
    room = width - label_px - (40 if with_freed else 0)
    panel_w = max(140, int(room * 0.6) if with_freed else room)
    return panel_w, max(100, room - panel_w)


def _subtitle(ctx: Context, asked: bool, with_freed: bool, n_models: int) -> list[str]:
    """Return the subtitle: whether any requirement alone keeps a release out, and the count."""
    sep = ctx.semi
    note = ctx.t("impact none" if asked and not with_freed else "impact note")
    return [(note + sep if asked else "") + ctx.t("releases counted", n=n_models)]


def _misses(ctx: Context, y: alt.Y, n_models: int, panel_w: int) -> alt.Chart:
    """Return the first panel: per requirement, the releases that miss it, by how."""
    names = {s: ctx.t(s) for s in _MISSES}
    return (
        alt.Chart(data("impact"))
        .transform_fold(list(_MISSES), as_=["miss", "count"])
        .transform_filter("datum.count > 0")
        .mark_bar(height={"band": 0.75}, stroke="#BBBBBB", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "count:Q",
                title=ctx.t("not meeting"),
                scale=alt.Scale(domain=[0, max(n_models, 1)]),
                axis=alt.Axis(orient="top", tickMinStep=1, format="d"),
            ),
            y=y,
            color=alt.Color(
                "miss:N",
                title=None,
                scale=alt.Scale(domain=list(_MISSES), range=[STATUS_COLORS[s] for s in _MISSES]),
                legend=alt.Legend(
                    labelExpr=f"{json.dumps(names, ensure_ascii=False)}[datum.label]"
                ),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("label:N", title=ctx.t("requirement")),
                alt.Tooltip("unmet:Q", title=ctx.t("unmet")),
                alt.Tooltip("partial:Q", title=ctx.t("partial")),
                alt.Tooltip("unknown:Q", title=ctx.t("unknown")),
            ],
        )
        .transform_calculate(order=f"indexof({json.dumps(list(_MISSES))}, datum.miss)")
        .properties(width=panel_w, height=alt.Step(18))
    )


def _with_freed(misses: alt.Chart, ctx: Context, y: alt.Y, most_freed: int, freed_w: int):
    """Return both panels: the misses, and how many releases each requirement alone keeps out."""
    freed_title = ctx.t("freed")
    freed = (
        alt.Chart(data("impact"))
        .mark_bar(height={"band": 0.75}, color=STATUS_COLORS["qualifies"])
        .encode(
            x=alt.X(
                "freed:Q",
                title=freed_title,
                # Up to the largest count, not the number of releases: the bars are
                # few and short, and a scale to 71 would flatten them to nothing.
                scale=alt.Scale(domain=[0, most_freed], nice=True),
                axis=alt.Axis(orient="top", tickMinStep=1, format="d"),
            ),
            y=y.axis(None),
            tooltip=[
                alt.Tooltip("label:N", title=ctx.t("requirement")),
                alt.Tooltip("freed:Q", title=freed_title),
                alt.Tooltip("freed_models:N", title=ctx.t("releases")),
            ],
        )
        .properties(width=freed_w, height=alt.Step(18))
    )
    counts = (
        alt.Chart(data("impact"))
        .mark_text(align="left", dx=3, fontSize=10.5, color="#1A1A1A")
        .encode(x="freed:Q", y=y.axis(None), text="freed:Q")
    )
    return alt.hconcat(misses, alt.layer(freed, counts), spacing=24)


def _table(
    rows: pd.DataFrame, impact: pd.DataFrame | None, ctx: Context, d: Definition | None, kind: str
) -> pd.DataFrame:
    k = KINDS[kind]
    scored = k.rates_dimensions
    # Score: the dimensions; binary: every node under the root; levels: every node, the
    # level roots standing as headings.
    skip = 0 if k.root_is_part else 1
    keep = rows[rows.depth == 0] if scored else rows[rows.depth >= skip]
    keep = keep[keep.rating != "off"]
    counts = (
        keep.groupby(["part", "requirement"], sort=False)["rating"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=["met", *_MISSES], fill_value=0)
    )
    freed = {}
    if impact is not None:
        freed = {r.requirement: (int(r.freed), r.models) for r in impact.itertuples()}
    first = keep.drop_duplicates(["part", "requirement"])
    out = []
    for r in first.itertuples(index=False):
        c = counts.loc[(r.part, r.requirement)]
        if scored:
            label = ctx.part(d, r.part)
        else:
            label = ctx.requirement(d, r.requirement)
            depth = r.depth - skip
            if k.root_is_part and r.depth == 0:
                label = ctx.part(d, r.part)
            label = "· " * depth + label
        n_freed, who = freed.get(r.requirement, (0, ""))
        out.append(
            {
                "requirement": r.requirement,
                "part": r.part,
                "label": label,
                "depth": int(r.depth),
                "met": int(c["met"]),
                "unmet": int(c["unmet"]),
                "partial": int(c["partial"]),
                "unknown": int(c["unknown"]),
                "freed": n_freed,
                "freed_models": who.replace(";", ", "),
            }
        )
    table = pd.DataFrame(out)
    # Labels must be unique on the axis: the same requirement id cannot repeat in a tree,
    # but two requirements can share a label.
    if table["label"].duplicated().any():
        dup = table["label"].duplicated(keep=False)
        table.loc[dup, "label"] = (
            table.loc[dup, "label"] + " (" + table.loc[dup, "requirement"] + ")"
        )
    return table


def _describe(ctx: Context, table: pd.DataFrame, did: str, n_models: int, with_freed: bool) -> str:
    sep = ctx.comma
    parts = [
        f"{ctx.t('requirement impact title')}: {ctx.def_label(did)}",
        ctx.t("releases counted", n=n_models),
    ]
    worst = table.assign(out=table.unmet + table.partial).sort_values("out", ascending=False)
    parts.append(
        ctx.t("not meeting")
        + ": "
        + sep.join(f"{r.label.lstrip('· ')} {r.out}" for r in worst.head(5).itertuples())
    )
    if with_freed:
        top = table[table.freed > 0].sort_values("freed", ascending=False)
        if not top.empty:
            parts.append(
                ctx.t("freed")
                + ": "
                + sep.join(f"{r.label.lstrip('· ')} {r.freed}" for r in top.head(5).itertuples())
            )
    return ". ".join(parts) + "."


# -- gallery hooks -------------------------------------------------------------------------------
def prepare(
    catalog: Catalog, definitions: list[Definition], releases: list[Release], **options
) -> tuple[tuple, dict]:
    """Rate every requirement of the first definition; re-judge with each one dropped."""
    d = definitions[0]
    frame = ratings(d, releases, catalog=catalog)
    # The same question as `openviz sensitivity`: who would qualify (for levels: reach the
    # lowest level) if the requirement alone were dropped.
    impact = sensitivity(d, releases, catalog=catalog) if d.strategy.has_verdict else None
    return (frame, impact), {"definition": d, **options}


def level_ups(d: Definition, releases: list[Release], catalog: Catalog) -> pd.DataFrame:
    """For each requirement of a levels definition: who would climb if it alone were dropped.

    Not what the chart draws (it counts, like :func:`openviz.analysis.sensitivity`, who
    would qualify); for a caller that wants any level climbed.

    Returns
    -------
    pandas.DataFrame
        ``requirement``, ``freed`` (how many releases would reach a higher level) and
        ``models`` (their ids, semicolon-joined), like :func:`openviz.analysis.sensitivity`.
    """
    base = evaluate(d, releases, catalog=catalog).level_rank.to_numpy()
    models = [r.id for r in releases]
    rows = []
    for node in d.walk():
        if not node.enabled:
            continue
        after = evaluate(d.with_toggles({node.id: "off"}), releases, catalog=catalog)
        up = [m for m, a, b in zip(models, base, after.level_rank, strict=True) if b > a]
        rows.append({"requirement": node.id, "freed": len(up), "models": ";".join(up)})
    return pd.DataFrame(rows, columns=["requirement", "freed", "models"])
