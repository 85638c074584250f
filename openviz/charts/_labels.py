"""Labels drawn on the charts: verdict glyphs, scores and level names, the default width."""

from __future__ import annotations

from openviz.records import Definition

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
