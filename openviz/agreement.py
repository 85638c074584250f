"""Where the definitions agree and disagree: consensus verdicts, and the contested releases."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from openviz._order import definitions_first
from openviz.catalog import Catalog, load_catalog
from openviz.evaluate import evaluate
from openviz.kinds import KINDS
from openviz.records import Definition, Release

__all__ = ["CONSENSUS_LEVEL", "MAJOR", "consensus", "consensus_verdicts"]

#: Definitions treated as the major ones when calling a model contested. The AI Act counts in
#: the Commission's 2025 reading (its 2024 reading, ``eu-ai-act-53-2``, is the predecessor).
MAJOR = (
    "osaid-1.0",
    "mof",
    "osai-index",
    "open-weight-definition",
    "eu-ai-act-53-2-2025",
    "g7-ai-openness-2026",
)

#: Ladders whose consensus verdict is about a level other than their lowest: a release
#: "qualifies" from that level up. The G7 tiers count from "Open Source AI", the tier the
#: vision itself calls open source; a verdict elsewhere is about the lowest level (MOF class III).
CONSENSUS_LEVEL = {"g7-ai-openness-2026": "open-source-ai"}


def consensus_verdicts(
    frame: pd.DataFrame, definitions: Iterable[Definition] | None = None
) -> pd.DataFrame:
    """Restate the verdicts of the ladders in :data:`CONSENSUS_LEVEL` at their counting level.

    Parameters
    ----------
    frame
        An :func:`openviz.evaluate` frame.
    definitions
        The definitions evaluated (to find each ladder's levels); those named in the frame
        are looked up in the shipped catalogue when ``None``.

    Returns
    -------
    pandas.DataFrame
        The frame (a copy when anything changes) where, for each ladder in
        :data:`CONSENSUS_LEVEL`, ``verdict`` says whether the release reaches that level:
        ``qualifies`` at or above it; below it, ``cannot tell`` when the next level up is
        blocked only by unknown facts, else ``fails``.
    """
    known = {d.id: d for d in definitions or ()}
    out = frame
    for did, level in CONSENSUS_LEVEL.items():
        rows = (frame.definition == did).to_numpy()
        if not rows.any():
            continue
        d = known.get(did) or load_catalog().definition(did)
        need = d.strategy.rank_of(d, level)
        part = frame[rows]
        verdict = np.where(
            part.level_rank.to_numpy() >= need,
            "qualifies",
            np.where(
                (part.unmet == "").to_numpy() & (part.unknown != "").to_numpy(),
                "cannot tell",
                "fails",
            ),
        )
        if out is frame:
            out = frame.copy()
            out["verdict"] = out["verdict"].astype(object)
        out.loc[rows, "verdict"] = verdict
    return out


def consensus(
    definitions: Iterable[str | Definition] | None = None,
    models: Iterable[str | Release] | None = None,
    *,
    catalog: Catalog | None = None,
    collection: str = "curated",
) -> pd.DataFrame:
    """Which definitions each release satisfies and fails, and what splits the contested ones.

    Returns
    -------
    pandas.DataFrame
        One row per release: ``model``, ``name``, ``qualifies``, ``fails``, ``cannot_tell``
        (semicolon-joined definition ids), ``contested`` (qualifies under one major
        definition and fails another), ``splitting`` (for contested releases: each failing
        major definition with the requirements that stop it, ``def: req, req``). Ladders
        named in :data:`CONSENSUS_LEVEL` count at that level (see
        :func:`consensus_verdicts`); other ladders at their lowest level.

    Parameters
    ----------
    definitions
        Definition ids or objects; every definition that gives a verdict when ``None``.
    models
        Release ids or records; the ``collection`` when ``None``. (The older order, models
        first, is still read.)
    catalog
        The catalogue; the shipped one when ``None``.
    collection
        Which releases to use when ``models`` is ``None``.
    """
    catalog = catalog or load_catalog()
    definitions, models = definitions_first(catalog, definitions, models)
    if definitions is None:
        definitions = [d for d in catalog.definitions.values() if d.strategy.has_verdict]
    definitions = [catalog.definition(d) if isinstance(d, str) else d for d in definitions]
    frame = evaluate(definitions, models, catalog=catalog, collection=collection)
    judged = [KINDS[kind].has_verdict for kind in frame.kind]
    frame = consensus_verdicts(frame[judged], definitions)
    rows = []
    for model, part in frame.groupby("model", sort=False):
        by = {
            v: part.definition[part.verdict == v].tolist()
            for v in ("qualifies", "fails", "cannot tell")
        }
        major_ok = [d for d in by["qualifies"] if d in MAJOR]
        major_fail = [d for d in by["fails"] if d in MAJOR]
        contested = bool(major_ok and major_fail)
        split = ""
        if contested:
            split = " | ".join(
                f"{d}: {part.unmet[part.definition == d].item().replace(';', ', ')}"
                for d in major_fail
            )
        rows.append(
            {
                "model": model,
                "name": part.name.iloc[0],
                "qualifies": ";".join(by["qualifies"]),
                "fails": ";".join(by["fails"]),
                "cannot_tell": ";".join(by["cannot tell"]),
                "contested": contested,
                "splitting": split,
            }
        )
    return pd.DataFrame(
        rows,
        columns=["model", "name", "qualifies", "fails", "cannot_tell", "contested", "splitting"],
    )
