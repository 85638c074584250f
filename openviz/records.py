"""Immutable records built from the data files: releases, definitions and their requirements."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from openviz.kinds import KINDS, DefinitionKind

if TYPE_CHECKING:
    from openviz.requirements import NodeKind

from openviz._caches import ByIdentity
from openviz.problems import NotFound

__all__ = [
    "ACCESS_LEVELS",
    "Component",
    "Definition",
    "Dimension",
    "Evidence",
    "Fact",
    "Level",
    "Release",
    "Requirement",
    "Source",
]

# Derived from definitions, which never change (see openviz._caches).
_NODES = ByIdentity("definition-nodes", maxsize=256)
_VARIANTS = ByIdentity("definition-variants", maxsize=256)
_PUBLISHED = ByIdentity("definition-published", maxsize=256)

#: Solaiman's gradient of release, from fully closed to fully open: ``access_levels`` in
#: ``defs/components.yaml``, the source (the loader refuses a data folder that differs, and
#: ``tests/test_vocabulary.py`` holds this copy to it; the engine compares by position).
ACCESS_LEVELS = ("fully-closed", "gradual", "hosted", "api", "downloadable", "fully-open")


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the page, what it shows, and when it was read.

    ``checked`` is evidence of absence: the places looked at (model card, repository,
    paper, announcement) when the page shows what a release contains and a component is
    not among it.
    """

    url: str
    shows: str
    accessed: str
    via: str = ""
    checked: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """One fact about a release, with its evidence.

    ``value`` is the release status for components (yes, partial, no, unknown), the access
    level for ``access``, and yes/no/unknown for release flags.
    """

    value: str = "unknown"
    license: str = ""
    evidence: tuple[Evidence, ...] = ()
    notes: str = ""
    line: int = 0


UNKNOWN = Fact()


@dataclass(frozen=True)
class Component:
    """A component tag from the vocabulary."""

    id: str
    type: str
    label: Mapping[str, str]
    description: str
    names: Mapping[str, str]


@dataclass(frozen=True)
class Release:
    """One model release and what it made available."""

    id: str
    name: str
    family: str
    organisation: str
    release_date: str
    modality: str
    stage: str
    version: str = ""
    base_model: str = ""
    parameter_count: float | None = None
    homepage: str = ""
    components: Mapping[str, Fact] = field(default_factory=dict)
    release: Mapping[str, Fact] = field(default_factory=dict)
    notes: str = ""
    collection: str = "curated"
    source_file: str = ""
    origin: Mapping[str, str] = field(default_factory=dict)
    path: str = ""

    @property
    def source_files(self) -> tuple[str, ...]:
        """Every source file an imported record stands for (``()`` for curated records).

        The file converted first, then any skipped as duplicates of the same release.
        """
        files = self.origin.get("files")
        if files:
            return tuple(files)
        return (self.source_file,) if self.source_file else ()

    def component(self, component_id: str) -> Fact:
        """Return the fact for a component (``unknown`` when not recorded)."""
        return self.components.get(component_id, UNKNOWN)

    def fact(self, name: str) -> Fact:
        """Return a release-level fact: ``access``, ``monetised`` or ``systemic_risk``."""
        return self.release.get(name, UNKNOWN)

    @property
    def evidence_date(self) -> str:
        """Return the newest ``accessed`` date of the evidence for its facts (``""`` if none)."""
        return max(
            (
                ev.accessed
                for f in (*self.components.values(), *self.release.values())
                for ev in f.evidence
            ),
            default="",
        )


@dataclass(frozen=True)
class Source:
    """A document a definition is taken from."""

    id: str
    url: str
    title: str
    accessed: str
    notes: str = ""


@dataclass(frozen=True)
class Requirement:
    """A node of a definition's requirement tree.

    ``kind`` is ``all_of``, ``any_of``, ``component`` or ``condition``. Groups hold
    ``children``; component leaves name a ``component`` and optionally accepted license
    categories; condition leaves name a release-level ``condition``.
    """

    id: str
    kind: str
    paraphrase: str
    source: str
    label: Mapping[str, str] = field(default_factory=dict)
    enabled: bool = True
    children: tuple[Requirement, ...] = ()
    ordered: bool = False
    component: str = ""
    licenses: frozenset[str] | None = None
    preferred_licenses: frozenset[str] | None = None
    accept_partial: bool = False
    substitutes: tuple[str, ...] = ()
    condition: str = ""
    restrictions: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    level: str = ""
    at_most: str = ""
    line: int = 0
    published_enabled: bool = True
    published_licenses: frozenset[str] | None = None

    @property
    def rule(self) -> type[NodeKind]:
        """The class of this kind of node (:mod:`openviz.requirements`)."""
        from openviz.requirements import node_kind

        return node_kind(self)

    def walk(self) -> Iterator[Requirement]:
        """Yield this node and every node below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def title(self, lang: str = "en") -> str:
        """Return a short human label: the label in ``lang``, else the id."""
        return self.label.get(lang) or self.label.get("en") or self.id


@dataclass(frozen=True)
class Level:
    """One class of a ``levels`` definition (lowest first in the definition)."""

    id: str
    label: Mapping[str, str]
    requirements: Requirement
    short: Mapping[str, str] = field(default_factory=dict)

    def title(self, lang: str = "en") -> str:
        """Return the level's label in ``lang`` (English, else the id, when it has none)."""
        return self.label.get(lang) or self.label.get("en") or self.id

    def short_title(self, lang: str = "en") -> str:
        """Return the short name drawn in chart cells, or the label when there is none."""
        return self.short.get(lang) or self.short.get("en") or self.title(lang)


@dataclass(frozen=True)
class Dimension:
    """One rated dimension of a ``score`` or ``descriptive`` definition."""

    id: str
    label: Mapping[str, str]
    requirements: Requirement
    group: str = ""


