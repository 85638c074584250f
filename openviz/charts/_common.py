"""Shared pieces of the gallery: labels, the source line, datasets and the finished figure."""

from __future__ import annotations

import copy
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from openviz._caches import bounded
from openviz.catalog import Catalog, load_catalog
from openviz.i18n import check_lang, definition_label, text
from openviz.i18n import label as vocab_label
from openviz.kinds import KINDS
from openviz.records import Definition, Release

from .theme import RAMP, SIZES, STATUS_COLORS, TEXT_DARK, TEXT_ON, check_size, config, scale

#: Default figure width in pixels: an article column at scale 1.
WIDTH = 640
#: Verdict glyphs drawn in cells, so a verdict reads without colour too: a check (square
#: root sign) and a multiplication sign are the usual marks for right and wrong in Chinese
#: print, and every font openviz names has both.
GLYPHS = {"qualifies": "\u221a", "fails": "\u00d7", "cannot tell": "?"}
#: The dash between the two ends of a range (an en dash).
DASH = "\u2013"


def score_text(score: float, best: float, top: float | None = None) -> str:
    """Write a score, or its range when unknown facts could raise it: ``4`` or ``4-6.5``.

    With ``top``, the most any release can score, the score says out of what: ``4 / 14``.
    """
    shown = f"{score:g}" if score == best else f"{score:g}{DASH}{best:g}"
    return shown if top is None else f"{shown} / {top:g}"


def score_top(definition: Definition | None) -> float | None:
    """Return the most a release can score under a ``score`` definition (``None`` otherwise).

    Every dimension still switched on counts at the credit of an open rating.
    """
    if definition is None or not definition.strategy.has_score:
        return None
    return definition.strategy.max_points(definition)


def level_name(definition: Definition | None, rank: int, lang: str) -> str:
    """Return the short name of the level reached (rank 1 = lowest), ``""`` for none."""
    if definition is None or rank <= 0 or rank > len(definition.levels):
        return ""
    return definition.levels[rank - 1].short_title(lang)


# -- the ramp for levels and scores ------------------------------------------------------------
# Cells on the ramp (theme.RAMP) take the colour of their share of the top: level k of n is
# k/n, a score its lower bound over the most possible.
#: Text on a cell: white where it reads at 4.5:1 or better (WCAG AA), else dark, else black.
INKS = ("#FFFFFF", TEXT_DARK, "#000000")
#: A field no row has: a tooltip entry that reads it is undefined, and so left out.
ABSENT = "openviz_absent"


#: The ramp is drawn in this many steps (plus its end): fine enough to look continuous, and
#: a table an interactive page can carry, so that it paints exactly the static colours.
RAMP_STEPS = 1000


def _ramp_at(share: float) -> str:
    lo, hi = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in RAMP)
    return "#" + "".join(f"{round(a + (b - a) * share):02X}" for a, b in zip(lo, hi, strict=True))


#: The ramp's colour at each step ``k / RAMP_STEPS``, interpolated in sRGB as Vega does.
RAMP_TABLE = tuple(_ramp_at(k / RAMP_STEPS) for k in range(RAMP_STEPS + 1))


def ramp_color(share: float) -> str:
    """Return the ramp's colour at ``share`` (0 to 1): the step at or below it."""
    share = min(max(float(share), 0.0), 1.0)
    return RAMP_TABLE[math.floor(share * RAMP_STEPS)]


