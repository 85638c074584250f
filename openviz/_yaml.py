"""Safe YAML reading that keeps line numbers and refuses what a data file should never hold.

PyYAML's safe loader builds only plain data, but it silently keeps the last of two duplicate
keys, turns ``yes`` into ``True`` and dates into ``datetime`` objects, and expands aliases
without limit. Data files here are hand-written by users under time pressure, so each of
those is reported as a problem with its line instead.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from openviz._files import read_regular
from openviz._yaml_build import Builder, Refused
from openviz._yaml_doc import MAX_BYTES, MAX_DEPTH, MAX_NODES, Document, StrictLoader, field_name
from openviz._yaml_errors import detailed, flow_too_deep, syntax_problem, too_deep
from openviz.problems import Problem

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "Document", "field_name", "read_yaml"]


def read_yaml(path: str | Path, text: bytes | None = None) -> Document:
    """Read one YAML file into a :class:`Document`; never raises for bad content.

    Parameters
    ----------
    path
        The file to read (also used in messages).
    text
        The raw bytes, when they are already in memory.
    """
    name = str(path)
    doc = Document(name)
    if text is None:
        try:
            text = read_regular(path)
        except OSError as exc:
            doc.problems.append(
                Problem(name, 0, "", f"cannot read the file: {exc.strerror}", "a YAML file")
            )
            return doc
    source = _decoded(doc, text)
    if source is None:
        return doc
    node, loader = _parsed(doc, source)
    if doc.problems:
        return doc
    if node is None or (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:null"
        and node.value == ""
    ):
        doc.problems.append(Problem(name, 0, "", "the file is empty", "a YAML mapping of fields"))
        return doc
    builder = Builder(doc, loader)
    try:
        doc.data = builder.build(node, (), 0)
    except Refused as exc:
        doc.data = None
        doc.problems.append(Problem(name, exc.line, exc.field, str(exc), exc.expected))
    return doc


def _decoded(doc: Document, text: bytes) -> str | None:
    """Return the file's text, or ``None`` with a problem in ``doc`` (too large, not UTF-8...)."""
    name = doc.path
    if len(text) > MAX_BYTES:
        doc.problems.append(
            Problem(
                name,
                0,
                "",
                f"the file is too large ({len(text):,} bytes)",
                f"at most {MAX_BYTES:,} bytes",
            )
        )
        return None
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc.problems.append(
            Problem(name, 1, "", "the file is UTF-16 text", "UTF-8 text; save the file as UTF-8")
        )
        return None
    try:
        source = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = text[: exc.start].count(b"\n") + 1
        doc.problems.append(
            Problem(
                name, line, "", f"byte 0x{text[exc.start]:02x} is not valid UTF-8", "UTF-8 text"
            )
        )
        return None
    if not source.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in source.splitlines()
    ):
        doc.problems.append(Problem(name, 0, "", "the file is empty", "a YAML mapping of fields"))
        return None
    return source


def _parsed(doc: Document, source: str) -> tuple[yaml.Node | None, StrictLoader | None]:
    """Compose the YAML node graph, or return ``None`` with the problem in ``doc``.

    An empty document composes to ``None`` too, without a problem: the caller reports it.
    """
    name = doc.path
    try:
        deep = flow_too_deep(name, source) or too_deep(name, source)
        if deep is not None:
            doc.problems.append(deep)
            return None, None
        loader = StrictLoader(source)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(syntax_problem(name, source, detailed(exc, source)))
        return None, None
    except yaml.reader.ReaderError as exc:
        line = source[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        doc.problems.append(
            Problem(
                name,
                line,
                "",
                f"character U+{ord(char):04X} is not allowed in YAML",
                "printable text without control characters",
            )
        )
        return None, None
    except yaml.YAMLError as exc:  # pragma: no cover - the ones above are all there are
        doc.problems.append(Problem(name, 0, "", f"YAML error: {exc}", "valid YAML syntax"))
        return None, None
    return node, loader
