"""Definition kinds: what a ``binary``, ``levels``, ``score`` or ``descriptive`` definition is.

Each kind is one object (:data:`KINDS`, keyed by the ``kind:`` of the YAML file; a
definition's own is :attr:`openviz.records.Definition.strategy`) that says what the
definition's parts are, how a release is judged, what "qualifies" means and how the
outcome is labelled. Code that treats kinds differently asks the object instead of
comparing the kind's name.

What "qualifies" means
----------------------
- ``binary``: the release meets the requirement tree.
- ``levels``: the release reaches the **lowest** level. This is the ``verdict`` column of
  :func:`openviz.evaluate`, and what :func:`openviz.analysis.sensitivity`, the
  requirement-impact chart and the classroom count. A caller that wants a higher level
  asks :meth:`Levels.reaches` (``level=`` a level id) or :meth:`Levels.reaches_top`.
- ``score`` and ``descriptive``: no verdict; :meth:`DefinitionKind.qualifies` refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from openviz.records import Definition, Requirement

__all__ = ["KINDS", "Binary", "DefinitionKind", "Descriptive", "Levels", "Score"]


class DefinitionKind:
    """One kind of definition. Instances are stateless; every method takes the definition.

    Attributes
    ----------
    name
        The ``kind:`` of the YAML file.
    has_verdict
        Judged qualifies / fails / cannot tell (binary and levels).
    rates_dimensions
        Judged by rating dimensions open, partial or closed (score and descriptive).
    has_score
        The ratings add up to points (score).
    ranked
        Judged by the highest of ordered levels reached (levels).
    part_field
        The YAML field of its parts: ``requirements``, ``levels`` or ``dimensions``.
    yaml_fields
        The top-level fields of a definition file that belong to this kind.
    root_is_part
        Each requirement root stands for a part (a level, a dimension) and is named by it;
        false for binary, whose one root is the whole definition.
    """

    name = ""
    has_verdict = False
    rates_dimensions = False
    has_score = False
    ranked = False
    part_field = ""
    yaml_fields: tuple[str, ...] = ()
    root_is_part = True

    @property
    def has_outcome(self) -> bool:
        """True when a fact can change what the definition says (a verdict, a level, a score)."""
        return self.has_verdict or self.has_score

    def __repr__(self) -> str:
        return f"<definition kind {self.name}>"

    # -- parts ---------------------------------------------------------------
    def parts(self, d: Definition) -> tuple:
        """Return the levels or dimensions (``()`` for binary)."""
        return ()

    def rated_parts(self, d: Definition) -> list[tuple[str, str, Requirement]]:
        """Return ``(part id, group, requirement root)`` for each rated part."""
        return [(p.id, getattr(p, "group", ""), p.requirements) for p in self.parts(d)]

    def roots(self, d: Definition) -> tuple[Requirement, ...]:
        """Return the top requirement nodes: one per part."""
        return tuple(p.requirements for p in self.parts(d))

    def rebuild(self, d: Definition, visit: Callable[[Requirement], Requirement], **changes):
        """Return ``d`` with every root replaced by ``visit(root)`` (and ``changes``)."""
        parts = tuple(replace(p, requirements=visit(p.requirements)) for p in self.parts(d))
        return replace(d, **{self.part_field: parts}, **changes)

    def dump_parts(self, d: Definition, dump_node: Callable[[Requirement], dict]) -> dict:
        """Return the YAML fields of the parts (for :func:`openviz.authoring.save_definition`)."""
        raise NotImplementedError

    def outcome_words(
        self, d: Definition, lang: str, level: str, score: float, score_max: float, results
    ) -> list[str]:
        """Say the outcome the verdict does not (level reached, score, profile) in ``lang``.

        ``level`` is the English name of the level reached, ``score``/``score_max`` the
        bounds of the score, ``results`` node id -> :data:`openviz.explain.RESULTS` index.
        """
        return []

    def part_title(self, d: Definition, part_id: str, lang: str = "en") -> str:
        """Return the display name of a level or dimension (the id when not found)."""
        for p in self.parts(d):
            if p.id == part_id:
                return p.label.get(lang) or p.label.get("en") or p.id
        return part_id

    # -- judging -------------------------------------------------------------
    def judge(self, d: Definition, packed: Mapping[str, np.ndarray], n: int) -> tuple:
        """Judge ``n`` releases from packed node ratings (see :mod:`openviz.evaluate`).

        Returns ``(level names, rank, verdict codes, score, score_max, unmet, unknown)``.
        """
        from openviz.evaluate import _judge_dimensions

        return _judge_dimensions(d, packed, n)

    def uncertain(self, outcome: tuple) -> bool:
        """Whether unknown facts leave an outcome open.

        ``outcome`` is ``(verdict, level, rank, possible rank, score, score_max)``, as
        :func:`openviz.analysis.deciding_unknowns` collects it.
        """
        *_, score, best = outcome
        return best > score

    def outcome_text(self, d: Definition, outcome: tuple) -> str:
        """Say an outcome (see :meth:`uncertain`) in a few English words."""
        *_, score, best = outcome
        return f"score {score:g}" if best == score else f"score {score:g} to {best:g}"

    def qualifies(self, frame: pd.DataFrame) -> np.ndarray:
        """Return, per row of an :func:`openviz.evaluate` frame, whether the release qualifies.

        Raises
        ------
        ValueError
            For kinds without a verdict (score, descriptive).
        """
        msg = f"a {self.name} definition gives no verdict: nothing qualifies or fails"
        raise ValueError(msg)


class Binary(DefinitionKind):
    """``binary``: one requirement tree; a release qualifies, fails or cannot be told."""

    name = "binary"
    has_verdict = True
    part_field = "requirements"
    yaml_fields = ("requirements",)
    root_is_part = False

    def rated_parts(self, d):
        return [("", "", d.requirements)]

    def roots(self, d):
        return (d.requirements,) if d.requirements else ()

    def rebuild(self, d, visit, **changes):
        return replace(d, requirements=visit(d.requirements), **changes)

    def dump_parts(self, d, dump_node):
        return {"requirements": dump_node(d.requirements)}

    def uncertain(self, outcome):
        return outcome[0] == "cannot tell"

    def outcome_text(self, d, outcome):
        return outcome[0]

    def judge(self, d, packed, n):
        from openviz.evaluate import _judge_binary

        return _judge_binary(d, packed, n)

    def qualifies(self, frame):
        return (frame.verdict == "qualifies").to_numpy()


class Levels(DefinitionKind):
    """``levels``: a ladder, lowest level first; each level needs every level below it.

    A release *qualifies* when it reaches the lowest level (the ``verdict`` of
    :func:`openviz.evaluate`); :meth:`reaches` and :meth:`reaches_top` ask for more.
    """

    name = "levels"
    has_verdict = True
    ranked = True
    part_field = "levels"
    yaml_fields = ("levels",)

    def parts(self, d):
        return d.levels

    def rated_parts(self, d):
        return [(lv.id, "", lv.requirements) for lv in d.levels]

    def dump_parts(self, d, dump_node):
        return {
            "levels": [
                {"id": lv.id, "label": dict(lv.label), "requirements": dump_node(lv.requirements)}
                for lv in d.levels
            ]
        }

    def uncertain(self, outcome):
        _, _, rank, upper, *_ = outcome
        return upper > rank

    def outcome_text(self, d, outcome):
        _, level, rank, upper, *_ = outcome
        text = level or "no class"
        if upper > rank:
            top = d.levels[upper - 1].label.get("en", d.levels[upper - 1].id)
            text += f" (could be {top})"
        return text

    def judge(self, d, packed, n):
        from openviz.evaluate import _judge_levels

        return _judge_levels(d, packed, n)

    def qualifies(self, frame):
        return (frame.verdict == "qualifies").to_numpy()

    def outcome_words(self, d, lang, level, score, score_max, results):
        from openviz.explain_text import say

        label_of = {lv.label.get("en", lv.id): lv for lv in d.levels}
        lv = label_of.get(level)
        shown = lv.label.get(lang) or level if lv is not None else level
        return [say("level reached", lang, level=shown) if level else say("no level", lang)]

    def rank_of(self, d: Definition, level: str) -> int:
        """Return the rank of a level (1 for the lowest); ``KeyError`` naming the levels."""
        ids = [lv.id for lv in d.levels]
        if level not in ids:
            msg = f"{d.id} has no level {level!r}; levels: {', '.join(ids)}"
            raise KeyError(msg)
        return ids.index(level) + 1

    def reaches(self, frame: pd.DataFrame, d: Definition, level: str) -> np.ndarray:
        """Return, per row of an evaluate frame of ``d``, whether the release reaches ``level``."""
        return (frame.level_rank >= self.rank_of(d, level)).to_numpy()

    def reaches_top(self, frame: pd.DataFrame, d: Definition) -> np.ndarray:
        """Return, per row, whether the release reaches the highest level of ``d``."""
        return (frame.level_rank == len(d.levels)).to_numpy()


class _Dimensions(DefinitionKind):
    """Rated dimension by dimension (open, partial, closed)."""

    rates_dimensions = True
    part_field = "dimensions"
    yaml_fields = ("dimensions",)

    def parts(self, d):
        return d.dimensions

    def dump_parts(self, d, dump_node):
        return {
            "dimensions": [
                {
                    "id": dim.id,
                    "label": dict(dim.label),
                    **({"group": dim.group} if dim.group else {}),
                    "requirements": dump_node(dim.requirements),
                }
                for dim in d.dimensions
            ]
        }


class Score(_Dimensions):
    """``score``: each dimension earns credit (``credit:``); the score is the sum."""

    name = "score"
    has_score = True
    yaml_fields = ("dimensions", "credit")

    def dump_parts(self, d, dump_node):
        return {**super().dump_parts(d, dump_node), "credit": dict(d.credit)}

    def outcome_words(self, d, lang, level, score, score_max, results):
        from openviz.explain import _num
        from openviz.explain_text import say

        n = len([dim for dim in d.dimensions if dim.requirements.enabled])
        top = n * float(d.credit.get("open", 1))
        if score == score_max:
            return [say("score out of", lang, score=_num(score), max=_num(top))]
        return [say("score range", lang, score=_num(score), best=_num(score_max), max=_num(top))]

    def max_points(self, d: Definition) -> float:
        """Return the most a release can score: the best credit for every enabled dimension.

        A dimension switched off earns nothing and is left out of the score
        (:func:`openviz.evaluate`), so it is left out of the most possible too.
        """
        best = max(d.credit.values(), default=1)
        return float(best) * sum(1 for dim in d.dimensions if dim.requirements.enabled)


class Descriptive(_Dimensions):
    """``descriptive``: dimensions rated open, partial or closed, with no score."""

    name = "descriptive"

    def outcome_words(self, d, lang, level, score, score_max, results):
        from openviz.explain import MET_
        from openviz.explain_text import say

        dims = [dim for dim in d.dimensions if dim.requirements.enabled]
        opened = sum(results[dim.requirements.id] == MET_ for dim in dims)
        return [say("profile", lang, open=opened, n=len(dims))]


#: ``kind:`` of a definition file -> its kind object.
KINDS: Mapping[str, DefinitionKind] = MappingProxyType(
    {k.name: k for k in (Binary(), Levels(), Score(), Descriptive())}
)
