"""The questions after a verdict: what would it take, which requirement decides, who agrees."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

from openviz.catalog import Catalog, load_catalog
from openviz.evaluate import evaluate, resolve
from openviz.licenses import CATEGORIES
from openviz.records import ACCESS_LEVELS, Definition, Fact, Release, Requirement
from openviz.rules import MET, compile_definition, release_table

__all__ = ["CONSENSUS_LEVEL", "MAJOR", "consensus", "consensus_verdicts", "path_to", "sensitivity"]

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

# Above this many candidate changes the search goes size by size instead of all subsets.
_EXHAUSTIVE_LIMIT = 14
_MAX_CHANGES = 8


# -- what would it take ----------------------------------------------------------------
def path_to(
    model: str | Release,
    definition: str | Definition,
    level: str | None = None,
    *,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Find the smallest sets of changes that would make a release qualify.

    Each change releases (or relicenses) one component under an accepted license, or sets a
    release-level fact (stop monetising, raise the access level, not a systemic-risk model).
    Unknown facts count as changes too: someone must release, or at least document, them.
    The search is exact: it tries every set of changes in increasing size, so every set
    returned is minimal, and all minimal alternatives are listed.

    Parameters
    ----------
    model, definition
        Ids or records; a toggled or custom definition works too.
    level
        For ``levels`` definitions, the level to reach (default: the next one up).
    catalog
        The catalogue; the shipped one when ``None``.

    Returns
    -------
    pandas.DataFrame
        One row per change: ``option`` (1, 2, ... for alternative minimal sets), ``change``
        (``release``, ``relicense``, ``establish``, ``stop-monetising``, ``raise-access``,
        ``not-systemic-risk``), ``target`` (component or fact), ``now`` and ``then``
        (status and license before and after), ``description``. Empty when the release
        already qualifies.
    """
    catalog = catalog or load_catalog()
    defs, rels = resolve(catalog, [definition], [model])
    d, rel = defs[0], rels[0]
    if d.kind not in ("binary", "levels"):
        msg = f"{d.id} is a {d.kind} definition: it gives no verdict to reach"
        raise ValueError(msg)
    target = _target_rank(d, rel, level, catalog)
    if _reaches(d, [rel], target, catalog)[0]:
        return _empty()
    candidates = _candidates(d, rel, catalog)
    found: list[tuple] = []
    for size in range(1, min(len(candidates), _MAX_CHANGES) + 1):
        combos = list(itertools.combinations(range(len(candidates)), size))
        if len(candidates) > _EXHAUSTIVE_LIMIT and len(combos) > 200_000:
            break
        variants = [_apply(rel, [candidates[i] for i in combo]) for combo in combos]
        ok = _reaches(d, variants, target, catalog)
        found = [combos[i] for i in np.flatnonzero(ok)]
        if found:
            break
    if not found:
        msg = f"no set of up to {_MAX_CHANGES} changes makes {rel.id} meet {d.id}"
        raise ValueError(msg)
    rows = []
    for option, combo in enumerate(found, start=1):
        for i in combo:
            rows.append({"option": option, **candidates[i]["row"]})
    return pd.DataFrame(rows, columns=_COLUMNS)


_COLUMNS = ["option", "change", "target", "now", "then", "description"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=_COLUMNS)


def _target_rank(d: Definition, rel: Release, level: str | None, catalog: Catalog) -> int:
    if d.kind == "binary":
        return 1
    ids = [lv.id for lv in d.levels]
    if level is not None:
        if level not in ids:
            msg = f"{d.id} has no level {level!r}; levels: {', '.join(ids)}"
            raise KeyError(msg)
        return ids.index(level) + 1
    current = int(evaluate(d, [rel], catalog=catalog).level_rank.iloc[0])
    if current >= len(ids):
        return current
    return current + 1


