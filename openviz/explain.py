"""Why a release gets its verdict: one row per requirement, with the fact and its evidence."""

from __future__ import annotations

import pandas as pd

from openviz.catalog import Catalog, load_catalog
from openviz.evaluate import resolve
from openviz.records import Definition, Release, Requirement
from openviz.rules import MET, PARTIAL, UNMET, compile_definition, release_table

__all__ = ["RESULTS", "explain"]

#: Result values of a requirement.
RESULTS = ("met", "partial", "unmet", "unknown", "off")

COLUMNS = (
    "model",
    "definition",
    "part",
    "requirement",
    "parent",
    "depth",
    "kind",
    "label",
    "paraphrase",
    "result",
    "fact",
    "license",
    "license_category",
    "evidence_url",
    "evidence_shows",
    "evidence_checked",
    "note",
    "source",
    "source_url",
)


def explain(
    model: str | Release,
    definition: str | Definition,
    *,
    catalog: Catalog | None = None,
    toggles: dict[str, object] | None = None,
) -> pd.DataFrame:
    """Explain one release under one definition, requirement by requirement.

    Parameters
    ----------
    model
        Release id or record.
    definition
        Definition id or object (toggled or custom).
    catalog
        Catalogue for ids; the shipped one when ``None``.
    toggles
        Toggles to apply to the definition first.

    Returns
    -------
    pandas.DataFrame
        One row per requirement node, in tree order: ``part`` (the level or dimension id,
        or ``""``), ``requirement``, ``parent``, ``depth``, ``kind``, ``label``,
        ``paraphrase``, ``result`` (met, partial, unmet, unknown; ``off`` when switched off),
        ``fact`` (what the release record says), ``license`` and ``license_category``,
        ``evidence_url`` and ``evidence_shows`` (first evidence item), ``evidence_checked``
        (for a component recorded as not released: the places looked at, ``"; "``-joined
        over its evidence), ``note`` (how it was
        met, warnings), ``source`` and ``source_url`` (where the definition says it).
    """
    catalog = catalog or load_catalog()
    tg = (
        {definition if isinstance(definition, str) else definition.id: toggles} if toggles else None
    )
    defs, rels = resolve(catalog, [definition], [model], tg)
    d, rel = defs[0], rels[0]
    components = tuple(c.id for c in catalog.components)
    table = release_table([rel], components, catalog.licenses)
    compiled = compile_definition(d, components)
    rated = compiled.rate(table)
    rows = []
    parts: list[tuple[str, Requirement]]
    if d.kind == "binary":
        parts = [("", d.requirements)]
    elif d.kind == "levels":
        parts = [(lv.id, lv.requirements) for lv in d.levels]
    else:
        parts = [(dim.id, dim.requirements) for dim in d.dimensions]
    for part, root in parts:
        _rows(root, "", 0, part, rel, d, rated, catalog, rows, parent_on=True)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _result(lo: int, hi: int) -> str:
    if lo != hi:
        return "unknown"
    return {MET: "met", PARTIAL: "partial", UNMET: "unmet"}[lo]


def _rows(node, parent, depth, part, rel, d, rated, catalog, rows, parent_on) -> None:
    lo, hi = (int(x[0]) for x in rated[node.id])
    on = parent_on and node.enabled
    result = _result(lo, hi) if on else "off"
    fact, lic, cat, ev, note = _fact(node, rel, catalog, lo, hi)
    if not node.enabled:
        note = "; ".join(
            x
            for x in (
                "switched off: not required"
                if node.published_enabled
                else "optional: not required unless switched on",
                note,
            )
            if x
        )
    rows.append(
        {
            "model": rel.id,
            "definition": d.id,
            "part": part,
            "requirement": node.id,
            "parent": parent,
            "depth": depth,
            "kind": node.kind,
            "label": node.title("en"),
            "paraphrase": node.paraphrase,
            "result": result,
            "fact": fact,
            "license": lic,
            "license_category": cat,
            "evidence_url": ev.url if ev else "",
            "evidence_shows": ev.shows if ev else "",
            "evidence_checked": _checked(node, rel),
            "note": note,
            "source": node.source,
            "source_url": d.source_url(node.source),
        }
    )
    for child in node.children:
        _rows(child, node.id, depth + 1, part, rel, d, rated, catalog, rows, on)