@dataclass(frozen=True, eq=False)
class Definition:
    """A definition of open AI, as published or with user toggles applied.

    Toggling never changes a definition: :meth:`with_toggles` returns a new one, and
    :attr:`toggles` records what differs from the published version.
    """

    id: str
    name: str
    publisher: str
    version: str
    date: str
    status: str
    kind: str
    summary: str
    sources: tuple[Source, ...] = ()
    short_name: Mapping[str, str] = field(default_factory=dict)
    lineage: Mapping[str, object] = field(default_factory=dict)
    notes: str = ""
    requirements: Requirement | None = None
    levels: tuple[Level, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    credit: Mapping[str, float] = field(default_factory=dict)
    toggles: tuple[tuple[str, object], ...] = ()
    path: str = ""

    # -- reading -------------------------------------------------------------
    @property
    def strategy(self) -> DefinitionKind:
        """The object for this definition's kind: its parts, judging and labels."""
        return KINDS[self.kind]

    def roots(self) -> tuple[Requirement, ...]:
        """Return the top nodes: the requirement tree, one per level, or one per dimension."""
        return self.strategy.roots(self)

    def walk(self) -> Iterator[Requirement]:
        """Yield every requirement node of the definition."""
        for root in self.roots():
            yield from root.walk()

    def requirement(self, requirement_id: str) -> Requirement:
        """Return the node with this id; raise ``KeyError`` naming the known ids if absent."""
        nodes = _NODES.get((self,))
        if nodes is None:
            nodes = {}
            for node in self.walk():
                nodes.setdefault(node.id, node)
            _NODES.put((self,), None, nodes)
        if requirement_id in nodes:
            return nodes[requirement_id]
        known = ", ".join(n.id for n in self.walk())
        msg = f"{self.id} has no requirement {requirement_id!r}; known: {known}"
        raise NotFound(msg)

    def title(self, lang: str = "en") -> str:
        """Short display name with version, e.g. ``OSAID 1.0``."""
        return self.short_name.get(lang) or self.short_name.get("en") or self.id

    def source_url(self, anchor: str) -> str:
        """Resolve a requirement's ``source`` anchor (``id#section``) to its document URL."""
        sid = anchor.partition("#")[0]
        return next((src.url for src in self.sources if src.id == sid), "")

    @property
    def is_modified(self) -> bool:
        """True when user toggles make this differ from the published definition."""
        return bool(self.toggles)

    # -- toggling ------------------------------------------------------------
    def with_toggles(self, toggles: Mapping[str, object]) -> Definition:
        """Return a new definition with requirements switched or their licenses changed.

        Parameters
        ----------
        toggles
            Requirement id to ``"off"`` (not required), ``"on"`` (required, also for
            items published as optional), ``"published"`` (as published), or a collection
            of license categories (the accepted set), or a mapping ``{"licenses": [...]}``.

        Returns
        -------
        Definition
            A new object; ``self`` is unchanged. Toggles accumulate over earlier ones.
        """
        from openviz.licenses import CATEGORIES

        nodes = {n.id: n for n in self.walk()}
        known = set(nodes)
        unknown = sorted(set(toggles) - known)
        if unknown:
            msg = f"{self.id} has no requirement {', '.join(map(repr, unknown))}; known: " + (
                ", ".join(sorted(known))
            )
            raise NotFound(msg)
        merged = dict(self.toggles)
        for rid, value in toggles.items():
            if isinstance(value, Mapping):
                value = value.get("licenses", ())
            if isinstance(value, str):
                if value not in ("on", "off", "published"):
                    msg = (
                        f"toggle for {rid!r} must be on, off, published "
                        f"or license categories, not {value!r}"
                    )
                    raise ValueError(msg)
                if value == "published":
                    merged.pop(rid, None)
                    merged.pop(rid + "#licenses", None)
                    continue
                merged[rid] = value
            else:
                node = nodes[rid]
                if not node.rule.names_component:
                    # Only a component requirement reads licences; on any other the new set
                    # would be accepted and have no effect.
                    what = "a group" if node.rule.is_group else "a condition"
                    msg = (
                        f"{rid!r} is {what}, and licence categories apply only to component "
                        "requirements; toggle it on or off instead"
                    )
                    raise ValueError(msg)
                bad = sorted(c for c in set(value) if c not in CATEGORIES)
                if bad:
                    msg = f"unknown license categories {bad}; known: {', '.join(CATEGORIES)}"
                    raise ValueError(msg)
                merged[rid + "#licenses"] = tuple(c for c in CATEGORIES if c in set(value))
        # Every variant of a published definition shares one table, so toggling back and
        # forth reuses objects (and what is cached for them).
        published = _PUBLISHED.get((self,), default=self)
        if _VARIANTS.get((published,), self.toggles) is None:
            _VARIANTS.put((published,), self.toggles, self)
        key = tuple(sorted(merged.items()))
        found = _VARIANTS.get((published,), key)
        if found is None:
            found = _VARIANTS.put((published,), key, self._apply(merged))
            _PUBLISHED.put((found,), None, published)
        return found

    def _apply(self, toggles: Mapping[str, object]) -> Definition:
        """Rebuild every node from its published state plus ``toggles`` (the full set)."""

        def visit(node: Requirement) -> Requirement:
            state = toggles.get(node.id)
            enabled = True if state == "on" else False if state == "off" else node.published_enabled
            lic = toggles.get(node.id + "#licenses")
            return replace(
                node,
                children=tuple(visit(c) for c in node.children),
                enabled=enabled,
                licenses=frozenset(lic) if lic is not None else node.published_licenses,
            )

        return self.strategy.rebuild(self, visit, toggles=tuple(sorted(toggles.items())))
