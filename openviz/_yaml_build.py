"""Turn a composed YAML node graph into plain data, with lines and the refusals of a data file."""

from __future__ import annotations

import yaml

from openviz._yaml_doc import MAX_DEPTH, MAX_NODES, Document, field_name
from openviz.problems import Problem


class Refused(Exception):
    def __init__(self, msg: str, line: int, expected: str, field: str = "") -> None:
        super().__init__(msg)
        self.line = line
        self.expected = expected
        self.field = field


def _tag(tag: str) -> str:
    """Return a tag as the user wrote it: ``!!python/object``, not its long form."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


class Builder:
    """Turn a composed node graph into plain data, recording lines and duplicate keys."""

    def __init__(self, doc: Document, loader: yaml.SafeLoader) -> None:
        self.doc = doc
        self.loader = loader
        self.count = 0
        self.open: set[int] = set()  # collections being built, to catch self-referring aliases
        # node -> (value, values it expands to, height): aliases reuse what was built
        self.built: dict[int, tuple[object, int, int]] = {}
        self.height = 0  # height of the node built last

    def problem(self, node: yaml.Node, path: tuple, problem: str, expected: str) -> None:
        """Record a problem at ``node``'s line, in the field ``path`` (and read on)."""
        line = node.start_mark.line + 1
        self.doc.problems.append(Problem(self.doc.path, line, field_name(path), problem, expected))

    def refuse(self, msg: str, line: int, path: tuple, expected: str) -> Refused:
        # Name the top-level field, where the user can find the culprit.
        return Refused(msg, line, expected, field_name(path[:1]))

    def build(self, node: yaml.Node, path: tuple, depth: int) -> object:
        line = node.start_mark.line + 1
        done = self.built.get(id(node))
        if done is not None:
            # An alias of something built already: share it, but count what it expands to,
            # so an alias bomb is refused at once instead of after 200,000 copies.
            value, size, height = done
            self.count += size
            if self.count > MAX_NODES:
                msg = f"the file expands to more than {MAX_NODES:,} values (alias expansion?)"
                # Blame the field whose aliases cross the limit, on the line it starts.
                at = self.doc.lines.get(path[:1], line)
                raise self.refuse(msg, at, path, "plain data without repeated aliases")
            if depth + height - 1 > MAX_DEPTH:
                msg = f"nesting deeper than {MAX_DEPTH} levels"
                raise self.refuse(msg, line, path, "a shallower structure")
            self.doc.lines.setdefault(path, line)
            return value
        start = self.count
        self.height = 0
        value = self._build(node, path, depth, line)
        self.height += 1
        self.built[id(node)] = (value, self.count - start, self.height)
        return value

    def _build(self, node: yaml.Node, path: tuple, depth: int, line: int) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            # Aliases share nodes, so a small file can expand into billions of values.
            msg = f"the file expands to more than {MAX_NODES:,} values (alias expansion?)"
            raise self.refuse(msg, line, path, "plain data without repeated aliases")
        if id(node) in self.open:
            msg = "an alias refers to the list or mapping that contains it"
            raise self.refuse(msg, line, path, "plain data without self-referring aliases")
        if depth > MAX_DEPTH:
            msg = f"nesting deeper than {MAX_DEPTH} levels"
            raise self.refuse(msg, line, path, "a shallower structure")
        self.doc.lines.setdefault(path, line)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in (
            "tag:yaml.org,2002:map",
            "tag:yaml.org,2002:seq",
        ):
            msg = f"YAML tag {_tag(node.tag)!r} is not allowed"
            raise Refused(msg, line, "plain lists and mappings", field_name(path))
        tallest = 0  # height of the tallest child built
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            self.open.add(id(node))
            items = []
            for i, item in enumerate(node.value):
                items.append(self.build(item, (*path, i), depth + 1))
                tallest = max(tallest, self.height)
            self.open.discard(id(node))
            self.height = tallest
            return items
        return self.scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: tuple, depth: int) -> dict:
        """Build a mapping; a key that is no plain name, a merge key or a repeat is a problem."""
        tallest = 0  # height of the tallest child built
        self.open.add(id(node))
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(
                    key_node, path, "a key is a list or mapping, not a plain name", "text keys"
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(
                    key_node, path, "merge keys (<<) are not supported", "the fields written out"
                )
                continue
            key = self.scalar(key_node, path)
            if not isinstance(key, str):
                key = (
                    "null"
                    if key is None
                    else str(key).lower()
                    if isinstance(key, bool)
                    else str(key)
                )
            kline = key_node.start_mark.line + 1
            if key in out:
                first = self.doc.lines.get((*path, key), 0)
                self.problem(
                    key_node,
                    (*path, key),
                    f"duplicate key (first written on line {first})",
                    "each key once per mapping",
                )
                continue
            self.doc.lines[(*path, key)] = kline
            out[key] = self.build(value_node, (*path, key), depth + 1)
            tallest = max(tallest, self.height)
        self.open.discard(id(node))
        self.height = tallest
        return out

    def scalar(self, node: yaml.ScalarNode, path: tuple) -> object:
        if node.tag not in _PLAIN_TAGS:
            # Explicit tags such as !!python/object ask for objects; data files hold plain data.
            self.problem(
                node,
                path,
                f"YAML tag {_tag(node.tag)!r} is not allowed",
                "plain text, numbers, true/false, lists and mappings",
            )
            return node.value
        if node.tag == _STR_TAG:
            # What SafeConstructor.construct_yaml_str returns, without its call chain: most
            # values are text, and this runs for each of them (a catalogue has ~110,000).
            return node.value
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, KeyError, IndexError, TypeError, yaml.YAMLError):
            # An explicit !!int on text, or an integer too long for Python to convert.
            value = _UNREADABLE
        # Integers past 64 bits are no data of ours, and cannot even be printed in decimal
        # once they pass 4300 digits (hex and binary ones can get that far).
        if value is _UNREADABLE or (isinstance(value, int) and value.bit_length() > 64):
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            kind = _tag(node.tag).removeprefix("!!")
            self.problem(
                node,
                path,
                f"{shown!r} cannot be read as {kind}"
                + (" (too large)" if value is not _UNREADABLE else ""),
                "a number of at most 19 digits, or text in quotes",
            )
            return node.value
        return value


_UNREADABLE = object()
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null"))
