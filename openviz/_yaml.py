"""Safe YAML reading that keeps line numbers and refuses what a data file should never hold.

PyYAML's safe loader builds only plain data, but it silently keeps the last of two duplicate
keys, turns ``yes`` into ``True`` and dates into ``datetime`` objects, and expands aliases
without limit. Data files here are hand-written by users under time pressure, so each of
those is reported as a problem with its line instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from openviz._files import read_regular
from openviz.problems import Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader with YAML 1.2 booleans and no implicit timestamps."""


# YAML 1.1 reads yes/no/on/off as booleans and dates as datetime objects; our schemas want the
# words and dates as written, so keep only the YAML 1.2 booleans and drop timestamp resolution.
_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass
class Document:
    """The plain data of one YAML file plus where each field was written.

    ``lines`` maps a path tuple (keys and list indexes) to a 1-based line number.
    """

    path: str
    data: object = None
    lines: dict[tuple, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: tuple | list) -> int:
        """Return the line of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1 if self.data is not None else 0)


def field_name(path: tuple | list) -> str:
    """Render a path tuple as ``a.b[0].c``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


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
        return doc
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc.problems.append(
            Problem(name, 1, "", "the file is UTF-16 text", "UTF-8 text; save the file as UTF-8")
        )
        return doc
    try:
        source = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = text[: exc.start].count(b"\n") + 1
        doc.problems.append(
            Problem(
                name, line, "", f"byte 0x{text[exc.start]:02x} is not valid UTF-8", "UTF-8 text"
            )
        )
        return doc
    if not source.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in source.splitlines()
    ):
        doc.problems.append(Problem(name, 0, "", "the file is empty", "a YAML mapping of fields"))
        return doc
    try:
        deep = _flow_too_deep(name, source) or _too_deep(name, source)
        if deep is not None:
            doc.problems.append(deep)
            return doc
        loader = _StrictLoader(source)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(name, source, _detailed(exc, source)))
        return doc
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
        return doc
    except yaml.YAMLError as exc:  # pragma: no cover - the ones above are all there are
        doc.problems.append(Problem(name, 0, "", f"YAML error: {exc}", "valid YAML syntax"))
        return doc
    if node is None or (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:null"
        and node.value == ""
    ):
        doc.problems.append(Problem(name, 0, "", "the file is empty", "a YAML mapping of fields"))
        return doc
    builder = _Builder(doc, loader)
    try:
        doc.data = builder.build(node, (), 0)
    except _Refused as exc:
        doc.data = None
        doc.problems.append(Problem(name, exc.line, exc.field, str(exc), exc.expected))
    return doc


# Every level of nesting needs one of these characters, so a file with few of them cannot be
# deep; only other files get the (slower) event scan below.
_NESTING_CHARS = "[{-?:"
_SCAN_ABOVE = 2_000


_FLOW_MARKS = re.compile(r"[\[\]{}'\"#\n]")
_TOP_KEY = re.compile(r"([^\s#'\"][^:#]*?):(?:\s|$)")


def _flow_too_deep(name: str, source: str) -> Problem | None:
    """Refuse deeply nested brackets by reading the text alone, before any YAML library.

    Parsers set nesting limits of their own, and their messages differ from release to release;
    deep ``[``/``{`` nesting is checked here first so the message is always openviz's. Quoted
    text and comments are skipped; a bracket counts only where a flow collection can start
    (inside one already, or as the first character of a value), so brackets in plain prose
    do not.
    """
    if source.count("[") + source.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    line = 1
    line_start = 0
    pos = 0
    top_key = ""
    while (match := _FLOW_MARKS.search(source, pos)) is not None:
        i = match.start()
        char = source[i]
        pos = i + 1
        if char == "\n":
            line += 1
            line_start = pos
            key = _TOP_KEY.match(source, pos)
            if depth == 0 and key:
                top_key = key.group(1).strip()
        elif char == "#":
            if i == line_start or source[i - 1] in " \t":
                end = source.find("\n", i)
                pos = len(source) if end < 0 else end
        elif char in "'\"":
            before = source[line_start:i].rstrip(" \t")
            if depth or not before or before.endswith((":", "-", "?")):
                pos = _quote_end(source, i)
                line += source.count("\n", i, pos)
                if "\n" in source[i:pos]:
                    line_start = source.rfind("\n", i, pos) + 1
        elif char in "[{":
            before = source[line_start:i].rstrip(" \t")
            if depth or not before or before.endswith((":", "-", "?")):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(
                        name,
                        line,
                        top_key,
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "a shallower structure",
                    )
        elif depth:
            depth -= 1
    return None


