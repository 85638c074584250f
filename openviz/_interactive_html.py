"""The HTML of the interactive page: its style sheet, its elements, its data and script.

:func:`openviz.interactive.interactive_page` fills it; everything shown is escaped text.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from openviz.export._page import page_head, script_safe
from openviz.interactive import SCRIPT, embed_snippet


def render_page(data: Mapping, bundle: str, font: str, to_json) -> str:
    """Put the page together from its data, the Vega bundle and the script."""
    lang = data["lang"]
    title, alt_text = data["chart"]["title"], data["alt"]
    head = page_head(lang, alt_text, title)
    caption = [*data["caption"]["head"], *data["caption"]["tail"]]
    snippet = embed_snippet(data["fileName"], lang)
    script = script_safe(SCRIPT.read_text(encoding="utf-8"))
    t = data["text"]
    return f"""{head}
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
