"""The one order of arguments in openviz's API: definitions first, then models.

``evaluate(definitions, models)``, ``explain(definition, model)``, ``path_to(definition,
model)``, ``consensus(definitions, models)``. Three functions once took the model first;
calls written that way keep working, because a definition and a release are told apart by
what they are: objects by their type, ids by the catalogue (no id names both).
"""

from __future__ import annotations

from collections.abc import Iterable

from openviz.catalog import Catalog
from openviz.records import Definition, Release

__all__ = ["definition_first", "definitions_first"]


def _is_model(value: object, catalog: Catalog) -> bool:
    if isinstance(value, Release):
        return True
    return isinstance(value, str) and value in catalog.releases and value not in catalog.definitions


def _is_definition(value: object, catalog: Catalog) -> bool:
    if isinstance(value, Definition):
        return True
    return isinstance(value, str) and value in catalog.definitions


def definition_first(catalog: Catalog, first: object, second: object) -> tuple:
    """Return ``(definition, model)`` from two arguments given in either order.

    Only a pair that is surely a model then a definition is swapped; anything else is taken
    in the public order, and its lookup names what is unknown.
    """
    if _is_model(first, catalog) and _is_definition(second, catalog):
        return second, first
    return first, second


def definitions_first(catalog: Catalog, first: object, second: object) -> tuple:
    """Return ``(definitions, models)`` from two lists (or ``None``) given in either order.

    A list is read once, so a list given as a generator comes back as a list.
    """
    first, second = _listed(first), _listed(second)
    old = bool(first) and all(_is_model(x, catalog) for x in first)
    if old and (second is None or all(_is_definition(x, catalog) for x in second)):
        return second, first
    return first, second


def _listed(values: object) -> list | None:
    """Return the items of a list argument; one id or record is a list of one."""
    if values is None:
        return None
    if isinstance(values, str | Definition | Release) or not isinstance(values, Iterable):
        return [values]
    return list(values)
