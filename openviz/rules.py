"""Requirement trees compiled into array operations over a releases-by-components table.

Every node rates each release on the ordered scale unmet (0) < partial (1) < met (2). A fact
nobody knows is the interval [0, 2], so each node yields two arrays, ``lo`` and ``hi``: the
rating is certain where they agree. Groups take the minimum (``all_of``) or maximum
(``any_of``) of both bounds, which is Kleene's three-valued logic extended to three grades;
an unknown fact therefore can never make a release qualify.

Inside the engine the two bounds travel packed in one byte per release, as thresholds:
bit 0 ``lo >= 1``, bit 1 ``lo >= 2``, bit 2 ``hi >= 1``, bit 3 ``hi >= 2``. The minimum of
two ratings is then their bitwise AND and the maximum their OR, so every group costs one
array operation per child, and each leaf is one table lookup per column, computed once per
release table and shared by every definition that asks the same question.
:meth:`CompiledDefinition.rate` still hands out ``(lo, hi)`` arrays, decoded on demand.

This is the fast path. The readable rule of each node kind, one release at a time, is its
class in :mod:`openviz.requirements`; the property tests check that both agree on every
node, and a condition with no array kernel here is rated by that readable rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from openviz._caches import ByIdentity
from openviz.licenses import CATEGORIES, RESTRICTIONS
from openviz.packed_ratings import (
    _AT_MOST_PARTIAL,
    ALL_MET,
    HI_MET,
    HI_PARTIAL,
    LO_MET,
    LO_PARTIAL,
    Bounds,
    _leaf_lut,
    _pack_one,
    _restriction_lut,
    unpack,
)
from openviz.packed_ratings import pack as pack
from openviz.records import ACCESS_LEVELS, Definition, Requirement
from openviz.release_tables import NCAT, ReleaseTable, release_table
from openviz.release_tables import TABLES_KEPT as TABLES_KEPT

__all__ = [
    "CompiledDefinition",
    "Ratings",
    "ReleaseTable",
    "compile_definition",
    "evaluator_tables",
    "release_table",
]

MET, PARTIAL, UNMET = 2, 1, 0


class Ratings(Mapping):
    """Node id -> ``(lo, hi)`` int8 arrays, decoded on first access from packed bytes.

    Also gives the packed bytes themselves (:meth:`packed`), which is what
    :func:`openviz.evaluate` works on.
    """

    def __init__(self, packed: dict[str, np.ndarray]) -> None:
        self._packed = packed
        self._bounds: dict[str, Bounds] = {}

    def packed(self, node_id: str) -> np.ndarray:
        """Return the packed rating bytes of one node (read-only)."""
        return self._packed[node_id]

    def __getitem__(self, node_id: str) -> Bounds:
        found = self._bounds.get(node_id)
        if found is None:
            lo, hi = unpack(self._packed[node_id])
            lo.flags.writeable = hi.flags.writeable = False
            found = self._bounds[node_id] = (lo, hi)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


class CompiledDefinition:
    """A definition's requirement trees turned into array steps, built once and reused.

    Parameters
    ----------
    definition
        The (possibly toggled) definition.
    components
        Column order of the tables it will be applied to.
    """

    def __init__(self, definition: Definition, components: Sequence[str]) -> None:
        self.definition = definition
        self.components = tuple(components)
        self._col = {c: j for j, c in enumerate(self.components)}
        self.nodes: dict[str, Requirement] = {n.id: n for n in definition.walk()}
        self.parent: dict[str, str] = {}
        for node in self.nodes.values():
            for child in node.children:
                self.parent[child.id] = node.id

    def rate(self, table: ReleaseTable) -> Ratings:
        """Rate every node for every release; returns node id -> (lo, hi) int8 arrays.

        The arrays are shared with the engine's caches: they are read-only.
        """
        return Ratings(self.rate_packed(table))

    def rate_packed(self, table: ReleaseTable) -> dict[str, np.ndarray]:
        """Rate every node for every release; returns node id -> packed uint8 ratings."""
        if table.components != self.components:
            msg = "release table columns differ from the compiled definition's"
            raise ValueError(msg)
        out: dict[str, np.ndarray] = {}
        for root in self.definition.roots():
            self._rate(root, table, out)
        return out

    def program(self, table: ReleaseTable) -> dict:
        """Return the compiled rules as plain data, for an evaluator outside Python.

        The interactive HTML page (:mod:`openviz.interactive`) evaluates toggles in the
        browser from this, never from rules written again by hand. Nodes are listed depth
        first; each holds what :meth:`rate_packed` uses:

        - every node: ``id``, ``kind``, ``enabled`` (as this definition has it) and
          ``at_most`` (true: the rating is capped at partial, i.e. ANDed with
          ``at_most_partial`` of :func:`evaluator_tables`);
        - ``all_of`` / ``any_of``: ``children`` (node indices); the enabled children's
          ratings are combined with AND / OR, and no enabled child rates ``all_met``;
        - ``component``: ``cols`` (the columns of the component and its substitutes, ORed),
          ``partial`` (accept_partial) and ``licenses`` (accepted categories, or ``None``
          for any); each column's cell code is looked up in the leaf tables of
          :func:`evaluator_tables`;
        - ``condition``: ``bits``, the packed rating of every release of ``table`` (a
          condition depends on no toggle, so the engine rates it here once).

        ``roots`` are the indices of :meth:`Definition.roots`.
        """
        if table.components != self.components:
            msg = "release table columns differ from the compiled definition's"
            raise ValueError(msg)
        nodes: list[dict] = []

        def visit(node: Requirement) -> int:
            entry: dict = {
                "id": node.id,
                "kind": node.kind,
                "enabled": node.enabled,
                "at_most": node.at_most == "partial",
            }
            nodes.append(entry)
            at = len(nodes) - 1
            if node.rule.is_group:
                entry["children"] = [visit(child) for child in node.children]
            elif node.rule.names_component:
                entry["cols"] = [self._col[c] for c in (node.component, *node.substitutes)]
                entry["partial"] = node.accept_partial
                entry["licenses"] = (
                    None if node.licenses is None else [c for c in CATEGORIES if c in node.licenses]
                )
            else:
                entry["bits"] = self._condition(node, table).tolist()
            return at

        roots = [visit(root) for root in self.definition.roots()]
        return {"nodes": nodes, "roots": roots}

    def leaf_columns(self, node: Requirement, table: ReleaseTable) -> list[tuple[str, np.ndarray]]:
        """Rate each column a component leaf reads (its component, then substitutes).

        The leaf's own rating is the best of these (their OR); an explanation names the
        column that gave it, from the very arrays the engine combined.
        """
        lut = _leaf_lut(node.licenses, node.accept_partial)
        return [
            (
                cid,
                table.memo(
                    ("leaf", self._col[cid], node.licenses, node.accept_partial),
                    lambda j=self._col[cid]: lut.take(table.column_codes(j)),
                ),
            )
            for cid in (node.component, *node.substitutes)
        ]

    def restriction_columns(
        self, node: Requirement, table: ReleaseTable
    ) -> list[tuple[str, np.ndarray]]:
        """Rate each component a ``no-restrictions`` condition reads, one column at a time.

        The condition's rating is the AND of these: an explanation lists the components
        that make it unmet (rated unmet) or that cannot be told (rated unknown).
        """
        mask = _mask(node.restrictions or RESTRICTIONS)
        cids = node.components or self.components
        return [
            (
                cid,
                table.memo(
                    ("restricted", self._col[cid], mask),
                    lambda j=self._col[cid]: _restricted_column(table, j, mask),
                ),
            )
            for cid in cids
        ]

    def _rate(self, node: Requirement, t: ReleaseTable, out: dict[str, np.ndarray]) -> np.ndarray:
        rule = node.rule
        if rule.is_group:
            live = []
            for child in node.children:
                bits = self._rate(child, t, out)
                if child.enabled:
                    live.append(bits)
            if not live:
                bits = _all_met(t)
            elif len(live) == 1:
                bits = live[0]
            else:
                # min of ratings = AND of threshold bits, max = OR
                join = np.bitwise_and if rule.all_needed else np.bitwise_or
                bits = join(live[0], live[1])
                for more in live[2:]:
                    join(bits, more, out=bits)
        elif rule.names_component:
            bits = self._component(node, t)
        else:
            bits = self._condition(node, t)
        if node.at_most == "partial":
            bits = bits & _AT_MOST_PARTIAL
        out[node.id] = bits
        return bits

    def _component(self, node: Requirement, t: ReleaseTable) -> np.ndarray:
        lut = _leaf_lut(node.licenses, node.accept_partial)
        cols = [self._col[cid] for cid in (node.component, *node.substitutes)]
        parts = [
            t.memo(
                ("leaf", j, node.licenses, node.accept_partial),
                lambda j=j: lut.take(t.column_codes(j)),
            )
            for j in cols
        ]
        if len(parts) == 1:
            return parts[0]
        bits = parts[0] | parts[1]  # max over substitutes = OR
        for more in parts[2:]:
            bits |= more
        return bits

    def _condition(self, node: Requirement, t: ReleaseTable) -> np.ndarray:
        if node.condition == "no-restrictions":
            mask = _mask(node.restrictions or RESTRICTIONS)
            cols = (
                tuple(self._col[c] for c in node.components)
                if node.components
                else tuple(range(len(self.components)))
            )
            return t.memo(("no-restrictions", mask, cols), lambda: _no_restrictions(t, mask, cols))
        if node.condition in ("not-monetised", "not-systemic-risk"):
            flag = t.monetised if node.condition == "not-monetised" else t.systemic_risk
            # -1 unknown: (unmet, met); 0: (met, met); 1: (unmet, unmet)
            lut = np.array([12, ALL_MET, 0], dtype=np.uint8)
            return t.memo((node.condition,), lambda: lut.take(flag.astype(np.intp) + 1))
        if node.condition == "access-at-least":
            need = ACCESS_LEVELS.index(node.level)
            # unknown access: (unmet, met); below the level: unmet; at or above: met
            lut = np.array(
                [12] + [ALL_MET if a >= need else 0 for a in range(len(ACCESS_LEVELS))],
                dtype=np.uint8,
            )
            return t.memo(("access-at-least", need), lambda: lut.take(t.access.astype(np.intp) + 1))
        # A condition with no array kernel here is rated by its readable rule, row by row: a
        # new condition kind works before (or without) a fast path of its own.
        return _readable(node, t)


def _readable(node: Requirement, t: ReleaseTable) -> np.ndarray:
    from openviz.requirements import TableFacts

    rule = node.rule
    return np.array(
        [_pack_one(*rule.rate(node, TableFacts(t, i))) for i in range(len(t))], dtype=np.uint8
    )


def _all_met(t: ReleaseTable) -> np.ndarray:
    return t.memo(("all-met",), lambda: np.full(len(t), ALL_MET, dtype=np.uint8))


def _no_restrictions(t: ReleaseTable, mask: int, cols: tuple[int, ...]) -> np.ndarray:
    """Rate ``no-restrictions`` over some columns: an all_of of one lookup per column."""
    bits = None
    for j in cols:
        part = t.memo(("restricted", j, mask), lambda j=j: _restricted_column(t, j, mask))
        bits = part.copy() if bits is None else np.bitwise_and(bits, part, out=bits)
    return bits if bits is not None else _all_met(t).copy()


def _restricted_column(t: ReleaseTable, j: int, mask: int) -> np.ndarray:
    """Rate ``no-restrictions`` on one column: one lookup by code * 2 + "restricted"."""
    key = t.column_codes(j) * np.uint8(2)
    key += (t.restrictions[:, j] & mask) != 0
    return _restriction_lut().take(key)


def evaluator_tables(table: ReleaseTable | None = None) -> dict:
    """Return the engine's lookup tables and bit layout as plain data (see ``program``).

    A component leaf rates a cell code ``c`` (one per release and column: status and
    license category, :meth:`ReleaseTable.column_codes`) as ``leaf["plain"][p][c]`` when it
    accepts any license, else as ``leaf["accepted"][p][c]`` when the category
    ``code_category[c]`` (an index into ``categories``, -1 unknown) is among those it
    accepts, and ``leaf["rejected"][p][c]`` when not; ``p`` is 1 when the leaf accepts a
    partial release. This equals the engine's own table for every accepted set (the tests
    check all of them). With ``table``, ``codes`` holds its cell codes, column by column.
    """
    every = frozenset(CATEGORIES)
    out = {
        "categories": list(CATEGORIES),
        "code_category": [c % NCAT - 1 for c in range(4 * NCAT)],
        "leaf": {
            "plain": [_leaf_lut(None, p).tolist() for p in (False, True)],
            "accepted": [_leaf_lut(every, p).tolist() for p in (False, True)],
            "rejected": [_leaf_lut(frozenset(), p).tolist() for p in (False, True)],
        },
        "all_met": ALL_MET,
        "at_most_partial": int(_AT_MOST_PARTIAL),
        "lo_partial": LO_PARTIAL,
        "lo_met": LO_MET,
        "hi_partial": HI_PARTIAL,
        "hi_met": HI_MET,
    }
    if table is not None:
        out["releases"] = len(table)
        out["codes"] = [table.column_codes(j).tolist() for j in range(len(table.components))]
    return out


def _mask(kinds: Sequence[str]) -> int:
    return sum(1 << RESTRICTIONS.index(k) for k in kinds)


_COMPILED = ByIdentity("compiled-definitions", maxsize=256)


def compile_definition(definition: Definition, components: tuple[str, ...]) -> CompiledDefinition:
    """Compile a definition once per (definition, toggles) and column order."""
    found = _COMPILED.get((definition,), components)
    if found is None:
        found = _COMPILED.put((definition,), components, CompiledDefinition(definition, components))
    return found
