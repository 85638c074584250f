"""The finished figure: title, subtitle and source line around the chart, and its data."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from ._caption import caption_lines, data_date
from ._context import Context
from ._text import CAPTION_SIZES, has_cjk, wrap
from .theme import SIZES, check_size, config


# -- data and the finished figure --------------------------------------------------------------
def records(frame: pd.DataFrame) -> list[dict]:
    """Turn a frame into JSON-safe records (NaN becomes null)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


#: Name of the top-level param that holds a figure's source lines. The text is drawn from
#: it (``{"expr": name}``) so that a live view can change it in place, like the data,
#: without drawing the chart again. (Vega-Lite takes no expression for a subtitle.)
CAPTION_PARAM = "openviz_caption"


@dataclass(frozen=True)
class Content:
    """What a figure says, apart from how it is drawn: texts, metadata and data.

    Two figures with the same drawing (:func:`assemble` of the same body, title, subtitle
    and ``cjk``) differ only in the rest; :func:`fill` swaps that into a spec.
    """

    title: str
    subtitle: tuple[str, ...]
    caption: tuple[str, ...]
    description: str
    meta: Mapping[str, object]
    tables: Mapping[str, list[dict]]
    cjk: bool
    size: str = "article"


def content(
    ctx: Context,
    *,
    name: str,
    title: str,
    subtitle: Sequence[str],
    description: str,
    datasets: Mapping[str, pd.DataFrame | list[dict]],
    width: int,
    caption: Sequence[str] | None = None,
    notes: Sequence[str] = (),
    data_cjk: bool | None = None,
    size: str = "article",
) -> Content:
    """Write a figure's texts and metadata and turn its frames into records.

    Subtitle and source lines are wrapped to ``width`` pixels; the datasets are listed in
    ``usermeta`` so that an export can write the data behind the chart. A dataset may be
    given as JSON-ready records instead of a frame, and ``data_cjk`` may say whether the
    data hold CJK text (else it is looked for).
    """
    newest = data_date(ctx.definitions, ctx.releases)
    check_size(size)
    lines = list(caption) if caption is not None else caption_lines(ctx, width, notes, newest, size)
    sub: list[str] = []
    for line in subtitle:
        sub.extend(wrap(line, width, SIZES[size]["subtitle"]))
    meta = {
        "chart": name,
        "lang": ctx.lang,
        "title": title,
        "subtitle": sub,
        "definitions": [
            {
                "id": d.id,
                "label": ctx.def_label(d),
                "version": d.version,
                "date": d.date,
                "modified": d.is_modified,
            }
            for d in ctx.definitions
        ],
        "data_date": newest,
        "caption": lines,
        "tables": list(datasets),
    }
    raw = {
        key: frame.to_json(orient="records", force_ascii=False)
        for key, frame in datasets.items()
        if isinstance(frame, pd.DataFrame)
    }
    tables = {key: json.loads(raw[key]) if key in raw else value for key, value in datasets.items()}
    if data_cjk is None:
        data_cjk = has_cjk([*raw.values(), *(v for k, v in tables.items() if k not in raw)])
    cjk = ctx.lang == "zh" or data_cjk or has_cjk([title, description, *sub, *lines])
    meta["cjk"] = cjk
    meta["size"] = size
    return Content(title, tuple(sub), tuple(lines), description, meta, tables, cjk, size)


def assemble(body: alt.TopLevelMixin, text: Content) -> alt.VConcatChart:
    """Give a chart body its title, subtitle, source line, alt text, data and theme.

    The source line sits under the chart as a bottom title of the body; the main title and
    subtitle head the whole figure.
    """
    caption_px = CAPTION_SIZES[text.size]
    body = body.properties(
        title=alt.TitleParams(
            {"expr": CAPTION_PARAM},
            orient="bottom",
            anchor="start",
            fontSize=caption_px,
            fontWeight="normal",
            color="#555555",
            offset=14,
            lineHeight=round(caption_px * 1.3),
        )
    )
    figure = alt.vconcat(body)
    # Keep the params vconcat() lifted from the body (selections) and add the source line.
    lifted = figure.params if figure.params is not alt.Undefined else []
    figure = figure.properties(
        title=alt.TitleParams(text.title, subtitle=list(text.subtitle))
        if text.subtitle
        else alt.TitleParams(text.title),
        description=text.description,
        usermeta={"openviz": dict(text.meta)},
        config=alt.Config(**config(text.cjk, text.size)),
        # Fit the view to its content again after every update, not only when first drawn:
        # a live view swaps in a source line that may be longer than the one it drew.
        autosize=alt.AutoSizeParams(type="pad", resize=True),
        params=[*lifted, alt.VariableParameter(name=CAPTION_PARAM, value=list(text.caption))],
    )
    # Set directly: properties() would validate every record now, and to_dict() does anyway.
    figure.datasets = dict(text.tables)
    return figure


def fill(spec: Mapping[str, object], text: Content) -> dict:
    """Return a copy of a finished figure's spec showing ``text`` instead of its own.

    ``spec`` must come from :func:`assemble` with the same title, subtitle and ``cjk`` (the
    parts of the drawing that depend on the text). ``spec`` is not changed, and the result
    shares nothing with it, so either may be changed later.
    """
    values = {CAPTION_PARAM: list(text.caption)}
    new = copy.deepcopy({k: v for k, v in spec.items() if k != "datasets"})
    new["params"] = [
        {**p, "value": values[p["name"]]} if p.get("name") in values else p
        for p in spec.get("params", [])
    ]
    new["description"] = text.description
    new["usermeta"] = {**spec.get("usermeta", {}), "openviz": dict(text.meta)}
    new["datasets"] = dict(text.tables)
    return new


def finish(
    body: alt.TopLevelMixin,
    ctx: Context,
    *,
    name: str,
    title: str,
    subtitle: Sequence[str],
    description: str,
    datasets: Mapping[str, pd.DataFrame],
    width: int,
    caption: Sequence[str] | None = None,
    notes: Sequence[str] = (),
    size: str = "article",
) -> alt.VConcatChart:
    """Finish a chart body: :func:`content`, then :func:`assemble`."""
    text = content(
        ctx,
        name=name,
        title=title,
        subtitle=subtitle,
        description=description,
        datasets=datasets,
        width=width,
        caption=caption,
        notes=notes,
        size=size,
    )
    return assemble(body, text)


def data(name: str) -> alt.NamedData:
    """Refer to a dataset stored at the figure's top level."""
    return alt.NamedData(name=name)
