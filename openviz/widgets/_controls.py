"""The explorer's building blocks: licence chips, collapsible groups, and its stylesheet."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as w

__all__ = ["STYLE", "Chips", "Group", "LicenceChips"]

#: Width from which the chart sits beside the controls (below it, the chart comes first).
SIDE_BY_SIDE = 1280

# One stylesheet for every explorer on the page. The layout is CSS, not ipywidgets Layout
# properties (those are inline styles, which a media query cannot override). On a wide
# screen the switches (scrolling on their own, so a click never scrolls the chart away)
# and under them the summary of changes sit beside the chart. The chart keeps its size (a
# chart scaled into its column had 6-8 px text at 1366 px) and scrolls sideways in its
# column; the edited definition is its first column, always in view. On a narrow screen:
# the chart, the summary, then the switches.
STYLE = f"""<style>
.openviz-explorer .openviz-main {{display: grid; gap: 8px 14px; width: 100%;
  grid-template-columns: minmax(0, 1fr); grid-template-areas: "chart" "summary" "controls";
  align-items: start}}
.openviz-explorer .openviz-main > .openviz-chart-col {{grid-area: chart; min-width: 0}}
.openviz-explorer .openviz-main > .openviz-summary {{grid-area: summary; min-width: 0}}
.openviz-explorer .openviz-main > .openviz-controls {{grid-area: controls; min-width: 0}}
.openviz-explorer .openviz-chart-col {{overflow-x: auto}}
.openviz-explorer .openviz-chart-col .openviz-chart,
.openviz-explorer .openviz-chart-col .vega-embed {{display: block}}
.openviz-explorer .openviz-switches > *, .openviz-explorer .openviz-group > *,
.openviz-explorer .openviz-group-body > *, .openviz-explorer .openviz-requirement > *
  {{flex-shrink: 0}}
@media (min-width: {SIDE_BY_SIDE}px) {{
  .openviz-explorer .openviz-main {{grid-template-columns: 360px minmax(0, 1fr);
    grid-template-rows: auto 1fr; grid-template-areas: "controls chart" "summary chart"}}
  .openviz-explorer .openviz-switches {{max-height: max(280px, 50vh); overflow-y: auto;
    padding-right: 6px}}
  .openviz-explorer .openviz-main > .openviz-chart-col {{position: sticky; top: 0}}
  /* Sticky needs every box up to the page's scroller to let it out (widget boxes and
     JupyterLab's output area clip by default). */
  .openviz-explorer, .openviz-explorer .openviz-main,
  .jp-OutputArea-output:has(> .openviz-explorer),
  .jp-OutputArea-child:has(.openviz-explorer) {{overflow: visible !important}}
}}
.openviz-explorer .openviz-definition-picker {{width: auto; max-width: 100%}}
.openviz-explorer .openviz-definition-picker select {{flex: 0 1 auto; width: auto;
  max-width: 100%}}
