"""Build :class:`Release` and :class:`Definition` records from checked YAML documents.

The documents have passed the catalogue's checks (:mod:`openviz._catalog_checks`), so the
fields the schema requires are there. Also the one rule that keeps a user's definition
from passing for a published one (:func:`definition_clash`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from openviz._yaml import Document
from openviz.problems import Problem
from openviz.records import (
    Definition,
    Dimension,
    Evidence,
    Fact,
    Level,
    Release,
    Requirement,
    Source,
)
from openviz.requirements import NODE_KEYS, node_kind


def requirement_roots(data: Mapping) -> list[tuple]:
    """Return the paths of every requirement tree in a definition's data, in file order."""
    roots: list[tuple] = [("requirements",)] if isinstance(data.get("requirements"), dict) else []
    for group in ("levels", "dimensions"):
        entries = data.get(group)
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get("requirements"), dict):
                roots.append((group, i, "requirements"))
    return roots


def get_path(data: object, path: tuple) -> object:
    """Return the value at ``path`` (keys and indexes) in nested data."""
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def child_nodes(node: Mapping) -> list[tuple[str, int, dict]]:
    """Return ``(group, index, child)`` of a node's ``all_of`` and ``any_of`` mappings."""
    out = []
    for group in ("all_of", "any_of"):
        children = node.get(group)
        for i, child in enumerate(children if isinstance(children, list) else []):
            if isinstance(child, dict):
                out.append((group, i, child))
    return out


def walk_nodes(node: Mapping, where: tuple):
    """Yield ``(path, node)`` of a requirement node and every node below it, in file order."""
    yield where, node
    for group, i, child in child_nodes(node):
        yield from walk_nodes(child, (*where, group, i))


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


def build_release(doc: Document, collection: str, root: Path) -> Release:
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


def build_definition(doc: Document) -> Definition:
    d = doc.data
    lines = {}
    for root in requirement_roots(d):
        for where, n in walk_nodes(get_path(d, root), root):
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
    return clash(definitions, definition_id, path, names or {})[1]


def clash(
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


def display_names(data: Mapping) -> dict[str, str]:
    names = {"name": data.get("name")}
    short = data.get("short_name")
    if isinstance(short, Mapping):
        names.update({f"short_name.{k}": v for k, v in short.items()})
    return {k: v for k, v in names.items() if isinstance(v, str)}


def clash_problem(doc: Document, fld: str, why: str) -> Problem:
    if fld == "id":
        expected = "an id of its own, with the file renamed to match, e.g. my-" + str(
            doc.data["id"]
        )
    else:
        expected = "a name of its own, e.g. with (custom) after it"
    return Problem(doc.path, doc.line(tuple(fld.split("."))), fld, why, expected)
