"""Interactive controls over the core: pick a definition, toggle requirements, watch verdicts.

Charts are live Vega widgets (offline bundle); with ``OPENVIZ_RENDER=svg`` they are static
SVG instead, for headless runs. The offline bundle is built when the first chart is shown
(and kept on disk for the next process, so that is usually a file read); call
:func:`prepare` to build it earlier. Importing this package does no work.
"""

from openviz.widgets._render import ChartView, prepare
from openviz.widgets._scroll import back_to_chart
from openviz.widgets.classroom import Comparison, DraftStepper, Prediction
from openviz.widgets.explorer import Explorer
from openviz.widgets.export_panel import ExportPanel

__all__ = [
    "ChartView",
    "Comparison",
    "DraftStepper",
    "Explorer",
    "ExportPanel",
    "Prediction",
    "back_to_chart",
    "prepare",
]
