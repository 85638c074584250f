"""What every requirement node kind shares: the facts a rule reads, and the base class.

The node kinds themselves are in :mod:`openviz.requirements` (groups and component
leaves) and :mod:`openviz.conditions` (conditions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from openviz.licenses import CATEGORIES, RESTRICTIONS
from openviz.records import ACCESS_LEVELS, Release, Requirement

if TYPE_CHECKING:
    from openviz.catalog import Catalog

_STATUS = {"no": 0, "partial": 1, "yes": 2}
#: The fields every node may carry, whatever its kind.
_COMMON = frozenset({"id", "label", "paraphrase", "source", "enabled", "at_most"})


class Facts:
    """What a rating reads about one release, whatever holds it.

    The readable :func:`rate` asks only these questions, so the same rule code rates a
    :class:`~openviz.records.Release` of a catalogue (this class) and the plain
    dictionaries of the benchmark's baseline loop (a subclass there).

    Attributes
    ----------
    rated
        When a dict, :func:`rate` records in it the bounds of every node it rates (node
        id -> ``(lo, hi)``), so that one walk gives the whole tree's ratings.
    """

    rated: dict | None = None

    def __init__(self, release: Release, catalog: Catalog) -> None:
        self._release = release
        self._catalog = catalog
        self.vocabulary: Sequence[str] = tuple(c.id for c in catalog.components)

    def status(self, cid: str) -> int:
        """Return 0 not released, 1 partly, 2 released, -1 unknown."""
        return _STATUS.get(self._release.component(cid).value, -1)

    def _license(self, cid: str):
        fact = self._release.component(cid)
        return self._catalog.licenses.get(fact.license) if fact.license else None

    def category(self, cid: str) -> str | None:
        """Return the licence category of a component, ``None`` when not known."""
        lic = self._license(cid)
        return lic.category if lic is not None else None

    def restrictions(self, cid: str) -> frozenset[str]:
        """Return the restriction kinds of the component's licence (empty when unknown)."""
        lic = self._license(cid)
        return frozenset(lic.restrictions) if lic is not None else frozenset()

    def flag(self, name: str) -> str | None:
        """Return ``"yes"``/``"no"`` for a release flag (``monetised``), ``None`` if unknown."""
        value = self._release.fact(name).value
        return value if value in ("yes", "no") else None

    def access(self) -> str | None:
        """Return the access level, ``None`` when unknown."""
        value = self._release.fact("access").value
        return value if value in ACCESS_LEVELS else None


class TableFacts(Facts):
    """The facts of one row of a :class:`~openviz.rules.ReleaseTable`.

    What the engine uses for a condition that has no array kernel of its own.
    """

    def __init__(self, table, row: int) -> None:
        self._t = table
        self._i = row
        self.vocabulary = table.components
        self._col = {c: j for j, c in enumerate(table.components)}

    def status(self, cid):
        j = self._col.get(cid)
        return int(self._t.status[self._i, j]) if j is not None else -1

    def category(self, cid):
        j = self._col.get(cid)
        code = int(self._t.category[self._i, j]) if j is not None else -1
        return CATEGORIES[code] if code >= 0 else None

    def restrictions(self, cid):
        j = self._col.get(cid)
        mask = int(self._t.restrictions[self._i, j]) if j is not None else 0
        return frozenset(r for b, r in enumerate(RESTRICTIONS) if mask >> b & 1)

    def flag(self, name):
        column = {"monetised": self._t.monetised, "systemic_risk": self._t.systemic_risk}.get(name)
        if column is not None:
            return ("no", "yes")[column[self._i]] if column[self._i] >= 0 else None
        facts = self._t.release_facts[self._i] if self._t.release_facts else {}
        value = facts[name].value if name in facts else "unknown"
        return value if value in ("yes", "no") else None

    def access(self):
        code = int(self._t.access[self._i])
        return ACCESS_LEVELS[code] if code >= 0 else None


class NodeKind:
    """One kind of requirement node. Subclasses are stateless: every method takes the node.

    Attributes
    ----------
    name
        The YAML name: the key of a group or leaf, or the value of ``condition:``.
    fields
        The YAML fields only this kind of node may carry.
    is_group
        Holds ``children`` (all_of, any_of).
    all_needed
        A group met only when every child is (all_of).
    names_component
        A leaf that reads one named component (and its substitutes).
    """

    name: ClassVar[str] = ""
    is_group: ClassVar[bool] = False
    all_needed: ClassVar[bool] = False
    names_component: ClassVar[bool] = False
    fields: ClassVar[tuple[str, ...]] = ()
    #: The expected-text of the problem "field X applies only to this kind".
    only_for: ClassVar[tuple[str, str]] = ("", "remove it")

    # -- YAML ----------------------------------------------------------------
    @classmethod
    def parse(cls, n: Mapping, parse_child: Callable[[Mapping], Requirement]) -> dict:
        """Return the kind-specific :class:`Requirement` fields read from a YAML mapping."""
        return {}

    @classmethod
    def dump(cls, node: Requirement, dump_child: Callable[[Requirement], dict]) -> dict:
        """Return the kind-specific YAML fields of a node (the inverse of :meth:`parse`)."""
        return {}

    @classmethod
    def problems(cls, n: Mapping, component_ids) -> list[tuple[str, str, str]]:
        """Check a YAML node of this kind: ``(field or "", problem, expected)`` triples."""
        return []

    # -- judging -------------------------------------------------------------
    @classmethod
    def rate(cls, node: Requirement, facts: Facts) -> tuple[int, int]:
        """Return the bounds ``(lo, hi)`` of the node for one release (before ``at_most``)."""
        raise NotImplementedError

    # -- explaining ----------------------------------------------------------
    @classmethod
    def fact(cls, ctx, node: Requirement) -> tuple:
        """Describe what the node read: text, licence, category, evidence, why, note."""
        return "", "", "", None, "", ""

    @classmethod
    def asks(cls, node: Requirement, role: str, part: str) -> list[tuple]:
        """Return ``(item, role, licenses)`` for what the node asks of a release."""
        return []

    @classmethod
    def gaps(cls, node: Requirement, rel: Release, want: dict) -> None:
        """Add what a release would need to change for this leaf to ``want``.

        ``want`` has ``accepted`` (component -> accepted licence sets), ``restricted``
        (components that must be unrestricted), ``facts`` (release fact -> value) and
        ``rules`` (release fact -> the condition class that asks for it).
        """

    @classmethod
    def unknowns(cls, node: Requirement, vocabulary: Sequence[str]) -> list[tuple]:
        """Return ``((where, name), need, licenses)`` for each fact the leaf reads."""
        return []


def id_texts(value: object) -> list[str]:
    """Return the texts in a YAML list of ids; other shapes are the schema's to report."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
