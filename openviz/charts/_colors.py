"""The ramp for levels and scores, and text colours that read on any cell."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence

import altair as alt

from openviz._caches import bounded
from openviz.i18n import text

from .theme import RAMP, STATUS_COLORS, TEXT_DARK, scale

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


def verdict_color(statuses: Sequence[str], lang: str, **options: object) -> alt.Color:
    """Colour cells by their ``verdict_label``: the status palette, labelled in ``lang``.

    ``statuses`` are the statuses present, in legend order; ``options`` go to ``alt.Color``.
    """
    names = [text(s, lang) for s in statuses]
    palette = scale(list(statuses), names)
    return alt.Color("verdict_label:N", title=text("verdict", lang), scale=palette, **options)
