"""Helpers shared by the importers: ids, dates, license names, evidence text and YAML text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

import yaml

from openviz._caches import bounded
from openviz._files import read_regular
from openviz._paths import defs_dir
from openviz.licenses import LicenseTable
from openviz.problems import Problem

#: Date written into every evidence item: the stored copies were read on this day.
ACCESSED = "2026-11-24"


@bounded("component-order", maxsize=1)
def component_order() -> tuple[str, ...]:
    """Component ids in the order of ``defs/components.yaml``, so written files diff cleanly."""
    text = read_regular(defs_dir() / "components.yaml").decode("utf-8")
    return tuple(entry["id"] for entry in yaml.safe_load(text)["components"])


_KEY_ORDER = (
    "id",
    "name",
    "family",
    "version",
    "organisation",
    "release_date",
    "modality",
    "stage",
    "base_model",
    "parameter_count",
    "homepage",
    "components",
    "notes",
    "origin",
)
_FACT_ORDER = ("status", "license", "evidence", "notes")
_EVIDENCE_ORDER = ("url", "shows", "accessed", "via")

# License spellings seen in the source databases that are not SPDX ids nor aliases in
# licenses.yaml. Only unambiguous ones: "BSD" or "OpenRAIL" name families, not one license.
LICENSE_ALIASES = {
    "apache 2.0": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache-2": "Apache-2.0",
    "mit license": "MIT",
    "bsd-3": "BSD-3-Clause",
    "bsd 3-clause": "BSD-3-Clause",
    "cc by-sa 4.0": "CC-BY-SA-4.0",
    "cc by-nc 4.0 license": "CC-BY-NC-4.0",
    "attribution-noncommercial-sharealike 4.0 international": "CC-BY-NC-SA-4.0",
}

# Text typed into a license field that says nothing about the terms.
_LICENSE_PLACEHOLDERS = frozenset(
    {
        "",
        "license",
        "other",
        "other license",
        "mixed",
        "various",
        "undisclosed",
        "unclear",
        "custom license",
        "purposely left ambiguous",
        "n/a",
    }
)
_PLACEHOLDER_PREFIXES = ("component not include", "component component not include", "unknown")

# Mirrors _catalog_text._PLACEHOLDERS: the loader rejects `shows` text containing these words, so a
# quoted note that happens to contain one is left out of the sentence.
_SHOWS_BANNED = ("placeholder", "verification source", "todo", "tbd", "lorem ipsum", "fixme")

_ID = re.compile(r"^[a-z0-9][a-z0-9.]*(-[a-z0-9.]+)*$")
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


@dataclass(frozen=True)
class ImportResult:
    """What an importer produced.

    Attributes
    ----------
    records
        Release records as plain dicts, each valid against ``model.schema.json``.
    warnings
        One line per problem met, ``file: problem (what was done)``.
    """

    records: tuple[dict, ...]
    warnings: tuple[str, ...]


def problem_text(problem: Problem) -> str:
    """Describe a YAML reading problem in a warning: line and what is wrong."""
    return f"line {problem.line}: {problem.problem}" if problem.line else problem.problem


def resolve_license(name: object, licenses: LicenseTable) -> tuple[str | None, str]:
    """Match a license name written in a source database to an openviz license id.

    Parameters
    ----------
    name
        The text from the license field (any type; ``None`` counts as empty).
    licenses
        The catalogue's license table.

    Returns
    -------
    tuple
        ``(license id, "ok")`` when it resolves; ``(None, "placeholder")`` for text that names
        no license; ``(None, "unknown")`` for a name nobody here knows.
    """
    text = "" if name is None else str(name).strip()
    key = text.lower().rstrip(".").strip()
    if key in _LICENSE_PLACEHOLDERS or key.startswith(_PLACEHOLDER_PREFIXES):
        return None, "placeholder"
    lic = licenses.get(LICENSE_ALIASES.get(key, text))
    if lic is None:
        return None, "unknown"
    return lic.id, "ok"


#: What an import warning says of a licence text that :func:`resolve_license` did not match.
LICENSE_PROBLEMS = {
    "placeholder": "is a placeholder, not a license",
    "unknown": "is not a license name openviz knows",
}


def slug(text: str) -> str:
    """Lowercase, hyphen-separated ASCII form of ``text`` usable inside an id."""
    # "+" names a variant (Command-R+, CodeT5+): keep it apart from the plain model.
    plain = str(text).replace("+", "-plus")
    ascii_text = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9.]+", "-", ascii_text.lower())
    # A segment may not start with a dot ("v.1" is fine, "-.5" is not).
    out = re.sub(r"(^|-)\.+", r"\1", out)
    out = re.sub(r"-+", "-", out).strip("-.")
    return out


def valid_id(text: str) -> bool:
    """Return whether ``text`` matches the schema's id pattern."""
    return bool(_ID.match(text))


# Names whose first word alone would make a poor family (or a wrong one).
_FAMILY_PREFIXES = {
    "meta-llama": "llama",
    "stable-diffusion": "stable-diffusion",
    "gpt-oss": "gpt-oss",
}


