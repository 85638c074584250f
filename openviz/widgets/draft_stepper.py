"""The classroom's draft stepper: step through a definition's versions and see what changed."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w
import pandas as pd

from openviz.catalog import Catalog, load_catalog
from openviz.charts.verdict_matrix import verdict_matrix_encoded
from openviz.diff import describe, diff, treatments
from openviz.evaluate import evaluate
from openviz.i18n import text
from openviz.i18n import text as ui
from openviz.names import display_name
from openviz.records import Definition
from openviz.widgets._common import MessagePanel, guarded
from openviz.widgets._render import ChartView

__all__ = ["DraftStepper"]


class DraftStepper:
    """Step through the versions of a definition series and watch what changes.

    A slider (and previous / next buttons) picks a version; the matrix shows every version
    up to it, and a panel lists what the step changed (:func:`openviz.diff.diff`) and which
    models changed verdict.

    Parameters
    ----------
    catalog
        The catalogue; the shipped one when ``None``.
    series
        A lineage series name, e.g. ``osaid``, or the versions themselves, oldest first
        (``catalog.series("osaid")``).
    models
        Release ids; the curated collection when ``None``.
    lang
        ``en`` or ``zh``.
    size
        The chart's size: ``article`` or ``presentation`` (projector-sized).
    """

    def __init__(
        self,
        catalog: Catalog | None = None,
        series: str | Sequence[Definition | str] = "osaid",
        models: Sequence[str] | None = None,
        lang: str = "en",
        size: str = "article",
    ) -> None:
        self.catalog = catalog or load_catalog()
        self.lang = lang
        self.size = size
        self.models = list(models) if models is not None else None
        if isinstance(series, str):
            self.drafts = self.catalog.series(series)
        else:
            self.drafts = tuple(
                self.catalog.definition(d) if isinstance(d, str) else d for d in series
            )
        if not self.drafts:
            msg = f"no definitions in series {series!r}"
            raise KeyError(msg)
        self.messages = MessagePanel()
        self.slider = w.SelectionSlider(
            options=[(d.title(lang), d.id) for d in self.drafts],
            value=self.drafts[0].id,
            description=ui("draft heading", lang),
            continuous_update=False,
            layout=w.Layout(width="520px"),
            style={"description_width": "60px"},
        )
        self.slider.add_class("openviz-draft-slider")
        self.prev_button = w.Button(description=ui("previous", lang), icon="arrow-left")
        self.next_button = w.Button(description=ui("next", lang), icon="arrow-right")
        self.prev_button.add_class("openviz-draft-previous")
        self.next_button.add_class("openviz-draft-next")
        self.summary = w.HTML()
        self.summary.add_class("openviz-draft-summary")
        self.frame = pd.DataFrame()
        self.changes: pd.DataFrame | None = None
        self.flips: pd.DataFrame | None = None
        self.view = ChartView(*self._chart())
        self._describe()
        self.slider.observe(self._moved, names="value")
        self.prev_button.on_click(lambda _b: self.step(-1))
        self.next_button.on_click(lambda _b: self.step(+1))
        self.widget = w.VBox(
            [
                w.HBox([self.prev_button, self.slider, self.next_button]),
                self.summary,
                self.view.widget,
                self.messages.widget,
            ]
        )
        self.widget.add_class("openviz-draft-stepper")

    @property
    def index(self) -> int:
        """Position of the version shown, 0 for the oldest."""
        return [d.id for d in self.drafts].index(self.slider.value)

    @property
    def definition(self) -> Definition:
        """The version shown."""
        return self.drafts[self.index]

    def step(self, delta: int) -> None:
        """Move ``delta`` versions forward (or back); stops at either end."""
        i = min(max(self.index + delta, 0), len(self.drafts) - 1)
        self.slider.value = self.drafts[i].id

    @guarded
    def _moved(self, _change) -> None:
        self.view.update(*self._chart())
        self._describe()

    def _chart(self) -> tuple[dict, bytes]:
        shown = list(self.drafts[: self.index + 1])
        self.frame = evaluate(shown, self.models, catalog=self.catalog)
        self.prev_button.disabled = self.index == 0
        self.next_button.disabled = self.index == len(self.drafts) - 1
        return verdict_matrix_encoded(
            self.frame, lang=self.lang, catalog=self.catalog, definitions=shown, size=self.size
        )

    def _describe(self) -> None:
        lang = self.lang
        d = self.definition
        head = (
            f"<h4>{html.escape(d.title(lang))} <small>"
            f"{html.escape(ui('date and status', lang, date=d.date, status=text(d.status, lang)))}"
            "</small></h4>"
        )
        if self.index == 0:
            self.changes = self.flips = None
            self.summary.value = (
                head + f"<p>{html.escape(ui('first draft', lang, title=d.title(lang)))}</p>"
            )
            return
        before = self.drafts[self.index - 1]
        result = diff(before, d, self.models, catalog=self.catalog)
        asked_a, asked_b = treatments(before), treatments(d)
        self.changes, self.flips = result.requirements, result.models
        parts = [
            head,
            f"<b>{html.escape(ui('changes from', lang, a=before.title(lang), b=d.title(lang)))}"
            "</b>",
        ]
        if self.changes.empty:
            parts.append(f"<p>{html.escape(ui('no requirement change', lang))}</p>")
        else:
            rows = "".join(
                f"<tr><td>{html.escape(self._item(r.item))}</td>"
                f"<td>{html.escape(text(r.change, lang))}</td>"
                + "".join(
                    f"<td>{html.escape(describe(asked.get(r.item), lang, self.catalog))}</td>"
                    for asked in (asked_a, asked_b)
                )
                + "</tr>"
                for r in self.changes.itertuples()
            )
            head_row = "".join(
                f"<th>{html.escape(ui(k, lang))}</th>"
                for k in ("item", "change", "before", "after")
            )
            parts.append(f"<table class='openviz-diff'><tr>{head_row}</tr>{rows}</table>")
        parts.append(f"<b>{html.escape(ui('flips', lang))}</b>")
        if self.flips.empty:
            parts.append(f"<p>{html.escape(ui('no flips', lang))}</p>")
        else:
            items = "".join(
                f"<li>{html.escape(ui('flip', lang, name=r.name))}"
                f"{html.escape(text(r.verdict_a, lang))} → "
                f"<b>{html.escape(text(r.verdict_b, lang))}</b></li>"
                for r in self.flips.itertuples()
            )
            parts.append(f"<ul>{items}</ul>")
        self.summary.value = "".join(parts)

    def _item(self, item: str) -> str:
        if item.startswith("condition:"):
            name, _, kind = item.partition("=")
            if name == "condition:no-restrictions" and kind:
                return text(
                    "condition:no-restrictions=",
                    self.lang,
                    level=display_name(self.catalog, "restriction", kind, self.lang),
                )
            return item.partition(":")[2]
        try:
            return display_name(self.catalog, "component", item, self.lang)
        except KeyError:
            return item

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
