"""Which unknown facts decide a verdict: the research to-do list (:func:`deciding_unknowns`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

from openviz._what_if import enabled_leaves, license_for
from openviz.catalog import Catalog, load_catalog
from openviz.evaluate import evaluate, resolve
from openviz.records import ACCESS_LEVELS, Definition, Fact, Release
from openviz.requirements import node_kind
from openviz.rules import MET, compile_definition, release_table

__all__ = ["UNKNOWN_COLUMNS", "deciding_unknowns"]

UNKNOWN_COLUMNS = (
    "model",
    "name",
    "fact",
    "kind",
    "flips",
    "definitions",
    "changes",
    "needs",
    "recorded",
    "notes",
    "alone",
)


def deciding_unknowns(
    definitions: Iterable[str | Definition] | str | Definition | None = None,
    models: Iterable[str | Release] | None = None,
    *,
    catalog: Catalog | None = None,
    collection: str = "curated",
    by: str = "release",
) -> pd.DataFrame:
    """List the unknown facts that decide verdicts, levels or scores: the research to-do list.

    An unknown fact is a component whose release status is unknown (or not recorded at
    all), a released component whose license is not recorded where a definition asks for
    one, or a release-level fact (access, monetised, systemic risk) that is unknown. It
    *decides* under a definition when settling it alone, with every other fact as recorded,
    changes what openviz says about the release: the verdict, the class it is sure of or
    the class it cannot rule out, or the score bounds. Each unknown is tried at every value
    that matters to the rules (not released; partly or fully released under a license the
    definition accepts; released under a restrictive license it does not accept; each
    access level; yes and no), using the engine's own three-valued evaluation, so nothing
    here re-implements a rule. Where a release stays uncertain although no single fact
    decides (an ``at least one of`` group of unknowns, say), every unknown that feeds the
    uncertainty is listed with ``alone`` false: those facts decide together. Descriptive
    definitions (no verdict, level or score) are left out.

    Parameters
    ----------
    definitions
        Ids or objects; every definition in the catalogue when ``None``.
    models
        Release ids or objects; the ``collection`` when ``None``.
    catalog
        The catalogue; the shipped one when ``None``.
    collection
        ``curated`` (default), an imported collection, or ``all``.
    by
        ``release`` (default): one row per release and unknown fact. ``fact``: one row per
        component or release-level fact, over every release it is unknown for.

    Returns
    -------
    pandas.DataFrame
        Most decisive first. With ``by="release"``: ``model``, ``name``, ``fact``
        (component id, or ``access``, ``monetised``, ``systemic_risk``), ``kind``
        (``status``, ``license`` or ``release``), ``flips`` (how many definitions' outcomes
        it could change), ``definitions`` (their ids, ``;``-joined), ``changes`` (per
        definition, what openviz says now and what it could say: ``def: now -> a | b``),
        ``needs`` (per definition, what it asks of the fact, e.g. the accepted license
        categories), ``recorded`` (``not recorded``: nothing in the file; ``unknown, searched``:
        an explicit unknown whose notes say what was searched; ``unknown, no notes``;
        ``license not recorded``), ``notes`` (the fact's notes), ``alone`` (it decides on its
        own, not only together with other unknowns). With ``by="fact"``: ``fact``, ``kind``,
        ``releases`` (how many), ``flips`` (summed), ``models`` (``;``-joined),
        ``definitions``.
    """
    if by not in ("release", "fact"):
        msg = f"by must be release or fact, not {by!r}"
        raise ValueError(msg)
    catalog = catalog or load_catalog()
    defs, rels = resolve(catalog, definitions, models, collection=collection)
    out = _unknown_rows(defs, rels, catalog)
    if by == "release":
        return out
    return _by_fact(out)


def _unknown_rows(defs: list[Definition], rels: list[Release], catalog: Catalog) -> pd.DataFrame:
    """Return the ``by="release"`` rows of :func:`deciding_unknowns`, most decisive first."""
    found: dict[tuple[str, str], dict] = {}
    for d in defs:
        if not d.strategy.has_outcome:
            continue  # nothing an unknown could change
        for rel, candidate, change, alone in _deciding_under(d, rels, catalog):
            key = (rel.id, candidate["fact"])
            row = found.get(key)
            if row is None:
                row = found[key] = {
                    "model": rel.id,
                    "name": rel.name,
                    "fact": candidate["fact"],
                    "kind": candidate["kind"],
                    "definitions": [],
                    "changes": [],
                    "needs": [],
                    "recorded": candidate["recorded"],
                    "notes": candidate["notes"],
                    "alone": False,
                }
            row["definitions"].append(d.id)
            row["changes"].append(f"{d.id}: {change}")
            row["needs"].append(f"{d.id}: {candidate['needs']}")
            row["alone"] = row["alone"] or alone
    rows = [
        {
            **row,
            "flips": len(row["definitions"]),
            "definitions": ";".join(row["definitions"]),
            "changes": " | ".join(row["changes"]),
            "needs": " | ".join(row["needs"]),
        }
        for row in found.values()
    ]
    out = pd.DataFrame(rows, columns=list(UNKNOWN_COLUMNS))
    return out.sort_values(
        ["flips", "alone", "model", "fact"], ascending=[False, False, True, True], kind="stable"
    ).reset_index(drop=True)


def _by_fact(out: pd.DataFrame) -> pd.DataFrame:
    """Fold the ``by="release"`` rows into one row per fact, over every release."""
    facts = []
    for (fact, kind), part in out.groupby(["fact", "kind"], sort=False):
        defs_hit = sorted({x for text in part.definitions for x in text.split(";")})
        facts.append(
            {
                "fact": fact,
                "kind": kind,
                "releases": len(part),
                "flips": int(part.flips.sum()),
                "models": ";".join(part.model),
                "definitions": ";".join(defs_hit),
            }
        )
    frame = pd.DataFrame(
        facts, columns=["fact", "kind", "releases", "flips", "models", "definitions"]
    )
    return frame.sort_values(
        ["flips", "releases", "fact"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def _unknown_candidates(d: Definition, rel: Release, catalog: Catalog) -> list[dict]:
    """Return the unknown facts of one release that the definition's live rules read."""
    all_components = tuple(c.id for c in catalog.components)
    needs: dict[tuple[str, str], list[str]] = {}
    licensed: dict[str, list[frozenset[str]]] = {}
    for leaf in enabled_leaves(d):
        for (where, name), need, licenses in node_kind(leaf).unknowns(leaf, all_components):
            needs.setdefault((where, name), []).append(need)
            if where == "component":
                licensed.setdefault(name, [])
                if licenses is not None:
                    licensed[name].append(licenses)
    out = []
    for (where, name), texts in needs.items():
        # What it must be (released, under which licenses) before what it must not be.
        ordered = sorted(dict.fromkeys(texts), key=lambda t: not t.startswith("released"))
        need = "; ".join(ordered)
        if where == "release":
            fact = rel.fact(name)
            if fact.value != "unknown":
                continue
            out.append(
                {
                    "fact": name,
                    "kind": "release",
                    "needs": need,
                    "recorded": _recorded(name in rel.release, fact),
                    "notes": fact.notes,
                    "values": [Fact(v, "", (), "hypothetical") for v in _release_values(name)],
                }
            )
            continue
        fact = rel.component(name)
        sets = licensed.get(name, [])
        good = license_for(sets, catalog.component(name).type)
        bad = _restrictive_license(catalog, sets)
        if fact.value == "unknown":
            values = [
                Fact("no", "", (), "hypothetical"),
                Fact("partial", good, (), "hypothetical"),
                Fact("yes", good, (), "hypothetical"),
                Fact("yes", bad, (), "hypothetical"),
            ]
            kind, recorded = "status", _recorded(name in rel.components, fact)
        elif fact.value in ("yes", "partial") and catalog.licenses.get(fact.license) is None:
            values = [
                Fact(fact.value, good, (), "hypothetical"),
                Fact(fact.value, bad, (), "hypothetical"),
            ]
            kind, recorded = "license", "license not recorded"
        else:
            continue
        out.append(
            {
                "fact": name,
                "kind": kind,
                "needs": need,
                "recorded": recorded,
                "notes": fact.notes,
                "values": values,
            }
        )
    return out


