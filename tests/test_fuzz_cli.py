"""Random command lines and random files for every ``openviz`` command: exit 0 or 2, no traceback.

Hypothesis draws a command from the CLI's own parser, then options from that command's own
parser (so an option added to :mod:`openviz.cli` is fuzzed without touching this file), and
values from a mix of valid ids (definitions, models, charts, requirements, levels, families
from the shipped catalogue), near-misses of them, hostile strings (control characters, very
long, unicode, ``nan``, negative numbers, ``..``, absolute paths) and random files written
into the example's own folder: copies and mutations of real data files, the bad-input corpus,
garbage bytes, empty files, files over the size limit, wrong extensions.

Each command runs in-process through :func:`openviz.cli.main` (fast), from a fresh folder, with
every output path (``--out``) inside that folder. It must end in exit 0 or 2 (argparse's own
exits included), print neither a traceback nor "internal error", finish within the example
deadline, and write nothing outside its folder: an audit hook records every file the command
opens for writing, renames, removes or creates, and the shipped ``defs`` folder must be
unchanged afterwards. A few hostile command lines also run in a subprocess with a time limit,
so that a hang (on standard input, say) fails instead of stalling the suite.

About 105 examples in all, under a minute on two idle cores. Set ``CI`` in the environment
to make the examples the same on every run, and ``OPENVIZ_FUZZ_CLI_SCALE=10`` for ten times
as many (a long run by hand). A failure prints the command line, its exit code and stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import io
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import openviz
from openviz import cli
from openviz._paths import defs_dir
from openviz.export import CHART_NAMES

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
MINI = FIXTURES / "mini"
CORPUS = TESTS / "bad_inputs"
DEFS = defs_dir()

#: Examples per test; ``OPENVIZ_FUZZ_CLI_SCALE=10`` runs ten times as many (a long run by hand).
SCALE = float(os.environ.get("OPENVIZ_FUZZ_CLI_SCALE", "1"))
SETTINGS = settings(
    # Generous: the slowest legitimate commands (a PNG export, `unknowns --collection all`,
    # a catalogue with --add) take several seconds on a busy machine. A hang is stopped by
    # an alarm (HANG_SECONDS) and by the subprocess tests below.
    deadline=20_000,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


# -- what the parser offers ------------------------------------------------------------------
@cache
def commands() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand of ``openviz`` and its own parser, read from the parser itself."""
    parser = cli._parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    msg = "openviz's parser has no subcommands"
    raise AssertionError(msg)


def positionals(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not a.option_strings]


def optionals(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        a for a in parser._actions if a.option_strings and not isinstance(a, argparse._HelpAction)
    ]


# -- values ----------------------------------------------------------------------------------
@cache
def catalogue() -> openviz.Catalog:
    return openviz.load_catalog()


@cache
def ids() -> dict[str, tuple[str, ...]]:
    cat = catalogue()
    curated = [r.id for r in cat.releases.values() if not r.id.startswith(("mot-", "osai-"))]
    requirements = sorted({n.id for d in cat.definitions.values() for n in d.walk() if n.id})
    return {
        "definition": tuple(sorted(cat.definitions)),
        "model": tuple(sorted(curated)) + tuple(sorted(cat.releases))[:40],
        "requirement": tuple(requirements),
        "level": tuple(lv.id for d in cat.definitions.values() for lv in d.levels),
        "family": tuple(sorted({r.family for r in cat.releases.values() if r.family}))[:60],
        "chart": CHART_NAMES,
    }


HOSTILE = (
    "",
    " ",
    "-",
    "--",
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "-0",
    "0",
    "1e-300",
    "99999999999999999999",
    "0x10",
    "..",
    "../..",
    ".",
    "/",
    "/etc/passwd",
    "/dev/null",
    "/dev/zero",
    "/dev/stdin",
    "/proc/self/status",
    "~",
    "$HOME",
    "*",
    "a=b",
    "=",
    ":",
    "::=",
    "x" * 5000,
    "é" * 300,
    "模型",
    "\u202egnp.exe",
    "\ufeffosaid-1.0",
    "osaid-1.0\x00",
    "\x1b[31mred\x1b[0m",
    "line\nbreak",
    "tab\there",
    "\r",
    "\x7f",
    "\udcff",
    "null",
    "~/.ssh",
    "{}",
    "[]",
    "'",
    '"',
    "%s%n",
)

