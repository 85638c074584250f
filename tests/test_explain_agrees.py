"""Explanations agree with verdicts: every curated release, definition and single toggle.

The verdict :func:`openviz.evaluate` gives (over the whole catalogue at once) is compared
with what :func:`openviz.explain` shows, through the vectorised :func:`node_results` that
``explain`` reads its results from: the requirement rows, combined up their trees in
three-valued logic, must give the verdict, the level and the reasons ``evaluate`` names.
Every definition is tried as published and with each single requirement switched off
(an optional one switched on), and each licence leaf with one more licence category
accepted.
"""

from __future__ import annotations

import numpy as np
import pytest

import openviz
from openviz.explain import RESULTS, node_results
from openviz.licenses import CATEGORIES
from openviz.rules import compile_definition, release_table

MET, PARTIAL, UNMET, UNKNOWN, OFF = (RESULTS.index(r) for r in RESULTS)
# Three-valued projection of a result for a yes/no question ("is it surely met?"):
# 2 met, 1 cannot tell, 0 not met; a switched-off node asks nothing, so it is met.
YES, MAYBE, NO = 2, 1, 0
PROJECT = np.array([YES, NO, NO, MAYBE, YES], dtype=np.int8)
VERDICT = {YES: "qualifies", MAYBE: "cannot tell", NO: "fails"}


def variants(d: openviz.Definition):
    """Yield (name, definition): as published, then every single-requirement toggle."""
    yield "published", d
    for node in d.walk():
        yield (
            f"{node.id}={'off' if node.enabled else 'on'}",
            d.with_toggles({node.id: "off" if node.enabled else "on"}),
        )
        if node.kind == "component" and node.licenses is not None:
            extra = next((c for c in CATEGORIES if c not in node.licenses), None)
            if extra is not None:
                widened = sorted(node.licenses | {extra})
                yield f"{node.id}=licenses:{','.join(widened)}", d.with_toggles({node.id: widened})


@pytest.fixture(scope="module")
def judged(catalog):
    """Every variant with its evaluate() rows and node results over all curated releases."""
    rels = list(catalog.models("curated"))
    components = tuple(c.id for c in catalog.components)
    table = release_table(rels, components, catalog.licenses)
    cases = [(d, name, v) for d in catalog.definitions.values() for name, v in variants(d)]
    frame = openviz.evaluate([v for _, _, v in cases], rels, catalog=catalog)
    n = len(rels)
    out = []
    for i, (d, name, v) in enumerate(cases):
        rows = frame.iloc[i * n : (i + 1) * n]
        assert list(rows.model) == [r.id for r in rels]
        out.append((d.id, name, v, rows, node_results(compile_definition(v, components), table)))
    return out


def _expected(node, results, on=True):
    """Combine the children's projected results the way the engine combines ratings."""
    on = on and node.enabled
    if not on:
        return None
    live = [c for c in node.children if c.enabled]
    if not live:
        return None
    kids = np.stack([PROJECT[results[c.id]] for c in live])
    value = kids.min(axis=0) if node.kind == "all_of" else kids.max(axis=0)
    if node.at_most == "partial":
        value = np.zeros_like(value)  # capped below met: never surely met, never maybe
    return value


def test_every_definition_and_toggle_is_covered(judged, catalog):
    names = {(d, name) for d, name, *_ in judged}
    assert {d for d, _ in names} == set(catalog.definitions)
    osaid = {name for d, name in names if d == "osaid-1.0"}
    assert {"published", "four-freedoms=off", "training-code=off"} <= osaid
    assert any(name.startswith("parameters=licenses:") for name in osaid)


def test_the_verdict_row_is_the_verdict_of_the_requirement_rows(judged):
    """Root result (or the level reached) from the rows equals evaluate's verdict and level."""
    for did, name, d, rows, results in judged:
        where = f"{did} {name}"
        if d.kind == "binary":
            root = PROJECT[results[d.requirements.id]]
            got = np.array([VERDICT[x] for x in root], dtype=object)
            bad = got != rows.verdict.to_numpy()
            assert not bad.any(), (where, list(rows.model[bad])[:5])
        elif d.kind == "levels":
            met = [PROJECT[results[lv.requirements.id]] == YES for lv in d.levels]
            rank = np.zeros(len(rows), dtype=int)
            reached = np.ones(len(rows), dtype=bool)
            for m in met:
                reached &= m
                rank += reached
            assert (rank == rows.level_rank.to_numpy()).all(), where
            first = PROJECT[results[d.levels[0].requirements.id]]
            got = np.array([VERDICT[x] for x in first], dtype=object)
            assert (got == rows.verdict.to_numpy()).all(), where
        else:
            dims = [dim for dim in d.dimensions if dim.requirements.enabled]
            for i, (unmet, unknown) in enumerate(zip(rows.unmet, rows.unknown, strict=True)):
                told = {dim.id for dim in dims if results[dim.requirements.id][i] == UNKNOWN}
                assert told == set(filter(None, unknown.split(";"))), (where, i)
                short = set(filter(None, unmet.split(";")))
                for dim in dims:
                    r = results[dim.requirements.id][i]
                    if r == MET:
                        assert dim.id not in short, (where, i, dim.id)
                    elif r in (UNMET, PARTIAL):
                        assert dim.id in short, (where, i, dim.id)
            if d.kind == "score":
                credit = {
                    MET: d.credit.get("open", 1),
                    PARTIAL: d.credit.get("partial", 0.5),
                    UNMET: d.credit.get("closed", 0),
                }
                for i, (lo, hi) in enumerate(zip(rows.score, rows.score_max, strict=True)):
                    got = [results[dim.requirements.id][i] for dim in dims]
                    if UNKNOWN not in got:
                        assert lo == hi == pytest.approx(sum(credit[r] for r in got)), (where, i)


