"""The one visual language: status colours, fonts and the article theme.

Every gallery chart takes its colours from :data:`STATUS_COLORS` and its type from
:func:`config`, which each chart carries in its own spec, so a chart looks the same in a
notebook, an export and a web page whatever theme is enabled. Charts with Chinese text
name Noto Sans CJK SC; the others name Liberation Sans, which vl-convert carries itself.
:func:`register` enables the same look for charts of your own.
"""

from __future__ import annotations

import altair as alt

__all__ = [
    "CONFIG",
    "FONT",
    "FONT_FAMILY",
    "LATIN_FAMILY",
    "LATIN_FONT",
    "RAMP",
    "ROLE_COLORS",
    "SCORE_COLORS",
    "SIZES",
    "STATUS_COLORS",
    "check_size",
    "config",
    "register",
    "scale",
]

# Colour-blind safe (a blue-orange axis, which every common colour-vision deficiency keeps
# apart) and ordered in lightness, so greyscale print keeps the order: dark for open
# (CIE L* 37), mid for partial (58), light for closed (79), near-white for unknown (93).
# Verdicts, requirement ratings and release statuses share the same four tones.
_OPEN, _PARTIAL, _CLOSED, _UNKNOWN = "#1F5A89", "#C07F00", "#F4B6A0", "#EBEBEB"
STATUS_COLORS = {
    "qualifies": _OPEN,
    "met": _OPEN,
    "open": _OPEN,
    "yes": _OPEN,
    "partial": _PARTIAL,
    "fails": _CLOSED,
    "unmet": _CLOSED,
    "closed": _CLOSED,
    "no": _CLOSED,
    "cannot tell": _UNKNOWN,
    "unknown": _UNKNOWN,
    "no verdict": "#FFFFFF",
    "off": "#FFFFFF",
}
#: The ramp of levels reached and scores, light to dark. A level or a score is a position on
#: a scale, not a verdict: a sequential green, kept apart from the blue of "qualifies" (a
#: release at the lowest level of a ladder does not qualify as open by that fact).
RAMP = ("#EEF3E4", "#1B5733")
#: The segments of a score bar (spectrum): points earned on open and on partly open
#: dimensions, from the ramp's dark end and its middle, and what unknown facts could add.
SCORE_COLORS = {"met": RAMP[1], "partial": "#84A58C", "unknown": _UNKNOWN}
#: Text drawn on a status cell: white on the dark tone, near-black on the others.
TEXT_ON = {_OPEN: "#FFFFFF"}
TEXT_DARK = "#1A1A1A"

# How strongly a definition asks for something (definition-diff): a grey ramp, kept apart
# from the status hues because a role is not a result.
ROLE_COLORS = {
    "required": "#333333",
    "alternative": "#686868",
    "scored": "#686868",
    "substitute": "#9E9E9E",
    "optional": "#D2D2D2",
    "absent": "#FFFFFF",
}

#: The CJK font Chinese charts name first. openviz.fonts registers the machine's CJK font
#: with vl-convert, or the subset openviz ships when the machine has none.
FONT_FAMILY = "Noto Sans CJK SC"
#: The CSS font list of Chinese charts: Noto, then the Chinese fonts of Linux, macOS and
#: Windows, then openviz's own subset (so exports draw on any machine), then the browser's.
FONT = ", ".join(
    (
        FONT_FAMILY,
        "Noto Sans SC",
        "Source Han Sans SC",
        "PingFang SC",
        "Hiragino Sans GB",
        "Microsoft YaHei",
        "SimHei",
        "WenQuanYi Micro Hei",
        "WenQuanYi Zen Hei",
        "OpenViz CJK Subset",
        "sans-serif",
    )
)
#: The font of charts without CJK text: Liberation Sans ships inside vl-convert (so exports
#: need nothing installed) and has Arial's metrics, so browsers lay it out the same.
LATIN_FAMILY = "Liberation Sans"
LATIN_FONT = f"{LATIN_FAMILY}, Arial, Helvetica, sans-serif"


#: Text sizes in pixels per figure size: ``article`` suits a figure at article column width
#: (about 640 px wide at scale 1); ``presentation`` a projector seen from the back of a room
#: (no text under 16 px, cells and marks to match).
SIZES = {
    "article": {"title": 15, "subtitle": 11.5, "label": 11, "axis title": 11.5, "symbol": 140},
    "presentation": {"title": 26, "subtitle": 18, "label": 16, "axis title": 17, "symbol": 360},
}


def check_size(size: str) -> str:
    """Return ``size`` if it is a key of :data:`SIZES`; else raise ``ValueError``."""
    if size not in SIZES:
        msg = f"unknown size {size!r}; choose one of {', '.join(SIZES)}"
        raise ValueError(msg)
    return size


def config(cjk: bool = True, size: str = "article") -> dict:
    """Return the theme config with the CJK or the Latin font stack, at one of :data:`SIZES`."""
    font = FONT if cjk else LATIN_FONT
    px = SIZES[check_size(size)]
    # Axes and legends label alike.
    labels = {
        "labelFont": font,
        "titleFont": font,
        "labelFontSize": px["label"],
        "titleFontSize": px["axis title"],
        "titleFontWeight": "normal",
        "titleColor": "#333333",
    }
    return {
        "font": font,
        "background": "white",
        "padding": 10,
        "title": {
            "font": font,
            "fontSize": px["title"],
            "fontWeight": "bold",
            "color": "#111111",
            "anchor": "start",
            "offset": 8,
            "subtitleFont": font,
            "subtitleFontSize": px["subtitle"],
            "subtitleColor": "#444444",
            "subtitlePadding": 4,
        },
        "axis": {
            **labels,
            "labelColor": "#222222",
            "labelLimit": 240 if size == "article" else 400,
            "domainColor": "#999999",
            "tickColor": "#999999",
            "gridColor": "#E8E8E8",
        },
        "legend": {
            **labels,
            "labelLimit": 260 if size == "article" else 420,
            "orient": "top",
            "direction": "horizontal",
            "symbolType": "square",
            "symbolSize": px["symbol"],
            "symbolStrokeColor": "#999999",
            "symbolStrokeWidth": 0.5,
            "columnPadding": 12,
        },
        "header": {"labelFont": font, "titleFont": font, "labelFontSize": px["label"]},
        # Text marks only write codes, numbers and verdict glyphs and arrows in cells:
        # Liberation Sans has them all, and measuring it is several times faster.
        "text": {"font": LATIN_FONT},
        "view": {"stroke": None},
        "concat": {"spacing": 18},
    }


#: The registered theme's config (CJK font stack, so any text renders).
CONFIG = config(cjk=True)


def scale(statuses: list[str] | tuple[str, ...], labels: list[str] | None = None) -> alt.Scale:
    """Return a colour scale for status values in the shared palette.

    Parameters
    ----------
    statuses
        Status names (keys of :data:`STATUS_COLORS`), in legend order.
    labels
        The values the data carries for them (translated labels), when not the names.
    """
    return alt.Scale(
        domain=list(labels if labels is not None else statuses),
        range=[STATUS_COLORS[s] for s in statuses],
    )


@alt.theme.register("openviz", enable=False)
def _openviz_theme() -> alt.theme.ThemeConfig:
    return {"config": CONFIG}  # type: ignore[return-value]


def register() -> None:
    """Enable the openviz article theme for charts made outside the gallery."""
    alt.theme.enable("openviz")