def _quote_end(source: str, start: int) -> int:
    """Index just past the quoted text opening at ``start`` (the end of text if never closed)."""
    quote = source[start]
    i = start + 1
    while True:
        j = source.find(quote, i)
        if j < 0:
            return len(source)
        if quote == "'" and source.startswith("''", j):
            i = j + 2  # '' is a quote inside single-quoted text
            continue
        if quote == '"':
            slashes = 0
            while source[j - 1 - slashes] == "\\":
                slashes += 1
            if slashes % 2:
                i = j + 1  # an escaped quote
                continue
        return j + 1


def _too_deep(name: str, source: str) -> Problem | None:
    """Refuse absurd nesting before composing: libyaml composes recursively in C.

    A file of a few hundred thousand ``[`` overflows the C stack and kills the process, so
    the depth is measured on the parser's event stream, which uses no recursion.
    """
    if sum(source.count(c) for c in _NESTING_CHARS) <= _SCAN_ABOVE:
        return None
    loader = _StrictLoader(source)
    stack: list[list[bool]] = []  # per open collection: [is_mapping, next scalar is a key]
    top_key = ""
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, (yaml.CollectionEndEvent)):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if stack and stack[-1][0]:
                is_key = stack[-1][1]
                stack[-1][1] = not is_key
                if is_key and len(stack) == 1 and isinstance(event, yaml.ScalarEvent):
                    top_key = event.value
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([isinstance(event, yaml.MappingStartEvent), True])
                if len(stack) > MAX_DEPTH + 1:
                    return Problem(
                        name,
                        event.start_mark.line + 1,
                        top_key,
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "a shallower structure",
                    )
    finally:
        loader.dispose()
    return None


class _PyStrictLoader(yaml.SafeLoader):
    """The pure-Python twin of :class:`_StrictLoader`, whose error messages name the culprit."""


_PyStrictLoader.yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers


def _detailed(exc: yaml.MarkedYAMLError, source: str) -> yaml.MarkedYAMLError:
    """Re-read a broken file with the pure-Python parser for its fuller message.

    libyaml says "found undefined alias" where PyYAML says which alias; errors are rare,
    so the second pass costs nothing in the common case (and is skipped for big files,
    where the pure-Python parser would be slow).
    """
    if len(source) > _DETAIL_BELOW:
        return exc
    loader = None
    try:
        loader = _PyStrictLoader(source)  # its reader already checks every character
        loader.get_single_node()
    except yaml.MarkedYAMLError as detailed:
        same = (
            detailed.problem_mark
            and exc.problem_mark
            and detailed.problem_mark.line == exc.problem_mark.line
        )
        return detailed if same else exc
    except Exception:  # e.g. ReaderError, RecursionError: keep libyaml's own message
        return exc
    finally:
        if loader is not None:
            loader.dispose()
    return exc


_DETAIL_BELOW = 200_000


_OPENERS = {
    "flow sequence": ("[", "]"),
    "flow mapping": ("{", "}"),
}


