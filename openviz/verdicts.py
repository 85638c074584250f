"""Verdicts from ratings: each definition kind's judgement as array code, and its reasons.

:func:`judge` turns the per-node rating bounds of many releases into verdicts, levels,
scores and the reasons that decide them; :mod:`openviz.evaluate` builds the frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from openviz.records import Definition, Requirement
from openviz.rules import (
    ALL_MET,
    HI_MET,
    LO_MET,
    Bounds,
    CompiledDefinition,
    Ratings,
    ReleaseTable,
    pack,
)

#: Verdict codes index this: fails 0, cannot tell 1, qualifies 2; no verdict (score kinds) 3.
_VERDICT_LABELS = np.array(["fails", "cannot tell", "qualifies", ""], dtype=object)
_NO_VERDICT = 3
_NO_TEXT = np.array([""], dtype=object)


class Coded(NamedTuple):
    """A text column as distinct texts and one code per row (``texts[codes]``)."""

    texts: np.ndarray
    codes: np.ndarray


class Judged(NamedTuple):
    """The verdict columns of one definition over one table, texts kept coded."""

    definition: str
    kind: str
    modified: bool
    verdict: np.ndarray  # int8 codes into _VERDICT_LABELS
    levels: np.ndarray  # level labels, "" first: indexed by rank
    rank: np.ndarray  # int64
    score: np.ndarray | None
    score_max: np.ndarray | None
    unmet: Coded
    unknown: Coded


def judge(compiled: CompiledDefinition, rated: Mapping[str, Bounds], n: int) -> pd.DataFrame:
    """Turn node ratings into the verdict columns for one definition.

    Parameters
    ----------
    compiled
        The compiled definition.
    rated
        What :meth:`CompiledDefinition.rate` returned (or any node id -> ``(lo, hi)``).
    n
        Number of releases.

    Returns
    -------
    pandas.DataFrame
        ``definition``, ``kind``, ``verdict``, ``level``, ``level_rank``, ``score``,
        ``score_max``, ``unmet``, ``unknown`` and ``modified``, one row per release. Text
        columns are categorical: a million releases cost a million small codes, not a
        million string objects (:func:`evaluate` returns plain text columns).
    """
    j = _judge(compiled, _packed(rated), n)
    nan = np.full(n, np.nan)
    return pd.DataFrame(
        {
            "definition": _categorical(Coded(np.array([j.definition], dtype=object), _zeros(n))),
            "kind": _categorical(Coded(np.array([j.kind], dtype=object), _zeros(n))),
            "verdict": _categorical(Coded(_VERDICT_LABELS, j.verdict)),
            "level": _categorical(Coded(j.levels, j.rank)),
            "level_rank": j.rank,
            "score": nan if j.score is None else j.score,
            "score_max": nan if j.score_max is None else j.score_max,
            "unmet": _categorical(j.unmet),
            "unknown": _categorical(j.unknown),
            "modified": np.full(n, j.modified),
        },
        copy=False,
    )


def _judged(compiled: CompiledDefinition, table: ReleaseTable) -> Judged:
    """Judge a table under a compiled definition, once per (table, compiled definition)."""
    return table.memo(
        ("judged", compiled), lambda: _judge(compiled, compiled.rate_packed(table), len(table))
    )


def _packed(rated: Mapping[str, Bounds]) -> Mapping[str, np.ndarray]:
    if isinstance(rated, Ratings):
        return {key: rated.packed(key) for key in rated}
    return {key: pack(lo, hi) for key, (lo, hi) in rated.items()}


def _judge(compiled: CompiledDefinition, packed: Mapping[str, np.ndarray], n: int) -> Judged:
    """Verdicts, levels, scores and reasons from packed node ratings (see openviz.rules)."""
    d = compiled.definition
    levels, rank, verdict, score, score_max, unmet, unknown = d.strategy.judge(d, packed, n)
    return Judged(
        d.id, d.kind, d.is_modified, verdict, levels, rank, score, score_max, unmet, unknown
    )


def _judge_binary(d: Definition, packed: Mapping[str, np.ndarray], n: int) -> tuple:
    """Judge a binary definition: the verdict of its tree, and the reasons."""
    verdict = _verdict(_root(d.requirements, packed, n))
    unmet, unknown = _reasons([(d.requirements, None)], packed, n)
    return _NO_TEXT, np.zeros(n, dtype=np.int64), verdict, None, None, unmet, unknown


def _judge_levels(d: Definition, packed: Mapping[str, np.ndarray], n: int) -> tuple:
    """Judge a ladder: the highest level surely reached; the verdict is the lowest level's."""
    rank = np.zeros(n, dtype=np.int64)
    certain = None
    for lv in d.levels:
        met = (_root(lv.requirements, packed, n) & LO_MET) != 0
        certain = met if certain is None else certain & met
        rank += certain
    levels = np.array(["", *(lv.label.get("en", lv.id) for lv in d.levels)], dtype=object)
    verdict = _verdict(_root(d.levels[0].requirements, packed, n))
    # What stands between a release and the next level up.
    # Requirement ids are unique across levels, so one join covers every level.
    unmet, unknown = _reasons(
        [(lv.requirements, rank == k) for k, lv in enumerate(d.levels)], packed, n
    )
    return levels, rank, verdict, None, None, unmet, unknown


