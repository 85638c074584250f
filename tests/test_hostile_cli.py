"""Hostile and faulty command lines: one clear line, exit 2, no traceback, no hang, nothing lost.

Each case in :data:`CASES` is a command line a careless or adversarial user might type, with
the fragment its last line of stderr must hold, like the ``tests/bad_inputs/`` corpus. Every
case runs in its own process with a time limit, so a command that blocks (on a named pipe,
say) fails the test instead of hanging the suite, and every case must leave the files it was
pointed at, and the shipped ``defs``, exactly as they were.

The commands run against a copy of the package and its data (the ``sandbox`` fixture): a
regression here deletes collections or replaces files, and it must do so in a copy, never in
the checkout. For the same reason the device case goes through a link to ``/dev/null``: a
broken guard replaces the link, not the machine's device.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import openviz
from openviz._paths import defs_dir

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TIMEOUT = 90  # seconds; a refused command takes about two

# (case, argv, fragment of the last stderr line). In argv, {tmp} is the hostile folder built
# by the `hostile` fixture, {defs} the shipped data and {fixtures} tests/fixtures.
CASES = [
    # A named pipe where a YAML file should be: reading it would block forever.
    ("validate-fifo", ["validate", "{tmp}/pipe.yaml"], "not a regular file but a named pipe"),
    ("add-fifo", ["list", "models", "--add", "{tmp}/pipe.yaml"], "but a named pipe (FIFO)"),
    ("add-folder-with-fifo", ["list", "models", "--add", "{tmp}/pipes"], "but a named pipe"),
    ("validate-folder-with-fifo", ["validate", "{tmp}/pipes"], "not a regular file"),
    ("import-source-of-fifos", ["import", "mot", "{tmp}/pipes"], "holds no mot records"),
    ("import-source-is-fifo", ["import", "mot", "{tmp}/pipe.yaml"], "is not a folder"),
    # Symbolic links that lead back to themselves.
    ("catalog-is-fifo", ["list", "models", "--catalog", "{tmp}/pipe.yaml"], "not a folder"),
    ("catalog-link-loop", ["list", "models", "--catalog", "{tmp}/loop"], "symbolic link loop"),
    ("add-link-loop", ["list", "models", "--add", "{tmp}/loop.yaml"], "symbolic link loop"),
    ("validate-link-loop", ["validate", "{tmp}/loop.yaml"], "symbolic link loop"),
    # Targets --force must never replace.
    (
        "export-out-is-folder",
        ["export", "verdict-matrix", "--out", "{tmp}/folder.svg", "--force"],
        "folder.svg is a folder; give a file name",
    ),
    (
        "export-out-is-fifo",
        ["export", "verdict-matrix", "--out", "{tmp}/pipe.svg", "--force"],
        "is a named pipe (FIFO), not a regular file",
    ),
    (
        "export-out-is-char-device",
        ["export", "verdict-matrix", "--format", "svg", "--out", "{tmp}/null.svg", "--force"],
        "null.svg is a character device, not a regular file",
    ),
    (
        "export-into-shipped-defs",
        ["export", "verdict-matrix", "--out", "{defs}/figure.svg"],
        "is inside openviz's shipped data",
    ),
    (
        "export-over-shipped-file",
        [
            "export",
            "verdict-matrix",
            "--format",
            "csv",
            "--out",
            "{defs}/components.yaml",
            "--force",
        ],
        "is inside openviz's shipped data",
    ),
    (
        "export-all-one-target-is-folder",
        ["export", "all", "--format", "svg,csv", "--out", "{tmp}/gallery", "--force"],
        "spectrum.svg is a folder; give a file name to write; nothing was written",
    ),
    (
        "export-all-out-is-file",
        ["export", "all", "--out", "{tmp}/note.txt"],
        "note.txt is not a folder",
    ),
    (
        "export-all-into-shipped-defs",
        ["export", "all", "--format", "csv", "--out", "{defs}/figures"],
        "is inside openviz's shipped data",
    ),
    # Options the renderer cannot draw, or that a chart does not take.
    (
        "family-on-consensus",
        ["export", "consensus", "--family", "llama", "--out", "{tmp}/c.svg"],
        "--family applies to the family-trajectory chart, not consensus",
    ),
    (
        "scale-nan",
        ["export", "verdict-matrix", "--out", "{tmp}/m.png", "--scale", "nan"],
        "scale must be a number from 0.1 to 10, not nan",
    ),
    (
        "scale-tiny",
        ["export", "verdict-matrix", "--out", "{tmp}/m.png", "--scale", "1e-300"],
        "scale must be a number from 0.1 to 10",
    ),
    (
        "scale-infinite",
        ["export", "verdict-matrix", "--out", "{tmp}/m.pdf", "--scale", "inf"],
        "scale must be a number from 0.1 to 10",
    ),
    (
        "export-all-scale-nan",
        ["export", "all", "--out", "{tmp}/figs", "--scale", "nan"],
        "scale must be a number from 0.1 to 10",
    ),
    (
        "width-zero",
        ["export", "verdict-matrix", "--out", "{tmp}/m.svg", "--width", "0"],
        "width must be between 200 and 4000 pixels, not 0",
    ),
    (
        "width-negative",
        ["export", "verdict-matrix", "--out", "{tmp}/m.svg", "--width", "-640"],
        "width must be between 200 and 4000 pixels",
    ),
    # Imports that would delete records or write where they must not.
    (
        "import-empty-source-over-shipped-collection",
        ["import", "mot", "{tmp}/empty", "--out", "{defs}/models/imported/mot", "--replace"],
        "holds no mot records (0 warnings); nothing was written or deleted",
    ),
    (
        "import-missing-source-over-shipped-collection",
        ["import", "mot", "{tmp}/nowhere", "--out", "{defs}/models/imported/mot", "--replace"],
        "nowhere does not exist; give the mot data folder",
    ),
    (
        "import-into-shipped-models",
        ["import", "mot", "{fixtures}/mot/models", "--out", "{defs}/models"],
        "is inside openviz's shipped data",
    ),
    (
        "import-into-other-shipped-collection",
        ["import", "mot", "{fixtures}/mot/models", "--out", "{defs}/models/imported/osai-index"],
        "is inside openviz's shipped data",
    ),
    (
        "import-out-has-folder-named-like-record",
        ["import", "mot", "{fixtures}/mot/models", "--out", "{tmp}/taken-by-folder"],
        "mot-olmo-7b.yaml is a folder the mot import did not write",
    ),
    (
        "import-out-has-hand-written-namesake",
        ["import", "mot", "{fixtures}/mot/models", "--out", "{tmp}/taken-by-hand"],
        "mot-olmo-7b.yaml is a file the mot import did not write",
    ),
    (
        "import-again-without-replace",
        ["import", "mot", "{fixtures}/mot/models", "--out", "{tmp}/imported"],
        "already holds 1 mot record; pass replace=True (openviz import --replace)",
    ),
    (
        "import-out-is-file",
        ["import", "mot", "{fixtures}/mot/models", "--out", "{tmp}/note.txt"],
        "note.txt is not a folder",
    ),
]

MOT_RECORD = "id: mot-old\nname: Old\norigin:\n  source: mot\n  file: models/Old.yml\n"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A folder of things a command line should never trip over."""
    tmp = tmp_path_factory.mktemp("hostile")
    os.mkfifo(tmp / "pipe.yaml")
    os.mkfifo(tmp / "pipe.svg")
    (tmp / "pipes").mkdir()
    os.mkfifo(tmp / "pipes" / "model.yaml")
    os.symlink("loop.yaml", tmp / "loop.yaml")
    os.symlink(os.devnull, tmp / "null.svg")
    os.symlink("loop", tmp / "loop")
    (tmp / "folder.svg").mkdir()
    (tmp / "gallery").mkdir()
    (tmp / "gallery" / "verdict-matrix.svg").write_text("<svg>old</svg>")
    (tmp / "gallery" / "spectrum.svg").mkdir()
    (tmp / "note.txt").write_text("a note, not a folder\n")
    (tmp / "empty").mkdir()
    (tmp / "taken-by-folder" / "mot-olmo-7b.yaml").mkdir(parents=True)
    (tmp / "taken-by-hand").mkdir()
    (tmp / "taken-by-hand" / "mot-olmo-7b.yaml").write_text("id: mot-olmo-7b\n# mine\n")
    (tmp / "imported").mkdir()
    (tmp / "imported" / "mot-old.yaml").write_text(MOT_RECORD)
    return tmp


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Path:
    """A copy of the openviz package and its shipped data, for the commands to run from."""
    root = tmp_path_factory.mktemp("sandbox")
    package = Path(openviz.__file__).resolve().parent
    shutil.copytree(package, root / "openviz", ignore=shutil.ignore_patterns("__pycache__"))
    if not (root / "openviz" / "_defs").is_dir():
        shutil.copytree(defs_dir(), root / "defs")
    return root


