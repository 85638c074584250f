"""Requirement node kinds: one class per kind of node a definition's YAML tree holds.

A requirement tree is made of groups (``all_of``, ``any_of``), component leaves
(``component: <id>``) and condition leaves (``condition: <name>``). Everything the
package knows about one kind of node lives in its class here:

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
Adding a condition kind means one class here, its name in the schema's ``condition``
enum and its strings in the translation tables (see CONTRIBUTING, "Adding a condition
kind").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar

from openviz.explain_text import say
from openviz.licenses import CATEGORIES, RESTRICTIONS
from openviz.records import ACCESS_LEVELS, Release, Requirement

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

_STATUS = {"no": 0, "partial": 1, "yes": 2}
#: The fields every node may carry, whatever its kind.
_COMMON = frozenset({"id", "label", "paraphrase", "source", "enabled", "at_most"})


class Facts:
    """What a rating reads about one release, whatever holds it.

    The readable :func:`rate` asks only these questions, so the same rule code rates a
    :class:`~openviz.records.Release` of a catalogue (this class) and the plain
    dictionaries of the benchmark's baseline loop (a subclass there).

    Attributes
    ----------
    rated
        When a dict, :func:`rate` records in it the bounds of every node it rates (node
        id -> ``(lo, hi)``), so that one walk gives the whole tree's ratings.
    """

    rated: dict | None = None

    def __init__(self, release: Release, catalog: Catalog) -> None:
        self._release = release
        self._catalog = catalog
        self.vocabulary: Sequence[str] = tuple(c.id for c in catalog.components)

    def status(self, cid: str) -> int:
        """Return 0 not released, 1 partly, 2 released, -1 unknown."""
        return _STATUS.get(self._release.component(cid).value, -1)

    def _license(self, cid: str):
        fact = self._release.component(cid)
        return self._catalog.licenses.get(fact.license) if fact.license else None

    def category(self, cid: str) -> str | None:
        """Return the licence category of a component, ``None`` when not known."""
        lic = self._license(cid)
        return lic.category if lic is not None else None

    def restrictions(self, cid: str) -> frozenset[str]:
        """Return the restriction kinds of the component's licence (empty when unknown)."""
        lic = self._license(cid)
        return frozenset(lic.restrictions) if lic is not None else frozenset()

    def flag(self, name: str) -> str | None:
        """Return ``"yes"``/``"no"`` for a release flag (``monetised``), ``None`` if unknown."""
        value = self._release.fact(name).value
        return value if value in ("yes", "no") else None

    def access(self) -> str | None:
        """Return the access level, ``None`` when unknown."""
        value = self._release.fact("access").value
        return value if value in ACCESS_LEVELS else None


class TableFacts(Facts):
    """The facts of one row of a :class:`~openviz.rules.ReleaseTable`.

    What the engine uses for a condition that has no array kernel of its own.
    """

    def __init__(self, table, row: int) -> None:
        self._t = table
        self._i = row
        self.vocabulary = table.components
        self._col = {c: j for j, c in enumerate(table.components)}

    def status(self, cid):
        j = self._col.get(cid)
        return int(self._t.status[self._i, j]) if j is not None else -1

    def category(self, cid):
        j = self._col.get(cid)
        code = int(self._t.category[self._i, j]) if j is not None else -1
        return CATEGORIES[code] if code >= 0 else None

    def restrictions(self, cid):
        j = self._col.get(cid)
        mask = int(self._t.restrictions[self._i, j]) if j is not None else 0
        return frozenset(r for b, r in enumerate(RESTRICTIONS) if mask >> b & 1)

    def flag(self, name):
        column = {"monetised": self._t.monetised, "systemic_risk": self._t.systemic_risk}.get(name)
        if column is not None:
            return ("no", "yes")[column[self._i]] if column[self._i] >= 0 else None
        facts = self._t.release_facts[self._i] if self._t.release_facts else {}
        value = facts[name].value if name in facts else "unknown"
        return value if value in ("yes", "no") else None

    def access(self):
        code = int(self._t.access[self._i])
        return ACCESS_LEVELS[code] if code >= 0 else None


