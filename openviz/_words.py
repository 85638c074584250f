"""The one translation table of openviz, read from ``words.yaml`` beside this module.

Every interface word and explanation sentence, in English and Chinese, is an entry of that
file, in one of its two sections (``interface``, ``explanations``) and under a key no other
entry has; :func:`openviz.i18n.text` and :func:`openviz.explain_text.say` look words up in
the whole table.
The file is read on first use (nothing is read at import) and kept by the ``words`` cache
of :mod:`openviz._caches`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

import yaml

from openviz._caches import bounded

__all__ = ["SECTIONS", "TEXT", "WORDS_FILE", "section"]

#: The translation table's file.
WORDS_FILE = Path(__file__).with_name("words.yaml")
#: Its sections, in file order.
SECTIONS = ("interface", "explanations")


@bounded("words", 1)
def _read() -> Mapping[str | None, Mapping[str, Mapping[str, str]]]:
    """Return each section (and, under ``None``, the whole table), read-only."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with WORDS_FILE.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=loader)
    parts = {
        name: MappingProxyType({k: MappingProxyType(v) for k, v in data[name].items()})
        for name in SECTIONS
    }
    whole = {k: v for name in SECTIONS for k, v in parts[name].items()}
    return MappingProxyType({None: MappingProxyType(whole), **parts})


class _Table(Mapping):
    """A read-only mapping of key to ``{"en": ..., "zh": ...}``, read on first use."""

    def __init__(self, name: str | None = None) -> None:
        self._name = name

    def __getitem__(self, key: str) -> Mapping[str, str]:
        return _read()[self._name][key]

    def __iter__(self) -> Iterator[str]:
        return iter(_read()[self._name])

    def __len__(self) -> int:
        return len(_read()[self._name])


def section(name: str) -> Mapping[str, Mapping[str, str]]:
    """Return one section of the table (``interface`` or ``explanations``)."""
    if name not in SECTIONS:
        msg = f"no section {name!r} in {WORDS_FILE.name}; choose one of {', '.join(SECTIONS)}"
        raise ValueError(msg)
    return _Table(name)


#: Key -> ``{"en": ..., "zh": ...}``, for every word openviz shows (both sections).
TEXT: Mapping[str, Mapping[str, str]] = _Table()