def shipped(sandbox: Path) -> Path:
    """The sandbox's shipped data folder (``openviz/_defs`` in a wheel, else ``defs``)."""
    inside = sandbox / "openviz" / "_defs"
    return inside if inside.is_dir() else sandbox / "defs"


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry below ``folder``: its type, size and modification time."""
    out = {}
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(base) / name
            st = os.lstat(path)
            size = st.st_size if stat.S_ISREG(st.st_mode) else 0
            out[str(path.relative_to(folder))] = (stat.S_IFMT(st.st_mode), size, st.st_mtime_ns)
    return out


def openviz_cli(sandbox: Path, *argv: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(sandbox)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "openviz.cli", *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=sandbox,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"openviz {' '.join(argv)} hung for {timeout} s")


@pytest.mark.parametrize(("case", "argv", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_hostile_command_gives_one_line_and_changes_nothing(case, argv, fragment, hostile, sandbox):
    defs = shipped(sandbox)
    places = {"tmp": str(hostile), "defs": str(defs), "fixtures": str(FIXTURES)}
    argv = [a.format(**places) for a in argv]
    before, data = snapshot(hostile), snapshot(defs)
    result = openviz_cli(sandbox, *argv)
    err = result.stderr
    assert result.returncode == 2, (result.returncode, err)
    assert "Traceback" not in err and "internal error" not in err and "panicked" not in err
    last = [line for line in err.splitlines() if line.strip()][-1]
    assert fragment in last, err
    assert snapshot(hostile) == before, "a refused command changed files"
    assert snapshot(defs) == data, "a refused command changed the shipped data"


# -- import keeps what it did not write ----------------------------------------------------
def test_import_replace_deletes_only_its_own_stale_records(tmp_path, sandbox):
    source = tmp_path / "source" / "models"
    source.mkdir(parents=True)
    for name in ("OLMo-7B.yml", "Falcon-40B.yml"):
        (source / name).write_bytes((FIXTURES / "mot" / "models" / name).read_bytes())
    out = tmp_path / "out"
    assert openviz_cli(sandbox, "import", "mot", str(source), "--out", str(out)).returncode == 0
    mine = {
        "hand.yaml": "id: hand\norigin:\n  source: my-notes\n",
        "loose.yaml": "id: loose\n# origin:\n\norigin:\n  note: kept by hand\n",
        "readme.txt": "my notes\n",
    }
    for name, text in mine.items():
        (out / name).write_text(text)
    os.mkfifo(out / "pipe.yaml")
    (out / "x.yaml").mkdir()  # a folder with a record's suffix is not a record
    (out / "drafts").mkdir()
    (out / "drafts" / "x.yaml").write_text("id: x\norigin:\n  source: mot\n")
    # The source loses a release: its record goes, and only it.
    (source / "Falcon-40B.yml").unlink()
    result = openviz_cli(sandbox, "import", "mot", str(source), "--out", str(out), "--replace")
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert names == {"mot-olmo-7b.yaml", *mine, "pipe.yaml", "x.yaml", "drafts"}
    for name, text in mine.items():
        assert (out / name).read_text() == text
    assert stat.S_ISFIFO(os.lstat(out / "pipe.yaml").st_mode)
    assert (out / "drafts" / "x.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_import_of_an_empty_source_keeps_the_collection(tmp_path, sandbox):
    out = tmp_path / "out"
    args = ("import", "mot", str(FIXTURES / "mot" / "models"), "--out", str(out))
    assert openviz_cli(sandbox, *args).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (tmp_path / "empty").mkdir()
    result = openviz_cli(
        sandbox, "import", "mot", str(tmp_path / "empty"), "--out", str(out), "--replace"
    )
    assert result.returncode == 2
    assert "nothing was written or deleted" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# -- writes that fail or are stopped -------------------------------------------------------
def test_read_only_folder_gives_one_line(tmp_path, monkeypatch, capsys):
    import tempfile

    from openviz.cli import main

    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:
        # root writes through permissions: make the folder refuse as it would anyone else.
        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied", str(folder))

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    try:
        code = main(["export", "verdict-matrix", "--format", "csv", "--out", str(folder / "m.csv")])
    finally:
        folder.chmod(0o755)
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"openviz: error: cannot write {folder / 'm.csv'}: permission denied"
    assert list(folder.iterdir()) == []


def test_terminated_export_leaves_no_temporary_file(tmp_path, sandbox):
    out = tmp_path / "m.csv"
    # The child stalls inside the write, after the temporary file is made; then it is killed.
    child = (
        "import os, sys, time\n"
        "from openviz import _files, cli\n"
        "def stall(fd):\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(120)\n"
        "_files.os.fsync = stall\n"
        "argv = ['export', 'verdict-matrix', '--format', 'csv', '--out', sys.argv[1]]\n"
        "sys.exit(cli.main(argv))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(sandbox)}
    proc = subprocess.Popen(
        [sys.executable, "-c", child, str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=sandbox,
    )
    try:
        assert proc.stdout.readline().strip() == "writing"
        parts = [p.name for p in tmp_path.iterdir()]
        assert len(parts) == 1 and parts[0].startswith(".m.csv.openviz-"), parts
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = proc.stderr.read()
    assert code == 130 and "Traceback" not in err and "interrupted" in err
    assert list(tmp_path.iterdir()) == []


def test_stale_temporary_files_of_a_killed_run_are_swept_by_the_next_write(tmp_path):
    from openviz._files import STALE_AFTER, write_atomic

    old = time.time() - STALE_AFTER - 60
    stale = tmp_path / ".m.svg.openviz-abcd1234.part"  # a kill -9 during an earlier export
    fresh = tmp_path / ".m.png.openviz-efgh5678.part"  # another export, writing right now
    theirs = tmp_path / ".notes.part"  # not ours, however old
    for path in (stale, fresh, theirs):
        path.write_text("half")
    os.utime(stale, (old, old))
    os.utime(theirs, (old, old))
    write_atomic(tmp_path / "m.csv", "model\n")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([fresh.name, theirs.name, "m.csv"])
