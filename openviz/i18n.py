"""English and Chinese labels for everything a chart or panel shows."""

from __future__ import annotations

import re

# The words themselves are the one translation table, openviz/words.yaml (via openviz._words).
from openviz._words import TEXT as _TEXT
from openviz.catalog import Catalog
from openviz.names import display_name
from openviz.records import Definition

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "check_lang",
    "definition_label",
    "label",
    "template",
    "text",
]

LANGUAGES = ("en", "zh")
#: Each language by its own name, as a language picker offers it (never translated).
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def text(key: str, lang: str = "en", **values: object) -> str:
    """Return the interface text for ``key`` in ``lang`` (English when missing)."""
    entry = _TEXT.get(key)
    if entry is None:
        return key.format(**values) if values else key
    return entry.get(lang, entry["en"]).format(**values)


def template(key: str, lang: str = "en") -> str:
    """Return the entry for ``key`` in ``lang`` unfilled, its ``{placeholders}`` kept."""
    entry = _TEXT[key]
    return entry.get(lang, entry["en"])


def label(catalog: Catalog, kind: str, key: str, lang: str = "en") -> str:
    """Name a component, definition, licence category or restriction kind in ``lang``.

    The same as :func:`openviz.names.display_name` (which names every other kind of id
    too); kept for the charts and tables that call it by this name.
    """
    return display_name(catalog, kind, key, lang)


def check_lang(lang: str) -> str:
    """Return ``lang`` if openviz speaks it; raise ``ValueError`` naming the choices if not."""
    if lang not in LANGUAGES:
        msg = f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}"
        raise ValueError(msg)
    return lang


def definition_label(definition: Definition, lang: str = "en") -> str:
    """Label a definition with its version, short enough for an axis: ``MOF 1.0``.

    The short name is used as is when it already carries the version; a short version
    (up to 12 characters) is appended; a long one (``Regulation (EU) 2024/1689``) is
    replaced by the definition's date. A toggled definition gets a trailing ``*``.
    """
    title = definition.title(lang)
    version = definition.version.strip()
    zh = lang == "zh"
    if version and version.lower() not in title.lower():
        if _DATE.fullmatch(version) or len(version) > 12:
            stamp = version if _DATE.fullmatch(version) else definition.date
            title += f"（{stamp}）" if zh else f" ({stamp})"
        elif version[0].isdigit() and " " not in version:
            title += f" {version}"
        else:
            title += f"，{version}" if zh else f", {version}"
    return title + (" *" if definition.is_modified else "")