def _judge_dimensions(d: Definition, packed: Mapping[str, np.ndarray], n: int) -> tuple:
    """Judge a score or descriptive definition: no verdict; points for a score."""
    score = score_max = None
    dims = [
        (dim.id, packed[dim.requirements.id]) for dim in d.dimensions if dim.requirements.enabled
    ]
    if d.strategy.has_score:
        score, score_max = _scores(d, [bits for _, bits in dims], n)
    verdict = np.full(n, _NO_VERDICT, dtype=np.int8)
    unmet = _join_coded([(name, (bits & HI_MET) == 0) for name, bits in dims], n)
    # lo != hi: the two halves of the packed rating differ
    unknown = _join_coded([(name, (bits & 3) != (bits >> 2)) for name, bits in dims], n)
    return _NO_TEXT, np.zeros(n, dtype=np.int64), verdict, score, score_max, unmet, unknown


def _scores(d: Definition, dims: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Credit earned (lower bounds) and that could be earned (upper bounds), per release.

    Every dimension earns ``closed + (partial - closed) * [rating >= partial] + (open -
    partial) * [rating >= met]``, so the sum needs only two counts per bound: how many
    dimensions reach partial, and how many reach met.
    """
    closed, partial, opened = (
        float(d.credit.get("closed", 0)),
        float(d.credit.get("partial", 0.5)),
        float(d.credit.get("open", 1)),
    )
    count = np.uint8 if len(dims) < 256 else np.uint32
    reach = [np.zeros(n, dtype=count) for _ in range(4)]  # lo >= 1, lo >= 2, hi >= 1, hi >= 2
    for bits in dims:
        for bit, total in enumerate(reach):
            total += (bits >> bit) & 1
    base = len(dims) * closed
    lo = base + (partial - closed) * reach[0] + (opened - partial) * reach[1]
    hi = base + (partial - closed) * reach[2] + (opened - partial) * reach[3]
    return lo, hi


def _root(node: Requirement, packed: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    if not node.enabled:
        return np.full(n, ALL_MET, dtype=np.uint8)
    return packed[node.id]


def _verdict(bits: np.ndarray) -> np.ndarray:
    """Verdict codes: qualifies where surely met, fails where it cannot be met."""
    return (((bits >> 1) & 1) + ((bits >> 3) & 1)).view(np.int8)  # lo >= met, hi >= met


def _reasons(
    starts: list[tuple[Requirement, np.ndarray | None]], packed: Mapping[str, np.ndarray], n: int
) -> tuple[Coded, Coded]:
    """Which requirements stop each release (unmet), and which could not be told (unknown).

    Reasons follow the tree from each root, for the rows it reaches (``None``: all): an
    ``all_of`` passes blame to its failing children; an ``any_of`` is itself the reason,
    since no single option is to blame.
    """
    unmet_parts: list[tuple[str, np.ndarray]] = []
    unknown_parts: list[tuple[str, np.ndarray]] = []

    def visit(node: Requirement, reach: np.ndarray | None) -> None:
        if not node.enabled:
            return
        bits = packed[node.id]
        short = (bits & LO_MET) == 0  # not surely met: it fails, or cannot be told
        if reach is not None:
            short &= reach
        if not short.any():
            return
        if node.rule.all_needed:
            for child in node.children:
                visit(child, short)
        else:
            hopeless = (bits & HI_MET) == 0
            unmet_parts.append((node.id, short & hopeless))
            unknown_parts.append((node.id, short & ~hopeless))

    for root, reach in starts:
        visit(root, reach)
    return _join_coded(unmet_parts, n), _join_coded(unknown_parts, n)


def _join(parts: list[tuple[str, np.ndarray]], n: int) -> np.ndarray:
    """Semicolon-join the names whose mask is true, row by row, fast for many rows."""
    texts, codes = _join_coded(parts, n)
    return texts[codes]


def _join_coded(parts: list[tuple[str, np.ndarray]], n: int) -> Coded:
    """:func:`_join`, coded: each distinct combination of names is joined once.

    Releases share few distinct patterns: one integer per row with a bit per name, then one
    string per distinct integer.
    """
    parts = [(name, mask) for name, mask in parts if mask.any()]
    if not parts:
        return Coded(_NO_TEXT, _zeros(n))
    names = [name for name, _ in parts]
    k = len(parts)
    if k <= 64:
        dtype = (
            np.uint8 if k <= 8 else np.uint16 if k <= 16 else np.uint32 if k <= 32 else np.uint64
        )
        code = np.zeros(n, dtype=dtype)
        for j, (_, mask) in enumerate(parts):
            code |= np.left_shift(mask.view(np.uint8), j, dtype=dtype)
        if k <= 7 and n >= 4096:
            # Very few names, many rows: every combination gets a text, the bits are the code.
            keys, codes = range(1 << k), code.view(np.int8)
        elif k <= 20:
            # Few names: counting beats hashing or sorting a million rows.
            keys = np.flatnonzero(np.bincount(code, minlength=1 << k))
            index = np.zeros(1 << k, dtype=_code_dtype(len(keys)))
            index[keys] = np.arange(len(keys))
            codes = index.take(code)
        else:
            codes, keys = pd.factorize(code)
        words = [int(key) for key in keys]
    else:
        chunks = [
            np.sum(
                [mask.astype(np.uint64) << np.uint64(j) for j, (_, mask) in enumerate(group)],
                axis=0,
                dtype=np.uint64,
            )
            for group in (parts[i : i + 64] for i in range(0, k, 64))
        ]
        rows, codes = np.unique(np.stack(chunks, axis=1), axis=0, return_inverse=True)
        codes = codes.reshape(-1)
        words = [sum(int(w) << (64 * c) for c, w in enumerate(row)) for row in rows]
    return Coded(_texts(names, words), codes)


def _code_dtype(count: int) -> type:
    """Return the integer type pandas keeps categorical codes in, for ``count`` categories."""
    return np.int8 if count < 128 else np.int16 if count < 32768 else np.int32


def _texts(names: list[str], keys: list[int]) -> np.ndarray:
    """Return the ``;``-joined names of each key's set bits."""
    if len(keys) <= 256 or len(names) > 64:
        return np.array(
            [";".join(name for j, name in enumerate(names) if key >> j & 1) for key in keys],
            dtype=object,
        )
    # Many patterns (a large catalogue): join the names of each byte of the key once per byte
    # value, then put the bytes' texts together array-wise.
    words = np.array(keys, dtype=np.uint64)
    out = None
    for at in range(0, len(names), 8):
        group = names[at : at + 8]
        table = np.array(
            [";".join(n for b, n in enumerate(group) if value >> b & 1) for value in range(256)],
            dtype=object,
        )
        part = table.take(((words >> np.uint64(at)) & np.uint64(0xFF)).astype(np.intp))
        if out is None:
            out = part
        else:
            sep = np.where((out != "") & (part != ""), ";", "").astype(object)
            out = out + sep + part
    return out


def _zeros(n: int) -> np.ndarray:
    return np.zeros(n, dtype=np.int8)


def _categorical(column: Coded) -> pd.Categorical:
    texts, codes = column
    if len(set(texts)) < len(texts):  # repeated texts (e.g. two levels with one label)
        unique, inverse = np.unique(texts.astype(str), return_inverse=True)
        texts, codes = unique.astype(object), inverse.reshape(-1).take(codes)
    codes = codes.astype(_code_dtype(len(texts)), copy=False)
    return pd.Categorical.from_codes(
        codes, categories=pd.Index(texts, dtype=object), validate=False
    )
