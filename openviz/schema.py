"""The JSON Schemas in ``defs/schema``, and schema errors rewritten as readable problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import fastjsonschema

from openviz._caches import bounded
from openviz._files import read_regular
from openviz._yaml import Document, field_name
from openviz.problems import Problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

__all__ = ["KINDS", "validate_document"]

#: file kind -> schema file name
KINDS = {
    "model": "model.schema.json",
    "definition": "definition.schema.json",
    "licenses": "licenses.schema.json",
    "components": "components.schema.json",
    "families": "families.schema.json",
}

# What a user should write instead, for fields where the schema alone says it badly.
_HINTS = {
    "evidence": (
        "a list of {url, shows, accessed}; every claim needs evidence, or use status: unknown"
    ),
    "url": "an http:// or https:// address",
    "homepage": "an http:// or https:// address",
    "accessed": "the date the page was read, YYYY-MM-DD",
    "shows": "a sentence (12+ characters) saying what the page shows",
    "id": "lowercase words joined by hyphens, e.g. llama-3-8b",
    "family": "lowercase words joined by hyphens, e.g. llama-3",
    "series": "lowercase words joined by hyphens, e.g. osaid",
    "source": "a source id from this file's sources, optionally #section",
    "name": "a display name, e.g. Llama 3 8B",
    "organisation": "the organisation that released the model",
    "release_date": "the release date, YYYY-MM-DD, YYYY-MM or YYYY",
    "date": "the publication date, YYYY-MM-DD, YYYY-MM or YYYY",
    "components": "a mapping of component id to {status, license, evidence}",
    "publisher": "who published the definition",
    "version": 'the version as text, e.g. "1.0"',
    "summary": "a paragraph saying what the definition asks for",
    "sources": "a list of {id, url, title, accessed}: the documents the definition comes from",
    "requirements": (
        "a requirement: {id, paraphrase, source} plus one of all_of, any_of, component, condition"
    ),
    "levels": "a list of {id, label, requirements}, lowest level first",
    "dimensions": "a list of {id, label, requirements}",
    "credit": "points for each rating: {open, partial, closed}",
    "label": "{en: ..., zh: ...}",
    "en": "the text in English",
    "zh": "the text in Chinese",
    "paraphrase": "the requirement in our own words (8+ characters)",
    "title": "the document's title",
    "value": "one of the values listed for this fact",
}

_TYPES = {
    "object": "a mapping of fields (key: value lines)",
    "array": "a list",
    "string": "text",
    "boolean": "true or false",
    "number": "a number",
    "integer": "a whole number",
    "null": "nothing",
}


def _show(value: object) -> str:
    """Write a value the way it would look in YAML (``true``, not ``True``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, (int, float)):
        return str(value)
    return "[...]" if isinstance(value, list) else "{...}"


def _describe(value: object) -> str:
    """Say what kind of value the user wrote: ``text 'no'``, ``a list``."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"true/false ({_show(value)})"
    if isinstance(value, str):
        return f"text {_show(value)}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return "a list" if isinstance(value, list) else "a mapping"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _hint(name: object, path: tuple, schema: dict) -> str:
    """Return what belongs in field ``name``: a hint, else from the field's schema."""
    if name == "evidence" and path[:1] in (("licenses",), ("spdx",)):
        return "a list of {url, shows, accessed}: where the license terms can be read"
    if name == "evidence" and "release" in path:
        return "a list of {url, shows, accessed}; every claim needs evidence, or use value: unknown"
    if name == "status" and "components" in path:
        return "one of yes, partial, no, unknown"
    if "enum" in schema:
        return "one of " + ", ".join(_show(x).strip("'") for x in schema["enum"])
    if isinstance(name, str) and name in _HINTS:
        return _HINTS[name]
    if schema.get("description"):
        return _lower_first(schema["description"])
    if isinstance(schema.get("type"), str):
        return _TYPES.get(schema["type"], schema["type"])
    return ""


