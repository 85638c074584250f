"""Caches are explicit: one module lists them, each is bounded, and clear_caches empties them."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import openviz
from openviz import _caches

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
PACKAGE = ROOT / "openviz"


def _sources() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}


def test_an_edit_keeping_size_and_mtime_is_seen_by_the_next_load(tmp_path):
    folder = tmp_path / "defs"
    shutil.copytree(MINI, folder)
    path = folder / "models" / "weights-only.yaml"
    first = openviz.load_catalog(folder)
    assert first.releases["weights-only"].organisation == "Test Org"
    assert openviz.load_catalog(folder) is first  # unchanged files: the same catalogue

    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Test Org", "Best Org"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    second = openviz.load_catalog(folder)
    assert second.releases["weights-only"].organisation == "Best Org"


def test_load_catalog_without_cache_reads_afresh_and_keeps_nothing(tmp_path):
    folder = tmp_path / "defs"
    shutil.copytree(MINI, folder)
    openviz.clear_caches()
    one = openviz.load_catalog(folder, cache=False)
    two = openviz.load_catalog(folder, cache=False)
    assert one is not two
    assert one.releases.keys() == two.releases.keys()
    assert _caches.registered()["catalog"] == 0


def test_clear_caches_empties_every_cache():
    # Fill the caches of the core, the charts and the toggles.
    import openviz.charts

    catalog = openviz.load_catalog(MINI)
    openviz.evaluate(catalog=catalog)
    definition = next(iter(catalog.definitions.values()))
    node = next(n for n in definition.walk() if n.kind == "component")
    definition.with_toggles({node.id: "off"}).requirement(node.id)
    from openviz.charts._common import ink, text_width

    ink("#ffffff")
    text_width("abc", 10)
    filled = {name for name, size in _caches.registered().items() if size}
    assert {"catalog", "release-tables", "compiled-definitions", "definition-variants"} <= filled

    openviz.clear_caches()
    assert all(size == 0 for size in _caches.registered().values()), _caches.registered()
    # Afterwards everything still works, computed afresh.
    assert openviz.load_catalog(MINI) is not catalog


def test_every_cache_is_made_by_the_cache_module_and_listed_in_its_table():
    made = set()
    for name, text in _sources().items():
        if name != "openviz/_caches.py":
            assert not re.search(
                r"lru_cache|functools\.cache\b|^@cache\b|WeakKeyDictionary", text, re.M
            ), f"{name}: make caches with openviz._caches (bounded, Bounded, ByIdentity)"
        made |= set(re.findall(r'(?:bounded|Bounded|ByIdentity)\(\s*"([a-z-]+)"', text))
    table = _caches.__doc__
    listed = set(re.findall(r"^([a-z][a-z-]+)\s{2,}\d+\s", table, re.M))
    assert made == listed, (
        f"made but not listed: {made - listed}; listed, not made: {listed - made}"
    )
    # Every cache has a bound that the table states.
    import openviz.charts
    import openviz.export
    import openviz.sources._common
    import openviz.widgets  # noqa: F401

    assert set(_caches.registered()) == made


def test_identity_cache_is_bounded_and_never_confuses_objects():
    cache = _caches.ByIdentity("test-identity", maxsize=2)
    try:
        a, b, c = {"a": 1}, {"b": 2}, {"c": 3}  # unhashable keys are fine
        cache.put((a,), "x", 1)
        cache.put((b,), "x", 2)
        cache.put((c,), "x", 3)
        assert len(cache) == 2
        assert cache.get((a,), "x") is None  # the oldest went first
        assert cache.get((c,), "x") == 3
        assert cache.get(({"c": 3},), "x") is None  # equal is not the same object
    finally:
        _caches._REGISTRY.pop("test-identity")
        _caches._SIZES.pop("test-identity")


@pytest.mark.parametrize("cls", [openviz.Definition, openviz.Release, openviz.Requirement])
def test_records_are_truly_frozen(cls):
    catalog = openviz.load_catalog(MINI)
    openviz.evaluate(catalog=catalog)
    for d in catalog.definitions.values():
        d.with_toggles({n.id: "off" for n in d.walk() if n.kind == "component"})
    records = {
        openviz.Definition: list(catalog.definitions.values()),
        openviz.Release: list(catalog.releases.values()),
        openviz.Requirement: [n for d in catalog.definitions.values() for n in d.walk()],
    }[cls]
    fields = {f.name for f in dataclasses.fields(cls)}
    assert not any(name.startswith("_") for name in fields), "a private field is a cache"
    for record in records:
        assert set(vars(record)) == fields, f"{record!r} carries attributes beyond its fields"
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.id = "changed"


def test_importing_openviz_renders_and_bundles_nothing():
    # Every vl-convert function is replaced by one that fails before openviz is imported.
    code = (
        "import vl_convert\n"
        "calls = []\n"
        "for name in dir(vl_convert):\n"
        "    if callable(getattr(vl_convert, name)) and not name.startswith('_'):\n"
        "        setattr(vl_convert, name, lambda *a, _n=name, **k: calls.append(_n))\n"
        "import openviz, openviz.charts, openviz.widgets, openviz.export, openviz.cli\n"
        "from openviz import _caches\n"
        "print(calls, sum(_caches.registered().values()))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert proc.stdout.split() == ["[]", "0"], proc.stdout
