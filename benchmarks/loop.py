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


def rate(node: Requirement, rel: dict, vocabulary: Sequence[str], out: dict) -> tuple[int, int]:
    """Bounds (lo, hi) of one node for one release; fills ``out`` for the whole subtree."""
    if node.kind in ("all_of", "any_of"):
        live = []
        for child in node.children:
            bounds = rate(child, rel, vocabulary, out)
            if child.enabled:
                live.append(bounds)
        if not live:
            lo = hi = 2
        elif node.kind == "all_of":
            lo, hi = min(b[0] for b in live), min(b[1] for b in live)
        else:
            lo, hi = max(b[0] for b in live), max(b[1] for b in live)
    elif node.kind == "component":
        lo = hi = 0
        for cid in (node.component, *node.substitutes):
            one = _component(node, rel["components"].get(cid))
            lo, hi = max(lo, one[0]), max(hi, one[1])
    else:
        lo, hi = _condition(node, rel, vocabulary)
    if node.at_most == "partial":
        lo, hi = min(lo, 1), min(hi, 1)
    out[node.id] = (lo, hi)
    return lo, hi


def _component(node: Requirement, fact: dict | None) -> tuple[int, int]:
    status = _STATUS.get(fact["status"], -1) if fact else -1
    if node.accept_partial and status == 1:
        status = 2
    if status < 0:
        refused = node.licenses is not None and fact and fact["category"] is not None
        # unknown whether released; if it was, a refused license makes it "released, not
        # accepted" at best
        return (0, 1) if refused and fact["category"] not in node.licenses else (0, 2)
    if status < 2 or node.licenses is None:
        return status, status
    category = fact["category"]
    if category is None:
        return 1, 2  # an unrecorded license might be an accepted one
    return (2, 2) if category in node.licenses else (1, 1)


def _condition(node: Requirement, rel: dict, vocabulary: Sequence[str]) -> tuple[int, int]:
    if node.condition == "no-restrictions":
        kinds = set(node.restrictions or RESTRICTIONS)
        bad = unsure = False
        for cid in node.components or vocabulary:
            fact = rel["components"].get(cid)
            status = _STATUS.get(fact["status"], -1) if fact else -1
            restricted = bool(fact and fact["restrictions"] & kinds)
            unlicensed = not fact or fact["category"] is None
            released = status >= 1
            if released and restricted:
                bad = True
            if (released and unlicensed) or (status < 0 and (restricted or unlicensed)):
                unsure = True
        return (0 if bad or unsure else 2), (0 if bad else 2)
    if node.condition in ("not-monetised", "not-systemic-risk"):
        flag = rel["monetised" if node.condition == "not-monetised" else "systemic_risk"]
        return (2 if flag == "no" else 0), (0 if flag == "yes" else 2)
    if node.condition == "access-at-least":
        need = ACCESS_LEVELS.index(node.level)
        have = ACCESS_LEVELS.index(rel["access"]) if rel["access"] else -1
        return (2 if have >= need else 0), (2 if have >= need or have < 0 else 0)
    msg = f"unknown condition {node.condition!r}"
    raise ValueError(msg)


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
