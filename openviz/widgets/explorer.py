"""The explorer: a definition picker, one switch per requirement, a live matrix, and reasons."""

from __future__ import annotations

import html
import tempfile
from collections.abc import Sequence
from pathlib import Path

import ipywidgets as w
import pandas as pd

from openviz.authoring import save_definition
from openviz.catalog import Catalog, definition_clash, load_catalog, read_definition
from openviz.charts.verdict_matrix import verdict_matrix_encoded
from openviz.evaluate import evaluate
from openviz.explain import explain
from openviz.i18n import text
from openviz.i18n import text as ui
from openviz.licenses import CATEGORIES
from openviz.names import display_name, family_names, part_name, requirement_name
from openviz.problems import CatalogError, Problem
from openviz.records import Definition
from openviz.widgets._common import (
    MessagePanel,
    css_name,
    guarded,
    picker_options,
    set_options,
)
from openviz.widgets._controls import STYLE, Chips, Group, LicenceChips
from openviz.widgets._render import ChartView
from openviz.widgets.reasons import reasons_html

__all__ = ["SELECTION", "Explorer", "reasons_html"]

#: Name of the chart's point selection (on the model field): a click picks a model.
SELECTION = "model_pick"


class Explorer:
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
            options=[("English", "en"), ("中文", "zh")],
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

        # save and load
        self.save_name = w.Text(placeholder="OSAID 1.0 without training code")
        self.save_path = w.Text(placeholder="my-definitions/my-osaid.yaml")
        self.save_overwrite = w.Checkbox(value=False, indent=False)
        self.save_button = w.Button(icon="save", button_style="primary")
        self.load_path = w.Text(placeholder="my-definitions/my-osaid.yaml")
        self.load_button = w.Button(icon="folder-open")
        self.save_heading, self.load_heading = w.HTML(), w.HTML()

        self.definition = cat.definition(definition)
        self.frame = pd.DataFrame()
        self._build_switches()
        self.view = ChartView(*self._chart())
        self.view.on_select(SELECTION, self._chart_clicked)
        self._refresh_models(model)
        self._relabel()

        self.collection_picker.observe(self._collection_changed, names="value")
        self.family_filter.observe(self._changed, names="value")
        self.language.observe(self._language_changed, names="value")
        self.definition_picker.observe(self._definition_changed, names="value")
        self.model_picker.observe(self._model_changed, names="value")
        self.reset_button.on_click(self._reset)
        self.save_button.on_click(self._save_clicked)
        self.load_button.on_click(self._load_clicked)
        self._show_reasons()

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

    def save(self, path: str | Path, name: str, *, overwrite: bool = False) -> Definition:
        """Save the current definition (toggles applied) as a YAML file, then load it.

        The file's name is the new definition's id. The file is checked before it is
        written (``openviz validate`` rules), so a bad id or name writes nothing.

        Returns
        -------
        Definition
            The definition read back from the file, now in the picker and the matrix.

        Raises
        ------
        ValueError, FileExistsError, OSError, CatalogError
            With a message for the user; the widgets show it in the message panel.
        """
        name = name.strip()
        if not name:
            raise ValueError(ui("need name", self.lang))
        if not str(path).strip():
            raise ValueError(ui("need path", self.lang))
        target = Path(str(path).strip()).expanduser()
        if target.suffix not in (".yaml", ".yml"):
            target = target.with_suffix(".yaml")
        self._check_clash(target.stem)
        # A dry run in a scratch folder: report problems before touching the user's file.
        with tempfile.TemporaryDirectory() as scratch:
            try:
                trial = save_definition(
                    self.definition, Path(scratch) / target.name, name=name, catalog=self.catalog
                )
                read_definition(trial, self.catalog)
            except CatalogError as error:
                raise CatalogError(
                    [
                        Problem(str(target), p.line, p.field, p.problem, p.expected)
                        for p in error.problems
                    ]
                ) from None
        if target.exists() and not overwrite:
            raise FileExistsError(ui("exists", self.lang, path=target))
        written = save_definition(
            self.definition, target, name=name, overwrite=overwrite, catalog=self.catalog
        )
        return self.load(written)

    def load(self, path: str | Path) -> Definition:
        """Read a definition file and show it in the picker and the matrix.

        Loading a file again (after saving over it) replaces the earlier version.

        Raises
        ------
        CatalogError
            Listing every problem in the file.
        ValueError
            When its id is that of a published definition.
        """
        if not str(path).strip():
            raise ValueError(ui("need path", self.lang))
        source = Path(str(path).strip()).expanduser()
        # The id is the file name (read_definition checks it); say the clash in the
        # explorer's language before the file is read.
        self._check_clash(source.stem)
        found = read_definition(source, self.catalog)
        self._check_clash(found.id)
        self.loaded[found.id] = found
        if found.id not in self.compare:
            self.compare.append(found.id)
        self._quiet = True
        try:
            self._relabel_picker()
        finally:
            self._quiet = False
        if self.definition.id == found.id:  # reloaded the one being edited
            self.definition = found
            self._build_switches()
        self._changed(None)
        return found

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

    @guarded
    def _reset(self, _button) -> None:
        self._quiet = True
        try:
            for node in self.published(self.definition.id).walk():
                if node.id in self.switches:
                    self.switches[node.id].value = node.enabled
                if node.id in self.license_pickers:
                    self.license_pickers[node.id].value = tuple(
                        c for c in CATEGORIES if c in (node.licenses or ())
                    )
        finally:
            self._quiet = False
        self._changed(None)

    @guarded
    def _save_clicked(self, _button) -> None:
        self.messages.clear()
        found = self.save(
            self.save_path.value, self.save_name.value, overwrite=self.save_overwrite.value
        )
        self.load_path.value = self.save_path.value
        self.messages.info(
            ui("saved", self.lang, name=found.name, path=found.path or self.save_path.value)
        )

    @guarded
    def _load_clicked(self, _button) -> None:
        self.messages.clear()
        found = self.load(self.load_path.value)
        self.messages.info(ui("loaded", self.lang, name=found.name, path=found.path))

    # -- building ---------------------------------------------------------------------------
    def _check_clash(self, definition_id: str) -> None:
        if definition_clash(self.catalog.definitions, definition_id):
            raise ValueError(ui("clash", self.lang, id=definition_id))

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

    def _build_switches(self) -> None:
        """One control per requirement, as it stands, in one collapsible group per part.

        A requirement with a licence set is one control: its checkbox, and under it one chip
        per licence category (greyed while the requirement, or a group above it, is off).
        """
        lang = self.lang
        self.switches.clear()
        self.license_pickers.clear()
        self._parents = {}
        self.groups = []
        rows: list[w.Widget] = []
        for heading, nodes in self._parts(self.definition, lang):
            if self.only is not None:
                nodes = [(n, 0) for n, _ in nodes if n.id in self.only]
            if not nodes:
                continue
            body = [self._requirement_control(node, depth) for node, depth in nodes]
            if heading:
                group = Group(heading, body)
                group.widget.add_class(f"openviz-group-{css_name(nodes[0][0].id)}")
                self.groups.append(group)
                rows.append(group.widget)
            else:
                rows.extend(body)
        for root in self.definition.roots():
            self._note_parents(root, ())
        self.switch_box.children = rows
        self._grey_licences()

    def _requirement_control(self, node, depth: int) -> w.Widget:
        lang = self.lang
        box = w.Checkbox(
            value=node.enabled,
            description=requirement_name(self.definition, node, lang),
            indent=False,
            tooltip=node.paraphrase,
            layout=w.Layout(margin=f"0 0 0 {depth * 18}px", width="auto"),
        )
        box.add_class(f"openviz-req-{css_name(node.id)}")
        box.observe(self._changed, names="value")
        self.switches[node.id] = box
        if node.licenses is None:
            return box
        chips = LicenceChips(
            [(display_name(self.catalog, "category", c, lang), c) for c in CATEGORIES],
            tuple(c for c in CATEGORIES if c in node.licenses),
            tooltips=_category_help(self.catalog),
            caption=ui("licenses", lang),
        )
        chips.widget.layout.margin = f"0 0 4px {depth * 18 + 22}px"
        chips.widget.add_class(f"openviz-licenses-{css_name(node.id)}")
        chips.observe(self._changed)
        self.license_pickers[node.id] = chips
        control = w.VBox([box, chips.widget])
        control.add_class("openviz-requirement")
        return control

    def _note_parents(self, node, above: tuple[str, ...]) -> None:
        self._parents[node.id] = above
        for child in node.children:
            self._note_parents(child, (*above, node.id))

    def _grey_licences(self) -> None:
        """Grey the licence chips of a requirement that is off, or under a group that is."""
        for rid, chips in self.license_pickers.items():
            chain = (*self._parents.get(rid, ()), rid)
            chips.disabled = any(not self.switches[r].value for r in chain if r in self.switches)

    @staticmethod
    def _parts(d: Definition, lang: str):
        """``(heading, [(node, depth)])`` per collapsible part of the controls.

        A level or dimension is a part; a yes/no definition's top requirement stands alone
        and each requirement group under it is a part.
        """
        if d.strategy.root_is_part:
            parts = d.strategy.parts(d)
            return [(part_name(p, lang), list(_walk(p.requirements))) for p in parts]
        root = d.requirements
        if root is None:
            return []
        out = [("", [(root, 0)])]
        loose = [c for c in root.children if not c.children]
        if loose:
            out.append(("", [(c, 1) for c in loose]))
        for child in root.children:
            if child.children:
                out.append((requirement_name(d, child, lang), list(_walk(child, 0))))
        return out

    def _apply_toggles(self) -> None:
        published = self.published(self.definition.id)
        switches = {
            node.id: "on" if box.value else "off"
            for node in published.walk()
            if (box := self.switches.get(node.id)) is not None and box.value != node.enabled
        }
        licenses = {
            rid: list(picker.value)
            for rid, picker in self.license_pickers.items()
            if frozenset(picker.value) != (published.requirement(rid).licenses or frozenset())
        }
        # Switches and license sets are separate toggles, even on the same requirement.
        self.definition = published.with_toggles(switches).with_toggles(licenses)

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
            titles=_unique_titles(defs, lang),
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
        table = explain(model, self.definition, catalog=self.catalog, lang=self.lang)
        self.reasons.value = reasons_html(table, self.lang)


