"""Write a (toggled) definition back out as a YAML file that ``openviz validate`` accepts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from openviz._files import check_target, refuse_shipped, write_atomic
from openviz._yaml import read_yaml
from openviz.catalog import Catalog, check_document, definition_clash, load_catalog
from openviz.problems import CatalogError
from openviz.records import Definition, Requirement
from openviz.requirements import node_kind

__all__ = ["definition_record", "save_definition"]


def definition_record(
    definition: Definition, id: str, name: str, publisher: str = "", notes: str = ""
) -> dict:
    """Return a definition file's content for ``definition`` as it stands, toggles applied.

    The published version is named as the base in ``notes``, so a reader can see where the
    custom definition comes from; switched-off requirements stay in the file as optional.
    """
    changes = "; ".join(
        f"{k.partition('#')[0]}: " + (v if isinstance(v, str) else "licenses " + ", ".join(v))
        for k, v in definition.toggles
    )
    base = f"Based on {definition.id} ({definition.name}, {definition.version})."
    record: dict = {
        "id": id,
        "name": name,
        "short_name": {"en": name[:40], "zh": name[:40]},
        "publisher": publisher or "custom (openviz user)",
        "version": "custom",
        "date": dt.date.today().isoformat(),
        "status": "proposal",
        "kind": definition.kind,
        "summary": definition.summary,
        "sources": [
            {"id": s.id, "url": s.url, "title": s.title, "accessed": s.accessed}
            for s in definition.sources
        ],
        "notes": " ".join(x for x in (base, f"Changed: {changes}." if changes else "", notes) if x),
    }
    record.update(definition.strategy.dump_parts(definition, _node))
    return record


def _node(node: Requirement) -> dict:
    out: dict = {"id": node.id}
    if node.label:
        out["label"] = dict(node.label)
    out["paraphrase"] = node.paraphrase
    out["source"] = node.source
    if not node.enabled:
        out["enabled"] = False
    out.update(node_kind(node).dump(node, _node))
    if node.at_most:
        out["at_most"] = node.at_most
    return out


def save_definition(
    definition: Definition,
    path: str | Path,
    *,
    id: str | None = None,
    name: str | None = None,
    overwrite: bool = False,
    catalog: Catalog | None = None,
) -> Path:
    """Save a (toggled) definition as a new YAML file, atomically.

    Parameters
    ----------
    definition
        The definition to save, usually a published one with toggles applied.
    path
        Target file; its name (without ``.yaml``) becomes the id unless ``id`` is given.
    id, name
        The new definition's id and name.
    overwrite
        Replace an existing file. Files of the shipped catalogue are never replaced.
    catalog
        The catalogue the file is checked against before it is written (the shipped one
        when ``None``): the file written is one ``openviz validate`` accepts.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    FileExistsError
        When the file exists and ``overwrite`` is false, is not a regular file, or belongs to
        the shipped data.
    ValueError
        When the id is that of a published definition, or is not the file name.
    CatalogError
        When the file would not pass ``openviz validate`` (an id with spaces or capitals,
        a name too long, ...); nothing is written.
    """
    target = Path(path)
    if target.suffix not in (".yaml", ".yml"):
        target = target.with_suffix(".yaml")
    new_id = id or target.stem
    if new_id != target.stem:
        msg = f"the file name must be the id: save {new_id!r} as {new_id}.yaml"
        raise ValueError(msg)
    exists = f"{target} already exists; choose another name or pass overwrite=True"
    # The one guard every writer uses: no folder, pipe or device replaced, nothing written
    # into the shipped catalogue; the folder is made below, so check it only if it is there.
    if target.parent.is_dir():
        check_target(target, replace=overwrite, exists_message=exists)
    else:
        refuse_shipped(target)
    cat = catalog or load_catalog()
    why = definition_clash(cat.definitions, new_id, target)
    if why:
        raise ValueError(why)
    record = definition_record(definition, new_id, name or f"{definition.name} (custom)")
    text = "# yaml-language-server: $schema=https://openviz.dev/schema/definition.schema.json\n"
    text += yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
    # The same checks as `openviz validate`, on the text about to be written.
    problems = check_document(read_yaml(target, text.encode("utf-8")), target, cat, "definition")
    if problems:
        raise CatalogError(problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(target, text, replace=overwrite, exists_message=exists)
