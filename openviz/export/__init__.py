"""Export gallery charts for articles: SVG, PNG, PDF, offline HTML, and their data as CSV or JSON.

>>> from openviz.export import export
>>> export("verdict-matrix", "matrix.png", lang="zh", dpi=300)  # doctest: +SKIP

PNG images are drawn at twice the chart's size by default (``scale=2``, 144 dpi), sharp on
high-density screens and in print at the chart's own size; ``scale`` or ``dpi`` (pixels per
inch, 72 per unit of scale: ``dpi=300`` is ``scale=300/72``) sets another density, and the
PNG records it. HTML pages scale the chart to the width of their container (a phone, an
article column, an iframe), never wider than twice its own size.

Images are drawn by vl-convert. English charts use Liberation Sans, which vl-convert carries,
so they need no font from the machine. Chinese charts use the machine's CJK font or, where it
has none, the subset of Noto Sans CJK SC that openviz ships (see :mod:`openviz.fonts`), so
Chinese labels never come out as empty boxes. Every file carries
the chart's description (alt text). Writes are atomic: a temporary file in the target folder
is renamed over the target, so a failed export never leaves a partial file, and an existing
file is only replaced with ``force=True``, and only when it is a regular file outside the
shipped ``defs`` (see :func:`openviz._files.check_target`).

This module imports Altair and vl-convert only when a chart is exported, so the command
line can import it cheaply. ``openviz export CHART [--definition ID]... [--model ID]...
[--lang en|zh] [--format F] [--width N] [--scale N | --dpi N] --out PATH [--force]`` maps
onto one call::

    export(chart, out, fmt, lang=lang, width=width, scale=scale, dpi=dpi, force=force, **chosen)

where ``chosen`` holds ``catalog``, ``definitions`` and ``models`` (ids, or ``None`` for
the chart's defaults), and optionally ``collection`` and ``toggles``; :data:`CHART_NAMES`
and :data:`FORMATS` are the argument choices. ``openviz export all --out FOLDER [--format
svg,png,pdf]`` is :func:`export_gallery`: every chart, each built once for all formats. It raises
``FileExistsError``, ``FileNotFoundError`` (missing folder, or
:class:`openviz.fonts.MissingFontError` for Chinese characters no font can draw),
``KeyError`` (unknown chart, definition or model) and ``ValueError`` (options that do not
fit), each with a message meant for the user.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openviz._files import check_target, write_atomic
from openviz.export._formats import (
    CHART_NAMES,
    FORMATS,
    PNG_SCALE,
    SCALE_RANGE,
    WIDTH_RANGE,
    _check_size,
    _exists_message,
    _format,
    _scale,
)
from openviz.export._gallery import export_gallery
from openviz.export._metadata import (
    _csv,
    _json,
    _meta,
    _needs_cjk,
    _pdf_with_info,
    _png_with_text,
    _software,
    _svg_with_text,
    _title,
)

# Shared with openviz.interactive's page, and reached from here (redundant aliases re-export).
from openviz.export._page import _CSP as _CSP
from openviz.export._page import _bundle as _bundle
from openviz.export._page import _html
from openviz.export._page import _json_for_script as _json_for_script
from openviz.fonts import FONT_DIR_ENV, FONT_DIRS, SKIP_FONTS_ENV, find_font_dir, register_fonts

__all__ = [
    "CHART_NAMES",
    "FONT_DIRS",
    "FONT_DIR_ENV",
    "FORMATS",
    "PNG_SCALE",
    "SCALE_RANGE",
    "SKIP_FONTS_ENV",
    "WIDTH_RANGE",
    "export",
    "export_gallery",
    "find_font_dir",
    "register_fonts",
    "render",
    "render_many",
]


def export(
    chart_or_name: Any,
    out: str | os.PathLike,
    fmt: str | None = None,
    *,
    lang: str = "en",
    width: int | None = None,
    scale: float | None = None,
    force: bool = False,
    description: str | None = None,
    interactive: bool = False,
    dpi: float | None = None,
    **build_options: Any,
) -> Path:
    """Write a chart to a file.

    Parameters
    ----------
    chart_or_name
        A gallery chart name (see :data:`CHART_NAMES`), built with :func:`openviz.charts.build`,
        or an Altair chart.
    out
        The file to write.
    fmt
        One of :data:`FORMATS`; taken from the suffix of ``out`` when ``None``.
    lang
        ``en`` or ``zh`` (charts given by name).
    width
        Target figure width in pixels (charts given by name; default 640).
    scale
        Pixel scale for ``png`` (default 2: twice the chart's size, 144 dpi) and ``pdf``
        (default 1; a PDF is drawn as vectors).
    dpi
        Pixels per inch for ``png``, instead of ``scale`` (``dpi = 72 * scale``; 300 for
        print at the chart's own size).
    force
        Replace ``out`` if it exists.
    description
        Alt text; the chart's own description when ``None``.
    interactive
        For ``verdict-matrix`` as ``html``: write the interactive page of
        :mod:`openviz.interactive` (a definition picker, requirement switches, licence
        choices, reasons on click, the data as CSV; offline, no kernel) instead of a static
        chart.
    **build_options
        For charts given by name: ``catalog``, ``definitions``, ``models``, ``collection``,
        ``toggles``, and chart options such as ``family`` or ``title``.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    FileExistsError
        When ``out`` exists and ``force`` is false, or is anything but a regular file (a
        folder, a named pipe, a device; never replaced, even with ``force``), or lies inside
        the shipped ``defs`` folder.
    ValueError
        For an unknown format, options that do not apply, or a width or scale outside
        :data:`WIDTH_RANGE` or :data:`SCALE_RANGE`.
    """
    path = Path(out)
    fmt = _format(path, fmt)
    scale = _scale(fmt, scale, dpi)
    _check_size(width, scale)
    # Refuse a target that cannot or must not be replaced before drawing anything.
    check_target(path, replace=force, exists_message=_exists_message(path))
    if interactive:
        content = _interactive(chart_or_name, fmt, path, lang, width, description, build_options)
        write_atomic(path, content, replace=force, exists_message=_exists_message(path))
        return path
    chart = _chart(chart_or_name, lang, width, build_options)
    content = render(chart, fmt, scale=scale, description=description)
    write_atomic(path, content, replace=force, exists_message=_exists_message(path))
    return path


def _chart(chart_or_name: Any, lang: str, width: int | None, build_options: Mapping) -> Any:
    """Build a gallery chart given by name; refuse build options for a chart object."""
    if isinstance(chart_or_name, str):
        from openviz.charts import build

        options = dict(build_options)
        if width is not None:
            options["width"] = width
        return build(chart_or_name, lang=lang, **options)
    if build_options or width is not None:
        extra = sorted([*build_options, *(["width"] if width is not None else [])])
        msg = f"{', '.join(extra)} apply to charts given by name, not to a chart object"
        raise ValueError(msg)
    return chart_or_name


def _interactive(
    chart: Any,
    fmt: str,
    path: Path,
    lang: str,
    width: int | None,
    description: str | None,
    options: Mapping[str, Any],
) -> bytes:
    """Check that the options fit an interactive page, then return its bytes."""
    if chart != "verdict-matrix":
        msg = "an interactive page is made for the verdict-matrix chart only"
        raise ValueError(msg)
    if fmt != "html":
        msg = f"an interactive page is an html file, not {fmt}"
        raise ValueError(msg)
    allowed = {"catalog", "definitions", "models", "collection"}
    extra = sorted(set(options) - allowed)
    if extra:
        msg = f"{', '.join(extra)} do not apply to the interactive page"
        raise ValueError(msg)
    from openviz.interactive import interactive_page

    page = interactive_page(
        options.get("catalog"),
        options.get("definitions"),
        options.get("models"),
        collection=options.get("collection", "curated"),
        lang=lang,
        width=width,
        description=description,
        file_name=path.name,
    )
    return page.encode("utf-8")


def render(
    chart: Any, fmt: str, *, scale: float | None = None, description: str | None = None
) -> bytes:
    """Render a chart to the bytes of a file in ``fmt`` (see :func:`export`)."""
    return render_many(chart, (fmt,), scale=scale, description=description)[fmt]


def render_many(
    chart: Any,
    formats: Sequence[str],
    *,
    scale: float | None = None,
    description: str | None = None,
) -> dict[str, bytes]:
    """Render a chart to several formats at once; return format -> file bytes.

    The chart is turned into a spec (and validated) once and drawn by Vega once: PNG and
    PDF are made from the SVG drawing, as vl-convert does for a single format. ``scale``
    is the pixel scale of PNG (default :data:`PNG_SCALE`) and PDF (default 1).
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        msg = f"unknown format {unknown[0]!r}; choose one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=True)
    spec = dict(spec)
    if description:
        spec["description"] = description
    alt_text = spec.get("description") or _title(spec)
    meta = _meta(spec)
    out: dict[str, bytes] = {}
    svg = None
    for fmt in dict.fromkeys(formats):
        if fmt == "csv":
            out[fmt] = _csv(spec)
        elif fmt == "json":
            out[fmt] = _json(spec, alt_text)
        elif fmt == "html":
            out[fmt] = _html(spec, alt_text).encode("utf-8")
        else:
            import vl_convert as vlc

            if svg is None:
                if _needs_cjk(spec):
                    register_fonts(json.dumps(spec, ensure_ascii=False))
                svg = vlc.vegalite_to_svg(spec)
            out[fmt] = _image(vlc, svg, fmt, spec, alt_text, meta, scale)
    return out


def _image(
    vlc, svg: str, fmt: str, spec: Mapping, alt_text: str, meta: Mapping, scale: float | None
):
    if fmt == "svg":
        return _svg_with_text(svg, _title(spec), alt_text).encode("utf-8")
    if fmt == "png":
        # Drawn at scale s as s * 72 pixels per inch, which the PNG records (pHYs): the
        # image prints at the chart's own size however many pixels it has.
        return _png_with_text(
            vlc.svg_to_png(svg, ppi=72 * (PNG_SCALE if scale is None else scale)),
            {
                "Title": _title(spec),
                "Description": alt_text,
                "Source": "\n".join(meta.get("caption", [])),
                "Software": _software(),
            },
        )
    return _pdf_with_info(
        vlc.svg_to_pdf(svg, scale=1 if scale is None else scale),
        {
            "Title": _title(spec),
            "Subject": alt_text,
            "Keywords": "; ".join(meta.get("caption", [])),
            "Creator": _software(),
        },
        lang="zh-CN" if meta.get("lang") == "zh" else "en",
    )