def test_every_group_row_follows_from_its_children(judged):
    """Each all_of / any_of row agrees, in three-valued logic, with the rows below it."""
    for did, name, d, _, results in judged:
        if d.kind not in ("binary", "levels"):
            continue
        for node in d.walk():
            if node.kind not in ("all_of", "any_of"):
                continue
            expected = _expected(node, results)
            if expected is None:
                continue
            got = PROJECT[results[node.id]]
            on = results[node.id] != OFF
            assert (got[on] == expected[on]).all(), (did, name, node.id)


def test_the_reasons_evaluate_names_are_rows_with_that_result(judged):
    """What evaluate says stops a release is a not-met row; what it cannot tell, an unknown one."""
    for did, name, d, rows, results in judged:
        if d.kind not in ("binary", "levels"):
            continue
        for i, (unmet, unknown) in enumerate(zip(rows.unmet, rows.unknown, strict=True)):
            for rid in filter(None, unmet.split(";")):
                assert results[rid][i] in (UNMET, PARTIAL), (did, name, i, rid)
            for rid in filter(None, unknown.split(";")):
                assert results[rid][i] == UNKNOWN, (did, name, i, rid)


def test_explain_shows_what_node_results_give(catalog):
    """explain() itself: its verdict row and result column, for each definition's first releases."""
    frame = openviz.evaluate(None, None, catalog=catalog).set_index(["model", "definition"])
    components = tuple(c.id for c in catalog.components)
    for d in catalog.definitions.values():
        for rel in list(catalog.models("curated"))[:6]:
            table = openviz.explain(rel, d, catalog=catalog)
            top = table.iloc[0]
            assert top.kind == "verdict"
            expect = frame.loc[(rel.id, d.id)]
            assert top.result == expect.verdict, (rel.id, d.id)
            assert top.level == expect.level, (rel.id, d.id)
            one = release_table([rel], components, catalog.licenses)
            results = node_results(compile_definition(d, components), one)
            rest = table.iloc[1:]
            assert list(rest.result) == [RESULTS[results[r][0]] for r in rest.requirement]


@pytest.mark.parametrize(
    ("model", "toggles"),
    [
        (
            "llama-3-8b",
            {
                "four-freedoms": "off",
                "data-information": "off",
                "training-code": "off",
                "parameters": ["osi-approved", "open-data", "use-restricted"],
            },
        ),
        ("mistral-nemo-12b", None),
    ],
)
def test_the_reported_contradictions_are_gone(catalog, model, toggles):
    """Issue 20's two cases: the root row and the licence condition say what the engine says."""
    table = openviz.explain(model, "osaid-1.0", catalog=catalog, toggles=toggles)
    verdict = openviz.evaluate(
        "osaid-1.0", model, catalog=catalog, toggles=({"osaid-1.0": toggles} if toggles else None)
    ).verdict[0]
    assert table.iloc[0].result == verdict
    root = table.iloc[1]
    assert {"fails": "unmet", "qualifies": "met", "cannot tell": "unknown"}[verdict] == (
        "unmet" if root.result == "partial" else root.result
    )
    freedoms = table.set_index("requirement").loc["four-freedoms"]
    if freedoms.result == "unknown":
        assert "cannot tell for" in freedoms.fact
    if freedoms.result == "met":
        assert "cannot tell" not in freedoms.fact and "restricted:" not in freedoms.fact.lower()


def test_licence_condition_words_follow_its_result_for_every_release(catalog):
    """No-restrictions facts: met says nothing restricts, unmet names the restriction."""
    for rel in catalog.models("curated"):
        table = openviz.explain(rel, "osaid-1.0", catalog=catalog).set_index("requirement")
        row = table.loc["four-freedoms"]
        fact = row.fact.lower()
        if row.result == "met":
            assert "cannot tell" not in fact and not fact.startswith("restricted"), rel.id
        elif row.result == "unmet":
            assert fact.startswith("restricted:"), rel.id
        else:
            assert "cannot tell for" in fact, rel.id


def test_every_line_is_in_words_in_both_languages(catalog):
    """Plain lines name requirements and facts in the language asked, never by English phrase."""
    from openviz.explain_text import WORDS

    english = {entry["en"].split("{")[0].strip(" :;,(") for entry in WORDS.values()}
    english = {w for w in english if len(w) > 6}  # whole phrases, not stray short words
    for d in catalog.definitions.values():
        for model in ("llama-3-8b", "olmo-7b", "mistral-nemo-12b"):
            en = openviz.explain(model, d, catalog=catalog)
            zh = openviz.explain(model, d, catalog=catalog, lang="zh")
            assert list(en.result) == list(zh.result)
            for line in zh.plain:
                found = [w for w in english if w in line]
                assert not found, (d.id, model, found, line)
            restricted = en[en.fact.str.contains("restricted:", regex=False)]
            for fact in restricted.fact:
                assert not any(kind in fact for kind in ("mau-cap", "acceptable-use-policy"))


@pytest.mark.parametrize(
    ("text", "width", "expect"),
    [
        ("short enough", 40, "short enough"),
        ("the quick brown fox jumps over the lazy dog", 20, "the quick brown fox…"),
        ("the quick brown fox, jumps over", 21, "the quick brown fox…"),
        ("https://example.org/a-very-long-address-without-spaces", 20, "https://example.org…"),
        ("模型卡列出了权重、聊天模板和推理示例，但没有链接训练代码。", 12, "模型卡列出了权重…"),
    ],
)
def test_evidence_is_cut_between_words_with_an_ellipsis(text, width, expect):
    from openviz.explain_text import shorten

    assert shorten(text, width) == expect
    assert len(shorten(text, width)) <= width
