"""The sentences of an explanation, in English and Chinese: results, facts and verdict lines.

The sentences are entries of openviz's one translation table (``openviz/words.yaml``, read
by :mod:`openviz._words`). Ids never appear in them: components, licence categories and
restriction kinds are named by their labels in ``defs/``.
"""

from __future__ import annotations

from openviz._words import TEXT, section

__all__ = ["WORDS", "say", "shorten"]

#: The sentences of an explanation: the ``explanations`` section of the one translation
#: table (``openviz/words.yaml``).
WORDS = section("explanations")


def say(key: str, lang: str = "en", **values: object) -> str:
    """Return the sentence ``key`` in ``lang`` (English when missing), filled in."""
    entry = TEXT[key]
    return entry.get(lang, entry["en"]).format(**values)


def shorten(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` characters at a word boundary, ending in an ellipsis.

    A text that fits is returned whole. Otherwise the cut falls after the last whole word
    (trailing punctuation dropped) and ``…`` marks it; only a single word longer than
    ``width`` is cut inside the word. Chinese text, which has no spaces, is cut at a
    punctuation mark when one is near, else between characters (each is a word).
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    room = max(width - 1, 1)
    head = text[: room + 1]
    cut = head.rfind(" ")
    if cut < room // 3:
        marks = [head.rfind(m) for m in "，、；。：,;"]
        best = max(marks)
        cut = best + 1 if best >= room // 3 and best < room else -1
    if cut <= 0:
        if _is_cjk(text[room - 1 : room + 1]):
            cut = room
        else:
            return text[:room] + "…"
    return text[:cut].rstrip(" ,;:.，、；：。") + "…"


def _is_cjk(chars: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in chars)
