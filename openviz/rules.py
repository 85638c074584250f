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

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from openviz._caches import ByIdentity, bounded
from openviz.licenses import CATEGORIES, RESTRICTIONS, LicenseTable
from openviz.records import ACCESS_LEVELS, Definition, Fact, Release, Requirement

__all__ = [
    "CompiledDefinition",
    "Ratings",
    "ReleaseTable",
    "compile_definition",
    "evaluator_tables",
    "release_table",
]

MET, PARTIAL, UNMET = 2, 1, 0
_STATUS = {"no": 0, "partial": 1, "yes": 2}
_FLAG = {"no": 0, "yes": 1}
_ACCESS = {level: i for i, level in enumerate(ACCESS_LEVELS)}


@dataclass(frozen=True, eq=False)
class ReleaseTable:
    """Facts of many releases as arrays (``-1`` = unknown).

    Attributes
    ----------
    ids
        Release ids, one per row.
    components
        Component ids, one per column.
    status
        int8 [rows, components]: 0 no, 1 partial, 2 yes, -1 unknown.
    category
        int8 [rows, components]: index into :data:`~openviz.licenses.CATEGORIES`, -1 unknown.
    restrictions
        int32 [rows, components]: restriction bit mask of the component's license.
    access, monetised, systemic_risk
        int8 [rows]: access level index; 0/1 flags; -1 unknown.
    release_facts
        Each row's release-level facts as recorded (empty for generated tables): what a
        condition without an array kernel of its own reads
        (:class:`openviz.requirements.TableFacts`).
    """

    ids: tuple[str, ...]
    components: tuple[str, ...]
    status: np.ndarray
    category: np.ndarray
    restrictions: np.ndarray
    access: np.ndarray
    monetised: np.ndarray
    systemic_risk: np.ndarray
    release_facts: tuple[Mapping[str, Fact], ...] = ()

    def __len__(self) -> int:
        return len(self.status)

    def codes(self) -> np.ndarray:
        """Status and license category folded into one small code per cell, column-major.

        Computed once per table: every component leaf is then a single table lookup over a
        contiguous column.
        """

        def build() -> np.ndarray:
            ncat = len(CATEGORIES) + 1
            return np.asfortranarray(
                (self.status.astype(np.int16) + 1) * ncat + (self.category.astype(np.int16) + 1)
            )

        return self.memo(("codes",), build)

    def column_codes(self, j: int) -> np.ndarray:
        """:meth:`codes` of one column as a contiguous uint8 array, computed once per table."""

        def build() -> np.ndarray:
            # uint8 arithmetic wraps: -1 + 1 is 0, and adding a category of -1 (255) and 1
            # adds 256, i.e. nothing.
            code = self.status[:, j].astype(np.uint8)
            code += 1
            code *= _NCAT
            code += self.category[:, j].view(np.uint8)
            code += 1
            return code

        return self.memo(("column codes", j), build)

    def memo(self, key: object, compute: Callable[[], object]) -> object:
        """Return what ``compute()`` gives for ``key``, computed once per table.

        A table never changes, so anything derived from it (codes, leaf ratings, verdicts
        of a compiled definition) stays valid as long as the table lives; it is kept in the
        ``table-memo`` cache of :mod:`openviz._caches`, not on the table, which stays truly
        frozen. Arrays kept here are made read-only: callers share them.
        """
        cache = _TABLE_MEMO.get((self,))
        if cache is None:
            cache = _TABLE_MEMO.put((self,), None, {})
        found = cache.get(key)
        if found is None:
            found = cache[key] = compute()
            if isinstance(found, np.ndarray):
                found.flags.writeable = False
        return found

    def column(self, component_id: str) -> int:
        """Column index of a component."""
        return self.components.index(component_id)


