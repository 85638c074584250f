"""Compare curated releases with their counterparts in the imported databases.

The imported collections are leads, not sources: where the MOT or the EU index says
something different from a curated record, one of the two needs a second look. This module
lists those places, component by component.

:func:`mof_agreement` checks the engine itself against a second implementation: for every
imported MOT record, openviz's ``mof`` class next to the class the Model Openness Tool's own
evaluator gives it (computed at import, ``origin.mot_class``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from openviz.catalog import Catalog
from openviz.evaluate import evaluate
from openviz.records import Fact, Release
from openviz.rules import MET, compile_definition, release_table

__all__ = [
    "COLUMNS",
    "COUNTERPARTS",
    "MOF_COLUMNS",
    "counterparts",
    "crosscheck",
    "mof_agreement",
    "mof_agreement_text",
]

COLUMNS = (
    "curated",
    "imported",
    "component",
    "curated_status",
    "imported_status",
    "curated_license",
    "imported_license",
    "curated_evidence",
    "imported_evidence",
)

#: Curated id to imported ids describing the same release, where the names alone do not
#: match. Index files describe a family's newest release, so an index record is listed only
#: when that newest release is the curated one (BERT: the index rates the 2018 checkpoints).
COUNTERPARTS: dict[str, tuple[str, ...]] = {
    "bloom-176b": ("mot-bloom",),
    "grok-1": ("mot-grok-1",),
    "llama-3-8b": ("mot-llama-3-8b",),
    "mixtral-8x7b": ("mot-mixtral-8x7b-v0.1",),
    "gemini-1.5-pro": ("mot-gemini-1.5",),
    "olmo-7b": ("mot-olmo-7b-hf",),
    "amber-7b": ("mot-amber",),
    "bert-base": ("osai-bert",),
}

_RELEASED = ("yes", "partial")


def _key(name: str) -> str:
    # "Llama 2 7B", "Llama-2-7B" and "llama_2_7b" name the same release.
    return re.sub(r"[^a-z0-9]", "", name.lower())


def counterparts(
    catalog: Catalog, collections: Iterable[str] = ("mot", "osai-index")
) -> list[tuple[str, str]]:
    """Pairs ``(curated id, imported id)``: the explicit table plus equal normalised names.

    Parameters
    ----------
    catalog
        A catalogue holding the curated and the imported collections.
    collections
        Which imported collections to look in.

    Returns
    -------
    list of tuple
        Sorted, without repeats; table entries whose ids are not loaded are left out.
    """
    wanted = set(collections)
    curated = [r for r in catalog.releases.values() if r.collection == "curated"]
    imported = [r for r in catalog.releases.values() if r.collection in wanted]
    by_name: dict[str, list[str]] = {}
    for rel in imported:
        by_name.setdefault(_key(rel.name), []).append(rel.id)
    ids = {r.id for r in imported}
    pairs = set()
    for rel in curated:
        pairs.update((rel.id, other) for other in by_name.get(_key(rel.name), ()))
        pairs.update((rel.id, other) for other in COUNTERPARTS.get(rel.id, ()) if other in ids)
    return sorted(pairs)


def crosscheck(
    catalog: Catalog, collections: Iterable[str] = ("mot", "osai-index")
) -> pd.DataFrame:
    """List every component on which a curated release and its imported counterpart disagree.

    A component is compared only when both records know its status; it is listed when the
    statuses differ, or when both release it under licenses of different categories.

    Parameters
    ----------
    catalog
        A catalogue holding the curated and the imported collections.
    collections
        Which imported collections to compare with.

    Returns
    -------
    pandas.DataFrame
        One row per disagreement, columns :data:`COLUMNS`; evidence columns hold the URLs,
        separated by ``"; "``.
    """
    order = {c.id: i for i, c in enumerate(catalog.components)}
    rows = []
    for cur_id, imp_id in counterparts(catalog, collections):
        cur, imp = catalog.releases[cur_id], catalog.releases[imp_id]
        for cid in sorted(set(cur.components) | set(imp.components), key=order.get):
            a, b = cur.component(cid), imp.component(cid)
            if "unknown" in (a.value, b.value):
                continue
            if a.value != b.value or _licenses_differ(catalog, a, b):
                rows.append(_row(cur, imp, cid, a, b))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _licenses_differ(catalog: Catalog, a: Fact, b: Fact) -> bool:
    if a.value not in _RELEASED or b.value not in _RELEASED or not (a.license and b.license):
        return False
    la, lb = catalog.licenses.get(a.license), catalog.licenses.get(b.license)
    return (la.category if la else a.license) != (lb.category if lb else b.license)


def _row(cur: Release, imp: Release, cid: str, a: Fact, b: Fact) -> dict:
    return {
        "curated": cur.id,
        "imported": imp.id,
        "component": cid,
        "curated_status": a.value,
        "imported_status": b.value,
        "curated_license": a.license,
        "imported_license": b.license,
        "curated_evidence": "; ".join(e.url for e in a.evidence),
        "imported_evidence": "; ".join(e.url for e in b.evidence),
    }


MOF_COLUMNS = (
    "model",
    "source_files",
    "mot_class",
    "openviz_class",
    "openviz_best",
    "agree",
    "openviz_unmet",
    "openviz_unknown",
)
# openviz's level rank (levels met in order) to the MOF class number the tool uses.
_CLASS_OF_RANK = {0: 0, 1: 3, 2: 2, 3: 1}


def mof_agreement(catalog: Catalog, definition: str = "mof") -> pd.DataFrame:
    """Set openviz's MOF class beside the Model Openness Tool's, for every imported MOT record.

    Parameters
    ----------
    catalog
        A catalogue holding the imported ``mot`` collection.
    definition
        The definition to judge with (default ``mof``), a levels definition of three levels.

    Returns
    -------
    pandas.DataFrame
        One row per MOT record that carries the tool's class (``origin.mot_class``):
        ``model``, ``source_files``, ``mot_class`` (3, 2, 1; 0 for none), ``openviz_class``
        (the class openviz is sure of, same numbering), ``openviz_best`` (the class it
        could reach if every unknown fact were favourable), ``agree`` (both classes equal
        the tool's), ``openviz_unmet`` and ``openviz_unknown`` (what stops the next class
        up, from :func:`openviz.evaluate`).
    """
    rels = [r for r in catalog.models("mot") if "mot_class" in r.origin]
    if not rels:
        return pd.DataFrame(columns=list(MOF_COLUMNS))
    d = catalog.definition(definition)
    frame = evaluate(d, rels, catalog=catalog)
    components = tuple(c.id for c in catalog.components)
    rated = compile_definition(d, components).rate(
        release_table(rels, components, catalog.licenses)
    )
    # The class reachable if every unknown fact were favourable: upper bounds, in order.
    could_reach = np.ones(len(rels), dtype=bool)
    best_rank = np.zeros(len(rels), dtype=np.int64)
    for lv in d.levels:
        if lv.requirements.enabled:
            could_reach &= rated[lv.requirements.id][1] == MET
        best_rank += could_reach
    best = dict(zip((r.id for r in rels), best_rank.tolist(), strict=True))
    rows = []
    for rel, row in zip(rels, frame.itertuples(index=False), strict=True):
        tool = int(rel.origin["mot_class"])
        sure = _CLASS_OF_RANK.get(int(row.level_rank), 0)
        could = _CLASS_OF_RANK.get(best[rel.id], 0)
        rows.append(
            {
                "model": rel.id,
                "source_files": ";".join(rel.source_files),
                "mot_class": tool,
                "openviz_class": sure,
                "openviz_best": could,
                "agree": sure == tool and could == tool,
                "openviz_unmet": row.unmet,
                "openviz_unknown": row.unknown,
            }
        )
    return pd.DataFrame(rows, columns=list(MOF_COLUMNS))


def mof_agreement_text(frame: pd.DataFrame) -> str:
    """One line: how many MOT records get the tool's class from openviz, and how the rest differ.

    A record agrees when openviz is sure of the tool's class; among the others, a wrong class
    is one openviz is sure of, and an unsure one is where openviz states the tool's class but
    cannot rule out a higher one.
    """
    n = len(frame)
    agree = int(frame.agree.sum()) if n else 0
    wrong = int((frame.openviz_class != frame.mot_class).sum()) if n else 0
    share = f" ({100 * agree / n:.1f}%)" if n else ""
    return (
        f"MOF class agreement with the Model Openness Tool's evaluator: {agree} of {n} "
        f"imported MOT records{share}; {wrong} with another class, "
        f"{n - agree - wrong} where openviz cannot tell"
    )
