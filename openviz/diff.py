"""What changes between two definitions: requirement by requirement, and model by model."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from openviz.catalog import Catalog, load_catalog
from openviz.evaluate import evaluate
from openviz.i18n import label, text
from openviz.kinds import KINDS
from openviz.records import Definition, Release, Requirement
from openviz.requirements import node_kind

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

# How strongly a definition asks for something, weakest first.
_STRENGTH = {
    "absent": 0,
    "optional": 1,
    "scored": 2,
    "substitute": 2,
    "alternative": 3,
    "required": 4,
}


@dataclass(frozen=True)
class Ask:
    """What a definition asks of one component or release condition.

    Attributes
    ----------
    item
        A component id, or ``condition:<name>`` for release-level conditions
        (``condition:no-restrictions=<kind>``, one per restriction kind a licence test
        checks; ``condition:access-at-least=<level>``).
    role
        ``required``, ``alternative`` (one of an ``any_of``), ``substitute`` (may stand in for
        another), ``scored`` (a score or descriptive dimension reads it), or ``optional``.
    licenses
        Accepted license categories, or ``None`` when release alone counts.
    part
        The level or dimension id where it is asked (``""`` for binary definitions).
    requirement
        The requirement id that asks it.
    """

    item: str
    role: str
    licenses: frozenset[str] | None
    part: str
    requirement: str


def asks(definition: Definition) -> list[Ask]:
    """List everything a definition asks, leaf by leaf, with the role the tree gives it."""
    out: list[Ask] = []
    scored = definition.strategy.rates_dimensions

    def visit(node: Requirement, part: str, role: str) -> None:
        if not node.enabled:
            role = "optional"
        if node.rule.is_group:
            child_role = role
            if not node.rule.all_needed and role == "required" and len(node.children) > 1:
                child_role = "alternative"
            for child in node.children:
                visit(child, part, child_role)
            return
        out.extend(
            Ask(item, r, lic, part, node.id)
            for item, r, lic in node_kind(node).asks(node, role, part)
        )

    base = "scored" if scored else "required"
    for part, _, root in definition.strategy.rated_parts(definition):
        visit(root, part, base)
    return out


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
    treatments = [_strongest(asks(d)) for d in defs]
    changed: set[str] = set()
    for before, after in itertools.pairwise(treatments):
        changed.update(
            item for item in set(before) | set(after) if _change(before.get(item), after.get(item))
        )
    rows = []
    for item in sorted(changed):
        for k, (d, treat) in enumerate(zip(defs, treatments, strict=True)):
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
                    "description": _describe(ask),
                    "change": _change(treatments[k - 1].get(item), ask) if k else "",
                }
            )
    requirements = pd.DataFrame(
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
        change = [_step(x, y) for x, y in zip(a.itertuples(), b.itertuples(), strict=True)]
        out.iloc[k * n : (k + 1) * n, out.columns.get_loc("change")] = change
        moved |= np.array([c != "" for c in change], dtype=bool)
    flipped = set(frame.model.iloc[:n][moved])
    out = out[out.model.isin(flipped)].reset_index(drop=True)
    return DefinitionSequence(defs, requirements, out)


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


def _strongest(items: list[Ask]) -> dict[str, Ask]:
    best: dict[str, Ask] = {}
    for ask in items:
        cur = best.get(ask.item)
        if cur is None or _STRENGTH[ask.role] > _STRENGTH[cur.role]:
            best[ask.item] = ask
    return best


def treatments(definition: Definition) -> dict[str, Ask]:
    """Return each component or condition a definition asks for, with its strongest role."""
    return _strongest(asks(definition))


def describe(ask: Ask | None, lang: str = "en", catalog: Catalog | None = None) -> str:
    """Say how a definition asks for one item: ``required at class-3 (licenses: ...)``.

    Parameters
    ----------
    ask
        The item's treatment (from :func:`treatments`); ``None`` when it is not asked.
    lang
        ``en`` (the words of :func:`diff`'s ``in_a`` and ``in_b``) or ``zh``.
    catalog
        Labels the license categories in Chinese; their ids are used without it.
    """
    if lang == "en":
        return _describe(ask)
    if ask is None:
        return text("absent", lang)
    words = text(ask.role, lang) + (f"（{ask.part}）" if ask.part else "")
    if ask.licenses is not None:
        names = [
            label(catalog, "category", c, lang) if catalog else c for c in sorted(ask.licenses)
        ]
        words += f"（{text('license', lang)}：{'、'.join(names)}）"
    return words


def _describe(ask: Ask | None) -> str:
    if ask is None:
        return "absent"
    words = ask.role + (f" at {ask.part}" if ask.part else "")
    if ask.licenses is not None:
        words += f" (licenses: {', '.join(sorted(ask.licenses))})"
    return words


def _requirement_changes(a: Definition, b: Definition) -> pd.DataFrame:
    sa, sb = _strongest(asks(a)), _strongest(asks(b))
    rows = []
    for item in sorted(set(sa) | set(sb)):
        x, y = sa.get(item), sb.get(item)
        change = _change(x, y)
        if change:
            rows.append(
                {
                    "item": item,
                    "change": change,
                    "in_a": _describe(x),
                    "in_b": _describe(y),
                    "requirement_a": x.requirement if x else "",
                    "requirement_b": y.requirement if y else "",
                }
            )
    return pd.DataFrame(
        rows, columns=["item", "change", "in_a", "in_b", "requirement_a", "requirement_b"]
    )


def _change(x: Ask | None, y: Ask | None) -> str:
    ra = _STRENGTH[x.role] if x else 0
    rb = _STRENGTH[y.role] if y else 0
    if ra <= 1 and rb <= 1:
        # Absent versus merely listed as optional: worth showing, but nothing is required.
        return "changed" if ra != rb else ""
    if ra <= 1 < rb:
        return "added"
    if rb <= 1 < ra:
        return "removed"
    if ra != rb:
        return "tightened" if rb > ra else "loosened"
    la, lb = x.licenses, y.licenses
    if la == lb:
        # Both levels definitions, asked at different classes (e.g. class-3 vs class-2).
        return "changed" if x.part and y.part and x.part != y.part else ""
    if la is None:
        return "tightened"
    if lb is None:
        return "loosened"
    if lb < la:
        return "tightened"
    if lb > la:
        return "loosened"
    return "changed"


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
