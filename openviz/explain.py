"""Why a release gets its verdict: the verdict first, then one row per requirement.

Every result here is read off the engine's own arrays (:mod:`openviz.rules`): the verdict
row comes from the judgement :func:`openviz.evaluate` makes, each requirement's result from
the packed rating the engine combined, and each fact from the columns the engine looked up
for it. An explanation therefore cannot disagree with a verdict; ``tests/test_explain_agrees.py``
checks it for every curated release, definition and single toggle.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from openviz._order import definition_first
from openviz.catalog import Catalog, load_catalog
from openviz.evaluate import _VERDICT_LABELS, RATINGS, _judged, resolve
from openviz.explain_text import say
from openviz.i18n import check_lang, label
from openviz.records import Definition, Release, Requirement
from openviz.requirements import node_kind
from openviz.rules import (
    HI_MET,
    LO_MET,
    LO_PARTIAL,
    CompiledDefinition,
    ReleaseTable,
    compile_definition,
    release_table,
    unpack,
)

__all__ = ["RESULTS", "explain", "node_results"]

#: Result values of a requirement.
RESULTS = RATINGS  # one list of result names (see openviz.evaluate)
MET_, PARTIAL_, UNMET_, UNKNOWN_, OFF_ = range(5)

COLUMNS = (
    "model",
    "definition",
    "part",
    "requirement",
    "parent",
    "depth",
    "kind",
    "label",
    "paraphrase",
    "result",
    "fact",
    "plain",
    "why",
    "license",
    "license_category",
    "evidence_url",
    "evidence_shows",
    "evidence_checked",
    "note",
    "source",
    "source_url",
    "level",
    "score",
    "score_max",
)


def _result_lut(graded: bool) -> np.ndarray:
    """Return the result code (index into RESULTS) of each packed rating byte.

    A yes/no or levels definition asks only whether a node is surely met: a rating that
    cannot reach met is not met even when its facts are unknown (the engine's verdict says
    "fails"), and one that could be met but is not surely is "cannot tell". A scored
    dimension earns credit by grade, so any rating whose bounds differ is unknown.
    """
    out = np.zeros(16, dtype=np.int8)
    for bits in range(16):
        lo_, hi_ = unpack(np.array([bits], dtype=np.uint8))
        lo, hi = int(lo_[0]), int(hi_[0])
        if graded:
            out[bits] = UNKNOWN_ if lo != hi else (MET_, PARTIAL_, UNMET_)[2 - lo]
        elif bits & LO_MET:
            out[bits] = MET_
        elif bits & HI_MET:
            out[bits] = UNKNOWN_
        elif bits & LO_PARTIAL:
            out[bits] = PARTIAL_
        else:
            out[bits] = UNMET_
    return out


_LUTS = {False: _result_lut(False), True: _result_lut(True)}


def node_results(compiled: CompiledDefinition, table: ReleaseTable) -> dict[str, np.ndarray]:
    """Return every node's result for every release of ``table``, from the engine's ratings.

    Parameters
    ----------
    compiled
        The compiled (possibly toggled) definition.
    table
        The releases, as the engine's table.

    Returns
    -------
    dict
        Node id -> int8 array of indices into :data:`RESULTS`, one per release; ``off``
        where the node or one above it is switched off. :func:`explain` shows exactly
        these; vectorised, they can be checked against :func:`openviz.evaluate` for many
        releases at once.
    """
    d = compiled.definition
    packed = compiled.rate_packed(table)
    lut = _LUTS[d.strategy.rates_dimensions]
    off = np.full(len(table), OFF_, dtype=np.int8)
    out: dict[str, np.ndarray] = {}

    def visit(node: Requirement, on: bool) -> None:
        on = on and node.enabled
        out[node.id] = lut.take(packed[node.id]) if on else off
        for child in node.children:
            visit(child, on)

    for root in d.roots():
        visit(root, True)
    return out


def explain(
    definition: str | Definition,
    model: str | Release,
    *,
    catalog: Catalog | None = None,
    toggles: dict[str, object] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Explain one release under one definition: the verdict, then each requirement.

    Parameters
    ----------
    definition
        Definition id or object (toggled or custom).
    model
        Release id or record. (The older order, model first, is still read.)
    catalog
        Catalogue for ids; the shipped one when ``None``.
    toggles
        Toggles to apply to the definition first.
    lang
        Language of ``label``, ``fact``, ``plain`` and ``note``: ``en`` or ``zh``.

    Returns
    -------
    pandas.DataFrame
        The first row (``kind`` ``verdict``, ``requirement`` ``""``) is the verdict, taken
        from the same judgement as :func:`openviz.evaluate`: ``result`` is its verdict
        (qualifies, fails, cannot tell; ``""`` for score and descriptive kinds), ``level``
        the level reached, ``score`` and ``score_max`` the score, and ``fact`` and
        ``plain`` say it in words with what stops the release. Then one row per
        requirement node, in tree order: ``part`` (the level or dimension id, or ``""``),
        ``requirement``, ``parent``, ``depth``, ``kind``, ``label``, ``paraphrase``,
        ``result`` (met, partial, unmet, unknown; ``off`` when switched off), ``fact``
        (what the release record says, in words), ``plain`` (the requirement's line in
        plain words: its name, its result and the fact), ``why`` (in words, what makes the
        result what it is where the fact alone does not say: a licence not accepted, a
        substitute standing in, a partial release), ``license`` and
        ``license_category``, ``evidence_url`` and ``evidence_shows`` (first evidence item,
        in full), ``evidence_checked`` (for a component recorded as not released: the
        places looked at, ``"; "``-joined over its evidence), ``note`` (how it was met,
        warnings), ``source`` and ``source_url`` (where the definition says it).
    """
    check_lang(lang)
    catalog = catalog or load_catalog()
    definition, model = definition_first(catalog, definition, model)
    tg = (
        {definition if isinstance(definition, str) else definition.id: toggles} if toggles else None
    )
    defs, rels = resolve(catalog, [definition], [model], tg)
    d, rel = defs[0], rels[0]
    components = tuple(c.id for c in catalog.components)
    table = release_table([rel], components, catalog.licenses)
    compiled = compile_definition(d, components)
    results = {key: int(v[0]) for key, v in node_results(compiled, table).items()}
    ctx = _Context(rel, d, compiled, table, catalog, lang, results)
    rows = [_verdict_row(ctx)]
    for part, root in _parts(d):
        _rows(ctx, root, "", 0, part, rows)
    return pd.DataFrame(rows, columns=list(COLUMNS))


