"""The catalogue's checks of one data file, one function per rule.

The schema (:mod:`openviz.schema`) checks each file's shape first; these rules check what a
schema cannot say (references to the vocabulary, to licences and to sources, unique ids,
dates and addresses). They run even when the schema found problems, so that every problem
is reported in one pass: each rule therefore steps over the malformed shapes the schema
already reported instead of failing on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from openviz import schema
from openviz._catalog_records import child_nodes, get_path, requirement_roots, walk_nodes
from openviz._catalog_text import check_common, problem
from openviz._yaml import Document, field_name
from openviz.kinds import KINDS
from openviz.licenses import LicenseTable
from openviz.problems import Problem
from openviz.requirements import misplaced, node_kind


@dataclass
class FileChecks:
    """The vocabulary a file is checked against, and :meth:`check_file` to check it.

    Attributes
    ----------
    schema_dir
        The folder of the JSON Schemas.
    component_ids
        The component ids of ``components.yaml``.
    table
        The licence table.
    absence_needs_checked
        Apply :func:`absence_problems` to model files.
    today
        Dates after it are in the future.
    """

    schema_dir: Path
    component_ids: Collection[str] = ()
    table: LicenseTable = field(default_factory=lambda: LicenseTable({}))
    absence_needs_checked: bool = True
    today: dt.date = field(default_factory=dt.date.today)

    def check_file(self, doc: Document, path: Path, kind: str) -> list[Problem]:
        """Check one parsed file: its shape, the schema, shared rules and cross-references."""
        if not isinstance(doc.data, dict):
            return [problem(doc, (), "the file is not a mapping of fields", "key: value lines")]
        found = schema.validate_document(doc, kind, self.schema_dir)
        return [
            *found,
            *check_common(doc, path, self.today, {p.field for p in found}),
            *(self.check_definition(doc) if kind == "definition" else self.check_model(doc)),
        ]

    def check_model(self, doc: Document) -> list[Problem]:
        """Check a model file's references to the component vocabulary and the licences."""
        problems = absence_problems(doc) if self.absence_needs_checked else []
        comps = doc.data.get("components")
        for cid, fact in (comps if isinstance(comps, dict) else {}).items():
            at = ("components", cid)
            if cid not in self.component_ids:
                problems.append(
                    problem(
                        doc,
                        at,
                        f"unknown component {cid!r}",
                        "a component id from components.yaml: "
                        + ", ".join(sorted(self.component_ids)),
                    )
                )
            lic = fact.get("license") if isinstance(fact, dict) else None
            if isinstance(lic, str) and self.table.get(lic) is None:
                problems.append(
                    problem(
                        doc,
                        (*at, "license"),
                        f"unknown license {lic!r}",
                        "an SPDX id, an id or alias from licenses.yaml, or none",
                    )
                )
        return problems

    def check_definition(self, doc: Document) -> list[Problem]:
        """Check a definition file: fields of its kind, unique ids, sources, its nodes."""
        data = doc.data
        return [
            *fields_of_kind(doc),
            *unique_ids(doc, "sources", "duplicate source id {!r}", "unique source ids"),
            *unique_ids(doc, "levels", "duplicate id {!r}", "unique ids"),
            *unique_ids(doc, "dimensions", "duplicate id {!r}", "unique ids"),
            *switched_off_roots(doc),
            *unique_requirement_ids(doc),
            *node_problems(doc, _source_ids(data), self.component_ids),
        ]


def _kind(data: dict):
    kind = data.get("kind")
    # An unknown kind is the schema's to report; the checks would only add noise.
    return KINDS.get(kind) if isinstance(kind, str) else None


def _entries(data: dict, group: str) -> list[tuple[int, dict]]:
    """Return ``(index, entry)`` of the mappings listed under ``group``."""
    items = data.get(group)
    listed = items if isinstance(items, list) else []
    return [(i, e) for i, e in enumerate(listed) if isinstance(e, dict)]


def _source_ids(data: dict) -> set[str]:
    return {e["id"] for _, e in _entries(data, "sources") if isinstance(e.get("id"), str)}


