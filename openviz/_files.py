"""Write files so that nobody ever sees half of one, and nothing is replaced by accident."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path


def write_atomic(
    path: str | os.PathLike,
    content: bytes | str,
    *,
    replace: bool = False,
    exists_message: str | None = None,
) -> Path:
    """Write ``content`` to ``path`` through a temporary file in the same folder.

    The file appears whole or not at all. Without ``replace`` the last step is a hard link,
    which fails if ``path`` appeared in the meantime, so an existing file is never replaced;
    where links are not supported, an existence check and a rename take its place.

    Parameters
    ----------
    path
        The file to write; its folder must exist.
    content
        The bytes to write (text is written as UTF-8, line ends unchanged).
    replace
        Replace ``path`` if it exists.
    exists_message
        The ``FileExistsError`` message when ``path`` exists and ``replace`` is false.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    tmp = Path(tmp_name)
    refused = exists_message or f"{path} already exists"
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
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()
    _sync_folder(path.parent)
    return path


def _sync_folder(folder: Path) -> None:
    # Make the rename durable where the platform allows opening a folder (POSIX).
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
