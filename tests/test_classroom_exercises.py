"""Every exercise of the lesson can be done with the controls it offers, and the teacher's
notes give the answers the engine gives.

The lesson is read from its one source, ``notebooks/classroom.yaml``: each widget's arguments
are taken from the code cell (so a test follows the lesson when it changes), and each
part's teacher's notes from the markdown cell that follows it. Part 3's explorer is searched
exhaustively: every on/off state of its switches with every licence set its choosers allow.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest
import yaml

import openviz
from openviz.diff import diff
from openviz.i18n import text

SOURCE = Path(__file__).resolve().parent.parent / "notebooks" / "classroom.yaml"
WIDGETS = ("Prediction", "Explorer", "Comparison", "DraftStepper")


def _lesson() -> list[dict]:
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))["cells"]


def _parts() -> list[dict]:
    """Split the lesson at its ``## N.`` headings: widget calls and teacher's notes per part."""
    parts: list[dict] = []
    for cell in _lesson():
        if "markdown" in cell:
            en = cell["markdown"]["en"]
            if re.match(r"## \d+\. ", en):
                parts.append({"title": en.splitlines()[0], "calls": [], "notes": [], "text": en})
            elif "Teacher's notes" in en:
                parts[-1]["notes"].append(cell["markdown"])
            elif parts:
                parts[-1]["text"] += "\n" + en
        elif parts:
            parts[-1]["calls"] += _calls(cell["code"])
    return parts


def _calls(code: str) -> list[tuple[str, dict]]:
    """Return each widget call of a code cell as (name, keyword arguments)."""
    out = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in WIDGETS:
            kwargs = {}
            for kw in node.keywords:
                value = kw.value
                if isinstance(value, ast.Call) and getattr(value.func, "attr", "") == "series":
                    kwargs[kw.arg] = ("series", ast.literal_eval(value.args[0]))
                else:
                    kwargs[kw.arg] = ast.literal_eval(value)
            args = node.args[1:]  # the first is the catalogue
            if node.func.id == "DraftStepper" and args:
                kwargs["series"] = ast.literal_eval(args[0].args[0])
            out.append((node.func.id, kwargs))
    return out


PARTS = _parts()


def part(n: int) -> dict:
    return next(p for p in PARTS if p["title"].startswith(f"## {n}. "))


def notes(n: int, lang: str = "en") -> str:
    return " ".join(" ".join(cell[lang] for cell in part(n)["notes"]).split())


def call(n: int, name: str, k: int = 0) -> dict:
    return [kw for widget, kw in part(n)["calls"] if widget == name][k]


def test_every_part_has_teachers_notes_in_both_languages():
    assert [p["title"][3:5] for p in PARTS] == [f"{k}." for k in range(1, len(PARTS) + 1)]
    for p in PARTS:
        assert len(p["notes"]) == 1, p["title"]
        cell = p["notes"][0]
        assert "Teacher's notes" in cell["en"] and "教师笔记" in cell["zh"]
        # Folded away, so that the class sees the answers only when the teacher opens them.
        assert cell["en"].startswith("<details>") and cell["zh"].startswith("<details>")


# -- parts 1 and 2: predict, reveal ---------------------------------------------------------------
def test_every_prediction_can_be_marked_and_the_notes_give_the_verdicts(catalog):
    from openviz.widgets.classroom import Prediction

    kwargs = call(1, "Prediction")
    poll = Prediction(catalog, **kwargs)
    offered = {value for _, value in next(iter(poll.choices.values())).options}
    for did, verdict in poll.actual.items():
        assert verdict in offered, (did, verdict)  # a "cannot tell" could not be predicted
        d = catalog.definition(did)
        for lang in ("en", "zh"):
            line = next(
                line for line in part(1)["notes"][0][lang].splitlines() if d.title(lang) in line
            )
            assert text(verdict, lang) in line, (did, lang)
    index = poll.frame[(poll.frame.model == poll.model.id) & (poll.frame.kind == "score")]
    for row in index.itertuples():
        assert f"{row.score:g} of 12" in notes(1) and f"{row.score_max:g}" in notes(1)


def test_the_revealed_matrix_shows_the_releases_part_2_names(catalog):
    from openviz.widgets.classroom import Prediction

    poll = Prediction(catalog, **call(1, "Prediction"))
    shown = set(poll.frame.name)
    for name in ("OLMo 7B", "Mistral NeMo 12B"):
        assert name in part(2)["text"]
        assert any(s.startswith(name) for s in shown)
    # "Which definition agrees with Mistral's own label?" (part 6): one where NeMo qualifies
    # and OSAID 1.0 does not let it in, named in the notes.
    nemo = poll.frame[poll.frame.model == "mistral-nemo-12b"].set_index("definition").verdict
    assert nemo["osaid-1.0"] == "fails"
    agree = [d for d in nemo.index if nemo[d] == "qualifies"]
    assert agree
    for did in agree:
        assert catalog.definition(did).title() in notes(6)


