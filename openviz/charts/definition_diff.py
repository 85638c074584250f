"""definition-diff: what changes between definitions in sequence, and which releases flip."""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from openviz.catalog import Catalog
from openviz.diff import sequence
from openviz.records import Definition, Release

from ._common import (
    WIDTH,
    Context,
    cell_layers,
    data,
    finish,
    paint_cell,
    text_width,
)
from ._options import Options, gallery_chart
from .theme import FONT, LATIN_FONT, ROLE_COLORS, TEXT_DARK

__all__ = ["defaults", "definition_diff", "prepare"]

_ROLES = ("required", "alternative", "scored", "substitute", "optional", "absent")
# A requirement that asks more is marked +, one that asks less a minus sign: arrows are kept
# for the results of releases (↑ better, ↓ worse), so a mark means one thing in both panels.
_ARROWS = {
    "added": "+",
    "tightened": "+",
    "removed": "\u2212",
    "loosened": "\u2212",
    "changed": "~",
}
_MODEL_ARROWS = {"up": "↑", "down": "↓", "changed": "~"}
_VERDICTS = ("qualifies", "cannot tell", "fails", "no verdict")


@gallery_chart
def definition_diff(
    requirements: pd.DataFrame,
    models: pd.DataFrame,
    *,
    options: Options,
    releases: Iterable[Release] | None = None,
) -> alt.VConcatChart:
    """Draw what changes along a sequence of definitions and which releases it moves.

    Parameters
    ----------
    requirements, models
        The frames of :func:`openviz.diff.sequence` (``.requirements`` and ``.models``).
    {options}
    releases
        All the releases judged (for the source line; the frame lists only those that move).

    Returns
    -------
    altair.VConcatChart
        Two aligned panels with one column per definition: what each asks of every
        component or condition whose treatment changes (grey by role, + asks more, minus
        asks less than the version before), and the verdict of every release whose result changes
        (↑ better, ↓ worse than before); the subtitle says so.
    """
    defs = list(options.definitions or ())
    ids = list(requirements["definition"]) + list(models["definition"])
    ctx = options.context(ids, models["model"], releases)
    width = options.width or WIDTH
    columns = _columns(ctx, defs, requirements, models)
    req = _requirements(requirements, ctx, columns)
    mods = _models(models, ctx, columns)
    label_px, step_x, x = _layout(req, mods, columns, width)
    y_axis = alt.Axis(minExtent=label_px, maxExtent=label_px)

    if req.empty:
        top = _note(ctx.t("nothing changes"), "note_requirements", step_x * len(columns), ctx.lang)
    else:
        top = _asks_panel(req, ctx, x, y_axis, step_x)
    if mods.empty:
        bottom = _note(ctx.t("nobody moves"), "note_models", step_x * len(columns), ctx.lang)
    else:
        bottom = _moves_panel(mods, ctx, x, y_axis, step_x)
    body = alt.vconcat(top, bottom, spacing=22).resolve_scale(color="independent")
    return finish(
        body,
        ctx,
        name="definition-diff",
        datasets={"requirements": req, "models": mods},
        width=max(width, label_px + step_x * len(columns)),
        **options.texts(
            title=f"{columns[0]} → {columns[-1]}" + ctx.colon + ctx.t("definition diff title"),
            subtitle=[ctx.t("change key")],
            description=_describe(ctx, req, mods, columns),
        ),
    )


def _columns(ctx: Context, defs: list, requirements: pd.DataFrame, models: pd.DataFrame) -> list:
    """Return the column labels: one per position in the sequence (a variant may share an id)."""
    if defs:
        return [ctx.def_label(d) for d in defs]
    at = dict(zip(requirements["position"], requirements["definition"], strict=True))
    at.update(zip(models["position"], models["definition"], strict=True))
    return [ctx.def_label(at[k]) for k in sorted(at)]


def _layout(req: pd.DataFrame, mods: pd.DataFrame, columns: list[str], width: int):
    """Return the row labels' width, the column width and the shared x encoding."""
    label_px = _label_width(req, mods)
    step_x = int(max(40, min(110, (width - label_px) / max(len(columns), 1))))
    return label_px, step_x, _x(columns, step_x)


