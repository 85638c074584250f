"""What a definition asks of each component and release condition, and how two asks differ.

:func:`asks` lists a definition's asks leaf by leaf; :func:`treatments` keeps the strongest
per item; :func:`describe` says one in words. :mod:`openviz.diff` compares them.
"""

from __future__ import annotations

from dataclasses import dataclass

from openviz.catalog import Catalog
from openviz.i18n import label, text
from openviz.records import Definition, Requirement
from openviz.requirements import node_kind

__all__ = ["Ask", "asks", "change", "describe", "treatments"]

# How strongly a definition asks for something, weakest first.
_STRENGTH = {
    "absent": 0,
    "optional": 1,
    "scored": 2,
    "substitute": 2,
    "alternative": 3,
    "required": 4,
}


@dataclass(frozen=True)
class Ask:
    """What a definition asks of one component or release condition.

    Attributes
    ----------
    item
        A component id, or ``condition:<name>`` for release-level conditions
        (``condition:no-restrictions=<kind>``, one per restriction kind a licence test
        checks; ``condition:access-at-least=<level>``).
    role
        ``required``, ``alternative`` (one of an ``any_of``), ``substitute`` (may stand in for
        another), ``scored`` (a score or descriptive dimension reads it), or ``optional``.
    licenses
        Accepted license categories, or ``None`` when release alone counts.
    part
        The level or dimension id where it is asked (``""`` for binary definitions).
    requirement
        The requirement id that asks it.
    """

    item: str
    role: str
    licenses: frozenset[str] | None
    part: str
    requirement: str


def asks(definition: Definition) -> list[Ask]:
    """List everything a definition asks, leaf by leaf, with the role the tree gives it."""
    out: list[Ask] = []
    scored = definition.strategy.rates_dimensions

    def visit(node: Requirement, part: str, role: str) -> None:
        if not node.enabled:
            role = "optional"
        if node.rule.is_group:
            child_role = role
            if not node.rule.all_needed and role == "required" and len(node.children) > 1:
                child_role = "alternative"
            for child in node.children:
                visit(child, part, child_role)
            return
        out.extend(
            Ask(item, r, lic, part, node.id)
            for item, r, lic in node_kind(node).asks(node, role, part)
        )

    base = "scored" if scored else "required"
    for part, _, root in definition.strategy.rated_parts(definition):
        visit(root, part, base)
    return out


def _strongest(items: list[Ask]) -> dict[str, Ask]:
    best: dict[str, Ask] = {}
    for ask in items:
        cur = best.get(ask.item)
        if cur is None or _STRENGTH[ask.role] > _STRENGTH[cur.role]:
            best[ask.item] = ask
    return best


def treatments(definition: Definition) -> dict[str, Ask]:
    """Return each component or condition a definition asks for, with its strongest role."""
    return _strongest(asks(definition))


def describe(ask: Ask | None, lang: str = "en", catalog: Catalog | None = None) -> str:
    """Say how a definition asks for one item: ``required at class-3 (licenses: ...)``.

    Parameters
    ----------
    ask
        The item's treatment (from :func:`treatments`); ``None`` when it is not asked.
    lang
        ``en`` (the words of :func:`diff`'s ``in_a`` and ``in_b``) or ``zh``.
    catalog
        Labels the license categories in Chinese; their ids are used without it.
    """
    if lang == "en":
        return _describe(ask)
    if ask is None:
        return text("absent", lang)
    words = text(ask.role, lang) + (f"（{ask.part}）" if ask.part else "")
    if ask.licenses is not None:
        names = [
            label(catalog, "category", c, lang) if catalog else c for c in sorted(ask.licenses)
        ]
        words += f"（{text('license', lang)}：{'、'.join(names)}）"
    return words


def _describe(ask: Ask | None) -> str:
    if ask is None:
        return "absent"
    words = ask.role + (f" at {ask.part}" if ask.part else "")
    if ask.licenses is not None:
        words += f" (licenses: {', '.join(sorted(ask.licenses))})"
    return words


def change(x: Ask | None, y: Ask | None) -> str:
    """Say how ``y`` differs from ``x``: added, removed, tightened, loosened, changed or ``""``."""
    ra = _STRENGTH[x.role] if x else 0
    rb = _STRENGTH[y.role] if y else 0
    if ra <= 1 and rb <= 1:
        # Absent versus merely listed as optional: worth showing, but nothing is required.
        return "changed" if ra != rb else ""
    if ra <= 1 < rb:
        return "added"
    if rb <= 1 < ra:
        return "removed"
    if ra != rb:
        return "tightened" if rb > ra else "loosened"
    la, lb = x.licenses, y.licenses
    if la == lb:
        # Both levels definitions, asked at different classes (e.g. class-3 vs class-2).
        return "changed" if x.part and y.part and x.part != y.part else ""
    if la is None:
        return "tightened"
    if lb is None:
        return "loosened"
    if lb < la:
        return "tightened"
    if lb > la:
        return "loosened"
    return "changed"