def release_table(
    releases: Sequence[Release], components: Sequence[str], licenses: LicenseTable
) -> ReleaseTable:
    """Build a :class:`ReleaseTable` from release records.

    Releases are immutable, so the table for the same release objects (in the same order),
    columns and license table is built once and handed out again: a toggle re-evaluates
    without re-reading any fact, and every cache kept on the table stays warm. The last
    :data:`TABLES_KEPT` tables are kept.
    """
    objects = (*releases, licenses)
    hit = _TABLES.get(objects, tuple(components))
    if hit is not None:
        return hit
    return _TABLES.put(objects, tuple(components), _build_table(releases, components, licenses))


#: How many release tables :func:`release_table` keeps for reuse.
TABLES_KEPT = 16
# Keyed by the release and licence-table objects themselves (see ByIdentity).
_TABLES = ByIdentity("release-tables", maxsize=TABLES_KEPT)
# What is derived from one release table, per table (see ReleaseTable.memo).
_TABLE_MEMO = ByIdentity("table-memo", maxsize=2 * TABLES_KEPT)
# License id -> (category index, restriction mask), per license table.
_LICENSE_CODES = ByIdentity("licence-codes", maxsize=8)
_COMPILED = ByIdentity("compiled-definitions", maxsize=256)


def _license_codes(licenses: LicenseTable) -> dict[str, tuple[int, int]]:
    known = _LICENSE_CODES.get((licenses,))
    if known is None:
        known = _LICENSE_CODES.put((licenses,), None, {})
    return known


def _license_code(licenses: LicenseTable, license_id: str) -> tuple[int, int]:
    lic = licenses.get(license_id) if license_id else None
    return (-1, 0) if lic is None else (CATEGORIES.index(lic.category), lic.restriction_mask)


def _build_table(
    releases: Sequence[Release], components: Sequence[str], licenses: LicenseTable
) -> ReleaseTable:
    n, k = len(releases), len(components)
    col = {c: j for j, c in enumerate(components)}
    known = _license_codes(licenses)
    # Facts are gathered in lists and written to the arrays in one go per array.
    rows, cols, values, lics = [], [], [], []
    access, monetised, systemic = [], [], []
    for i, rel in enumerate(releases):
        for cid, fact in rel.components.items():
            j = col.get(cid)
            if j is None:
                continue
            rows.append(i)
            cols.append(j)
            values.append(_STATUS.get(fact.value, -1))
            code = known.get(fact.license)
            if code is None:
                code = known[fact.license] = _license_code(licenses, fact.license)
            lics.append(code)
        access.append(_ACCESS.get(rel.fact("access").value, -1))
        monetised.append(_FLAG.get(rel.fact("monetised").value, -1))
        systemic.append(_FLAG.get(rel.fact("systemic_risk").value, -1))
    status = np.full((n, k), -1, dtype=np.int8)
    category = np.full((n, k), -1, dtype=np.int8)
    restr = np.zeros((n, k), dtype=np.int32)
    if rows:
        where = (np.array(rows), np.array(cols))
        status[where] = values
        codes = np.array(lics, dtype=np.int32)
        category[where] = codes[:, 0]
        restr[where] = codes[:, 1]
    return ReleaseTable(
        ids=tuple(r.id for r in releases),
        components=tuple(components),
        status=status,
        category=category,
        restrictions=restr,
        access=np.array(access, dtype=np.int8),
        monetised=np.array(monetised, dtype=np.int8),
        systemic_risk=np.array(systemic, dtype=np.int8),
        release_facts=tuple(rel.release for rel in releases),
    )


# ---------------------------------------------------------------------------------------------
Bounds = tuple[np.ndarray, np.ndarray]