def _category_help(catalog: Catalog) -> dict[str, str]:
    return {c["id"]: c.get("description", "") for c in catalog.license_data.get("categories", ())}


def _values(control: w.DOMWidget) -> list:
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def _walk(node, depth=0):
    yield node, depth
    for child in node.children:
        yield from _walk(child, depth + 1)


def _unique_titles(defs: Sequence[Definition], lang: str) -> dict[str, str]:
    """Column titles, marked ``*`` when toggled; a clash (custom name) gets its id added."""
    titles: dict[str, str] = {}
    seen: set[str] = set()
    for d in defs:
        title = d.title(lang) + (" *" if d.is_modified else "")
        if title in seen:
            title = f"{title} [{d.id}]"
        seen.add(title)
        titles[d.id] = title
    return titles


def changes_html(
    definition: Definition, published: Definition, catalog: Catalog, lang: str = "en"
) -> str:
    """Summarise what differs from the published definition (empty when nothing does)."""
    if not definition.toggles:
        return ""
    items = []
    for key, value in definition.toggles:
        rid = key.partition("#")[0]
        try:
            name = requirement_name(published, rid, lang)
        except KeyError:
            name = rid
        if isinstance(value, str):
            what = ui("switched " + value, lang)
        else:
            cats = ", ".join(display_name(catalog, "category", c, lang) for c in value) or text(
                "none", lang
            )
            what = f"{ui('licenses', lang)}: {cats}"
        items.append(
            f"<li><span title='{html.escape(rid, quote=True)}'>{html.escape(name)}</span>: "
            f"{html.escape(what)}</li>"
        )
    head = html.escape(ui("differs", lang, title=published.title(lang)))
    return (
        "<div class='openviz-differs' style='border-left:4px solid #E69F00;padding:2px 8px;"
        f"background:#FFF7E6'><b>{head}</b><ul style='margin:2px 0'>{''.join(items)}</ul></div>"
    )
