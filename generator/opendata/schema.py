"""JSON Schema of the published JSON (a record's index.json, and the bulk files), from the same
declarations as the content schema (generator/content/schema.py). Every field of a record is present in
its twin (null or [] when the content leaves it out), so every field is required and may be null."""

from __future__ import annotations

import json

from generator.content import schema as s
from generator.content.jsonschema import DATE_PATTERN, ID_PATTERN, to_json_schema
from generator.model.deadlines import STATES
from generator.model.records import REF_FIELDS
from generator.opendata.urls import BULK_SCHEMA, TWIN_SCHEMA

DRAFT = "http://json-schema.org/draft-07/schema#"
NULL = {"type": "null"}
URL_PATTERN = r"^[a-z0-9/-]+/$"


def nullable(body: dict) -> dict:
    return {"anyOf": [body, NULL]}


def field_schema(ftype: object, vocabularies: dict[str, dict]) -> dict:
    """A field's value in a twin: as the content file has it, but dates as ISO text and null when absent."""
    if isinstance(ftype, s.Obj):
        return nullable(fields_schema(ftype.fields, vocabularies))
    if isinstance(ftype, s.ListOf):
        item = field_schema(ftype.item, vocabularies)
        return {"type": "array", "items": item["anyOf"][0] if "anyOf" in item else item}
    if isinstance(ftype, s.Date):
        return nullable({"type": "string", "pattern": DATE_PATTERN})
    return nullable(to_json_schema(ftype, vocabularies))


def fields_schema(fields: dict, vocabularies: dict[str, dict]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": sorted(fields),
        "properties": {name: field_schema(ftype, vocabularies) for name, ftype in fields.items()},
    }


REFERENCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "url"],
    "properties": {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "url": {"type": "string", "pattern": URL_PATTERN, "description": "The record's page, relative to the site's root."},
    },
}
REFERENCES = {"type": "array", "items": {"$ref": "#/definitions/reference"}}
STATE_MEANINGS = {
    "forsinket": "delayed: the deadline has passed and a status reported after it is not done",
    "uden-opfoelgning": "deadline passed without follow-up: no status reported since the deadline "
    "(none, ukendt, planlagt, or a status dated before the deadline by the strategy's as_of)",
    "frist-ikke-naaet": "the deadline has not been reached",
    "gennemfoert": "done (status gennemfoert)",
    "ingen-frist": "no deadline",
}
DEADLINE_STATE = {
    "enum": list(STATES),
    "description": "The deadline state against the build's reference date. "
    + "; ".join(f"{key}: {meaning}" for key, meaning in STATE_MEANINGS.items())
    + ".",
}
COUNTS = {
    "type": "object",
    "additionalProperties": False,
    "description": "Items counted by deadline state.",
    "properties": {state: {"type": "integer", "minimum": 1, "description": STATE_MEANINGS[state]} for state in STATES},
}
CHANGE_ITEM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "field", "subject", "before", "after"],
    "properties": {
        "kind": {
            "enum": [
                "created",
                "moved",
                "status",
                "deadline",
                "date",
                "number",
                "text",
                "list",
                "measure_added",
                "measure_removed",
                "measure_changed",
            ]
        },
        "field": {"type": "string", "description": "The field changed (schema name; '' for created and moved)."},
        "subject": {"type": "string", "description": "The measure's text for measure changes, else ''."},
        "before": {
            "type": ["string", "null"],
            "description": "The value before, as written (vocabulary key, date, "
            "number, old path for moved); null for text and lists, which are only said to be revised.",
        },
        "after": {"type": ["string", "null"], "description": "The value after, as before."},
    },
}
HISTORY = {
    "type": "array",
    "description": "The record's committed changes, newest first, from git history (empty outside a git checkout). Never who made them.",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["date", "commit", "note", "changes"],
        "properties": {
            "date": {"type": "string", "format": "date"},
            "commit": {"type": "string", "pattern": "^[0-9a-f]{40}$"},
            "note": {"type": ["string", "null"], "description": "The commit's change note (trailer Ændringsnote:)."},
            "changes": {"type": "array", "items": CHANGE_ITEM},
        },
    },
}
MEASURE_STATE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["anchor", "deadline_state", "share_of_way"],
    "properties": {
        "anchor": {"type": "string", "description": "The measure's anchor on the initiative's page."},
        "deadline_state": DEADLINE_STATE,
        "share_of_way": {
            "type": ["integer", "null"],
            "description": "Percent of the way from baseline to target the actual "
            "value has come (also for reduction targets); null "
            "without baseline, target and actual.",
        },
    },
}
DECISION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["meeting", "item", "url", "outcome"],
    "properties": {
        "meeting": {"$ref": "#/definitions/reference"},
        "item": {"type": "string", "description": "The agenda item's number."},
        "url": {"type": "string", "description": "The agenda item on the meeting's page."},
        "outcome": {"type": ["string", "null"]},
    },
}