# Packed ratings: (lo, hi) as threshold bits (see the module docstring).
LO_PARTIAL, LO_MET, HI_PARTIAL, HI_MET = 1, 2, 4, 8
#: The packed rating of (met, met).
ALL_MET = 15
_PACK_LO = np.array([0, 1, 3], dtype=np.uint8)
_PACK_HI = np.array([0, 4, 12], dtype=np.uint8)
_UNPACK_LO = np.array([(b & 1) + (b >> 1 & 1) for b in range(16)], dtype=np.int8)
_UNPACK_HI = np.array([(b >> 2 & 1) + (b >> 3 & 1) for b in range(16)], dtype=np.int8)
_AT_MOST_PARTIAL = np.uint8(LO_PARTIAL | HI_PARTIAL)


def pack(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Pack ``(lo, hi)`` rating arrays into one threshold byte per release."""
    return _PACK_LO[lo] | _PACK_HI[hi]


def unpack(bits: np.ndarray) -> Bounds:
    """Unpack threshold bytes into ``(lo, hi)`` int8 rating arrays."""
    return _UNPACK_LO[bits], _UNPACK_HI[bits]


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


_NCAT = len(CATEGORIES) + 1  # categories plus "unknown"


def _pack_one(lo: int, hi: int) -> int:
    return int(_PACK_LO[lo] | _PACK_HI[hi])


@bounded("leaf-lut", maxsize=256)
def _leaf_lut(accepted: frozenset[str] | None, accept_partial: bool) -> np.ndarray:
    """Packed rating of a component leaf for every (status, license category) code.

    A leaf is rated by table lookup: codes are ``(status + 1) * _NCAT + (category + 1)``.
    """
    out = np.zeros(4 * _NCAT, dtype=np.uint8)
    ok = _accept_lut(accepted)
    for status in (-1, 0, 1, 2):
        for cat in range(-1, len(CATEGORIES)):
            i = (status + 1) * _NCAT + cat + 1
            s = 2 if (accept_partial and status == 1) else status
            if s < 0:
                # Unknown whether released: at best it was, under the license recorded, so a
                # license known to be refused caps the upper bound (released, not accepted).
                refused = ok is not None and cat >= 0 and not ok[cat + 1]
                out[i] = _pack_one(0, 1 if refused else 2)
            elif s < 2 or ok is None:
                out[i] = _pack_one(s, s)
            elif cat < 0:
                # An unrecorded license might be an accepted one: leave the upper bound open.
                out[i] = _pack_one(1, 2)
            else:
                out[i] = _pack_one(2, 2) if ok[cat + 1] else _pack_one(1, 1)
    return out


@bounded("restriction-lut", maxsize=1)
def _restriction_lut() -> np.ndarray:
    """Packed rating of ``no-restrictions`` for one component, by ``code * 2 + restricted``.

    Released under restricted terms: unmet. Released with no license known, or unknown
    whether released while the license is restricted or unknown: cannot tell (a component
    whose release is unknown may be out under restrictive terms). Otherwise met.
    """
    key = np.arange(4 * _NCAT * 2)
    code, restricted = key >> 1, (key & 1) == 1
    status, cat = code // _NCAT - 1, code % _NCAT - 1
    released, unlicensed = status >= 1, cat < 0
    out = np.full(len(key), ALL_MET, dtype=np.uint8)
    out[(released & unlicensed) | ((status < 0) & (restricted | unlicensed))] = _pack_one(0, 2)
    out[released & restricted] = _pack_one(0, 0)
    return out


@bounded("accept-lut", maxsize=64)
def _accept_lut(accepted: frozenset[str] | None) -> np.ndarray | None:
    # Index 0 stands for an unknown license (-1 + 1), which is never "accepted for sure".
    if accepted is None:
        return None
    return np.array([False] + [c in accepted for c in CATEGORIES], dtype=bool)


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
        "code_category": [c % _NCAT - 1 for c in range(4 * _NCAT)],
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


def compile_definition(definition: Definition, components: tuple[str, ...]) -> CompiledDefinition:
    """Compile a definition once per (definition, toggles) and column order."""
    found = _COMPILED.get((definition,), components)
    if found is None:
        found = _COMPILED.put((definition,), components, CompiledDefinition(definition, components))
    return found
