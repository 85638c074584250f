"""Condition node kinds (``condition: <name>``): tests on release-level facts.

One class per condition name, listed in :data:`CONDITIONS`, which
:data:`openviz.requirements.NODE_KINDS` registers. Adding a condition kind means one class
here, its name in the schema's ``condition`` enum and its strings in the translation table
(see CONTRIBUTING, "Adding a condition kind").
"""

from __future__ import annotations

from typing import ClassVar

from openviz._node_base import NodeKind, id_texts
from openviz.explain_text import say
from openviz.licenses import RESTRICTIONS
from openviz.records import ACCESS_LEVELS

__all__ = [
    "CONDITIONS",
    "AccessAtLeast",
    "Condition",
    "NoRestrictions",
    "NotMonetised",
    "NotSystemicRisk",
]


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
            for cid in id_texts(n.get("components"))
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
            b = int(bits[ctx.row])
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


#: Every condition kind, registered by its name.
CONDITIONS: tuple[type[Condition], ...] = (
    NoRestrictions,
    NotMonetised,
    NotSystemicRisk,
    AccessAtLeast,
)