def variant(kind: str, vocabularies: dict[str, dict]) -> dict:
    fields = {name: ftype for name, ftype in s.RECORDS[kind].fields.items() if name not in ("type", "id")}
    single = {name for name, many in REF_FIELDS[kind] if not many}
    return {
        "type": "object",
        "additionalProperties": False,
        "description": s.RECORDS[kind].doc,
        "required": [
            "id",
            "type",
            "title",
            "url",
            "updated",
            "status",
            "progress",
            "deadline_state",
            "measures",
            "history",
            "fields",
            "references",
        ],
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN},
            "type": {"const": kind},
            "title": {"type": "string"},
            "url": {"type": "string", "pattern": URL_PATTERN, "description": "The record's page, relative to the site's root."},
            "updated": {"type": ["string", "null"], "format": "date", "description": "Last change (git history, else the file's time)."},
            "status": {"type": ["string", "null"]},
            "progress": nullable(
                {"type": "object", "additionalProperties": False, "properties": {"initiatives": COUNTS, "measures": COUNTS}}
            ),
            "deadline_state": DEADLINE_STATE if kind == "initiative" else NULL,
            "measures": {"type": "array", "items": MEASURE_STATE} if kind == "initiative" else NULL,
            "history": HISTORY,
            "fields": fields_schema(fields, vocabularies),
            "references": {
                "type": "object",
                "additionalProperties": False,
                "required": ["parent", "children", "links", "mentioned_in", "decisions"],
                "properties": {
                    "parent": nullable({"$ref": "#/definitions/reference"}),
                    "children": REFERENCES,
                    "links": {
                        "type": "object",
                        "properties": {
                            name: nullable({"$ref": "#/definitions/reference"}) if name in single else REFERENCES
                            for name, _ in REF_FIELDS[kind]
                        },
                        "additionalProperties": REFERENCES,
                    },
                    "mentioned_in": REFERENCES,
                    "decisions": {"type": "array", "items": DECISION},
                },
            },
        },
    }


def twin_schema(vocabularies: dict[str, dict]) -> dict:
    return {
        "$schema": DRAFT,
        "title": "Retning record (index.json)",
        "description": "One record as published beside its page. URLs are relative to the site's root.",
        "definitions": {"reference": REFERENCE},
        "oneOf": [variant(kind, vocabularies) for kind in s.RECORDS],
    }


def bulk_schema(vocabularies: dict[str, dict]) -> dict:
    twin = twin_schema(vocabularies)
    return {
        "$schema": DRAFT,
        "title": "Retning records in bulk (data/alle.json.gz unpacked, data/STRATEGY.json)",
        "definitions": {"reference": REFERENCE, "record": {"oneOf": twin["oneOf"]}},
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "licence", "schema", "base_url", "records"],
        "properties": {
            "title": {"type": ["string", "null"]},
            "schema": {"type": "string"},
            "licence": nullable(
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "url"],
                    "properties": {"name": {"type": "string"}, "url": {"type": ["string", "null"]}},
                }
            ),
            "base_url": {"type": ["string", "null"]},
            "records": {"type": "array", "items": {"$ref": "#/definitions/record"}},
        },
    }


SCHEMAS = {TWIN_SCHEMA: twin_schema, BULK_SCHEMA: bulk_schema}


def schema_files(vocabularies: dict[str, dict]) -> dict[str, bytes]:
    """The published schemas by path: a record's index.json, and the bulk files."""
    return {path: (json.dumps(make(vocabularies), ensure_ascii=False, indent=2) + "\n").encode("utf-8") for path, make in SCHEMAS.items()}
