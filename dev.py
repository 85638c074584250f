#!/usr/bin/env python3
"""Developer commands for openviz (standard library only).

    python3 dev.py lab [ARGS...]        set up .venv, open notebooks/explore.ipynb in JupyterLab
    python3 dev.py test [PYTEST ARGS]   set up .venv, chromium, ruff, then the full pytest suite
    python3 dev.py classroom [--lang zh] [--max-kernels N] [ARGS...]
                                        serve the lesson notebooks/classroom.ipynb (with
                                        --lang zh: classroom-zh.ipynb) with Voila on port 8866;
                                        at most N kernels (default 10), idle ones of closed
                                        pages culled within two minutes
    python3 dev.py bench [--quick]      run the benchmarks (python -m benchmarks)
    python3 dev.py lock [--upgrade]     re-resolve requirements.lock from pyproject.toml
    python3 dev.py latest [PYTEST ARGS] run the tests against the newest allowed versions
                                        (in .venv-latest); warns, never fails

Set-up installs exactly the versions in requirements.lock (with their hashes), so every
fresh machine gets the environment CI tested. It is idempotent: the install step is
skipped while pyproject.toml and requirements.lock are unchanged (their hash is kept in
.venv/.openviz-installed).
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if WINDOWS else "bin")
EXE = ".exe" if WINDOWS else ""
PY = BIN / f"python{EXE}"
UV = BIN / f"uv{EXE}"
MARKER = VENV / ".openviz-installed"
LOCK = ROOT / "requirements.lock"
# uv resolves and installs; pinned so that the lock is read the same way everywhere.
UV_VERSION = "0.13.9"
LATEST_VENV = ROOT / ".venv-latest"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_PACKAGES = ["chromium", "fonts-noto-cjk"]
LINT_PATHS = ["openviz", "tests", "benchmarks", "scripts", "dev.py"]
CLASSROOM_PORT = 8866
# Project-local Jupyter settings (jupyter-settings/README.md): nothing written to the home.
JUPYTER_DIR = ROOT / "jupyter-settings"
EXPLORE = "notebooks/explore.ipynb"
# A page's kernel is culled this long after its page closed (or never opened, as with curl);
# the culler looks this often, so a closed page's kernel is gone within two minutes.
CULL_IDLE = 90
CULL_INTERVAL = 15
# Most classroom kernels at once (~185 MB each): at the cap the oldest kernels of closed
# pages go first; only when every kernel has an open page is a new page refused.
MAX_KERNELS = 10
# The lesson in each language (both generated from notebooks/classroom.yaml).
CLASSROOM_NOTEBOOKS = {"en": "classroom.ipynb", "zh": "classroom-zh.ipynb"}

USAGE = __doc__.split("\n\n")[1]
_timings: list[tuple[str, float]] = []


class StepFailed(Exception):
    """A step's command failed; carries its exit code."""

    def __init__(self, what: str, code: int) -> None:
        super().__init__(f"{what} failed (exit {code})")
        self.code = code or 1


def step(message: str) -> None:
    print(f"[dev.py] {message}", flush=True)


def show(cmd: list[str | Path]) -> str:
    """A command as a short shell line, paths relative to the repository."""
    parts = []
    for part in cmd:
        text = str(part)
        if isinstance(part, Path) and part.is_relative_to(ROOT):
            text = str(part.relative_to(ROOT))
        parts.append(text)
    return shlex.join(parts)


def run(cmd: list[str | Path], *, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def check(what: str, cmd: list[str | Path], *, env: dict[str, str] | None = None) -> None:
    code = run(cmd, env=env)
    if code != 0:
        raise StepFailed(what, code)


def check_quietly(what: str, cmd: list[str], *, env: dict[str, str] | None = None) -> None:
    """Run a chatty command; show its output only if it fails."""
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = (done.stdout + done.stderr).splitlines()
        print("\n".join(lines[-40:]), file=sys.stderr)
        raise StepFailed(what, done.returncode)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def hand_over(cmd: list[str | Path], env: dict[str, str] | None = None) -> int:
    """Run a long-lived program (a server) in the foreground; Ctrl-C goes to it alone."""
    args = [str(c) for c in cmd]
    env = env or dict(os.environ)
    os.chdir(ROOT)
    if not WINDOWS:
        os.execve(args[0], args, env)  # does not return
    try:
        return subprocess.call(args, env=env)
    except KeyboardInterrupt:
        return 130


# ------------------------------------------------------------------ set-up


def install_key() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(LOCK.read_bytes() if LOCK.exists() else b"no lock")
    digest.update(UV_VERSION.encode())
    digest.update(str(ROOT).encode())  # a venv moved or copied elsewhere is stale
    return digest.hexdigest()


def venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if WINDOWS else "bin") / f"{name}{EXE}"