def _recorded(present: bool, fact: Fact) -> str:
    if not present:
        return "not recorded"
    return "unknown, searched" if fact.notes.strip() else "unknown, no notes"


def _release_values(name: str) -> tuple[str, ...]:
    return ACCESS_LEVELS if name == "access" else ("yes", "no")


def _restrictive_license(catalog: Catalog, sets: list[frozenset[str]]) -> str:
    """Pick a real license no accepting requirement takes, with as many restrictions as any."""
    accepted = set().union(*sets) if sets else set()
    best, most = "proprietary", -1
    for lid in catalog.licenses.table_ids():
        lic = catalog.licenses.get(lid)
        if lic.category not in accepted and len(lic.restrictions) > most:
            best, most = lic.id, len(lic.restrictions)
    return best


def _outcomes(d: Definition, rels: list[Release], catalog: Catalog) -> list[tuple]:
    """Say what openviz says of each release: verdict, sure and possible level, score bounds."""
    frame = evaluate(d, rels, catalog=catalog)
    upper = np.zeros(len(rels), dtype=np.int64)
    if d.strategy.ranked:
        components = tuple(c.id for c in catalog.components)
        rated = compile_definition(d, components).rate(
            release_table(rels, components, catalog.licenses)
        )
        could = np.ones(len(rels), dtype=bool)
        for lv in d.levels:
            if lv.requirements.enabled:
                could &= rated[lv.requirements.id][1] == MET
            upper += could
    score = frame.score.fillna(-1).to_numpy()
    best = frame.score_max.fillna(-1).to_numpy()
    return list(
        zip(
            frame.verdict.tolist(),
            frame.level.tolist(),
            frame.level_rank.tolist(),
            upper.tolist(),
            score.tolist(),
            best.tolist(),
            strict=True,
        )
    )


