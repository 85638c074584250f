"""openviz: what counts as open-source AI, definition by definition, with evidence.

The core (this package minus ``widgets``, ``charts`` and ``export``) loads the data in
``defs/``, validates it, and judges model releases against definitions. It imports no
chart or widget library.
"""

from openviz._caches import clear_caches
from openviz.catalog import Catalog, load_catalog, read_definition, read_release
from openviz.evaluate import VERDICTS, evaluate, ratings
from openviz.explain import explain
from openviz.problems import CatalogError, Problem
from openviz.records import Definition, Release, Requirement

__all__ = [
    "VERDICTS",
    "Catalog",
    "CatalogError",
    "Definition",
    "Problem",
    "Release",
    "Requirement",
    "clear_caches",
    "evaluate",
    "explain",
    "load_catalog",
    "ratings",
    "read_definition",
    "read_release",
]

__version__ = "0.1.0"
