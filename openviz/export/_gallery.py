"""Export of the whole gallery: every chart, each built once for all its formats."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openviz._files import write_atomic
from openviz.export._formats import (
    CHART_NAMES,
    FORMATS,
    _check_gallery_targets,
    _check_size,
    _exists_message,
    _format,
    _scale,
)


def export_gallery(
    folder: str | os.PathLike,
    formats: Sequence[str] = ("svg", "png", "pdf"),
    *,
    charts: Sequence[str] | None = None,
    lang: str = "en",
    width: int | None = None,
    scale: float | None = None,
    force: bool = False,
    dpi: float | None = None,
    **build_options: Any,
) -> tuple[list[Path], dict[str, str]]:
    """Write every gallery chart in each format to ``folder``, as ``<chart>.<format>``.

    Each chart is built once for all its formats. Charts that do not apply to the chosen
    definitions (a diff needs two, a trajectory a family with several releases) are
    skipped with the reason.

    Parameters
    ----------
    folder
        Where the files go; created if missing.
    formats
        Any of :data:`FORMATS`.
    charts
        Gallery names; all of :data:`CHART_NAMES` when ``None``.
    lang, width, scale, force, dpi, **build_options
        As for :func:`export` (``dpi`` sets the scale of the PNG and PDF files).

    Returns
    -------
    tuple of (list of pathlib.Path, dict)
        The files written, and chart name -> why it was skipped.

    Raises
    ------
    FileExistsError
        When any target exists and ``force`` is false, or any target is not a regular file
        or lies in the shipped data (all checked before anything is written).
    """
    from openviz.charts import build, chart_options
    from openviz.export import render_many

    folder = Path(folder)
    names, formats, scale = _choices(folder, formats, charts, width, scale, dpi)
    targets = {name: {fmt: folder / f"{name}.{fmt}" for fmt in formats} for name in names}
    _check_gallery_targets(folder, [p for paths in targets.values() for p in paths.values()], force)
    folder.mkdir(parents=True, exist_ok=True)
    options = dict(build_options)
    if width is not None:
        options["width"] = width
    # An option such as ``family`` goes to the charts that take it; one that no chart takes
    # is refused by build() below.
    taken = {name: chart_options(name) for name in names}
    wanted = {k for k in options if any(k in t for t in taken.values())}
    written: list[Path] = []
    skipped: dict[str, str] = {}
    for name in names:
        chosen = {k: v for k, v in options.items() if k in taken[name] or k not in wanted}
        try:
            chart = build(name, lang=lang, **chosen)
        except ValueError as error:
            skipped[name] = str(error)
            continue
        files = render_many(chart, formats, scale=scale)
        for fmt, content in files.items():
            target = targets[name][fmt]
            write_atomic(target, content, replace=force, exists_message=_exists_message(target))
            written.append(target)
    return written, skipped


def _choices(
    folder: Path,
    formats: Sequence[str],
    charts: Sequence[str] | None,
    width: int | None,
    scale: float | None,
    dpi: float | None,
) -> tuple[list[str], list[str], float | None]:
    """Check a gallery export's choices; return the charts, formats and scale to draw at."""
    names = list(charts) if charts is not None else list(CHART_NAMES)
    for name in names:
        if name not in CHART_NAMES:
            msg = f"unknown chart {name!r}; choose from {', '.join(CHART_NAMES)}"
            raise KeyError(msg)
    formats = list(dict.fromkeys(_format(folder, f) for f in formats))
    if not formats:
        msg = f"no format chosen; choose from {', '.join(FORMATS)}"
        raise ValueError(msg)
    if dpi is not None:
        scale = _scale("png", scale, dpi)
    elif scale is not None:
        _scale("png", scale, None)
    _check_size(width, scale)
    return names, formats, scale