def _label_width(req: pd.DataFrame, mods: pd.DataFrame) -> int:
    """Return the width of the row labels (components, conditions and releases)."""
    return int(
        min(
            220,
            max(
                [text_width(v, 11) for v in (*req["item_label"], *mods["model"])] or [60],
            )
            + 12,
        )
    )


def _x(columns: list[str], step_x: int) -> alt.X:
    """Return the shared x encoding: one column per definition, labels slanted if long."""
    longest = max((text_width(c, 11) for c in columns), default=40)
    angle = 0 if longest <= step_x - 8 else -30
    return alt.X(
        "column:N",
        title=None,
        sort=columns,
        scale=alt.Scale(domain=columns),
        axis=alt.Axis(orient="top", labelAngle=angle, labelAlign="left" if angle else "center"),
    )


def _asks_panel(req: pd.DataFrame, ctx: Context, x: alt.X, y_axis: alt.Axis, step_x: int):
    """Return the top panel: what each definition asks of every item whose treatment changes."""
    roles = [r for r in _ROLES if r in set(req["role"])]
    role_scale = alt.Scale(domain=[ctx.t(r) for r in roles], range=[ROLE_COLORS[r] for r in roles])
    base = alt.Chart(data("requirements")).encode(
        x=x, y=alt.Y("item_label:N", title=None, sort=None, axis=y_axis)
    )
    return alt.layer(
        base.mark_rect(stroke="#BBBBBB", strokeWidth=0.5).encode(
            color=alt.Color("role_label:N", title=ctx.t("role"), scale=role_scale),
            tooltip=[
                alt.Tooltip("item_label:N", title=ctx.t("component")),
                alt.Tooltip("column:N", title=ctx.t("definition")),
                alt.Tooltip("role_label:N", title=ctx.t("role")),
                alt.Tooltip("licenses:N", title=ctx.t("license")),
                alt.Tooltip("change_label:N", title=ctx.t("change")),
            ],
        ),
        base.mark_text(fontSize=13, fontWeight="bold").encode(
            text="arrow:N",
            color=alt.condition(
                "datum.role === 'required' || datum.role === 'alternative'"
                " || datum.role === 'scored'",
                alt.value("#FFFFFF"),
                alt.value(TEXT_DARK),
            ),
        ),
    ).properties(
        width=alt.Step(step_x),
        height=alt.Step(18),
        title=alt.TitleParams(ctx.t("what it asks"), anchor="start", fontSize=12.5),
    )


def _moves_panel(mods: pd.DataFrame, ctx: Context, x: alt.X, y_axis: alt.Axis, step_x: int):
    """Return the bottom panel: the verdict of every release whose result changes."""
    statuses = [s for s in _VERDICTS if s in set(mods.loc[mods["share"].isna(), "status"])]
    base = alt.Chart(data("models")).encode(
        x=x.axis(orient="top", labels=False, ticks=False, domain=False),
        y=alt.Y("model:N", title=None, sort=None, axis=y_axis),
    )
    return (
        alt.layer(
            *cell_layers(
                base,
                statuses,
                ctx.lang,
                ramp=mods["share"].notna().any(),
                tooltip_fields=[
                    ("model", ctx.t("model")),
                    ("column", ctx.t("definition")),
                    ("verdict_label", ctx.t("verdict")),
                    ("level", ctx.t("level")),
                    ("score_label", ctx.t("score")),
                    ("change_label", ctx.t("change")),
                ],
                font_size=11,
            )
        )
        .resolve_scale(color="independent")
        .properties(
            width=alt.Step(step_x),
            height=alt.Step(18),
            title=alt.TitleParams(ctx.t("who moves"), anchor="start", fontSize=12.5),
        )
    )


