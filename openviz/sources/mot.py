"""Import the LF AI & Data Model Openness Tool (MOT) records as openviz release records.

A MOT record lists the components a release includes, each with an optional license; a
component without one inherits the release's license for its content type (code, data,
document), then the release's distribution license. A MOF component missing from the list
was not released: the tool scores it that way, and so do we (status ``no``).

License names resolve through the license table plus a small alias map; ``unlicensed`` is
``none``. Placeholder text or an unknown name gives no license and a warning. A listed
component whose license field reads "Component not included" or "Undisclosed" contradicts
itself (for GPT-3 the weights were indeed withheld, for StarCoder they were not), so its
status is ``unknown``; with "Undisclosed" its license is recorded as ``undisclosed`` (terms
not made public), which no definition accepts, so the verdict does not hang on the status.

Fields the MOT does not hold are filled by documented rules, never by guessing facts:

- ``id``: ``mot-`` plus the release name, lowercased and hyphenated.
- ``family``: :func:`openviz.sources._common.family_of` on the release name.
- ``stage``: from ``treatment`` when present; otherwise ``tuned`` when the name says
  instruct, chat, ``-it``, SFT, RLHF or DPO, else ``base`` (the record's notes say so).
- ``modality``: from ``type``; ``other`` when the record has none (with a warning).
- ``release_date``: the record's ``date``. For some records this is when the entry was
  written, not when the model came out; the notes say so.

Two more things go into each record's ``origin``: ``files``, every source file that
describes the release (the one converted first; files skipped as duplicates after it), and,
when the folder holds the tool's own license lists (``licenses.json`` and
``mof-licenses.json``, beside ``models/``), ``mot_class``: the MOF class the tool's evaluator
gives the record (0 for none), computed by :func:`mot_class`, a line-by-line port of the
tool's ``ModelEvaluator``. ``openviz crosscheck`` compares it with openviz's own ``mof``
verdicts.
"""

from __future__ import annotations

import re
from pathlib import Path

from openviz.licenses import LicenseTable
from openviz.sources import _common
from openviz.sources._common import ImportResult
from openviz.sources._steps import dated_id, finish, read_mapping
from openviz.sources.mot_tool import (
    _BY_NAME,
    MOF_COMPONENTS,
    MOF_SETTINGS,
    mot_class,
    tool_open_licenses,
)

__all__ = [
    "MOF_COMPONENTS",
    "MOF_SETTINGS",
    "ORIGIN",
    "convert_mot",
    "mot_class",
    "tool_open_licenses",
]

REPO = "lfai/model_openness_tool"
COMMIT = "8b5d30e90a7c"
ORIGIN = {
    "source": "mot",
    "commit": COMMIT,
    "license": "MIT",
    "attribution": (
        "LF AI & Data Model Openness Tool, Copyright 2024 The Model Openness Tool Authors"
    ),
}


_MODALITY = {
    "language": "text",
    "code": "code",
    "multimodal": "multimodal",
    "vision": "vision",
    "image": "image",
    "audio": "audio",
    "video": "video",
    "3d": "other",
    "other": "other",
}
_STAGE = {"pre-trained": "base", "instruct fine-tuned": "tuned", "chat fine-tuned": "tuned"}
_TUNED_NAME = re.compile(r"instruct|chat|-it(-|$)|sft|rlhf|dpo")
_TEST_NAME = re.compile(r"(^|[-_ ])test($|[-_ ])", re.IGNORECASE)
_SIZE = re.compile(r"(\d+(?:\.\d+)?)[bm](?![a-z])")
_WITHHELD = re.compile(r"not\s+include|undisclosed", re.IGNORECASE)
_COUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*([MB])$", re.IGNORECASE)


