"""JSON Schema for the content files, generated from schema.py, for editors' autocompletion and
inline errors (e.g. VS Code's YAML extension)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.content import schema as s

DATE_PATTERN = r"^(\d{4}(-(H[12]|Q[1-4]|\d{2}(-\d{2})?))?|ukendt|unknown)$"
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$"
IMAGE_ALT = {
    "anyOf": [
        {"required": ["alt"], "properties": {"alt": {"minLength": 1}}},  # alt text, or decorative
        {"required": ["decorative"], "properties": {"decorative": {"const": True}}},
    ]
}


def to_json_schema(ftype: object, vocabularies: dict[str, dict]) -> dict:
    doc = {"description": text} if (text := getattr(ftype, "doc", "")) else {}
    if isinstance(ftype, s.Obj):
        return {
            **doc,
            "type": "object",
            "additionalProperties": False,
            "required": sorted(ftype.required),
            "properties": {name: to_json_schema(sub, vocabularies) for name, sub in ftype.fields.items()},
            **(IMAGE_ALT if ftype is s.IMAGE else {}),
        }
    if isinstance(ftype, s.ListOf):
        return {**doc, "type": "array", "items": to_json_schema(ftype.item, vocabularies)}
    if isinstance(ftype, (s.Text, s.Markdown)):
        return {**doc, "type": "string"}
    if isinstance(ftype, s.Number):
        return {**doc, "type": "number"}
    if isinstance(ftype, s.Bool):
        return {**doc, "type": "boolean"}
    if isinstance(ftype, s.Date):
        return {**doc, "anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999}, {"type": "string", "pattern": DATE_PATTERN}]}
    if isinstance(ftype, s.Ref):
        return {**doc, "type": "string", "pattern": ID_PATTERN, "description": f"The id of a {' or '.join(ftype.kinds)}."}
    if isinstance(ftype, s.Vocab):
        values = sorted(vocabularies.get(ftype.name, {}))
        return {
            **doc,
            "description": f"A value from content/vocabularies/{ftype.name}.yaml.",
            **({"enum": values} if values else {"type": "string"}),
        }
    raise TypeError(ftype)


def record_schema(vocabularies: dict[str, dict]) -> dict:
    variants = []
    for kind, record in s.RECORDS.items():
        body = to_json_schema(record, vocabularies)
        body["properties"]["type"] = {"const": kind, "description": record.doc}
        body["required"] = sorted({"type", *record.required})
        variants.append(body)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Retning content record",
        "description": "One record of content/: set `type:` first; the rest follows from it.",
        "oneOf": variants,
    }


def write_schemas(out_dir: Path, vocabularies: dict[str, dict]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    schemas = {
        "record.schema.json": record_schema(vocabularies),
        "site.schema.json": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": "Retning site settings",
            **to_json_schema(s.SETTINGS, vocabularies),
        },
        "vocabulary.schema.json": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": "Retning vocabulary",
            "type": "object",
            "propertyNames": {"pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
            "additionalProperties": to_json_schema(s.VOCAB_ENTRY, vocabularies),
        },
        "synonyms.schema.json": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": "Retning search synonyms",
            "type": "object",
            "propertyNames": {"pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
            "additionalProperties": to_json_schema(s.SYNONYM_GROUP, vocabularies),
        },
        "places.schema.json": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": "Retning places",
            "type": "object",
            "propertyNames": {"pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
            "additionalProperties": to_json_schema(s.PLACE, vocabularies),
        },
    }
    written = []
    for name, body in schemas.items():
        path = out_dir / name
        path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