def _note(message: str, name: str, width: int, lang: str) -> alt.Chart:
    return (
        alt.Chart(alt.InlineData(values=[{"note": message}], name=name))
        .mark_text(
            align="left",
            fontSize=11.5,
            color="#555555",
            fontStyle="italic",
            font=FONT if lang == "zh" else LATIN_FONT,
        )
        .encode(text="note:N", x=alt.value(0), y=alt.value(8))
        .properties(width=width, height=16)
    )


def _position_labels(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    return [columns[int(p)] for p in frame["position"]]


def _requirements(frame: pd.DataFrame, ctx: Context, columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "item": frame["item"],
            "item_label": [ctx.component(i) for i in frame["item"]],
            "column": _position_labels(frame, columns),
            "definition_id": frame["definition"],
            "role": frame["role"],
            "role_label": [ctx.t(r) for r in frame["role"]],
            "licenses": [
                ", ".join(ctx.category(c) for c in v.split(", ")) if v else ""
                for v in frame["licenses"]
            ],
            "change": frame["change"],
            "change_label": [ctx.t(c) if c else "" for c in frame["change"]],
            "arrow": [_ARROWS.get(c, "") for c in frame["change"]],
        }
    )
    return out


def _models(frame: pd.DataFrame, ctx: Context, columns: list[str]) -> pd.DataFrame:
    rows = []
    for r in frame.itertuples(index=False):
        status = r.verdict or "no verdict"
        d = ctx.definition(r.definition)
        shown = paint_cell(r.kind, r.verdict, r.level_rank, r.score, r.score_max, d, ctx.lang)
        arrow = _MODEL_ARROWS.get(r.change, "")
        rows.append(
            {
                "model": r.name,
                "model_id": r.model,
                "column": columns[int(r.position)],
                "definition_id": r.definition,
                "status": status,
                "verdict_label": ctx.t(status),
                "level": shown["level"],
                "score": None if pd.isna(r.score) else float(r.score),
                "score_label": shown["score_label"],
                "change": r.change,
                "change_label": ctx.t(r.change) if r.change else "",
                "cell": f"{shown['cell']} {arrow}".strip(),
                "share": shown["share"],
                "fill": shown["fill"],
                "ink": shown["ink"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            *("model", "model_id", "column", "definition_id", "status", "verdict_label"),
            *("level", "score", "score_label", "change", "change_label", "cell"),
            *("share", "fill", "ink"),
        ],
    )


def _describe(ctx: Context, req: pd.DataFrame, mods: pd.DataFrame, columns: list[str]) -> str:
    sep = ctx.comma
    parts = [f"{' → '.join(columns)}: {ctx.t('definition diff title')}"]
    changed = req[req.change != ""]
    if not changed.empty:
        parts.append(
            ctx.t("what it asks")
            + ": "
            + sep.join(
                f"{r.item_label} {r.change_label} ({r.column})" for r in changed.itertuples()
            )
        )
    moved = mods[mods.change != ""]
    if not moved.empty:
        parts.append(
            ctx.t("who moves")
            + ": "
            + sep.join(f"{r.model} {r.verdict_label} ({r.column})" for r in moved.itertuples())
        )
    else:
        parts.append(ctx.t("nobody moves"))
    return ". ".join(parts) + "."


# -- gallery hooks -------------------------------------------------------------------------------
def defaults(catalog: Catalog) -> list[str]:
    """Return the OSAID drafts in sequence (or the longest series in the catalogue)."""
    series: dict[str, int] = {}
    for d in catalog.definitions.values():
        name = str(d.lineage.get("series", ""))
        if name:
            series[name] = series.get(name, 0) + 1
    name = "osaid" if series.get("osaid", 0) > 1 else max(series, key=series.get, default="")
    found = [d.id for d in catalog.series(name)] if name else []
    return found if len(found) > 1 else list(catalog.definitions)[:2]


def prepare(
    catalog: Catalog, definitions: list[Definition], releases: list[Release], **options
) -> tuple[tuple, dict]:
    """Follow the definitions in the order given."""
    seq = sequence(definitions, releases, catalog=catalog)
    kwargs = {"definitions": list(seq.definitions), "releases": releases, **options}
    return (seq.requirements, seq.models), kwargs