# -- part 3: the toggle exercise ------------------------------------------------------------------
@pytest.fixture(scope="module")
def states(catalog):
    """Every state of part 3's controls, with its number of changes and the verdicts."""
    kwargs = call(3, "Explorer")
    d = catalog.definition(kwargs["definition"])
    models = kwargs["models"]
    return _search(catalog, d, models, kwargs["switches"])


def _search(catalog, d, models, switches):
    nodes = {n.id: n for n in d.walk()}
    rels = [catalog.release(m) for m in models]
    leaves = [s for s in switches if nodes[s].licenses is not None]
    choices = {}
    for s in leaves:
        # A chooser accepts any set of categories; only the categories the shown releases
        # hold for this leaf's components can change a rating, so sets that agree on those
        # are one state (the rest stays as published).
        node = nodes[s]
        held = set()
        for rel in rels:
            for cid in (node.component, *node.substitutes):
                fact = rel.component(cid)
                lic = catalog.licenses.get(fact.license) if fact.license else None
                if fact.value in ("yes", "partial") and lic is not None:
                    held.add(lic.category)
        held = sorted(held)
        rest = node.licenses - set(held)
        choices[s] = [
            rest | set(pick)
            for k in range(len(held) + 1)
            for pick in itertools.combinations(held, k)
        ]
    found = []
    for offs in itertools.product((False, True), repeat=len(switches)):
        off = {s for s, o in zip(switches, offs, strict=True) if o}
        for sets in itertools.product(*(choices[s] for s in leaves)):
            toggles: dict[str, object] = {s: "off" for s in off}
            for s, accepted in zip(leaves, sets, strict=True):
                if accepted != nodes[s].licenses:
                    toggles[s] = sorted(accepted)
            found.append(toggles)
    frame = openviz.evaluate([d.with_toggles(t) for t in found], models, catalog=catalog)
    verdicts = frame.verdict.to_numpy().reshape(len(found), len(models))
    return [
        (t, dict(zip(models, v, strict=True)), len(t)) for t, v in zip(found, verdicts, strict=True)
    ]


def test_the_explorer_offers_exactly_the_switches_the_lesson_names(catalog, monkeypatch):
    from openviz.widgets import Explorer

    monkeypatch.setenv("OPENVIZ_RENDER", "svg")
    kwargs = call(3, "Explorer")
    explorer = Explorer(catalog, **kwargs)
    assert set(explorer.switches) == set(kwargs["switches"])


def test_llama_can_be_let_in_and_the_notes_give_the_smallest_change(states):
    wins = [(t, n) for t, v, n in states if v["llama-3-8b"] == "qualifies"]
    assert wins, "no state of the offered controls lets Llama 3 8B qualify"
    least = min(n for _, n in wins)
    assert f"{least} changes" in notes(3) and f"{least} 处改动" in notes(3, "zh")
    for toggles, n in wins:
        if n == least:
            # As the notes say: these three are always among the changes.
            assert {"four-freedoms", "data-information", "code"} <= {
                k for k, v in toggles.items() if v == "off"
            }


def test_the_four_switches_the_lesson_used_to_offer_could_never_let_llama_in(catalog):
    d = catalog.definition("osaid-1.0")
    old = ["four-freedoms", "data-information", "training-code", "parameters"]
    found = _search(catalog, d, ["llama-3-8b"], old)
    assert all(v["llama-3-8b"] != "qualifies" for _, v, _ in found)


def test_the_same_change_lets_nemo_in_and_one_change_keeps_olmo_out(states, catalog):
    d = catalog.definition("osaid-1.0")
    nodes = {n.id: n for n in d.walk()}
    least = min(n for _, v, n in states if v["llama-3-8b"] == "qualifies")
    widened = [
        v
        for t, v, n in states
        if n == least
        and v["llama-3-8b"] == "qualifies"
        and all(x == "off" or set(x) >= nodes[k].licenses for k, x in t.items())
    ]
    assert widened and all(v["mistral-nemo-12b"] == "qualifies" for v in widened)
    one = [t for t, v, n in states if n == 1 and v["olmo-7b"] != "qualifies"]
    named = [
        {"data-information": sorted(nodes["data-information"].licenses - {"open-data"})},
        {"parameters": sorted(nodes["parameters"].licenses - {"osi-approved"})},
    ]
    for toggles in named:
        assert toggles in one, toggles


