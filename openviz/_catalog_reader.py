"""Read a data folder: the vocabulary, the licence table, then every record file.

:func:`openviz.catalog.load_catalog` is the way in; this module holds the reading, the
checks are in :mod:`openviz._catalog_checks` and the records are built by
:mod:`openviz._catalog_records`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from openviz import schema
from openviz._catalog_checks import FileChecks
from openviz._catalog_records import (
    build_definition,
    build_release,
    clash,
    clash_problem,
    display_names,
)
from openviz._catalog_text import check_common, duplicate_id
from openviz._files import missing_reason
from openviz._paths import defs_dir
from openviz._yaml import Document, field_name, read_yaml
from openviz.licenses import LicenseTable
from openviz.problems import CatalogError, Problem
from openviz.records import ACCESS_LEVELS, Component, Definition, Release

COLLECTIONS_DEFAULT = "curated"

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


def schema_folder(root: Path) -> Path:
    """Return the schema folder of a data folder, or the shipped one if it has none."""
    own = root / "schema"
    return own if (own / "model.schema.json").is_file() else defs_dir() / "schema"


class _Reader:
    def __init__(self, root: Path, strict: bool, absence_needs_checked: bool = True) -> None:
        self.root = root
        self.strict = strict
        self.problems: list[Problem] = []
        self.skipped: list[Problem] = []
        self.access_levels: Mapping[str, Mapping[str, str]] = MappingProxyType({})
        self.schema_dir = schema_folder(root)
        self.checks = FileChecks(self.schema_dir, absence_needs_checked=absence_needs_checked)

    # -- top level ---------------------------------------------------------------------------
    def read(self, extra: tuple[Path, ...]) -> dict:
        """Read everything; return the fields of a :class:`openviz.catalog.Catalog`."""
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
        self.checks.component_ids = {c.id for c in components}
        self.checks.table = table
        definitions, releases = self._records(self._files(extra), family_labels)
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
        return {
            "components": components,
            "licenses": table,
            "definitions": MappingProxyType(ordered),
            "releases": MappingProxyType(releases),
            "skipped": tuple(sorted(self.skipped)),
            "root": str(self.root),
            "license_data": MappingProxyType(license_data),
            "family_labels": MappingProxyType(family_labels),
            "access_levels": self.access_levels,
        }

    def _files(self, extra: tuple[Path, ...]) -> list[tuple[Path, str, str]]:
        """Return ``(path, expected kind or "", collection)`` of every record file."""
        files: list[tuple[Path, str, str]] = []
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
        return files

    def _records(
        self, files: list[tuple[Path, str, str]], family_labels: Mapping
    ) -> tuple[dict[str, Definition], dict[str, Release]]:
        """Read and check every file; keep the records of those without problems."""
        definitions: dict[str, Definition] = {}
        releases: dict[str, Release] = {}
        seen: dict[tuple[str, str], tuple[str, str]] = {}
        for path, kind, collection in files:
            doc = read_yaml(path)
            problems = list(doc.problems)
            record = None
            if not problems:
                kind = kind or _guess_kind(doc.data)
                problems.extend(self.checks.check_file(doc, path, kind))
            if not problems:
                record = self._record(doc, kind, collection, seen, definitions, problems)
                unnamed = _unnamed_family(doc, record, family_labels)
                if unnamed is not None:
                    problems.append(unnamed)
            if problems:
                (self.problems if self.strict else self.skipped).extend(problems)
            elif isinstance(record, Definition):
                definitions[record.id] = record
            elif isinstance(record, Release):
                releases[record.id] = record
        return definitions, releases

    def _record(
        self,
        doc: Document,
        kind: str,
        collection: str,
        seen: dict[tuple[str, str], tuple[str, str]],
        definitions: Mapping[str, Definition],
        problems: list[Problem],
    ) -> Definition | Release | None:
        """Build the record of a checked file, or add to ``problems`` why its id is taken."""
        rid = doc.data["id"]
        other, other_collection = seen.get((kind, rid), ("", ""))
        found = (
            clash(definitions, rid, doc.path, display_names(doc.data))
            if kind == "definition" and collection == "user" != other_collection
            else ("", "")
        )
        # A user's model file may replace a shipped one on purpose (--add), but a definition
        # may not (it would pass for the published one), and two user files with one id
        # leave no way to tell which was meant.
        if found[0]:
            problems.append(clash_problem(doc, *found))
            return None
        if other and (collection != "user" or other_collection == "user"):
            problems.append(duplicate_id(doc, rid, other))
            return None
        seen[(kind, rid)] = (doc.path, collection)
        if kind == "definition":
            return build_definition(doc)
        return build_release(doc, collection, self.root)

    # -- vocabulary and licenses ---------------------------------------------------------------
    def _components(self, path: Path, fatal: list[Problem]) -> tuple[Component, ...]:
        doc = read_yaml(path)
        fatal.extend(doc.problems)
        if doc.problems:
            return ()
        problems = schema.validate_document(doc, "components", self.schema_dir)
        problems += check_common(doc, path, self.checks.today, {p.field for p in problems})
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
        problems += check_common(doc, path, self.checks.today, {p.field for p in problems})
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
            problems.extend(check_common(doc, path, self.checks.today))
            seen: dict[str, int] = {}
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
        fatal.extend(problems)
        if problems:
            return LicenseTable({}), {}
        return LicenseTable(doc.data), doc.data


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


def _guess_kind(data: object) -> str:
    if isinstance(data, dict) and ("kind" in data or "publisher" in data):
        return "definition"
    return "model"