def _reaches(d: Definition, releases: list[Release], rank: int, catalog: Catalog) -> np.ndarray:
    components = tuple(c.id for c in catalog.components)
    table = release_table(releases, components, catalog.licenses)
    rated = compile_definition(d, components).rate(table)
    n = len(releases)
    if d.kind == "binary":
        root = d.requirements
        if not root.enabled:
            return np.ones(n, dtype=bool)
        return rated[root.id][0] == MET
    ok = np.ones(n, dtype=bool)
    for lv in d.levels[:rank]:
        if lv.requirements.enabled:
            ok &= rated[lv.requirements.id][0] == MET
    return ok


def _leaves(d: Definition) -> list[Requirement]:
    out = []

    def visit(node: Requirement) -> None:
        if not node.enabled:
            return
        if node.children:
            for child in node.children:
                visit(child)
        else:
            out.append(node)

    for root in d.roots():
        visit(root)
    return out


def _candidates(d: Definition, rel: Release, catalog: Catalog) -> list[dict]:
    """Every single change that could help: one per component or release fact involved."""
    accepted: dict[str, list[frozenset[str] | None]] = {}
    restricted_scope: set[str] = set()
    facts: dict[str, str] = {}
    for leaf in _leaves(d):
        if leaf.kind == "component":
            for cid in (leaf.component, *leaf.substitutes):
                accepted.setdefault(cid, []).append(leaf.licenses)
        elif leaf.condition == "no-restrictions":
            scope = leaf.components or tuple(rel.components)
            restricted_scope.update(scope)
        elif leaf.condition == "not-monetised":
            facts["monetised"] = "no"
        elif leaf.condition == "not-systemic-risk":
            facts["systemic_risk"] = "no"
        elif leaf.condition == "access-at-least":
            need = ACCESS_LEVELS.index(leaf.level)
            best = max(need, ACCESS_LEVELS.index(facts.get("access", leaf.level)))
            facts["access"] = ACCESS_LEVELS[best]
    out = []
    for cid in list(accepted) + sorted(restricted_scope - set(accepted)):
        fact = rel.component(cid)
        sets = [s for s in accepted.get(cid, []) if s is not None]
        lic = _license_for(sets, catalog.component(cid).type)
        current = catalog.licenses.get(fact.license) if fact.license else None
        fits = current is not None and all(current.category in s for s in sets)
        unrestricted = current is not None and not current.restrictions
        if fact.value == "yes" and fits and (cid not in restricted_scope or unrestricted):
            continue
        if (
            fact.value == "yes"
            and cid not in accepted
            and current is not None
            and not current.restrictions
        ):
            continue
        if fact.value in ("no", "partial"):
            change = "release"
            text = f"release {cid} in full under {lic}"
        elif fact.value == "yes" and current is None:
            change = "establish"
            text = f"show that {cid} is licensed under {lic} or similar (no license recorded now)"
        elif fact.value == "unknown":
            change = "establish"
            text = f"show that {cid} is released under {lic} (no evidence recorded now)"
        else:
            change = "relicense"
            text = f"relicense {cid} from {fact.license or 'an unrecorded license'} to {lic}"
        now = f"{fact.value}" + (f", {fact.license}" if fact.license else "")
        out.append(
            {
                "component": cid,
                "fact": Fact("yes", lic, fact.evidence, "hypothetical change"),
                "row": {
                    "change": change,
                    "target": cid,
                    "now": now,
                    "then": f"yes, {lic}",
                    "description": text,
                },
            }
        )
    wording = {
        "monetised": ("stop-monetising", "stop providing it against a price (AI Act recital 103)"),
        "systemic_risk": (
            "not-systemic-risk",
            "not be a systemic-risk model (not in the provider's gift)",
        ),
        "access": ("raise-access", "make it available at the access level {value}"),
    }
    for name, value in facts.items():
        now = rel.fact(name).value
        if (
            name == "access"
            and now in ACCESS_LEVELS
            and ACCESS_LEVELS.index(now) >= ACCESS_LEVELS.index(value)
        ):
            continue
        if name != "access" and now == value:
            continue
        change, text = wording[name]
        out.append(
            {
                "release_fact": name,
                "fact": Fact(value, "", rel.fact(name).evidence, "hypothetical change"),
                "row": {
                    "change": change,
                    "target": name,
                    "now": now,
                    "then": value,
                    "description": text.format(value=value),
                },
            }
        )
    return out


