"""Widgets for the classroom lesson: predict then reveal, compare side by side, step drafts."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w
import pandas as pd

from openviz.catalog import Catalog, load_catalog
from openviz.charts._common import score_text
from openviz.charts.verdict_matrix import verdict_matrix_encoded
from openviz.evaluate import evaluate
from openviz.i18n import text
from openviz.i18n import text as ui
from openviz.kinds import KINDS
from openviz.records import Definition
from openviz.widgets._common import MessagePanel, css_name, guarded
from openviz.widgets._render import ChartView
from openviz.widgets.draft_stepper import DraftStepper

__all__ = ["Comparison", "DraftStepper", "Prediction", "outcome"]

#: The four definitions of the lesson's opening question.
LESSON_DEFINITIONS = ("osaid-1.0", "mof", "osai-index", "open-weight-definition")
#: The three releases of the lesson: weights only, fully open, and "open weights" by name.
LESSON_MODELS = ("llama-3-8b", "olmo-7b", "mistral-nemo-12b")


def max_points(definition: Definition) -> float:
    """Return the most a release can score under a ``score`` definition.

    Dimensions switched off are not counted, as :func:`openviz.evaluate` leaves them out.
    """
    return definition.strategy.max_points(definition)


def outcome(row: pd.Series | object, definition: Definition) -> str:
    """Reduce one evaluation row to ``qualifies``, ``fails`` or ``cannot tell``.

    Binary and levels definitions give a verdict directly (a levels definition "qualifies"
    when the release reaches its lowest class). A score has no verdict: the lesson counts
    at least half of the possible points as qualifying, and says ``cannot tell`` when the
    unknown dimensions could still carry the release over that line.
    """
    if not definition.strategy.has_score:
        return str(row.verdict) or "cannot tell"
    half = max_points(definition) / 2
    if row.score >= half:
        return "qualifies"
    if row.score_max >= half:
        return "cannot tell"
    return "fails"


class Prediction:
    """A poll: predict, per definition, whether a model qualifies; then reveal the verdicts.

    Parameters
    ----------
    catalog
        The catalogue; the shipped one when ``None``.
    model
        The release the class predicts for.
    definitions
        Definition ids, one prediction each.
    models
        Releases shown in the revealed verdict matrix.
    lang
        ``en`` or ``zh``.
    size
        The chart's size: ``article`` or ``presentation`` (projector-sized).
    """

    def __init__(
        self,
        catalog: Catalog | None = None,
        model: str = "llama-3-8b",
        definitions: Sequence[str] = LESSON_DEFINITIONS,
        models: Sequence[str] = LESSON_MODELS,
        lang: str = "en",
        size: str = "article",
    ) -> None:
        self.catalog = catalog or load_catalog()
        self.lang = lang
        self.size = size
        self.model = self.catalog.release(model)
        self.definitions = [self.catalog.definition(d) for d in definitions]
        self.models = list(dict.fromkeys([model, *models]))
        self.messages = MessagePanel()
        self.frame = evaluate(self.definitions, self.models, catalog=self.catalog)
        mine = self.frame[self.frame.model == model]
        #: definition id -> what openviz says (qualifies, fails or cannot tell).
        self.actual = {
            d.id: outcome(mine[mine.definition == d.id].iloc[0], d) for d in self.definitions
        }
        self.choices: dict[str, w.ToggleButtons] = {}
        self.marks: dict[str, w.HTML] = {}
        rows = []
        for d in self.definitions:
            rule = (
                ui("score rule note", lang, rule=ui("score rule", lang))
                if d.strategy.has_score
                else ""
            )
            choice = w.ToggleButtons(
                options=[(text("qualifies", lang), "qualifies"), (text("fails", lang), "fails")],
                value=None,
                style={"button_width": "110px"},
            )
            choice.add_class(f"openviz-predict-{css_name(d.id)}")
            self.choices[d.id] = choice
            self.marks[d.id] = w.HTML()
            name = w.HTML(
                f"<b>{html.escape(d.title(lang))}</b>{html.escape(rule)}",
                layout=w.Layout(width="320px"),
            )
            rows.append(w.HBox([name, choice, self.marks[d.id]]))
        self.question = w.HTML(
            f"<h3>{html.escape(ui('predict', lang, model=self.model.name))}</h3>"
        )
        self.reveal_button = w.Button(
            description=ui("reveal", lang), icon="eye", button_style="warning"
        )
        self.reveal_button.on_click(self._reveal_clicked)
        self.tally = w.HTML()
        self.chart_box = w.VBox()
        self.view: ChartView | None = None
        self.revealed = False
        self.widget = w.VBox(
            [
                self.question,
                *rows,
                self.reveal_button,
                self.tally,
                self.chart_box,
                self.messages.widget,
            ]
        )
        self.widget.add_class("openviz-prediction")

    def reveal(self) -> int:
        """Show the verdicts beside the predictions and the matrix; return how many matched."""
        lang = self.lang
        right = 0
        for did, verdict in self.actual.items():
            guess = self.choices[did].value
            hit = guess == verdict
            right += hit
            sign = "✓" if hit else ("✗" if guess else html.escape(ui("no guess", lang)))
            said = html.escape(ui("actual said", lang, actual=ui("actual", lang)))
            self.marks[did].value = f"&nbsp;{sign} {said}<b>{html.escape(text(verdict, lang))}</b>"
        self.tally.value = (
            f"<p>{html.escape(ui('tally', lang, right=right, total=len(self.actual)))}</p>"
        )
        chart = verdict_matrix_encoded(
            self.frame,
            lang=lang,
            catalog=self.catalog,
            definitions=self.definitions,
            size=self.size,
        )
        if self.view is None:
            self.view = ChartView(*chart)
            self.chart_box.children = [self.view.widget]
        else:
            self.view.update(*chart)
        self.revealed = True
        return right

    @guarded
    def _reveal_clicked(self, _button) -> None:
        self.reveal()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class Comparison:
    """Several definitions side by side: the verdict matrix and a table of verdict, class, score.

    Matrix and table list the releases in one order, the most open first by the score
    definitions' scores (the lower bounds, then the upper ones), and write a score the
    same way in both, with its range and maximum (``4-5.5 / 12``).

    Parameters
    ----------
    catalog
        The catalogue; the shipped one when ``None``.
    definitions
        Definition ids to compare (for example OSAID 1.0, MOF and the EU index).
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
        definitions: Sequence[str] = ("osaid-1.0", "mof", "osai-index"),
        models: Sequence[str] | None = None,
        lang: str = "en",
        size: str = "article",
    ) -> None:
        self.catalog = catalog or load_catalog()
        self.lang = lang
        self.definitions = [self.catalog.definition(d) for d in definitions]
        self.frame = _most_open_first(evaluate(self.definitions, models, catalog=self.catalog))
        self.view = ChartView(
            *verdict_matrix_encoded(
                self.frame,
                lang=lang,
                catalog=self.catalog,
                definitions=self.definitions,
                size=size,
            )
        )
        self.table = w.HTML(self.table_html())
        self.widget = w.VBox([self.view.widget, self.table])
        self.widget.add_class("openviz-comparison")

    def table_html(self) -> str:
        """One row per model: each definition's verdict, class or score; best scores first."""
        lang = self.lang
        cells: dict[str, dict[str, str]] = {}
        names = {}
        for r in self.frame.itertuples():
            names[r.model] = r.name
            strategy = KINDS[r.kind]
            if strategy.has_score:
                d = self.catalog.definition(r.definition)
                value = score_text(r.score, r.score_max, max_points(d))
            elif strategy.ranked:
                value = self._level(r.definition, r.level) or text(r.verdict, lang)
            else:
                value = text(r.verdict, lang)
            cells.setdefault(r.model, {})[r.definition] = value
        models = list(names)  # the frame's order, the chart's
        head = "".join(
            f"<th>{html.escape(h)}</th>"
            for h in [text("model", lang), *(d.title(lang) for d in self.definitions)]
        )
        rows = "".join(
            f"<tr><td>{html.escape(names[m])}</td>"
            + "".join(f"<td>{html.escape(cells[m].get(d.id, ''))}</td>" for d in self.definitions)
            + "</tr>"
            for m in models
        )
        return f"<table class='openviz-comparison-table'><tr>{head}</tr>{rows}</table>"

    def _level(self, definition: str, level: str) -> str:
        """Return a level's label in the widget's language (the frame holds the English one)."""
        for lv in self.catalog.definition(definition).levels:
            if level and lv.label.get("en", lv.id) == level:
                return lv.label.get(self.lang) or level
        return level

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _most_open_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Order an evaluation frame's releases by their scores, highest first.

    The key is the sum of the score definitions' lower bounds, then of their upper bounds,
    then the name; the definitions keep their order. The verdict matrix lists releases in
    the frame's order, so the chart follows.
    """
    scored = frame[frame.kind.map(lambda k: KINDS[k].has_score)]
    low = scored.groupby("model").score.sum()
    high = scored.groupby("model").score_max.sum()
    names = frame.drop_duplicates("model").set_index("model").name
    ranked = sorted(names.index, key=lambda m: (-low.get(m, 0), -high.get(m, 0), names[m]))
    rank = {m: k for k, m in enumerate(ranked)}
    blocks = {d: k for k, d in enumerate(dict.fromkeys(frame.definition))}
    key = frame.definition.map(blocks) * len(rank) + frame.model.map(rank)
    return frame.iloc[key.argsort(kind="stable")].reset_index(drop=True)
