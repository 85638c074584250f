"""Write an imported collection to its folder without losing anything that was there.

A collection folder (``defs/models/imported/mot``, or any ``--out`` folder) holds the
records one importer wrote, and perhaps files a person put there. :func:`write_records`
deletes only the importer's own records (files whose ``origin.source`` names it), never
writes an empty collection, replaces an existing one only when asked, and builds the new
set in a folder beside the old one, swapping the two at the very end: a failure before the
swap leaves the old set as it was.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from openviz._files import STALE_AFTER, kind_of, refuse_shipped, shipped_defs, write_atomic
from openviz._yaml import read_yaml
from openviz.sources._common import ImportResult, to_yaml

# Names of the folders made beside a collection folder while it is replaced.
_NEW = ".openviz-import-"
_OLD = ".openviz-previous-"


def write_records(
    result: ImportResult, out_dir: str | os.PathLike, *, replace: bool = False
) -> list[Path]:
    """Write one ``<id>.yaml`` per record into ``out_dir`` as the importer's collection.

    A file in ``out_dir`` belongs to the collection only when its ``origin.source`` names
    this importer (``mot``, ``osai-index``); the collection's old records are replaced as a
    set, every other file in the folder is kept as it is.

    Parameters
    ----------
    result
        What :func:`convert_mot` or :func:`convert_osai_index` returned.
    out_dir
        The collection folder, e.g. ``defs/models/imported/mot``; created when missing.
        Inside the shipped data only the importer's own collection folder is accepted.
    replace
        Replace the collection when ``out_dir`` already holds records of it (their files
        not in ``result`` are removed).

    Returns
    -------
    list of Path
        The files written, in record order.

    Raises
    ------
    ValueError
        When ``result`` holds no records: nothing is written and nothing deleted.
    FileExistsError
        When ``out_dir`` already holds this collection and ``replace`` is false, when a
        record's file name is taken by something the importer did not write (a hand-written
        file, a folder), when ``out_dir`` is not a folder or lies in the shipped data outside
        the importer's own collection, or when an earlier replacement was interrupted.
    """
    folder = Path(out_dir)
    if folder.is_symlink():  # replace the folder the link leads to, not the link
        folder = Path(os.path.realpath(folder))
    if not result.records:
        msg = f"the source yielded no records; nothing was written to {folder}, nothing deleted"
        raise ValueError(msg)
    source = _source_of(result)
    shipped = shipped_defs()
    own = shipped / "models" / "imported" / source if shipped is not None else None
    refuse_shipped(folder, allowed=own)
    if folder.exists() and not folder.is_dir():
        msg = f"{folder} is not a folder; --out names the folder of the collection"
        raise FileExistsError(msg)
    _refuse_interrupted(folder)

    ours = _own_records(folder, source)
    names = [f"{record['id']}.yaml" for record in result.records]
    _check_targets(folder, source, ours, names, replace)

    folder.parent.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    try:
        new = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}{_NEW}"))
    except OSError as exc:
        raise type(exc)(exc.errno, f"cannot write {folder}: {exc.strerror}") from None
    try:
        for record, name in zip(result.records, names, strict=True):
            write_atomic(new / name, to_yaml(record), allowed=new)
        if folder.is_dir():
            _keep_others(folder, new, set(ours))
            os.chmod(new, stat.S_IMODE(os.stat(folder).st_mode))
        else:
            os.chmod(new, 0o755)
        _swap(new, folder)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    return [folder / name for name in names]


def _source_of(result: ImportResult) -> str:
    """Return the ``origin.source`` every record names; refuse records that differ."""
    sources = {str((r.get("origin") or {}).get("source", "")) for r in result.records}
    if len(sources) != 1 or "" in sources:
        msg = "every record of one import must name the same origin.source"
        raise ValueError(msg)
    (source,) = sources
    return source


def _check_targets(
    folder: Path, source: str, ours: dict[str, Path], names: list[str], replace: bool
) -> None:
    """Refuse to replace the collection without ``replace``, or a file the import did not write."""
    if ours and not replace:
        n = len(ours)
        msg = (
            f"{folder} already holds {n} {source} record{'s' if n != 1 else ''}; pass "
            "replace=True (openviz import --replace) to replace the collection"
        )
        raise FileExistsError(msg)
    for name in names:
        taken = folder / name
        if name in ours or not (taken.exists() or taken.is_symlink()):
            continue
        what = _what(taken)
        msg = (
            f"{taken} is {what} the {source} import did not write; move it away and run "
            "the import again (nothing was written)"
        )
        raise FileExistsError(msg)


def _own_records(folder: Path, source: str) -> dict[str, Path]:
    """Return name -> path of the files in ``folder`` that this importer wrote."""
    out: dict[str, Path] = {}
    if not folder.is_dir():
        return out
    for entry in sorted(folder.iterdir()):
        if entry.suffix not in (".yaml", ".yml") or entry.is_symlink() or not entry.is_file():
            continue
        data = read_yaml(entry).data
        origin = data.get("origin") if isinstance(data, dict) else None
        if isinstance(origin, dict) and origin.get("source") == source:
            out[entry.name] = entry
    return out


def _what(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except OSError:  # pragma: no cover - it existed a moment ago
        return "a file"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISREG(mode):
        return "a file"
    return kind_of(mode)


def _keep_others(folder: Path, new: Path, ours: set[str]) -> None:
    """Carry every entry of ``folder`` that is not the collection's into ``new``.

    Hard links keep each file itself (same inode, nothing copied), named pipes included;
    folders are rebuilt of hard links.
    """
    for entry in folder.iterdir():
        if entry.name in ours:
            continue
        target = new / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry), target)
        elif entry.is_dir():
            shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, target)


def _link_or_copy(source: str | os.PathLike, target: str | os.PathLike) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        if not stat.S_ISREG(os.lstat(source).st_mode):
            raise
        shutil.copy2(source, target)


def _swap(new: Path, folder: Path) -> None:
    """Put ``new`` where ``folder`` is; the old folder is removed only once ``new`` is in."""
    if not folder.exists():
        os.rename(new, folder)
        return
    old = new.with_name(new.name.replace(_NEW, _OLD))
    os.rename(folder, old)
    try:
        os.rename(new, folder)
    except BaseException:
        os.rename(old, folder)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _refuse_interrupted(folder: Path) -> None:
    # Killed between the two renames of _swap: the old set survives only in the backup.
    if folder.exists() or not folder.parent.is_dir():
        return
    for entry in folder.parent.glob(f".{folder.name}{_OLD}*"):
        if entry.is_dir():
            msg = (
                f"an earlier import into {folder} was interrupted; its previous records are in "
                f"{entry}: rename that folder to {folder.name} (or remove it), then import again"
            )
            raise FileExistsError(msg)


def _sweep(folder: Path) -> None:
    # Half-built sets left by killed imports: the old set was never touched, so they can go.
    limit = time.time() - STALE_AFTER
    for entry in folder.parent.glob(f".{folder.name}{_NEW}*"):
        with suppress(OSError):
            if entry.is_dir() and not entry.is_symlink() and entry.stat().st_mtime < limit:
                shutil.rmtree(entry)
