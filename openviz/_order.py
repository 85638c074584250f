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
    """Return ``(definitions, models)`` from two lists (or ``None``) given in either order."""
    items = [] if first is None or isinstance(first, str) else list(_each(first))
    others = [] if second is None or isinstance(second, str) else list(_each(second))
    old = items and all(_is_model(x, catalog) for x in items)
    if old and (second is None or all(_is_definition(x, catalog) for x in others)):
        return second, first
    return first, second


def _each(values: object) -> Iterable:
    return values if isinstance(values, Iterable) else ()
