"""What an exported file says about itself: title, alt text, source and software.

SVG gets ``<title>`` and ``<desc>``, PNG text chunks and its pixel density, PDF an info
dictionary and language; CSV and JSON carry the chart's data tables.
"""

from __future__ import annotations

import json
import re
import struct
import unicodedata
import zlib
from collections.abc import Mapping
from html import escape

from openviz._csv import write_csv


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