def convert_mot(folder: str | Path, licenses: LicenseTable) -> ImportResult:
    """Convert every MOT model record in a folder.

    Parameters
    ----------
    folder
        The MOT data folder (holding ``models/``) or the ``models`` folder itself.
    licenses
        The catalogue's license table (``catalog.licenses``), to resolve license names.

    Returns
    -------
    ImportResult
        One record per usable file, sorted by id; a broken file gives a warning, never an
        exception.
    """
    base = Path(folder)
    models = base / "models" if (base / "models").is_dir() else base
    warnings: list[str] = []
    loaded = []
    for path in sorted([*models.glob("*.yml"), *models.glob("*.yaml")]):
        where = f"models/{path.name}"
        read = read_mapping(path, where, "release", warnings)
        if read is None:
            continue
        release = read[1]
        name = str(release.get("name") or "").strip()
        if not name:
            warnings.append(f"{where}: the release has no name (skipped the file)")
            continue
        if _TEST_NAME.search(name) or _TEST_NAME.search(path.stem):
            warnings.append(f"{where}: leftover test record {name!r} (skipped the file)")
            continue
        named, stem = set(_SIZE.findall(name.lower())), set(_SIZE.findall(path.stem.lower()))
        if named and stem and named != stem:
            warnings.append(
                f"{where}: the file name gives size {'/'.join(sorted(stem))}B but the release "
                f"is named {name!r} (used the record's name)"
            )
        loaded.append((where, path.stem, name, release))

    # Keep one file per release name: the one named after the release, else the first.
    keepers: dict[str, str] = {}
    for where, _, name, _ in sorted(loaded, key=lambda x: (x[1] != x[2], x[0])):
        keepers.setdefault(name.lower(), where)
    # Every file skipped as a duplicate maps to the record kept.
    files: dict[str, list[str]] = {}
    for where, _, name, _ in loaded:
        kept = keepers[name.lower()]
        files.setdefault(kept, [kept])
        if kept != where:
            files[kept].append(where)
    tool_open = tool_open_licenses(base)
    records, taken = [], set()
    for where, _, name, release in loaded:
        kept = keepers[name.lower()]
        if kept != where:
            warnings.append(
                f"{where}: duplicate release name {name!r}, also in {kept} (skipped this file; "
                f"the record of {kept} lists it in origin.files)"
            )
            continue
        record = _record(where, name, release, licenses, warnings, taken)
        if record is not None:
            record["origin"]["files"] = files[where]
            if tool_open is not None:
                record["origin"]["mot_class"] = mot_class(release, tool_open)
            records.append(record)
    return finish(records, warnings)


def _record(
    where: str,
    name: str,
    release: dict,
    licenses: LicenseTable,
    warnings: list[str],
    taken: set[str],
) -> dict | None:
    dated = dated_id(release.get("date"), "mot-", name, where, taken, warnings, "name")
    if dated is None:
        return None
    date, rid = dated
    notes = [
        f"Imported from the LF AI & Data Model Openness Tool (MOT) record {where}. The MOT "
        "lists the components a release includes; those it does not list are recorded here as "
        "not released, following the tool's convention. The release date is the record's date "
        "field, which for some MOT records is when the entry was written rather than when the "
        "model came out."
    ]
    producer = str(release.get("producer") or "").strip()
    if not producer:
        warnings.append(f"{where}: no producer (organisation recorded as unknown)")
    mtype = str(release.get("type") or "").strip().lower()
    modality = _MODALITY.get(mtype)
    if modality is None:
        warnings.append(f"{where}: model type {mtype!r} not given or not known (modality other)")
        notes.append("The MOT record gives no usable model type, so the modality is other.")
        modality = "other"
    stage = _STAGE.get(str(release.get("treatment") or "").strip().lower())
    if stage is None:
        stage = "tuned" if _TUNED_NAME.search(name.lower()) else "base"
        notes.append("The stage is read from the release name: the record has no treatment.")
    record = {
        "id": rid,
        "name": name,
        "family": _common.family_of(name),
        "organisation": producer or "unknown",
        "release_date": date,
        "modality": modality,
        "stage": stage,
    }
    version = str(release.get("version") or "").strip()
    if version and version.lower() not in ("undisclosed", "unknown", "n/a"):
        record["version"] = version[:40]
        count = _COUNT.match(version)
        if count and float(count.group(1)) > 0:  # "0B" (seen in the tool's test data) is no count
            scale = 1e9 if count.group(2).upper() == "B" else 1e6
            record["parameter_count"] = float(count.group(1)) * scale
    for key in ("repository", "huggingface"):
        links = _common.http_links(release.get(key))
        if links:
            record["homepage"] = links[0]
            break
    url = _common.github_url(REPO, COMMIT, where)
    record["components"] = _components(where, url, release, licenses, warnings)
    record["notes"] = " ".join(notes)
    record["origin"] = {"source": "mot", "file": where, **ORIGIN}
    return record


