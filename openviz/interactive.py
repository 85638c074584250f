"""The interactive verdict matrix: one self-contained HTML page, no kernel, no network.

>>> from openviz.interactive import interactive_page
>>> html = interactive_page(lang="zh")  # doctest: +SKIP

``openviz export verdict-matrix --format html --interactive`` writes it. The reader picks a
definition, switches its requirements off (or optional ones on), widens or narrows the
licence categories it accepts, and the matrix redraws; a click on a cell lists the
requirements with the facts and evidence behind them.

The verdicts in the page come from the engine's own compiled rules. Every definition is
compiled as for :func:`openviz.evaluate` and handed to the page as data
(:meth:`openviz.rules.CompiledDefinition.program`), with the engine's lookup tables and the
releases' cell codes (:func:`openviz.rules.evaluator_tables`); the page's script
(``interactive.js``) is a small interpreter of that data, with no rule of any definition
written in it. ``tests/test_interactive_page.py`` checks in Chromium that the page and
:func:`openviz.evaluate` agree for every release under every definition and every
single-requirement toggle of OSAID 1.0 and the MOF.

Everything the page shows is data set as text (never parsed as HTML), inside a
``<script type="application/json">`` escaped so that nothing can close it; the page carries
the Content-Security-Policy of the static HTML export, which forbids every fetch.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

__all__ = ["SCRIPT", "embed_snippet", "interactive_page", "page_data"]

#: The page's script: the interpreter of the compiled rules, and the controls.
SCRIPT = Path(__file__).with_name("interactive.js")
#: The message the page posts to a parent window when its height changes (for the iframe).
HEIGHT_MESSAGE = "openviz-height"

# What the page's own controls say: the entries "page <key>" of openviz.i18n, handed to
# the script as templates (it fills the placeholders itself).
_PAGE_KEYS = (
    "definition",
    "requirements",
    "licenses",
    "reset",
    "differs",
    "switched off",
    "switched on",
    "licenses now",
    "none",
    "download",
    "pick hint",
    "reasons for",
    "embed",
    "embed help",
    "all of",
    "any of",
    "released yes",
    "released partial",
    "released no",
    "released unknown",
    "license",
    "no license",
    "no evidence",
    "error",
    "noscript",
    "embed title",
)
#: The page's words that say what the table already says under another key.
_SHARED = {
    "definition": "definition",
    "reset": "reset",
    "switched off": "switched off",
    "switched on": "switched on",
    "none": "none",
    "released yes": "yes",
    "released no": "no",
    "released partial": "status partial",
}


def page_data(
    catalog=None,
    definitions: Sequence[Any] | None = None,
    models: Sequence[Any] | None = None,
    *,
    collection: str | Sequence[str] = "curated",
    lang: str = "en",
    width: int | None = None,
    description: str | None = None,
    file_name: str = "verdict-matrix.html",
) -> dict:
    """Return everything the page needs, as JSON-ready data.

    Parameters
    ----------
    catalog
        The catalogue; the shipped one when ``None``.
    definitions
        Definition ids or objects shown (and offered in the picker); every definition of
        the catalogue when ``None``.
    models
        Release ids or objects; the ``collection`` when ``None``.
    collection, lang, width, description
        As for :func:`openviz.export.export`.
    file_name
        The page's file name, for the embed snippet and the CSV download's name.
    """
    from openviz import _interactive_data as parts
    from openviz.catalog import load_catalog
    from openviz.charts._common import CAPTION_SIZE, context
    from openviz.evaluate import _VERDICT_LABELS
    from openviz.i18n import check_lang, label
    from openviz.rules import evaluator_tables, release_table

    check_lang(lang)
    catalog = catalog or load_catalog()
    defs, rels = _chosen(catalog, definitions, models, collection)
    components = tuple(c.id for c in catalog.components)
    table = release_table(rels, components, catalog.licenses)
    spec = _page_spec(catalog, defs, rels, lang, width, description)
    alt_text = spec.get("description", "")
    spec["datasets"] = {"verdicts": []}  # the page computes the rows itself
    ctx = context(catalog, lang, None, defs, (), (), rels)
    caption = list(spec["usermeta"]["openviz"]["caption"])
    split = parts.caption_split(caption, lang)

    verdict_keys = [str(v) for v in _VERDICT_LABELS[:3]]
    pool: dict[str, int] = {}  # the distinct strings of the conditions' facts
    definitions_data = [
        parts.definition_data(d, components, table, ctx, lang, rels, pool) for d in defs
    ]
    return {
        "lang": lang,
        "fileName": file_name,
        "csvName": Path(file_name).with_suffix(".csv").name,
        "heightMessage": HEIGHT_MESSAGE,
        "engine": evaluator_tables(table),
        "verdicts": verdict_keys,
        **parts.results(verdict_keys, lang),
        **parts.paint(),
        **_page_words(ctx, lang),
        "caption": {"head": caption[:split], "tail": caption[split:], "size": CAPTION_SIZE},
        "categories": [
            [c, label(catalog, "category", c, lang)] for c in evaluator_tables()["categories"]
        ],
        "components": {c: label(catalog, "component", c, lang) for c in components},
        "licenses": parts.licenses(catalog, rels),
        "releases": [parts.release_data(rel, components) for rel in rels],
        "definitions": definitions_data,
        "pool": list(pool),
        "initial": next((d.id for d in defs if d.id == "osaid-1.0"), defs[0].id),
        # Compiled to Vega here, so that the browser draws at once (no Vega-Lite compile).
        "vega": _to_vega(spec),
        "chart": {
            "title": spec["usermeta"]["openviz"].get("title") or "openviz",
            "width": spec.get("width") or 0,
            "cjk": bool(spec["usermeta"]["openviz"].get("cjk")),
        },
        "alt": alt_text,
    }


def _page_spec(catalog, defs, rels, lang: str, width, description) -> dict:
    """Return the static verdict matrix's spec, whose drawing the page reuses."""
    from openviz.charts.verdict_matrix import verdict_matrix_spec
    from openviz.evaluate import evaluate
    from openviz.i18n import text

    frame = evaluate(defs, rels, catalog=catalog)
    return verdict_matrix_spec(
        frame,
        lang,
        catalog=catalog,
        definitions=defs,
        width=width,
        subtitle=[text("explorer subtitle", lang, n=len(rels))],
        description=description,
        every_status=True,
    )