def _uncertain(d: Definition, outcome: tuple) -> bool:
    return d.strategy.uncertain(outcome)


def _outcome_text(d: Definition, outcome: tuple) -> str:
    return d.strategy.outcome_text(d, outcome)


def _deciding_under(d: Definition, rels: list[Release], catalog: Catalog):
    """Yield (release, candidate, change text, alone) for every deciding unknown under d."""
    per_release = [_unknown_candidates(d, rel, catalog) for rel in rels]
    variants, owners = [], []
    for i, (rel, candidates) in enumerate(zip(rels, per_release, strict=True)):
        for j, cand in enumerate(candidates):
            for value in cand["values"]:
                variants.append(_with_fact(rel, cand, value))
                owners.append((i, j))
    if not variants:
        return
    outcomes = _outcomes(d, [*rels, *variants], catalog)
    base, tried = outcomes[: len(rels)], outcomes[len(rels) :]
    seen: dict[tuple[int, int], set[tuple]] = {}
    for (i, j), outcome in zip(owners, tried, strict=True):
        if outcome != base[i]:
            seen.setdefault((i, j), set()).add(outcome)
    decided = {i for i, _ in seen}
    for i, (rel, candidates) in enumerate(zip(rels, per_release, strict=True)):
        now = _outcome_text(d, base[i])
        for j, cand in enumerate(candidates):
            if (i, j) in seen:
                could = sorted({_outcome_text(d, o) for o in seen[(i, j)]})
                yield rel, cand, f"{now} -> {' | '.join(could)}", True
            elif i not in decided and _uncertain(d, base[i]):
                yield rel, cand, f"{now} (decides together with other unknowns)", False


def _with_fact(rel: Release, candidate: dict, value: Fact) -> Release:
    if candidate["kind"] == "release":
        return replace(rel, release={**rel.release, candidate["fact"]: value})
    return replace(rel, components={**rel.components, candidate["fact"]: value})
