"""Interactive controls over the core: pick a definition, toggle requirements, watch verdicts.

Charts are live Vega widgets (offline bundle); with ``OPENVIZ_RENDER=svg`` they are static
SVG instead, for headless runs. Importing this package builds the offline bundle up front in
widget mode, so the first cell that shows a chart does not pay for it.
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

prepare()
