"""Read, validate and cross-check the data folder into one immutable :class:`Catalog`.

The reading is in :mod:`openviz._catalog_reader`, the checks of each file in
:mod:`openviz._catalog_checks` and :mod:`openviz._catalog_text`, and the building of records
in :mod:`openviz._catalog_records`; their public names are importable from here.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from openviz._caches import Bounded
from openviz._catalog_checks import FileChecks, absence_problems
from openviz._catalog_reader import COLLECTIONS_DEFAULT, _Reader, schema_folder, yaml_files
from openviz._catalog_records import (
    build_definition,
    build_release,
    clash,
    clash_problem,
    definition_clash,
    display_names,
)
from openviz._catalog_text import MULTILINE_FIELDS
from openviz._paths import defs_dir
from openviz._yaml import Document, read_yaml
from openviz.licenses import LicenseTable
from openviz.problems import CatalogError, NotFound, Problem
from openviz.records import Component, Definition, Release

__all__ = [
    "ABSENCE_NEEDS_CHECKED",
    "COLLECTIONS_DEFAULT",
    "MULTILINE_FIELDS",
    "Catalog",
    "absence_problems",
    "check_document",
    "definition_clash",
    "load_catalog",
    "read_definition",
    "read_release",
    "yaml_files",
]

#: The databases ``openviz import`` reads; each is a collection once imported.
IMPORTED_SOURCES = ("mot", "osai-index")

#: When true, loading and ``openviz validate`` report as an error every curated component
#: recorded as not released (status ``no``) without an evidence item naming the places
#: checked (``checked:``), see :func:`absence_problems`. On: every curated file names the
#: places looked. Setting it to ``False`` before loading lets an old file be read while it is
#: being brought up to date.
ABSENCE_NEEDS_CHECKED = True


@dataclass(frozen=True)
class Catalog:
    """Everything openviz knows: vocabulary, licenses, definitions and releases.

    Attributes
    ----------
    components
        The component vocabulary, in file order.
    licenses
        License lookup (SPDX plus the license table).
    definitions
        Definition id to :class:`Definition`, sorted by series and order.
    releases
        Release id to :class:`Release`, every collection.
    skipped
        Problems of files left out because ``strict=False`` was asked for.
    root
        The data folder read.
    license_data
        The parsed ``licenses.yaml`` (its vocabulary lists with their labels).
    access_levels
        Access level id to its label by language, lowest first (``access_levels`` in
        ``components.yaml``; empty when that file has none).
    """

    components: tuple[Component, ...]
    licenses: LicenseTable
    definitions: Mapping[str, Definition]
    releases: Mapping[str, Release]
    skipped: tuple[Problem, ...] = ()
    root: str = ""
    license_data: Mapping = field(default_factory=dict)
    #: Family id -> ``{"en": ..., "zh": ...}`` from ``families.yaml`` (empty without one).
    family_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    access_levels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def component(self, component_id: str) -> Component:
        """Return a component by id."""
        for comp in self.components:
            if comp.id == component_id:
                return comp
        msg = f"unknown component {component_id!r}"
        raise NotFound(msg)

    def definition(self, definition_id: str) -> Definition:
        """Return a definition by id; the error lists the known ids."""
        try:
            return self.definitions[definition_id]
        except KeyError:
            msg = f"unknown definition {definition_id!r}; known: {', '.join(self.definitions)}"
            raise NotFound(msg) from None

    def release(self, release_id: str) -> Release:
        """Return a release by id; the error lists the close matches."""
        try:
            return self.releases[release_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(release_id, list(self.releases), n=5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            msg = f"unknown model {release_id!r}{hint}"
            raise NotFound(msg) from None

    @property
    def collections(self) -> tuple[str, ...]:
        """Names of the release collections present (curated first)."""
        names = {r.collection for r in self.releases.values()}
        return tuple(sorted(names, key=lambda n: (n != COLLECTIONS_DEFAULT, n)))

    def known_collections(self) -> tuple[str, ...]:
        """Return the collection names one may ask for: those present, the importable, ``all``."""
        names = dict.fromkeys((COLLECTIONS_DEFAULT, *self.collections, *IMPORTED_SOURCES))
        return (*names, "all")

    def check_collections(self, collection: str | Iterable[str]) -> set[str]:
        """Return the collection names asked for; an unknown one raises ``KeyError``.

        A misspelt name would otherwise select no release and look like an empty result.
        """
        wanted = {collection} if isinstance(collection, str) else set(collection)
        known = self.known_collections()
        unknown = sorted(wanted - {*known, "user"})
        if unknown:
            msg = f"unknown collection {', '.join(map(repr, unknown))}; known: {', '.join(known)}"
            raise NotFound(msg)
        return wanted

    def models(self, collection: str | Iterable[str] = COLLECTIONS_DEFAULT) -> tuple[Release, ...]:
        """Releases of one collection, several, or ``"all"``; sorted by family and date.

        Raises
        ------
        KeyError
            For a collection name the catalogue does not know.
        """
        wanted = self.check_collections(collection)
        picked = [
            r
            for r in self.releases.values()
            if "all" in wanted or r.collection in wanted or (r.collection == "user")
        ]
        return tuple(sorted(picked, key=lambda r: (r.family, r.release_date, r.id)))

    def families(
        self, collection: str | Iterable[str] = COLLECTIONS_DEFAULT
    ) -> dict[str, tuple[Release, ...]]:
        """Group releases into families (``llama``, ``olmo``, ...), each oldest first."""
        out: dict[str, list[Release]] = {}
        for rel in self.models(collection):
            out.setdefault(rel.family, []).append(rel)
        return {name: tuple(rels) for name, rels in sorted(out.items())}

    def family_label(self, family: str, lang: str = "en") -> str:
        """Return a family's name in ``lang`` from ``families.yaml`` (its id if unlisted)."""
        own = self.family_labels.get(family)
        return (own.get(lang) or own["en"]) if own else family

    def series(self, name: str) -> tuple[Definition, ...]:
        """Return the versions of one definition series, oldest first (e.g. ``osaid``)."""
        found = [d for d in self.definitions.values() if d.lineage.get("series") == name]
        return tuple(sorted(found, key=lambda d: d.lineage.get("order", 0)))