def _fact(node: Requirement, rel: Release, catalog: Catalog, lo: int, hi: int):
    """Describe the fact a node used: text, license, category, first evidence, note."""
    if node.kind in ("all_of", "any_of"):
        how = "all of" if node.kind == "all_of" else "at least one of"
        live = [c.id for c in node.children if c.enabled]
        text = f"needs {how}: {', '.join(live)}" if live else "nothing left to require"
        return text, "", "", None, ""
    if node.kind == "component":
        return _component_fact(node, rel, catalog)
    return _condition_fact(node, rel, catalog)


def _component_fact(node: Requirement, rel: Release, catalog: Catalog):
    chosen = node.component
    note = ""
    # Report the component that decided: the named one, else the best substitute.
    best = None
    for cid in (node.component, *node.substitutes):
        fact = rel.component(cid)
        lic = catalog.licenses.get(fact.license) if fact.license else None
        ok_lic = node.licenses is None or (lic is not None and lic.category in node.licenses)
        rank = {"yes": 3 if ok_lic else 2, "partial": 1}.get(fact.value, 0)
        if best is None or rank > best[0]:
            best = (rank, cid)
    if best and best[1] != node.component and best[0] >= 2:
        chosen = best[1]
        note = f"met through {chosen}, which may stand in for {node.component}"
    fact = rel.component(chosen)
    lic = catalog.licenses.get(fact.license) if fact.license else None
    cat = lic.category if lic else ""
    text = f"{chosen}: {fact.value}"
    if fact.value in ("yes", "partial"):
        text += f", license {fact.license}" if fact.license else ", license not recorded"
        if lic is not None:
            text += f" ({lic.category})"
    if fact.value == "unknown":
        # An unknown someone researched (notes say what was searched) is not one nobody
        # looked for.
        text += " (searched, not settled)" if fact.notes else " (no evidence recorded)"
    if node.licenses is not None and fact.value == "yes":
        if lic is None:
            note = _add(note, "license not recorded, so it cannot be told whether it is accepted")
        elif lic.category not in node.licenses:
            note = _add(
                note,
                f"license category {lic.category} is not accepted "
                f"(accepted: {', '.join(sorted(node.licenses))})",
            )
        elif node.preferred_licenses is not None and lic.category not in node.preferred_licenses:
            note = _add(
                note,
                f"warning: {lic.category} is accepted but not the preferred kind "
                f"({', '.join(sorted(node.preferred_licenses))})",
            )
    if fact.value == "partial" and not node.accept_partial:
        note = _add(note, "only partly released")
    if fact.notes:
        note = _add(note, fact.notes)
    ev = fact.evidence[0] if fact.evidence else None
    return text, fact.license, cat, ev, note


def _condition_fact(node: Requirement, rel: Release, catalog: Catalog):
    if node.condition == "no-restrictions":
        kinds = set(node.restrictions) if node.restrictions else None
        scope = node.components or tuple(rel.components)
        found, unsure = [], []
        ev = None
        for cid in scope:
            fact = rel.component(cid)
            if fact.value not in ("yes", "partial"):
                continue
            lic = catalog.licenses.get(fact.license) if fact.license else None
            if lic is None:
                unsure.append(cid)
                continue
            hits = [r for r in lic.restrictions if kinds is None or r in kinds]
            if hits:
                found.append(f"{cid} under {lic.id}: {', '.join(hits)}")
                ev = ev or (fact.evidence[0] if fact.evidence else None)
        if found:
            text = "restricted: " + "; ".join(found)
        elif unsure:
            text = "no restriction found, but licenses not recorded for: " + ", ".join(unsure)
        else:
            text = "no restricting license on any released component"
        return text, "", "", ev, ""
    name = {
        "not-monetised": "monetised",
        "not-systemic-risk": "systemic_risk",
        "access-at-least": "access",
    }[node.condition]
    fact = rel.fact(name)
    text = f"{name}: {fact.value}"
    if node.condition == "access-at-least":
        text += f" (needs at least {node.level})"
    ev = fact.evidence[0] if fact.evidence else None
    return text, "", "", ev, fact.notes


def _checked(node: Requirement, rel: Release) -> str:
    """Return the places checked for a component leaf's fact (evidence of absence)."""
    if node.kind != "component":
        return ""
    fact = rel.component(node.component)
    return "; ".join(dict.fromkeys(place for ev in fact.evidence for place in ev.checked))


def _add(note: str, more: str) -> str:
    return f"{note}; {more}" if note else more
