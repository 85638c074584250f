"""What a chart needs besides its frames: language, labels, and what it shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from openviz.catalog import Catalog, load_catalog
from openviz.i18n import check_lang, definition_label, text
from openviz.i18n import label as vocab_label
from openviz.records import Definition, Release


@dataclass
class Context:
    """What a chart needs besides its frames: language, labels, and what it shows.

    Attributes
    ----------
    catalog
        Where component, category and requirement labels come from.
    lang
        ``en`` or ``zh``.
    definitions
        The definitions shown, in order (published, toggled or custom).
    releases
        The releases shown.
    titles
        Definition id to display label, overriding :func:`openviz.i18n.definition_label`.
    """

    catalog: Catalog
    lang: str
    definitions: tuple[Definition, ...] = ()
    releases: tuple[Release, ...] = ()
    titles: Mapping[str, str] = field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        """Return interface text in the chart's language."""
        return text(key, self.lang, **values)

    @property
    def comma(self) -> str:
        """Separate items of a list: ``, `` or ``、``."""
        return "、" if self.lang == "zh" else ", "

    @property
    def semi(self) -> str:
        """Separate clauses: ``; `` or ``；``."""
        return "；" if self.lang == "zh" else "; "

    @property
    def colon(self) -> str:
        """Introduce what follows: ``: `` or ``：``."""
        return "：" if self.lang == "zh" else ": "

    def definition(self, definition_id: str) -> Definition | None:
        """Return a shown definition by id (the first with that id), else the catalogue's."""
        for d in self.definitions:
            if d.id == definition_id:
                return d
        return self.catalog.definitions.get(definition_id)

    def def_label(self, definition: Definition | str) -> str:
        """Label a definition with its version."""
        did = definition if isinstance(definition, str) else definition.id
        if did in self.titles:
            return self.titles[did]
        d = self.definition(did) if isinstance(definition, str) else definition
        return definition_label(d, self.lang) if d is not None else did

    def component(self, component_id: str) -> str:
        """Label a component (or a release-level condition) in the chart's language."""
        if component_id.startswith("condition:"):
            name, _, level = component_id.partition("=")
            if name == "condition:no-restrictions" and level:
                kind = vocab_label(self.catalog, "restriction", level, self.lang)
                return self.t("condition:no-restrictions=", level=kind)
            return self.t(name, level=level)
        try:
            return vocab_label(self.catalog, "component", component_id, self.lang)
        except KeyError:
            return component_id

    def category(self, category_id: str) -> str:
        """Label a license category."""
        return vocab_label(self.catalog, "category", category_id, self.lang)

    def requirement(self, definition: Definition | None, requirement_id: str) -> str:
        """Label a requirement of a definition (its id when unknown)."""
        if definition is None:
            return requirement_id
        try:
            return definition.requirement(requirement_id).title(self.lang)
        except KeyError:
            return requirement_id

    def part(self, definition: Definition | None, part_id: str) -> str:
        """Label a level or dimension of a definition."""
        if definition is not None:
            for item in (*definition.levels, *definition.dimensions):
                if item.id == part_id:
                    return item.label.get(self.lang) or item.label.get("en") or part_id
        return part_id


def context(
    catalog: Catalog | None,
    lang: str,
    titles: Mapping[str, str] | None = None,
    definitions: Iterable[Definition] | None = None,
    definition_ids: Iterable[str] = (),
    model_ids: Iterable[str] = (),
    releases: Iterable[Release] | None = None,
) -> Context:
    """Build a :class:`Context` from what a frame names, completing it from the catalogue.

    ``releases``, when given, are the releases the chart's data come from (for the source
    line), even those the chart does not draw.
    """
    catalog = catalog or load_catalog()
    check_lang(lang)
    defs = list(definitions or ())
    have = {d.id for d in defs}
    for did in dict.fromkeys(definition_ids):
        if did not in have and did in catalog.definitions:
            defs.append(catalog.definitions[did])
            have.add(did)
    if releases is None:
        ids = dict.fromkeys(model_ids)
        releases = (catalog.releases[m] for m in ids if m in catalog.releases)
    return Context(catalog, lang, tuple(defs), tuple(releases), dict(titles or {}))
