"""Text measurement for layout: widths, wrapping (also of CJK text), shortening."""

from __future__ import annotations

import re
import unicodedata

from openviz._caches import bounded

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
