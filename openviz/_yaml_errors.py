"""What is wrong with YAML that does not parse, or nests too deep to parse safely."""

from __future__ import annotations

import re

import yaml

from openviz._yaml_doc import MAX_DEPTH, StrictLoader
from openviz.problems import Problem

# Every level of nesting needs one of these characters, so a file with few of them cannot be
# deep; only other files get the (slower) event scan below.
_NESTING_CHARS = "[{-?:"
_SCAN_ABOVE = 2_000


_FLOW_MARKS = re.compile(r"[\[\]{}'\"#\n]")
_TOP_KEY = re.compile(r"([^\s#'\"][^:#]*?):(?:\s|$)")


def flow_too_deep(name: str, source: str) -> Problem | None:
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


def too_deep(name: str, source: str) -> Problem | None:
    """Refuse absurd nesting before composing: libyaml composes recursively in C.

    A file of a few hundred thousand ``[`` overflows the C stack and kills the process, so
    the depth is measured on the parser's event stream, which uses no recursion.
    """
    if sum(source.count(c) for c in _NESTING_CHARS) <= _SCAN_ABOVE:
        return None
    loader = StrictLoader(source)
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
    """The pure-Python twin of :class:`StrictLoader`, whose error messages name the culprit."""


_PyStrictLoader.yaml_implicit_resolvers = StrictLoader.yaml_implicit_resolvers


def detailed(exc: yaml.MarkedYAMLError, source: str) -> yaml.MarkedYAMLError:
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


def syntax_problem(name: str, source: str, exc: yaml.MarkedYAMLError) -> Problem:
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
