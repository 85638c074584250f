"""component-heatmap: models by components, each cell what was released and under which license."""

from __future__ import annotations

import altair as alt
import pandas as pd

from openviz.catalog import Catalog
from openviz.diff import asks
from openviz.records import Definition, Release
from openviz.tables import facts

from ._common import WIDTH, Context, data, finish, ink, text_width, tooltip
from ._defaults import osaid_or_first as defaults
from ._options import Options, gallery_chart
from .theme import STATUS_COLORS, scale

__all__ = ["component_heatmap", "defaults", "license_codes", "prepare"]

_STATUSES = ("yes", "partial", "no", "unknown")
_MARKS = {"required": "●", "alternative": "○", "substitute": "○", "scored": "●"}
#: Column groups, by component type (defs/components.yaml), in the order drawn.
_GROUPS = ("data", "code", "document", "access")
_ROLE_RANK = {"optional": 0, "scored": 1, "substitute": 2, "alternative": 3, "required": 4}


@gallery_chart(
    definition="Mark the components this definition asks for (● required, ○ one of several "
    "or a stand-in; for score and descriptive definitions ● marks what they rate); no marks "
    "when ``None``."
)
def component_heatmap(frame: pd.DataFrame, *, options: Options) -> alt.VConcatChart:
    """Draw what each release makes available, component by component.

    Parameters
    ----------
    frame
        A :func:`openviz.tables.facts` frame: one row per (release, component).
    {options}

    Returns
    -------
    altair.VConcatChart
        Cells coloured by release status, with the license category's code written in (the
        subtitle is its key), the columns grouped by kind of component (data and weights,
        code, documents, access) under a heading each.
    """
    did, defs = options.about(frame, lambda _: None)
    ctx = options.context([did] if did else [], frame["model"], definitions=defs)
    d = ctx.definitions[0] if ctx.definitions else None
    width = options.width or WIDTH
    roles = _roles(d)
    table = _table(frame, ctx, roles)
    columns = list(dict.fromkeys(table["component_label"]))
    groups = list(dict.fromkeys(table["group_label"]))
    models = list(dict.fromkeys(table["model"]))
    label_px = min(200, max((text_width(m, 11) for m in models), default=60) + 12)
    # Slanted headers reach right of the last column by about cos(60°) of their length.
    overhang = 0.5 * min(200, max((text_width(c, 11) for c in columns), default=0))
    gaps = 10 * max(len(groups) - 1, 0)
    # Slanted Chinese headers need a little more room between columns than Latin ones.
    least = 22 if ctx.lang == "zh" else 20
    step_x = int(max(least, min(40, (width - label_px - overhang - gaps) / max(len(columns), 1))))

    body = _body(ctx, columns, models, groups, step_x)
    return finish(
        body,
        ctx,
        name="component-heatmap",
        datasets={"facts": table},
        width=max(width, step_x * len(columns) + label_px + gaps),
        **options.texts(
            title=ctx.t("component heatmap title"),
            subtitle=_subtitle(ctx, d, table, len(models)),
            description=_describe(ctx, table, d, len(models)),
        ),
    )


def _body(ctx: Context, columns: list[str], models: list[str], groups: list[str], step_x: int):
    """Return the cells (status colour, licence code) faceted by kind of component."""
    names = [ctx.t(s) for s in _STATUSES]
    base = alt.Chart().encode(
        x=alt.X(
            "component_label:N",
            title=None,
            sort=columns,
            axis=alt.Axis(
                labelAngle=-60,
                orient="top",
                labelAlign="left",
                labelLimit=200,
                labelFontWeight=alt.ExprRef(
                    "test(/^[●○]/, datum.value) ? 'bold' : 'normal'"  # asked components
                ),
            ),
        ),
        y=alt.Y("model:N", title=None, sort=models),
    )
    tip = tooltip(
        [
            ("model", ctx.t("model")),
            ("component_name", ctx.t("component")),
            ("status_label", ctx.t("released")),
            ("license", ctx.t("license")),
            ("category_label", ctx.t("license kind")),
            ("role_label", ctx.t("role")),
        ]
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1, tooltip=tip).encode(
        color=alt.Color("status_label:N", title=ctx.t("released"), scale=scale(_STATUSES, names)),
    )
    codes = base.mark_text(fontSize=11, fontWeight="bold").encode(
        text="code:N", color=alt.Color("ink:N", scale=None)
    )
    return (
        alt.layer(cells, codes, data=data("facts"))
        .properties(width=alt.Step(step_x), height=alt.Step(18))
        .facet(
            column=alt.Column(
                "group_label:N",
                title=None,
                sort=groups,
                header=alt.Header(
                    labelOrient="top",
                    labelAlign="left",
                    labelAnchor="start",
                    labelFontWeight="bold",
                    labelFontSize=11.5,
                    labelPadding=6,
                ),
            ),
            spacing=10,
        )
        .resolve_scale(x="independent")
    )


