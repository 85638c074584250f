"""The explorer: a definition picker, one switch per requirement, a live matrix, and reasons."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w
import pandas as pd

from openviz.catalog import Catalog, load_catalog
from openviz.charts.verdict_matrix import verdict_matrix_encoded
from openviz.evaluate import evaluate
from openviz.explain import explain
from openviz.i18n import LANGUAGE_NAMES, text
from openviz.i18n import text as ui
from openviz.names import family_names
from openviz.records import Definition
from openviz.widgets._common import (
    MessagePanel,
    guarded,
    picker_options,
    set_options,
)
from openviz.widgets._controls import STYLE, Chips, Group, LicenceChips
from openviz.widgets._explorer_files import DefinitionFilesMixin
from openviz.widgets._explorer_html import changes_html, unique_titles
from openviz.widgets._explorer_switches import SwitchesMixin
from openviz.widgets._render import ChartView
from openviz.widgets.reasons import reasons_html

__all__ = ["SELECTION", "Explorer", "reasons_html"]

#: Name of the chart's point selection (on the model field): a click picks a model.
SELECTION = "model_pick"


class Explorer(SwitchesMixin, DefinitionFilesMixin):
    """Explore verdicts under every definition, toggling the requirements of one.

    Parameters
    ----------
    catalog
        The catalogue; the shipped one when ``None``.
    definition
        The definition whose requirements get switches.
    compare
        Definitions shown beside it in the matrix (default: all binary and levels ones).
    lang
        ``en`` or ``zh``.
    models
        A fixed list of model ids; hides the collection and family filters.
    switches
        Only these requirement ids get a switch (a focused explorer); all when ``None``.
    tools
        Show the "save as my definition" and "load definition file" boxes.
    model
        The model whose reasons are shown first (the first model shown if it is not).
    size
        The chart's size: ``article`` or ``presentation`` (projector-sized, for a class).

    Notes
    -----
    Every control change re-evaluates and hands the chart a new spec in place; the
    catalogue is never modified (toggles build new :class:`Definition` objects). Anything
    that goes wrong in a control shows in :attr:`messages`, never as a traceback.
    """

    def __init__(
        self,
        catalog: Catalog | None = None,
        definition: str = "osaid-1.0",
        compare: Sequence[str] | None = None,
        lang: str = "en",
        *,
        models: Sequence[str] | None = None,
        switches: Sequence[str] | None = None,
        tools: bool = True,
        model: str | None = "llama-3-8b",
        size: str = "article",
    ) -> None:
        self.catalog = catalog or load_catalog()
        cat = self.catalog
        self.lang = lang
        self.size = size
        self.compare = (
            list(compare)
            if compare
            else [d.id for d in cat.definitions.values() if d.strategy.has_verdict]
        )
        self.fixed_models = list(models) if models is not None else None
        self.only = list(switches) if switches is not None else None
        self.tools = tools
        #: Definitions read from files: id -> definition, shown beside the published ones.
        self.loaded: dict[str, Definition] = {}
        self.messages = MessagePanel()
        self._quiet = False
        self._box: w.Widget | None = None

        self.definition_picker = w.Dropdown(
            options=picker_options(cat.definitions.values(), lang),
            value=definition,
            layout=w.Layout(width="auto"),
            style={"description_width": "initial"},
        )
        self.definition_picker.add_class("openviz-definition-picker")
        self.language = w.ToggleButtons(
            options=[(name, code) for code, name in LANGUAGE_NAMES.items()],
            value=lang,
            style={"button_width": "80px"},
        )
        self.collection_picker = w.Dropdown(
            options=["curated", *[c for c in cat.collections if c != "curated"], "all"],
            value="curated",
        )
        self.family_filter = Chips(self._families())
        self.family_filter.add_class("openviz-family-filter")
        self.reset_button = w.Button(icon="undo", layout=w.Layout(width="auto"))
        self.changes = w.HTML()
        self.collection_picker.add_class("openviz-collection-picker")
        self.changes.add_class("openviz-changes")
        self.switches: dict[str, w.Checkbox] = {}
        self.license_pickers: dict[str, LicenceChips] = {}
        #: The collapsible parts of the switches (a level, a dimension, a requirement group).
        self.groups: list[Group] = []
        self.switch_box = w.VBox()
        self.switch_box.add_class("openviz-switches")
        self._parents: dict[str, tuple[str, ...]] = {}
        self.pick_hint = w.HTML()
        self.model_picker = w.Dropdown(layout=w.Layout(width="420px"))
        self.model_picker.add_class("openviz-model-picker")
        self.reasons = w.HTML()
        self.reasons.add_class("openviz-reasons-panel")

        self._make_file_tools()

        self.definition = cat.definition(definition)
        self.frame = pd.DataFrame()
        self._build_switches()
        self.view = ChartView(*self._chart())
        self.view.on_select(SELECTION, self._chart_clicked)
        self._refresh_models(model)
        self._relabel()

        self._connect()
        self._show_reasons()

    def _connect(self) -> None:
        """Make every control react (once all of them exist)."""
        self.collection_picker.observe(self._collection_changed, names="value")
        self.family_filter.observe(self._changed, names="value")
        self.language.observe(self._language_changed, names="value")
        self.definition_picker.observe(self._definition_changed, names="value")
        self.model_picker.observe(self._model_changed, names="value")
        self.reset_button.on_click(self._reset)
        self.save_button.on_click(self._save_clicked)
        self.load_button.on_click(self._load_clicked)

    # -- public -----------------------------------------------------------------------------
    @property
    def widget(self) -> w.Widget:
        """Return the whole explorer as one widget, ready to display (built once)."""
        if self._box is None:
            self._box = self._layout()
        return self._box

    def _layout(self) -> w.Widget:
        # The picker gets a row of its own, as wide as its longest label needs.
        controls = w.VBox([self.switch_box, self.reset_button])
        controls.add_class("openviz-controls")
        summary = w.VBox([self.changes])
        summary.add_class("openviz-summary")
        chart = w.VBox([self.view.widget])
        chart.add_class("openviz-chart-col")
        main = w.Box([controls, summary, chart])
        main.add_class("openviz-main")
        top = (
            [self.language]
            if self.fixed_models is not None
            else [self.collection_picker, self.family_filter.widget, self.language]
        )
        parts = [
            w.HTML(STYLE),
            w.HBox(top, layout=w.Layout(align_items="flex-start", flex_flow="row wrap")),
            self.definition_picker,
            main,
            self.pick_hint,
            self.model_picker,
            self.reasons,
        ]
        if self.tools:
            save_box = w.VBox(
                [
                    self.save_heading,
                    self.save_name,
                    self.save_path,
                    self.save_overwrite,
                    self.save_button,
                ],
                layout=w.Layout(width="460px", margin="0 24px 0 0"),
            )
            load_box = w.VBox(
                [self.load_heading, self.load_path, self.load_button],
                layout=w.Layout(width="460px"),
            )
            parts.append(w.HBox([save_box, load_box], layout=w.Layout(flex_flow="row wrap")))
        parts.append(self.messages.widget)
        box = w.VBox(parts)
        box.add_class("openviz-explorer")
        return box

    def toggles(self) -> dict[str, object]:
        """Return the current changes from the published definition, as applied toggles."""
        return dict(self.definition.toggles)

    def published(self, definition_id: str) -> Definition:
        """Return a definition as published (or as read from its file, for loaded ones)."""
        if definition_id in self.loaded:
            return self.loaded[definition_id]
        return self.catalog.definition(definition_id)

    def select_model(self, model: str) -> None:
        """Show the reasons for one model (by id or display name), as a chart click does."""
        if model not in self.catalog.releases:
            names = dict(zip(self.frame["name"], self.frame["model"], strict=False))
            if model not in names:
                msg = f"unknown model {model!r}"
                raise KeyError(msg)
            model = names[model]
        if model not in {v for _, v in self.model_picker.options}:
            msg = f"{model} is not among the models shown"
            raise KeyError(msg)
        self.model_picker.value = model

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # -- reactions --------------------------------------------------------------------------
    @guarded
    def _definition_changed(self, change) -> None:
        if self._quiet:
            return
        self.definition = self.published(change["new"])
        self._build_switches()
        self._changed(None)

    @guarded
    def _changed(self, _change) -> None:
        if self._quiet:
            return
        self._grey_licences()
        self._apply_toggles()
        self.view.update(*self._chart())  # first, so that the chart's message goes out first
        published = self.published(self.definition.id)
        self.changes.value = changes_html(self.definition, published, self.catalog, self.lang)
        self._refresh_models()
        self._show_reasons()

    @guarded
    def _collection_changed(self, _change) -> None:
        if self._quiet:
            return
        self._quiet = True
        try:  # offer the families of the models shown, keeping the ones still there
            set_options(self.family_filter, self._families(), tuple(self.family_filter.value))
        finally:
            self._quiet = False
        self._changed(None)

    @guarded
    def _language_changed(self, change) -> None:
        if self._quiet:
            return
        self.lang = change["new"]
        self._relabel()
        self._build_switches()
        self._changed(None)

    @guarded
    def _model_changed(self, _change) -> None:
        if not self._quiet:
            self._show_reasons()

    @guarded
    def _chart_clicked(self, points: list[dict]) -> None:
        # An empty selection (a click on the background, a redraw) keeps the current model.
        for point in points:
            model = point.get("model_id") or point.get("model")
            if model:
                self.select_model(str(model))
                return

    # -- building ---------------------------------------------------------------------------

    def _relabel_picker(self) -> None:
        set_options(
            self.definition_picker,
            picker_options(self.catalog.definitions.values(), self.lang, self.loaded.values()),
            self.definition_picker.value,
        )

    def _relabel(self) -> None:
        """Put every control's label in the current language."""
        lang = self.lang
        self._quiet = True
        try:
            self._relabel_picker()
            self.definition_picker.description = text("definition", lang)
            self.collection_picker.description = ui("collection", lang)
            set_options(
                self.collection_picker,
                [(ui(v, lang), v) for v in _values(self.collection_picker)],
                self.collection_picker.value,
            )
            self.family_filter.description = ui("families", lang)
            set_options(self.family_filter, self._families(), self.family_filter.value)
            self.reset_button.description = ui("reset", lang)
            self.model_picker.description = text("model", lang)
            self.pick_hint.value = f"<i>{html.escape(ui('pick hint', lang))}</i>"
            self.save_heading.value = (
                f"<b>{html.escape(ui('save title', lang))}</b><br>"
                f"<small>{html.escape(ui('save help', lang))}</small>"
            )
            self.load_heading.value = (
                f"<b>{html.escape(ui('load title', lang))}</b><br>"
                f"<small>{html.escape(ui('load help', lang))}</small>"
            )
            self.save_name.description = ui("name", lang)
            self.save_path.description = ui("file", lang)
            self.load_path.description = ui("file", lang)
            self.save_overwrite.description = ui("overwrite", lang)
            self.save_button.description = ui("save", lang)
            self.load_button.description = ui("load", lang)
        finally:
            self._quiet = False

    def _families(self) -> list[tuple[str, str]]:
        """``(name, family)`` for the families of the collection shown, by name."""
        names = family_names(self.catalog, self.lang)
        shown = {r.family for r in self.catalog.models(self.collection_picker.value)}
        return sorted(((names.get(f, f), f) for f in shown), key=lambda o: o[0].casefold())

    def _models(self) -> list[str]:
        if self.fixed_models is not None:
            return list(self.fixed_models)
        models = self.catalog.models(self.collection_picker.value)
        fams = set(self.family_filter.value)
        return [r.id for r in models if not fams or r.family in fams]

    def _definitions(self) -> list[Definition]:
        # The definition being edited comes first: on a narrow screen the chart scrolls
        # sideways rather than shrink its text, and the column a switch changes must be
        # the one in view.
        others = [self.published(d) for d in self.compare if d != self.definition.id]
        return [self.definition, *others]

    def _chart(self) -> tuple[dict, bytes]:
        lang = self.lang
        defs = self._definitions()
        models = self._models()
        self.frame = evaluate(defs, models, catalog=self.catalog)
        # The subtitle stays put while switches change (definitions are named on the axis
        # and in the source line), so that a toggle only swaps data into the drawn chart.
        return verdict_matrix_encoded(
            self.frame,
            lang=lang,
            titles=unique_titles(defs, lang),
            catalog=self.catalog,
            definitions=defs,
            subtitle=[ui("explorer subtitle", lang, n=len(models))],
            select=SELECTION,
            size=self.size,
        )

    def _refresh_models(self, wanted: str | None = None) -> None:
        models = self._models()
        names = {r.id: r.name for r in self.catalog.releases.values()}
        current = wanted or self.model_picker.value
        if current not in models:
            current = models[0] if models else None
        self._quiet = True
        try:
            set_options(self.model_picker, [(names[m], m) for m in models], current)
        finally:
            self._quiet = False

    def _show_reasons(self) -> None:
        model = self.model_picker.value
        if not model:
            self.reasons.value = ""
            return
        table = explain(self.definition, model, catalog=self.catalog, lang=self.lang)
        self.reasons.value = reasons_html(table, self.lang)


def _values(control: w.DOMWidget) -> list:
    return [o[1] if isinstance(o, tuple) else o for o in control.options]
