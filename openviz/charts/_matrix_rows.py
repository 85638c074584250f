"""The rows of the verdict matrix: one part per definition, its cells, notes and description."""

from __future__ import annotations

import collections
import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from openviz._caches import ByIdentity
from openviz.evaluate import VERDICTS
from openviz.kinds import KINDS
from openviz.records import Definition

from ._common import (
    Context,
    has_cjk,
    paint_cell,
    text_width,
)


@dataclass(frozen=True)
class _Part:
    """The rows one definition contributes to the chart, and what the drawing needs of them."""

    definition: str
    kind: str
    rows: tuple[dict, ...]
    statuses: frozenset[str]
    tally: Mapping[str, int]  # verdict -> releases
    ranged: bool  # a score is a range (unknown facts could raise it)
    cell_px: float
    cjk: bool
    ramp: bool = False  # some cell shows a level or a score (drawn on the ramp)

    @functools.cached_property
    def json(self) -> str:
        """The rows as JSON, without the enclosing brackets (made when first sent)."""
        return json.dumps(list(self.rows), ensure_ascii=False, allow_nan=False)[1:-1]


#: Rows already built, per definition object: a toggle changes one definition of the many
#: shown, so the others' rows are reused. Keyed by everything the rows are made from.
_PARTS = ByIdentity("chart-rows", maxsize=256)
#: Columns of an evaluation frame that the rows are made from.
_USED = ("model", "name", "kind", "verdict", "level_rank", "score", "score_max", "unmet", "unknown")
_Row = collections.namedtuple("_Row", _USED)


def _table(frame: pd.DataFrame, ctx: Context) -> list[_Part]:
    """Return the chart's rows (one per cell), in parts, one per definition in frame order.

    The rows hold what the chart draws: labels, verdict, glyph or level or score, and the
    tooltip's lists of unmet and unknown requirements.
    """
    # NaN never equals itself, so a key holding one would never be found again: use None.
    columns = {
        c: [None if x != x else x for x in frame[c].tolist()]
        if c in ("score", "score_max")
        else frame[c].tolist()
        for c in _USED
    }
    model_order: dict[str, int] = {}
    for m in columns["model"]:
        model_order.setdefault(m, len(model_order))
    blocks: dict[str, list[int]] = {}
    for i, did in enumerate(frame["definition"].tolist()):
        blocks.setdefault(did, []).append(i)
    parts: list[_Part] = []
    for position, (did, index) in enumerate(blocks.items()):
        d = ctx.definition(did)
        label = ctx.def_label(d) if d is not None else did
        if index[-1] - index[0] + 1 == len(index):  # one run of rows: slice, it is faster
            facts = tuple(tuple(columns[c][index[0] : index[-1] + 1]) for c in _USED)
        else:
            facts = tuple(tuple(columns[c][i] for i in index) for c in _USED)
        orders = tuple(model_order[m] for m in facts[0])
        key = (ctx.lang, label, position, orders, facts)
        part = _PARTS.get((d,), key) if d is not None else None
        if part is None:
            part = _part(ctx, did, d, label, position, orders, facts)
            if d is not None:
                _PARTS.put((d,), key, part)
        parts.append(part)
    return parts


def _part(
    ctx: Context,
    did: str,
    d: Definition | None,
    label: str,
    position: int,
    orders: tuple[int, ...],
    facts: tuple[tuple, ...],
) -> _Part:
    # Many cells share a list of unmet requirements: label each list once.
    requirement_lists: dict[str, str] = {}

    def names(ids: str) -> str:
        if ids not in requirement_lists:
            requirement_lists[ids] = ctx.semi.join(
                ctx.requirement(d, x) for x in ids.split(";") if x
            )
        return requirement_lists[ids]

    verdicts = {v: ctx.t(v) for v in (*VERDICTS, "no verdict")}
    rows = []
    for order, r in zip(orders, map(_Row._make, zip(*facts, strict=True)), strict=True):
        status = r.verdict if r.verdict else "no verdict"
        shown = paint_cell(r.kind, r.verdict, r.level_rank, r.score, r.score_max, d, ctx.lang)
        rows.append(
            {
                "model": r.name,
                "model_id": r.model,
                "definition": label,
                "definition_order": position,
                "model_order": order,
                "status": status,
                "verdict_label": verdicts[status],
                "level": shown["level"],
                "score": None if pd.isna(r.score) else round(float(r.score), 2),
                "score_label": shown["score_label"],
                "cell": shown["cell"],
                "share": shown["share"],
                "fill": shown["fill"],
                "ink": shown["ink"],
                "unmet": names(r.unmet),
                "unknown": names(r.unknown),
            }
        )
    kinds = set(facts[_USED.index("kind")])
    scores = zip(facts[_USED.index("score")], facts[_USED.index("score_max")], strict=True)
    return _Part(
        definition=did,
        kind=next(iter(kinds)) if len(kinds) == 1 else "",
        rows=tuple(rows),
        statuses=frozenset(row["status"] for row in rows if row["share"] is None),
        tally=collections.Counter(v for v in facts[_USED.index("verdict")] if v),
        ranged=any(KINDS[k].has_score for k in kinds) and any(a != b for a, b in scores),
        cell_px=max((text_width(c, 10.5) for c in {row["cell"] for row in rows}), default=0),
        cjk=has_cjk(
            [
                label,
                *facts[_USED.index("name")],
                *requirement_lists.values(),
                *verdicts.values(),
                *(row["level"] for row in rows),
                *(row["cell"] for row in rows),
            ]
        ),
        ramp=any(row["share"] is not None for row in rows),
    )


def _level_notes(ctx: Context, parts: Sequence[_Part]) -> list[str]:
    notes = []
    for part in parts:
        d = ctx.definition(part.definition)
        if d is None or not (part.kind and KINDS[part.kind].ranked):
            continue
        levels = ctx.comma.join(
            f"{lv.short_title(ctx.lang)} ({lv.title(ctx.lang)})"
            if lv.short_title(ctx.lang) != lv.title(ctx.lang)
            else lv.title(ctx.lang)
            for lv in d.levels
        )
        notes.append(ctx.t("level note", definition=ctx.def_label(d), levels=levels))
    if any(part.ranged for part in parts):
        notes.append(ctx.t("score range note"))
    elif any(part.kind and KINDS[part.kind].has_score for part in parts):
        notes.append(ctx.t("score note"))
    return notes


def _describe(ctx: Context, parts: Sequence[_Part], n_models: int) -> str:
    sentences = [
        ctx.t("verdict matrix title"),
        ctx.t("under", defs=ctx.comma.join(ctx.def_label(d) for d in ctx.definitions)),
        ctx.t("releases counted", n=n_models),
    ]
    for part in parts[:8]:
        if not part.tally:
            continue
        tally = ctx.comma.join(f"{part.tally[v]} {ctx.t(v)}" for v in VERDICTS if part.tally.get(v))
        sentences.append(ctx.def_label(part.definition) + ctx.colon + tally)
    return ". ".join(sentences) + "."
