"""What changes between two definitions: requirement by requirement, and model by model."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from openviz.asks import Ask, asks, change, describe, treatments
from openviz.catalog import Catalog, load_catalog
from openviz.evaluate import evaluate
from openviz.kinds import KINDS
from openviz.records import Definition, Release

__all__ = [
    "Ask",
    "DefinitionDiff",
    "DefinitionSequence",
    "asks",
    "describe",
    "diff",
    "sequence",
    "treatments",
]


@dataclass(frozen=True)
class DefinitionDiff:
    """The result of :func:`diff`.

    Attributes
    ----------
    a, b
        The two definitions compared (``a`` is the older or reference one).
    requirements
        One row per component or condition whose treatment differs: ``item``, ``change``
        (added, removed, tightened, loosened, changed), ``in_a``, ``in_b``,
        ``requirement_a``, ``requirement_b``.
    models
        One row per release whose verdict, level or score differs: ``model``, ``name``,
        ``verdict_a``, ``verdict_b``, ``level_a``, ``level_b``, ``score_a``, ``score_b``.
    """

    a: Definition
    b: Definition
    requirements: pd.DataFrame
    models: pd.DataFrame


def diff(
    a: str | Definition,
    b: str | Definition,
    models: Iterable[str | Release] | None = None,
    *,
    catalog: Catalog | None = None,
    collection: str = "curated",
) -> DefinitionDiff:
    """Compare two definitions (published, toggled or custom).

    Parameters
    ----------
    a, b
        Definition ids or objects.
    models
        Releases to re-judge; the ``collection`` when ``None``.
    catalog
        The catalogue; the shipped one when ``None``.
    collection
        Which releases to use when ``models`` is ``None``.

    Returns
    -------
    DefinitionDiff
    """
    catalog = catalog or load_catalog()
    da = catalog.definition(a) if isinstance(a, str) else a
    db = catalog.definition(b) if isinstance(b, str) else b
    return DefinitionDiff(
        da, db, _requirement_changes(da, db), _model_changes(da, db, models, catalog, collection)
    )


@dataclass(frozen=True)
class DefinitionSequence:
    """The result of :func:`sequence`.

    Attributes
    ----------
    definitions
        The definitions compared, in sequence order.
    requirements
        One row per (item, definition) for every component or condition whose treatment
        changes somewhere along the sequence: ``item``, ``position`` (0-based),
        ``definition``, ``role`` (required, alternative, substitute, scored, optional,
        absent), ``licenses`` (accepted categories, comma-joined; ``""`` when release alone
        counts), ``part``, ``requirement``, ``description`` (as in :func:`diff`) and
        ``change`` from the previous definition (``""``, added, removed, tightened,
        loosened, changed).
    models
        One row per (release, definition) for every release whose verdict, level or score
        changes somewhere along the sequence: ``model``, ``name``, ``position``,
        ``definition``, ``kind``, ``verdict``, ``level``, ``level_rank``, ``score``,
        ``score_max``, ``unmet``, and ``change`` from the previous definition (``""``,
        ``up``, ``down``, or ``changed`` when the two cannot be ranked).
    """

    definitions: tuple[Definition, ...]
    requirements: pd.DataFrame
    models: pd.DataFrame


_VERDICT_RANK = {"fails": 0, "cannot tell": 1, "qualifies": 2}


def sequence(
    definitions: Iterable[str | Definition],
    models: Iterable[str | Release] | None = None,
    *,
    catalog: Catalog | None = None,
    collection: str = "curated",
) -> DefinitionSequence:
    """Follow definitions in sequence (e.g. the OSAID drafts): what changes, and whom it moves.

    Parameters
    ----------
    definitions
        Two or more definition ids or objects, oldest first.
    models
        Releases to judge; the ``collection`` when ``None``.
    catalog
        The catalogue; the shipped one when ``None``.
    collection
        Which releases to use when ``models`` is ``None``.

    Returns
    -------
    DefinitionSequence
    """
    catalog = catalog or load_catalog()
    defs = tuple(catalog.definition(d) if isinstance(d, str) else d for d in definitions)
    if len(defs) < 2:
        msg = "a definition sequence needs at least two definitions"
        raise ValueError(msg)
    requirements = _sequence_requirements(defs)
    frame = evaluate(list(defs), models, catalog=catalog, collection=collection)
    n = len(frame) // len(defs)
    # Rows come definition by definition, in the order asked (ids may repeat for variants).
    frame = frame.assign(position=np.repeat(np.arange(len(defs)), n))
    keep = ["model", "name", "position", "definition", "kind", "verdict", "level"]
    keep += ["level_rank", "score", "score_max", "unmet"]
    out = frame[keep].copy()
    out["change"] = ""
    moved = np.zeros(n, dtype=bool)
    for k in range(1, len(defs)):
        a = frame.iloc[(k - 1) * n : k * n]
        b = frame.iloc[k * n : (k + 1) * n]
        steps = [_step(x, y) for x, y in zip(a.itertuples(), b.itertuples(), strict=True)]
        out.iloc[k * n : (k + 1) * n, out.columns.get_loc("change")] = steps
        moved |= np.array([c != "" for c in steps], dtype=bool)
    flipped = set(frame.model.iloc[:n][moved])
    out = out[out.model.isin(flipped)].reset_index(drop=True)
    return DefinitionSequence(defs, requirements, out)


def _sequence_requirements(defs: tuple[Definition, ...]) -> pd.DataFrame:
    """Return the rows of :attr:`DefinitionSequence.requirements`, definition by definition."""
    treated = [treatments(d) for d in defs]
    changed: set[str] = set()
    for before, after in itertools.pairwise(treated):
        changed.update(
            item for item in set(before) | set(after) if change(before.get(item), after.get(item))
        )
    rows = []
    for item in sorted(changed):
        for k, (d, treat) in enumerate(zip(defs, treated, strict=True)):
            ask = treat.get(item)
            rows.append(
                {
                    "item": item,
                    "position": k,
                    "definition": d.id,
                    "role": ask.role if ask else "absent",
                    "licenses": ", ".join(sorted(ask.licenses))
                    if ask and ask.licenses is not None
                    else "",
                    "part": ask.part if ask else "",
                    "requirement": ask.requirement if ask else "",
                    "description": describe(ask),
                    "change": change(treated[k - 1].get(item), ask) if k else "",
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "item",
            "position",
            "definition",
            "role",
            "licenses",
            "part",
            "requirement",
            "description",
            "change",
        ],
    )


def _step(a, b) -> str:
    """Direction of one release's change between two definitions."""
    ka, kb = KINDS[a.kind], KINDS[b.kind]
    if ka.has_score or kb.has_score:
        if ka is not kb:
            return "changed"
        same = (pd.isna(a.score) and pd.isna(b.score)) or a.score == b.score
        return "" if same else ("up" if b.score > a.score else "down")
    if ka is kb and ka.ranked:
        if a.level_rank != b.level_rank:
            return "up" if b.level_rank > a.level_rank else "down"
        return "" if a.verdict == b.verdict else _verdict_step(a.verdict, b.verdict)
    if ka is not kb and "" in (a.verdict, b.verdict):
        return "changed" if a.verdict != b.verdict else ""
    return _verdict_step(a.verdict, b.verdict)


