"""Every cache openviz keeps: each one bounded, listed here, and emptied by :func:`clear_caches`.

openviz re-computes nothing it has computed for the same input, but what it keeps is kept
only here, and only up to a bound. The table names each cache (the name it is registered
under), what it holds, its key and bound, and when an entry stops being valid.

=====================  =====  ===========================================================
name                   bound  holds (key); invalid when
=====================  =====  ===========================================================
catalog                8      a read catalogue (folder, added files, strict); when a data
                              file's stat changes (see :func:`openviz.load_catalog`)
release-tables         16     array table of releases (the releases, columns, licence
                              table); never: releases are immutable
table-memo             32     cell codes, leaf ratings, verdicts of one release table
                              (the table); never, as above
licence-codes          8      licence id to category and restriction codes (the licence
                              table); never: licence tables are immutable
compiled-definitions   256    a definition compiled to bit tables (the definition,
                              column order); never: definitions are immutable
definition-nodes       256    a definition's requirement nodes by id (the definition);
                              never, as above
definition-variants    256    toggled variants of a published definition (it, the
                              toggles); never, as above
definition-published   256    the published definition of a toggled variant (the
                              variant); never, as above
leaf-lut               256    engine lookup table of a component leaf (accepted licence
                              categories, partial accepted); never: a pure function
accept-lut             64     accepted-category mask (the categories); never, as above
restriction-lut        1      engine lookup table of no-restrictions; never, as above
schemas                8      the JSON Schemas of a folder (the folder); when a schema
                              file changes (development only: shipped ones are fixed)
schema-fast            32     a compiled yes/no check (folder, file kind); as above
schema-validators      8      the error-collecting validators (the folder); as above
component-order        1      component ids in the order of the shipped components.yaml,
                              for the importers; when that file changes
font-coverage          1      characters the bundled CJK subset covers; when the subset
                              is rebuilt (by ``scripts/build_cjk_subset.py``)
export-bundle          1      the Vega JavaScript inlined in exported HTML; never in one
                              process
widget-bundle          1      the live chart widget's front end, built on first use;
                              never in one process (also kept on disk, keyed by the
                              vl-convert version and the source)
chart-ink              512    text colour for a fill colour; never: a pure function
chart-text-width       8192   estimated width of a text (text, size); never, as above
chart-rows             256    the verdict-matrix rows of one definition (the definition,
                              language, label, position, its evaluated facts); never
chart-skeleton         64     a verdict-matrix spec without its data (the drawing);
                              never, as above
words                  1      the translation table, ``openviz/words.yaml``; never in one
                              process (the file ships with the package)
=====================  =====  ===========================================================

A cache keyed by objects (:class:`ByIdentity`) compares them by identity and keeps a
reference to them in the entry, so an id is never reused while its entry lives. Nothing
here runs at import time: every cache starts empty.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

__all__ = ["Bounded", "ByIdentity", "bounded", "clear_caches", "registered"]

T = TypeVar("T")

_REGISTRY: dict[str, Callable[[], object]] = {}
_SIZES: dict[str, Callable[[], int]] = {}


def _register(name: str, clear: Callable[[], object], size: Callable[[], int]) -> None:
    # A module imported twice (importlib.reload in a notebook) registers its cache again:
    # the newer one replaces the older, which nobody can reach any more.
    _REGISTRY[name] = clear
    _SIZES[name] = size


class Bounded:
    """A least-recently-used mapping with at most ``maxsize`` entries, registered by name.

    Parameters
    ----------
    name
        The name it is listed under (see the module's table).
    maxsize
        How many entries it keeps; the least recently used goes first.
    """

    def __init__(self, name: str, maxsize: int) -> None:
        self.name = name
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        _register(name, self.clear, self.__len__)

    def get(self, key: Hashable, default: object = None) -> object:
        """Return the entry for ``key`` (marking it recently used), or ``default``."""
        try:
            self._data.move_to_end(key)
        except KeyError:
            return default
        return self._data[key]

    def put(self, key: Hashable, value: T) -> T:
        """Store ``value`` under ``key``, dropping the oldest entries beyond the bound."""
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.maxsize:
            self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every entry."""
        self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


class ByIdentity(Bounded):
    """A :class:`Bounded` cache keyed by objects (compared by identity) and plain values.

    ``get(objects, extra)`` and ``put(objects, extra, value)`` take a tuple of objects that
    need not be hashable (frozen records holding mappings) and a hashable ``extra``. The
    entry keeps the objects, so their ids stay theirs while it lives, and a hit checks
    identity, not only the id.
    """

    def get(self, objects: tuple, extra: Hashable = None, default: object = None) -> object:  # type: ignore[override]
        """Return the value stored for these very objects and ``extra``, or ``default``."""
        hit = super().get((tuple(map(id, objects)), extra))
        if hit is None or any(a is not b for a, b in zip(hit[0], objects, strict=True)):
            return default
        return hit[1]

    def put(self, objects: tuple, extra: Hashable, value: T) -> T:  # type: ignore[override]
        """Store ``value`` for these objects and ``extra``."""
        super().put((tuple(map(id, objects)), extra), (tuple(objects), value))
        return value


def bounded(name: str, maxsize: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorate a function with ``functools.lru_cache(maxsize)``, registered as ``name``."""

    def wrap(function: Callable[..., T]) -> Callable[..., T]:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _register(name, cached.cache_clear, lambda: cached.cache_info().currsize)
        return cached

    return wrap


def clear_caches() -> None:
    """Empty every cache openviz keeps (the next call computes afresh).

    Nothing needs this for correctness; it is for measuring cold timings, freeing memory
    in a long session, or after changing files that openviz does not watch (the schemas).
    """
    for clear in _REGISTRY.values():
        clear()


def registered() -> dict[str, int]:
    """Return the name and current number of entries of every cache registered so far."""
    return {name: size() for name, size in _SIZES.items()}
