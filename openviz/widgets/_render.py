"""Show a chart in a notebook: a live Vega widget, or static SVG where no front end runs."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping

import altair as alt
import ipywidgets as w

from ._live import LiveChart
from ._live import prepare as _prepare_live

RENDER_ENV = "OPENVIZ_RENDER"

#: Vega's SVG renderer: crisp text, and every mark carries an aria-label naming its data.
EMBED_OPTIONS = {"renderer": "svg"}

Spec = Mapping[str, object]


def mode() -> str:
    """Return ``widget`` (interactive, default) or ``svg`` (headless runs, set by the env var)."""
    return "svg" if os.environ.get(RENDER_ENV, "").lower() == "svg" else "widget"


def prepare() -> None:
    """Build the offline Vega bundle now, before any chart is shown (widget mode only).

    Building takes a second or two the first time (later processes read it from disk).
    Every chart widget calls this itself; calling it early moves that work out of the cell
    that first displays a chart. Importing :mod:`openviz.widgets` does not call it.
    """
    if mode() == "widget":
        _prepare_live()


class ChartView:
    """A chart slot that updates in place: the same widget gets a new spec, no new output.

    In a live front end, a new spec that only changes the data and the source line is
    swapped into the drawn chart (see :class:`openviz.widgets._live.LiveChart`).

    Parameters
    ----------
    chart, data
        The first chart to show, as for :meth:`update`.
    """

    def __init__(self, chart: alt.TopLevelMixin | Spec, data: bytes | None = None) -> None:
        self.mode = mode()
        self._on_select: list[Callable[[list[dict]], None]] = []
        if self.mode == "widget":
            prepare()
            self.widget = LiveChart(embed_options=dict(EMBED_OPTIONS))
            self.widget.observe(self._picked, names="picked")
        else:
            self.widget = w.HTML()
        self.widget.add_class("openviz-chart")
        self.update(chart, data)

    @property
    def spec(self) -> dict:
        """The Vega-Lite spec shown, with its datasets."""
        return {**self._spec, "datasets": json.loads(self._data)}

    def update(self, chart: alt.TopLevelMixin | Spec, data: bytes | None = None) -> None:
        """Show ``chart`` (an Altair chart or a Vega-Lite spec) in place of the current one.

        ``data``, when given, holds the spec's datasets already encoded as UTF-8 JSON
        (``{name: [records]}``), and ``chart`` is a spec without them.
        """
        spec = dict(chart) if isinstance(chart, Mapping) else chart.to_dict()
        datasets = spec.pop("datasets", {})
        if data is None:
            data = json.dumps(datasets, ensure_ascii=False).encode("utf-8")
        self._spec, self._data = spec, data
        if self.mode == "widget":
            with self.widget.hold_sync():  # one message: the front end sees both at once
                self.widget.spec = spec
                self.widget.datasets = data
        else:
            import vl_convert as vlc

            self.widget.value = vlc.vegalite_to_svg(self.spec)

    def on_select(self, name: str, callback: Callable[[list[dict]], None]) -> None:
        """Call ``callback(points)`` when the user clicks a point of selection param ``name``.

        ``points`` holds one dict of the selection's fields per picked point (empty when
        cleared). One selection per view; static SVG has no clicks, so nothing is ever
        called in that mode.
        """
        self._on_select.append(callback)
        if self.mode == "widget":
            self.widget.selection = name

    def _picked(self, change) -> None:
        for callback in self._on_select:
            callback(list(change["new"]))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
