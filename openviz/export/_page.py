"""The offline HTML page of a static chart: the Vega bundle and the spec inline."""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape

from openviz._caches import bounded
from openviz.export._metadata import _meta, _needs_cjk, _software, _title


@bounded("export-bundle", maxsize=1)
def _bundle() -> str:
    import vl_convert as vlc

    return script_safe(vlc.javascript_bundle())


def script_safe(code: str) -> str:
    r"""Return script ``code`` fit to inline in a ``<script>`` element.

    The sequence ``</script`` would end the element early, so it is written ``<\/script``.
    """
    return code.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")


def _json_for_script(value: object) -> str:
    """Serialise JSON so that no text in it can close or alter the ``<script>`` holding it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, safe in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, safe)
    return text


_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'"
)


def page_head(lang: str, description: str, title: str) -> str:
    """Return the start of an exported page, through its title.

    The language, the policy that forbids every fetch, the viewport, the alt text as the
    page's description, and the software that wrote it: what every page openviz writes
    (the static chart, the interactive page) opens with.
    """
    return f"""<!DOCTYPE html>
<html lang="{"zh-Hans" if lang == "zh" else "en"}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{escape(description)}">
<meta name="generator" content="{escape(_software())}">
<title>{escape(title)}</title>"""


def _html(spec: Mapping, alt_text: str) -> str:
    """Write a standalone page: the Vega bundle and the spec inline, nothing fetched."""
    from openviz.charts.theme import FONT, LATIN_FONT

    meta = _meta(spec)
    font = FONT if _needs_cjk(spec) else LATIN_FONT
    caption = " ".join(meta.get("caption", []))
    title = _title(spec)
    head = page_head(meta.get("lang", "en"), alt_text, title)
    return f"""{head}
<style>
body {{ margin: 16px; font-family: {font}; color: #1a1a1a; background: #fff; }}
@media (max-width: 480px) {{ body {{ margin: 4px; }} }}
figure {{ margin: 0; }}
/* The chart fills the width it is given (a phone, an article column, an iframe) and keeps
   its proportions through the drawing's viewBox; the script caps it at twice its size. */
#openviz-chart, #openviz-chart .vega-embed {{ display: block; width: 100%; }}
#openviz-chart svg {{ display: block; width: 100%; height: auto; }}
.openviz-alt {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
.openviz-error {{ color: #a00; }}
</style>
<script>{_bundle()}</script>
</head>
<body>
<figure role="group" aria-labelledby="openviz-title" aria-describedby="openviz-alt">
<h1 id="openviz-title" class="openviz-alt">{escape(title)}</h1>
<div id="openviz-chart"></div>
<p id="openviz-alt" class="openviz-alt">{escape(alt_text)}</p>
<noscript><p>{escape(alt_text)}</p><p>{escape(caption)}</p></noscript>
</figure>
<script type="application/json" id="openviz-spec">{_json_for_script(dict(spec))}</script>
<script>
(function () {{
  var spec = JSON.parse(document.getElementById("openviz-spec").textContent);
  vegaEmbed("#openviz-chart", spec, {{renderer: "svg", actions: false}}).then(function () {{
    var svg = document.querySelector("#openviz-chart svg");
    var box = svg && svg.viewBox && svg.viewBox.baseVal;
    if (box && box.width) {{ svg.style.maxWidth = 2 * box.width + "px"; }}
  }}).catch(function (err) {{
    var box = document.getElementById("openviz-chart");
    box.className = "openviz-error";
    box.textContent = "The chart could not be drawn: " + err;
  }});
}})();
</script>
</body>
</html>
"""


# -- helpers: writing ----------------------------------------------------------------------------
