"""Verdicts, levels and scores for any definitions over any releases, as one tidy frame."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from openviz.catalog import Catalog, load_catalog
from openviz.problems import NotFound
from openviz.records import Definition, Release, Requirement
from openviz.rules import (
    ALL_MET,
    HI_MET,
    LO_MET,
    Bounds,
    CompiledDefinition,
    Ratings,
    ReleaseTable,
    compile_definition,
    pack,
    release_table,
)

__all__ = ["RATINGS", "VERDICTS", "evaluate", "ratings", "resolve"]

#: Verdict values, in chart order.
VERDICTS = ("qualifies", "cannot tell", "fails")
#: Rating values of one requirement, dimension or level (see :func:`ratings`).
RATINGS = ("met", "partial", "unmet", "unknown", "off")

COLUMNS = (
    "model",
    "name",
    "family",
    "organisation",
    "release_date",
    "collection",
    "definition",
    "kind",
    "verdict",
    "level",
    "level_rank",
    "score",
    "score_max",
    "unmet",
    "unknown",
    "modified",
)


def resolve(
    catalog: Catalog,
    definitions: Iterable[str | Definition] | str | Definition | None = None,
    models: Iterable[str | Release] | str | Release | None = None,
    toggles: Mapping[str, Mapping[str, object]] | None = None,
    collection: str | Sequence[str] = "curated",
) -> tuple[list[Definition], list[Release]]:
    """Turn ids or records into definition and release objects, applying toggles."""
    if definitions is None:
        defs = list(catalog.definitions.values())
    else:
        if isinstance(definitions, (str, Definition)):
            definitions = [definitions]
        defs = [catalog.definition(d) if isinstance(d, str) else d for d in definitions]
    toggles = toggles or {}
    unknown = sorted(set(toggles) - {d.id for d in defs})
    if unknown:
        msg = f"toggles name definitions not being evaluated: {', '.join(unknown)}"
        raise NotFound(msg)
    defs = [d.with_toggles(toggles[d.id]) if d.id in toggles else d for d in defs]
    if models is None:
        rels = list(catalog.models(collection))
    else:
        if isinstance(models, (str, Release)):
            models = [models]
        rels = [catalog.release(m) if isinstance(m, str) else m for m in models]
    return defs, rels


def evaluate(
    definitions: Iterable[str | Definition] | str | Definition | None = None,
    models: Iterable[str | Release] | str | Release | None = None,
    *,
    catalog: Catalog | None = None,
    toggles: Mapping[str, Mapping[str, object]] | None = None,
    collection: str | Sequence[str] = "curated",
) -> pd.DataFrame:
    """Judge releases against definitions.

    Parameters
    ----------
    definitions
        Definition ids or objects (a toggled or custom one); every definition when ``None``.
    models
        Release ids or objects; the ``collection`` when ``None``.
    catalog
        The catalogue to read ids from; the shipped one when ``None``.
    toggles
        Definition id to toggles (see :meth:`Definition.with_toggles`).
    collection
        ``curated`` (default), an imported collection's name, several, or ``all``.

    Returns
    -------
    pandas.DataFrame
        One row per (model, definition) with the columns ``model``, ``name``, ``family``,
        ``organisation``, ``release_date``, ``collection``, ``definition``, ``kind``,
        ``verdict`` (qualifies, fails, cannot tell; empty for score and descriptive kinds),
        ``level`` (levels kind: highest level reached, ``""`` for none), ``level_rank``
        (0 = none), ``score`` and ``score_max`` (score kind; unknown dimensions earn
        nothing), ``unmet`` and ``unknown`` (semicolon-joined requirement ids: what stops the
        release, and what could not be told), ``modified`` (toggles applied).
    """
    catalog = catalog or load_catalog()
    defs, rels = resolve(catalog, definitions, models, toggles, collection)
    if not defs:
        return pd.DataFrame(columns=list(COLUMNS))
    components = tuple(c.id for c in catalog.components)
    # The same releases give the same table object, which keeps what was computed on it:
    # verdicts per compiled definition (a definition with toggles is its own object), leaf
    # ratings, codes. A toggle therefore re-judges one definition, from cached leaves.
    table = release_table(rels, components, catalog.licenses)
    judged = [_judged(compile_definition(d, components), table) for d in defs]
    return _long_frame(judged, _meta(table, rels), len(rels))


RATING_COLUMNS = (
    "model",
    "name",
    "family",
    "release_date",
    "collection",
    "definition",
    "kind",
    "part",
    "group",
    "requirement",
    "parent",
    "depth",
    "node",
    "rating",
    "credit",
    "credit_max",
)


def ratings(
    definitions: Iterable[str | Definition] | str | Definition | None = None,
    models: Iterable[str | Release] | str | Release | None = None,
    *,
    catalog: Catalog | None = None,
    toggles: Mapping[str, Mapping[str, object]] | None = None,
    collection: str | Sequence[str] = "curated",
    depth: int | None = None,
) -> pd.DataFrame:
    """Rate releases on every part of every definition: dimensions, levels, requirements.

    Where :func:`evaluate` gives one verdict per (model, definition), this gives the ratings
    behind it, from the same compiled rules.

    Parameters
    ----------
    definitions, models, catalog, toggles, collection
        As for :func:`evaluate`.
    depth
        How deep into each part's requirement tree to go: ``0`` gives only the part roots
        (one row per dimension, per level, or the whole binary definition), ``1`` adds their
        direct children, ``None`` (default) every node.

    Returns
    -------
    pandas.DataFrame
        One row per (model, definition, requirement node) with the columns ``model``,
        ``name``, ``family``, ``release_date``, ``collection``, ``definition``, ``kind``,
        ``part`` (level or dimension id; ``""`` for binary definitions), ``group`` (the
        dimension's group), ``requirement`` (node id), ``parent`` (``""`` at a part root),
        ``depth`` (0 at a part root), ``node`` (all_of, any_of, component, condition),
        ``rating`` (one of :data:`RATINGS`; ``off`` when the node or one above it is
        switched off), and for the roots of score and descriptive dimensions ``credit``
        (what the dimension earns; unknown earns nothing) and ``credit_max`` (what it
        could earn if every unknown fact were favourable); both are NaN elsewhere.
    """
    catalog = catalog or load_catalog()
    defs, rels = resolve(catalog, definitions, models, toggles, collection)
    components = tuple(c.id for c in catalog.components)
    table = release_table(rels, components, catalog.licenses)
    meta = {
        "model": np.array([r.id for r in rels], dtype=object),
        "name": np.array([r.name for r in rels], dtype=object),
        "family": np.array([r.family for r in rels], dtype=object),
        "release_date": np.array([r.release_date for r in rels], dtype=object),
        "collection": np.array([r.collection for r in rels], dtype=object),
    }
    columns: dict[str, list[np.ndarray]] = {c: [] for c in RATING_COLUMNS}
    for d in defs:
        rated = compile_definition(d, components).rate(table)
        for part, group, root in _parts(d):
            _rate_rows(d, rated, part, group, root, meta, depth, columns)
    if not columns["model"]:
        return pd.DataFrame(columns=list(RATING_COLUMNS))
    return pd.DataFrame({key: np.concatenate(parts) for key, parts in columns.items()})


def _parts(d: Definition) -> list[tuple[str, str, Requirement]]:
    """Return the rated parts of a definition: (part id, group, requirement root)."""
    return d.strategy.rated_parts(d)


_RATING_NAMES = np.array(["unmet", "partial", "met"], dtype=object)


def _rate_rows(
    d: Definition,
    rated: dict[str, Bounds],
    part: str,
    group: str,
    root: Requirement,
    meta: dict[str, np.ndarray],
    depth: int | None,
    columns: dict[str, list[np.ndarray]],
) -> None:
    """Append the rating rows of one part's tree (down to ``depth``) to ``columns``."""
    n = len(meta["model"])
    scored = d.strategy.rates_dimensions
    credit = np.array(
        [d.credit.get("closed", 0), d.credit.get("partial", 0.5), d.credit.get("open", 1)]
    )
    nan = np.full(n, np.nan)
    stack = [(root, "", 0, True)]
    while stack:
        node, parent, level, on = stack.pop()
        on = on and node.enabled
        lo, hi = rated[node.id]
        rating = np.where(lo != hi, "unknown", _RATING_NAMES[lo]).astype(object)
        if not on:
            rating[:] = "off"
        earned = best = nan
        if scored and level == 0 and on:
            earned, best = credit[lo], credit[hi]
        for key, values in meta.items():
            columns[key].append(values)
        for key, value in (
            ("definition", d.id),
            ("kind", d.kind),
            ("part", part),
            ("group", group),
            ("requirement", node.id),
            ("parent", parent),
            ("node", node.kind),
        ):
            columns[key].append(np.full(n, value, dtype=object))
        columns["depth"].append(np.full(n, level, dtype=np.int64))
        columns["rating"].append(rating)
        columns["credit"].append(earned)
        columns["credit_max"].append(best)
        if depth is None or level < depth:
            # Reversed so that the stack yields children in tree order (depth first).
            stack.extend((c, node.id, level + 1, on) for c in reversed(node.children))


# -- verdicts --------------------------------------------------------------------------------
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


# -- the long frame ------------------------------------------------------------------------------
_META = ("model", "name", "family", "organisation", "release_date", "collection")


def _strings(values) -> pd.api.extensions.ExtensionArray:
    """Return a text column as pandas infers it (``str`` in pandas 3, ``object`` before)."""
    return pd.Series(np.asarray(values, dtype=object), copy=False).array


def _meta(table: ReleaseTable, rels: Sequence[Release]) -> dict:
    """Return the release columns of the frame, built once per table."""
    return table.memo(
        ("meta",),
        lambda: {
            "model": _strings([r.id for r in rels]),
            "name": _strings([r.name for r in rels]),
            "family": _strings([r.family for r in rels]),
            "organisation": _strings([r.organisation for r in rels]),
            "release_date": _strings([r.release_date for r in rels]),
            "collection": _strings([r.collection for r in rels]),
        },
    )


def _stack(columns: list[Coded]) -> pd.api.extensions.ExtensionArray:
    """One text column from several coded ones, in order: a single take."""
    offsets = np.cumsum([0, *(len(c.texts) for c in columns[:-1])])
    codes = np.concatenate(
        [c.codes.astype(np.intp) + at for c, at in zip(columns, offsets, strict=True)]
    )
    return _strings(np.concatenate([c.texts for c in columns])).take(codes)


def _long_frame(judged: list[Judged], meta: dict, n: int) -> pd.DataFrame:
    """Build the tidy frame: a row per (definition, release), definitions in turn."""
    m = len(judged)
    rows = np.tile(np.arange(n), m)
    which = np.repeat(np.arange(m), n)
    nan = np.full(n, np.nan)
    columns = {key: meta[key].take(rows) for key in _META}
    columns["definition"] = _strings([j.definition for j in judged]).take(which)
    columns["kind"] = _strings([j.kind for j in judged]).take(which)
    columns["verdict"] = _stack([Coded(_VERDICT_LABELS, j.verdict) for j in judged])
    columns["level"] = _stack([Coded(j.levels, j.rank) for j in judged])
    columns["level_rank"] = np.concatenate([j.rank for j in judged])
    columns["score"] = np.concatenate([nan if j.score is None else j.score for j in judged])
    columns["score_max"] = np.concatenate(
        [nan if j.score_max is None else j.score_max for j in judged]
    )
    columns["unmet"] = _stack([j.unmet for j in judged])
    columns["unknown"] = _stack([j.unknown for j in judged])
    columns["modified"] = np.repeat(np.array([j.modified for j in judged], dtype=bool), n)
    return pd.DataFrame({key: columns[key] for key in COLUMNS}, copy=False)