def ensure_venv(venv: Path = VENV) -> None:
    if venv_bin(venv, "python").exists():
        return
    step(f"create {venv.name} ({Path(sys.executable).name} -m venv)")
    cmd: list[str | Path] = [sys.executable, "-m", "venv", venv]
    if venv.exists():
        cmd.insert(3, "--clear")  # a broken leftover
    try:
        check("python -m venv", cmd)
    except StepFailed:
        step(f"could not create {venv.name}: on Debian/Ubuntu install python3-venv first")
        raise


def ensure_uv(venv: Path = VENV) -> Path:
    """Install the pinned uv into a venv (again if another version is there)."""
    uv = venv_bin(venv, "uv")
    if uv.exists():
        done = subprocess.run([str(uv), "--version"], capture_output=True, text=True, check=False)
        if done.stdout.split()[1:2] == [UV_VERSION]:
            return uv
    python = venv_bin(venv, "python")
    cmd = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    cmd.append(f"uv=={UV_VERSION}")
    step(f"install uv into {venv.name}: {show(cmd)}")
    check("pip install uv", cmd)
    return uv


def ensure_installed() -> None:
    started = time.perf_counter()
    if not LOCK.exists():
        step(f"{LOCK.name} is missing: run `python3 dev.py lock` to create it")
        what = "set-up"
        raise StepFailed(what, 2)
    ensure_venv()
    key = install_key()
    if UV.exists() and MARKER.exists() and MARKER.read_text().strip() == key:
        step(f"install: up to date (pyproject.toml and {LOCK.name} unchanged), skipped")
        return
    ensure_uv()
    MARKER.unlink(missing_ok=True)
    # sync, not install: the venv ends up with exactly the locked set, hashes checked.
    cmd = [UV, "pip", "sync", "--quiet", "--python", PY, "--compile-bytecode"]
    cmd += ["--require-hashes", LOCK.name]
    step(f"install the locked environment: {show(cmd)}")
    check("uv pip sync", cmd)
    # The lock holds hatchling, so the editable build needs nothing unlocked either.
    cmd = [UV, "pip", "install", "--quiet", "--python", PY, "--compile-bytecode"]
    cmd += ["--no-deps", "--no-build-isolation", "-e", "."]
    step(f"install openviz (editable): {show(cmd)}")
    check("uv pip install", cmd)
    MARKER.write_text(key + "\n")
    _timings.append(("install", time.perf_counter() - started))


def ensure_chromium() -> None:
    """Debian's chromium for the browser tests (Playwright uses it via executable_path)."""
    if CHROMIUM.exists():
        step(f"chromium: found {CHROMIUM}")
        return
    how = f"apt-get install -y --no-install-recommends {' '.join(CHROMIUM_PACKAGES)}"
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        step(
            f"chromium: {CHROMIUM} not found; the browser tests (-m browser) need Debian's "
            "chromium there and will fail without it (deselect them with -m 'not browser')"
        )
        return
    if not is_root():
        step(
            f"chromium: {CHROMIUM} not found; the browser tests (-m browser) need it: run "
            f"`sudo apt-get update && sudo {how}`, or deselect them with -m 'not browser'"
        )
        return
    started = time.perf_counter()
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        step("chromium: not found, apt-get update")
        check_quietly("apt-get update", ["apt-get", "update"], env=env)
        step(f"chromium: {how}")
        check_quietly(
            "apt-get install",
            ["apt-get", "install", "-y", "--no-install-recommends", *CHROMIUM_PACKAGES],
            env=env,
        )
    except StepFailed as failure:
        step(f"chromium: {failure}; the browser tests will fail without it")
    _timings.append(("chromium", time.perf_counter() - started))


# ------------------------------------------------------------------ commands


def jupyter_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for the servers: the project's Jupyter settings searched first."""
    env = dict(os.environ if base is None else base)
    for var, sub in (("JUPYTER_CONFIG_PATH", "config"), ("JUPYTER_PATH", "data")):
        env[var] = os.pathsep.join(p for p in (str(JUPYTER_DIR / sub), env.get(var, "")) if p)
    return env


