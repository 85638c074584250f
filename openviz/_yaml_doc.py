"""The YAML loader the data files are read with, and the :class:`Document` it gives.

See :mod:`openviz._yaml` for reading a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from openviz.problems import Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader with YAML 1.2 booleans and no implicit timestamps."""


# YAML 1.1 reads yes/no/on/off as booleans and dates as datetime objects; our schemas want the
# words and dates as written, so keep only the YAML 1.2 booleans and drop timestamp resolution.
StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
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
