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
import re
import struct
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from openviz._caches import bounded
from openviz._csv import write_csv
from openviz._files import check_target, refuse_shipped, write_atomic
from openviz.fonts import FONT_DIR_ENV, FONT_DIRS, SKIP_FONTS_ENV, find_font_dir, register_fonts

__all__ = [
    "CHART_NAMES",
    "FONT_DIRS",
    "FONT_DIR_ENV",
    "FORMATS",
    "SKIP_FONTS_ENV",
    "export",
    "export_gallery",
    "find_font_dir",
    "register_fonts",
    "render",
    "render_many",
]

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


# -- export ------------------------------------------------------------------------------------
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
    if isinstance(chart_or_name, str):
        from openviz.charts import build

        options = dict(build_options)
        if width is not None:
            options["width"] = width
        chart = build(chart_or_name, lang=lang, **options)
    else:
        if build_options or width is not None:
            extra = sorted([*build_options, *(["width"] if width is not None else [])])
            msg = f"{', '.join(extra)} apply to charts given by name, not to a chart object"
            raise ValueError(msg)
        chart = chart_or_name
    content = render(chart, fmt, scale=scale, description=description)
    write_atomic(path, content, replace=force, exists_message=_exists_message(path))
    return path


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

    names = list(charts) if charts is not None else list(CHART_NAMES)
    for name in names:
        if name not in CHART_NAMES:
            msg = f"unknown chart {name!r}; choose from {', '.join(CHART_NAMES)}"
            raise KeyError(msg)
    folder = Path(folder)
    formats = list(dict.fromkeys(_format(folder, f) for f in formats))
    if not formats:
        msg = f"no format chosen; choose from {', '.join(FORMATS)}"
        raise ValueError(msg)
    if dpi is not None:
        scale = _scale("png", scale, dpi)
    elif scale is not None:
        _scale("png", scale, None)
    _check_size(width, scale)
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


# -- helpers: formats ----------------------------------------------------------------------------
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


def _meta(spec: Mapping) -> dict:
    return dict((spec.get("usermeta") or {}).get("openviz") or {})


def _needs_cjk(spec: Mapping) -> bool:
    """Tell whether a chart names the CJK font or holds CJK text (then it needs the font)."""
    meta = _meta(spec)
    if "cjk" in meta:
        return bool(meta["cjk"])
    text = json.dumps(spec, ensure_ascii=False)
    return "Noto Sans CJK" in text or any(
        ord(ch) > 0x2E7F and unicodedata.east_asian_width(ch) in "WF" for ch in text
    )


def _title(spec: Mapping) -> str:
    title = spec.get("title", "")
    if isinstance(title, Mapping):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title or _meta(spec).get("title", "") or "Chart")


def _software() -> str:
    from openviz import __version__

    return f"openviz {__version__} (Vega-Lite via vl-convert)"


def _tables(spec: Mapping) -> dict[str, list[dict]]:
    datasets = dict(spec.get("datasets") or {})
    names = _meta(spec).get("tables") or list(datasets)
    tables = {name: datasets[name] for name in names if name in datasets}
    if not tables:
        values = (spec.get("data") or {}).get("values")
        if values is None:
            msg = "the chart carries no inline data to export"
            raise ValueError(msg)
        tables = {"data": values}
    return tables


def _csv(spec: Mapping) -> bytes:
    tables = _tables(spec)
    several = len(tables) > 1
    rows: list[dict] = []
    columns: dict[str, None] = {"table": None} if several else {}
    for name, records in tables.items():
        for record in records:
            columns.update(dict.fromkeys(record))
            rows.append({"table": name, **record} if several else record)
    # A byte-order mark lets spreadsheet programs read the Chinese labels as UTF-8.
    return ("\ufeff" + write_csv(list(columns), rows)).encode("utf-8")