class NodeKind:
    """One kind of requirement node. Subclasses are stateless: every method takes the node.

    Attributes
    ----------
    name
        The YAML name: the key of a group or leaf, or the value of ``condition:``.
    fields
        The YAML fields only this kind of node may carry.
    is_group
        Holds ``children`` (all_of, any_of).
    all_needed
        A group met only when every child is (all_of).
    names_component
        A leaf that reads one named component (and its substitutes).
    """

    name: ClassVar[str] = ""
    is_group: ClassVar[bool] = False
    all_needed: ClassVar[bool] = False
    names_component: ClassVar[bool] = False
    fields: ClassVar[tuple[str, ...]] = ()
    #: The expected-text of the problem "field X applies only to this kind".
    only_for: ClassVar[tuple[str, str]] = ("", "remove it")

    # -- YAML ----------------------------------------------------------------
    @classmethod
    def parse(cls, n: Mapping, parse_child: Callable[[Mapping], Requirement]) -> dict:
        """Return the kind-specific :class:`Requirement` fields read from a YAML mapping."""
        return {}

    @classmethod
    def dump(cls, node: Requirement, dump_child: Callable[[Requirement], dict]) -> dict:
        """Return the kind-specific YAML fields of a node (the inverse of :meth:`parse`)."""
        return {}

    @classmethod
    def problems(cls, n: Mapping, component_ids) -> list[tuple[str, str, str]]:
        """Check a YAML node of this kind: ``(field or "", problem, expected)`` triples."""
        return []

    # -- judging -------------------------------------------------------------
    @classmethod
    def rate(cls, node: Requirement, facts: Facts) -> tuple[int, int]:
        """Return the bounds ``(lo, hi)`` of the node for one release (before ``at_most``)."""
        raise NotImplementedError

    # -- explaining ----------------------------------------------------------
    @classmethod
    def fact(cls, ctx, node: Requirement) -> tuple:
        """Describe what the node read: text, licence, category, evidence, why, note."""
        return "", "", "", None, "", ""

    @classmethod
    def asks(cls, node: Requirement, role: str, part: str) -> list[tuple]:
        """Return ``(item, role, licenses)`` for what the node asks of a release."""
        return []

    @classmethod
    def gaps(cls, node: Requirement, rel: Release, want: dict) -> None:
        """Add what a release would need to change for this leaf to ``want``.

        ``want`` has ``accepted`` (component -> accepted licence sets), ``restricted``
        (components that must be unrestricted), ``facts`` (release fact -> value) and
        ``rules`` (release fact -> the condition class that asks for it).
        """

    @classmethod
    def unknowns(cls, node: Requirement, vocabulary: Sequence[str]) -> list[tuple]:
        """Return ``((where, name), need, licenses)`` for each fact the leaf reads."""
        return []


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
        refs = [("component", c) for c in _id_texts([n["component"]])]
        refs += [("substitutes", c) for c in _id_texts(n.get("substitutes"))]
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
        chosen, best = columns[0][0], int(columns[0][1][0])
        for cid, bits in columns[1:]:
            b = int(bits[0])
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


class Condition(NodeKind):
    """``condition: <name>``: a test on release-level facts (subclasses, one per name)."""

    #: The release fact the condition reads (``monetised``, ``access``), if one.
    reads: ClassVar[str] = ""
    #: What :func:`openviz.analysis.path_to` proposes: (change, description with {value}).
    change: ClassVar[tuple[str, str]] = ("", "")

    @classmethod
    def holds(cls, now: str, value: str) -> bool:
        """Whether the release fact ``now`` already gives what the gap asks (``value``)."""
        return now == value

    @classmethod
    def parse(cls, n, parse_child):
        return {"condition": n["condition"]}

    @classmethod
    def dump(cls, node, dump_child):
        return {"condition": node.condition}

    @classmethod
    def asks(cls, node, role, part):
        return [(f"condition:{node.condition}", role, None)]

    @classmethod
    def fact(cls, ctx, node):
        from openviz.explain import _word

        lang = ctx.lang
        fact = ctx.rel.fact(cls.reads)
        text = say(cls.reads, lang, value=_word(f"value {fact.value}", fact.value, lang))
        ev = fact.evidence[0] if fact.evidence else None
        return text, "", "", ev, "", fact.notes