@bounded("schemas", maxsize=8)
def _schemas(schema_dir: str) -> dict[str, dict]:
    """Return schema $id -> schema for every schema file in the folder."""
    out = {}
    for path in sorted(Path(schema_dir).glob("*.schema.json")):
        contents = json.loads(read_regular(path).decode("utf-8"))
        out[contents["$id"]] = contents | {"__file__": path.name}
    return out


@bounded("schema-fast", maxsize=32)
def _fast(schema_dir: str, kind: str):
    """Compile the schema for ``kind`` into a fast yes/no check.

    Valid files are the common case, and jsonschema's error-collecting validator is slow
    (and slow to import); so a compiled check runs first and the full validator only runs
    to explain a file that failed it. A test checks the two agree on every data file.
    """
    by_id = _schemas(schema_dir)
    by_name = {s["__file__"]: s for s in by_id.values()}

    def clean(schema: dict) -> dict:
        return {k: v for k, v in schema.items() if k != "__file__"}

    def resolve(uri: str) -> dict:
        return clean(by_id[uri.split("#")[0]])

    return fastjsonschema.compile(clean(by_name[KINDS[kind]]), handlers={"https": resolve})


@bounded("schema-validators", maxsize=8)
def _validators(schema_dir: str) -> dict[str, Draft202012Validator]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    folder = Path(schema_dir)
    registry: Registry = Registry()
    loaded = {}
    for path in sorted(folder.glob("*.schema.json")):
        contents = json.loads(read_regular(path).decode("utf-8"))
        resource = Resource.from_contents(contents)
        registry = registry.with_resource(contents["$id"], resource)
        loaded[path.name] = contents
    return {
        kind: Draft202012Validator(loaded[name], registry=registry)
        for kind, name in KINDS.items()
        if name in loaded
    }


def validate_document(doc: Document, kind: str, schema_dir: Path) -> list[Problem]:
    """Check ``doc`` against the schema for ``kind`` and return every problem found."""
    try:
        _fast(str(schema_dir), kind)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    validator = _validators(str(schema_dir))[kind]
    problems: dict[Problem, None] = {}
    for error in validator.iter_errors(doc.data):
        problems.update(dict.fromkeys(_explain(doc, error)))
    return list(problems)


def _is_node(schema: dict) -> bool:
    """Tell whether ``schema`` is the schema of a requirement node."""
    return "paraphrase" in schema.get("properties", {})


