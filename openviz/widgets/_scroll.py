"""Bring the page back to the first chart once a notebook has run all its cells.

Run All leaves JupyterLab scrolled to the last cell, far below the explorer a person came
for. A notebook's last cell shows :func:`back_to_chart`; its front end scrolls the page to
the first element matching a CSS selector (the explorer, or the lesson's first chart) when
the page has moved past it, unless the person has scrolled or typed since (a hand on the
page wins). A page shown from its top, as Voila shows the lesson, is left alone.
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["BackToChart", "back_to_chart"]

# Tries again for a few seconds: JupyterLab scrolls to the running cell after it drew the
# output, and a cell far above may not be laid out yet (cells out of view are windowed).
_ESM = """
const TRIES = [0, 150, 400, 900, 1600, 2500, 4000];

function scroller(el) {
  return el.closest('.jp-WindowedPanel-outer, .jp-Notebook, .jp-NotebookPanel-notebook')
    ?? document.scrollingElement;
}

function render({ model, el }) {
  el.style.display = 'none';
  let stopped = false;
  const stop = () => { stopped = true; };
  const kinds = ['wheel', 'touchmove', 'keydown'];
  kinds.forEach((k) => window.addEventListener(k, stop, { capture: true, passive: true }));
  const go = (last) => {
    if (stopped) return;
    const target = document.querySelector(model.get('target'));
    if (target) {
      // Only when the page has moved past it: a page shown from the top (Voila) stays.
      if (target.getBoundingClientRect().bottom > 0) return;
      target.scrollIntoView({ block: 'start' });
      model.set('done', model.get('done') + 1);
      model.save_changes();
    } else {
      const box = scroller(el);
      if (box) box.scrollTop = 0;  // lays the first cells out; the next try finds it
    }
    if (last) kinds.forEach((k) => window.removeEventListener(k, stop, { capture: true }));
  };
  TRIES.forEach((ms, i) => setTimeout(() => go(i === TRIES.length - 1), ms));
}
export default { render };
"""


class BackToChart(anywidget.AnyWidget):
    """An invisible output that scrolls the page to ``target`` when it is drawn.

    Attributes
    ----------
    target
        A CSS selector; the first element matching it is scrolled to the top of the view.
    done
        How many times the front end scrolled (for tests).
    """

    _esm = _ESM
    target = traitlets.Unicode(".openviz-explorer").tag(sync=True)
    done = traitlets.Int(0).tag(sync=True)


def back_to_chart(target: str = ".openviz-explorer") -> BackToChart:
    """Return a widget that, shown as a notebook's last output, scrolls back to ``target``.

    Parameters
    ----------
    target
        A CSS selector: ``.openviz-explorer`` (the explorer, default) or, for a page of
        charts, ``.openviz-chart``: the first one.

    Returns
    -------
    BackToChart
        Display it (leave it as the cell's last line).
    """
    return BackToChart(target=target)