# -- part 4: compare ------------------------------------------------------------------------------
def test_the_comparison_is_ordered_by_the_index_and_the_notes_name_who_leads(catalog):
    from openviz.widgets.classroom import Comparison

    comparison = Comparison(catalog, **call(4, "Comparison"))
    frame = comparison.frame
    score = frame[frame.definition == "osai-index"].set_index("name").score
    rows = re.findall(r"<tr><td>([^<]+)</td>", comparison.table_html())
    shown = [score[html_unescape(r)] for r in rows]
    assert shown == sorted(shown, reverse=True)
    osaid = frame[frame.definition == "osaid-1.0"].set_index("name").verdict
    for name in osaid[osaid == "qualifies"].index:
        assert name in notes(4)
    for name in score[score == score.max()].index:
        assert name in notes(4)
    lumped = score[osaid[osaid == "fails"].index]
    assert lumped.max() > lumped.min()
    for name in (lumped.idxmax(), lumped.idxmin()):
        assert name in notes(4)
        assert f"{lumped[name]:g} of 12" in notes(4)


def html_unescape(value: str) -> str:
    import html

    return html.unescape(value)


# -- part 5: the drafts ---------------------------------------------------------------------------
def test_each_draft_step_shows_a_change_and_the_notes_name_who_moves(catalog):
    kwargs = call(5, "DraftStepper")
    drafts = catalog.series(kwargs["series"])
    models = kwargs["models"]
    frame = openviz.evaluate(drafts, models, catalog=catalog)
    verdict = frame.pivot(index="name", columns="definition", values="verdict")
    assert (verdict.loc["Meta Llama 3 8B"] == "fails").all()
    moved_any = False
    for a, b in itertools.pairwise(drafts):
        assert len(diff(a, b, models, catalog=catalog).requirements), (a.id, b.id)
        moved = verdict.index[verdict[a.id] != verdict[b.id]]
        moved_any |= len(moved) > 0
        for name in moved:
            assert name in notes(5), (a.id, b.id, name)
    assert moved_any


# -- part 6: discuss ------------------------------------------------------------------------------
def test_the_strict_data_question_has_the_answer_the_notes_give(catalog):
    assert "OSAID + data (strict)" in part(6)["text"]
    d = next(d for d in catalog.definitions.values() if d.title() == "OSAID + data (strict)")
    frame = openviz.evaluate(d, catalog=catalog)
    for name in frame.name[frame.verdict == "qualifies"]:
        assert name in notes(6) and name in notes(6, "zh")


# -- part 7: the AI Act readings and the G7 tiers -------------------------------------------------
def test_the_ai_act_questions_have_the_answers_the_notes_give(catalog):
    kwargs = call(7, "DraftStepper")
    first, last = catalog.series(kwargs["series"])[0], catalog.series(kwargs["series"])[-1]
    frame = openviz.evaluate([first, last], kwargs["models"], catalog=catalog)
    v = frame.pivot(index="model", columns="definition", values="verdict")
    assert v.loc["llama-3-8b", first.id] == "qualifies" and v.loc["llama-3-8b", last.id] == "fails"
    unmet = frame[(frame.model == "llama-3-8b") & (frame.definition == last.id)].unmet.item()
    for rid in unmet.split(";"):
        assert last.requirement(rid).title() in notes(7)
        assert last.requirement(rid).title("zh") in notes(7, "zh")
    for model in ("bloom-176b", "starcoder2-15b"):
        assert v.loc[model, first.id] == v.loc[model, last.id]
    # The stricter reading: the optional requirement that turns away every use policy.
    strict = next(n for n in last.walk() if not n.enabled and "use policy" in n.title())
    stricter = openviz.evaluate(
        last, ["bloom-176b", "starcoder2-15b"], toggles={last.id: {strict.id: "on"}}
    )
    assert (stricter.verdict == "fails").all()
    assert "both would fail" in notes(7)


def test_the_g7_questions_have_the_answers_the_notes_give(catalog):
    kwargs = call(7, "Comparison")
    frame = openviz.evaluate(kwargs["definitions"][0], kwargs["models"], catalog=catalog)
    g7 = catalog.definition(kwargs["definitions"][0])
    rows = frame.set_index("model")
    llama = rows.loc["llama-3-8b"]
    assert llama.level and llama.level in notes(7)
    top = len(g7.levels)
    for name in frame.name[frame.level_rank == top]:
        assert name in notes(7)
    untold = frame[(frame.unmet == "") & (frame.unknown != "") & (frame.level_rank < top)]
    assert len(untold), "no release whose tier cannot be told: the question would be moot"
    for name in untold.name:
        assert name in notes(7)


def test_max_points_leaves_out_dimensions_switched_off(catalog):
    from openviz.widgets.classroom import max_points

    d = next(d for d in catalog.definitions.values() if d.kind == "score")
    off = d.with_toggles({d.dimensions[0].requirements.id: "off"})
    best = max(d.credit.values())
    assert max_points(off) == pytest.approx(max_points(d) - best)
    # No release can score more than the most possible, and evaluate agrees on what counts.
    frame = openviz.evaluate(off, catalog=catalog)
    assert (frame.score_max <= max_points(off) + 1e-9).all()
