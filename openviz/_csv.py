"""CSV that a spreadsheet opens as text: no cell ever runs as a formula.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by spreadsheet programs (``=HYPERLINK(...)`` becomes a link that sends data away);
such a cell gets a leading ``'`` so that it stays text (OWASP's advice). Numbers written as
text (``-1.5``) are left alone. Every CSV openviz writes, from ``export`` and from the
command line, goes through :func:`write_csv`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress

import pandas as pd

__all__ = ["cell", "frame_csv", "write_csv"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """Return ``value`` ready for a CSV cell: lists as JSON, nothing as ``""``, formulas as text."""
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        with suppress(ValueError):
            float(value)
            return value
        return "'" + value
    return value


def write_csv(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """Write rows (mappings of column to value) as CSV text with a header line."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(v) for k, v in row.items()})
    return buffer.getvalue()


def frame_csv(frame: pd.DataFrame) -> str:
    """Write a frame as CSV text, index left out, through :func:`write_csv`."""
    columns = [str(c) for c in frame.columns]
    rows = (
        dict(zip(columns, values, strict=True))
        for values in frame.itertuples(index=False, name=None)
    )
    return write_csv(columns, rows)
