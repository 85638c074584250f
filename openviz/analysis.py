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
from openviz.requirements import node_kind
from openviz.rules import MET, compile_definition, release_table

__all__ = [
    "CONSENSUS_LEVEL",
    "MAJOR",
    "UNKNOWN_COLUMNS",
    "consensus",
    "consensus_verdicts",
    "deciding_unknowns",
    "path_to",
    "sensitivity",
]

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
    if not d.strategy.ranked:
        return 1
    ids = [lv.id for lv in d.levels]
    if level is not None:
        return d.strategy.rank_of(d, level)
    current = int(evaluate(d, [rel], catalog=catalog).level_rank.iloc[0])
    if current >= len(ids):
        return current
    return current + 1


def _reaches(d: Definition, releases: list[Release], rank: int, catalog: Catalog) -> np.ndarray:
    components = tuple(c.id for c in catalog.components)
    table = release_table(releases, components, catalog.licenses)
    rated = compile_definition(d, components).rate(table)
    n = len(releases)
    # The first ``rank`` roots: a binary tree's one root, or the levels up to the target.
    ok = np.ones(n, dtype=bool)
    for root in d.roots()[:rank]:
        if root.enabled:
            ok &= rated[root.id][0] == MET
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
    want: dict = {"accepted": {}, "restricted": set(), "facts": {}, "rules": {}}
    for leaf in _leaves(d):
        node_kind(leaf).gaps(leaf, rel, want)
    accepted: dict[str, list[frozenset[str] | None]] = want["accepted"]
    restricted_scope: set[str] = want["restricted"]
    facts: dict[str, str] = want["facts"]
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
    for name, value in facts.items():
        now = rel.fact(name).value
        rule = want["rules"][name]
        if rule.holds(now, value):
            continue
        change, text = rule.change
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
    level: str | None = None,
) -> pd.DataFrame:
    """For each requirement: which releases would qualify if it alone were dropped.

    "Qualifies" is the definition kind's meaning (:mod:`openviz.kinds`): for a levels
    definition, reaching its lowest level, as in :func:`openviz.evaluate`'s ``verdict``.
    Pass ``level`` (a level id) to count the releases kept from reaching that level instead.

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
    if not d.strategy.has_verdict:
        msg = f"{d.id} is a {d.kind} definition: no verdict for a requirement to decide"
        raise ValueError(msg)
    if level is not None:
        if not d.strategy.ranked:
            msg = f"{d.id} is a {d.kind} definition: it has no levels to reach"
            raise ValueError(msg)
        d.strategy.rank_of(d, level)  # an unknown level is named before any work

    def passes(frame: pd.DataFrame) -> np.ndarray:
        if level is None:
            return d.strategy.qualifies(frame)
        return d.strategy.reaches(frame, d, level)

    base = evaluate(d, rels, catalog=catalog)
    ok_before = passes(base)
    rows = []
    for node in d.walk():
        if not node.enabled or node is d.requirements:
            continue
        frame = evaluate(d.with_toggles({node.id: "off"}), rels, catalog=catalog)
        freed = [
            m for m, a, b in zip(base.model, ok_before, passes(frame), strict=True) if b and not a
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
        definitions = [d for d in catalog.definitions.values() if d.strategy.has_verdict]
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


# -- which unknown facts decide ----------------------------------------------------------------
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
    out = out.sort_values(
        ["flips", "alone", "model", "fact"], ascending=[False, False, True, True], kind="stable"
    ).reset_index(drop=True)
    if by == "release":
        return out
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


def _live_leaves(d: Definition) -> list[Requirement]:
    """Return the enabled leaves whose every ancestor is enabled (the ones that count)."""
    return _leaves(d)


def _unknown_candidates(d: Definition, rel: Release, catalog: Catalog) -> list[dict]:
    """Return the unknown facts of one release that the definition's live rules read."""
    all_components = tuple(c.id for c in catalog.components)
    needs: dict[tuple[str, str], list[str]] = {}
    licensed: dict[str, list[frozenset[str]]] = {}
    for leaf in _live_leaves(d):
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
        good = _license_for(sets, catalog.component(name).type)
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
