"""The parts of the interactive page's data: releases, definitions, paint and results.

:func:`openviz.interactive.page_data` puts them together; each returns JSON-ready data.
"""

from __future__ import annotations

from openviz.charts._common import (
    DASH,
    GLYPHS,
    RAMP_STEPS,
    RAMP_TABLE,
    STATUS_COLORS,
    ink,
    paint_cell,
)
from openviz.evaluate import RATINGS
from openviz.explain import _LUTS, RESULTS, _Context, _fact
from openviz.explain_text import shorten
from openviz.i18n import text
from openviz.rules import compile_definition

#: Evidence text carried per fact: a reader sees the start of it beside the link, which leads
#: to the source itself (and the whole text would put the page over its size budget).
EVIDENCE_CHARS = 160


def caption_split(caption: list[str], lang: str) -> int:
    """Return where the source line's data part starts (the page rewrites what is above)."""
    cut = "\0"
    data_prefix = text("caption data", lang, date=cut, n=cut, collections=cut, newest=cut).split(
        cut
    )[0]
    return next((i for i, line in enumerate(caption) if line.startswith(data_prefix)), 1)


def licenses(catalog, rels) -> dict:
    """Return the category and restrictions of every licence the releases use."""
    used_licenses = {f.license for r in rels for f in r.components.values() if f.license}
    licenses = {}
    for lic_id in sorted(used_licenses):
        lic = catalog.licenses.get(lic_id)
        if lic is not None:
            licenses[lic_id] = {"category": lic.category, "restrictions": list(lic.restrictions)}
    return licenses


def release_data(rel, components: tuple[str, ...]) -> dict:
    """Return a release's facts, each with its value (and licence) and the start of its evidence."""
    urls: dict[str, int] = {"": 0}

    def first_evidence(fact, urls=urls) -> list:
        # [index of the url in the release's list, the start of what it shows]
        ev = fact.evidence[0] if fact.evidence else None
        if ev is None:
            return [0, ""]
        return [urls.setdefault(ev.url, len(urls)), shorten(ev.shows, EVIDENCE_CHARS)]

    facts = {}
    for cid, fact in rel.components.items():
        if cid in components:
            facts[cid] = [fact.value, fact.license, *first_evidence(fact)]
    return {
        "id": rel.id,
        "name": rel.name,
        "urls": list(urls),
        "facts": facts,
    }


def condition_facts(d, compiled, rels, table, catalog, lang: str, pool: dict) -> dict:
    """Return each condition node's fact for every release, as :func:`openviz.explain` says it.

    A condition reads only release facts and licence terms, which the page's switches do
    not change, so its words are worked out here by the condition's own class
    (:mod:`openviz.conditions`) and the page only shows them: a new condition kind needs
    nothing of the page's script. Each fact is ``[text, url, shows]``, indexes into
    ``pool`` (the page's table of distinct strings).
    """

    def at(value: str) -> int:
        return pool.setdefault(value, len(pool))

    ctx = _Context(rels[0], d, compiled, table, catalog, lang, {})
    out = {}
    for node in d.walk():
        if not node.condition:
            continue
        facts = []
        for row, rel in enumerate(rels):
            ctx.rel, ctx.row = rel, row
            words, _, _, ev, _, _ = _fact(ctx, node)
            shows = shorten(ev.shows, EVIDENCE_CHARS) if ev else ""
            facts.append([at(words), at(ev.url if ev else ""), at(shows)])
        out[node.id] = facts
    return out


def definition_data(d, components: tuple[str, ...], table, ctx, lang: str, rels, pool) -> dict:
    """Return a definition as the page needs it: its compiled program, requirements and paint.

    ``rels`` are the releases of ``table``, in its order; ``pool`` collects the page's
    distinct strings (see :func:`condition_facts`).
    """
    compiled = compile_definition(d, components)
    facts = condition_facts(d, compiled, rels, table, ctx.catalog, lang, pool)
    nodes = {}
    names = {}
    for node in d.walk():
        info = {
            "component": node.component,
            "substitutes": list(node.substitutes),
        }
        # Empty fields are left out (the page reads them with defaults): with the whole
        # catalogue the page must stay within its size budget.
        nodes[node.id] = {
            "title": node.title(lang),
            "paraphrase": node.paraphrase,
            **{k: v for k, v in info.items() if v},
            **({"facts": facts[node.id]} if node.id in facts else {}),
        }
        names[node.id] = ctx.requirement(d, node.id)
    parts = [[p.id, d.strategy.part_title(d, p.id, lang)] for p in d.strategy.parts(d)]
    if d.strategy.rates_dimensions:
        for dim in d.dimensions:
            names.setdefault(dim.id, ctx.requirement(d, dim.id))
    return {
        "id": d.id,
        "kind": d.kind,
        # How the kind judges (openviz.kinds), which is all the page's script asks of it.
        "judge": {
            "ranked": d.strategy.ranked,
            "rates": d.strategy.rates_dimensions,
            "score": d.strategy.has_score,
        },
        "label": ctx.def_label(d),
        "title": d.title(lang),
        "picker": d.name if lang == "en" else (d.title(lang) + " — " + d.name),
        "program": compiled.program(table),
        "nodes": nodes,
        "names": names,
        "parts": parts,
        "credit": {
            "closed": float(d.credit.get("closed", 0)),
            "partial": float(d.credit.get("partial", 0.5)),
            "open": float(d.credit.get("open", 1)),
        },
        # What each level's cell shows, as the static charts paint it: [cell, level,
        # share of the ramp, fill, ink] for level 1 (lowest) up.
        "paint": [
            [shown[k] for k in ("cell", "level", "share", "fill", "ink")]
            for shown in (
                paint_cell("levels", "qualifies", rank, None, None, d, lang)
                for rank in range(1, len(d.levels) + 1)
            )
        ],
        "topCredit": float(max(d.credit.values(), default=1)),
    }


def paint() -> dict:
    """Return the glyphs and colours of the static charts, for the page to paint cells the same."""
    return {
        "glyphs": dict(GLYPHS),
        "dash": DASH,
        # The level and score ramp, [fill, ink] at each step (charts._common.RAMP_TABLE).
        "ramp": [[c, ink(c)] for c in RAMP_TABLE],
        "rampSteps": RAMP_STEPS,
        "statusPaint": {s: [c, ink(c)] for s, c in STATUS_COLORS.items()},
    }


def results(verdict_keys: list[str], lang: str) -> dict:
    """Return the words for verdicts and ratings, and the result of each packed rating byte."""
    return {
        "status": {s: text(s, lang) for s in (*verdict_keys, "no verdict")},
        "results": {r: text(r, lang) for r in RATINGS},
        # Each packed rating byte's result, as openviz.explain shows it: for yes/no and levels
        # definitions, and for graded (score, descriptive) ones.
        "resultOf": {
            graded: [RESULTS[int(code)] for code in _LUTS[flag]]
            for graded, flag in (("plain", False), ("graded", True))
        },
    }