def _components(
    where: str, url: str, release: dict, licenses: LicenseTable, warnings: list[str]
) -> dict:
    listed: dict[str, dict] = {}
    for item in release.get("components") or []:
        raw_name = str(item.get("name") if isinstance(item, dict) else item).strip()
        known = _BY_NAME.get(" ".join(raw_name.split()).lower())
        if known is None:
            warnings.append(f"{where}: unknown component {raw_name!r} (left out)")
            continue
        if known[1] in listed:
            warnings.append(f"{where}: component {raw_name!r} listed twice (kept the first)")
            continue
        listed[known[1]] = _included(where, url, item, known, release, licenses, warnings)
    out = {}
    for mof_name, cid, _ in MOF_COMPONENTS:
        out[cid] = listed.get(cid) or {
            "status": "no",
            "evidence": [
                _common.evidence(
                    url,
                    f"The MOT record does not list {_label(mof_name)} among the released "
                    "components.",
                    "mot",
                )
            ],
        }
    return out


def _included(
    where: str,
    url: str,
    item: dict,
    known: tuple[str, str, str],
    release: dict,
    licenses: LicenseTable,
    warnings: list[str],
) -> dict:
    mof_name, _, ctype = known
    label = _label(mof_name)
    raw, inherited = _license_text(item, release, ctype)
    fact: dict = {"status": "yes"}
    if raw is None:
        shows = f"The MOT record lists {label} as included but names no license for it."
    elif raw.strip().lower() == "unlicensed":
        # The tool writes "unlicensed" when the form's license box was left empty.
        fact["license"] = "none"
        shows = f"The MOT record lists {label} as included and marks it unlicensed."
    else:
        lic, kind = _common.resolve_license(raw, licenses)
        if kind == "ok":
            fact["license"] = lic
            shows = (
                f"The MOT record lists {label} as included with no license of its own, so "
                f"the release's {inherited} license, {_terms(lic)}, applies."
                if inherited
                else f"The MOT record lists {label} as included under {_terms(lic)}."
            )
        else:
            quoted = _common.short_quote(raw, 80)
            said = f'"{quoted}"' if quoted else "text that is not a license name"
            whose = f"the release's {inherited} license" if inherited else "its license"
            problem = _common.LICENSE_PROBLEMS[kind]
            done = "recorded no license"
            if _WITHHELD.search(raw):
                # The record contradicts itself (listed, yet "not included" or "undisclosed"),
                # and for some models each reading is true: we cannot tell which.
                fact["status"] = "unknown"
                fact["notes"] = (
                    f"The MOT record lists this component but gives {said} as {whose}, so it "
                    "is unclear whether it was released; left unknown."
                )
                done = "status unknown, no license"
                if "undisclosed" in raw.lower():
                    # Whether or not it was released, no terms were disclosed: nothing grants
                    # the open licence a definition asks for (the tool scores it so, too).
                    fact["license"] = "undisclosed"
                    fact["notes"] += " Its terms were not disclosed (license: undisclosed)."
                    done = "status unknown, license undisclosed"
            source = f" (from {whose})" if inherited else ""
            warnings.append(f"{where}: {mof_name} license {raw!r}{source} {problem} ({done})")
            shows = f"The MOT record lists {label} as included; for {whose} it gives {said}."
    fact["evidence"] = [_common.evidence(url, shows, "mot")]
    links = _common.http_links(item.get("component_path") if isinstance(item, dict) else None)
    if links:
        pointer = f"The MOT record points to {links[0]} for this component."
        fact["notes"] = " ".join(filter(None, [fact.get("notes"), pointer]))
    return fact


def _license_text(item: object, release: dict, ctype: str) -> tuple[str | None, str]:
    """Return the license text that applies and ``""`` or the release license it came from."""
    own = item.get("license") if isinstance(item, dict) else None
    if own is not None and str(own).strip():
        return str(own), ""
    table = release.get("license") if isinstance(release.get("license"), dict) else {}
    for key in (ctype, "distribution"):
        entry = table.get(key)
        name = entry.get("name") if isinstance(entry, dict) else None
        if name is not None and str(name).strip():
            return str(name), key
    return None, ""


def _terms(license_id: str) -> str:
    return "proprietary terms" if license_id == "proprietary" else license_id


def _label(mof_name: str) -> str:
    return "the " + mof_name[0].lower() + mof_name[1:]