def _explain(doc: Document, error: ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    v = error.validator
    if v == "required":
        return _missing(doc, error, path, schema)
    if v == "additionalProperties":
        return _unknown_fields(doc, error, path, schema)
    if v == "oneOf" and _is_node(schema):
        return _mixed_node(doc, error, path)
    name = path[-1] if path and isinstance(path[-1], str) else ""
    problem, expected = _value_problem(error, schema, name, path)
    return [Problem(doc.path, doc.line(path), field_name(path), problem, expected)]


def _missing(doc: Document, error: ValidationError, path: tuple, schema: dict) -> list[Problem]:
    """Return one problem per missing field (of those this error names)."""
    present = error.instance if isinstance(error.instance, dict) else {}
    # jsonschema raises one error per missing field, each carrying the whole list.
    missing = [n for n in error.validator_value if n not in present]
    named = [n for n in missing if error.message.startswith(f"{n!r} ")]
    out = []
    for name in named or missing:
        sub = schema.get("properties", {}).get(name, {})
        out.append(
            Problem(
                doc.path,
                doc.line(path),
                field_name((*path, name)),
                "required field is missing",
                _hint(name, path, sub if isinstance(sub, dict) else {})
                or "the field to be present",
            )
        )
    return out


def _unknown_fields(
    doc: Document, error: ValidationError, path: tuple, schema: dict
) -> list[Problem]:
    """Return one problem per field the schema does not allow, listing those it does."""
    allowed = sorted(schema.get("properties", {}))
    extra = [k for k in error.instance if k not in schema.get("properties", {})]
    return [
        Problem(
            doc.path,
            doc.line((*path, k)),
            field_name((*path, k)),
            "unknown field",
            "one of: " + ", ".join(allowed) if allowed else "no extra fields",
        )
        for k in extra
    ]


def _mixed_node(doc: Document, error: ValidationError, path: tuple) -> list[Problem]:
    """Return the problem of a requirement that mixes kinds (or has none)."""
    if not isinstance(error.instance, dict):
        return []  # the type error says it better
    kinds = [k for k in ("all_of", "any_of", "component", "condition") if k in error.instance]
    what = (
        f"mixes {' and '.join(kinds)}" if kinds else "has no all_of, any_of, component or condition"
    )
    return [
        Problem(
            doc.path,
            doc.line(path),
            field_name(path),
            f"requirement {what}",
            "exactly one of all_of or any_of (a group), component, condition",
        )
    ]


def _value_problem(error: ValidationError, schema: dict, name, path: tuple) -> tuple[str, str]:
    """Return what is wrong with a value, and what was expected instead."""
    v = error.validator
    expected = _HINTS.get(str(name), "")
    if v == "enum":
        problem = f"{_show(error.instance)} is not an allowed value"
        expected = _hint(name, path, schema)
    elif v == "type" and _is_node(schema):
        problem = (
            f"{_describe(error.instance)} where a requirement is written out; "
            "requirements cannot refer to others by id"
        )
        expected = _HINTS["requirements"]
    elif v == "type":
        problem = f"wrong type: {_describe(error.instance)}"
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        hint = _HINTS.get(str(name), "")
        if name == "components" and "array" in wanted:  # the vocabulary, not a model
            hint = "a list of {id, type, label, description, names}"
        expected = hint or " or ".join(_TYPES.get(t, t) for t in wanted)
        if "boolean" in wanted and isinstance(error.instance, str):
            expected = "true or false; yes and no are read as text"
    elif v == "pattern":
        problem = f"{_show(error.instance)} is not in the required format"
        expected = expected or _lower_first(
            schema.get("description", f"text matching {error.validator_value}")
        )
    elif v in ("minLength", "maxLength"):
        size = len(error.instance) if isinstance(error.instance, str) else 0
        word = "short" if v == "minLength" else "long"
        problem = f"{_show(error.instance)} is too {word} ({size} characters)"
        limit = "at least" if v == "minLength" else "at most"
        what = expected or _lower_first(schema.get("description", "text"))
        expected = f"{limit} {error.validator_value} characters: {what}"
        if expected.endswith(f": {_HINTS.get(str(name))}"):
            expected = _HINTS[str(name)]
    elif v in ("minItems", "maxItems"):
        n = error.validator_value
        problem = "the list is empty" if error.instance == [] else "the list is too long"
        if v == "maxItems":
            problem = f"the list has {len(error.instance)} items"
        expected = expected or (
            f"{'at least' if v == 'minItems' else 'at most'} {n} item{'s' if n != 1 else ''}"
        )
        if name in ("all_of", "any_of") and v == "minItems":
            expected = "at least one requirement in the group"
    elif v in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bound = error.validator_value
        problem = f"{_show(error.instance)} is too {'small' if 'min' in v.lower() else 'large'}"
        relation = {
            "minimum": "at least",
            "exclusiveMinimum": "above",
            "maximum": "at most",
            "exclusiveMaximum": "below",
        }[v]
        desc = schema.get("description", "")
        expected = f"a number {relation} {bound}" + (f": {_lower_first(desc)}" if desc else "")
    elif v == "uniqueItems":
        problem = "the list repeats an item"
        expected = "each item once"
    elif v == "const":
        problem = f"{_show(error.instance)} is not allowed here"
        expected = _show(error.validator_value)
    else:
        problem = error.message if len(error.message) < 200 else error.message[:200] + "..."
    return problem, expected
