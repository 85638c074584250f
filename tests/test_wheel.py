"""The wheel works alone: built, installed into a clean venv with no checkout beside it, and
used as a new user would (validate, evaluate, an English export, every notebook run top to
bottom), on a machine whose CJK fonts are hidden where the platform allows it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hidden_fonts import can_hide_fonts, without_system_fonts

ROOT = Path(__file__).resolve().parent.parent
BIN = "Scripts" if os.name == "nt" else "bin"
UV = Path(sys.executable).parent / ("uv.exe" if os.name == "nt" else "uv")

pytestmark = pytest.mark.wheel


def run(cmd: list, cwd: Path, env: dict | None = None, timeout: int = 600) -> str:
    done = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"{cmd} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", out], ROOT)
    (path,) = out.glob("openviz-*.whl")
    return path


@pytest.fixture(scope="module")
def clean_venv(wheel, tmp_path_factory) -> Path:
    """A new venv holding the wheel and what it depends on, and nothing from the checkout."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    run([sys.executable, "-m", "venv", "--without-pip", venv], venv.parent)
    python = venv / BIN / "python"
    # The lock only constrains versions (the same ones CI tested); the dependencies come from
    # the wheel's own metadata, exactly as `pip install openviz` reads them.
    constraints = venv.parent / "constraints.txt"
    constraints.write_text(
        "\n".join(
            line.rstrip(" \\")  # keep the environment markers, drop the hash continuation
            for line in (ROOT / "requirements.lock").read_text("utf-8").splitlines()
            if "==" in line and not line.startswith(("#", " "))
        ),
        encoding="utf-8",
    )
    run([UV, "pip", "install", "--quiet", "--python", python, "-c", constraints, wheel], venv)
    return venv


def test_wheel_carries_the_data_the_fonts_and_their_licences(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "openviz/_defs/definitions/osaid-1.0.yaml" in names
    assert "openviz/_fonts/OpenVizCJKSubset-Regular.otf" in names
    assert "openviz/_fonts/OFL.txt" in names
    assert any(n.endswith(".dist-info/licenses/NOTICE") for n in names)
    assert not any(n.startswith(("tests/", "notebooks/", "benchmarks/")) for n in names)


def test_installed_wheel_validates_evaluates_and_exports(clean_venv, tmp_path):
    openviz = clean_venv / BIN / "openviz"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = run(
        [clean_venv / BIN / "python", "-c", "import openviz; print(openviz.__file__)"],
        tmp_path,
        env,
    )
    assert str(clean_venv) in where and str(ROOT) not in where
    assert "are valid" in run([openviz, "validate"], tmp_path, env)
    rows = json.loads(
        run([openviz, "evaluate", "-d", "osaid-1.0", "--format", "json"], tmp_path, env)
    )
    verdicts = {r["model"]: r["verdict"] for r in rows}
    assert verdicts["olmo-7b"] == "qualifies" and verdicts["llama-3-8b"] == "fails"
    run([openviz, "export", "verdict-matrix", "--out", tmp_path / "m.svg"], tmp_path, env)
    assert (tmp_path / "m.svg").read_text("utf-8").lstrip().startswith("<svg")


def test_every_notebook_runs_from_the_installed_wheel_without_cjk_fonts(clean_venv, tmp_path):
    # Only what `pip install openviz` brings: nbclient and ipykernel arrive with JupyterLab.
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        shutil.copy(notebook, tmp_path / notebook.name)
    code = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "for name in sys.argv[1:]:\n"
        "    nb = nbformat.read(name, as_version=4)\n"
        "    NotebookClient(nb, timeout=180, kernel_name='python3').execute()\n"
        "    print('ran', name)\n"
    )
    names = sorted(p.name for p in tmp_path.glob("*.ipynb"))
    python = clean_venv / BIN / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        OPENVIZ_RENDER="svg",
        HOME=str(tmp_path),
        PATH=f"{python.parent}{os.pathsep}" + env.get("PATH", ""),
    )
    cmd: list = [python, "-c", code, *names]
    if can_hide_fonts():
        cmd = without_system_fonts(cmd)
    out = run(cmd, tmp_path, env, timeout=900)
    assert out.count("ran ") == len(names) >= 3