near_miss = st.builds(
    lambda word, how: {
        "upper": word.upper(),
        "space": f" {word} ",
        "cut": word[:-1],
        "more": word + "x",
        "yaml": word + ".yaml",
        "dots": word.replace("-", "."),
        "under": word.replace("-", "_"),
    }[how],
    st.sampled_from(("osaid-1.0", "mof", "olmo-7b", "llama-3-8b", "verdict-matrix", "weights")),
    st.sampled_from(("upper", "space", "cut", "more", "yaml", "dots", "under")),
)
hostile = st.sampled_from(HOSTILE) | st.text(max_size=40)


def mostly(valid: st.SearchStrategy[str], tenths: int = 8) -> st.SearchStrategy[str]:
    """``valid`` about ``tenths`` times in ten, else a near-miss or a hostile string.

    Most values are valid so that most commands get past argument checks and run; with five
    options, each one hostile half the time, hardly any command would.
    """
    return st.integers(0, 9).flatmap(lambda k: valid if k < tenths else near_miss | hostile)


def rarely(n: int) -> st.SearchStrategy[bool]:
    """True about once in ``n`` (False is what hypothesis simplifies towards)."""
    # Not the first or last choice: hypothesis draws the ends of a range more often.
    return st.integers(0, n - 1).map(lambda k: k == n // 2)


def id_values(kind: str) -> st.SearchStrategy[str]:
    """Mostly real ids of ``kind``, sometimes one that is nearly right, sometimes a hostile one."""
    return mostly(st.sampled_from(ids()[kind] or ("x",)))


@cache
def seed_texts() -> tuple[bytes, ...]:
    """Real data files to copy and mutate: shipped, mini, imported sources, the bad corpus."""
    rng = random.Random(18)
    shipped = sorted((DEFS / "definitions").glob("*.yaml")) + sorted((DEFS / "models").glob("*"))
    shipped = [p for p in shipped if p.is_file()]
    picks = [*rng.sample(shipped, 12), DEFS / "components.yaml", DEFS / "licenses.yaml"]
    picks += sorted(MINI.rglob("*.yaml"))
    picks += sorted((FIXTURES / "mot" / "models").glob("*.yml"))[:3]
    picks += sorted((FIXTURES / "osai-index").glob("*.yaml"))[:2]
    picks += rng.sample(sorted(CORPUS.glob("*.yaml")), 20)
    return tuple(p.read_bytes() for p in picks)


@st.composite
def file_bytes(draw) -> bytes:
    """The contents of a random file: valid-ish YAML, mutated YAML, garbage, empty or huge."""
    kind = draw(
        st.sampled_from(("seed", "seed", "mutated", "mutated", "garbage", "empty", "huge", "big"))
    )
    if kind == "empty":
        return b""
    if kind == "garbage":
        return draw(st.binary(max_size=400))
    seed = draw(st.sampled_from(seed_texts()))
    if kind == "seed":
        return seed
    if kind == "huge":  # over the reader's size limit
        return seed * (1_100_000 // max(len(seed), 1) + 1)
    if kind == "big":  # under it, but long
        return seed + b"\n# filler\n" * draw(st.integers(1000, 20_000))
    return mutate(draw, seed)


def mutate(draw, seed: bytes) -> bytes:
    """Drop, repeat, insert, cut or indent a few lines of ``seed``."""
    lines = seed.splitlines(keepends=True) or [b""]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines)))
        how = draw(
            st.sampled_from(("drop", "dup", "insert", "truncate", "indent", "value", "value"))
        )
        if how == "drop" and lines:
            del lines[min(at, len(lines) - 1)]
        elif how == "dup" and lines:
            lines.insert(at, lines[min(at, len(lines) - 1)])
        elif how == "insert":
            token = draw(
                st.sampled_from(
                    (b"id: x\n", b"- ", b": :\n", b"&a [*a]\n", b"!!python/object:os.system\n")
                )
                | st.binary(max_size=20)
            )
            lines.insert(at, token)
        elif how == "truncate":
            lines = lines[: max(at, 1)]
        elif how == "value" and lines:
            # A field keeps its key but gets a value of another type or shape.
            k = min(at, len(lines) - 1)
            key, sep, _ = lines[k].partition(b": ")
            if sep:
                lines[k] = key + sep + draw(st.sampled_from(ODD_VALUES)) + b"\n"
        elif how == "indent" and lines:
            lines[min(at, len(lines) - 1)] = b"   " + lines[min(at, len(lines) - 1)]
    return b"".join(lines)


