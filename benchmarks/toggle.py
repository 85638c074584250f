"""A requirement switch of the explorer, until the new chart spec exists (no browser).

The explorer runs as in JupyterLab: live ``LiveChart`` widget (``OPENVIZ_RENDER`` unset),
so no SVG is drawn in the kernel; the front end draws the spec it is sent. Outside a kernel
the widget's messages go nowhere, which costs nothing.
"""

from __future__ import annotations

import os
import statistics
import time

from benchmarks.report import figure

#: Switches of OSAID 1.0 toggled in turn (off, then on again).
SWITCHES = ("training-code", "data-information", "evaluation-code", "parameters", "code")


def run(quick: bool) -> list[dict]:
    os.environ.pop("OPENVIZ_RENDER", None)  # the live widget, as in JupyterLab
    import openviz
    from openviz.widgets import Explorer

    catalog = openviz.load_catalog()
    explorer = Explorer(catalog, definition="osaid-1.0")
    wire = _Wire(explorer.view.widget.comm)
    explorer.view.widget.comm = wire
    if explorer.view.mode != "widget":  # pragma: no cover - guarded by the line above
        msg = "the explorer did not start in widget mode"
        raise RuntimeError(msg)
    out = []
    sizes = [("curated", 4 if quick else 40)]
    if not quick:
        sizes.append(("all", 16))
    for collection, toggles in sizes:
        explorer.collection_picker.value = collection
        rows = len(explorer._models())
        wire.sent.clear()
        spec_ms, done_ms, evaluate_ms = _toggle(explorer, toggles)
        sent = statistics.median(wire.sent) / 1024 if wire.sent else 0
        what = f"osaid-1.0 explorer, {collection} collection ({rows} releases x "
        what += f"{len(explorer._definitions())} definitions)"
        out.append(
            figure(
                f"toggle -> new chart spec in the kernel, {what}",
                spec_ms,
                "ms",
                50,
                check="p95",
                note="switch.value changed until the LiveChart widget holds the new spec; of "
                f"which openviz.evaluate {statistics.median(evaluate_ms):.1f} ms (median), the "
                "rest the chart's data and text (the drawing is cached) and encoding the "
                f"message as the kernel would ({sent:.0f} KiB per toggle, median)",
            )
        )
        out.append(
            figure(
                f"toggle -> callback finished in the kernel, {what}",
                done_ms,
                "ms",
                note="the whole observer: also the model picker and the reasons panel",
            )
        )
    return out


def _toggle(explorer, toggles: int) -> tuple[list[float], list[float], list[float]]:
    """Flip switches ``toggles`` times.

    Returns, in ms per toggle: until the new spec exists, until the callback ended, and the
    part of it spent in :func:`openviz.evaluate` (the rest is the chart and the widgets).
    """
    from openviz.widgets import explorer as module

    stamps: list[float] = []
    spent: list[float] = []
    update, evaluate = explorer.view.update, module.evaluate

    def timed_update(*args) -> None:
        update(*args)
        stamps.append(time.perf_counter())

    def timed_evaluate(*args, **kwargs):
        started = time.perf_counter()
        try:
            return evaluate(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    explorer.view.update, module.evaluate = timed_update, timed_evaluate
    names = [s for s in SWITCHES if s in explorer.switches] or list(explorer.switches)[1:]
    spec_ms, done_ms, evaluate_ms = [], [], []
    try:
        before = explorer.view.widget.datasets
        for i in range(toggles):
            box = explorer.switches[names[(i // 2) % len(names)]]
            stamps.clear()
            spent.clear()
            started = time.perf_counter()
            box.value = not box.value
            finished = time.perf_counter()
            if explorer.messages.kind == "error" or not stamps:
                msg = f"the toggle failed: {explorer.messages.value}"
                raise RuntimeError(msg)
            spec_ms.append((stamps[-1] - started) * 1000)
            done_ms.append((finished - started) * 1000)
            evaluate_ms.append(sum(spent) * 1000)
            if i == 0 and explorer.view.widget.datasets == before:
                msg = "the chart spec did not change after a toggle"
                raise RuntimeError(msg)
    finally:
        explorer.view.update, module.evaluate = update, evaluate
    return spec_ms, done_ms, evaluate_ms


class _Wire:
    """Stands in for the chart widget's comm: encodes each message as a kernel would.

    Outside a kernel, ipywidgets hands messages to a comm that drops them unencoded; in
    JupyterLab the kernel turns each into JSON (``jupyter_client.session.json_packer``)
    before it goes out, which costs time proportional to the data sent.
    """

    kernel = True  # ipywidgets only sends through a comm that has a kernel

    def __init__(self, comm) -> None:
        self.comm = comm
        self.sent: list[int] = []

    def __getattr__(self, name: str):
        return getattr(self.comm, name)

    def send(self, data=None, metadata=None, buffers=None) -> None:
        from jupyter_client.session import json_packer

        size = len(json_packer({"data": data, "metadata": metadata or {}}))
        self.sent.append(size + sum(len(b) for b in buffers or ()))
