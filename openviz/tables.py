"""Listings of the catalogue as tidy frames, and plain-text tables for the terminal."""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterable

import pandas as pd

from openviz._safe_text import visible
from openviz.catalog import Catalog
from openviz.records import Release

__all__ = ["FACT_COLUMNS", "facts", "listing", "terminal_width", "text_table", "width_of", "wrap"]

# Spaces, tabs and line breaks: running text is shown on one line (a carriage return is not
# among them, so it stays visible as an escape).
_RUNS = re.compile(r"[ \t\n]+")

FACT_COLUMNS = (
    "model",
    "name",
    "family",
    "release_date",
    "collection",
    "component",
    "type",
    "status",
    "license",
    "category",
)


def listing(catalog: Catalog, what: str, collection: str = "curated") -> pd.DataFrame:
    """Return a frame listing ``definitions``, ``models``, ``components`` or ``licenses``."""
    if what == "models":
        return _models(catalog, collection)
    listers = {"definitions": _definitions, "components": _components, "licenses": _licenses}
    if what in listers:
        return listers[what](catalog)
    msg = f"cannot list {what!r}; choose definitions, models, components or licenses"
    raise ValueError(msg)


def _definitions(catalog: Catalog) -> pd.DataFrame:
    """Return one row per definition: id, name, publisher, version, date, status, kind."""
    return pd.DataFrame(
        [
            {
                "id": d.id,
                "name": d.name,
                "publisher": d.publisher,
                "version": d.version,
                "date": d.date,
                "status": d.status,
                "kind": d.kind,
                "series": d.lineage.get("series", ""),
                "sources": "; ".join(src.url for src in d.sources),
            }
            for d in catalog.definitions.values()
        ],
        columns=[
            "id",
            "name",
            "publisher",
            "version",
            "date",
            "status",
            "kind",
            "series",
            "sources",
        ],
    )


def _models(catalog: Catalog, collection: str) -> pd.DataFrame:
    """Return one row per release of ``collection``, with its family and source files."""
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "name": r.name,
                "family": r.family,
                "family_name": catalog.family_label(r.family),
                "organisation": r.organisation,
                "release_date": r.release_date,
                "stage": r.stage,
                "collection": r.collection,
                "source_file": r.source_file,
                "source_files": ";".join(r.source_files),
                "evidence_date": r.evidence_date,
            }
            for r in catalog.models(collection)
        ],
        columns=[
            "id",
            "name",
            "family",
            "family_name",
            "organisation",
            "release_date",
            "stage",
            "collection",
            "source_file",
            "source_files",
            "evidence_date",
        ],
    )


def _components(catalog: Catalog) -> pd.DataFrame:
    """Return one row per component, with its labels and description."""
    return pd.DataFrame(
        [
            {
                "id": c.id,
                "type": c.type,
                "label_en": c.label["en"],
                "label_zh": c.label["zh"],
                "description": c.description,
            }
            for c in catalog.components
        ]
    )


def _licenses(catalog: Catalog) -> pd.DataFrame:
    """Return one row per license of the table, with its category and restrictions."""
    rows = []
    for lid in catalog.licenses.table_ids():
        lic = catalog.licenses.get(lid)
        rows.append(
            {
                "id": lic.id,
                "name": lic.name,
                "category": lic.category,
                "restrictions": ";".join(lic.restrictions),
                "url": lic.url,
            }
        )
    return pd.DataFrame(rows, columns=["id", "name", "category", "restrictions", "url"])


def facts(
    catalog: Catalog,
    models: Iterable[str | Release] | None = None,
    collection: str = "curated",
) -> pd.DataFrame:
    """Return what each release made available: one row per (release, component).

    Parameters
    ----------
    catalog
        The catalogue (vocabulary, licenses, releases).
    models
        Release ids or records; the ``collection`` when ``None``.
    collection
        Which releases to list when ``models`` is ``None``.

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``name``, ``family``, ``release_date``, ``collection``,
        ``component``, ``type`` (data, code, document, access), ``status`` (yes, partial,
        no, unknown), ``license`` (as recorded) and ``category`` (the license's category;
        ``""`` when no license is recorded or it is not known).
    """
    if models is None:
        releases = list(catalog.models(collection))
    else:
        releases = [catalog.release(m) if isinstance(m, str) else m for m in models]
    rows = []
    for rel in releases:
        for comp in catalog.components:
            fact = rel.component(comp.id)
            lic = catalog.licenses.get(fact.license) if fact.license else None
            rows.append(
                {
                    "model": rel.id,
                    "name": rel.name,
                    "family": rel.family,
                    "release_date": rel.release_date,
                    "collection": rel.collection,
                    "component": comp.id,
                    "type": comp.type,
                    "status": fact.value,
                    "license": fact.license,
                    "category": lic.category if lic is not None else "",
                }
            )
    return pd.DataFrame(rows, columns=list(FACT_COLUMNS))


def terminal_width(default: int = 100) -> int:
    """Return the terminal's width in columns: ``$COLUMNS``, else the terminal, else ``default``."""
    return shutil.get_terminal_size((default, 24)).columns


