"""The baseline: a plain per-model Python loop over the same rules, on dict-based releases.

This is how one would write the engine without arrays: one release at a time, a recursive
walk of each requirement tree, facts read from dicts. It follows :mod:`openviz.rules` and
:func:`openviz.evaluate` rule for rule (Kleene bounds ``(lo, hi)`` on unmet 0 < partial 1 <
met 2, verdicts, levels, scores, and the unmet/unknown reasons), and the benchmark checks that
both give the same answers before it compares their speed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from openviz.licenses import CATEGORIES, RESTRICTIONS
from openviz.records import ACCESS_LEVELS, Definition, Requirement
from openviz.requirements import Facts
from openviz.requirements import rate as rate_node
from openviz.rules import ReleaseTable

STATUS_WORDS = ("unknown", "no", "partial", "yes")  # index = status code + 1
_STATUS = {"no": 0, "partial": 1, "yes": 2}
_FLAGS = ("no", "yes")


def as_dicts(table: ReleaseTable, rows: Sequence[int]) -> list[dict]:
    """Turn rows of a table into the release dicts the loop reads (what a YAML file holds)."""
    releases = []
    for i in rows:
        components = {}
        for j, cid in enumerate(table.components):
            status, cat = int(table.status[i, j]), int(table.category[i, j])
            if status < 0 and cat < 0:
                continue  # not recorded at all
            mask = int(table.restrictions[i, j])
            components[cid] = {
                "status": STATUS_WORDS[status + 1],
                "category": CATEGORIES[cat] if cat >= 0 else None,
                "restrictions": frozenset(r for b, r in enumerate(RESTRICTIONS) if mask >> b & 1),
            }
        access, monetised, systemic = (
            int(table.access[i]),
            int(table.monetised[i]),
            int(table.systemic_risk[i]),
        )
        releases.append(
            {
                "id": table.ids[i],
                "components": components,
                "access": ACCESS_LEVELS[access] if access >= 0 else None,
                "monetised": _FLAGS[monetised] if monetised >= 0 else None,
                "systemic_risk": _FLAGS[systemic] if systemic >= 0 else None,
            }
        )
    return releases


def evaluate(
    definitions: Sequence[Definition], releases: list[dict], vocabulary: Sequence[str]
) -> dict[str, list[tuple]]:
    """Judge every release under every definition, one at a time.

    Returns definition id -> one (verdict, level, level_rank, score, score_max, unmet,
    unknown) tuple per release, in order.
    """
    out = {}
    for d in definitions:
        rows = []
        for rel in releases:
            rated: dict[str, tuple[int, int]] = {}
            for root in d.roots():
                rate(root, rel, vocabulary, rated)
            rows.append(judge(d, rated))
        out[d.id] = rows
    return out


class DictFacts(Facts):
    """The facts of one release dict, as the package's readable rules ask for them."""

    def __init__(self, rel: dict, vocabulary: Sequence[str]) -> None:
        self._rel = rel
        self.vocabulary = vocabulary

    def status(self, cid: str) -> int:
        fact = self._rel["components"].get(cid)
        return _STATUS.get(fact["status"], -1) if fact else -1

    def category(self, cid: str) -> str | None:
        fact = self._rel["components"].get(cid)
        return fact["category"] if fact else None

    def restrictions(self, cid: str) -> frozenset[str]:
        fact = self._rel["components"].get(cid)
        return fact["restrictions"] if fact else frozenset()

    def flag(self, name: str) -> str | None:
        return self._rel[name]

    def access(self) -> str | None:
        return self._rel["access"]


def rate(node: Requirement, rel: dict, vocabulary: Sequence[str], out: dict) -> tuple[int, int]:
    """Bounds (lo, hi) of one node for one release; fills ``out`` for the whole subtree.

    The rule of each node is :mod:`openviz.requirements`' readable one; ``out`` collects
    every node's bounds for the reasons.
    """
    facts = DictFacts(rel, vocabulary)
    facts.rated = out
    return rate_node(node, facts)


def judge(d: Definition, rated: dict) -> tuple:
    """(verdict, level, level_rank, score, score_max, unmet, unknown) of one release."""
    verdict = level = ""
    rank = 0
    score = score_max = float("nan")
    unmet: list[str] = []
    unknown: list[str] = []
    if d.kind == "binary":
        lo, hi = _root(d.requirements, rated)
        verdict = _verdict(lo, hi)
        _reasons(d.requirements, rated, unmet, unknown)
    elif d.kind == "levels":
        for lv in d.levels:
            if _root(lv.requirements, rated)[0] != 2:
                break
            rank += 1
        labels = ["", *(lv.label.get("en", lv.id) for lv in d.levels)]
        level = labels[rank]
        verdict = _verdict(*_root(d.levels[0].requirements, rated))
        if rank < len(d.levels):
            _reasons(d.levels[rank].requirements, rated, unmet, unknown)
    else:
        credit = (d.credit.get("closed", 0), d.credit.get("partial", 0.5), d.credit.get("open", 1))
        total = best = 0.0
        for dim in d.dimensions:
            if not dim.requirements.enabled:
                continue
            lo, hi = rated[dim.requirements.id]
            total += credit[lo]
            best += credit[hi]
            if hi < 2:
                unmet.append(dim.id)
            if lo != hi:
                unknown.append(dim.id)
        if d.kind == "score":
            score, score_max = total, best
    return verdict, level, rank, score, score_max, ";".join(unmet), ";".join(unknown)


def _root(node: Requirement, rated: dict) -> tuple[int, int]:
    return rated[node.id] if node.enabled else (2, 2)


def _verdict(lo: int, hi: int) -> str:
    return "qualifies" if lo == 2 else "fails" if hi < 2 else "cannot tell"


def _reasons(node: Requirement, rated: dict, unmet: list[str], unknown: list[str]) -> None:
    if not node.enabled:
        return
    lo, hi = rated[node.id]
    fail, unsure = hi < 2, lo < 2 and hi == 2
    if node.kind == "all_of":
        if fail or unsure:
            for child in node.children:
                _reasons(child, rated, unmet, unknown)
    else:
        if fail:
            unmet.append(node.id)
        if unsure:
            unknown.append(node.id)


def disagreements(loop: dict[str, list[tuple]], frames: dict) -> int:
    """Count the (release, definition) answers where the loop and the engine differ."""
    wrong = 0
    for did, rows in loop.items():
        frame = frames[did]
        found = zip(
            frame["verdict"].tolist(),
            frame["level"].tolist(),
            frame["level_rank"].tolist(),
            frame["score"].tolist(),
            frame["score_max"].tolist(),
            frame["unmet"].tolist(),
            frame["unknown"].tolist(),
            strict=True,
        )
        for expected, got in zip(rows, found, strict=True):
            wrong += any(not _same(a, b) for a, b in zip(expected, got, strict=True))
    return wrong


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    return a == b