def _json(spec: Mapping, alt_text: str) -> bytes:
    meta = _meta(spec)
    document = {
        "chart": meta.get("chart", ""),
        "title": _title(spec),
        "description": alt_text,
        "lang": meta.get("lang", ""),
        "definitions": meta.get("definitions", []),
        "data_date": meta.get("data_date", ""),
        "caption": meta.get("caption", []),
        "tables": _tables(spec),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _svg_with_text(svg: str, title: str, description: str) -> str:
    """Give the root ``<svg>`` a role, a ``<title>`` and a ``<desc>`` (the alt text)."""
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:
        return svg
    tag = match.group(0)
    attrs = ' role="img" aria-labelledby="openviz-title openviz-desc"'
    opened = tag[:-1] + attrs + ">"
    text = (
        f'<title id="openviz-title">{escape(title, quote=False)}</title>'
        f'<desc id="openviz-desc">{escape(description, quote=False)}</desc>'
    )
    return svg[: match.start()] + opened + text + svg[match.end() :]


def _png_with_text(png: bytes, fields: Mapping[str, str]) -> bytes:
    """Add UTF-8 text chunks (iTXt) after the PNG header chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        return png
    (length,) = struct.unpack(">I", png[8:12])
    end = 8 + 12 + length
    chunks = b""
    for key, value in fields.items():
        if not value:
            continue
        body = key.encode("latin-1") + b"\0\0\0" + b"\0" + b"\0" + value.encode("utf-8")
        chunks += struct.pack(">I", len(body)) + b"iTXt" + body
        chunks += struct.pack(">I", zlib.crc32(b"iTXt" + body) & 0xFFFFFFFF)
    return png[:end] + chunks + png[end:]


def _pdf_string(value: str) -> bytes:
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _pdf_with_info(pdf: bytes, info: Mapping[str, str], lang: str) -> bytes:
    """Set the document information (title, subject ...) and language by incremental update.

    The original bytes stay as they are; a new document-information dictionary, a catalog
    carrying ``/Lang`` and a cross-reference section pointing back to the old one are
    appended. A PDF whose structure is not the plain kind vl-convert writes is left alone.
    """
    end = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    if end is None or pdf[int(end.group(1)) : int(end.group(1)) + 4] != b"xref":
        return pdf  # a cross-reference stream, not a table: leave the file as it is
    trailer_at = pdf.rfind(b"trailer", int(end.group(1)))
    if trailer_at < 0:
        return pdf
    trailer = pdf[trailer_at : end.start()]
    size = re.search(rb"/Size\s+(\d+)", trailer)
    root = re.search(rb"/Root\s+(\d+)\s+(\d+)\s+R", trailer)
    if size is None or root is None:
        return pdf
    n, root_num, root_gen = int(size.group(1)), int(root.group(1)), int(root.group(2))
    catalog = re.search(
        rb"(?:^|\n)%d %d obj\s*(<<.*?>>)\s*endobj" % (root_num, root_gen), pdf, re.DOTALL
    )
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets: dict[int, int] = {}
    if catalog is not None and b"/Lang" not in catalog.group(1):
        body = catalog.group(1)
        body = body[: body.rfind(b">>")] + b"/Lang (" + lang.encode("ascii") + b")\n>>"
        offsets[root_num] = len(out)
        out += b"%d %d obj\n" % (root_num, root_gen) + body + b"\nendobj\n"
    entries = b"".join(
        b"/" + key.encode("ascii") + b" " + _pdf_string(value) + b"\n"
        for key, value in info.items()
        if value
    )
    offsets[n] = len(out)
    out += b"%d 0 obj\n<<\n" % n + entries + b">>\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    for num in sorted(offsets):
        gen = root_gen if num == root_num else 0
        out += b"%d 1\n%010d %05d n\r\n" % (num, offsets[num], gen)
    out += b"trailer\n<< /Size %d /Root %d %d R /Info %d 0 R /Prev %d >>\n" % (
        n + 1,
        root_num,
        root_gen,
        n,
        int(end.group(1)),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


# -- helpers: HTML -----------------------------------------------------------------------------
@bounded("export-bundle", maxsize=1)
def _bundle() -> str:
    import vl_convert as vlc

    code = vlc.javascript_bundle()
    # The bundle is inlined in a <script> element, which the sequence "</script" would end.
    return code.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")


def _json_for_script(value: object) -> str:
    """Serialise JSON so that no text in it can close or alter the ``<script>`` holding it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, safe in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, safe)
    return text


_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'"
)


def _html(spec: Mapping, alt_text: str) -> str:
    """Write a standalone page: the Vega bundle and the spec inline, nothing fetched."""
    from openviz.charts.theme import FONT, LATIN_FONT

    meta = _meta(spec)
    font = FONT if _needs_cjk(spec) else LATIN_FONT
    lang = "zh-Hans" if meta.get("lang") == "zh" else "en"
    title = _title(spec)
    caption = " ".join(meta.get("caption", []))
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{escape(alt_text)}">
<meta name="generator" content="{escape(_software())}">
<title>{escape(title)}</title>
<style>
body {{ margin: 16px; font-family: {font}; color: #1a1a1a; background: #fff; }}
@media (max-width: 480px) {{ body {{ margin: 4px; }} }}
figure {{ margin: 0; }}
/* The chart fills the width it is given (a phone, an article column, an iframe) and keeps
   its proportions through the drawing's viewBox; the script caps it at twice its size. */
#openviz-chart, #openviz-chart .vega-embed {{ display: block; width: 100%; }}
#openviz-chart svg {{ display: block; width: 100%; height: auto; }}
.openviz-alt {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
.openviz-error {{ color: #a00; }}
</style>
<script>{_bundle()}</script>
</head>
<body>
<figure role="group" aria-labelledby="openviz-title" aria-describedby="openviz-alt">
<h1 id="openviz-title" class="openviz-alt">{escape(title)}</h1>
<div id="openviz-chart"></div>
<p id="openviz-alt" class="openviz-alt">{escape(alt_text)}</p>
<noscript><p>{escape(alt_text)}</p><p>{escape(caption)}</p></noscript>
</figure>
<script type="application/json" id="openviz-spec">{_json_for_script(dict(spec))}</script>
<script>
(function () {{
  var spec = JSON.parse(document.getElementById("openviz-spec").textContent);
  vegaEmbed("#openviz-chart", spec, {{renderer: "svg", actions: false}}).then(function () {{
    var svg = document.querySelector("#openviz-chart svg");
    var box = svg && svg.viewBox && svg.viewBox.baseVal;
    if (box && box.width) {{ svg.style.maxWidth = 2 * box.width + "px"; }}
  }}).catch(function (err) {{
    var box = document.getElementById("openviz-chart");
    box.className = "openviz-error";
    box.textContent = "The chart could not be drawn: " + err;
  }});
}})();
</script>
</body>
</html>
"""


# -- helpers: writing ----------------------------------------------------------------------------
