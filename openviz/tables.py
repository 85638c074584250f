"""Listings of the catalogue as tidy frames, and plain-text tables for the terminal."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from openviz._safe_text import visible
from openviz.catalog import Catalog
from openviz.records import Release

__all__ = ["FACT_COLUMNS", "facts", "listing", "text_table"]

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
    if what == "definitions":
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
    if what == "models":
        return pd.DataFrame(
            [
                {
                    "id": r.id,
                    "name": r.name,
                    "family": r.family,
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
                "organisation",
                "release_date",
                "stage",
                "collection",
                "source_file",
                "source_files",
                "evidence_date",
            ],
        )
    if what == "components":
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
    if what == "licenses":
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
    msg = f"cannot list {what!r}; choose definitions, models, components or licenses"
    raise ValueError(msg)


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


def text_table(frame: pd.DataFrame, width: int = 60) -> str:
    """Render a frame as an aligned text table, cutting long cells to ``width`` characters."""
    if frame.empty:
        return "(nothing to show)"

    def cut(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        # Running text keeps its words on one line; anything else that could act on a
        # terminal (escapes, carriage returns, bidi controls) is shown as an escape.
        text = visible(str(value).replace("\n", " ").replace("\t", " "))
        return text if len(text) <= width else text[: width - 1] + "…"

    cols = list(frame.columns)
    cells = [[cut(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)