def lab_command(args: list[str], python: Path = PY) -> list[str | Path]:
    """JupyterLab on the repository, its URL opening explore.ipynb (not the Launcher)."""
    cmd: list[str | Path] = [python, "-m", "jupyter", "lab"]
    if not any(a.startswith(("--ServerApp.root_dir=", "--notebook-dir=")) for a in args):
        cmd.append(f"--ServerApp.root_dir={ROOT}")
    if (ROOT / EXPLORE).exists():
        # The printed URL (and the browser tab) is the default URL: the notebook itself.
        cmd.append(f"--LabApp.default_url=/lab/tree/{EXPLORE}")
    else:
        step(f"{EXPLORE} not found yet: opening JupyterLab on the repository")
    if is_root() and "--allow-root" not in args:
        cmd.append("--allow-root")
    return cmd + args


def cmd_lab(args: list[str]) -> int:
    ensure_installed()
    cmd = lab_command(args)
    step(f"start JupyterLab: {show(cmd)}")
    return hand_over(cmd, jupyter_env())


def cmd_test(args: list[str]) -> int:
    ensure_installed()
    ensure_chromium()

    started = time.perf_counter()
    paths = [p for p in LINT_PATHS if (ROOT / p).exists()]
    lint_failed = False
    for sub in (["check"], ["format", "--check"]):
        cmd = [PY, "-m", "ruff", *sub, *paths]
        step(f"lint: {show(cmd)}")
        lint_failed |= run(cmd) != 0
    _timings.append(("ruff", time.perf_counter() - started))

    started = time.perf_counter()
    cmd = [PY, "-m", "pytest", *args]
    step(f"test: {show(cmd)}")
    code = run(cmd)
    _timings.append(("pytest", time.perf_counter() - started))
    if code == 5:
        step("pytest collected no tests: that counts as a failure")
    elif code != 0:
        step(f"pytest failed (exit {code})")
    if code == 0 and lint_failed:
        step("ruff found problems (see above): failing")
        code = 1
    return code


def take_option(args: list[str], name: str, default: str) -> tuple[str, list[str]]:
    """Remove ``NAME VALUE`` or ``NAME=VALUE`` from ``args``; return the value and the rest."""
    value, rest = default, []
    items = iter(args)
    for arg in items:
        if arg == name:
            value = next(items, "")
        elif arg.startswith(name + "="):
            value = arg.partition("=")[2]
        else:
            rest.append(arg)
    return value, rest


def classroom_command(
    notebook: str, args: list[str], python: Path = PY, max_kernels: int = MAX_KERNELS
) -> list[str | Path]:
    """Voila serving one notebook: idle kernels culled, a cap on kernels, no CDN."""
    cmd: list[str | Path] = [
        python,
        "-m",
        "voila",
        notebook,
        "--template=openviz",  # jupyter-settings/data/voila/templates/openviz: no CDN
        "--VoilaConfiguration.multi_kernel_manager_class="
        "openviz.classroom_server.ClassroomKernelManager",
        f"--ClassroomKernelManager.max_kernels={max_kernels}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL}",
        # A page left open keeps its kernel; a closed one (or a curl) loses it.
        "--MappingKernelManager.cull_connected=False",
        "--MappingKernelManager.cull_busy=False",
    ]
    if not any(a == "--port" or a.startswith("--port=") for a in args):
        cmd.append(f"--port={CLASSROOM_PORT}")
    return cmd + args


def cmd_classroom(args: list[str]) -> int:
    lang, args = take_option(args, "--lang", "en")
    if lang not in CLASSROOM_NOTEBOOKS:
        step(f"--lang {lang!r}: the lesson exists in {', '.join(CLASSROOM_NOTEBOOKS)}")
        return 2
    limit, args = take_option(args, "--max-kernels", str(MAX_KERNELS))
    if not limit.isdigit():
        step(f"--max-kernels {limit!r}: give a whole number (0 for no limit)")
        return 2
    ensure_installed()
    notebook = ROOT / "notebooks" / CLASSROOM_NOTEBOOKS[lang]
    if not notebook.exists():
        step(f"notebooks/{notebook.name} does not exist yet")
        return 1
    cmd = classroom_command(notebook.relative_to(ROOT).as_posix(), args, max_kernels=int(limit))
    step(f"serve the classroom notebook: {show(cmd)}")
    return hand_over(cmd, jupyter_env())