ODD_VALUES = (
    b".nan",
    b"-.inf",
    b"-1",
    b"0",
    b"1e999",
    b"99999999999999999999999",
    b"[]",
    b"{}",
    b"[a, [b, {c: d}]]",
    b"{x: 1}",
    b"null",
    b"~",
    b"''",
    b"true",
    b"no",
    b"2024-13-45",
    b"0000-00-00",
    b"9999-12-31",
    b"12:30:00",
    b"!!binary aGVsbG8=",
    b"!!set {a, b}",
    b"!!timestamp 2001-12-14t21:59:43.10-05:00",
    b"&x [*x]",
    b'"\\x00\\u202e"',
    b"javascript:alert(1)",
    b"http://",
    b"x" * 3000,
)

EXTENSIONS = (".yaml", ".yaml", ".yml", ".txt", ".json", ".svg", "", ".YAML", ".yaml.bak")


@st.composite
def input_path(draw, work: Path) -> str:
    """A path to read: a random file or folder made here, a real one, or a hostile string."""
    kind = draw(st.sampled_from(("file", "file", "file", "folder", "real", "missing", "hostile")))
    if kind == "hostile":
        return draw(hostile)
    if kind == "real":
        real = draw(
            st.sampled_from(
                (
                    DEFS,
                    DEFS / "definitions",
                    DEFS / "definitions" / "mof.yaml",
                    DEFS / "models" / "olmo-7b.yaml",
                    DEFS / "components.yaml",
                    MINI,
                    MINI / "models",
                    FIXTURES / "mot" / "models",
                    FIXTURES / "osai-index",
                    CORPUS,
                )
            )
        )
        return str(real)
    n = len(list(work.iterdir()))
    if kind == "missing":
        return str(work / f"missing-{n}{draw(st.sampled_from(EXTENSIONS))}")
    if kind == "folder":
        folder = work / f"folder-{n}"
        (folder / "models").mkdir(parents=True)
        for k in range(draw(st.integers(0, 3))):
            sub = draw(st.sampled_from(("", "models", "definitions")))
            (folder / sub).mkdir(exist_ok=True)
            (folder / sub / f"f{k}{draw(st.sampled_from(EXTENSIONS))}").write_bytes(
                draw(file_bytes())
            )
        if draw(st.booleans()):  # looks like a catalogue
            for name in ("components.yaml", "licenses.yaml"):
                (folder / name).write_bytes((MINI / name).read_bytes())
        return str(folder)
    path = work / f"file-{n}{draw(st.sampled_from(EXTENSIONS))}"
    path.write_bytes(draw(file_bytes()))
    return str(path) if draw(st.booleans()) else path.name  # the command runs in `work`


@st.composite
def catalog_path(draw, work: Path) -> str:
    """A catalogue folder: the shipped one, the mini one, a mini one with a random file, or not."""
    kind = draw(st.sampled_from(("shipped", "shipped", "mini", "mutated", "mutated", "other")))
    if kind == "shipped":
        return str(DEFS)
    if kind == "mini":
        return str(MINI)
    if kind == "other":
        return draw(input_path(work))
    folder = work / f"catalog-{len(list(work.iterdir()))}"
    shutil.copytree(MINI, folder)
    victim = draw(st.sampled_from(sorted(p for p in folder.rglob("*.yaml"))))
    victim.write_bytes(draw(file_bytes()))
    return str(folder)


