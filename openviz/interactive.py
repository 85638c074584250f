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
    "restricted",
    "unrestricted",
    "unsure",
    "access",
    "monetised",
    "systemic_risk",
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
}


#: Evidence text carried per fact: a reader sees the start of it beside the link, which leads
#: to the source itself (and the whole text would put the page over its size budget).
EVIDENCE_CHARS = 160


def _clip(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, marked with "…"."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"


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
    from openviz.catalog import load_catalog
    from openviz.charts._common import (
        CAPTION_SIZE,
        DASH,
        GLYPHS,
        RAMP_STEPS,
        RAMP_TABLE,
        STATUS_COLORS,
        context,
        ink,
        paint_cell,
    )
    from openviz.charts.verdict_matrix import verdict_matrix_spec
    from openviz.evaluate import _VERDICT_LABELS, RATINGS, evaluate, resolve
    from openviz.explain import _LUTS, RESULTS
    from openviz.i18n import check_lang, label, template, text
    from openviz.rules import compile_definition, evaluator_tables, release_table

    check_lang(lang)
    catalog = catalog or load_catalog()
    defs, rels = resolve(
        catalog,
        definitions if definitions is not None else None,
        models,
        None,
        collection,
    )
    if not defs:
        msg = "the interactive page needs at least one definition"
        raise ValueError(msg)
    if not rels:
        msg = "the interactive page needs at least one release"
        raise ValueError(msg)
    components = tuple(c.id for c in catalog.components)
    table = release_table(rels, components, catalog.licenses)
    frame = evaluate(defs, rels, catalog=catalog)
    spec = verdict_matrix_spec(
        frame,
        lang,
        catalog=catalog,
        definitions=defs,
        width=width,
        subtitle=[text("explorer subtitle", lang, n=len(rels))],
        description=description,
        every_status=True,
    )
    alt_text = spec.get("description", "")
    spec["datasets"] = {"verdicts": []}  # the page computes the rows itself
    ctx = context(catalog, lang, None, defs, (), (), rels)
    caption = list(spec["usermeta"]["openviz"]["caption"])
    cut = "\0"
    data_prefix = text("caption data", lang, date=cut, n=cut, collections=cut, newest=cut).split(
        cut
    )[0]
    split = next((i for i, line in enumerate(caption) if line.startswith(data_prefix)), 1)

    used_licenses = {f.license for r in rels for f in r.components.values() if f.license}
    licenses = {}
    for lic_id in sorted(used_licenses):
        lic = catalog.licenses.get(lic_id)
        if lic is not None:
            licenses[lic_id] = {"category": lic.category, "restrictions": list(lic.restrictions)}

    releases = []
    for rel in rels:
        urls: dict[str, int] = {"": 0}

        def first_evidence(fact, urls=urls) -> list:
            # [index of the url in the release's list, the start of what it shows]
            ev = fact.evidence[0] if fact.evidence else None
            if ev is None:
                return [0, ""]
            return [urls.setdefault(ev.url, len(urls)), _clip(ev.shows, EVIDENCE_CHARS)]

        facts = {}
        for cid, fact in rel.components.items():
            if cid in components:
                facts[cid] = [fact.value, fact.license, *first_evidence(fact)]
        release_facts = {
            name: [rel.fact(name).value, *first_evidence(rel.fact(name))]
            for name in ("access", "monetised", "systemic_risk")
        }
        releases.append(
            {
                "id": rel.id,
                "name": rel.name,
                "urls": list(urls),
                "facts": facts,
                "release": release_facts,
            }
        )

    out_defs = []
    for d in defs:
        compiled = compile_definition(d, components)
        nodes = {}
        names = {}
        for node in d.walk():
            info = {
                "component": node.component,
                "substitutes": list(node.substitutes),
                "condition": node.condition,
                "restrictions": list(node.restrictions),
                "scope": list(node.components),
                "level": node.level,
            }
            # Empty fields are left out (the page reads them with defaults): with the whole
            # catalogue the page must stay within its size budget.
            nodes[node.id] = {
                "title": node.title(lang),
                "paraphrase": node.paraphrase,
                **{k: v for k, v in info.items() if v},
            }
            names[node.id] = ctx.requirement(d, node.id)
        parts = [[p.id, d.strategy.part_title(d, p.id, lang)] for p in d.strategy.parts(d)]
        if d.strategy.rates_dimensions:
            for dim in d.dimensions:
                names.setdefault(dim.id, ctx.requirement(d, dim.id))
        out_defs.append(
            {
                "id": d.id,
                "kind": d.kind,
                "label": ctx.def_label(d),
                "title": d.title(lang),
                "picker": d.name if lang == "en" else (d.title(lang) + " — " + d.name),
                "program": compiled.program(table),
                "nodes": nodes,
                "names": names,
                "parts": parts,
                "credit": {
                    "closed": float(d.credit.get("closed", 0)),
                    "partial": float(d.credit.get("partial", 0.5)),
                    "open": float(d.credit.get("open", 1)),
                },
                # What each level's cell shows, as the static charts paint it: [cell, level,
                # share of the ramp, fill, ink] for level 1 (lowest) up.
                "paint": [
                    [shown[k] for k in ("cell", "level", "share", "fill", "ink")]
                    for shown in (
                        paint_cell("levels", "qualifies", rank, None, None, d, lang)
                        for rank in range(1, len(d.levels) + 1)
                    )
                ],
                "topCredit": float(max(d.credit.values(), default=1)),
            }
        )

    verdict_keys = [str(v) for v in _VERDICT_LABELS[:3]]
    return {
        "lang": lang,
        "fileName": file_name,
        "csvName": Path(file_name).with_suffix(".csv").name,
        "heightMessage": HEIGHT_MESSAGE,
        "engine": evaluator_tables(table),
        "verdicts": verdict_keys,
        "status": {s: text(s, lang) for s in (*verdict_keys, "no verdict")},
        "results": {r: text(r, lang) for r in RATINGS},
        # Each packed rating byte's result, as openviz.explain shows it: for yes/no and levels
        # definitions, and for graded (score, descriptive) ones.
        "resultOf": {
            graded: [RESULTS[int(code)] for code in _LUTS[flag]]
            for graded, flag in (("plain", False), ("graded", True))
        },
        "glyphs": dict(GLYPHS),
        "dash": DASH,
        # The level and score ramp, [fill, ink] at each step (charts._common.RAMP_TABLE).
        "ramp": [[c, ink(c)] for c in RAMP_TABLE],
        "rampSteps": RAMP_STEPS,
        "statusPaint": {s: [c, ink(c)] for s, c in STATUS_COLORS.items()},
        "semi": ctx.semi,
        "comma": ctx.comma,
        "colon": ctx.colon,
        "text": {key: template(_SHARED.get(key, "page " + key), lang) for key in _PAGE_KEYS},
        "columns": {key: text(key, lang) for key in ("requirement", "result", "fact", "evidence")},
        "captionModified": text("caption modified", lang, changes="{changes}"),
        "caption": {"head": caption[:split], "tail": caption[split:], "size": CAPTION_SIZE},
        "categories": [
            [c, label(catalog, "category", c, lang)] for c in evaluator_tables()["categories"]
        ],
        "components": {c: label(catalog, "component", c, lang) for c in components},
        "licenses": licenses,
        "releases": releases,
        "definitions": out_defs,
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


def interactive_page(
    catalog=None,
    definitions: Sequence[Any] | None = None,
    models: Sequence[Any] | None = None,
    *,
    collection: str | Sequence[str] = "curated",
    lang: str = "en",
    width: int | None = None,
    description: str | None = None,
    file_name: str = "verdict-matrix.html",
) -> str:
    """Return the interactive page as HTML text (see the module docstring).

    Parameters are those of :func:`page_data`.
    """
    from openviz.charts.theme import FONT, LATIN_FONT
    from openviz.export._metadata import _software
    from openviz.export._page import _CSP, _bundle, _json_for_script

    data = page_data(
        catalog,
        definitions,
        models,
        collection=collection,
        lang=lang,
        width=width,
        description=description,
        file_name=file_name,
    )
    font = FONT if lang == "zh" or data["chart"]["cjk"] else LATIN_FONT
    return render_page(data, _bundle(), font, _CSP, _json_for_script, _software())


def _to_vega(spec: Mapping) -> dict:
    """Compile a Vega-Lite spec to Vega with vl-convert (offline)."""
    import vl_convert as vlc

    compiled = vlc.vegalite_to_vega(dict(spec))
    return compiled if isinstance(compiled, dict) else json.loads(compiled)


def render_page(data: Mapping, bundle: str, font: str, csp: str, to_json, software: str) -> str:
    """Put the page together from its data, the Vega bundle and the script."""
    lang = data["lang"]
    title = data["chart"]["title"]
    alt_text = data["alt"]
    caption = [*data["caption"]["head"], *data["caption"]["tail"]]
    snippet = embed_snippet(data["fileName"], lang)
    script = SCRIPT.read_text(encoding="utf-8")
    script = script.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")
    html_lang = "zh-Hans" if lang == "zh" else "en"
    t = data["text"]
    return f"""<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{escape(alt_text)}">
<meta name="generator" content="{escape(software)}">
<title>{escape(title)}</title>
<style>
body {{ margin: 16px; font-family: {font}; color: #1a1a1a; background: #fff; font-size: 14px; }}
.openviz-page {{ display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }}
#openviz-controls {{ flex: 0 1 340px; min-width: 260px; }}
#openviz-main {{ flex: 1 1 560px; min-width: 0; overflow-x: auto; }}
#openviz-controls label.openviz-switch {{ display: block; margin: 2px 0; }}
#openviz-controls details {{ font-size: 12px; margin-bottom: 4px; color: #333; }}
#openviz-controls fieldset {{ border: 0; margin: 0; padding: 0 0 0 14px; }}
#openviz-controls fieldset label {{ display: inline-block; margin-right: 8px; }}
#openviz-controls h3 {{ font-size: 13px; margin: 10px 0 2px; }}
#openviz-switches {{ max-height: 70vh; overflow: auto; }}
select, button {{ font: inherit; }}
#openviz-changes:not(:empty) {{ border-left: 4px solid #E69F00; padding: 2px 8px;
  background: #FFF7E6; margin: 6px 0; }}
#openviz-reasons table {{ border-collapse: collapse; font-size: 12px; }}
#openviz-reasons td, #openviz-reasons th {{ border-bottom: 1px solid #ddd; padding: 2px 6px;
  text-align: left; vertical-align: top; }}
.openviz-alt {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
.openviz-error {{ color: #a00; }}
#openviz-modified {{ font-size: 10px; color: #555; margin: 0 0 4px; }}
details pre {{ white-space: pre-wrap; font-size: 12px; background: #f6f6f6; padding: 6px; }}
</style>
<script>{bundle}</script>
</head>
<body>
<div class="openviz-page">
<div id="openviz-controls">
<label>{escape(t["definition"])} <select id="openviz-definition"></select></label>
<button type="button" id="openviz-reset">{escape(t["reset"])}</button>
<div id="openviz-changes" aria-live="polite"></div>
<p><small>{escape(t["requirements"])}</small></p>
<div id="openviz-switches"></div>
</div>
<div id="openviz-main">
<figure role="group" aria-labelledby="openviz-title" aria-describedby="openviz-alt"
 style="margin:0">
<h1 id="openviz-title" class="openviz-alt">{escape(title)}</h1>
<div id="openviz-chart"></div>
<p id="openviz-modified" aria-hidden="true"></p>
<p id="openviz-alt" class="openviz-alt">{escape(alt_text)}</p>
<figcaption id="openviz-source" class="openviz-alt">{escape(" ".join(caption))}</figcaption>
</figure>
<noscript><p>{escape(t["noscript"])}</p><p>{escape(alt_text)}</p>
<p>{escape(" ".join(caption))}</p></noscript>
<p><a id="openviz-csv" href="#" download="{escape(data["csvName"], quote=True)}">
{escape(t["download"])}</a></p>
<p><i>{escape(t["pick hint"])}</i></p>
<div id="openviz-reasons" aria-live="polite"></div>
<details id="openviz-embed"><summary>{escape(t["embed"])}</summary>
<p>{escape(t["embed help"])}</p>
<pre>{escape(snippet)}</pre></details>
</div>
</div>
<script type="application/json" id="openviz-data">{to_json(dict(data))}</script>
<script>{script}</script>
</body>
</html>
"""
