"""Read, validate and cross-check the data folder into one immutable :class:`Catalog`."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from openviz import schema
from openviz._addresses import address_problem
from openviz._caches import Bounded
from openviz._files import missing_reason
from openviz._paths import defs_dir
from openviz._safe_text import describe, has_unsafe, unsafe_characters
from openviz._yaml import Document, field_name, read_yaml
from openviz.kinds import KINDS
from openviz.licenses import LicenseTable
from openviz.problems import CatalogError, Problem
from openviz.records import (
    ACCESS_LEVELS,
    Component,
    Definition,
    Dimension,
    Evidence,
    Fact,
    Level,
    Release,
    Requirement,
    Source,
)
from openviz.requirements import NODE_KEYS, misplaced, node_kind

__all__ = [
    "ABSENCE_NEEDS_CHECKED",
    "COLLECTIONS_DEFAULT",
    "Catalog",
    "absence_problems",
    "check_document",
    "definition_clash",
    "load_catalog",
    "read_definition",
    "read_release",
    "yaml_files",
]

COLLECTIONS_DEFAULT = "curated"
#: The databases ``openviz import`` reads; each is a collection once imported.
IMPORTED_SOURCES = ("mot", "osai-index")

#: When true, loading and ``openviz validate`` report as an error every curated component
#: recorded as not released (status ``no``) without an evidence item naming the places
#: checked (``checked:``), see :func:`absence_problems`. On: every curated file names the
#: places looked. Setting it to ``False`` before loading lets an old file be read while it is
#: being brought up to date.
ABSENCE_NEEDS_CHECKED = True

_DATE_SHAPE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")

# `shows` text that says nothing about the page (the peer project's placeholder problem).
_PLACEHOLDERS = ("placeholder", "verification source", "todo", "tbd", "lorem ipsum", "fixme")


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
        raise KeyError(msg)

    def definition(self, definition_id: str) -> Definition:
        """Return a definition by id; the error lists the known ids."""
        try:
            return self.definitions[definition_id]
        except KeyError:
            msg = f"unknown definition {definition_id!r}; known: {', '.join(self.definitions)}"
            raise KeyError(msg) from None

    def release(self, release_id: str) -> Release:
        """Return a release by id; the error lists the close matches."""
        try:
            return self.releases[release_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(release_id, list(self.releases), n=5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            msg = f"unknown model {release_id!r}{hint}"
            raise KeyError(msg) from None

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
            raise KeyError(msg)
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
        return _Reader(root, strict).read(extra)
    stamp = _fingerprint(root, extra)
    hit = _CATALOGS.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    catalog = _Reader(root, strict).read(extra)
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


_SUFFIXES = (".yaml", ".yml")


def yaml_files(folder: Path, problems: list[Problem], recursive: bool = False) -> list[Path]:
    """Return the ``.yaml`` and ``.yml`` files in ``folder`` (``.yaml`` first), sorted.

    A file whose extension differs only in case (``Name.YAML``) would silently not be read
    on a case-sensitive file system; it gets a problem in ``problems`` instead.

    Parameters
    ----------
    folder
        The folder to list.
    problems
        Where a file left unread is reported.
    recursive
        Look in every folder below too.
    """
    found = folder.rglob("*") if recursive else folder.glob("*")
    by_suffix: dict[str, list[Path]] = {s: [] for s in _SUFFIXES}
    for p in found:
        suffix = p.suffix
        # Anything but a folder is listed: a pipe or a broken link named *.yaml is then
        # reported by the reader (which never blocks on it), not silently passed over.
        if suffix in by_suffix:
            if not p.is_dir():
                by_suffix[suffix].append(p)
        elif suffix.lower() in by_suffix and not p.is_dir():
            problems.append(
                Problem(
                    str(p),
                    0,
                    "",
                    f"the extension {suffix!r} is not read (only {suffix.lower()!r} is)",
                    f"the file renamed to {p.stem}{suffix.lower()}",
                )
            )
    return [p for s in _SUFFIXES for p in sorted(by_suffix[s])]


class _Reader:
    def __init__(self, root: Path, strict: bool) -> None:
        self.root = root
        self.strict = strict
        self.problems: list[Problem] = []
        self.skipped: list[Problem] = []
        self.access_levels: Mapping[str, Mapping[str, str]] = MappingProxyType({})
        self.schema_dir = root / "schema"
        if not (self.schema_dir / "model.schema.json").is_file():
            self.schema_dir = defs_dir() / "schema"
        self.today = dt.date.today()

    # -- top level ---------------------------------------------------------------------------
    def read(self, extra: tuple[Path, ...]) -> Catalog:
        if not self.root.is_dir():
            plain = "not a folder" if self.root.exists() else "the data folder does not exist"
            what = missing_reason(self.root, plain)
            raise CatalogError([Problem(str(self.root), 0, "", what, "a defs folder")])
        fatal: list[Problem] = []
        components = self._components(self.root / "components.yaml", fatal)
        table, license_data = self._license_table(self.root / "licenses.yaml", fatal)
        family_labels = self._families(self.root / "families.yaml", fatal)
        if fatal:
            raise CatalogError(fatal)
        self.component_ids = {c.id for c in components}
        self.table = table

        files: list[tuple[Path, str, str]] = []  # (path, expected kind or "", collection)
        # Files left unread are problems; with strict=False they are listed as skipped.
        unread = self.problems if self.strict else self.skipped
        models = self.root / "models"
        imported = models / "imported"
        for folder in (self.root / "definitions", models, imported):
            if folder.exists() and not folder.is_dir():
                unread.append(
                    Problem(
                        str(folder),
                        0,
                        "",
                        f"{folder.name!r} is a file, not a folder",
                        f"a folder named {folder.name} holding the YAML files",
                    )
                )
        for p in yaml_files(self.root / "definitions", unread):
            files.append((p, "definition", ""))
        for p in yaml_files(models, unread):
            files.append((p, "model", COLLECTIONS_DEFAULT))
        if imported.is_dir():
            # A hidden folder is an import in progress (openviz.sources.collection), not a
            # collection.
            collections = (d for d in imported.iterdir() if d.is_dir() and d.name[:1] != ".")
            for sub in sorted(collections):
                for p in yaml_files(sub, unread):
                    files.append((p, "model", sub.name))
        for base in extra:
            if base.is_dir():
                for p in yaml_files(base, unread, recursive=True):
                    files.append((p, "", "user"))
            elif base.exists():
                files.append((base, "", "user"))
            else:
                what = missing_reason(base, "no such file or folder")
                self.problems.append(Problem(str(base), 0, "", what, "a path to YAML files"))

        definitions: dict[str, Definition] = {}
        releases: dict[str, Release] = {}
        seen: dict[tuple[str, str], tuple[str, str]] = {}
        for path, kind, collection in files:
            doc = read_yaml(path)
            problems = list(doc.problems)
            record = None
            if not problems:
                kind = kind or _guess_kind(doc.data)
                problems.extend(self.check_file(doc, path, kind))
                if not problems:
                    rid = doc.data["id"]
                    other, other_collection = seen.get((kind, rid), ("", ""))
                    clash = (
                        _clash(definitions, rid, path, _display_names(doc.data))
                        if kind == "definition" and collection == "user" != other_collection
                        else ("", "")
                    )
                    # A user's model file may replace a shipped one on purpose (--add), but a
                    # definition may not (it would pass for the published one), and two
                    # user files with one id leave no way to tell which was meant.
                    if clash[0]:
                        problems.append(_clash_problem(doc, *clash))
                    elif other and (collection != "user" or other_collection == "user"):
                        problems.append(
                            Problem(
                                doc.path,
                                doc.line(("id",)),
                                "id",
                                f"duplicate id {rid!r}, already used by {other}",
                                "ids unique across files",
                            )
                        )
                    else:
                        seen[(kind, rid)] = (doc.path, collection)
                        record = (
                            _definition(doc)
                            if kind == "definition"
                            else _release(doc, collection, self.root)
                        )
                        unnamed = _unnamed_family(doc, record, family_labels)
                        if unnamed is not None:
                            problems.append(unnamed)
            if problems:
                if self.strict:
                    self.problems.extend(problems)
                else:
                    self.skipped.extend(problems)
                continue
            if isinstance(record, Definition):
                definitions[record.id] = record
            elif isinstance(record, Release):
                releases[record.id] = record
        if self.problems:
            raise CatalogError(self.problems)
        ordered = dict(
            sorted(
                definitions.items(),
                key=lambda kv: (
                    str(kv[1].lineage.get("series", kv[0])),
                    kv[1].lineage.get("order", 0),
                    kv[0],
                ),
            )
        )
        return Catalog(
            components=components,
            licenses=table,
            definitions=MappingProxyType(ordered),
            releases=MappingProxyType(releases),
            skipped=tuple(sorted(self.skipped)),
            root=str(self.root),
            license_data=MappingProxyType(license_data),
            family_labels=MappingProxyType(family_labels),
            access_levels=self.access_levels,
        )

    # -- vocabulary and licenses ---------------------------------------------------------------
    def _components(self, path: Path, fatal: list[Problem]) -> tuple[Component, ...]:
        doc = read_yaml(path)
        fatal.extend(doc.problems)
        if doc.problems:
            return ()
        problems = schema.validate_document(doc, "components", self.schema_dir)
        problems += self._check_common(doc, path, {p.field for p in problems})
        ids: dict[str, int] = {}
        entries = doc.data.get("components") if isinstance(doc.data, dict) else None
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            cid = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(cid, str):
                continue  # the schema reports it
            if cid in ids:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line(("components", i, "id")),
                        f"components[{i}].id",
                        f"duplicate component id {cid!r}",
                        "unique ids",
                    )
                )
            ids[cid] = i
        levels = doc.data.get("access_levels", []) if isinstance(doc.data, dict) else []
        level_ids = tuple(e.get("id") for e in levels if isinstance(e, dict))
        if levels and not problems and level_ids != ACCESS_LEVELS:
            # The engine compares levels by position, so the data must give its order.
            problems.append(
                Problem(
                    doc.path,
                    doc.line(("access_levels",)),
                    "access_levels",
                    f"access levels {', '.join(map(str, level_ids))} differ from the engine's",
                    ", ".join(ACCESS_LEVELS) + ", in that order",
                )
            )
        fatal.extend(problems)
        if problems:
            return ()
        self.access_levels = MappingProxyType(
            {e["id"]: MappingProxyType(e["label"]) for e in levels}
        )
        return tuple(
            Component(
                e["id"],
                e["type"],
                MappingProxyType(e["label"]),
                e["description"],
                MappingProxyType(e["names"]),
            )
            for e in doc.data["components"]
        )

    def _families(self, path: Path, fatal: list[Problem]) -> dict[str, MappingProxyType]:
        """Read the family names; a data folder without ``families.yaml`` names none."""
        if not path.exists():
            return {}
        doc = read_yaml(path)
        fatal.extend(doc.problems)
        if doc.problems:
            return {}
        folder = self.schema_dir
        if not (folder / "families.schema.json").is_file():
            folder = defs_dir() / "schema"
        problems = schema.validate_document(doc, "families", folder)
        problems += self._check_common(doc, path, {p.field for p in problems})
        labels: dict[str, MappingProxyType] = {}
        if not problems:
            for i, entry in enumerate(doc.data["families"]):
                if entry["id"] in labels:
                    problems.append(
                        Problem(
                            doc.path,
                            doc.line(("families", i, "id")),
                            f"families[{i}].id",
                            f"duplicate family id {entry['id']!r}",
                            "unique ids",
                        )
                    )
                labels[entry["id"]] = MappingProxyType(dict(entry["label"]))
        fatal.extend(problems)
        return {} if problems else labels

    def _license_table(self, path: Path, fatal: list[Problem]) -> tuple[LicenseTable, dict]:
        doc = read_yaml(path)
        fatal.extend(doc.problems)
        if doc.problems:
            return LicenseTable({}), {}
        problems = schema.validate_document(doc, "licenses", self.schema_dir)
        if not problems:
            problems.extend(self._check_common(doc, path))
            seen: dict[str, int] = {}
            entries = [("spdx", "overrides")] * len(doc.data["spdx"].get("overrides", []))
            for section, items in (
                ("spdx.overrides", doc.data["spdx"].get("overrides", [])),
                ("licenses", doc.data["licenses"]),
            ):
                for i, entry in enumerate(items):
                    lid = entry["id"].lower()
                    at = (*section.split("."), i, "id")
                    if lid in seen:
                        problems.append(
                            Problem(
                                doc.path,
                                doc.line(at),
                                field_name(at),
                                f"duplicate license id {entry['id']!r} "
                                f"(first on line {seen[lid]}; case does not count)",
                                "unique ids",
                            )
                        )
                    seen.setdefault(lid, doc.line(at))
            del entries
        fatal.extend(problems)
        if problems:
            return LicenseTable({}), {}
        return LicenseTable(doc.data), doc.data

    # -- checks shared by every file ---------------------------------------------------------
    def _check_common(
        self, doc: Document, path: Path, reported: set[str] | frozenset[str] = frozenset()
    ) -> list[Problem]:
        """Rules for every file; ``reported`` names fields the schema already faulted."""
        problems = []
        data = doc.data
        if (
            isinstance(data, dict)
            and isinstance(data.get("id"), str)
            and path.stem != data["id"]
            and path.name not in ("licenses.yaml", "components.yaml", "families.yaml")
        ):
            problems.append(
                Problem(
                    doc.path,
                    doc.line(("id",)),
                    "id",
                    f"id {data['id']!r} does not match the file name {path.name!r}",
                    f"id: {path.stem}, or rename the file to {data['id']}.yaml",
                )
            )
        checked: list[tuple[tuple, str]] = []
        odd: list[tuple[tuple, object]] = []
        _texts_to_check(data, (), checked, odd)
        for where, value in odd:
            if where[-1] is _KEY and field_name(where[:-2]) in reported:
                continue  # the schema already faulted the mapping's field names
            found = _odd_problem(doc, where, value)
            if found is not None and found.field not in reported:
                problems.append(found)
        for where, value in checked:
            last = where[-1]
            if last in ("url", "homepage"):
                why = address_problem(value)
                if why:
                    problems.append(
                        Problem(
                            doc.path,
                            doc.line(where),
                            field_name(where),
                            f"the address {_short(value)} {why}",
                            "the public address of the page, with a domain name such as "
                            "example.org",
                        )
                    )
            elif last != "shows":
                problems.extend(
                    self._check_date(doc, where, value, allow_partial=last != "accessed")
                )
            else:
                low = value.lower()
                if any(p in low for p in _PLACEHOLDERS) or low.startswith("http"):
                    problems.append(
                        Problem(
                            doc.path,
                            doc.line(where),
                            field_name(where),
                            "placeholder text instead of what the page shows",
                            "a sentence saying what this page shows about the fact",
                        )
                    )
        return problems

    def _check_date(
        self, doc: Document, where: tuple, value: str, allow_partial: bool
    ) -> list[Problem]:
        if not _DATE_SHAPE.fullmatch(value):
            return []  # the schema reports the format; here only real dates are checked
        parts = value.split("-")
        try:
            nums = [int(p) for p in parts]
            y = nums[0]
            m = nums[1] if len(nums) > 1 else 1
            d = nums[2] if len(nums) > 2 else 1
            day = dt.date(y, m, d)
        except (ValueError, IndexError):
            return [
                Problem(
                    doc.path,
                    doc.line(where),
                    field_name(where),
                    f"{value!r} is not a real date",
                    "YYYY-MM-DD" + (", YYYY-MM or YYYY" if allow_partial else ""),
                )
            ]
        if day > self.today:
            return [
                Problem(
                    doc.path,
                    doc.line(where),
                    field_name(where),
                    f"{value} is in the future",
                    f"a date on or before {self.today.isoformat()}",
                )
            ]
        return []

    def check_file(self, doc: Document, path: Path, kind: str) -> list[Problem]:
        """Check one parsed file: its shape, the schema, shared rules and cross-references."""
        if not isinstance(doc.data, dict):
            return [
                Problem(
                    doc.path,
                    doc.line(()),
                    "",
                    "the file is not a mapping of fields",
                    "key: value lines",
                )
            ]
        found = schema.validate_document(doc, kind, self.schema_dir)
        return [
            *found,
            *self._check_common(doc, path, {p.field for p in found}),
            *self._cross_check(doc, kind),
        ]

    def _cross_check(self, doc: Document, kind: str) -> list[Problem]:
        """Check references to other files, even when the schema found problems too."""
        check = self._check_definition if kind == "definition" else self._check_model
        try:
            return check(doc)
        except (KeyError, TypeError, AttributeError, IndexError):
            # The structure is broken where the schema already said so; report what it found.
            return []

    # -- models ----------------------------------------------------------------------------
    def _check_model(self, doc: Document) -> list[Problem]:
        problems = absence_problems(doc) if ABSENCE_NEEDS_CHECKED else []
        data = doc.data
        for cid, fact in (data.get("components") or {}).items():
            at = ("components", cid)
            if cid not in self.component_ids:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line(at),
                        field_name(at),
                        f"unknown component {cid!r}",
                        "a component id from components.yaml: "
                        + ", ".join(sorted(self.component_ids)),
                    )
                )
            lic = fact.get("license") if isinstance(fact, dict) else None
            if isinstance(lic, str) and self.table.get(lic) is None:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line((*at, "license")),
                        field_name((*at, "license")),
                        f"unknown license {lic!r}",
                        "an SPDX id, an id or alias from licenses.yaml, or none",
                    )
                )
        return problems

    # -- definitions ---------------------------------------------------------------------------
    def _check_definition(self, doc: Document) -> list[Problem]:
        problems = []
        data = doc.data
        # An unknown kind is the schema's to report; the checks below would only add noise.
        strategy = KINDS.get(data["kind"]) if isinstance(data["kind"], str) else None
        kind = strategy.name if strategy else ""
        for other in ("requirements", "levels", "credit", "dimensions"):
            if other in data and strategy and other not in strategy.yaml_fields:
                owners = " or ".join(k.name for k in KINDS.values() if other in k.yaml_fields)
                problems.append(
                    Problem(
                        doc.path,
                        doc.line((other,)),
                        other,
                        f"'{other}' does not apply to kind {kind}",
                        f"'{other}' only with kind {owners}",
                    )
                )
        sources = {s["id"] for s in data["sources"]}
        seen_src: set[str] = set()
        for i, s in enumerate(data["sources"]):
            if s["id"] in seen_src:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line(("sources", i, "id")),
                        f"sources[{i}].id",
                        f"duplicate source id {s['id']!r}",
                        "unique source ids",
                    )
                )
            seen_src.add(s["id"])
        node_ids: dict[str, int] = {}
        roots: list[tuple] = []
        if strategy is not None and "requirements" in strategy.yaml_fields:
            roots.append(("requirements",))
        for group in ("levels", "dimensions"):
            ids: set[str] = set()
            for i, entry in enumerate(data.get(group, [])):
                if entry["id"] in ids:
                    problems.append(
                        Problem(
                            doc.path,
                            doc.line((group, i, "id")),
                            f"{group}[{i}].id",
                            f"duplicate id {entry['id']!r}",
                            "unique ids",
                        )
                    )
                ids.add(entry["id"])
                roots.append((group, i, "requirements"))
        for root in roots:
            node = _get(data, root)
            if root[0] in ("requirements", "levels") and _switched_off(node):
                problems.append(
                    Problem(
                        doc.path,
                        doc.line(root),
                        field_name(root),
                        "every requirement is switched off (enabled: false), so every "
                        "release would "
                        + ("qualify" if root[0] == "requirements" else "reach this level"),
                        "at least one requirement that is switched on",
                    )
                )
            for where, n in _nodes(node, root):
                line = doc.line((*where, "id"))
                if n["id"] in node_ids:
                    problems.append(
                        Problem(
                            doc.path,
                            line,
                            field_name((*where, "id")),
                            f"duplicate requirement id {n['id']!r} "
                            f"(first on line {node_ids[n['id']]})",
                            "requirement ids unique within the definition",
                        )
                    )
                else:
                    node_ids[n["id"]] = line
                sid = n["source"].partition("#")[0]
                if sources and sid not in sources:
                    problems.append(
                        Problem(
                            doc.path,
                            doc.line((*where, "source")),
                            field_name((*where, "source")),
                            f"source {sid!r} is not listed under sources",
                            "one of " + ", ".join(sorted(sources)),
                        )
                    )
                node_cls = node_kind(n)
                for fld, problem, expected in node_cls.problems(n, self.component_ids) + misplaced(
                    n
                ):
                    at = (*where, fld) if fld else where
                    problems.append(
                        Problem(
                            doc.path,
                            doc.line(at) if fld else line,
                            field_name(at),
                            problem,
                            expected,
                        )
                    )
        return problems


def _unnamed_family(doc: Document, record: object, labels: Mapping) -> Problem | None:
    """Report a shipped release whose family ``families.yaml`` does not name.

    A user's own file (``--add``) may bring a family of its own: it is named from its
    releases instead.
    """
    if not labels or not isinstance(record, Release) or record.collection == "user":
        return None
    if record.family in labels:
        return None
    return Problem(
        doc.path,
        doc.line(("family",)),
        "family",
        f"family {record.family!r} is not listed in families.yaml",
        f"a family id from families.yaml, or a line for {record.family} there "
        "with its English and Chinese names",
    )


def absence_problems(doc: Document) -> list[Problem]:
    """Components recorded as not released without evidence naming the places checked.

    Absence is a fact with a source: a curated component with status ``no`` needs at least
    one evidence item with ``checked:`` (the model card, repository, paper, announcement
    looked at). Imported records (with ``origin:``) are exempt: their source database is
    the only place they were read. Applied on load when :data:`ABSENCE_NEEDS_CHECKED` is
    true; callable on its own to list what still needs it.

    Parameters
    ----------
    doc
        A model file read with :func:`openviz._yaml.read_yaml`.

    Returns
    -------
    list of Problem
        One per such component, naming the file, line and component, and what is expected:
        a ``checked:`` list on one of its evidence items.
    """
    data = doc.data
    if not isinstance(data, dict) or "origin" in data:
        return []
    comps = data.get("components")
    out = []
    for cid, fact in (comps if isinstance(comps, dict) else {}).items():
        if not isinstance(fact, dict) or fact.get("status") != "no":
            continue
        items = fact.get("evidence")
        if not isinstance(items, list) or not items:
            continue  # missing or empty evidence is already reported, once, by the schema
        if any(isinstance(e, dict) and e.get("checked") for e in items):
            continue
        out.append(
            Problem(
                doc.path,
                doc.line(("components", cid)),
                f"components.{cid}",
                'status "no" but no evidence item says where the release was checked',
                "checked: [the model card, repository, paper or announcement looked at]",
            )
        )
    return out


def _short(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


def _guess_kind(data: object) -> str:
    if isinstance(data, dict) and ("kind" in data or "publisher" in data):
        return "definition"
    return "model"


_CHECKED_TEXTS = frozenset({"accessed", "date", "release_date", "shows", "url", "homepage"})

#: Fields of running text, where line breaks and tabs are allowed.
MULTILINE_FIELDS = frozenset({"notes", "summary", "paraphrase", "shows", "description"})


def _texts_to_check(
    value: object, path: tuple, out: list[tuple[tuple, str]], odd: list[tuple[tuple, object]]
) -> None:
    """Collect (path, text) of every date, address and ``shows`` field, in file order.

    ``odd`` gets (path, value) of every text (or field name) holding a control, bidi or
    invisible character, and of every number that is not finite (``.nan``, ``.inf``).
    Only containers and matching fields get a path tuple: a catalogue has some 70,000
    values, and this runs for every file at every load.
    """
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str) and has_unsafe(k):
                odd.append(((*path, k, _KEY), k))
            if isinstance(v, str):
                if k in _CHECKED_TEXTS:
                    out.append(((*path, k), v))
                if has_unsafe(v):
                    odd.append(((*path, k), v))
            elif isinstance(v, float):
                if not math.isfinite(v):
                    odd.append(((*path, k), v))
            elif isinstance(v, (dict, list)):
                _texts_to_check(v, (*path, k), out, odd)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, (dict, list)):
                _texts_to_check(v, (*path, i), out, odd)
            elif isinstance(v, str):
                if has_unsafe(v):
                    odd.append(((*path, i), v))
            elif isinstance(v, float) and not math.isfinite(v):
                odd.append(((*path, i), v))


# Marks a path in ``odd`` as naming a field whose name (not value) is at fault.
_KEY = object()


def _odd_problem(doc: Document, where: tuple, value: object) -> Problem | None:
    """Say what is wrong with one value :func:`_texts_to_check` found odd."""
    is_key = where[-1] is _KEY
    where = where[:-1] if is_key else where
    name = next((p for p in reversed(where) if isinstance(p, str)), "")
    if isinstance(value, float):
        return Problem(
            doc.path,
            doc.line(where),
            field_name(where),
            f"{value} is not a finite number",
            "a finite number such as 0.5 or 8.0e9; .nan and .inf are not allowed",
        )
    bad = unsafe_characters(str(value), multiline=not is_key and name in MULTILINE_FIELDS)
    if not bad:
        return None
    what = "the field name" if is_key else "the text"
    return Problem(
        doc.path,
        doc.line(where),
        field_name(where),
        f"{what} holds {', '.join(describe(c) for c in bad)}",
        "plain text without control, bidirectional or invisible characters"
        + ("" if is_key or name in MULTILINE_FIELDS else "; a single line"),
    )


def _get(data: object, path: tuple) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def _switched_off(node: dict) -> bool:
    """Tell whether no requirement in ``node`` is switched on: it asks for nothing."""
    if node.get("enabled", True) is False:
        return True
    children = [c for g in ("all_of", "any_of") for c in node.get(g, [])]
    return bool(children) and all(_switched_off(c) for c in children)


def _nodes(node: dict, where: tuple):
    yield where, node
    for group in ("all_of", "any_of"):
        for i, child in enumerate(node.get(group, [])):
            yield from _nodes(child, (*where, group, i))


# -- building records ------------------------------------------------------------------------
def _evidence(items: list[dict] | None) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(e["url"], e["shows"], e["accessed"], e.get("via", ""), tuple(e.get("checked", ())))
        for e in items or ()
    )


def _fact(data: dict, key: str, line: int) -> Fact:
    return Fact(
        value=str(data.get(key, "unknown")),
        license=str(data.get("license", "")),
        evidence=_evidence(data.get("evidence")),
        notes=data.get("notes", ""),
        line=line,
    )


def _release(doc: Document, collection: str, root: Path) -> Release:
    d = doc.data
    comps = {
        cid: _fact(f, "status", doc.line(("components", cid)))
        for cid, f in d.get("components", {}).items()
    }
    rel = {k: _fact(f, "value", doc.line(("release", k))) for k, f in d.get("release", {}).items()}
    origin = d.get("origin", {})
    return Release(
        id=d["id"],
        name=d["name"],
        family=d["family"],
        organisation=d["organisation"],
        release_date=str(d["release_date"]),
        modality=d["modality"],
        stage=d["stage"],
        version=str(d.get("version", "")),
        base_model=d.get("base_model", ""),
        parameter_count=d.get("parameter_count"),
        homepage=d.get("homepage", ""),
        components=MappingProxyType(comps),
        release=MappingProxyType(rel),
        notes=d.get("notes", ""),
        collection=collection,
        source_file=origin.get("file", ""),
        origin=MappingProxyType(dict(origin)),
        path=_relative(doc.path, root),
    )


def _relative(path: str, root: Path) -> str:
    try:
        return os.path.relpath(path, root.parent)
    except ValueError:
        return path


def _node(n: dict, line_of) -> Requirement:
    kind = node_kind(n)
    enabled = bool(n.get("enabled", True))
    own = kind.parse(n, lambda c: _node(c, line_of))
    return Requirement(
        id=n["id"],
        kind=next(k for k in NODE_KEYS if k in n),
        paraphrase=n["paraphrase"],
        source=n["source"],
        label=MappingProxyType(dict(n.get("label", {}))),
        enabled=enabled,
        at_most=n.get("at_most", ""),
        line=line_of(n["id"]),
        published_enabled=enabled,
        published_licenses=own.get("licenses"),
        **own,
    )


def _definition(doc: Document) -> Definition:
    d = doc.data
    lines = {}
    roots = [("requirements",)] if "requirements" in d else []
    roots += [
        (g, i, "requirements") for g in ("levels", "dimensions") for i in range(len(d.get(g, [])))
    ]
    for root in roots:
        for where, n in _nodes(_get(d, root), root):
            lines[n["id"]] = doc.line((*where, "id"))

    def line_of(rid: str) -> int:
        return lines.get(rid, 0)

    return Definition(
        id=d["id"],
        name=d["name"],
        publisher=d["publisher"],
        version=str(d["version"]),
        date=str(d["date"]),
        status=d["status"],
        kind=d["kind"],
        summary=d["summary"],
        sources=tuple(
            Source(s["id"], s["url"], s["title"], s["accessed"], s.get("notes", ""))
            for s in d["sources"]
        ),
        short_name=MappingProxyType(dict(d.get("short_name", {}))),
        lineage=MappingProxyType(dict(d.get("lineage", {}))),
        notes=d.get("notes", ""),
        requirements=_node(d["requirements"], line_of) if "requirements" in d else None,
        levels=tuple(
            Level(
                lv["id"],
                MappingProxyType(lv["label"]),
                _node(lv["requirements"], line_of),
                MappingProxyType(dict(lv.get("short", {}))),
            )
            for lv in d.get("levels", [])
        ),
        dimensions=tuple(
            Dimension(
                x["id"],
                MappingProxyType(x["label"]),
                _node(x["requirements"], line_of),
                x.get("group", ""),
            )
            for x in d.get("dimensions", [])
        ),
        credit=MappingProxyType(dict(d.get("credit", {}))),
        path=doc.path,
    )


def definition_clash(
    definitions: Mapping[str, Definition],
    definition_id: str,
    path: str | Path | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """Say why a definition of the user's own may not have this id or name (``""``: it may).

    A definition read from a file of the user's must never pass for a published one: with
    the published id it would take that definition's place in every listing, chart and
    caption, and with a published name (``OSAID 1.0``) it would read as that one. The one
    check used by ``--add``, :func:`read_definition` (``openviz validate``,
    ``--definition-file``), :func:`openviz.authoring.save_definition` and the explorer.

    Parameters
    ----------
    definitions
        The definitions already in the catalogue.
    definition_id
        The id the user's definition has (or would get).
    path
        The user's file; a file is never a clash with itself.
    names
        Field to display name (``name``, ``short_name.en``, ...) of the user's definition.
    """
    return _clash(definitions, definition_id, path, names or {})[1]


def _clash(
    definitions: Mapping[str, Definition],
    definition_id: str,
    path: str | Path | None,
    names: Mapping[str, str],
) -> tuple[str, str]:
    """Return (field, why) of the first clash with a published definition, or ``("", "")``."""

    def same_file(d: Definition) -> bool:
        try:
            return path is not None and bool(d.path) and os.path.samefile(d.path, path)
        except OSError:
            return False

    found = definitions.get(definition_id)
    if found is not None and not same_file(found):
        return "id", (
            f"{definition_id!r} is the id of the published definition {found.title()}; "
            "a definition of your own cannot take its place"
        )
    wanted = {f: n.strip().casefold() for f, n in names.items() if isinstance(n, str)}
    for d in definitions.values():
        if same_file(d) or d.id == definition_id:
            continue
        published = {d.name, *d.short_name.values()}
        taken = {n.strip().casefold(): n for n in published}
        for fld, name in wanted.items():
            if name in taken:
                return fld, (
                    f"{taken[name]!r} is the name of the published definition {d.id}; "
                    "a definition of your own cannot pass for it"
                )
    return "", ""


def _display_names(data: Mapping) -> dict[str, str]:
    names = {"name": data.get("name")}
    short = data.get("short_name")
    if isinstance(short, Mapping):
        names.update({f"short_name.{k}": v for k, v in short.items()})
    return {k: v for k, v in names.items() if isinstance(v, str)}


def _clash_problem(doc: Document, fld: str, why: str) -> Problem:
    if fld == "id":
        expected = "an id of its own, with the file renamed to match, e.g. my-" + str(
            doc.data["id"]
        )
    else:
        expected = "a name of its own, e.g. with (custom) after it"
    return Problem(doc.path, doc.line(tuple(fld.split("."))), fld, why, expected)


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
    reader = _Reader(Path(catalog.root), strict=True)
    reader.component_ids = {c.id for c in catalog.components}
    reader.table = catalog.licenses
    problems = list(doc.problems) or reader.check_file(doc, Path(path), kind)
    if not problems and kind == "definition":
        clash = _clash(catalog.definitions, doc.data["id"], path, _display_names(doc.data))
        if clash[0]:
            problems.append(_clash_problem(doc, *clash))
    return problems


def _read_one(path: str | Path, catalog: Catalog | None, kind: str) -> Definition | Release:
    catalog = catalog or load_catalog()
    doc = read_yaml(path)
    problems = check_document(doc, path, catalog, kind)
    if problems:
        raise CatalogError(problems)
    if kind == "definition":
        return _definition(doc)
    return _release(doc, "user", Path(catalog.root))
