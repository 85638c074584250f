"""Import the European Open Source AI Index (one file per model family) as release records.

Each index file rates a family's newest release on openness dimensions, each ``open``,
``partial`` or ``closed`` (read as ``yes``, ``partial``, ``no``) or empty (not applicable:
the component is left out, i.e. unknown). Dimensions map to our components as follows:

==========================  ==============================
index dimension             openviz component
==========================  ==============================
datasources_basemodel       datasets
datasources_endmodel        tuning-datasets
weights_endmodel            final-parameters (base-model rating in its notes)
trainingcode                training-code
code                        code-documentation
hardware_architecture       training-setup-documentation
preprint                    technical-report
paper                       research-paper
modelcard                   model-card
datasheet                   data-card
package, api (older files)  package, api-access
==========================  ==============================

The ``licenses`` dimension rates terms, not a component: its rating goes in the notes of
``final-parameters``, whose license is the end model's (``system.endmodellicense``) when it
resolves. Index notes are quoted, short, in ``shows``: they are CC-BY-4.0 data, attributed
in each record's ``origin``.

A record is the end-user model the file describes: ``stage`` is ``tuned`` when it names a
base model different from the end model, ``family`` follows
:func:`openviz.sources._common.family_of` on the file name, and several ``type`` values
make the modality ``multimodal`` (``text,code`` is ``code``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openviz.licenses import LicenseTable
from openviz.sources import _common
from openviz.sources._common import ImportResult
from openviz.sources._steps import dated_id, finish, read_mapping

__all__ = ["DIMENSIONS", "ORIGIN", "convert_osai_index"]

REPO = "Language-Technology-Assessment/main-database"
COMMIT = "5a388e871b88"
ORIGIN = {
    "source": "osai-index",
    "commit": COMMIT,
    "license": "CC-BY-4.0",
    "attribution": (
        "European Open Source AI Index, doi:10.5281/zenodo.15386042; "
        "Liesenfeld & Dingemanse (2024) FAccT"
    ),
}

#: Index dimension, openviz component, and what is rated ({end}/{base}: model names).
DIMENSIONS = (
    ("datasources_basemodel", "datasets", "the training data of the base model {base}"),
    ("datasources_endmodel", "tuning-datasets", "the fine-tuning data of {end}"),
    ("weights_endmodel", "final-parameters", "the weights of {end}"),
    ("trainingcode", "training-code", "the training code of {end}"),
    ("code", "code-documentation", "the code documentation of {end}"),
    (
        "hardware_architecture",
        "training-setup-documentation",
        "the hardware and architecture documentation of {end}",
    ),
    ("preprint", "technical-report", "the preprint on {end}"),
    ("paper", "research-paper", "the peer-reviewed paper on {end}"),
    ("modelcard", "model-card", "the model card of {end}"),
    ("datasheet", "data-card", "the datasheet of {end}"),
    ("package", "package", "the package of {end}"),
    ("api", "api-access", "the API access to {end}"),
)
_STATUS = {"open": "yes", "partial": "partial", "closed": "no"}
_MODALITIES = {"text", "code", "vision", "image", "audio", "video", "multimodal"}
_SKIP = ("a_submission_template.yaml", "readme.md", "readme.yaml")


def convert_osai_index(folder: str | Path, licenses: LicenseTable) -> ImportResult:
    """Convert every family file of the index in a folder.

    Parameters
    ----------
    folder
        The index folder (the database's top level: one YAML file per family).
    licenses
        As for :func:`openviz.sources.mot.convert_mot`.

    Returns
    -------
    ImportResult
        As for :func:`openviz.sources.mot.convert_mot`; ``_parameters*.yml``, the
        submission template and the readme are not release files, and are passed over.
    """
    warnings: list[str] = []
    records, taken = [], set()
    releases: dict[tuple[str, str, str], str] = {}  # (name, organisation, date) -> file
    paths = sorted([*Path(folder).glob("*.yaml"), *Path(folder).glob("*.yml")])
    for path in paths:
        if path.name.startswith("_") or path.name.lower() in _SKIP:
            continue
        record = _record(path, licenses, warnings, taken)
        if record is None:
            continue
        # One release described by two files (a copy under another name) would be imported
        # twice and counted twice in every chart: keep the first, say so for the other.
        key = (record["name"].casefold(), record["organisation"].casefold(), record["release_date"])
        if key in releases:
            taken.discard(record["id"])
            warnings.append(
                f"{path.name}: the same release as {releases[key]} ({record['name']}, "
                f"{record['organisation']}, {record['release_date']}; skipped this file)"
            )
            continue
        releases[key] = path.name
        records.append(record)
    return finish(records, warnings)


def _record(
    path: Path, licenses: LicenseTable, warnings: list[str], taken: set[str]
) -> dict | None:
    where = path.name
    read = read_mapping(path, where, "system", warnings)
    if read is None:
        return None
    data, system = read
    day = system.get("releasedate")
    dated = dated_id(day, "osai-", path.stem, where, taken, warnings, "file name")
    if dated is None:
        return None
    date, rid = dated
    family_name = _text(system.get("name")) or path.stem
    end = _text(system.get("endmodelname")) or family_name
    base = _text(system.get("basemodelname"))
    tuned = bool(base) and _common.slug(base) != _common.slug(end)
    org = data.get("org") if isinstance(data.get("org"), dict) else {}
    organisation = _text(org.get("name"))
    if not organisation:
        warnings.append(f"{where}: no organisation (recorded as unknown)")
    record = {
        "id": rid,
        "name": end,
        "family": _common.family_of(path.stem),
        "organisation": organisation or "unknown",
        "release_date": date,
        "modality": _modality(where, system.get("type"), warnings),
        "stage": "tuned" if tuned else "base",
    }
    if tuned:
        record["base_model"] = base
    homepage = _common.http_links(system.get("link"))
    if homepage:
        record["homepage"] = homepage[0]
    names = {"end": end, "base": base or end}
    source = _Source(where, data, system, names, licenses, warnings)
    record["components"] = _components(source)
    record["notes"] = (
        f"Imported from the European Open Source AI Index file {where}, which describes the "
        f"{family_name} family's newest release: {end}"
        + (f", tuned from {base}" if tuned else "")
        + ". Ratings for earlier releases of the family may differ. Components the index "
        "does not rate are left unknown."
    )
    record["origin"] = {"source": "osai-index", "file": where, **ORIGIN}
    return record


@dataclass(frozen=True)
class _Source:
    """What the component readers of one index file need: the file and where to warn."""

    where: str
    data: dict
    system: dict
    names: dict[str, str]
    licenses: LicenseTable
    warnings: list[str]


def _components(source: _Source) -> dict:
    where, data, names, warnings = source.where, source.data, source.names, source.warnings
    out = {}
    for key, cid, what in DIMENSIONS:
        use = key
        if key == "weights_endmodel" and _class(data.get(key)) is None:
            # No end-model rating (a base model only): the base weights are the release.
            use, what = "weights_basemodel", "the weights of the base model {base}"
        fact = _fact(where, use, data.get(use), what.format(**names), warnings)
        if fact is not None:
            out[cid] = fact
    weights = out.get("final-parameters")
    if weights is not None:
        extra = _weights_notes(source, weights)
        if extra:
            weights["notes"] = " ".join(filter(None, [weights.get("notes", ""), *extra]))
    return out


def _fact(where: str, key: str, entry: object, what: str, warnings: list[str]) -> dict | None:
    if entry is None:
        return None
    if not isinstance(entry, dict):
        warnings.append(f"{where}: {key} is not a mapping (left the component unknown)")
        return None
    cls = _class(entry)
    if cls is None:
        return None  # empty class: not applicable to this model
    status = _STATUS.get(cls)
    if status is None:
        warnings.append(f"{where}: {key} class {cls!r} is not open, partial or closed (left out)")
        return None
    links = _common.http_links(entry.get("link"))
    note = _common.short_quote(entry.get("notes"))
    said = f'; its note reads: "{note}"' if note else ""
    if links:
        shows = f"The EU Open Source AI Index cites this page when rating {what} {cls}{said}"
        url = links[0]
    else:
        shows = f"The EU Open Source AI Index rates {what} {cls}{said}"
        url = _common.github_url(REPO, COMMIT, where)
    fact = {"status": status, "evidence": [_common.evidence(url, shows, "osai-index")]}
    if len(links) > 1:
        fact["notes"] = "The index also cites " + ", ".join(links[1:4]) + "."
    return fact


def _weights_notes(source: _Source, weights: dict) -> list[str]:
    where, data, names, warnings = source.where, source.data, source.names, source.warnings
    system = source.system
    notes = []
    base_cls = _class(data.get("weights_basemodel"))
    if base_cls and _class(data.get("weights_endmodel")) is not None:
        notes.append(f"The index rates the base-model weights ({names['base']}) {base_cls}.")
    terms = data.get("licenses") if isinstance(data.get("licenses"), dict) else {}
    if _class(terms):
        note = _common.short_quote(terms.get("notes"), 120)
        notes.append(f"Its licenses rating is {_class(terms)}" + (f' ("{note}").' if note else "."))
    raw = system.get("endmodellicense")
    if raw is None and "endmodel license" in system:
        raw = system["endmodel license"]
        warnings.append(f"{where}: the end-model license is under 'endmodel license' (read it)")
    lic, kind = _common.resolve_license(raw, source.licenses)
    if kind == "ok":
        if weights["status"] in ("yes", "partial"):
            weights["license"] = lic
    elif raw is None or not str(raw).strip():
        warnings.append(f"{where}: no end-model license given (recorded no license)")
    else:
        problem = _common.LICENSE_PROBLEMS[kind]
        warnings.append(f"{where}: end-model license {raw!r} {problem} (recorded no license)")
        quoted = _common.short_quote(raw, 80)
        if quoted:
            notes.append(f'The index gives the end-model license as "{quoted}".')
    return notes


def _class(entry: object) -> str | None:
    value = entry.get("class") if isinstance(entry, dict) else None
    text = _text(value).lower()
    return text or None


def _modality(where: str, value: object, warnings: list[str]) -> str:
    kinds = {t.strip().lower() for t in _text(value).split(",") if t.strip()}
    if kinds == {"text", "code"}:
        return "code"
    if len(kinds) > 1:
        return "multimodal"
    if len(kinds) == 1 and kinds <= _MODALITIES:
        return next(iter(kinds))
    warnings.append(f"{where}: model type {_text(value)!r} not given or not known (modality other)")
    return "other"


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())