def family_of(name: str) -> str:
    """Family id from a release or family name.

    The rule: a few explicit prefixes first (``Meta-Llama`` is ``llama``); otherwise the first
    word of the name, lowercased, without a trailing version number (``Qwen2.5`` is ``qwen``,
    ``ChatGLM3`` is ``chatglm``). The number stays when it is part of the name: what is left
    would be under three letters or ends in ``t`` (``T5``, ``mT5``, ``ByT5``, ``CodeT5``).
    """
    s = slug(name)
    for prefix, family in _FAMILY_PREFIXES.items():
        if s == prefix or s.startswith(prefix + "-"):
            return family
    first = s.split("-", 1)[0] or "unknown"
    stem = re.sub(r"\d+(\.\d+)*$", "", first).rstrip(".")
    if len(stem) >= 3 and not stem.endswith("t"):
        first = stem
    return first if valid_id(first) else "unknown"


def check_date(value: object) -> str | None:
    """Return ``value`` as a release date string, or ``None`` when it is missing or not real.

    Accepts ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` on or before today.
    """
    text = "" if value is None else str(value).strip()
    if not _DATE.match(text):
        return None
    parts = [int(p) for p in text.split("-")]
    try:
        day = dt.date(parts[0], *[*parts[1:], 1, 1][:2])
    except ValueError:
        return None
    return text if day <= dt.date.today() else None


def github_url(repo: str, commit: str, path: str) -> str:
    """Address of a file at a commit on GitHub (file names may hold spaces and brackets)."""
    return f"https://github.com/{repo}/blob/{commit}/{quote(path)}"


def http_links(value: object) -> list[str]:
    """Return the public http(s) addresses in a ``link`` field (a string, a list, or nothing).

    Addresses the loader would refuse as evidence (no host, a user name before ``@``, a
    local or numeric host) are left out, so the record cites the source file instead.
    """
    from openviz._addresses import address_problem

    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        text = str(item).strip() if item is not None else ""
        if re.match(r"^https?://\S+$", text) and not address_problem(text):
            out.append(text)
    return out


def short_quote(text: object, limit: int = 200) -> str:
    """Cut a source note to ``limit`` characters at a word boundary; ``""`` if unusable.

    Quoted notes are CC-BY data: kept short, with attribution in the record's ``origin``.
    """
    clean = " ".join(str(text or "").split())
    if not clean or any(word in clean.lower() for word in _SHOWS_BANNED):
        return ""
    if len(clean) > limit:
        clean = clean[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " ..."
    return clean


def evidence(url: str, shows: str, via: str) -> dict:
    """One evidence item read today through a source database."""
    if not shows.rstrip('"').endswith((".", "!", "?")):
        shows += "."
    return {"url": url, "shows": shows, "accessed": ACCESSED, "via": via}


def unique_id(base: str, taken: set[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3`` ... when taken; the result is added."""
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    taken.add(rid)
    return rid


def ordered(record: dict) -> dict:
    """Return the record with keys in a fixed order, so files are stable across runs."""
    out = {k: record[k] for k in _KEY_ORDER if k in record}
    comps = record.get("components", {})
    out["components"] = {cid: _fact(comps[cid]) for cid in sorted(comps, key=_component_rank)}
    if "origin" in record:
        out["origin"] = dict(record["origin"])
    return out


def _fact(fact: dict) -> dict:
    fact = dict(fact)
    if "evidence" in fact:
        fact["evidence"] = [_order(e, _EVIDENCE_ORDER) for e in fact["evidence"]]
    return _order(fact, _FACT_ORDER)


def _order(mapping: dict, keys: Iterable[str]) -> dict:
    return {k: mapping[k] for k in keys if k in mapping}


def _component_rank(cid: str) -> tuple[int, str]:
    order = component_order()
    return (order.index(cid) if cid in order else len(order), cid)


def to_yaml(record: dict) -> str:
    """Render the record as YAML text with the editor schema line first."""
    body = yaml.safe_dump(
        ordered(record), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return "# yaml-language-server: $schema=../../../schema/model.schema.json\n" + body


def scrub_records(records: list[dict], warnings: list[str]) -> None:
    """Remove control, bidi and invisible characters from every text of every record.

    The loader refuses them (they can act on a terminal or disguise a name), and one such
    character in a source database must not make the whole imported collection unloadable;
    line breaks and tabs stay where running text allows them. Each record changed gets a
    warning naming its fields.
    """
    from openviz._safe_text import has_unsafe, unsafe_characters
    from openviz.catalog import MULTILINE_FIELDS

    def clean(value: object, key: str, changed: list[str]) -> object:
        if isinstance(value, dict):
            return {k: clean(v, k, changed) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v, key, changed) for v in value]
        if isinstance(value, str) and has_unsafe(value):
            bad = unsafe_characters(value, multiline=key in MULTILINE_FIELDS)
            if bad:
                changed.append(key)
                return "".join(c for c in value if c not in bad)
        return value

    for i, record in enumerate(records):
        changed: list[str] = []
        records[i] = clean(record, "", changed)  # type: ignore[assignment]
        if changed:
            fields = ", ".join(dict.fromkeys(changed))
            warnings.append(
                f"{record.get('id', '?')}: removed control, bidi or invisible characters "
                f"from {fields}"
            )