class _Flag(Condition):
    """A yes/no release flag that must be ``no``."""

    #: What :func:`openviz.analysis.unknowns` says the release must be.
    need: ClassVar[str] = ""

    @classmethod
    def rate(cls, node, facts):
        flag = facts.flag(cls.reads)
        return (2 if flag == "no" else 0), (0 if flag == "yes" else 2)

    @classmethod
    def gaps(cls, node, rel, want):
        want["facts"][cls.reads] = "no"
        want["rules"][cls.reads] = cls

    @classmethod
    def unknowns(cls, node, vocabulary):
        return [(("release", cls.reads), cls.need, None)]


class NotMonetised(_Flag):
    """``not-monetised``: the release is not provided against a price."""

    name = "not-monetised"
    reads = "monetised"
    need = "not monetised"
    change = ("stop-monetising", "stop providing it against a price (AI Act recital 103)")


class NotSystemicRisk(_Flag):
    """``not-systemic-risk``: the model is not a general-purpose model with systemic risk."""

    name = "not-systemic-risk"
    reads = "systemic_risk"
    need = "not a systemic-risk model"
    change = ("not-systemic-risk", "not be a systemic-risk model (not in the provider's gift)")


class AccessAtLeast(Condition):
    """``access-at-least`` with ``level``: the release is available at least at that level."""

    name = "access-at-least"
    reads = "access"
    fields = ("level",)
    change = ("raise-access", "make it available at the access level {value}")

    @classmethod
    def holds(cls, now, value):
        return now in ACCESS_LEVELS and ACCESS_LEVELS.index(now) >= ACCESS_LEVELS.index(value)

    @classmethod
    def parse(cls, n, parse_child):
        return {"condition": n["condition"], "level": n.get("level", "")}

    @classmethod
    def dump(cls, node, dump_child):
        return {"condition": node.condition, **({"level": node.level} if node.level else {})}

    @classmethod
    def problems(cls, n, component_ids):
        if "level" in n:
            return []
        return [
            (
                "",
                "condition access-at-least needs a level",
                "level: one of " + ", ".join(ACCESS_LEVELS),
            )
        ]

    @classmethod
    def rate(cls, node, facts):
        need = ACCESS_LEVELS.index(node.level)
        value = facts.access()
        have = ACCESS_LEVELS.index(value) if value is not None else None
        lo = 2 if have is not None and have >= need else 0
        hi = 2 if have is None or have >= need else 0
        return lo, hi

    @classmethod
    def fact(cls, ctx, node):
        from openviz.explain import _word

        lang = ctx.lang
        fact = ctx.rel.fact("access")
        value = _word(f"access {fact.value}", fact.value, lang)
        if fact.value == "unknown":
            value = say("value unknown", lang)
        level = _word(f"access {node.level}", node.level, lang)
        text = say("access", lang, value=value, level=level)
        ev = fact.evidence[0] if fact.evidence else None
        return text, "", "", ev, "", fact.notes

    @classmethod
    def asks(cls, node, role, part):
        return [
            (f"condition:{node.condition}" + (f"={node.level}" if node.level else ""), role, None)
        ]

    @classmethod
    def gaps(cls, node, rel, want):
        facts = want["facts"]
        need = ACCESS_LEVELS.index(node.level)
        best = max(need, ACCESS_LEVELS.index(facts.get("access", node.level)))
        facts["access"] = ACCESS_LEVELS[best]
        want["rules"]["access"] = cls

    @classmethod
    def unknowns(cls, node, vocabulary):
        return [(("release", "access"), f"access at least {node.level}", None)]