@st.composite
def output_path(draw, work: Path) -> str:
    """A path to write, always inside ``work``: new, existing, a folder, odd names."""
    out = work / "out"
    kind = draw(
        st.sampled_from(
            ("new", "new", "new", "new", "existing", "folder", "nested", "odd", "relative")
        )
    )
    ext = draw(
        st.sampled_from((".svg", ".png", ".pdf", ".html", ".csv", ".json", ".txt", "", ".SVG"))
    )
    if kind == "existing":
        out.mkdir(exist_ok=True)
        (out / f"old{ext}").write_text("kept\n")
        return str(out / f"old{ext}")
    if kind == "folder":
        (out / "figures").mkdir(parents=True, exist_ok=True)
        return str(out / "figures")
    if kind == "nested":
        return str(out / "no" / "such" / f"chart{ext}")
    if kind == "odd":
        name = draw(st.sampled_from(("\x1b[2J", "é模型", " ", "x" * 300, "-", "a\nb", ".hidden")))
        return str(out / f"{name}{ext}")
    if kind == "relative":
        return f"chart{ext}"
    return str(out / f"chart{ext}")


def toggle_values() -> st.SearchStrategy[str]:
    values = st.sampled_from(("off", "on", "published", "licenses:osi,open-data", "licenses:"))
    requirement = st.sampled_from(ids()["requirement"])
    definition = st.sampled_from(ids()["definition"])
    return mostly(
        st.builds(lambda r, v: f"{r}={v}", requirement, values)
        | st.builds(lambda d, r, v: f"{d}:{r}={v}", definition, requirement, values)
    )


def definition_value(work: Path) -> st.SearchStrategy[str]:
    """A definition id mostly, else a random file in its place."""
    return st.integers(0, 3).flatmap(
        lambda k: input_path(work) if k == 0 else id_values("definition")
    )


def numbers(kind: type) -> st.SearchStrategy[str]:
    valid = st.integers(200, 1200).map(str) if kind is int else st.floats(0.5, 2).map(str)
    wild = st.integers(-(10**6), 10**6).map(str) | st.floats().map(str)
    return mostly(valid, 6) | wild


def export_formats(chart: str) -> st.SearchStrategy[str]:
    # The whole gallery as PNG and PDF takes fifteen seconds: cheap formats only for `all`.
    single = ("svg", "png", "pdf", "html", "csv", "json")
    cheap = ("svg", "csv", "json")
    pool = cheap if chart == "all" else single
    listed = st.lists(st.sampled_from((*pool, "gif", "SVG", "")), min_size=1, max_size=3)
    return mostly(st.sampled_from(pool) | listed.map(",".join))


def value(action: argparse.Action, command: str, work: Path, argv: list[str], draw) -> str:
    """Draw a value for one option or positional of ``command``."""
    dest = action.dest
    if command == "export" and dest == "format":
        chart = argv[1] if len(argv) > 1 else "all"
        return draw(export_formats(chart))
    if dest == "out":
        return draw(output_path(work))
    if action.choices:
        return draw(mostly(st.sampled_from(tuple(action.choices)), 9))
    if action.type in (int, float):
        return draw(numbers(action.type))
    by_dest = {
        "definition": lambda: draw(definition_value(work)),
        "a": lambda: draw(definition_value(work)),
        "b": lambda: draw(definition_value(work)),
        "model": lambda: draw(id_values("model")),
        "toggle": lambda: draw(toggle_values()),
        "family": lambda: draw(id_values("family")),
        "level": lambda: draw(id_values("level")),
        "collection": lambda: draw(
            mostly(st.sampled_from(("curated", "all", "mot", "osai-index")))
        ),
        "sort": lambda: draw(
            mostly(st.sampled_from(("id", "-id", "release_date", "-release_date", "name")))
        ),
        "catalog": lambda: draw(catalog_path(work)),
        "add": lambda: draw(input_path(work)),
        "definition_file": lambda: draw(input_path(work)),
        "paths": lambda: draw(input_path(work)),
        "path": lambda: draw(input_path(work)),
    }
    if dest in by_dest:
        return by_dest[dest]()
    # An option added later: a mix of everything.
    return draw(input_path(work) | id_values("definition") | id_values("model") | hostile)