# --------------------------------------------------------------------------------------------
def load_catalog(
    path: str | Path | None = None,
    add: Iterable[str | Path] = (),
    *,
    strict: bool = True,
    cache: bool = True,
) -> Catalog:
    """Read and validate a data folder, reporting every problem in one pass.

    The catalogue read is kept (see :mod:`openviz._caches`) and handed out again while no
    file below ``path`` or in ``add`` has changed: a file counts as changed when its size,
    modification time, change time or inode differs, or a file is added or removed. The
    change time is set by every write and cannot be set back by ordinary tools, so an edit
    that keeps a file's size and modification time is seen too. (Hashing the contents
    instead would cost a read of every file, about 40 ms for the shipped data, on every
    call.) ``cache=False`` reads the files afresh and keeps nothing.

    Parameters
    ----------
    path
        A ``defs`` folder; the shipped one when ``None``.
    add
        Extra definition or model files, or folders of them, layered over the catalogue
        (their releases form the ``user`` collection and are always shown).
    strict
        When true (default) any problem raises :class:`CatalogError`. When false, files with
        problems are left out and listed in :attr:`Catalog.skipped`; problems in the
        vocabulary or license table still raise, since everything depends on them.
    cache
        When false, read afresh and neither use nor fill the cache.

    Returns
    -------
    Catalog

    Raises
    ------
    CatalogError
        Listing every problem as ``file:line: field: problem (expected ...)``.
    """
    root = Path(path) if path is not None else defs_dir()
    extra = tuple(Path(p) for p in add)
    key = (
        # realpath, not Path.resolve: a symbolic link loop must become a problem, not a crash.
        os.path.realpath(root),
        tuple(os.path.realpath(p) for p in extra),
        strict,
        ABSENCE_NEEDS_CHECKED,
    )
    if not cache:
        return Catalog(**_Reader(root, strict, ABSENCE_NEEDS_CHECKED).read(extra))
    stamp = _fingerprint(root, extra)
    hit = _CATALOGS.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    catalog = Catalog(**_Reader(root, strict, ABSENCE_NEEDS_CHECKED).read(extra))
    _CATALOGS.put(key, (stamp, catalog))
    return catalog


_CATALOGS = Bounded("catalog", maxsize=8)


def _fingerprint(root: Path, extra: tuple[Path, ...]) -> bytes:
    # Notebook users edit YAML while a kernel runs; re-read when any file changed.
    # os.scandir, not Path.rglob: this runs on every load_catalog() call, and a warm
    # evaluate() should not spend most of its time making Path objects.
    digest = hashlib.blake2b(digest_size=16)
    for base in (root, *extra):
        for path, st in _stats(os.fspath(base)):
            digest.update(
                f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n".encode(
                    "utf-8", "surrogateescape"
                )
            )
    return digest.digest()


def _stats(path: str):
    """Yield ``(path, stat)`` of ``path`` if it is a file, else of everything below it."""
    try:
        entries = os.scandir(path)
    except NotADirectoryError:
        try:
            st = os.stat(path)
        except OSError:
            return
        yield path, st
        return
    except OSError:
        return
    with entries:
        for entry in entries:
            try:
                yield entry.path, entry.stat(follow_symlinks=True)
                if entry.is_dir(follow_symlinks=False):
                    yield from _stats(entry.path)
            except OSError:
                continue


def read_definition(path: str | Path, catalog: Catalog | None = None) -> Definition:
    """Read and check one definition file against a catalogue's vocabulary.

    Raises
    ------
    CatalogError
        With every problem in the file.
    """
    return _read_one(path, catalog, "definition")  # type: ignore[return-value]


def read_release(path: str | Path, catalog: Catalog | None = None) -> Release:
    """Read and check one model release file against a catalogue's vocabulary and licenses."""
    return _read_one(path, catalog, "model")  # type: ignore[return-value]


def check_document(doc: Document, path: str | Path, catalog: Catalog, kind: str) -> list[Problem]:
    """Return every problem of one parsed file, checked as ``openviz validate`` checks it.

    Parameters
    ----------
    doc
        The file as read by :func:`openviz._yaml.read_yaml` (from disk or from memory).
    path
        Where the file is, or is about to be written (its name must match the id).
    catalog
        The catalogue whose vocabulary, licenses and definitions the file is checked against.
    kind
        ``"definition"`` or ``"model"``.
    """
    checks = FileChecks(
        schema_folder(Path(catalog.root)),
        component_ids={c.id for c in catalog.components},
        table=catalog.licenses,
        absence_needs_checked=ABSENCE_NEEDS_CHECKED,
    )
    problems = list(doc.problems) or checks.check_file(doc, Path(path), kind)
    if not problems and kind == "definition":
        found = clash(catalog.definitions, doc.data["id"], path, display_names(doc.data))
        if found[0]:
            problems.append(clash_problem(doc, *found))
    return problems


def _read_one(path: str | Path, catalog: Catalog | None, kind: str) -> Definition | Release:
    catalog = catalog or load_catalog()
    doc = read_yaml(path)
    problems = check_document(doc, path, catalog, kind)
    if problems:
        raise CatalogError(problems)
    if kind == "definition":
        return build_definition(doc)
    return build_release(doc, "user", Path(catalog.root))
