"""The chart gallery: each chart a function from frames to an Altair chart, under a stable name.

>>> from openviz.charts import build
>>> chart = build("verdict-matrix", definitions=["osaid-1.0", "mof"], lang="zh")  # doctest: +SKIP

Every gallery chart shares one visual language (:mod:`openviz.charts.theme`): the same
status colours, the article theme carried in the spec, a title and subtitle naming the
definitions with their versions, and a source line under the chart (definition versions,
data date, attribution of imported records).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import altair as alt

from openviz.catalog import Catalog, load_catalog
from openviz.evaluate import resolve
from openviz.export import CHART_NAMES
from openviz.i18n import check_lang
from openviz.kinds import KINDS
from openviz.records import Definition, Release

from . import component_heatmap as _component_heatmap
from . import consensus as _consensus
from . import definition_diff as _definition_diff
from . import family_trajectory as _family_trajectory
from . import requirement_impact as _requirement_impact
from . import spectrum as _spectrum
from . import verdict_matrix as _verdict_matrix
from .component_heatmap import component_heatmap
from .consensus import consensus
from .definition_diff import definition_diff
from .family_trajectory import family_trajectory
from .requirement_impact import requirement_impact
from .spectrum import spectrum
from .theme import STATUS_COLORS, register
from .verdict_matrix import verdict_matrix

__all__ = [
    "GALLERY",
    "STATUS_COLORS",
    "GalleryChart",
    "build",
    "chart_options",
    "component_heatmap",
    "consensus",
    "definition_diff",
    "family_trajectory",
    "register",
    "requirement_impact",
    "spectrum",
    "verdict_matrix",
]


@dataclass(frozen=True)
class GalleryChart:
    """A gallery entry: the chart function and how :func:`build` feeds it.

    Calling the entry calls the chart function, so ``GALLERY[name](frame, lang="zh")``
    draws from frames you already have.

    Attributes
    ----------
    name
        The stable name (used by ``openviz export`` and the notebooks).
    draw
        The chart function: frames and options in, an Altair chart out.
    prepare
        ``prepare(catalog, definitions, releases, **options) -> (args, kwargs)``: computes
        the frames for ``draw``.
    defaults
        ``defaults(catalog) -> definition ids`` used when none are given.
    kinds
        The definition kinds the chart applies to (for the first definition given, when the
        chart is about one definition).
    """

    name: str
    draw: Callable[..., alt.TopLevelMixin]
    prepare: Callable[..., tuple[tuple, dict]]
    defaults: Callable[[Catalog], list[str]]
    kinds: tuple[str, ...]

    def __call__(self, *args, **kwargs) -> alt.TopLevelMixin:
        """Draw the chart from frames (see :attr:`draw`)."""
        return self.draw(*args, **kwargs)


def _entry(name: str, module, draw, kinds: Sequence[str]) -> GalleryChart:
    return GalleryChart(name, draw, module.prepare, module.defaults, tuple(kinds))


_ALL_KINDS = tuple(KINDS)

# Each chart's module and function are named for it (verdict-matrix: verdict_matrix).
_MODULES = (
    _verdict_matrix,
    _component_heatmap,
    _spectrum,
    _definition_diff,
    _requirement_impact,
    _family_trajectory,
    _consensus,
)
_BY_NAME = {m.__name__.rpartition(".")[2].replace("_", "-"): m for m in _MODULES}

#: Stable chart names used by the CLI and the notebooks, in the order of
#: :data:`openviz.export.CHART_NAMES` (the one list of them, readable without Altair).
GALLERY: dict[str, GalleryChart] = {
    name: _entry(
        name,
        _BY_NAME[name],
        getattr(_BY_NAME[name], name.replace("-", "_")),
        getattr(_BY_NAME[name], "CHART_KINDS", _ALL_KINDS),
    )
    for name in CHART_NAMES
}


# Filled in by build() and the chart's prepare(), never by the caller's options.
_FILLED = frozenset(
    {"catalog", "lang", "definitions", "definition", "releases", "frame", "impact"}
    | {"requirements", "models"}
)


def chart_options(name: str) -> frozenset[str]:
    """Return the option names a gallery chart takes through :func:`build` (``width``, ...)."""
    entry = GALLERY[name]
    names = set()
    for function in (entry.draw, entry.prepare):
        for param in inspect.signature(function).parameters.values():
            if param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY):
                names.add(param.name)
    return frozenset(names - _FILLED)


def build(
    name: str,
    catalog: Catalog | None = None,
    definitions: Iterable[str | Definition] | str | Definition | None = None,
    models: Iterable[str | Release] | str | Release | None = None,
    lang: str = "en",
    *,
    collection: str | Sequence[str] = "curated",
    toggles: Mapping[str, Mapping[str, object]] | None = None,
    **options,
) -> alt.TopLevelMixin:
    """Build a gallery chart by name, computing its frames.

    Parameters
    ----------
    name
        A key of :data:`GALLERY`.
    catalog
        The catalogue; the shipped one when ``None``.
    definitions
        Definition ids or objects; the chart's defaults when ``None``. Charts about one
        definition (``component-heatmap``, ``spectrum``, ``requirement-impact``) use the
        first; ``definition-diff`` follows them in order.
    models
        Release ids or objects; the ``collection`` when ``None``.
    lang
        ``en`` or ``zh``.
    collection
        ``curated`` (default), an imported collection, several, or ``all``.
    toggles
        Definition id to toggles, as for :func:`openviz.evaluate`.
    **options
        Passed to the chart function (``width``, ``title``, ``family`` ...).

    Returns
    -------
    altair.TopLevelMixin
        The finished figure.
    """
    try:
        entry = GALLERY[name]
    except KeyError:
        msg = f"unknown chart {name!r}; choose one of {', '.join(GALLERY)}"
        raise KeyError(msg) from None
    check_lang(lang)
    unknown = sorted(set(options) - chart_options(name))
    if unknown:
        takes = ", ".join(sorted(chart_options(name)))
        msg = f"{name} takes no option {', '.join(map(repr, unknown))} (it takes {takes})"
        raise ValueError(msg)
    catalog = catalog or load_catalog()
    if definitions is None:
        definitions = entry.defaults(catalog)
    defs, rels = resolve(catalog, definitions, models, toggles, collection)
    if not defs:
        msg = f"{name} needs at least one definition"
        raise ValueError(msg)
    if not rels:
        # Caught here, once: the charts' own code divides by, and indexes into, what they show.
        if models is not None:
            where = "no models were given"
        else:
            names = [collection] if isinstance(collection, str) else list(collection)
            where = f"collection {', '.join(map(repr, names))} of this catalogue holds none"
        msg = f"{name} needs at least one model release; {where}"
        raise ValueError(msg)
    args, kwargs = entry.prepare(catalog, defs, rels, **options)
    return entry.draw(*args, lang=lang, catalog=catalog, **kwargs)