.openviz-explorer .openviz-group-head {{width: 100%; text-align: left; font-weight: bold;
  background: #F2F2F2; border: 0; border-bottom: 1px solid #CCCCCC; margin-top: 6px}}
.openviz-explorer .openviz-requirement {{margin: 1px 0}}
.openviz-explorer .openviz-chips {{flex-wrap: wrap; gap: 3px; margin: 0 0 4px 22px}}
.openviz-explorer .openviz-chips-caption {{margin-right: 4px; color: #333333}}
.openviz-explorer .openviz-chips .openviz-chip {{width: auto; height: 24px; padding: 0 8px;
  font-size: 12px; border-radius: 12px; border: 1px solid #767676; background: #FFFFFF;
  color: #222222; box-shadow: none}}
.openviz-explorer .openviz-chips .openviz-chip.mod-active {{background: #0072B2;
  border-color: #0072B2; color: #FFFFFF; font-weight: bold}}
.openviz-explorer .openviz-chips .openviz-chip:disabled {{opacity: 0.4; cursor: not-allowed}}
/* With every collection shown there are a few hundred families: the chips scroll. */
.openviz-explorer .openviz-family-filter {{margin: 0 8px 4px 0; max-height: 84px;
  overflow-y: auto; flex: 1 1 420px; min-width: 0}}
</style>"""


class Chips:
    """Pick any number of choices with one click each (no Ctrl-click).

    A row of toggle chips, one per choice; a chosen chip is filled and ticked. It behaves
    like a ``SelectMultiple`` where the explorer uses it: ``value`` is the tuple of chosen
    choices (settable), ``options`` the ``(label, value)`` pairs (settable: the chips are
    rebuilt, keeping the chosen ones still offered), :meth:`observe` calls back with
    ``{"old", "new"}`` once per change, ``description`` is the caption, and ``disabled``
    greys every chip. Licence sets and the family filter are both chips.

    Parameters
    ----------
    options
        ``(label, value)`` pairs, in display order.
    value
        The choices chosen at first.
    tooltips
        A hover text per choice.
    caption
        What the chips choose, shown before them ("Accepted licenses").
    """

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        value: Sequence[str] = (),
        tooltips: dict[str, str] | None = None,
        caption: str = "",
    ) -> None:
        self.buttons: dict[str, w.ToggleButton] = {}
        self._tooltips = tooltips or {}
        self.caption = w.HTML()
        self.caption.add_class("openviz-chips-caption")
        self.widget = w.HBox([self.caption])
        self.widget.add_class("openviz-chips")
        self._callbacks: list[Callable[[dict], None]] = []
        self._muted = False
        self._off = False
        self.description = caption
        self._build(options, value)
        self._last = self.value

    def _build(self, options: Sequence[tuple[str, str]], value: Sequence[str]) -> None:
        self.buttons = {}
        for name, choice in options:
            chip = w.ToggleButton(
                value=choice in value,
                description=name,
                tooltip=self._tooltips.get(choice, name),
                disabled=self._off,
                layout=w.Layout(width="auto"),
            )
            chip.add_class("openviz-chip")
            chip.add_class(f"openviz-chip-{choice}")
            self._mark(chip)
            chip.observe(self._clicked, names="value")
            self.buttons[choice] = chip
        self.widget.children = (self.caption, *self.buttons.values())

    @property
    def description(self) -> str:
        """The caption before the chips (empty for none)."""
        return self._caption

    @description.setter
    def description(self, caption: str) -> None:
        self._caption = caption
        self.caption.value = f"<small>{html.escape(caption)}:</small>" if caption else ""

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        """The ``(label, value)`` pairs offered, in display order."""
        return tuple((chip.description, c) for c, chip in self.buttons.items())

    @options.setter
    def options(self, options: Sequence[tuple[str, str]]) -> None:
        self._build(options, self.value)
        self._fire()

    @property
    def value(self) -> tuple[str, ...]:
        """The chosen choices, in display order."""
        return tuple(c for c, chip in self.buttons.items() if chip.value)

    @value.setter
    def value(self, chosen: Sequence[str]) -> None:
        self._muted = True
        try:
            for choice, chip in self.buttons.items():
                chip.value = choice in chosen
        finally:
            self._muted = False
        self._fire()

    @property
    def disabled(self) -> bool:
        """True when the chips are greyed out (their requirement is switched off)."""
        return self._off

    @disabled.setter
    def disabled(self, off: bool) -> None:
        self._off = off
        for chip in self.buttons.values():
            chip.disabled = off

    def observe(self, callback: Callable[[dict], None], names: str = "value") -> None:
        """Call ``callback({"name", "old", "new"})`` whenever the chosen set changes."""
        self._callbacks.append(callback)

    def add_class(self, name: str) -> None:
        """Add a CSS class to the row of chips."""
        self.widget.add_class(name)

    def _clicked(self, change) -> None:
        self._mark(change["owner"])
        if not self._muted:
            self._fire()

    @staticmethod
    def _mark(chip: w.ToggleButton) -> None:
        chip.icon = "check" if chip.value else ""

    def _fire(self) -> None:
        new = self.value
        if new == self._last:
            return
        old, self._last = self._last, new
        for callback in self._callbacks:
            callback({"name": "value", "old": old, "new": new, "owner": self})


#: A licence set's chips: one per licence category, under its requirement's checkbox.
LicenceChips = Chips


class Group:
    """A collapsible part of the controls: a heading button over its rows.

    Parameters
    ----------
    title
        The part's name (a level, a dimension, or a top requirement group).
    rows
        The widgets inside.
    unfolded
        Whether it starts unfolded.
    """

    def __init__(self, title: str, rows: Sequence[w.Widget], *, unfolded: bool = True) -> None:
        self.title = title
        self.head = w.Button(layout=w.Layout(width="100%"))
        self.head.add_class("openviz-group-head")
        self.body = w.VBox(list(rows))
        self.body.add_class("openviz-group-body")
        self.widget = w.VBox([self.head, self.body])
        self.widget.add_class("openviz-group")
        self.head.on_click(lambda _button: self.toggle())
        self.open = not unfolded
        self.toggle()

    def toggle(self) -> None:
        """Fold the group if it is open, unfold it if it is folded."""
        self.open = not self.open
        self.body.layout.display = None if self.open else "none"
        self.head.description = ("▾ " if self.open else "▸ ") + self.title
