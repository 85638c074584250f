"""Requirement node kinds: one class per kind of node a definition's YAML tree holds.

A requirement tree is made of groups (``all_of``, ``any_of``), component leaves
(``component: <id>``) and condition leaves (``condition: <name>``). Everything the
package knows about one kind of node lives in its class:

- ``parse`` / ``dump``: the YAML mapping to the fields of a
  :class:`~openviz.records.Requirement`, and back (:func:`openviz.authoring.save_definition`);
- ``problems``: the checks the catalogue runs on such a node;
- ``rate``: the readable per-release rating, Kleene bounds ``(lo, hi)`` on unmet 0 <
  partial 1 < met 2. The array kernels of :mod:`openviz.rules` are the fast path and are
  tested to give the same bounds;
- ``fact``: what :func:`openviz.explain.explain` says about the node for one release;
- ``asks``: what :func:`openviz.diff.asks` lists for the node;
- ``gaps`` / ``unknowns``: what :mod:`openviz.analysis` proposes to change, or to find
  out, about a release so that the node is met.

:data:`NODE_KINDS` maps the YAML name (``"all_of"``, ``"component"``,
``"no-restrictions"``, ...) to the class; :func:`node_kind` returns the class of a node.
The condition kinds are in :mod:`openviz.conditions`: adding one means one class there
(listed in its ``CONDITIONS``), its name in the schema's ``condition`` enum and its strings
in the translation tables (see CONTRIBUTING, "Adding a condition kind"). What every kind
shares (the base class and the facts a rule reads) is in :mod:`openviz._node_base`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from openviz._node_base import Facts, NodeKind, id_texts
from openviz._node_base import TableFacts as TableFacts
from openviz.conditions import (
    CONDITIONS,
    AccessAtLeast,
    Condition,
    NoRestrictions,
    NotMonetised,
    NotSystemicRisk,
)
from openviz.conditions import _Flag as _Flag
from openviz.explain_text import say
from openviz.records import Release, Requirement

if TYPE_CHECKING:
    from openviz.catalog import Catalog

__all__ = [
    "NODE_KINDS",
    "AccessAtLeast",
    "AllOf",
    "AnyOf",
    "ComponentLeaf",
    "Condition",
    "Facts",
    "Group",
    "NoRestrictions",
    "NodeKind",
    "NotMonetised",
    "NotSystemicRisk",
    "node_kind",
    "rate",
]


class Group(NodeKind):
    """A group of requirements (``all_of`` or ``any_of``)."""

    fields = ()
    is_group = True

    @classmethod
    def parse(cls, n, parse_child):
        return {
            "children": tuple(parse_child(c) for c in n.get(cls.name, [])),
            "ordered": bool(n.get("ordered", False)),
        }

    @classmethod
    def dump(cls, node, dump_child):
        out: dict = {"ordered": True} if node.ordered else {}
        out[cls.name] = [dump_child(c) for c in node.children]
        return out

    @classmethod
    def live(cls, node: Requirement, facts: Facts) -> list[tuple[int, int]]:
        """Return the bounds of the enabled children."""
        return [rate(c, facts) for c in node.children if c.enabled]

    @classmethod
    def fact(cls, ctx, node):
        live = [ctx.name(c.id) for c in node.children if c.enabled]
        key = "needs all" if cls.all_needed else "needs any"
        text = say(key, ctx.lang, names=ctx.join(live)) if live else say("nothing left", ctx.lang)
        return text, "", "", None, "", ""


class AllOf(Group):
    """``all_of``: met when every enabled child is (an empty group is met)."""

    name = "all_of"
    all_needed = True

    @classmethod
    def rate(cls, node, facts):
        live = cls.live(node, facts)
        return (min(b[0] for b in live), min(b[1] for b in live)) if live else (2, 2)


class AnyOf(Group):
    """``any_of``: met when one enabled child is; ``ordered`` marks a preference order."""

    name = "any_of"
    fields = ("ordered",)
    only_for = ("'ordered' applies only to any_of groups", "remove it")

    @classmethod
    def rate(cls, node, facts):
        live = cls.live(node, facts)
        return (max(b[0] for b in live), max(b[1] for b in live)) if live else (2, 2)


class ComponentLeaf(NodeKind):
    """``component: <id>``: the component (or a substitute) released under an accepted licence."""

    name = "component"
    names_component = True
    fields = ("licenses", "preferred_licenses", "substitutes", "accept_partial")
    only_for = (
        "'{field}' applies only to component requirements",
        "remove it, or make this a component requirement",
    )

    @classmethod
    def parse(cls, n, parse_child):
        return {
            "component": n["component"],
            "licenses": frozenset(n["licenses"]) if "licenses" in n else None,
            "preferred_licenses": frozenset(n["preferred_licenses"])
            if "preferred_licenses" in n
            else None,
            "accept_partial": bool(n.get("accept_partial", False)),
            "substitutes": tuple(n.get("substitutes", ())),
        }

    @classmethod
    def dump(cls, node, dump_child):
        out: dict = {"component": node.component}
        if node.licenses is not None:
            out["licenses"] = sorted(node.licenses)
        if node.preferred_licenses is not None:
            out["preferred_licenses"] = sorted(node.preferred_licenses)
        if node.accept_partial:
            out["accept_partial"] = True
        if node.substitutes:
            out["substitutes"] = list(node.substitutes)
        return out

    @classmethod
    def problems(cls, n, component_ids):
        refs = [("component", c) for c in id_texts([n["component"]])]
        refs += [("substitutes", c) for c in id_texts(n.get("substitutes"))]
        return [
            (fld, f"unknown component {cid!r}", "a component id from components.yaml")
            for fld, cid in refs
            if cid not in component_ids
        ]

    @classmethod
    def rate(cls, node, facts):
        # The best of the named component and its substitutes.
        lo = hi = 0
        for cid in (node.component, *node.substitutes):
            one = cls._one(node, facts, cid)
            lo, hi = max(lo, one[0]), max(hi, one[1])
        return lo, hi

    @staticmethod
    def _one(node: Requirement, facts: Facts, cid: str) -> tuple[int, int]:
        status = facts.status(cid)
        if node.accept_partial and status == 1:
            status = 2
        category = facts.category(cid)
        if status < 0:
            # Unknown whether released; if it was, a refused licence makes it "released,
            # not accepted" at best.
            refused = node.licenses is not None and category is not None
            return (0, 1) if refused and category not in node.licenses else (0, 2)
        if status < 2 or node.licenses is None:
            return status, status
        if category is None:
            return 1, 2  # an unrecorded licence might be an accepted one
        return (2, 2) if category in node.licenses else (1, 1)

    @classmethod
    def fact(cls, ctx, node):
        from openviz.explain import _add, _status

        lang = ctx.lang
        columns = ctx.compiled.leaf_columns(node, ctx.table)
        # The engine's leaf is the best (OR) of these columns: name the one that gave it,
        # the named component when it is as good as any substitute.
        chosen, best = columns[0][0], int(columns[0][1][ctx.row])
        for cid, bits in columns[1:]:
            b = int(bits[ctx.row])
            if (b & ~best) and (b | best) == b:
                chosen, best = cid, b
        fact = ctx.rel.component(chosen)
        lic = ctx.catalog.licenses.get(fact.license) if fact.license else None
        cat = lic.category if lic else ""
        text = say(
            "component fact", lang, component=ctx.component(chosen), status=_status(ctx, fact)
        )
        why = ""
        if chosen != node.component:
            why = say(
                "stands in",
                lang,
                chosen=ctx.component(chosen),
                component=ctx.component(node.component),
            )
        if node.licenses is not None and fact.value in ("yes", "partial"):
            accepted = ctx.join(ctx.category(c) for c in sorted(node.licenses)) or say(
                "accepts nothing", lang
            )
            if lic is None:
                why = _add(why, say("cannot tell licence", lang), lang)
            elif lic.category not in node.licenses:
                why = _add(
                    why,
                    say(
                        "not accepted", lang, category=ctx.category(lic.category), accepted=accepted
                    ),
                    lang,
                )
            elif (
                node.preferred_licenses is not None and lic.category not in node.preferred_licenses
            ):
                preferred = ctx.join(ctx.category(c) for c in sorted(node.preferred_licenses))
                why = _add(why, say("not preferred", lang, preferred=preferred), lang)
        if fact.value == "partial" and not node.accept_partial:
            why = _add(why, say("only partly", lang), lang)
        ev = fact.evidence[0] if fact.evidence else None
        return text, fact.license, cat, ev, why, fact.notes

    @classmethod
    def asks(cls, node, role, part):
        sub_role = "optional" if role == "optional" else "substitute"
        return [(node.component, role, node.licenses)] + [
            (c, sub_role, node.licenses) for c in node.substitutes
        ]

    @classmethod
    def gaps(cls, node, rel, want):
        for cid in (node.component, *node.substitutes):
            want["accepted"].setdefault(cid, []).append(node.licenses)

    @classmethod
    def unknowns(cls, node, vocabulary):
        lic = f" under {' or '.join(sorted(node.licenses))}" if node.licenses is not None else ""
        part = ", in part accepted" if node.accept_partial else ""
        out = [(("component", node.component), f"released{lic}{part}", node.licenses)]
        out += [
            (
                ("component", sub),
                f"released{lic} (may stand in for {node.component})",
                node.licenses,
            )
            for sub in node.substitutes
        ]
        return out


_REGISTRY: dict[str, type[NodeKind]] = {
    k.name: k for k in (AllOf, AnyOf, ComponentLeaf, *CONDITIONS)
}
#: YAML name -> node kind class. Groups and leaves by their key, conditions by their name.
NODE_KINDS: Mapping[str, type[NodeKind]] = MappingProxyType(_REGISTRY)

#: The YAML keys that make a node a group or a leaf, in the order they are looked for.
NODE_KEYS = ("all_of", "any_of", "component", "condition")


def node_kind(node: Requirement | Mapping) -> type[NodeKind]:
    """Return the class of a requirement node, or of a YAML node mapping.

    A YAML mapping of no known kind (the schema reports it) gets :class:`NodeKind`, whose
    checks find nothing more to say.

    Raises
    ------
    ValueError
        For a :class:`Requirement` whose kind or condition no class is registered for.
    """
    if isinstance(node, Requirement):
        key = node.condition if node.kind == "condition" else node.kind
        if key not in NODE_KINDS:
            msg = f"unknown requirement kind {key!r}; known: {', '.join(NODE_KINDS)}"
            raise ValueError(msg)
        return NODE_KINDS[key]
    found = next((k for k in NODE_KEYS if k in node), "")
    key = node.get("condition") if found == "condition" else found
    return NODE_KINDS.get(key, NodeKind) if isinstance(key, str) else NodeKind


def rate(node: Requirement, facts: Facts) -> tuple[int, int]:
    """Rate one node for one release: Kleene bounds ``(lo, hi)``, with ``at_most`` applied.

    The node itself is rated even when disabled (its parent skips it); pass
    ``Facts(release, catalog)``, or use :func:`rate_release`.
    """
    lo, hi = node_kind(node).rate(node, facts)
    if node.at_most == "partial":
        lo, hi = min(lo, 1), min(hi, 1)
    if facts.rated is not None:
        facts.rated[node.id] = (lo, hi)
    return lo, hi


def rate_release(node: Requirement, release: Release, catalog: Catalog) -> tuple[int, int]:
    """Rate one node for a release of ``catalog`` (the readable twin of :mod:`openviz.rules`)."""
    return rate(node, Facts(release, catalog))


def misplaced(n: Mapping) -> list[tuple[str, str, str]]:
    """Fields of a YAML node that belong to another kind of node: ``(field, problem, expected)``."""
    own = node_kind(n)
    out = []
    for kind in (ComponentLeaf, NoRestrictions, AnyOf):
        if kind is own:
            continue
        for fld in kind.fields:
            if fld in n:
                problem, expected = kind.only_for
                out.append((fld, problem.format(field=fld), expected))
    return out
