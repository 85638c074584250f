"""The ``openviz`` command line: ``main`` runs one command and returns its exit code.

The commands are in ``commands_*`` modules by what they are about, their arguments in
:mod:`openviz.cli._arguments`.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Sequence
from contextlib import contextmanager

from openviz._safe_text import visible
from openviz.cli._arguments import build_parser
from openviz.cli._common import EXIT_DATA, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from openviz.problems import CatalogError

__all__ = ["main"]

#: The parser of every command (the CLI fuzzer walks it).
_parser = build_parser


class _Visible:
    """A text stream that shows control, bidi and invisible characters as escapes.

    Every line the command prints, tables, CSV, problem lines, error messages and file
    names alike, passes through one sanitiser on its way to the terminal; line breaks and
    tabs pass as they are.
    """

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text, keep="\n\t"))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Visible(out), _Visible(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        with _terminate_as_interrupt():
            return args.run(args)
    except KeyboardInterrupt:  # Ctrl-C or kill: temporary files are gone, nothing half-written
        print("openviz: interrupted; nothing was left half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except CatalogError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_DATA
    except (KeyError, ValueError) as exc:
        msg = exc.args[0] if exc.args else str(exc)
        print(f"openviz: error: {msg}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `openviz list models | head`
        return EXIT_OK
    except OSError as exc:  # refused targets, missing folders, read-only or full disks
        print(f"openviz: error: {_os_error_text(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # last resort: a message, never a traceback
        print(
            f"openviz: internal error ({type(exc).__name__}: {exc}); "
            "please report it with the command you ran",
            file=sys.stderr,
        )
        return 1


def _os_error_text(exc: OSError) -> str:
    if exc.strerror and exc.filename:
        return f"{exc.filename}: {exc.strerror}"
    return exc.strerror or str(exc)


@contextmanager
def _terminate_as_interrupt():
    """Turn SIGTERM into KeyboardInterrupt while a command runs.

    Python dies on SIGTERM without running ``finally`` blocks, which would leave the
    temporary file of a write behind; as an exception, the writer removes it.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
