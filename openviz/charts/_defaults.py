"""The definitions a gallery chart draws when it is given none (each chart's ``defaults``)."""

from __future__ import annotations

from openviz.analysis import MAJOR
from openviz.catalog import Catalog

__all__ = ["major_definitions", "osaid_or_first"]


def major_definitions(catalog: Catalog) -> list[str]:
    """Return the major definitions (every one in a catalogue that has none of them)."""
    found = [d for d in MAJOR if d in catalog.definitions]
    return found or [d.id for d in catalog.definitions.values() if d.strategy.has_outcome]


def osaid_or_first(catalog: Catalog) -> list[str]:
    """Return OSAID 1.0 when the catalogue has it, else its first definition."""
    return ["osaid-1.0"] if "osaid-1.0" in catalog.definitions else list(catalog.definitions)[:1]
