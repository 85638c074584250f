"""Read and write files so that nothing hangs, nobody sees half a file, nothing is lost.

Every writer in openviz (exports, the gallery, imports, saved definitions) goes through
:func:`write_atomic`, and so through one guard, :func:`check_target`: it refuses to replace
anything but a regular file (a folder, a named pipe, a device), refuses to write inside the
shipped ``defs`` folder unless the caller names the one folder there it owns, and refuses an
existing file unless asked to replace it. Readers use :func:`read_regular`, which never
blocks on a named pipe or a device.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from contextlib import suppress
from pathlib import Path

#: A temporary file of ours older than this (seconds) belongs to a run that was killed: the
#: data is in memory before the file is made, so a live write never takes this long.
STALE_AFTER = 600

# Temporary files are named ``.<target>.openviz-XXXXXXXX.part``, so they are hidden, and a
# later write in the same folder can tell its own leftovers from anyone else's files.
_MARK = ".openviz-"
_SUFFIX = ".part"

_swept: set[str] = set()  # folders already cleared of stale temporary files in this process


def kind_of(mode: int) -> str:
    """Name the kind of file a ``st_mode`` describes, for messages ("a folder", ...)."""
    for test, name in (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def _describe(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop"
    return (exc.strerror or str(exc)).lower()


def missing_reason(path: str | os.PathLike, plain: str) -> str:
    """Say why ``path`` cannot be found: ``plain``, unless it is a looping or broken link."""
    if not os.path.islink(path):
        return plain
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop (the link leads back to itself)"
        return "a symbolic link to nothing"
    return plain


def read_regular(path: str | os.PathLike) -> bytes:
    """Return the bytes of a regular file; refuse anything else without blocking.

    The file is opened without waiting (``O_NONBLOCK``), so a named pipe cannot stall the
    caller, and its type is checked on the open descriptor, so it cannot change in between.

    Raises
    ------
    OSError
        When the file cannot be opened, or is not a regular file (then ``strerror`` says
        what it is, e.g. "not a regular file but a named pipe (FIFO)").
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise type(exc)(exc.errno, _describe(exc), os.fspath(path)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            reason = f"not a regular file but {kind_of(mode)}"
            raise OSError(errno.EINVAL, reason, os.fspath(path))
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def shipped_defs() -> Path | None:
    """Return the real path of the shipped ``defs`` folder, or ``None`` when there is none."""
    from openviz._paths import defs_dir

    try:
        return Path(os.path.realpath(defs_dir()))
    except FileNotFoundError:
        return None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def refuse_shipped(path: str | os.PathLike, *, allowed: str | os.PathLike | None = None) -> None:
    """Refuse a path inside the shipped ``defs`` folder, unless it lies in ``allowed``.

    Raises
    ------
    FileExistsError
        Naming the path and the shipped folder.
    """
    shipped = shipped_defs()
    if shipped is None:
        return
    real = Path(os.path.realpath(path))
    own = Path(os.path.realpath(allowed)) if allowed is not None else None
    if _within(real, shipped) and not (own is not None and _within(real, own)):
        msg = f"{path} is inside openviz's shipped data ({shipped}); write somewhere else"
        raise FileExistsError(msg)


def check_target(
    path: str | os.PathLike,
    *,
    replace: bool = False,
    exists_message: str | None = None,
    allowed: str | os.PathLike | None = None,
) -> Path:
    """Refuse a write that could lose something; return the path when it is safe to write.

    Parameters
    ----------
    path
        The file about to be written.
    replace
        Whether an existing regular file may be replaced.
    exists_message
        The ``FileExistsError`` message when ``path`` exists and ``replace`` is false.
    allowed
        A folder inside the shipped ``defs`` that this caller owns (an importer's own
        collection); writes anywhere else in the shipped data are refused.

    Raises
    ------
    FileExistsError
        When ``path`` is not a regular file (a folder, a named pipe, a device, a broken or
        looping symbolic link), lies inside the shipped data, or exists and ``replace`` is
        false.
    FileNotFoundError
        When the folder to write in does not exist.
    """
    path = Path(path)
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
        if os.path.islink(path):
            msg = f"{path} is a symbolic link to nothing; openviz writes only regular files"
            raise FileExistsError(msg) from None
    except OSError as exc:
        msg = f"{path} is {_describe(exc)}; openviz writes only regular files"
        raise FileExistsError(msg) from None
    if mode is not None and not stat.S_ISREG(mode):
        what = kind_of(mode)
        msg = f"{path} is {what}, not a regular file; openviz replaces only regular files"
        if stat.S_ISDIR(mode):
            msg = f"{path} is a folder; give a file name to write"
        raise FileExistsError(msg)
    refuse_shipped(path, allowed=allowed)
    if mode is not None and not replace:
        raise FileExistsError(exists_message or f"{path} already exists")
    parent = path.parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        msg = f"cannot write {path}: the folder {parent} {what}"
        raise FileNotFoundError(msg)
    return path


def write_atomic(
    path: str | os.PathLike,
    content: bytes | str,
    *,
    replace: bool = False,
    exists_message: str | None = None,
    allowed: str | os.PathLike | None = None,
) -> Path:
    """Write ``content`` to ``path`` through a temporary file in the same folder.

    The file appears whole or not at all. Without ``replace`` the last step is a hard link,
    which fails if ``path`` appeared in the meantime, so an existing file is never replaced;
    where links are not supported, an existence check and a rename take its place. The
    target is checked first by :func:`check_target`. The temporary file is removed when the
    write fails or is interrupted; one left by a killed process is removed by a later write
    in the same folder once it is :data:`STALE_AFTER` seconds old.

    Parameters
    ----------
    path
        The file to write; its folder must exist.
    content
        The bytes to write (text is written as UTF-8, line ends unchanged).
    replace
        Replace ``path`` if it is a regular file.
    exists_message
        The ``FileExistsError`` message when ``path`` exists and ``replace`` is false.
    allowed
        As for :func:`check_target`.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    FileExistsError, FileNotFoundError
        As :func:`check_target` does.
    OSError
        When the folder cannot be written (read-only, full); the message names ``path``.
    """
    path = check_target(path, replace=replace, exists_message=exists_message, allowed=allowed)
    data = content.encode("utf-8") if isinstance(content, str) else content
    sweep_stale(path.parent)
    refused = exists_message or f"{path} already exists"
    try:
        fd, tmp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}{_MARK}", suffix=_SUFFIX
        )
    except OSError as exc:
        raise type(exc)(exc.errno, f"cannot write {path}: {_describe(exc)}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise FileExistsError(refused) from None
            except OSError:
                if path.exists():
                    raise FileExistsError(refused) from None
                os.replace(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        raise type(exc)(exc.errno, f"cannot write {path}: {_describe(exc)}") from None
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()
    _sync_folder(path.parent)
    return path


def is_temporary(name: str) -> bool:
    """Tell whether a file name is one of :func:`write_atomic`'s temporary files."""
    return name.startswith(".") and name.endswith(_SUFFIX) and _MARK in name


def sweep_stale(folder: str | os.PathLike, *, now: float | None = None) -> list[Path]:
    """Remove temporary files of ours in ``folder`` left by a killed run; return them.

    Only regular files named as :func:`write_atomic` names them and older than
    :data:`STALE_AFTER` are removed; each folder is swept once per process (unless ``now`` is
    given, as tests do).
    """
    key = os.path.realpath(folder)
    if now is None:
        if key in _swept:
            return []
        _swept.add(key)
    limit = (time.time() if now is None else now) - STALE_AFTER
    removed = []
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            with suppress(OSError):
                if (
                    is_temporary(entry.name)
                    and entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < limit
                ):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _sync_folder(folder: Path) -> None:
    # Make the rename durable where the platform allows opening a folder (POSIX).
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