class _Context:
    """What every row of one explanation reads (``row``: the release's row of ``table``)."""

    row = 0

    def __init__(self, rel, d, compiled, table, catalog, lang, results) -> None:
        self.rel, self.d, self.compiled, self.table = rel, d, compiled, table
        self.catalog, self.lang, self.results = catalog, lang, results
        self.parts = {p.id: p for p in (*d.levels, *d.dimensions)}
        self.rated = compiled.rate(table)

    def name(self, node_id: str) -> str:
        """Return a node's, level's or dimension's label; a bare id only where none exists."""
        part = self.parts.get(node_id)
        if part is not None and (part.label.get(self.lang) or part.label.get("en")):
            return part.label.get(self.lang) or part.label["en"]
        node = self.compiled.nodes.get(node_id)
        if node is None:
            return node_id
        if node.label.get(self.lang):
            return node.label[self.lang]
        if node.rule.names_component:
            return self.component(node.component)
        if node.label.get("en"):
            return node.label["en"]
        for level in getattr(self.d, "levels", ()):
            if level.requirements.id == node_id and level.label:
                return level.label.get(self.lang) or level.label.get("en", node_id)
        return node_id

    def component(self, cid: str) -> str:
        try:
            return label(self.catalog, "component", cid, self.lang)
        except KeyError:
            return cid

    def category(self, cat: str) -> str:
        return label(self.catalog, "category", cat, self.lang)

    def restriction(self, kind: str) -> str:
        return label(self.catalog, "restriction", kind, self.lang)

    def join(self, names) -> str:
        return say("sep", self.lang).join(names)


def _parts(d: Definition) -> list[tuple[str, Requirement]]:
    return [(part, root) for part, _, root in d.strategy.rated_parts(d)]