def cmd_bench(args: list[str]) -> int:
    ensure_installed()
    if not (ROOT / "benchmarks" / "__main__.py").exists():
        step("benchmarks/__main__.py does not exist yet")
        return 1
    started = time.perf_counter()
    cmd = [PY, "-m", "benchmarks", *args]
    step(f"benchmarks: {show(cmd)}")
    code = run(cmd)
    _timings.append(("bench", time.perf_counter() - started))
    return code


def compile_command(args: list[str]) -> list[str | Path]:
    """The one way requirements.lock is made (see CONTRIBUTING, "Upgrading the lock")."""
    cmd: list[str | Path] = [UV, "pip", "compile", "pyproject.toml", "--extra", "test"]
    # One lock for every platform and every supported Python, with hashes.
    cmd += ["--universal", "--python-version", "3.11", "--generate-hashes"]
    cmd += ["--custom-compile-command", "python3 dev.py lock", "--quiet", "-o", LOCK.name]
    return cmd + args


def cmd_lock(args: list[str]) -> int:
    ensure_venv()
    ensure_uv()
    # Without --upgrade, uv keeps every pin the old lock has that still fits pyproject.toml.
    cmd = compile_command(args)
    step(f"lock: {show(cmd)}")
    check("uv pip compile", cmd)
    step(f"wrote {LOCK.name}; commit it together with pyproject.toml")
    return 0


def cmd_latest(args: list[str]) -> int:
    """Run the tests against the newest versions pyproject.toml allows; warn, never fail."""
    ensure_venv(LATEST_VENV)
    uv = ensure_uv(LATEST_VENV)
    python = venv_bin(LATEST_VENV, "python")
    cmd: list[str | Path] = [uv, "pip", "install", "--quiet", "--python", python]
    cmd += ["--compile-bytecode", "--upgrade", "-e", ".[test]"]
    step(f"latest: install the newest allowed versions: {show(cmd)}")
    if run(cmd) != 0:
        step("WARNING: the newest allowed versions could not be installed (see above)")
        return 0
    locked = _pins(LOCK.read_text(encoding="utf-8").splitlines())
    done = subprocess.run(
        [str(uv), "pip", "freeze", "--python", str(python)],
        capture_output=True,
        text=True,
        check=False,
    )
    moved = [
        f"{name} {'/'.join(sorted(locked[name]))} -> {'/'.join(versions)}"
        for name, versions in sorted(_pins(done.stdout.splitlines()).items())
        if name in locked and not versions & locked[name]
    ]
    step("latest: versions that differ from the lock: " + ("; ".join(moved) or "none"))
    cmd = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE", *args]
    step(f"latest: {show(cmd)}")
    code = run(cmd)
    if code == 0:
        step("latest: every test passes with the newest allowed versions too")
    else:
        step(
            f"WARNING: with the newest allowed versions pytest exits {code}; the failing "
            "cases are listed above. The locked set-up is unaffected; fix before the next "
            "`python3 dev.py lock --upgrade`."
        )
    return 0


def _pins(lines: list[str]) -> dict[str, set[str]]:
    """Package name -> versions, from `name==version` lines (a lock may pin one per platform)."""
    pins: dict[str, set[str]] = {}
    for line in lines:
        head = line.split(";")[0].split("\\")[0].strip()
        if "==" in head and not head.startswith(("#", "-")):
            name, version = head.split("==", 1)
            pins.setdefault(name.strip().lower().replace("_", "-"), set()).add(version.strip())
    return pins


COMMANDS = {
    "lab": cmd_lab,
    "test": cmd_test,
    "classroom": cmd_classroom,
    "bench": cmd_bench,
    "lock": cmd_lock,
    "latest": cmd_latest,
}


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        step(f"openviz needs Python 3.11 or newer; this is {sys.version.split()[0]}")
        return 2
    if not argv or argv[0] not in COMMANDS:
        print("usage:\n" + USAGE)
        return 0 if argv and argv[0] in ("-h", "--help", "help") else 2
    started = time.perf_counter()
    try:
        code = COMMANDS[argv[0]](argv[1:])
    except StepFailed as failure:
        step(str(failure))
        code = failure.code
    except KeyboardInterrupt:
        step("interrupted")
        code = 130
    spent = ", ".join(f"{name} {secs:.1f} s" for name, secs in _timings)
    step(
        f"{argv[0]}: exit {code} after {time.perf_counter() - started:.1f} s"
        + (f" ({spent})" if spent else "")
    )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
