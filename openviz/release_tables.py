"""Releases as arrays: one row per release, one column per component (:class:`ReleaseTable`).

Built once per set of releases and kept (see :mod:`openviz._caches`); the compiled
definitions of :mod:`openviz.rules` read it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from openviz._caches import ByIdentity
from openviz.licenses import CATEGORIES, LicenseTable
from openviz.records import ACCESS_LEVELS, Fact, Release

__all__ = ["NCAT", "TABLES_KEPT", "ReleaseTable", "release_table"]

#: Licence categories plus "unknown": a leaf's code is ``(status + 1) * NCAT + category + 1``.
NCAT = len(CATEGORIES) + 1
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
            code *= NCAT
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