def luminance(color: str) -> float:
    """Return the relative luminance of a ``#RRGGBB`` colour (WCAG 2)."""
    channels = []
    for i in (1, 3, 5):
        c = int(color[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@bounded("chart-ink", maxsize=512)
def ink(fill: str) -> str:
    """Return the text colour for a cell of colour ``fill`` (see :data:`INKS`)."""
    for color in INKS:
        if contrast(fill, color) >= 4.5:
            return color
    return max(INKS, key=lambda c: contrast(fill, c))


def ramp_legend(lang: str, size: str = "article") -> alt.Legend:
    """Return the legend of the level and score ramp: lowest to highest, light to dark."""
    low, high = json.dumps(text("ramp lowest", lang)), json.dumps(text("ramp highest", lang))
    return alt.Legend(
        title=text("ramp title", lang),
        type="gradient",
        values=[0, 1],
        labelExpr=f"datum.value <= 0 ? {low} : {high}",
        gradientLength=120 if size == "article" else 200,
        gradientThickness=10 if size == "article" else 16,
    )


def ramp_scale() -> alt.Scale:
    """Return the colour scale of the level and score ramp (share 0 to 1)."""
    return alt.Scale(domain=[0, 1], range=list(RAMP), interpolate="rgb", clamp=True)


def status_fill_expr(statuses: Iterable[str] = tuple(STATUS_COLORS)) -> str:
    """Return an expression giving a row's verdict colour (for rows that carry no ``fill``)."""
    return json.dumps({s: STATUS_COLORS[s] for s in statuses}) + "[datum.status]"


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


@dataclass
class Context:
    """What a chart needs besides its frames: language, labels, and what it shows.

    Attributes
    ----------
    catalog
        Where component, category and requirement labels come from.
    lang
        ``en`` or ``zh``.
    definitions
        The definitions shown, in order (published, toggled or custom).
    releases
        The releases shown.
    titles
        Definition id to display label, overriding :func:`openviz.i18n.definition_label`.
    """

    catalog: Catalog
    lang: str
    definitions: tuple[Definition, ...] = ()
    releases: tuple[Release, ...] = ()
    titles: Mapping[str, str] = field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        """Return interface text in the chart's language."""
        return text(key, self.lang, **values)

    @property
    def comma(self) -> str:
        """Separate items of a list: ``, `` or ``、``."""
        return "、" if self.lang == "zh" else ", "

    @property
    def semi(self) -> str:
        """Separate clauses: ``; `` or ``；``."""
        return "；" if self.lang == "zh" else "; "

    @property
    def colon(self) -> str:
        """Introduce what follows: ``: `` or ``：``."""
        return "：" if self.lang == "zh" else ": "

    def definition(self, definition_id: str) -> Definition | None:
        """Return a shown definition by id (the first with that id), else the catalogue's."""
        for d in self.definitions:
            if d.id == definition_id:
                return d
        return self.catalog.definitions.get(definition_id)

    def def_label(self, definition: Definition | str) -> str:
        """Label a definition with its version."""
        did = definition if isinstance(definition, str) else definition.id
        if did in self.titles:
            return self.titles[did]
        d = self.definition(did) if isinstance(definition, str) else definition
        return definition_label(d, self.lang) if d is not None else did

    def component(self, component_id: str) -> str:
        """Label a component (or a release-level condition) in the chart's language."""
        if component_id.startswith("condition:"):
            name, _, level = component_id.partition("=")
            if name == "condition:no-restrictions" and level:
                kind = vocab_label(self.catalog, "restriction", level, self.lang)
                return self.t("condition:no-restrictions=", level=kind)
            return self.t(name, level=level)
        try:
            return vocab_label(self.catalog, "component", component_id, self.lang)
        except KeyError:
            return component_id

    def category(self, category_id: str) -> str:
        """Label a license category."""
        return vocab_label(self.catalog, "category", category_id, self.lang)

    def requirement(self, definition: Definition | None, requirement_id: str) -> str:
        """Label a requirement of a definition (its id when unknown)."""
        if definition is None:
            return requirement_id
        try:
            return definition.requirement(requirement_id).title(self.lang)
        except KeyError:
            return requirement_id

    def part(self, definition: Definition | None, part_id: str) -> str:
        """Label a level or dimension of a definition."""
        if definition is not None:
            for item in (*definition.levels, *definition.dimensions):
                if item.id == part_id:
                    return item.label.get(self.lang) or item.label.get("en") or part_id
        return part_id


def context(
    catalog: Catalog | None,
    lang: str,
    titles: Mapping[str, str] | None = None,
    definitions: Iterable[Definition] | None = None,
    definition_ids: Iterable[str] = (),
    model_ids: Iterable[str] = (),
    releases: Iterable[Release] | None = None,
) -> Context:
    """Build a :class:`Context` from what a frame names, completing it from the catalogue.

    ``releases``, when given, are the releases the chart's data come from (for the source
    line), even those the chart does not draw.
    """
    catalog = catalog or load_catalog()
    check_lang(lang)
    defs = list(definitions or ())
    have = {d.id for d in defs}
    for did in dict.fromkeys(definition_ids):
        if did not in have and did in catalog.definitions:
            defs.append(catalog.definitions[did])
            have.add(did)
    if releases is None:
        ids = dict.fromkeys(model_ids)
        releases = (catalog.releases[m] for m in ids if m in catalog.releases)
    return Context(catalog, lang, tuple(defs), tuple(releases), dict(titles or {}))


# -- the source line ---------------------------------------------------------------------------
def data_date(definitions: Iterable[Definition], releases: Iterable[Release]) -> str:
    """Return the newest ``accessed`` date in the evidence and sources used (``""`` if none)."""
    newest = max((rel.evidence_date for rel in releases), default="")
    for d in definitions:
        for src in d.sources:
            newest = max(newest, src.accessed)
    return newest


def attributions(releases: Iterable[Release]) -> list[str]:
    """Return the attribution of each imported collection among the releases, once each."""
    seen: dict[str, str] = {}
    for rel in releases:
        origin = rel.origin
        source = origin.get("source", "")
        if rel.collection == "curated" or not source or source in seen:
            continue
        credit = origin.get("attribution", source)
        lic = origin.get("license", "")
        seen[source] = f"{credit} ({lic})" if lic else credit
    return list(seen.values())


def caption_lines(
    ctx: Context,
    width: int,
    extra: Sequence[str] = (),
    date: str | None = None,
    size: str = "article",
) -> list[str]:
    """Write the source line: definition versions, data date, attribution, tool version.

    ``date`` is the data date when already known (see :func:`data_date`); lines are wrapped
    for the caption text of ``size`` (see :data:`CAPTION_SIZES`).
    """
    from openviz import __version__

    parts = []
    if ctx.definitions:
        entries = ctx.semi.join(_caption_entry(d, ctx) for d in ctx.definitions)
        parts.append(ctx.t("caption definitions", defs=entries))
    modified = [d for d in ctx.definitions if d.is_modified]
    for d in modified:
        changes = ", ".join(
            f"{k.partition('#')[0]} {'licenses ' + '/'.join(v) if isinstance(v, tuple) else v}"
            for k, v in d.toggles
        )
        parts.append(ctx.t("caption modified", changes=f"{ctx.def_label(d)}: {changes}"))
    if ctx.releases:
        collections = sorted(
            {r.collection for r in ctx.releases}, key=lambda c: (c != "curated", c)
        )
        sep = ctx.comma
        parts.append(
            ctx.t(
                "caption data",
                date=(date if date is not None else data_date(ctx.definitions, ctx.releases))
                or "?",
                n=len(ctx.releases),
                collections=sep.join(ctx.t(c) for c in collections),
                newest=max(r.release_date for r in ctx.releases),
            )
        )
        imported = attributions(ctx.releases)
        if imported:
            parts.append(ctx.t("caption imported", sources=ctx.semi.join(imported)))
    parts.extend(extra)
    parts.append(ctx.t("caption tool", version=__version__))
    lines: list[str] = []
    for part in parts:
        lines.extend(wrap(part, width, CAPTION_SIZES[size]))
    return lines


def _caption_entry(d: Definition, ctx: Context) -> str:
    label = ctx.def_label(d).removesuffix(" *")
    version = d.version.strip()
    zh = ctx.lang == "zh"
    if version and version.lower() not in label.lower():
        label += f"，{version}" if zh else f", {version}"
    if d.date and d.date not in label:
        label += f"（{d.date}）" if zh else f" ({d.date})"
    return label


CAPTION_SIZE = 10
#: Source-line text size per figure size (a projector needs 16 px at the least).
CAPTION_SIZES = {"article": CAPTION_SIZE, "presentation": 16}


@bounded("chart-text-width", maxsize=8192)
def text_width(value: str, size: float) -> float:
    """Estimate the rendered width of a string in pixels (wide CJK glyphs count double)."""
    return sum(size * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.56) for ch in value)


def wrap(value: str, width: float, size: float) -> list[str]:
    """Wrap text to ``width`` pixels, breaking at spaces or between wide (CJK) characters."""
    lines: list[str] = []
    line, line_px = "", 0.0
    for token in _tokens(value):
        token_px = text_width(token, size)
        if line and line_px + token_px > width:
            lines.append(line.rstrip())
            line = token.lstrip()
            line_px = text_width(line, size)
        else:
            line += token
            line_px += token_px
    if line.strip():
        lines.append(line.rstrip())
    return lines


_OPENING = "（《“「【([{"
_CLOSING = "）》”」】，。；：、！？)]},.;:!?"


def _tokens(value: str) -> list[str]:
    """Split text into the pieces a line may break between.

    Words stay whole, wide characters stand alone, and punctuation stays with its
    neighbour: no line starts with a closing mark or ends with an opening one.
    """
    raw: list[str] = []
    word = ""
    for ch in value:
        if unicodedata.east_asian_width(ch) in "WF":
            if word:
                raw.append(word)
                word = ""
            raw.append(ch)
        elif ch == " ":
            raw.append(word + " ")
            word = ""
        else:
            word += ch
    if word:
        raw.append(word)
    out: list[str] = []
    carry = ""
    for token in raw:
        if out and not carry and token[:1] in _CLOSING and not out[-1].endswith(" "):
            out[-1] += token
        elif token in _OPENING:
            carry += token
        else:
            out.append(carry + token)
            carry = ""
    if carry:
        out.append(carry)
    return out


def shorten(value: str, width: float, size: float = 11) -> str:
    """Cut a label to ``width`` pixels with an ellipsis."""
    if text_width(value, size) <= width:
        return value
    while value and text_width(value + "…", size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


# -- data and the finished figure --------------------------------------------------------------
def records(frame: pd.DataFrame) -> list[dict]:
    """Turn a frame into JSON-safe records (NaN becomes null)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def verdict_color(statuses: Sequence[str], lang: str, **options: object) -> alt.Color:
    """Colour cells by their ``verdict_label``: the status palette, labelled in ``lang``.

    ``statuses`` are the statuses present, in legend order; ``options`` go to ``alt.Color``.
    """
    names = [text(s, lang) for s in statuses]
    palette = scale(list(statuses), names)
    return alt.Color("verdict_label:N", title=text("verdict", lang), scale=palette, **options)


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


#: Characters from the start of the CJK radicals block up: the only candidates for a wide
#: East Asian character, found by a regular expression before the per-character check.
_BEYOND_LATIN = re.compile("[\u2e80-\U0010ffff]")


def has_cjk(value: object) -> bool:
    """Tell whether any string in a (nested) value has a wide East Asian character."""
    if isinstance(value, str):
        return any(
            unicodedata.east_asian_width(m.group()) in "WF" for m in _BEYOND_LATIN.finditer(value)
        )
    if isinstance(value, dict):
        return any(has_cjk(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(has_cjk(v) for v in value)
    return False


def data(name: str) -> alt.NamedData:
    """Refer to a dataset stored at the figure's top level."""
    return alt.NamedData(name=name)