# The kind of license each content type would normally be released under.
_PREFERRED = {
    "code": ("osi-approved",),
    "data": ("open-data", "osi-approved"),
    "document": ("open-data", "open-content", "osi-approved"),
    "access": ("osi-approved",),
}


def _license_for(sets: list[frozenset[str]], component_type: str) -> str:
    """Pick a real license every accepting requirement takes, of the kind fit for the type."""
    common = set(CATEGORIES)
    for s in sets:
        common &= s
    pool = common or (set(sets[0]) if sets else {"osi-approved"})
    order = [*_PREFERRED.get(component_type, ()), *CATEGORIES]
    category = next(c for c in order if c in pool)
    examples = {
        "osi-approved": "Apache-2.0",
        "open-data": "CC-BY-4.0",
        "open-content": "GFDL-1.3-or-later",
        "permissive-non-osi": "Apache-2.0",
    }
    return examples.get(category, "Apache-2.0")


def _apply(rel: Release, changes: list[dict]) -> Release:
    comps = dict(rel.components)
    facts = dict(rel.release)
    for ch in changes:
        if "component" in ch:
            comps[ch["component"]] = ch["fact"]
        else:
            facts[ch["release_fact"]] = ch["fact"]
    return replace(rel, components=comps, release=facts)


# -- which requirement decides ------------------------------------------------------------
def sensitivity(
    definition: str | Definition,
    models: Iterable[str | Release] | None = None,
    *,
    catalog: Catalog | None = None,
    collection: str = "curated",
) -> pd.DataFrame:
    """For each requirement: which releases would qualify if it alone were dropped.

    Returns
    -------
    pandas.DataFrame
        One row per enabled requirement, most decisive first: ``requirement``, ``label``,
        ``kind``, ``freed`` (how many releases it alone keeps out), ``models``
        (semicolon-joined ids), ``pivotal_for`` (same list; a requirement is pivotal for a
        release when dropping it alone turns fails into qualifies).
    """
    catalog = catalog or load_catalog()
    defs, rels = resolve(catalog, [definition], models, collection=collection)
    d = defs[0]
    if d.kind not in ("binary", "levels"):
        msg = f"{d.id} is a {d.kind} definition: no verdict for a requirement to decide"
        raise ValueError(msg)
    base = evaluate(d, rels, catalog=catalog)
    ok_before = _passes(base, d)
    rows = []
    for node in d.walk():
        if not node.enabled or node is d.requirements:
            continue
        frame = evaluate(d.with_toggles({node.id: "off"}), rels, catalog=catalog)
        freed = [
            m
            for m, a, b in zip(base.model, ok_before, _passes(frame, d), strict=True)
            if b and not a
        ]
        rows.append(
            {
                "requirement": node.id,
                "label": node.title(),
                "kind": node.kind,
                "freed": len(freed),
                "models": ";".join(freed),
            }
        )
    out = pd.DataFrame(rows, columns=["requirement", "label", "kind", "freed", "models"])
    return out.sort_values(
        ["freed", "requirement"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def _passes(frame: pd.DataFrame, d: Definition) -> np.ndarray:
    if d.kind == "levels":
        # For a ladder, "qualifies" means reaching the top class.
        return (frame.level_rank == len(d.levels)).to_numpy()
    return (frame.verdict == "qualifies").to_numpy()


# -- consensus and contest ---------------------------------------------------------------
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
        need = [lv.id for lv in d.levels].index(level) + 1
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
    models: Iterable[str | Release] | None = None,
    definitions: Iterable[str | Definition] | None = None,
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
    """
    catalog = catalog or load_catalog()
    if definitions is None:
        definitions = [d for d in catalog.definitions.values() if d.kind in ("binary", "levels")]
    definitions = [catalog.definition(d) if isinstance(d, str) else d for d in definitions]
    frame = evaluate(definitions, models, catalog=catalog, collection=collection)
    frame = consensus_verdicts(frame[frame.kind.isin(["binary", "levels"])], definitions)
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