@st.composite
def command_line(draw, work: Path) -> list[str]:
    """A random ``openviz`` command line built from the command's own parser."""
    name = draw(st.sampled_from(sorted(commands())))
    parser = commands()[name]
    argv = [name]
    for action in positionals(parser):
        if action.nargs in ("*", "+", "?"):
            count = draw(st.integers(0 if action.nargs != "+" else 1, 3))
        else:
            count = 0 if draw(rarely(30)) else 1  # now and then one is missing
        argv += [value(action, name, work, argv, draw) for _ in range(count)]
    groups = []
    chosen = draw(st.lists(st.sampled_from(optionals(parser)), max_size=5, unique_by=id))
    for action in chosen:
        repeat = draw(st.integers(1, 2)) if isinstance(action, argparse._AppendAction) else 1
        for _ in range(repeat):
            flag = draw(st.sampled_from(action.option_strings))
            if action.nargs == 0:
                groups.append([flag])
            else:
                groups.append([flag, value(action, name, work, argv, draw)])
    if draw(rarely(20)):  # an option or a word the command does not know
        groups.append([draw(st.sampled_from(("--nope", "-z", "extra", "--help", "--format=")))])
    for group in draw(st.permutations(groups)):
        argv += group
    # export requires --out; without it argparse refuses (also fine), but give it one
    # mostly, so that the command itself runs.
    if name == "export" and "--out" not in argv and not draw(rarely(10)):
        argv += ["--out", draw(output_path(work))]
    return argv


# -- the guard: nothing written outside the example's folder --------------------------------
_WRITE_EVENTS = {
    "os.remove",
    "os.rmdir",
    "os.mkdir",
    "os.rename",
    "os.truncate",
    "os.chmod",
    "os.symlink",
    "os.link",
    "os.utime",
    "shutil.rmtree",
    "shutil.copyfile",
    "shutil.move",
}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_watch: dict[str, object] = {"root": None, "seen": []}


def _outside(path) -> bool:
    if isinstance(path, int):  # a descriptor: its opening was checked
        return False
    try:
        real = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return False
    root = _watch["root"]
    return not (real == root or real.startswith(root + os.sep))