class NoRestrictions(Condition):
    """``no-restrictions``: no released component is under a licence with use restrictions.

    ``restrictions`` narrows the restriction kinds that count, ``components`` the
    components looked at (all of the vocabulary by default).
    """

    name = "no-restrictions"
    fields = ("restrictions", "components")
    only_for = ("'{field}' applies only to condition no-restrictions", "remove it")

    @classmethod
    def parse(cls, n, parse_child):
        return {
            "condition": n["condition"],
            "restrictions": tuple(n.get("restrictions", ())),
            "components": tuple(n.get("components", ())),
        }

    @classmethod
    def dump(cls, node, dump_child):
        out: dict = {"condition": node.condition}
        if node.restrictions:
            out["restrictions"] = list(node.restrictions)
        if node.components:
            out["components"] = list(node.components)
        return out

    @classmethod
    def problems(cls, n, component_ids):
        return [
            ("components", f"unknown component {cid!r}", "a component id from components.yaml")
            for cid in _id_texts(n.get("components"))
            if cid not in component_ids
        ]

    @classmethod
    def rate(cls, node, facts):
        kinds = set(node.restrictions or RESTRICTIONS)
        bad = unsure = False
        for cid in node.components or facts.vocabulary:
            status = facts.status(cid)
            restricted = bool(facts.restrictions(cid) & kinds)
            unlicensed = facts.category(cid) is None
            if status >= 1:
                bad |= restricted
                unsure |= unlicensed
            elif status < 0:
                # Unknown whether released: a restricting or unrecorded licence might count.
                unsure |= restricted or unlicensed
        return (0 if bad or unsure else 2), (0 if bad else 2)

    @classmethod
    def fact(cls, ctx, node):
        from openviz.rules import HI_MET, LO_MET

        lang = ctx.lang
        kinds = set(node.restrictions) if node.restrictions else None
        found, unsure = [], []
        ev = None
        for cid, bits in ctx.compiled.restriction_columns(node, ctx.table):
            b = int(bits[0])
            if b & LO_MET:
                continue
            fact = ctx.rel.component(cid)
            lic = ctx.catalog.licenses.get(fact.license) if fact.license else None
            if not b & HI_MET:  # surely restricted: released under restricting terms
                hits = [r for r in lic.restrictions if kinds is None or r in kinds]
                found.append(
                    say(
                        "restricted by",
                        lang,
                        component=ctx.component(cid),
                        license=lic.name,
                        kinds=ctx.join(ctx.restriction(r) for r in hits),
                    )
                )
                ev = ev or (fact.evidence[0] if fact.evidence else None)
            elif fact.value in ("yes", "partial"):
                unsure.append(say("unsure unlicensed", lang, component=ctx.component(cid)))
            else:
                unsure.append(say("unsure unreleased", lang, component=ctx.component(cid)))
        semi = say("semi", lang)
        parts = [
            say("restricted", lang, items=semi.join(found)) if found else say("unrestricted", lang)
        ]
        if unsure:
            parts.append(say("unsure", lang, items=semi.join(unsure)))
        return semi.join(parts), "", "", ev, "", ""

    @classmethod
    def asks(cls, node, role, part):
        # One row per restriction kind, so that a diff names the kinds a version adds or drops.
        return [
            (f"condition:no-restrictions={kind}", role, None)
            for kind in node.restrictions or RESTRICTIONS
        ]

    @classmethod
    def gaps(cls, node, rel, want):
        want["restricted"].update(node.components or tuple(rel.components))

    @classmethod
    def unknowns(cls, node, vocabulary):
        kinds = f" ({', '.join(node.restrictions)})" if node.restrictions else ""
        return [
            (("component", cid), f"not released under a restrictive license{kinds}", None)
            for cid in node.components or vocabulary
        ]


_REGISTRY: dict[str, type[NodeKind]] = {
    k.name: k
    for k in (
        AllOf,
        AnyOf,
        ComponentLeaf,
        NoRestrictions,
        NotMonetised,
        NotSystemicRisk,
        AccessAtLeast,
    )
}
#: YAML name -> node kind class. Groups and leaves by their key, conditions by their name.
NODE_KINDS: Mapping[str, type[NodeKind]] = MappingProxyType(_REGISTRY)

#: The YAML keys that make a node a group or a leaf, in the order they are looked for.
NODE_KEYS = ("all_of", "any_of", "component", "condition")


def _id_texts(value: object) -> list[str]:
    """Return the texts in a YAML list of ids; other shapes are the schema's to report."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


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
