"""The steps every importer takes, in the order it takes them, each saying what it skipped.

An importer reads a source file's mapping (:func:`read_mapping`), gives the record a date
(:func:`release_date`) and an id (:func:`record_id`), and hands the records over
(:func:`finish`). Each step that cannot go on appends a warning naming the file and what it
skipped, and returns ``None``: a broken file never stops an import.
"""

from __future__ import annotations

from pathlib import Path

from openviz._yaml import read_yaml
from openviz.sources._common import (
    ImportResult,
    check_date,
    problem_text,
    scrub_records,
    slug,
    unique_id,
    valid_id,
)

__all__ = ["dated_id", "finish", "read_mapping", "record_id", "release_date"]


def read_mapping(path: Path, where: str, key: str, warnings: list[str]) -> tuple[dict, dict] | None:
    """Return a source file's top level and its mapping ``key``, or ``None`` to skip the file.

    Problems in a file that still has the mapping are warnings ("read the rest").
    """
    doc = read_yaml(path)
    data = doc.data if isinstance(doc.data, dict) else {}
    part = data.get(key)
    if not isinstance(part, dict):
        why = problem_text(doc.problems[0]) if doc.problems else f"no {key} mapping"
        warnings.append(f"{where}: {why} (skipped the file)")
        return None
    warnings += [f"{where}: {problem_text(p)} (read the rest)" for p in doc.problems]
    return data, part


def release_date(value: object, where: str, warnings: list[str]) -> str | None:
    """Return the release date as ``YYYY-MM-DD``, or ``None`` to skip a record without one."""
    date = check_date(value)
    if date is None:
        warnings.append(
            f"{where}: release date {value!r} is missing or not a real date (skipped the record)"
        )
    return date


def record_id(
    prefix: str, text: str, where: str, taken: set[str], warnings: list[str], source: str
) -> str | None:
    """Return a new record id, ``prefix`` and the slug of ``text``, unique among ``taken``.

    ``source`` says what ``text`` is (``name``, ``file name``), for the warnings; ``None``
    when no id can be made.
    """
    base = prefix + slug(text)
    if not valid_id(base) or base == prefix:
        warnings.append(
            f"{where}: no id can be made from the {source} {text!r} (skipped the record)"
        )
        return None
    rid = unique_id(base, taken)
    if rid != base:
        warnings.append(f"{where}: id {base} already taken by another {source} (used {rid})")
    return rid


def dated_id(
    date: object,
    prefix: str,
    text: str,
    where: str,
    taken: set[str],
    warnings: list[str],
    source: str,
) -> tuple[str, str] | None:
    """Return a record's ``(release date, id)``: :func:`release_date`, then :func:`record_id`.

    ``None`` skips the record (the warning says why); no id is taken for a record without a
    date.
    """
    day = release_date(date, where, warnings)
    if day is None:
        return None
    rid = record_id(prefix, text, where, taken, warnings, source)
    return None if rid is None else (day, rid)


def finish(records: list[dict], warnings: list[str]) -> ImportResult:
    """Scrub the records' texts, sort them by id and return them with the warnings, once each."""
    scrub_records(records, warnings)
    records.sort(key=lambda r: r["id"])
    return ImportResult(tuple(records), tuple(dict.fromkeys(warnings)))