def _chosen(catalog, definitions, models, collection) -> tuple[list, list]:
    """Return the page's definitions and releases; refuse a page with none of either."""
    from openviz.evaluate import resolve

    defs, rels = resolve(catalog, definitions, models, None, collection)
    if not defs:
        msg = "the interactive page needs at least one definition"
        raise ValueError(msg)
    if not rels:
        msg = "the interactive page needs at least one release"
        raise ValueError(msg)
    return defs, rels


def _page_words(ctx, lang: str) -> dict:
    """Return the words of the page's controls and reasons table, and its separators."""
    from openviz.i18n import template, text

    return {
        "semi": ctx.semi,
        "comma": ctx.comma,
        "colon": ctx.colon,
        "text": {key: template(_SHARED.get(key, "page " + key), lang) for key in _PAGE_KEYS},
        "columns": {key: text(key, lang) for key in ("requirement", "result", "fact", "evidence")},
        "captionModified": text("caption modified", lang, changes="{changes}"),
    }


def embed_snippet(file_name: str, lang: str = "en", height: int = 900) -> str:
    """Return HTML that embeds the page in an article: an ``<iframe>`` that takes its height.

    The page posts its height to the parent window (a ``message`` with ``type``
    ``openviz-height``); the small script sets the frame's height from it, so the frame
    grows and shrinks with the page (the start height holds until then, or without
    scripts).
    """
    from openviz.i18n import text

    title = text("page embed title", lang, title=text("verdict matrix title", lang))
    src = escape(file_name, quote=True)
    return (
        f'<iframe src="{src}" title="{escape(title, quote=True)}" loading="lazy" '
        f'style="width:100%;height:{int(height)}px;border:0"></iframe>\n'
        "<script>\n"
        'window.addEventListener("message", function (event) {\n'
        "  var data = event.data;\n"
        f'  if (!data || data.type !== "{HEIGHT_MESSAGE}") return;\n'
        '  document.querySelectorAll("iframe").forEach(function (frame) {\n'
        "    if (frame.contentWindow === event.source) {\n"
        '      frame.style.height = Math.ceil(data.height) + "px";\n'
        "    }\n"
        "  });\n"
        "});\n"
        "</script>\n"
    )


def interactive_page(*args: Any, **options: Any) -> str:
    """Return the interactive page as HTML text (see the module docstring).

    Parameters are those of :func:`page_data`.
    """
    from openviz._interactive_html import render_page
    from openviz.charts.theme import FONT, LATIN_FONT
    from openviz.export._page import _bundle, _json_for_script

    data = page_data(*args, **options)
    font = FONT if data["lang"] == "zh" or data["chart"]["cjk"] else LATIN_FONT
    return render_page(data, _bundle(), font, _json_for_script)


# The page takes what page_data takes: say so to help() and editors.
interactive_page.__signature__ = inspect.signature(page_data).replace(return_annotation="str")  # type: ignore[attr-defined]


def _to_vega(spec: Mapping) -> dict:
    """Compile a Vega-Lite spec to Vega with vl-convert (offline)."""
    import vl_convert as vlc

    compiled = vlc.vegalite_to_vega(dict(spec))
    return compiled if isinstance(compiled, dict) else json.loads(compiled)
