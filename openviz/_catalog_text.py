"""Rules every data file obeys: id and file name, dates, addresses, ``shows`` text, plain text.

Used by the catalogue's checks (:mod:`openviz._catalog_checks`) for every file it reads.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

from openviz._addresses import address_problem
from openviz._safe_text import describe, has_unsafe, unsafe_characters
from openviz._yaml import Document, field_name
from openviz.problems import Problem

_DATE_SHAPE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")

# `shows` text that says nothing about the page (the peer project's placeholder problem).
_PLACEHOLDERS = ("placeholder", "verification source", "todo", "tbd", "lorem ipsum", "fixme")

# Files whose id is not their name: they hold a vocabulary, not a record.
_VOCABULARY_FILES = ("licenses.yaml", "components.yaml", "families.yaml")


def problem(doc: Document, where: tuple, problem: str, expected: str) -> Problem:
    """Return a :class:`Problem` at ``where`` in ``doc``, with its line and field name."""
    return Problem(doc.path, doc.line(where), field_name(where), problem, expected)


def duplicate_id(doc: Document, record_id: str, other: object) -> Problem:
    """Return the problem of a record whose id the file ``other`` already used.

    The one rule for ids across files, applied by the loader and by ``openviz validate``.
    """
    return problem(
        doc,
        ("id",),
        f"duplicate id {record_id!r}, already used by {other}",
        "ids unique across files",
    )


def check_common(
    doc: Document,
    path: Path,
    today: dt.date,
    reported: set[str] | frozenset[str] = frozenset(),
) -> list[Problem]:
    """Apply the rules for every file; ``reported`` names fields the schema already faulted."""
    problems = id_matches_file(doc, path)
    checked: list[tuple[tuple, str]] = []
    odd: list[tuple[tuple, object]] = []
    _texts_to_check(doc.data, (), checked, odd)
    for where, value in odd:
        if where[-1] is _KEY and field_name(where[:-2]) in reported:
            continue  # the schema already faulted the mapping's field names
        found = _odd_problem(doc, where, value)
        if found is not None and found.field not in reported:
            problems.append(found)
    for where, value in checked:
        last = where[-1]
        if last in ("url", "homepage"):
            problems.extend(address_problems(doc, where, value))
        elif last == "shows":
            problems.extend(shows_problems(doc, where, value))
        else:
            problems.extend(date_problems(doc, where, value, today, last != "accessed"))
    return problems


def id_matches_file(doc: Document, path: Path) -> list[Problem]:
    """Report a record whose id is not its file name (the file of an id is then lost)."""
    data = doc.data
    if (
        isinstance(data, dict)
        and isinstance(data.get("id"), str)
        and path.stem != data["id"]
        and path.name not in _VOCABULARY_FILES
    ):
        return [
            problem(
                doc,
                ("id",),
                f"id {data['id']!r} does not match the file name {path.name!r}",
                f"id: {path.stem}, or rename the file to {data['id']}.yaml",
            )
        ]
    return []


def address_problems(doc: Document, where: tuple, value: str) -> list[Problem]:
    """Report an address that is not the public address of a page."""
    why = address_problem(value)
    if not why:
        return []
    return [
        problem(
            doc,
            where,
            f"the address {_short(value)} {why}",
            "the public address of the page, with a domain name such as example.org",
        )
    ]


def shows_problems(doc: Document, where: tuple, value: str) -> list[Problem]:
    """Report ``shows`` text that is a placeholder or an address, not what the page shows."""
    low = value.lower()
    if any(p in low for p in _PLACEHOLDERS) or low.startswith("http"):
        return [
            problem(
                doc,
                where,
                "placeholder text instead of what the page shows",
                "a sentence saying what this page shows about the fact",
            )
        ]
    return []


def date_problems(
    doc: Document, where: tuple, value: str, today: dt.date, allow_partial: bool
) -> list[Problem]:
    """Report a date of the right shape that is not a real day, or is in the future."""
    if not _DATE_SHAPE.fullmatch(value):
        return []  # the schema reports the format; here only real dates are checked
    nums = [int(p) for p in value.split("-")]  # the shape makes every part digits
    try:
        day = dt.date(nums[0], *[*nums[1:], 1, 1][:2])
    except ValueError:
        return [
            problem(
                doc,
                where,
                f"{value!r} is not a real date",
                "YYYY-MM-DD" + (", YYYY-MM or YYYY" if allow_partial else ""),
            )
        ]
    if day > today:
        return [
            problem(
                doc,
                where,
                f"{value} is in the future",
                f"a date on or before {today.isoformat()}",
            )
        ]
    return []


def _short(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


_CHECKED_TEXTS = frozenset({"accessed", "date", "release_date", "shows", "url", "homepage"})

#: Fields of running text, where line breaks and tabs are allowed.
MULTILINE_FIELDS = frozenset({"notes", "summary", "paraphrase", "shows", "description"})


def _texts_to_check(
    value: object, path: tuple, out: list[tuple[tuple, str]], odd: list[tuple[tuple, object]]
) -> None:
    """Collect (path, text) of every date, address and ``shows`` field, in file order.

    ``odd`` gets (path, value) of every text (or field name) holding a control, bidi or
    invisible character, and of every number that is not finite (``.nan``, ``.inf``).
    Only containers and matching fields get a path tuple: a catalogue has some 70,000
    values, and this runs for every file at every load.
    """
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str) and has_unsafe(k):
                odd.append(((*path, k, _KEY), k))
            if isinstance(v, str):
                if k in _CHECKED_TEXTS:
                    out.append(((*path, k), v))
                if has_unsafe(v):
                    odd.append(((*path, k), v))
            elif isinstance(v, float):
                if not math.isfinite(v):
                    odd.append(((*path, k), v))
            elif isinstance(v, (dict, list)):
                _texts_to_check(v, (*path, k), out, odd)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, (dict, list)):
                _texts_to_check(v, (*path, i), out, odd)
            elif isinstance(v, str):
                if has_unsafe(v):
                    odd.append(((*path, i), v))
            elif isinstance(v, float) and not math.isfinite(v):
                odd.append(((*path, i), v))


# Marks a path in ``odd`` as naming a field whose name (not value) is at fault.
_KEY = object()


def _odd_problem(doc: Document, where: tuple, value: object) -> Problem | None:
    """Say what is wrong with one value :func:`_texts_to_check` found odd."""
    is_key = where[-1] is _KEY
    where = where[:-1] if is_key else where
    name = next((p for p in reversed(where) if isinstance(p, str)), "")
    if isinstance(value, float):
        return Problem(
            doc.path,
            doc.line(where),
            field_name(where),
            f"{value} is not a finite number",
            "a finite number such as 0.5 or 8.0e9; .nan and .inf are not allowed",
        )
    bad = unsafe_characters(str(value), multiline=not is_key and name in MULTILINE_FIELDS)
    if not bad:
        return None
    what = "the field name" if is_key else "the text"
    return Problem(
        doc.path,
        doc.line(where),
        field_name(where),
        f"{what} holds {', '.join(describe(c) for c in bad)}",
        "plain text without control, bidirectional or invisible characters"
        + ("" if is_key or name in MULTILINE_FIELDS else "; a single line"),
    )
