"""family-trajectory: one family's releases in date order, judged under chosen definitions."""

from __future__ import annotations

import altair as alt
import pandas as pd

from openviz.catalog import Catalog
from openviz.evaluate import VERDICTS, evaluate
from openviz.records import Definition, Release

from ._common import WIDTH, cell_layers, data, finish, paint_cell, text_width
from ._defaults import major_definitions as defaults
from ._options import Options, gallery_chart

__all__ = ["defaults", "family_trajectory", "prepare"]

_ORDER = (*VERDICTS, "no verdict")


@gallery_chart
def family_trajectory(
    frame: pd.DataFrame,
    *,
    options: Options,
    family: str | None = None,
) -> alt.VConcatChart:
    """Follow one family's releases over time under the chosen definitions.

    Parameters
    ----------
    frame
        An :func:`openviz.evaluate` frame; only the family's rows are drawn.
    {options}
    family
        The family to follow; the one with the most releases in the frame when ``None``.

    Returns
    -------
    altair.VConcatChart
        One column per release, oldest first (name and release date on the axis), one row
        per definition; cells coloured by verdict and marked with its glyph, or on the level
        and score ramp with the level's short name or the score out of the most possible.
    """
    family, rows = _family_rows(frame, family)
    ctx = options.context(rows["definition"], rows["model"])
    width = options.width or WIDTH
    table = _table(rows, ctx)
    named = ctx.catalog.family_label(family, ctx.lang)
    releases = list(dict.fromkeys(table.sort_values(["release_date", "model"]).release))
    def_labels = list(dict.fromkeys(table["definition"]))
    label_px = int(min(220, max((text_width(v, 11) for v in def_labels), default=60) + 12))
    need = max((text_width(c, 10.5) for c in table["cell"]), default=0) + 10
    step_x = int(max(46, need, min(110, (width - label_px) / max(len(releases), 1))))
    longest = max((text_width(r.split("|")[0], 11) for r in releases), default=40)
    angle = 0 if longest <= step_x - 6 else -35
    statuses = [s for s in _ORDER if s in set(table.loc[table["share"].isna(), "status"])]

    body = _body(_base(releases, def_labels, angle), table, ctx, statuses, step_x)
    under = ctx.t("under", defs=ctx.comma.join(def_labels))
    return finish(
        body,
        ctx,
        name="family-trajectory",
        datasets={"trajectory": table},
        width=max(width, label_px + step_x * len(releases)),
        **options.texts(
            title=ctx.t("family trajectory title", family=named),
            subtitle=[under + ctx.semi + ctx.t("releases counted", n=len(releases))],
            description=_describe(ctx, table, named, releases),
        ),
    )


def _body(base: alt.Chart, table: pd.DataFrame, ctx, statuses: list[str], step_x: int):
    """Return the cells (verdict colour and glyph, or the ramp), one column per release."""
    layers = cell_layers(
        base,
        statuses,
        ctx.lang,
        ramp=table["share"].notna().any(),
        tooltip_fields=[
            ("model", ctx.t("model")),
            ("release_date", ctx.t("release date")),
            ("definition", ctx.t("definition")),
            ("verdict_label", ctx.t("verdict")),
            ("level", ctx.t("level")),
            ("score_label", ctx.t("score")),
        ],
        font_size=11,
        stroke_width=1.5,
    )
    return (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(width=alt.Step(step_x), height=alt.Step(26))
    )


def _family_rows(frame: pd.DataFrame, family: str | None) -> tuple[str, pd.DataFrame]:
    """Return the family to follow (the largest when ``None``) and its rows of the frame."""
    if family is None:
        if frame.empty:
            msg = "family-trajectory needs an evaluation frame with at least one release"
            raise ValueError(msg)
        sizes = frame.drop_duplicates("model").groupby("family").size()
        family = str(min(sizes.index, key=lambda f: (-sizes[f], f)))
    rows = frame[frame.family == family]
    if rows.empty:
        known = ", ".join(sorted(set(frame.family)))
        msg = f"no release of family {family!r} in the frame; families: {known}"
        raise ValueError(msg)
    return family, rows


def _base(releases: list[str], def_labels: list[str], angle: int) -> alt.Chart:
    """Return the chart's grid: releases across (name and date), definitions down."""
    return alt.Chart(data("trajectory")).encode(
        x=alt.X(
            "release:N",
            title=None,
            sort=releases,
            axis=alt.Axis(
                labelExpr="split(datum.value, '|')",
                labelAngle=angle,
                labelAlign="right" if angle else "center",
                labelBaseline="top",
                labelLineHeight=13,
            ),
        ),
        y=alt.Y("definition:N", title=None, sort=def_labels),
    )


def _table(rows: pd.DataFrame, ctx) -> pd.DataFrame:
    out = []
    for r in rows.itertuples(index=False):
        d = ctx.definition(r.definition)
        status = r.verdict or "no verdict"
        score = None if pd.isna(r.score) else float(r.score)
        shown = paint_cell(r.kind, r.verdict, r.level_rank, score, r.score_max, d, ctx.lang)
        out.append(
            {
                "model": r.name,
                "model_id": r.model,
                "release_date": r.release_date,
                "release": f"{r.name}|{r.release_date}",
                "definition": ctx.def_label(d) if d is not None else r.definition,
                "definition_id": r.definition,
                "status": status,
                "verdict_label": ctx.t(status),
                "score": score,
                **shown,
            }
        )
    return pd.DataFrame(out)


def _describe(ctx, table: pd.DataFrame, family: str, releases: list[str]) -> str:
    sep = ctx.comma
    parts = [
        ctx.t("family trajectory title", family=family),
        sep.join(r.replace("|", " (") + ")" for r in releases),
    ]
    for label in dict.fromkeys(table.definition):
        sub = table[table.definition == label].sort_values("release_date")
        parts.append(
            f"{label}: "
            + sep.join(c or v for c, v in zip(sub.cell, sub.verdict_label, strict=True))
        )
    return ". ".join(parts) + "."


# -- gallery hooks -------------------------------------------------------------------------------
def prepare(
    catalog: Catalog,
    definitions: list[Definition],
    releases: list[Release],
    *,
    family: str | None = None,
    **options,
) -> tuple[tuple, dict]:
    """Evaluate the family's releases (the biggest family among them by default)."""
    if family is None:
        sizes: dict[str, int] = {}
        for r in releases:
            sizes[r.family] = sizes.get(r.family, 0) + 1
        if not sizes:
            msg = "family-trajectory needs at least one release"
            raise ValueError(msg)
        family = min(sizes, key=lambda f: (-sizes[f], f))
    chosen = [r for r in releases if r.family == family]
    if not chosen:
        known = ", ".join(sorted({r.family for r in releases}))
        msg = f"no release of family {family!r}; families: {known}"
        raise ValueError(msg)
    frame = evaluate(definitions, chosen, catalog=catalog)
    return (frame,), {"family": family, "definitions": definitions, **options}
