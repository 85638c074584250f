"""The public namespace is explicit, and the core stays free of chart and widget libraries."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import openviz

MINI = str(Path(__file__).resolve().parent / "fixtures" / "mini")


def test_public_api_is_exactly_all():
    # Submodules become attributes once imported; they are reached as openviz.<module>.
    public = sorted(
        name
        for name, value in vars(openviz).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    )
    assert sorted(openviz.__all__) == public, (
        "update __all__ when the public API changes on purpose"
    )


def test_core_imports_no_chart_or_widget_library():
    code = (
        "import sys, openviz, openviz.cli\n"
        f"openviz.evaluate(catalog=openviz.load_catalog({MINI!r}))\n"
        "bad = sorted(m for m in ('altair', 'ipywidgets', 'anywidget', 'vl_convert')"
        " if m in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


def _notebook_imports():
    import json
    import re

    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    for path in sorted(notebooks.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            for line in "".join(cell["source"]).splitlines():
                match = re.match(r"from (openviz[\w.]*) import (.+)", line.strip())
                if match:
                    yield path.name, match.group(1), match.group(2)


def test_notebooks_take_core_functions_from_the_public_namespace():
    # Widgets, charts and export stay in their subpackages (they pull in chart
    # libraries); anything from the core must come from openviz itself.
    allowed = {"openviz", "openviz.widgets", "openviz.charts", "openviz.export"}
    seen = list(_notebook_imports())
    assert seen, "no notebook imports found"
    for notebook, module, names in seen:
        assert module in allowed, f"{notebook}: from {module} import {names}"
        if module == "openviz":
            for name in (n.strip() for n in names.split(",")):
                assert name in openviz.__all__, f"{notebook}: {name} is not in openviz.__all__"


def test_definitions_come_first_and_the_older_order_still_reads(catalog):
    d, olmo = catalog.definition("mof"), catalog.release("olmo-7b")
    new = openviz.explain("osaid-1.0", "llama-3-8b", catalog=catalog)
    assert new.equals(openviz.explain("llama-3-8b", "osaid-1.0", catalog=catalog))
    assert openviz.explain(d, olmo, catalog=catalog).equals(
        openviz.explain(olmo, d, catalog=catalog)
    )
    assert openviz.path_to("osaid-1.0", "llama-3-8b", catalog=catalog).equals(
        openviz.path_to("llama-3-8b", "osaid-1.0", catalog=catalog)
    )
    pair = (["osaid-1.0", "mof"], ["olmo-7b", "llama-3-8b"])
    agreed = openviz.consensus(*pair, catalog=catalog)
    assert list(agreed.model) == ["olmo-7b", "llama-3-8b"]
    assert agreed.equals(openviz.consensus(*reversed(pair), catalog=catalog))
    once = openviz.consensus((d for d in pair[0]), iter(pair[1]), catalog=catalog)
    assert once.equals(agreed), "a list given as a generator is read once"
    assert openviz.consensus(models=pair[1], catalog=catalog).equals(
        openviz.consensus(pair[1], catalog=catalog)
    )
    # A wrong id is still named as what it is.
    with pytest.raises(openviz.problems.NotFound, match="no-such-model"):
        openviz.explain("osaid-1.0", "no-such-model", catalog=catalog)


def test_every_public_function_names_definitions_before_models():
    for name in openviz.__all__:
        item = getattr(openviz, name)
        if isinstance(item, type) or not callable(item):
            continue
        params = list(inspect.signature(item).parameters)
        both = [p for p in params if p.rstrip("s") in ("definition", "model")]
        if len(both) == 2:
            assert both[0].startswith("definition"), (name, params)