def _subtitle(ctx: Context, d: Definition | None, table: pd.DataFrame, n_models: int) -> list[str]:
    """Return the subtitle: what the definition asks for, and the key of the licence codes."""
    first = ctx.t("releases counted", n=n_models)
    if d is not None:
        mark = "scored by" if d.strategy.rates_dimensions else "required by"
        first = ctx.t(mark, definition=ctx.def_label(d)) + _sep(ctx) + first
    codes = license_codes(ctx.catalog)
    shown = set(table.loc[table.code != "", "category"])
    key = ctx.comma.join(f"{codes[c]}\u00a0{ctx.category(c)}" for c in codes if c in shown)
    return [first, ctx.t("license") + ctx.colon + key] if key else [first]


def license_codes(catalog: Catalog) -> dict[str, str]:
    """Return the short mark of every licence category, most open first (``code`` in the data).

    A category the data gives no code gets the first letter of its id, in capitals.
    """
    return {c["id"]: c.get("code") or c["id"][:1].upper() for c in catalog.licenses.categories}


def _sep(ctx: Context) -> str:
    return "；" if ctx.lang == "zh" else "; "


def _roles(d: Definition | None) -> dict[str, str]:
    if d is None:
        return {}
    best: dict[str, str] = {}
    for ask in asks(d):
        if ask.item.startswith("condition:"):
            continue
        if _ROLE_RANK[ask.role] > _ROLE_RANK.get(best.get(ask.item, ""), -1):
            best[ask.item] = ask.role
    return {k: v for k, v in best.items() if v in _MARKS}


def _table(frame: pd.DataFrame, ctx: Context, roles: dict[str, str]) -> pd.DataFrame:
    known = frame.groupby("component")["status"].apply(lambda s: (s != "unknown").any())
    kinds = {c.id: c.type for c in ctx.catalog.components}
    group_order = {g: k for k, g in enumerate(_GROUPS)}
    keep = [c.id for c in ctx.catalog.components if known.get(c.id, False) or c.id in roles]
    keep.sort(key=lambda cid: group_order.get(kinds.get(cid, ""), len(group_order)))
    codes = license_codes(ctx.catalog)
    rows = []
    for r in frame[frame.component.isin(keep)].itertuples(index=False):
        role = roles.get(r.component, "")
        name = ctx.component(r.component)
        code = codes.get(r.category, "") if r.status in ("yes", "partial") else ""
        group = kinds.get(r.component, "")
        rows.append(
            {
                "group": group,
                "group_label": ctx.t(f"component type {group}") if group in _GROUPS else group,
                "model": r.name,
                "model_id": r.model,
                "component": r.component,
                "component_name": name,
                "component_label": f"{_MARKS[role]} {name}" if role else name,
                "status": r.status,
                "status_label": ctx.t(r.status),
                "license": r.license,
                "category": r.category,
                "category_label": ctx.category(r.category) if r.category else "",
                "code": code,
                "ink": ink(STATUS_COLORS[r.status]),
                "asked": bool(role),
                "role": role,
                "role_label": ctx.t(role) if role else "",
            }
        )
    out = pd.DataFrame(rows)
    order = {cid: k for k, cid in enumerate(keep)}
    return out.sort_values("component", key=lambda s: s.map(order), kind="stable")


def _describe(ctx: Context, table: pd.DataFrame, d: Definition | None, n_models: int) -> str:
    parts = [ctx.t("component heatmap title"), ctx.t("releases counted", n=n_models)]
    if d is not None:
        parts.append(ctx.t("required by", definition=ctx.def_label(d)))
    released = table[table.status == "yes"].groupby("component_name").size()
    if not released.empty:
        top = released.sort_values(ascending=False)
        sep = ctx.comma
        parts.append(
            ctx.t("released")
            + ": "
            + sep.join(f"{name} {int(n)}/{n_models}" for name, n in top.items())
        )
    return ". ".join(parts) + "."


# -- gallery hooks -------------------------------------------------------------------------------
def prepare(
    catalog: Catalog, definitions: list[Definition], releases: list[Release], **options
) -> tuple[tuple, dict]:
    """List the releases' facts; mark the first definition's components."""
    return (facts(catalog, releases),), {"definition": definitions[0], **options}
