"""The live chart widget: a Vega-Lite spec drawn in the front end, its data swapped in place.

Altair's ``JupyterChart`` draws the whole chart again for every new spec, which takes a
few hundred milliseconds in the browser and needs an Altair chart object (hundreds more
in the kernel). ``LiveChart`` takes a plain spec, and its front end (``live.js``) swaps a
new spec's data and source line into the running view when nothing else changed.
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from pathlib import Path

import anywidget
import traitlets

from openviz._caches import bounded
from openviz._files import write_atomic

_SOURCE = Path(__file__).with_name("live.js")


@bounded("widget-bundle", maxsize=1)
def bundle() -> str:
    """Return the front end with Vega, Vega-Lite and vega-embed bundled in (no CDN).

    vl-convert builds the bundle (a second or two), so it is built once per process and
    kept on disk, keyed by the versions and the source, for the next one.
    """
    import vl_convert as vlc

    source = _SOURCE.read_text(encoding="utf-8")
    key = hashlib.sha256(f"{version('vl-convert-python')}\n{source}".encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "openviz"
    path = cache / f"live-{key}.js"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    built = vlc.javascript_bundle(source)
    try:  # a cache that cannot be written only costs the next process the same build
        cache.mkdir(parents=True, exist_ok=True)
        write_atomic(path, built, replace=True)
    except OSError:
        pass
    return built


class LiveChart(anywidget.AnyWidget):
    """A chart slot in the notebook: set ``spec`` and ``datasets`` to show a Vega-Lite spec.

    Attributes
    ----------
    spec
        The Vega-Lite spec shown, without its top-level ``datasets`` (a dict), or ``None``.
    datasets
        The spec's top-level datasets as UTF-8 JSON (``{name: [records]}``). Bytes travel to
        the front end as a binary buffer, which the kernel neither walks nor encodes again:
        the data is most of a chart's size.
    embed_options
        Options for vega-embed (the renderer, actions).
    selection
        Name of a point selection in the spec whose clicks are reported in ``picked``.
    picked
        The points picked in that selection: one dict of its fields per point.
    draws, updates
        How many times the front end drew the chart anew, and swapped data into it.
    error
        The front end's last error drawing the chart (empty when it drew).
    """

    _esm = ""  # set by prepare(): the bundle is built on first use, not at import
    spec = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    datasets = traitlets.Bytes(b"{}").tag(sync=True)
    embed_options = traitlets.Dict().tag(sync=True)
    selection = traitlets.Unicode("").tag(sync=True)
    picked = traitlets.List().tag(sync=True)
    draws = traitlets.Int(0).tag(sync=True)
    updates = traitlets.Int(0).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)


def prepare() -> None:
    """Give :class:`LiveChart` its front end (build or read the bundle)."""
    if not LiveChart._esm:
        LiveChart._esm = bundle()
