"""The Model Openness Tool's own evaluator, ported: which MOF class the tool gives a record.

Also the MOF components and settings as the tool names them (``mof.settings.yml`` at
commit 8b5d30e90a7c), which the importer in :mod:`openviz.sources.mot` maps onto openviz ids.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

#: The 17 MOF components: MOT name, openviz id, MOF content type (from ``mof.settings.yml``).
MOF_COMPONENTS = (
    ("Datasets", "datasets", "data"),
    ("Data preprocessing code", "data-preprocessing-code", "code"),
    ("Model architecture", "model-architecture", "code"),
    ("Model parameters (Final)", "final-parameters", "data"),
    ("Model metadata", "model-metadata", "data"),
    ("Model parameters (Intermediate)", "intermediate-parameters", "data"),
    ("Training code", "training-code", "code"),
    ("Inference code", "inference-code", "code"),
    ("Evaluation code", "evaluation-code", "code"),
    ("Evaluation data", "evaluation-data", "data"),
    ("Evaluation results", "evaluation-results", "document"),
    ("Supporting libraries and tools", "supporting-libraries", "code"),
    ("Model card", "model-card", "document"),
    ("Data card", "data-card", "document"),
    ("Technical report", "technical-report", "document"),
    ("Research paper", "research-paper", "document"),
    ("Sample model outputs", "sample-outputs", "document"),
)
_BY_NAME = {name.lower(): (name, cid, ctype) for name, cid, ctype in MOF_COMPONENTS}

#: MOT component name to (class that introduces it, required), from ``mof.settings.yml``.
MOF_SETTINGS = {
    "Datasets": (1, True),
    "Data preprocessing code": (1, True),
    "Model architecture": (3, True),
    "Model parameters (Final)": (3, True),
    "Model metadata": (1, False),
    "Model parameters (Intermediate)": (1, True),
    "Training code": (2, True),
    "Inference code": (2, True),
    "Evaluation code": (2, True),
    "Evaluation data": (2, True),
    "Evaluation results": (3, True),
    "Supporting libraries and tools": (2, False),
    "Model card": (3, True),
    "Data card": (3, True),
    "Technical report": (3, True),
    "Research paper": (1, True),
    "Sample model outputs": (3, False),
}
_TYPE = {name: ctype for name, _, ctype in MOF_COMPONENTS}
_TECHNICAL_REPORT, _RESEARCH_PAPER = "Technical report", "Research paper"
# LicenseHandler::OPEN_DATA_LICENSES and OPEN_LICENSES of the tool (commit 8b5d30e90a7c).
_TOOL_OPEN_DATA = frozenset(
    {
        "CC0-1.0",
        "CC-BY-1.0",
        "CC-BY-2.0",
        "CC-BY-2.5",
        "CC-BY-2.5-AU",
        "CC-BY-3.0",
        "CC-BY-3.0-AT",
        "CC-BY-3.0-AU",
        "CC-BY-3.0-DE",
        "CC-BY-3.0-IGO",
        "CC-BY-3.0-NL",
        "CC-BY-3.0-US",
        "CC-BY-4.0",
        "CC-BY-SA-1.0",
        "CC-BY-SA-2.0",
        "CC-BY-SA-2.0-UK",
        "CC-BY-SA-2.1-JP",
        "CC-BY-SA-2.5",
        "CC-BY-SA-3.0",
        "CC-BY-SA-3.0-AT",
        "CC-BY-SA-4.0",
        "CDLA-Permissive-1.0",
        "CDLA-Permissive-2.0",
        "CDLA-Sharing-1.0",
        "ODC-PDDL-1.0",
        "ODC-By-1.0",
        "ODbL-1.0",
        "GFDL-1.3",
        "OGL-Canada-2.0",
        "OGL-UK-2.0",
        "OGL-UK-3.0",
    }
)
_TOOL_OPEN = frozenset({"OpenMDW-1.0"})


def tool_open_licenses(folder: str | Path) -> frozenset[str] | None:
    """License ids the MOT counts as open, read from its license lists in ``folder``.

    This is ``LicenseHandler::isOpenSourceLicense``: OSI-approved or FSF-libre in the
    tool's license entities, or on its open-data or open list. The entities are loaded as
    the tool's ``LicenseImporter`` does: ``licenses.json`` first, then ``mof-licenses.json``,
    whose entries replace those of the same id (flags missing there count as false).

    Returns
    -------
    frozenset of str or None
        ``None`` when ``folder`` (or its parent, for a ``models`` folder) holds no
        ``licenses.json``.
    """
    base = Path(folder)
    if not (base / "licenses.json").is_file() and (base.parent / "licenses.json").is_file():
        base = base.parent
    entities: dict[str, dict] = {}
    found = False
    for name in ("licenses.json", "mof-licenses.json"):
        path = base / name
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found = found or name == "licenses.json"
        for lic in data.get("licenses", []) if isinstance(data, dict) else []:
            if isinstance(lic, dict) and "licenseId" in lic:
                entities[str(lic["licenseId"])] = lic
    if not found:
        return None
    flagged = {
        lid for lid, lic in entities.items() if lic.get("isOsiApproved") or lic.get("isFsfLibre")
    }
    return frozenset(flagged | _TOOL_OPEN_DATA | _TOOL_OPEN)


def mot_class(release: dict, open_licenses: Collection[str]) -> int:
    """Return the MOF class the Model Openness Tool gives a record: 3, 2, 1, or 0 for none.

    A port of the tool's ``ModelEvaluator`` (``evaluate``, ``getProgress``,
    ``getClassification``, ``handleTechnicalReportOmission``) at commit 8b5d30e90a7c:

    - a class counts the required components of it and of every class below it (III, then
      III + II, then all three); optional ones never count;
    - a listed component is included when its license is open (``open_licenses``, see
      :func:`tool_open_licenses`); the license is the component's own, where ``license``
      is given (``unlicensed`` or empty: none, and no inheritance), else the release's
      license for the component's content type, else its distribution license;
    - a class is reached when every one of its counted components is included, and only
      when the classes below it are reached too;
    - the one computed substitution: when the technical report is not included and the
      research paper is listed, the paper stands in for the report in classes III and II
      (with its own status), and class I needs one component fewer. The tool's other
      special cases (evaluation results inside a report or the model card, a model card
      carrying the data information) are decided by whoever fills in the form, who then
      records the component as included: the evaluator computes nothing for them.

    Component names are matched exactly, as the tool does; a name it does not know is left
    out (the tool's form cannot produce one). A component listed twice keeps its last entry.
    """
    listed: dict[str, object] = {}
    for item in release.get("components") or []:
        name = str(item.get("name") if isinstance(item, dict) else item)
        if name in MOF_SETTINGS:
            listed[name] = item
    table = release.get("license") if isinstance(release.get("license"), dict) else {}

    def status(name: str) -> str | None:
        return _tool_status(name, listed, table, open_licenses)

    required = {c: [n for n, (k, req) in MOF_SETTINGS.items() if k == c and req] for c in (3, 2, 1)}
    included: dict[int, list[str]] = {}
    counted: list[str] = []
    for c in (3, 2, 1):
        counted = counted + required[c]
        included[c] = [n for n in counted if status(n) == "included"]
    paper = status(_RESEARCH_PAPER)
    if _TECHNICAL_REPORT not in included[3] and paper is not None and paper == "included":
        included[3].append(_RESEARCH_PAPER)
        included[2].append(_RESEARCH_PAPER)

    def progress(c: int) -> float:
        return _tool_progress(c, required, included)

    reached = 0
    for c in (3, 2, 1):
        if progress(c) == 100.0:
            reached = c
    return reached


def _tool_license(name: str, listed: dict, table: dict) -> str | None:
    """Return a listed component's license as the tool reads it (own, by type, distribution)."""
    item = listed[name]
    own = item.get("license") if isinstance(item, dict) else None
    if own is not None:
        own = "" if own == "unlicensed" else str(own)
        return own or None
    for key in (_TYPE[name], "distribution"):
        entry = table.get(key)
        value = entry.get("name") if isinstance(entry, dict) else None
        if value:
            return str(value)
    return None


def _tool_status(
    name: str, listed: dict, table: dict, open_licenses: Collection[str]
) -> str | None:
    """Return the tool's status of a component: included, unlicensed, invalid, or None."""
    if name not in listed:
        return None
    lic = _tool_license(name, listed, table) or "unlicensed"
    if lic in open_licenses:
        return "included"
    return "unlicensed" if lic == "unlicensed" else "invalid"


def _tool_progress(c: int, required: dict, included: dict) -> float:
    """Return the tool's progress (0 to 100) towards class ``c`` (``getProgress``)."""
    total, count, reached = 0, 0, True
    for i in range(3, c - 1, -1):
        total += len(required[i])
        count = len(included[i])
        if count < total:
            reached = i == c
            break
    if not reached:
        return 0.0
    if c == 1 and _TECHNICAL_REPORT not in included[1] and _RESEARCH_PAPER in included[1]:
        total -= 1
    return min(100.0, count / total * 100)
