"""openviz: what counts as open-source AI, definition by definition, with evidence.

The core (this package minus ``widgets``, ``charts`` and ``export``) loads the data in
``defs/``, validates it, and judges model releases against definitions. It imports no
chart or widget library.
"""

from openviz._caches import clear_caches
from openviz.analysis import consensus, deciding_unknowns, path_to, sensitivity
from openviz.authoring import save_definition
from openviz.catalog import Catalog, load_catalog, read_definition, read_release
from openviz.diff import diff
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
    "consensus",
    "deciding_unknowns",
    "diff",
    "evaluate",
    "explain",
    "load_catalog",
    "path_to",
    "ratings",
    "read_definition",
    "read_release",
    "save_definition",
    "sensitivity",
]

__version__ = "0.1.0"