def _syntax_problem(name: str, source: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Turn a parser error into a problem that says what to change, on the right line."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    context = exc.context or ""
    ctx_line = exc.context_mark.line + 1 if exc.context_mark else line
    what = exc.problem or "invalid YAML"
    lines = source.splitlines()
    bad_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    expected = "valid YAML syntax"
    if "tab" in what or bad_line[: mark.column + 1 if mark else 0].count("\t"):
        what = "a tab character is used for indentation"
        expected = "spaces for indentation"
    elif "quoted scalar" in context and "end of stream" in what:
        line = ctx_line
        what = "a quoted text that starts on this line is never closed"
        expected = "a closing quote to match the opening one"
    elif "simple key" in context and "expected ':'" in what:
        line = ctx_line
        what = "this line is not a 'key: value' pair"
        expected = "a colon and a space after the key"
    elif any(f"parsing a {k}" in context for k in _OPENERS):
        opener, closer = next(v for k, v in _OPENERS.items() if f"parsing a {k}" in context)
        at = f" (noticed on line {line})" if line != ctx_line else ""
        what = f"the {opener} opened on this line is not closed properly{at}"
        line = ctx_line
        expected = f"items separated by commas and a closing {closer}"
    elif "mapping values are not allowed" in what:
        what = "a ': ' where no key can start"
        expected = "keys indented like their siblings, and quotes around text containing ': '"
    elif "block mapping" in context or "block collection" in context:
        what = "this line's indentation does not fit the lines above"
        expected = "each key or '- ' item indented like the others at its level"
    elif "single document" in context:
        what = "a second YAML document starts here"
        expected = "one document per file; remove the second '---' line"
    elif "undefined alias" in what:
        alias = what.rpartition(" ")[2].strip("'")
        alias = alias if alias != "alias" else ""
        what = f"the alias *{alias} is not defined" if alias else "an alias (*name) is not defined"
        expected = "an anchor (&name) before the alias, or quotes around text starting with *"
    elif "duplicate anchor" in context:
        anchor = context.partition("'")[2].partition("'")[0]
        what = f"the anchor &{anchor} is defined twice (first on line {ctx_line})"
        expected = "each anchor name once"
    elif "cannot start any token" in what:
        char = what.partition("'")[2].partition("'")[0]
        what = (
            f"a value cannot start with {char!r}"
            if char
            else "a value starts with a reserved character"
        )
        expected = "quotes around text that starts with @, ` or %"
    elif context and exc.context_mark and ctx_line != line:
        what = f"{what} ({context} on line {ctx_line})"
    return Problem(name, line, "", f"YAML syntax error: {what}", expected)


class _Refused(Exception):
    def __init__(self, msg: str, line: int, expected: str, field: str = "") -> None:
        super().__init__(msg)
        self.line = line
        self.expected = expected
        self.field = field


def _tag(tag: str) -> str:
    """Return a tag as the user wrote it: ``!!python/object``, not its long form."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


class _Builder:
    """Turn a composed node graph into plain data, recording lines and duplicate keys."""

    def __init__(self, doc: Document, loader: yaml.SafeLoader) -> None:
        self.doc = doc
        self.loader = loader
        self.count = 0
        self.open: set[int] = set()  # collections being built, to catch self-referring aliases
        # node -> (value, values it expands to, height): aliases reuse what was built
        self.built: dict[int, tuple[object, int, int]] = {}
        self.height = 0  # height of the node built last

    def refuse(self, msg: str, line: int, path: tuple, expected: str) -> _Refused:
        # Name the top-level field, where the user can find the culprit.
        return _Refused(msg, line, expected, field_name(path[:1]))

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
            raise _Refused(msg, line, "plain lists and mappings", field_name(path))
        tallest = 0  # height of the tallest child built
        if isinstance(node, yaml.MappingNode):
            self.open.add(id(node))
            out: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.doc.problems.append(
                        Problem(
                            self.doc.path,
                            key_node.start_mark.line + 1,
                            field_name(path),
                            "a key is a list or mapping, not a plain name",
                            "text keys",
                        )
                    )
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.doc.problems.append(
                        Problem(
                            self.doc.path,
                            key_node.start_mark.line + 1,
                            field_name(path),
                            "merge keys (<<) are not supported",
                            "the fields written out",
                        )
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
                    self.doc.problems.append(
                        Problem(
                            self.doc.path,
                            kline,
                            field_name((*path, key)),
                            f"duplicate key (first written on line {first})",
                            "each key once per mapping",
                        )
                    )
                    continue
                self.doc.lines[(*path, key)] = kline
                out[key] = self.build(value_node, (*path, key), depth + 1)
                tallest = max(tallest, self.height)
            self.open.discard(id(node))
            self.height = tallest
            return out
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

    def scalar(self, node: yaml.ScalarNode, path: tuple) -> object:
        if node.tag not in _PLAIN_TAGS:
            # Explicit tags such as !!python/object ask for objects; data files hold plain data.
            self.doc.problems.append(
                Problem(
                    self.doc.path,
                    node.start_mark.line + 1,
                    field_name(path),
                    f"YAML tag {_tag(node.tag)!r} is not allowed",
                    "plain text, numbers, true/false, lists and mappings",
                )
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
            self.doc.problems.append(
                Problem(
                    self.doc.path,
                    node.start_mark.line + 1,
                    field_name(path),
                    f"{shown!r} cannot be read as {kind}"
                    + (" (too large)" if value is not _UNREADABLE else ""),
                    "a number of at most 19 digits, or text in quotes",
                )
            )
            return node.value
        return value


_UNREADABLE = object()
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null"))
