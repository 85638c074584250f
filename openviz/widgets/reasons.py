"""The reasons panel: the verdict line first, then each requirement's line in plain words."""

from __future__ import annotations

import html

import pandas as pd

from openviz.explain_text import shorten
from openviz.i18n import text

__all__ = ["EVIDENCE_WIDTH", "reasons_html"]

#: Characters of evidence shown before the rest is folded away.
EVIDENCE_WIDTH = 80

_COLOURS = {
    "met": "#0072B2",
    "partial": "#E69F00",
    "unmet": "#D55E00",
    "unknown": "#777777",
    "off": "#AAAAAA",
}


def reasons_html(table: pd.DataFrame, lang: str = "en") -> str:
    """Render an explanation (:func:`openviz.explain`) as HTML.

    The verdict row becomes a heading line; every requirement row shows its result and its
    line in plain words (name, result, fact), with the first evidence item linked (only
    http(s) links). Evidence longer than :data:`EVIDENCE_WIDTH` characters is cut at a
    word boundary with an ellipsis, and the whole text unfolds on a click. Every value is
    escaped.
    """
    verdict = table[table.kind == "verdict"]
    rows_of = table[table.kind != "verdict"]
    top = ""
    if len(verdict):
        v = verdict.iloc[0]
        top = (
            "<p class='openviz-verdict' style='font-weight:bold;margin:4px 0'>"
            f"{html.escape(str(v.plain))}</p>"
        )
    head = "".join(
        f"<th>{html.escape(text(h, lang))}</th>" for h in ("result", "requirement", "evidence")
    )
    rows = []
    for r in rows_of.itertuples():
        pad = "&nbsp;" * 3 * int(r.depth)
        colour = _COLOURS.get(r.result, "#333333")
        line = r.plain if isinstance(r.plain, str) and r.plain else f"{r.label}: {r.fact}"
        evidence = _evidence(str(r.evidence_url), str(r.evidence_shows))
        rows.append(
            f"<tr><td style='color:{colour};font-weight:bold'>"
            f"{html.escape(text(r.result, lang))}</td>"
            f"<td>{pad}{html.escape(str(line))}</td><td>{evidence}</td></tr>"
        )
    return f"{top}<table class='openviz-reasons'><tr>{head}</tr>{''.join(rows)}</table>"


def _evidence(url: str, shows: str) -> str:
    shows = " ".join(str(shows or "").split())
    short = shorten(shows, EVIDENCE_WIDTH)
    words = html.escape(short or url)
    if url.startswith(("https://", "http://")):
        link = (
            f'<a href="{html.escape(url, quote=True)}" target="_blank" '
            f'rel="noopener noreferrer">{words}</a>'
        )
    else:
        link = words if shows else html.escape(url)
    if short == shows:
        return link
    return f"<details><summary>{link}</summary>{html.escape(shows)}</details>"
