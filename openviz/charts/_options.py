"""What every gallery chart takes besides its frames, written once: language, labels, texts.

Each chart function is written as ``draw(frames..., *, options, own keywords)`` and
decorated with :func:`gallery_chart`, which gives it the public signature every chart
shares (``frame, lang="en", titles=None, *, catalog=None, definitions=None, ...,
width=None, title=None, subtitle=None, caption=None, description=None``; a chart about one
definition takes ``definition`` in place of ``definitions``) and documents those
parameters in its docstring, where the line ``{options}`` stands.
"""

from __future__ import annotations

import functools
import inspect
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TypeVar

import pandas as pd

from openviz.catalog import Catalog
from openviz.charts._context import Context, context
from openviz.records import Definition, Release

__all__ = ["OPTIONS_DOC", "Options", "gallery_chart"]

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class Options:
    """The shared options of a chart call: language, labels, catalogue, width and texts.

    Attributes
    ----------
    lang
        ``en`` or ``zh``.
    titles
        Definition id -> display title, or ``None``.
    catalog
        Where labels and the source line come from; ``None`` for the shipped catalogue.
    definition
        The one definition a chart about one definition draws (id or object), or ``None``.
    definitions
        The definition objects behind the frame, or ``None``.
    width
        Target figure width in pixels, or ``None`` for the chart's default.
    title, subtitle, caption, description
        The caller's texts in place of the generated ones, or ``None``.
    """

    lang: str = "en"
    titles: Mapping[str, str] | None = None
    catalog: Catalog | None = None
    definition: Definition | str | None = None
    definitions: Sequence[Definition] | None = None
    width: int | None = None
    title: str | None = None
    subtitle: Sequence[str] | None = None
    caption: Sequence[str] | None = None
    description: str | None = None

    def context(
        self,
        definition_ids=(),
        model_ids=(),
        releases: Sequence[Release] | None = None,
        definitions: Sequence[Definition] | None = None,
    ) -> Context:
        """Return the chart's :class:`~openviz.charts._context.Context`.

        It holds :attr:`definitions` (or ``definitions``, when given) and, from the
        catalogue, those of ``definition_ids`` it does not hold; see
        :func:`openviz.charts._context.context`.
        """
        shown = self.definitions if definitions is None else definitions
        return context(
            self.catalog, self.lang, self.titles, shown, definition_ids, model_ids, releases
        )

    def about(self, frame: pd.DataFrame, first: Callable[[pd.DataFrame], str]) -> tuple:
        """Return the id of the one definition to draw and, when given as one, its object.

        ``first(frame)`` picks the id when :attr:`definition` is ``None``. The object comes
        back as a list (empty for an id), ready for :meth:`context`.
        """
        d = self.definition
        if isinstance(d, Definition):
            return d.id, [d]
        return (d if d is not None else first(frame)), []

    def texts(self, *, title: str, subtitle: Sequence[str], description: str) -> dict:
        """Return the texts to draw: the caller's where given, else the generated ones.

        The result holds ``title``, ``subtitle``, ``description`` and ``caption`` (``None``
        for the generated source lines), ready for :func:`openviz.charts._figure.finish`.
        """
        return {
            "title": self.title or title,
            "subtitle": subtitle if self.subtitle is None else self.subtitle,
            "description": self.description or description,
            "caption": self.caption,
        }


#: The documentation of the shared parameters, put in place of a docstring's ``{options}``
#: (``{definitions}``: the entry for ``definitions``, or for ``definition``).
OPTIONS_DOC = """\
lang
    ``en`` or ``zh``.
titles
    Optional definition id -> display title (with version).
catalog
    Where labels, licences and the source line come from; the shipped catalogue when
    ``None``.
{definitions}
width
    Target figure width in pixels (an article column, 640, when ``None``); a chart whose
    cells need more room grows past it.
title, subtitle, caption, description
    Replace the generated title, subtitle lines, source lines or alt text."""

_DEFINITIONS_DOC = """\
definitions
    The definitions behind the frame, in order: needed for toggled or custom ones, which
    the catalogue does not hold."""

