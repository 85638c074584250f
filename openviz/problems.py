"""Problems found in data files, and the one exception that carries them all."""

from __future__ import annotations

from dataclasses import dataclass

from openviz._safe_text import visible

__all__ = ["CatalogError", "NotFound", "Problem"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one data file.

    Parameters
    ----------
    file
        Path of the file, as the user gave it.
    line
        1-based line number, or 0 when the problem concerns the whole file.
    field
        Dotted path to the field (``components.datasets.evidence[0].url``), or ``""``.
    problem
        What is wrong, in plain words.
    expected
        What would be right.
    """

    file: str
    line: int
    field: str
    problem: str
    expected: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = self.field or "(file)"
        tail = f" (expected {self.expected})" if self.expected else ""
        text = f"{where}: {field}: {self.problem}{tail}"
        # One problem, one line, and nothing from the file (or its name) acting on a
        # terminal: line breaks, escapes and bidi controls are shown as escapes.
        return visible(text)


class CatalogError(Exception):
    """Raised when data files are invalid; ``problems`` lists every one found.

    Parameters
    ----------
    problems
        All problems, sorted by file and line.
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__(self.report())

    def report(self) -> str:
        """Return one line per problem, ready to print."""
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found in the data files:"
        return "\n".join([head, *(str(p) for p in self.problems)])


class NotFound(KeyError):
    """A name the user asked for is not known; the message says which ones are.

    A subclass of :class:`KeyError` so that code catching a failed lookup catches it, but
    its ``str()`` is the plain message: ``KeyError``'s own puts the message in quotes.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""