def text_table(frame: pd.DataFrame, width: int | None = None, *, wide: bool = False) -> str:
    """Render a frame as an aligned text table that fits ``width`` columns.

    Parameters
    ----------
    frame
        The rows to show; every column that has a value in some row.
    width
        The total width to fit (the terminal's, :func:`terminal_width`, when ``None``).
        Columns narrower than their fair share keep their width; the wider ones share
        what is left, and their cells wrap onto more lines at spaces, so nothing is cut.
        Where a column would get too narrow to read, each row is printed as a block of
        ``column: value`` lines instead.
    wide
        Print every column, and every cell on one line in full, however wide the table
        gets.
    """
    if frame.empty:
        return "(nothing to show)"

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        # Running text keeps its words on one line; anything else that could act on a
        # terminal (escapes, bidi controls) is shown as an escape.
        return visible(_RUNS.sub(" ", str(value)).strip())

    cols = [str(c) for c in frame.columns]
    cells = [[cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    if not wide:
        # Choose the columns worth their width: one with nothing in it says nothing.
        keep = [i for i in range(len(cols)) if any(r[i] for r in cells)] or [0]
        cols = [cols[i] for i in keep]
        cells = [[r[i] for i in keep] for r in cells]
    natural = [max([width_of(c)] + [width_of(r[i]) for r in cells]) for i, c in enumerate(cols)]
    total = width or terminal_width()
    room = total - 2 * (len(cols) - 1)
    if wide:
        sizes = natural
    else:
        # No column narrower than its longest word (an id stays whole, for copying) nor
        # than a readable width; where even that does not fit, print blocks instead.
        words = [
            min(max([width_of(w) for r in cells for w in _tokens(r[i])] or [0]), _LONGEST)
            for i in range(len(cols))
        ]
        least = [min(n, max(_NARROWEST, w)) for n, w in zip(natural, words, strict=True)]
        if sum(least) > room:
            return _records(cols, cells, total)
        sizes = _fit(natural, least, room)
    lines = _lines([_wrap(c, w) for c, w in zip(cols, sizes, strict=True)], sizes)
    lines.append("  ".join("-" * w for w in sizes))
    for row in cells:
        lines += _lines([_wrap(v, w) for v, w in zip(row, sizes, strict=True)], sizes)
    return "\n".join(lines)


#: A word longer than this (a URL) may be broken to fit a column.
_LONGEST = 40

#: Below this many characters a wrapped column is too narrow to read: the table is then
#: printed as one block per row instead.
_NARROWEST = 14


def _records(cols: list[str], cells: list[list[str]], width: int) -> str:
    """Print each row as a block, one ``column: value`` line each, wrapped to ``width``."""
    pad = max(width_of(c) for c in cols) + 2
    out = []
    for row in cells:
        if out:
            out.append("")
        for c, v in zip(cols, row, strict=True):
            if not v:
                continue
            text = wrap(v, max(width - pad, 20))
            out.append(f"{(c + ':').ljust(pad)}{text[0]}")
            out += [" " * pad + more for more in text[1:]]
    return "\n".join(out)


def _fit(natural: list[int], least: list[int], room: int) -> list[int]:
    """Share ``room``: every column its least width, then the rest to the narrowest first."""
    if sum(natural) <= room:
        return natural
    sizes = list(least)
    left = room - sum(sizes)
    todo = sorted((j for j in range(len(sizes)) if sizes[j] < natural[j]), key=natural.__getitem__)
    while todo and left > 0:
        share = max(left // len(todo), 1)
        j = todo[0]
        grow = min(natural[j] - sizes[j], share)
        if sizes[j] + grow >= natural[j]:
            left -= natural[j] - sizes[j]
            sizes[j] = natural[j]
            todo.pop(0)
            continue
        for j in todo:
            give = min(share, left, natural[j] - sizes[j])
            sizes[j] += give
            left -= give
        break
    return sizes


def width_of(text: str) -> int:
    """Return how many terminal columns ``text`` takes (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _tokens(text: str) -> list[str]:
    """Split at spaces; each wide (Chinese) character is a word of its own."""
    return [t for t in _TOKEN.findall(text) if not t.isspace()]


_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_TOKEN = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+|\s+")


def wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> list[str]:
    """Wrap ``text`` to ``width`` terminal columns, at spaces or between Chinese characters.

    ``indent`` starts the first line and ``hang`` (``indent`` when ``None``) the others. A
    word wider than the line is cut inside only when nothing else can be done.
    """
    hang = indent if hang is None else hang
    lines: list[str] = []
    line, used = indent, width_of(indent)
    for token in _TOKEN.findall(" ".join(text.split())):
        size = width_of(token)
        if token.isspace():
            if used > width_of(hang if lines else indent):
                line, used = line + token, used + size
            continue
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = hang, width_of(hang)
        while used + size > width and size > 1:
            # A single word longer than the line: cut it (a URL, say) at the edge.
            room = max(width - used, 1)
            lines.append(line + token[:room])
            token = token[room:]
            size = width_of(token)
            line, used = hang, width_of(hang)
        line, used = line + token, used + size
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _wrap(text: str, width: int) -> list[str]:
    if width_of(text) <= width:
        return [text]
    return wrap(text, width)


def _lines(parts: list[list[str]], sizes: list[int]) -> list[str]:
    height = max(len(p) for p in parts)
    out = []
    for k in range(height):
        line = "  ".join(
            _pad(p[k] if k < len(p) else "", w) for p, w in zip(parts, sizes, strict=True)
        )
        out.append(line.rstrip())
    return out


def _pad(text: str, width: int) -> str:
    return text + " " * (width - width_of(text))
