"""Shared pieces of the gallery, gathered in one place for the chart modules.

Each piece lives in a module named for what it holds (labels, colours, cells, context,
caption, text, figure); the charts import them from here.
"""

from __future__ import annotations

from openviz.charts._caption import attributions, caption_lines, data_date
from openviz.charts._cells import cell_layers, paint_cell, tooltip
from openviz.charts._colors import (
    ABSENT,
    INKS,
    RAMP_STEPS,
    RAMP_TABLE,
    contrast,
    ink,
    luminance,
    ramp_color,
    ramp_legend,
    ramp_scale,
    status_fill_expr,
    verdict_color,
)
from openviz.charts._context import Context, context
from openviz.charts._figure import (
    CAPTION_PARAM,
    Content,
    assemble,
    content,
    data,
    fill,
    finish,
    records,
)
from openviz.charts._labels import DASH, GLYPHS, WIDTH, level_name, score_text, score_top
from openviz.charts._text import CAPTION_SIZE, CAPTION_SIZES, has_cjk, shorten, text_width, wrap
from openviz.charts.theme import STATUS_COLORS

__all__ = [
    "ABSENT",
    "CAPTION_PARAM",
    "CAPTION_SIZE",
    "CAPTION_SIZES",
    "DASH",
    "GLYPHS",
    "INKS",
    "RAMP_STEPS",
    "RAMP_TABLE",
    "STATUS_COLORS",
    "WIDTH",
    "Content",
    "Context",
    "assemble",
    "attributions",
    "caption_lines",
    "cell_layers",
    "content",
    "context",
    "contrast",
    "data",
    "data_date",
    "fill",
    "finish",
    "has_cjk",
    "ink",
    "level_name",
    "luminance",
    "paint_cell",
    "ramp_color",
    "ramp_legend",
    "ramp_scale",
    "records",
    "score_text",
    "score_top",
    "shorten",
    "status_fill_expr",
    "text_width",
    "tooltip",
    "verdict_color",
    "wrap",
]