_P = inspect.Parameter
_LEADING = (
    _P("lang", _P.POSITIONAL_OR_KEYWORD, default="en", annotation="str"),
    _P("titles", _P.POSITIONAL_OR_KEYWORD, default=None, annotation="Mapping[str, str] | None"),
    _P("catalog", _P.KEYWORD_ONLY, default=None, annotation="Catalog | None"),
)
_ABOUT = {
    name: _P(name, _P.KEYWORD_ONLY, default=None, annotation=annotation)
    for name, annotation in (
        ("definition", "Definition | str | None"),
        ("definitions", "Iterable[Definition] | None"),
    )
}
_TRAILING = tuple(
    _P(f.name, _P.KEYWORD_ONLY, default=None, annotation=str(f.type))
    for f in fields(Options)
    if f.name not in {p.name for p in _LEADING} | set(_ABOUT)
)
_NAMES = tuple(f.name for f in fields(Options))


def gallery_chart(draw: F | None = None, *, definition: str | None = None):
    """Give a chart function the shared parameters of every gallery chart.

    ``draw`` takes its frames, then the keyword ``options`` (an :class:`Options`) and
    keywords of its own. The returned function takes the frames, ``lang`` and ``titles``,
    its own keywords and the shared keywords, as its signature (:func:`inspect.signature`)
    and docstring say, and calls ``draw`` with them gathered in one :class:`Options`.
    ``draw`` stays reachable as the ``draw`` attribute, for a chart built on another.

    A chart over several definitions takes ``definitions`` (:attr:`Options.definitions`).
    ``@gallery_chart(definition="...")`` makes a chart about one definition: it takes
    ``definition`` instead (:attr:`Options.definition`, :meth:`Options.about`), documented
    by the text given.
    """
    if draw is None:
        return functools.partial(gallery_chart, definition=definition)
    about = "definitions" if definition is None else "definition"
    shared = _DEFINITIONS_DOC if definition is None else _entry("definition", definition)
    own = list(inspect.signature(draw).parameters.values())
    frames = [p for p in own if p.kind is _P.POSITIONAL_OR_KEYWORD]
    keywords = [p for p in own if p.kind is _P.KEYWORD_ONLY and p.name != "options"]
    rest = [p for p in own if p.kind is _P.VAR_KEYWORD]  # **keywords stays last
    signature = inspect.signature(draw).replace(
        parameters=[*frames, *_LEADING, _ABOUT[about], *keywords, *_TRAILING, *rest]
    )

    @functools.wraps(draw)
    def chart(*args, **kwargs):
        values = signature.bind(*args, **kwargs)
        values.apply_defaults()
        given = dict(values.arguments)
        options = Options(**{name: given.pop(name) for name in _NAMES if name in given})
        extra = given.pop(rest[0].name, {}) if rest else {}
        leading = [given.pop(p.name) for p in frames]
        return draw(*leading, options=options, **given, **extra)

    chart.__signature__ = signature  # type: ignore[attr-defined]
    chart.__doc__ = _document(draw.__doc__ or "", OPTIONS_DOC.replace("{definitions}", shared))
    chart.draw = draw  # type: ignore[attr-defined]
    return chart  # type: ignore[return-value]


def _entry(name: str, text: str) -> str:
    """Return a numpy-style parameter entry: the name, then the text indented below it."""
    return name + "\n" + textwrap.fill(text, 84, initial_indent="    ", subsequent_indent="    ")


def _document(doc: str, shared: str) -> str:
    """Put ``shared`` in place of the docstring's ``{options}`` line, indented alike."""
    lines = doc.splitlines()
    for k, line in enumerate(lines):
        if line.strip() == "{options}":
            indent = line[: len(line) - len(line.lstrip())]
            lines[k : k + 1] = [indent + part if part else "" for part in shared.split("\n")]
            return "\n".join(lines) + ("\n" if doc.endswith("\n") else "")
    msg = "a gallery chart's docstring needs an {options} line among its parameters"
    raise ValueError(msg)