def _verdict_row(ctx: _Context) -> dict:
    """Build the first row: the engine's judgement of this release, said in words."""
    d, lang = ctx.d, ctx.lang
    j = _judged(ctx.compiled, ctx.table)
    verdict = str(_VERDICT_LABELS[int(j.verdict[0])])
    # Only a ladder has level names; every other kind's one name is "".
    level = str(j.levels[int(j.rank[0])])
    score = float(j.score[0]) if j.score is not None else math.nan
    score_max = float(j.score_max[0]) if j.score_max is not None else math.nan
    unmet = [x for x in str(j.unmet.texts[int(j.unmet.codes[0])]).split(";") if x]
    unknown = [x for x in str(j.unknown.texts[int(j.unknown.codes[0])]).split(";") if x]
    bits = list(d.strategy.outcome_words(d, lang, level, score, score_max, ctx.results))
    if unmet:
        bits.append(say("stops", lang, names=ctx.join(ctx.name(x) for x in unmet)))
    if unknown:
        bits.append(say("untold", lang, names=ctx.join(ctx.name(x) for x in unknown)))
    fact = say("semi", lang).join(bits)
    title = d.title(lang)
    if verdict:
        word = say(verdict, lang)
        head = say("verdict line", lang, model=ctx.rel.name, verdict=word, definition=title)
    else:
        head = say("no verdict line", lang, model=ctx.rel.name, definition=title)
    plain = say("with facts", lang, head=head, fact=fact) if fact else head
    return {
        "model": ctx.rel.id,
        "definition": d.id,
        "part": "",
        "requirement": "",
        "parent": "",
        "depth": 0,
        "kind": "verdict",
        "label": title,
        "paraphrase": "",
        "result": verdict,
        "fact": fact,
        "plain": plain,
        "why": "",
        "license": "",
        "license_category": "",
        "evidence_url": "",
        "evidence_shows": "",
        "evidence_checked": "",
        "note": "",
        "source": "",
        "source_url": "",
        "level": level,
        "score": score,
        "score_max": score_max,
    }


def _num(x: float) -> str:
    return f"{x:g}"


def _rows(ctx: _Context, node, parent, depth, part, rows) -> None:
    result = RESULTS[ctx.results[node.id]]
    fact, lic, cat, ev, why, note = _fact(ctx, node)
    said = fact
    if node.rule.names_component and said.startswith(ctx.component(node.component)):
        # The line names the requirement already: say the status, not the component again.
        said = _capital(_status(ctx, ctx.rel.component(node.component)), ctx.lang)
    lang = ctx.lang
    if result in ("unmet", "partial") and not node.rule.names_component:
        lo, hi = (int(x[0]) for x in ctx.rated[node.id])
        if lo != hi:
            why = _add(why, say("at most partly", lang), lang)
    if not node.enabled:
        off = "switched off note" if node.published_enabled else "optional note"
        note = _add(say(off, lang), note, lang)
    title = ctx.name(node.id)
    words = say(f"result {result}", lang)
    plain = (
        say("line why", lang, title=title, result=words, fact=_capital(said, lang), why=why)
        if why
        else say("line", lang, title=title, result=words, fact=_capital(said, lang))
    )
    rows.append(
        {
            "model": ctx.rel.id,
            "definition": ctx.d.id,
            "part": part,
            "requirement": node.id,
            "parent": parent,
            "depth": depth,
            "kind": node.kind,
            "label": title,
            "paraphrase": node.paraphrase,
            "result": result,
            "fact": fact,
            "plain": plain,
            "why": why,
            "license": lic,
            "license_category": cat,
            "evidence_url": ev.url if ev else "",
            "evidence_shows": ev.shows if ev else "",
            "evidence_checked": _checked(node, ctx.rel),
            "note": _add(why, note, lang),
            "source": node.source,
            "source_url": ctx.d.source_url(node.source),
            "level": "",
            "score": math.nan,
            "score_max": math.nan,
        }
    )
    for child in node.children:
        _rows(ctx, child, node.id, depth + 1, part, rows)


def _fact(ctx: _Context, node: Requirement):
    """Describe the fact a node used: text, licence, category, evidence, why, note."""
    return node_kind(node).fact(ctx, node)


def _status(ctx: _Context, fact) -> str:
    lang = ctx.lang
    if fact.value == "unknown":
        # An unknown someone researched (notes say what was searched) is not one nobody
        # looked for.
        return say("status searched" if fact.notes else "status unknown", lang)
    status = say(f"status {fact.value}", lang)
    if fact.value not in ("yes", "partial"):
        return status
    lic = ctx.catalog.licenses.get(fact.license) if fact.license else None
    if lic is None:
        if fact.license:
            return say("unlisted licence", lang, status=status, license=fact.license)
        return say("no licence", lang, status=status)
    return say(
        "under licence", lang, status=status, license=lic.name, category=ctx.category(lic.category)
    )


def _capital(text: str, lang: str) -> str:
    return text[:1].upper() + text[1:] if lang == "en" else text


def _word(key: str, fallback: str, lang: str) -> str:
    try:
        return say(key, lang)
    except KeyError:
        return fallback


def _checked(node: Requirement, rel: Release) -> str:
    """Return the places checked for a component leaf's fact (evidence of absence)."""
    if not node.rule.names_component:
        return ""
    fact = rel.component(node.component)
    return "; ".join(dict.fromkeys(place for ev in fact.evidence for place in ev.checked))


def _add(note: str, more: str, lang: str = "en") -> str:
    if not more:
        return note
    return f"{note}{say('semi', lang)}{more}" if note else more
