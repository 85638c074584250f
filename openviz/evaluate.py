"""Verdicts, levels and scores for any definitions over any releases, as one tidy frame."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from openviz.catalog import Catalog, load_catalog
from openviz.problems import NotFound
from openviz.records import Definition, Release, Requirement
from openviz.rules import (
    Bounds,
    ReleaseTable,
    compile_definition,
    release_table,
)
from openviz.verdicts import _VERDICT_LABELS as _VERDICT_LABELS
from openviz.verdicts import Coded as Coded
from openviz.verdicts import Judged as Judged
from openviz.verdicts import _join_coded as _join_coded
from openviz.verdicts import _judge_binary as _judge_binary
from openviz.verdicts import _judge_dimensions as _judge_dimensions
from openviz.verdicts import _judge_levels as _judge_levels
from openviz.verdicts import _judged as _judged
from openviz.verdicts import judge as judge

__all__ = ["RATINGS", "VERDICTS", "evaluate", "ratings", "resolve"]

#: Verdict values, in chart order.
VERDICTS = ("qualifies", "cannot tell", "fails")
#: Rating values of one requirement, dimension or level (see :func:`ratings`).
RATINGS = ("met", "partial", "unmet", "unknown", "off")

COLUMNS = (
    "model",
    "name",
    "family",
    "organisation",
    "release_date",
    "collection",
    "definition",
    "kind",
    "verdict",
    "level",
    "level_rank",
    "score",
    "score_max",
    "unmet",
    "unknown",
    "modified",
)


def resolve(
    catalog: Catalog,
    definitions: Iterable[str | Definition] | str | Definition | None = None,
    models: Iterable[str | Release] | str | Release | None = None,
    toggles: Mapping[str, Mapping[str, object]] | None = None,
    collection: str | Sequence[str] = "curated",
) -> tuple[list[Definition], list[Release]]:
    """Turn ids or records into definition and release objects, applying toggles."""
    if definitions is None:
        defs = list(catalog.definitions.values())
    else:
        if isinstance(definitions, (str, Definition)):
            definitions = [definitions]
        defs = [catalog.definition(d) if isinstance(d, str) else d for d in definitions]
    toggles = toggles or {}
    unknown = sorted(set(toggles) - {d.id for d in defs})
    if unknown:
        msg = f"toggles name definitions not being evaluated: {', '.join(unknown)}"
        raise NotFound(msg)
    defs = [d.with_toggles(toggles[d.id]) if d.id in toggles else d for d in defs]
    if models is None:
        rels = list(catalog.models(collection))
    else:
        if isinstance(models, (str, Release)):
            models = [models]
        rels = [catalog.release(m) if isinstance(m, str) else m for m in models]
    return defs, rels


def evaluate(
    definitions: Iterable[str | Definition] | str | Definition | None = None,
    models: Iterable[str | Release] | str | Release | None = None,
    *,
    catalog: Catalog | None = None,
    toggles: Mapping[str, Mapping[str, object]] | None = None,
    collection: str | Sequence[str] = "curated",
) -> pd.DataFrame:
    """Judge releases against definitions.

    Parameters
    ----------
    definitions
        Definition ids or objects (a toggled or custom one); every definition when ``None``.
    models
        Release ids or objects; the ``collection`` when ``None``.
    catalog
        The catalogue to read ids from; the shipped one when ``None``.
    toggles
        Definition id to toggles (see :meth:`Definition.with_toggles`).
    collection
        ``curated`` (default), an imported collection's name, several, or ``all``.

    Returns
    -------
    pandas.DataFrame
        One row per (model, definition) with the columns ``model``, ``name``, ``family``,
        ``organisation``, ``release_date``, ``collection``, ``definition``, ``kind``,
        ``verdict`` (qualifies, fails, cannot tell; empty for score and descriptive kinds),
        ``level`` (levels kind: highest level reached, ``""`` for none), ``level_rank``
        (0 = none), ``score`` and ``score_max`` (score kind; unknown dimensions earn
        nothing), ``unmet`` and ``unknown`` (semicolon-joined requirement ids: what stops the
        release, and what could not be told), ``modified`` (toggles applied).
    """
    catalog = catalog or load_catalog()
    defs, rels = resolve(catalog, definitions, models, toggles, collection)
    if not defs:
        return pd.DataFrame(columns=list(COLUMNS))
    components = tuple(c.id for c in catalog.components)
    # The same releases give the same table object, which keeps what was computed on it:
    # verdicts per compiled definition (a definition with toggles is its own object), leaf
    # ratings, codes. A toggle therefore re-judges one definition, from cached leaves.
    table = release_table(rels, components, catalog.licenses)
    judged = [_judged(compile_definition(d, components), table) for d in defs]
    return _long_frame(judged, _meta(table, rels), len(rels))


RATING_COLUMNS = (
    "model",
    "name",
    "family",
    "release_date",
    "collection",
    "definition",
    "kind",
    "part",
    "group",
    "requirement",
    "parent",
    "depth",
    "node",
    "rating",
    "credit",
    "credit_max",
)


def ratings(
    definitions: Iterable[str | Definition] | str | Definition | None = None,
    models: Iterable[str | Release] | str | Release | None = None,
    *,
    catalog: Catalog | None = None,
    toggles: Mapping[str, Mapping[str, object]] | None = None,
    collection: str | Sequence[str] = "curated",
    depth: int | None = None,
) -> pd.DataFrame:
    """Rate releases on every part of every definition: dimensions, levels, requirements.

    Where :func:`evaluate` gives one verdict per (model, definition), this gives the ratings
    behind it, from the same compiled rules.

    Parameters
    ----------
    definitions, models, catalog, toggles, collection
        As for :func:`evaluate`.
    depth
        How deep into each part's requirement tree to go: ``0`` gives only the part roots
        (one row per dimension, per level, or the whole binary definition), ``1`` adds their
        direct children, ``None`` (default) every node.

    Returns
    -------
    pandas.DataFrame
        One row per (model, definition, requirement node) with the columns ``model``,
        ``name``, ``family``, ``release_date``, ``collection``, ``definition``, ``kind``,
        ``part`` (level or dimension id; ``""`` for binary definitions), ``group`` (the
        dimension's group), ``requirement`` (node id), ``parent`` (``""`` at a part root),
        ``depth`` (0 at a part root), ``node`` (all_of, any_of, component, condition),
        ``rating`` (one of :data:`RATINGS`; ``off`` when the node or one above it is
        switched off), and for the roots of score and descriptive dimensions ``credit``
        (what the dimension earns; unknown earns nothing) and ``credit_max`` (what it
        could earn if every unknown fact were favourable); both are NaN elsewhere.
    """
    catalog = catalog or load_catalog()
    defs, rels = resolve(catalog, definitions, models, toggles, collection)
    components = tuple(c.id for c in catalog.components)
    table = release_table(rels, components, catalog.licenses)
    meta = {
        "model": np.array([r.id for r in rels], dtype=object),
        "name": np.array([r.name for r in rels], dtype=object),
        "family": np.array([r.family for r in rels], dtype=object),
        "release_date": np.array([r.release_date for r in rels], dtype=object),
        "collection": np.array([r.collection for r in rels], dtype=object),
    }
    columns: dict[str, list[np.ndarray]] = {c: [] for c in RATING_COLUMNS}
    for d in defs:
        rated = compile_definition(d, components).rate(table)
        for part, group, root in _parts(d):
            _rate_rows(d, rated, part, group, root, meta, depth, columns)
    if not columns["model"]:
        return pd.DataFrame(columns=list(RATING_COLUMNS))
    return pd.DataFrame({key: np.concatenate(parts) for key, parts in columns.items()})


def _parts(d: Definition) -> list[tuple[str, str, Requirement]]:
    """Return the rated parts of a definition: (part id, group, requirement root)."""
    return d.strategy.rated_parts(d)


_RATING_NAMES = np.array(["unmet", "partial", "met"], dtype=object)


def _rate_rows(
    d: Definition,
    rated: dict[str, Bounds],
    part: str,
    group: str,
    root: Requirement,
    meta: dict[str, np.ndarray],
    depth: int | None,
    columns: dict[str, list[np.ndarray]],
) -> None:
    """Append the rating rows of one part's tree (down to ``depth``) to ``columns``."""
    n = len(meta["model"])
    scored = d.strategy.rates_dimensions
    credit = np.array(
        [d.credit.get("closed", 0), d.credit.get("partial", 0.5), d.credit.get("open", 1)]
    )
    nan = np.full(n, np.nan)
    stack = [(root, "", 0, True)]
    while stack:
        node, parent, level, on = stack.pop()
        on = on and node.enabled
        lo, hi = rated[node.id]
        rating = np.where(lo != hi, "unknown", _RATING_NAMES[lo]).astype(object)
        if not on:
            rating[:] = "off"
        earned = best = nan
        if scored and level == 0 and on:
            earned, best = credit[lo], credit[hi]
        for key, values in meta.items():
            columns[key].append(values)
        for key, value in (
            ("definition", d.id),
            ("kind", d.kind),
            ("part", part),
            ("group", group),
            ("requirement", node.id),
            ("parent", parent),
            ("node", node.kind),
        ):
            columns[key].append(np.full(n, value, dtype=object))
        columns["depth"].append(np.full(n, level, dtype=np.int64))
        columns["rating"].append(rating)
        columns["credit"].append(earned)
        columns["credit_max"].append(best)
        if depth is None or level < depth:
            # Reversed so that the stack yields children in tree order (depth first).
            stack.extend((c, node.id, level + 1, on) for c in reversed(node.children))


# -- the long frame ------------------------------------------------------------------------------
_META = ("model", "name", "family", "organisation", "release_date", "collection")


def _strings(values) -> pd.api.extensions.ExtensionArray:
    """Return a text column as pandas infers it (``str`` in pandas 3, ``object`` before)."""
    return pd.Series(np.asarray(values, dtype=object), copy=False).array


def _meta(table: ReleaseTable, rels: Sequence[Release]) -> dict:
    """Return the release columns of the frame, built once per table."""
    return table.memo(
        ("meta",),
        lambda: {
            "model": _strings([r.id for r in rels]),
            "name": _strings([r.name for r in rels]),
            "family": _strings([r.family for r in rels]),
            "organisation": _strings([r.organisation for r in rels]),
            "release_date": _strings([r.release_date for r in rels]),
            "collection": _strings([r.collection for r in rels]),
        },
    )


def _stack(columns: list[Coded]) -> pd.api.extensions.ExtensionArray:
    """One text column from several coded ones, in order: a single take."""
    offsets = np.cumsum([0, *(len(c.texts) for c in columns[:-1])])
    codes = np.concatenate(
        [c.codes.astype(np.intp) + at for c, at in zip(columns, offsets, strict=True)]
    )
    return _strings(np.concatenate([c.texts for c in columns])).take(codes)


def _long_frame(judged: list[Judged], meta: dict, n: int) -> pd.DataFrame:
    """Build the tidy frame: a row per (definition, release), definitions in turn."""
    m = len(judged)
    rows = np.tile(np.arange(n), m)
    which = np.repeat(np.arange(m), n)
    nan = np.full(n, np.nan)
    columns = {key: meta[key].take(rows) for key in _META}
    columns["definition"] = _strings([j.definition for j in judged]).take(which)
    columns["kind"] = _strings([j.kind for j in judged]).take(which)
    columns["verdict"] = _stack([Coded(_VERDICT_LABELS, j.verdict) for j in judged])
    columns["level"] = _stack([Coded(j.levels, j.rank) for j in judged])
    columns["level_rank"] = np.concatenate([j.rank for j in judged])
    columns["score"] = np.concatenate([nan if j.score is None else j.score for j in judged])
    columns["score_max"] = np.concatenate(
        [nan if j.score_max is None else j.score_max for j in judged]
    )
    columns["unmet"] = _stack([j.unmet for j in judged])
    columns["unknown"] = _stack([j.unknown for j in judged])
    columns["modified"] = np.repeat(np.array([j.modified for j in judged], dtype=bool), n)
    return pd.DataFrame({key: columns[key] for key in COLUMNS}, copy=False)
