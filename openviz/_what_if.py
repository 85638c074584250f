"""Changes to a release that a question tries: the leaves that count, a licence to pick.

Shared by :func:`openviz.analysis.path_to` and :func:`openviz.unknowns.deciding_unknowns`.
"""

from __future__ import annotations

from openviz.licenses import CATEGORIES
from openviz.records import Definition, Requirement


def enabled_leaves(d: Definition) -> list[Requirement]:
    """Return the leaves of a definition below enabled nodes only, in tree order."""
    out = []

    def visit(node: Requirement) -> None:
        if not node.enabled:
            return
        if node.children:
            for child in node.children:
                visit(child)
        else:
            out.append(node)

    for root in d.roots():
        visit(root)
    return out


# The kind of license each content type would normally be released under.
_PREFERRED = {
    "code": ("osi-approved",),
    "data": ("open-data", "osi-approved"),
    "document": ("open-data", "open-content", "osi-approved"),
    "access": ("osi-approved",),
}


def license_for(sets: list[frozenset[str]], component_type: str) -> str:
    """Pick a real license every accepting requirement takes, of the kind fit for the type."""
    common = set(CATEGORIES)
    for s in sets:
        common &= s
    pool = common or (set(sets[0]) if sets else {"osi-approved"})
    order = [*_PREFERRED.get(component_type, ()), *CATEGORIES]
    category = next(c for c in order if c in pool)
    examples = {
        "osi-approved": "Apache-2.0",
        "open-data": "CC-BY-4.0",
        "open-content": "GFDL-1.3-or-later",
        "permissive-non-osi": "Apache-2.0",
    }
    return examples.get(category, "Apache-2.0")