def _audit(event: str, args: tuple) -> None:
    if _watch["root"] is None:
        return
    if event == "open":
        path, mode, flags = args
        writing = (mode is not None and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        if writing and _outside(path):
            _watch["seen"].append((event, path))
    elif event in _WRITE_EVENTS:
        paths = [a for a in args[:2] if isinstance(a, str | bytes | os.PathLike)]
        if event == "os.chmod" or event == "os.utime":
            paths = paths[:1]
        for path in paths:
            if _outside(path):
                _watch["seen"].append((event, path))


sys.addaudithook(_audit)  # audit hooks cannot be removed: it only acts while a command runs


def fingerprint(folder: Path) -> str:
    """A hash of every entry below ``folder``: its name, type, size, time and contents."""
    digest = hashlib.sha256()
    for base, dirs, files in sorted(os.walk(folder)):
        for name in sorted(dirs + files):
            path = Path(base) / name
            st_ = os.lstat(path)
            digest.update(f"{path.relative_to(folder)}|{st_.st_mode}|{st_.st_mtime_ns}".encode())
            if stat.S_ISREG(st_.st_mode):
                digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def shipped_before() -> str:
    """The shipped data's hash, taken after warming up what every example shares.

    The first command of a process loads the catalogue and imports pandas, Altair and
    the renderer: seconds, which are not the example's and would count against its deadline.
    """
    ids(), seed_texts()
    for name in ("analysis", "charts", "crosscheck", "export", "interactive", "sources"):
        importlib.import_module(f"openviz.{name}")
    return fingerprint(DEFS)


class Hang(BaseException):  # not an Exception, so that main() cannot catch it
    """Raised in a command that runs past :data:`HANG_SECONDS`."""


#: In-process, a hang would stall the suite: an alarm stops it (the deadline is only checked
#: once an example returns).
HANG_SECONDS = 60


def _alarm(signum, frame):
    msg = f"the command ran for more than {HANG_SECONDS} s"
    raise Hang(msg)


def run_in_process(argv: list[str], work: Path) -> tuple[int, str, str]:
    """Run ``openviz argv`` from ``work``; return the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(work)
    _watch["root"], _watch["seen"] = os.path.realpath(work), []
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse: --help (0) and usage errors (2)
                code = exc.code
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _watch["root"] = None
        os.chdir(here)
    return code, out.getvalue(), err.getvalue()


#: Python's own words for a bug, which the CLI's error handler prints like a user error.
_INTERNAL = re.compile(
    r"cannot convert float NaN|object has no attribute|not subscriptable|unhashable type|"
    r"unsupported operand|index out of range|division by zero|object is not iterable|"
    r"takes \d+ positional argument|got an unexpected keyword|not supported between instances|"
    r"must be str, not|can only concatenate|NoneType|invalid literal for int|"
    r"could not convert string to float|truth value of a|not enough values to unpack"
)


def leaked(line: str) -> bool:
    """True when a last line of stderr is an exception's text rather than a message.

    ``main`` prints a ``KeyError`` or ``ValueError`` as ``openviz: error: <its text>``; a
    bare word there (``openviz: error: 'label'``) is a missing column, not a sentence.
    """
    text = line.removeprefix("openviz: error: ")
    if text != line and re.fullmatch(r"'?[\w.-]*'?", text.strip()):
        return True
    return bool(_INTERNAL.search(line))


def check(argv: list[str], work: Path, shipped_before: str) -> None:
    code, out, err = run_in_process(argv, work)
    shown = f"openviz {argv!r}\nexit {code}\nstderr: {err[-3000:]}"
    assert code in (0, 2), shown
    for text in (out, err):
        assert "Traceback" not in text, shown
        assert "internal error" not in text, shown
    if code == 2:
        last = (err.strip().splitlines() or [""])[-1]
        assert not leaked(last), f"{shown}\nan internal error passed for a message"
    assert not _watch["seen"], f"{shown}\nwrote outside its folder: {_watch['seen']}"
    assert fingerprint(DEFS) == shipped_before, f"{shown}\nchanged the shipped data"


# -- the properties --------------------------------------------------------------------------
def test_the_fuzzer_knows_every_command():
    # A new command is fuzzed automatically; this only guards the introspection itself.
    names = set(commands())
    assert {"validate", "list", "evaluate", "explain", "diff", "export", "import"} <= names
    assert all(optionals(p) for p in commands().values())


@settings(SETTINGS, max_examples=round(60 * SCALE))
@given(data=st.data())
def test_random_command_lines_exit_0_or_2(data, tmp_path_factory, shipped_before):
    work = tmp_path_factory.mktemp("cli")
    argv = data.draw(command_line(work), label="argv")
    check(argv, work, shipped_before)


@settings(SETTINGS, max_examples=round(30 * SCALE))
@given(data=st.data())
def test_random_files_given_to_every_command(data, tmp_path_factory, shipped_before):
    # Every file-taking option of the command gets a freshly made random file or folder.
    work = tmp_path_factory.mktemp("files")
    name = data.draw(st.sampled_from(sorted(commands())), label="command")
    parser = commands()[name]
    takes_path = {"catalog", "add", "definition_file", "paths", "path", "definition", "a", "b"}
    argv = [name]
    for action in positionals(parser):
        if action.dest in takes_path:
            argv.append(data.draw(input_path(work), label=action.dest))
        else:
            argv.append(value(action, name, work, argv, data.draw))
    for action in optionals(parser):
        if action.dest in takes_path and data.draw(st.booleans(), label=action.dest):
            argv += [action.option_strings[0], data.draw(input_path(work))]
    if name == "export":
        argv += ["--out", data.draw(output_path(work))]
    check(argv, work, shipped_before)


@cache
def source_texts(source: str) -> tuple[bytes, ...]:
    """Records of another database, as its import reads them."""
    if source == "mot":
        paths = [*(FIXTURES / "mot" / "models").glob("*.yml")]
        paths += sorted((FIXTURES / "mot-tool" / "models").glob("*.yml"))[:8]
    else:
        paths = [p for p in (FIXTURES / "osai-index").glob("*.yaml")]
    return tuple(p.read_bytes() for p in sorted(paths))


@st.composite
def source_folder(draw, work: Path, source: str) -> Path:
    """A folder of the source's records, some copied, some mutated, some replaced by junk."""
    folder = work / f"source-{len(list(work.iterdir()))}"
    inner = folder / "models" if source == "mot" else folder
    inner.mkdir(parents=True)
    seeds = source_texts(source)
    for k in range(draw(st.integers(1, 4))):
        text = draw(st.sampled_from(seeds))
        if draw(st.booleans()):
            text = mutate(draw, text)
        elif draw(rarely(4)):
            text = draw(file_bytes())
        (inner / f"r{k}{draw(st.sampled_from(('.yml', '.yaml')))}").write_bytes(text)
    return folder if source == "mot" and draw(st.booleans()) else inner


@settings(SETTINGS, max_examples=round(15 * SCALE))
@given(data=st.data())
def test_random_imports_and_what_they_write(data, tmp_path_factory, shipped_before):
    # The importers read files nobody here wrote; what they write is then read back as a
    # collection, so a record the converter lets through must not break a later command.
    work = tmp_path_factory.mktemp("import")
    source = data.draw(st.sampled_from(("mot", "osai-index")), label="source")
    folder = data.draw(source_folder(work, source), label="folder")
    out = work / "records"
    argv = ["import", source, str(folder), "--out", str(out)]
    if data.draw(st.booleans(), label="replace"):
        argv.append("--replace")
    check(argv, work, shipped_before)
    if not out.is_dir():
        return
    name = data.draw(st.sampled_from(("list", "evaluate", "unknowns", "consensus", "explain")))
    after = {
        "list": ["list", "models", "--collection", source],
        "evaluate": ["evaluate", "--collection", source, "-d", "mof", "-d", "osaid-1.0"],
        "unknowns": ["unknowns", "--collection", source, "-d", "mof", "--by", "fact"],
        "consensus": ["consensus", "--collection", source],
        "explain": ["explain", (sorted(p.stem for p in out.glob("*.yaml")) or ["x"])[0], "mof"],
    }[name]
    check([*after, "--add", str(out)], work, shipped_before)


# -- hangs: a few command lines in a real process with a time limit --------------------------
HANG_CASES = [
    # Standard input is an open pipe that never ends: reading it would block forever.
    ["validate", "/dev/stdin"],
    ["list", "models", "--add", "/dev/stdin"],
    ["evaluate", "--definition-file", "/dev/stdin"],
    ["explain", "olmo-7b", "/dev/stdin.yaml"],
    ["import", "mot", "/dev/fd/0"],
    # Endless or special files where YAML is expected.
    ["diff", "/dev/zero.yaml", "mof"],
    ["list", "models", "--catalog", "/proc/self"],
]


@pytest.mark.parametrize("argv", HANG_CASES, ids=[" ".join(a) for a in HANG_CASES])
def test_hostile_command_does_not_hang(argv, tmp_path, shipped_before):
    env = {**os.environ, "PYTHONPATH": str(Path(openviz.__file__).resolve().parent.parent)}
    stdin, keep_open = os.pipe()  # standard input that never ends: nobody writes or closes it
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "openviz.cli", *argv],
            stdin=stdin,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"openviz {' '.join(argv)} hung for 60 s")
    finally:
        os.close(stdin)
        os.close(keep_open)
    err = proc.stderr
    assert proc.returncode in (0, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    assert fingerprint(DEFS) == shipped_before
