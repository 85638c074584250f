"""The questions after a verdict: what would it take, which requirement decides, who agrees."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

from openviz._order import definition_first
from openviz._what_if import enabled_leaves, license_for

# Where the definitions agree lives in openviz.agreement; its names are read here too.
from openviz.agreement import CONSENSUS_LEVEL, MAJOR, consensus, consensus_verdicts
from openviz.catalog import Catalog, load_catalog
from openviz.evaluate import evaluate, resolve
from openviz.records import Definition, Fact, Release
from openviz.requirements import node_kind
from openviz.rules import MET, compile_definition, release_table
from openviz.unknowns import UNKNOWN_COLUMNS, deciding_unknowns

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

# Above this many candidate changes the search goes size by size instead of all subsets.
_EXHAUSTIVE_LIMIT = 14
_MAX_CHANGES = 8


# -- what would it take ----------------------------------------------------------------
def path_to(
    definition: str | Definition,
    model: str | Release,
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
    definition, model
        Ids or records; a toggled or custom definition works too. (The older order, model
        first, is still read.)
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
    definition, model = definition_first(catalog, definition, model)
    defs, rels = resolve(catalog, [definition], [model])
    d, rel = defs[0], rels[0]
    if not d.strategy.has_verdict:
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


def _candidates(d: Definition, rel: Release, catalog: Catalog) -> list[dict]:
    """Every single change that could help: one per component or release fact involved."""
    want: dict = {"accepted": {}, "restricted": set(), "facts": {}, "rules": {}}
    for leaf in enabled_leaves(d):
        node_kind(leaf).gaps(leaf, rel, want)
    accepted: dict[str, list[frozenset[str] | None]] = want["accepted"]
    restricted_scope: set[str] = want["restricted"]
    facts: dict[str, str] = want["facts"]
    out = []
    for cid in list(accepted) + sorted(restricted_scope - set(accepted)):
        fact = rel.component(cid)
        sets = [s for s in accepted.get(cid, []) if s is not None]
        lic = license_for(sets, catalog.component(cid).type)
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
