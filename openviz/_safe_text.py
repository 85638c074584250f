r"""Characters that must not hide in data or reach a terminal raw, and how to show them.

A data string can carry terminal escapes (``"\e[2J"`` clears the screen, ``"\e]8;;..."``
makes a hyperlink that lies about its target), a carriage return that overwrites what was
printed before it, or bidirectional and zero-width characters that make a name read as
something else. Validation refuses them in data files (:func:`unsafe_characters`), and every
text openviz prints passes through :func:`visible`, so that even a hostile file name
shows as ``\x1b[2J`` instead of acting on the terminal.
"""

from __future__ import annotations

import re

__all__ = ["describe", "has_unsafe", "unsafe_characters", "visible"]

_CONTROL = "\x00-\x1f\x7f-\x9f"
# Bidirectional embeddings, overrides, isolates and marks: they reorder the text around them.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Zero-width and invisible characters, and the Unicode line and paragraph separators.
_INVISIBLE = "\u180e\u200b-\u200d\u2028\u2029\u2060-\u2064\ufeff"

_UNSAFE = re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}]")
_BIDI_RE = re.compile(f"[{_BIDI}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "", json: bool = False) -> str:
    r"""Return ``text`` with every control, bidi and invisible character written as an escape.

    Parameters
    ----------
    text
        Any text about to be shown: a table cell, a problem line, a file name.
    keep
        Characters to leave as they are (``"\n\t"`` for a whole block of output).
    json
        Write every escape as ``\uXXXX``, so that JSON text stays valid JSON that means
        the same (JSON has no ``\x`` escapes).

    Returns
    -------
    str
        ``text`` itself when it holds none of them; otherwise ESC becomes ``\x1b``, a
        right-to-left override ``\u202e``, a line break ``\n``, and so on.
    """
    if not _UNSAFE.search(text):
        return text
    if json:
        return _UNSAFE.sub(lambda m: m[0] if m[0] in keep else f"\\u{ord(m[0]):04x}", text)
    return _UNSAFE.sub(lambda m: m[0] if m[0] in keep else _escape(m[0]), text)


_NAMES = {
    "\x00": "NUL",
    "\t": "tab",
    "\n": "line break",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x85": "next line",
    "\u200b": "zero-width space",
    "\u202e": "right-to-left override",
    "\ufeff": "zero-width no-break space",
}


def describe(char: str) -> str:
    """Name one unsafe character for a message: ``control character U+001B (escape)``."""
    code = f"U+{ord(char):04X}" + (f" ({_NAMES[char]})" if char in _NAMES else "")
    if _BIDI_RE.fullmatch(char):
        return f"bidirectional control {code}"
    if ord(char) < 0xA0:
        return f"control character {code}"
    return f"invisible character {code}"


def unsafe_characters(text: str, multiline: bool = False) -> list[str]:
    r"""Return the unsafe characters in ``text``, each once, in order of appearance.

    Parameters
    ----------
    text
        A string read from a data file.
    multiline
        When true, line breaks (``\n``) and tabs are allowed.
    """
    found = dict.fromkeys(_UNSAFE.findall(text))
    if multiline:
        found.pop("\n", None)
        found.pop("\t", None)
    return list(found)


#: A quick test for any unsafe character (``None`` when there is none).
has_unsafe = _UNSAFE.search
