"""One display name for every id openviz shows: :func:`display_name`.

Charts, widgets, the interactive page and the CLI name components, licences, licence
categories and restriction kinds, access levels, definitions and their levels, dimensions
and requirements, and model families through it. Every label comes from the data: ``label``
(or ``short_name``) in ``defs/`` for definitions, levels, dimensions and requirements, the
vocabularies (``components.yaml``, ``licenses.yaml``) for components, access levels, licence
categories and restriction kinds, the licence table for licence names, and
``defs/families.yaml`` for a family (``qwen`` -> Qwen, 通义千问 (Qwen)); a family a user's own
file brings is spelled the way its releases spell it. An id is only the last resort, and
``tests/test_widgets.py`` fails if any shipped definition or family falls back to it.
"""

from __future__ import annotations

import re

from openviz.catalog import Catalog
from openviz.records import Definition, Requirement

__all__ = ["display_name", "family_name", "family_names", "part_name", "requirement_name"]


def requirement_name(definition: Definition, node: Requirement | str, lang: str = "en") -> str:
    """Name a requirement node: its label, else the label of the level or dimension it roots.

    A level's or dimension's root node is the part itself, so the part's label names it
    when the node has none of its own (the id only when neither has a label).
    """
    if isinstance(node, str):
        node = definition.requirement(node)
    own = node.label.get(lang) or node.label.get("en")
    if own:
        return own
    for part in (*definition.levels, *definition.dimensions):
        if part.requirements.id == node.id:
            return part_name(part, lang)
    return node.id


def part_name(part, lang: str = "en") -> str:
    """Name a level or dimension by its label in ``lang`` (English, then its id, if missing)."""
    return part.label.get(lang) or part.label.get("en") or part.id


def family_name(catalog: Catalog, family: str, lang: str = "en") -> str:
    """Name a model family in ``lang``: its label in ``families.yaml``.

    A family the file does not list (one a user's own release brings) is named as its
    releases spell it: the family id looked for, ignoring case and hyphens, in their names
    (newest first); failing that, the words all their names start with, and failing that
    the first release's name.
    """
    own = catalog.family_labels.get(family)
    if own:
        return own.get(lang) or own["en"]
    releases = [r for r in catalog.releases.values() if r.family == family]
    return _spell(family, releases) if releases else family


def family_names(catalog: Catalog, lang: str = "en") -> dict[str, str]:
    """Return :func:`family_name` for every family of the catalogue, at once."""
    members: dict[str, list] = {}
    for release in catalog.releases.values():
        members.setdefault(release.family, []).append(release)
    out = {}
    for family, releases in members.items():
        own = catalog.family_labels.get(family)
        out[family] = (own.get(lang) or own["en"]) if own else _spell(family, releases)
    return out


def _spell(family: str, releases: list) -> str:
    # Curated releases first, newest first: the current spelling (Llama, not LLaMA).
    newest = sorted(releases, key=lambda r: (r.release_date, r.id), reverse=True)
    ordered = sorted(newest, key=lambda r: r.collection != "curated")
    names = [r.name for r in ordered if r.name]
    pattern = r"[\s_.-]?".join(re.escape(p) for p in re.split(r"[-\s]+", family) if p)
    for name in names:
        found = re.search(rf"(?<![A-Za-z0-9]){pattern}", name, re.I) or re.search(
            pattern, name, re.I
        )
        if found:
            return found.group(0)
    if len(set(names)) < 2:
        return names[0] if names else family
    words = [n.split() for n in names]
    common = []
    for column in zip(*words, strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    return " ".join(common) or names[0]


def display_name(
    catalog: Catalog,
    kind: str,
    key: str,
    lang: str = "en",
    definition: Definition | None = None,
) -> str:
    """Return the human name of ``key`` for the widgets, in ``lang``.

    Parameters
    ----------
    catalog
        Where labels are read from.
    kind
        ``definition``, ``requirement``, ``level`` or ``dimension`` (these three need
        ``definition``), ``family``, ``component``, ``licence``, ``category`` (a licence
        category), ``restriction`` (a licence restriction kind) or ``access`` (an access
        level).
    key
        The id to name.
    lang
        ``en`` or ``zh``.
    definition
        The definition a requirement, level or dimension belongs to.
    """
    if kind in ("requirement", "level", "dimension"):
        if definition is None:
            msg = f"naming a {kind} needs its definition"
            raise ValueError(msg)
        if kind == "requirement":
            return requirement_name(definition, key, lang)
        parts = definition.levels if kind == "level" else definition.dimensions
        for part in parts:
            if part.id == key:
                return part_name(part, lang)
        return key
    if kind == "family":
        return family_name(catalog, key, lang)
    if kind == "component":
        return catalog.component(key).label.get(lang, key)
    if kind == "definition":
        return catalog.definition(key).title(lang)
    if kind == "licence":
        found = catalog.licenses.get(key)
        return found.name if found is not None else key
    if kind == "access":
        names = catalog.access_levels.get(key, {})
        return names.get(lang) or names.get("en") or key
    if kind in ("category", "restriction"):
        vocab = "categories" if kind == "category" else "restrictions"
        for entry in catalog.license_data.get(vocab, ()):
            if entry["id"] == key:
                return entry["label"].get(lang, key)
        return key
    msg = f"cannot name kind {kind!r}"
    raise ValueError(msg)
