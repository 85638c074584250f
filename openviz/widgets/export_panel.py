"""Export a chart for an article: pick chart, definitions, language and size; preview; write."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import altair as alt
import ipywidgets as w

from openviz.catalog import Catalog, load_catalog
from openviz.charts import GALLERY, build
from openviz.export import FORMATS
from openviz.i18n import LANGUAGE_NAMES
from openviz.i18n import text as ui
from openviz.widgets._common import MessagePanel, guarded, picker_options, set_options
from openviz.widgets._render import ChartView

__all__ = [
    "SIZES",
    "ExportPanel",
    "build_chart",
    "definition_sets",
    "write_chart",
    "write_interactive",
]


#: Named figure widths in pixels; 0 lets the chart choose (an article column).
SIZES = {
    "chart default": 0,
    "narrow column (480)": 480,
    "article column (640)": 640,
    "full width (960)": 960,
    "slide (1280)": 1280,
}


def definition_sets(catalog: Catalog) -> dict[str, list[str]]:
    """Return named sets of definition ids, for the set picker."""
    defs = catalog.definitions.values()
    return {
        "OSAID 1.0, MOF, EU index, Open Weight": [
            d
            for d in ("osaid-1.0", "mof", "osai-index", "open-weight-definition")
            if d in catalog.definitions
        ],
        "OSAID drafts": [d.id for d in catalog.series("osaid")],
        # A verdict without levels: the yes/no kind.
        "yes/no definitions": [
            d.id for d in defs if d.strategy.has_verdict and not d.strategy.ranked
        ],
        "yes/no and levels": [d.id for d in defs if d.strategy.has_verdict],
        "all definitions": [d.id for d in defs],
    }


def build_chart(
    name: str,
    catalog: Catalog,
    definitions: Sequence[str],
    collection: str = "curated",
    lang: str = "en",
    width: int = 0,
) -> alt.TopLevelMixin:
    """Draw one gallery chart for these definitions, in ``lang``, ``width`` pixels wide."""
    options = {"width": width} if width else {}
    return build(name, catalog, list(definitions), lang=lang, collection=collection, **options)


def write_chart(
    chart: alt.TopLevelMixin,
    path: str | Path,
    fmt: str,
    scale: float = 2,
    *,
    force: bool = False,
) -> Path:
    """Write ``chart`` to ``path`` as ``fmt`` through :func:`openviz.export.export`.

    Offline, through vl-convert, with the chart's alt text in the file; ``scale`` multiplies
    the pixels of a PNG (2 suits print). The folder is created when missing; an
    existing file is replaced only with ``force``.
    """
    from openviz.export import export

    target = Path(path).expanduser()
    if fmt not in FORMATS:
        msg = f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    target.parent.mkdir(parents=True, exist_ok=True)
    # vl-convert ignores (and warns about) a PDF scale: only PNG gets one.
    return export(chart, target, fmt, scale=scale if fmt == "png" else 1, force=force)


def write_interactive(
    path: str | Path,
    catalog: Catalog,
    definitions: Sequence[str],
    collection: str = "curated",
    lang: str = "en",
    *,
    force: bool = False,
) -> Path:
    """Write the interactive verdict matrix page (:mod:`openviz.interactive`) to ``path``.

    One offline HTML file: a definition picker, requirement switches and licence choices,
    the matrix, the reasons behind each cell, and the data as CSV. The folder is created
    when missing; an existing file is replaced only with ``force``.
    """
    from openviz.export import export

    target = Path(path).expanduser()
    if target.suffix.lower() not in (".html", ".htm"):
        target = target.with_suffix(".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    return export(
        "verdict-matrix",
        target,
        "html",
        lang=lang,
        force=force,
        interactive=True,
        catalog=catalog,
        definitions=list(definitions),
        collection=collection,
    )


class ExportPanel:
    """Pick a chart, a definition set, a language and a size; preview it live; export it.

    Parameters
    ----------
    catalog
        The catalogue; the shipped one when ``None``.
    chart
        A gallery chart name (see :data:`openviz.charts.GALLERY`).
    definitions
        The starting set of definition ids (the first named set when ``None``).
    lang
        ``en`` or ``zh``.
    """

    def __init__(
        self,
        catalog: Catalog | None = None,
        chart: str = "verdict-matrix",
        definitions: Sequence[str] | None = None,
        lang: str = "en",
    ) -> None:
        self.catalog = catalog or load_catalog()
        cat = self.catalog
        self.lang = lang
        self.messages = MessagePanel()
        self._quiet = False
        self.sets = definition_sets(cat)
        first_set = next(iter(self.sets))
        chosen = list(definitions) if definitions else self.sets[first_set]
        if chart not in GALLERY:
            msg = f"unknown chart {chart!r}; choose one of {', '.join(GALLERY)}"
            raise KeyError(msg)
        self.chart_picker = w.Dropdown(options=list(GALLERY), value=chart)
        self.set_picker = w.Dropdown(
            options=[*((k, k) for k in self.sets), (ui("custom set", lang), "")],
            value=first_set if not definitions else "",
            style={"description_width": "initial"},
            layout=w.Layout(width="460px"),
        )
        self.definition_picker = w.SelectMultiple(
            options=picker_options(cat.definitions.values(), lang),
            value=tuple(chosen),
            rows=8,
            layout=w.Layout(width="600px"),
        )
        self.collection_picker = w.Dropdown(
            options=["curated", *[c for c in cat.collections if c != "curated"], "all"],
            value="curated",
        )
        self.language = w.ToggleButtons(
            options=[(name, code) for code, name in LANGUAGE_NAMES.items()],
            value=lang,
            style={"button_width": "80px"},
        )
        self.size_picker = w.Dropdown(options=list(SIZES), value="chart default")
        self.width = w.BoundedIntText(value=0, min=0, max=4000, step=10)
        self.scale = w.BoundedFloatText(value=2.0, min=0.5, max=4.0, step=0.5)
        self.format = w.ToggleButtons(options=list(FORMATS), value="svg")
        self.path = w.Text(value=self._default_path(), layout=w.Layout(width="420px"))
        self.force = w.Checkbox(value=False, indent=False)
        self.interactive = w.Checkbox(value=False, indent=False)
        self.interactive.add_class("openviz-export-interactive")
        self.export_button = w.Button(icon="download", button_style="primary")
        self.export_button.add_class("openviz-export-button")
        self._relabel()
        self.chart = build_chart(chart, cat, chosen, lang=lang)
        self.view = ChartView(self.chart)

        for control in (self.collection_picker, self.width):
            control.observe(self._changed, names="value")
        self.chart_picker.observe(self._chart_picked, names="value")
        self.language.observe(self._language_changed, names="value")
        self.set_picker.observe(self._set_picked, names="value")
        self.definition_picker.observe(self._definitions_picked, names="value")
        self.size_picker.observe(self._size_picked, names="value")
        self.format.observe(self._format_picked, names="value")
        self.interactive.observe(self._interactive_picked, names="value")
        self.export_button.on_click(self._export_clicked)

        controls = w.VBox(
            [
                w.HBox([self.chart_picker, self.collection_picker, self.language]),
                self.set_picker,
                self.definition_picker,
                w.HBox([self.size_picker, self.width, self.scale]),
                w.HBox([self.format, self.interactive]),
                w.HBox([self.path, self.force, self.export_button]),
                self.messages.widget,
            ]
        )
        self.widget = w.VBox([controls, self.view.widget])
        self.widget.add_class("openviz-export")

    # -- public -----------------------------------------------------------------------------
    def export(
        self, path: str | Path | None = None, fmt: str | None = None, *, force: bool | None = None
    ) -> Path:
        """Write the previewed chart; returns the file written.

        ``path``, ``fmt`` and ``force`` default to the panel's file, format and "replace"
        box. The format must be one of :data:`openviz.export.FORMATS`.
        """
        target = path if path is not None else self.path.value
        if not str(target).strip():
            raise ValueError(ui("need path", self.lang))
        if self.interactive.value:
            if self.chart_picker.value != "verdict-matrix":
                raise ValueError(ui("interactive only matrix", self.lang))
            chosen = list(self.definition_picker.value)
            if not chosen:
                raise ValueError(ui("need definitions", self.lang))
            return write_interactive(
                str(target).strip(),
                self.catalog,
                chosen,
                collection=self.collection_picker.value,
                lang=self.lang,
                force=self.force.value if force is None else force,
            )
        return write_chart(
            self.chart,
            str(target).strip(),
            fmt or self.format.value,
            scale=self.scale.value,
            force=self.force.value if force is None else force,
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # -- reactions --------------------------------------------------------------------------
    @guarded
    def _changed(self, _change=None) -> None:
        if self._quiet:
            return
        self.messages.clear()
        chosen = list(self.definition_picker.value)
        if not chosen:
            raise ValueError(ui("need definitions", self.lang))
        self.chart = build_chart(
            self.chart_picker.value,
            self.catalog,
            chosen,
            collection=self.collection_picker.value,
            lang=self.lang,
            width=self.width.value,
        )
        self.view.update(self.chart)

    @guarded
    def _chart_picked(self, change) -> None:
        entry = GALLERY[change["new"]]
        chosen = self.definition_picker.value
        first = self.catalog.definitions.get(chosen[0]) if chosen else None
        # A chart about one kind of definition (the spectrum needs a score) starts from its
        # own defaults when the current set does not fit it.
        if first is None or first.kind not in entry.kinds:
            self._quiet = True
            try:
                self.definition_picker.value = tuple(entry.defaults(self.catalog))
                self.set_picker.value = self._set_name()
            finally:
                self._quiet = False
        self.path.value = self._default_path()
        self._changed()

    @guarded
    def _language_changed(self, change) -> None:
        self.lang = change["new"]
        self._relabel()
        self._changed()

    @guarded
    def _set_picked(self, change) -> None:
        if self._quiet or not change["new"]:
            return
        self._quiet = True
        try:
            self.definition_picker.value = tuple(self.sets[change["new"]])
        finally:
            self._quiet = False
        self._changed()

    @guarded
    def _definitions_picked(self, _change) -> None:
        if self._quiet:
            return
        self._quiet = True
        try:
            self.set_picker.value = self._set_name()
        finally:
            self._quiet = False
        self._changed()

    @guarded
    def _size_picked(self, change) -> None:
        self.width.value = SIZES[change["new"]]  # observed: redraws

    @guarded
    def _format_picked(self, change) -> None:
        current = Path(self.path.value.strip() or self._default_path())
        self.path.value = str(current.with_suffix("." + change["new"]))

    @guarded
    def _interactive_picked(self, change) -> None:
        # The interactive page is an HTML file of the verdict matrix.
        if change["new"]:
            if self.chart_picker.value != "verdict-matrix":
                self.chart_picker.value = "verdict-matrix"
            self.format.value = "html"

    @guarded
    def _export_clicked(self, _button) -> None:
        self.messages.clear()
        written = self.export()
        size = written.stat().st_size
        pretty = f"{size / 1024:.1f} kB" if size >= 1024 else f"{size} B"
        self.messages.info(ui("exported", self.lang, path=written, size=pretty))

    # -- building ---------------------------------------------------------------------------
    def _set_name(self) -> str:
        chosen = tuple(self.definition_picker.value)
        return next((k for k, v in self.sets.items() if tuple(v) == chosen), "")

    def _relabel(self) -> None:
        lang = self.lang
        self._quiet = True
        try:
            set_options(
                self.definition_picker,
                picker_options(self.catalog.definitions.values(), lang),
                tuple(self.definition_picker.value),
            )
            set_options(
                self.set_picker,
                [*((k, k) for k in self.sets), (ui("custom set", lang), "")],
                self.set_picker.value,
            )
            for control, key in (
                (self.chart_picker, "chart"),
                (self.set_picker, "definition set"),
                (self.definition_picker, "definitions"),
                (self.collection_picker, "collection"),
                (self.size_picker, "size"),
                (self.width, "width"),
                (self.scale, "png scale"),
                (self.format, "format"),
                (self.path, "file"),
                (self.force, "overwrite"),
                (self.interactive, "interactive page"),
                (self.export_button, "export"),
            ):
                control.description = ui(key, lang)
        finally:
            self._quiet = False

    def _default_path(self) -> str:
        return f"exports/openviz-{self.chart_picker.value}.{self.format.value}"