def _roots(data: dict) -> list[tuple]:
    """Return the paths of the requirement trees a definition's kind reads."""
    strategy = _kind(data)
    wants_top = strategy is not None and "requirements" in strategy.yaml_fields
    return [r for r in requirement_roots(data) if r[0] != "requirements" or wants_top]


def fields_of_kind(doc: Document) -> list[Problem]:
    """Report ``requirements``, ``levels``, ``credit`` or ``dimensions`` its kind ignores."""
    strategy = _kind(doc.data)
    if strategy is None:
        return []
    out = []
    for other in ("requirements", "levels", "credit", "dimensions"):
        if other in doc.data and other not in strategy.yaml_fields:
            owners = " or ".join(k.name for k in KINDS.values() if other in k.yaml_fields)
            out.append(
                problem(
                    doc,
                    (other,),
                    f"'{other}' does not apply to kind {strategy.name}",
                    f"'{other}' only with kind {owners}",
                )
            )
    return out


def unique_ids(doc: Document, group: str, message: str, expected: str) -> list[Problem]:
    """Report an id used twice among the entries listed under ``group``."""
    seen: set[str] = set()
    out = []
    for i, entry in _entries(doc.data, group):
        eid = entry.get("id")
        if not isinstance(eid, str):
            continue  # the schema reports it
        if eid in seen:
            out.append(problem(doc, (group, i, "id"), message.format(eid), expected))
        seen.add(eid)
    return out


def _switched_off(node: dict) -> bool:
    """Tell whether no requirement in ``node`` is switched on: it asks for nothing."""
    if node.get("enabled", True) is False:
        return True
    children = [child for _, _, child in child_nodes(node)]
    return bool(children) and all(_switched_off(c) for c in children)


def switched_off_roots(doc: Document) -> list[Problem]:
    """Report a definition, or a level of one, that asks for nothing."""
    out = []
    for root in _roots(doc.data):
        if root[0] in ("requirements", "levels") and _switched_off(get_path(doc.data, root)):
            out.append(
                problem(
                    doc,
                    root,
                    "every requirement is switched off (enabled: false), so every release "
                    "would " + ("qualify" if root[0] == "requirements" else "reach this level"),
                    "at least one requirement that is switched on",
                )
            )
    return out


def _all_nodes(data: dict):
    for root in _roots(data):
        yield from walk_nodes(get_path(data, root), root)


def unique_requirement_ids(doc: Document) -> list[Problem]:
    """Report a requirement id used twice in a definition (an edit or a gap names one)."""
    first: dict[str, int] = {}
    out = []
    for where, n in _all_nodes(doc.data):
        rid = n.get("id")
        if not isinstance(rid, str):
            continue  # the schema reports it
        line = doc.line((*where, "id"))
        if rid in first:
            out.append(
                problem(
                    doc,
                    (*where, "id"),
                    f"duplicate requirement id {rid!r} (first on line {first[rid]})",
                    "requirement ids unique within the definition",
                )
            )
        else:
            first[rid] = line
    return out


def node_problems(doc: Document, sources: set[str], component_ids) -> list[Problem]:
    """Report a node citing an unlisted source, or failing its own kind's checks."""
    out = []
    for where, n in _all_nodes(doc.data):
        source = n.get("source")
        sid = source.partition("#")[0] if isinstance(source, str) else None
        if sources and sid is not None and sid not in sources:
            out.append(
                problem(
                    doc,
                    (*where, "source"),
                    f"source {sid!r} is not listed under sources",
                    "one of " + ", ".join(sorted(sources)),
                )
            )
        found = node_kind(n).problems(n, component_ids) + misplaced(n)
        for fld, what, expected in found:
            if fld:
                out.append(problem(doc, (*where, fld), what, expected))
            else:
                # A problem of the node as a whole is reported on the line of its id.
                line = doc.line((*where, "id"))
                out.append(Problem(doc.path, line, field_name(where), what, expected))
    return out


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
