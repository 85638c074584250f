"""The choices an export takes (formats, chart names, sizes) and the checks on them.

Kept apart from :mod:`openviz.export` so the checks can be read, and imported, without the
rendering code.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openviz._files import check_target, refuse_shipped

#: Output formats, by file suffix.
FORMATS = ("svg", "png", "pdf", "html", "csv", "json")
#: The gallery's chart names, the one list of them: ``openviz.charts.GALLERY`` has one entry
#: for each, in this order, and this module can be read without importing Altair.
CHART_NAMES = (
    "verdict-matrix",
    "component-heatmap",
    "spectrum",
    "definition-diff",
    "requirement-impact",
    "family-trajectory",
    "consensus",
)


#: The pixel scale of PNG images when none is given: twice the chart's size (144 dpi).
PNG_SCALE = 2


def _scale(fmt: str, scale: float | None, dpi: float | None) -> float | None:
    """Check ``scale`` and ``dpi`` for a format; return the scale to draw at (``None``: default)."""
    if scale is not None and dpi is not None:
        msg = "give scale or dpi, not both (dpi = 72 * scale)"
        raise ValueError(msg)
    if dpi is not None:
        if fmt != "png":
            msg = f"dpi applies to png, not {fmt}"
            raise ValueError(msg)
        if not dpi > 0:
            msg = f"dpi must be positive, not {dpi}"
            raise ValueError(msg)
        return dpi / 72
    if scale is None:
        return None
    if scale != 1 and fmt not in ("png", "pdf"):
        msg = f"scale applies to png and pdf, not {fmt}"
        raise ValueError(msg)
    return scale  # its range is checked with the width (_check_size)


def _format(path: Path, fmt: str | None) -> str:
    if fmt is None:
        suffix = path.suffix.lower().lstrip(".")
        fmt = {"htm": "html", "jpg": "", "jpeg": ""}.get(suffix, suffix)
        if fmt not in FORMATS:
            msg = (
                f"cannot tell the format from {path.name!r}; give fmt "
                f"(one of {', '.join(FORMATS)}) or a file name ending in one of them"
            )
            raise ValueError(msg)
        return fmt
    fmt = fmt.lower()
    if fmt not in FORMATS:
        msg = f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    return fmt


#: The figure sizes an export accepts: pixels of width, and the pixel scale of png and pdf.
WIDTH_RANGE = (200, 4000)
SCALE_RANGE = (0.1, 10.0)


def _check_size(width: int | None, scale: float | None) -> None:
    """Refuse a width or scale the renderer cannot draw (zero, negative, NaN, huge)."""
    low, high = WIDTH_RANGE
    if width is not None and (isinstance(width, bool) or not low <= width <= high):
        msg = f"width must be between {low} and {high} pixels, not {width}"
        raise ValueError(msg)
    low, high = SCALE_RANGE
    if scale is None:
        return  # the format's default
    if not isinstance(scale, (int, float)) or not low <= scale <= high:  # NaN fails too
        msg = f"scale must be a number from {low:g} to {high:g}, not {scale}"
        raise ValueError(msg)


def _check_gallery_targets(folder: Path, targets: Sequence[Path], force: bool) -> None:
    """Check every file of a gallery export before any is written."""
    if folder.exists() and not folder.is_dir():
        msg = f"{folder} is not a folder; export all writes a folder of files"
        raise FileExistsError(msg)
    refuse_shipped(folder)
    if not folder.is_dir():
        return
    existing = []
    for target in targets:
        try:
            check_target(target, replace=True)
        except FileExistsError as error:
            msg = f"{error}; nothing was written"
            raise FileExistsError(msg) from None
        if target.exists():
            existing.append(target)
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:5]) + (", ..." if len(existing) > 5 else "")
        msg = (
            f"{len(existing)} file(s) exist already: {shown}; nothing was written; pass "
            "force=True (openviz export --force) to replace them"
        )
        raise FileExistsError(msg)


def _exists_message(path: Path) -> str:
    return f"{path} already exists; pass force=True (openviz export --force) to overwrite it"