def _verdict_step(a: str, b: str) -> str:
    if a == b:
        return ""
    if a in _VERDICT_RANK and b in _VERDICT_RANK:
        return "up" if _VERDICT_RANK[b] > _VERDICT_RANK[a] else "down"
    return "changed"


def _requirement_changes(a: Definition, b: Definition) -> pd.DataFrame:
    sa, sb = treatments(a), treatments(b)
    rows = []
    for item in sorted(set(sa) | set(sb)):
        x, y = sa.get(item), sb.get(item)
        how = change(x, y)
        if how:
            rows.append(
                {
                    "item": item,
                    "change": how,
                    "in_a": describe(x),
                    "in_b": describe(y),
                    "requirement_a": x.requirement if x else "",
                    "requirement_b": y.requirement if y else "",
                }
            )
    return pd.DataFrame(
        rows, columns=["item", "change", "in_a", "in_b", "requirement_a", "requirement_b"]
    )


def _model_changes(
    a: Definition, b: Definition, models, catalog: Catalog, collection: str
) -> pd.DataFrame:
    frame = evaluate([a, b], models, catalog=catalog, collection=collection)
    # Rows come in the order asked for, a then b; a toggled variant may share a's id.
    n = len(frame) // 2
    fa, fb = frame.iloc[:n].set_index("model"), frame.iloc[n:].set_index("model")
    cols = ["model", "name", "verdict_a", "verdict_b", "level_a", "level_b", "score_a", "score_b"]
    rows = []
    for model in fa.index:
        ra, rb = fa.loc[model], fb.loc[model]
        same_score = (pd.isna(ra.score) and pd.isna(rb.score)) or ra.score == rb.score
        if ra.verdict != rb.verdict or ra.level != rb.level or not same_score:
            rows.append(
                {
                    "model": model,
                    "name": ra["name"],
                    "verdict_a": ra.verdict,
                    "verdict_b": rb.verdict,
                    "level_a": ra.level,
                    "level_b": rb.level,
                    "score_a": ra.score,
                    "score_b": rb.score,
                }
            )
    return pd.DataFrame(rows, columns=cols)
