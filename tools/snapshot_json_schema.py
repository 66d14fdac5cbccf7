#!/usr/bin/env python3
"""The JSON Schema of Parley's snapshot file (schema/snapshot.schema.json), generated from the
negotiation schema so that the entity and relation types, their aliases and their attributes
stay in step with schema/negotiation.yaml.

    tools/snapshot_json_schema.py --write          # regenerate schema/snapshot.schema.json
    tools/snapshot_json_schema.py                  # check it is up to date, then validate every
                                                   # snapshot under graphs/ against it
    tools/snapshot_json_schema.py FILE...          # validate these snapshot files

Exit 1 when the committed JSON Schema is stale or a snapshot does not validate.
Needs PyYAML and jsonschema (tools/setup.sh installs them).
"""
import json
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_YAML = os.path.join(ROOT, "schema", "negotiation.yaml")
SCHEMA_JSON = os.path.join(ROOT, "schema", "snapshot.schema.json")


class StringDatesLoader(yaml.SafeLoader):
    """A YAML loader that keeps dates as strings, as Parley's reader sees them in JSON."""


StringDatesLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def spelling_pattern(spelling, separators="[-_ ]"):
    """A regex matching a type name as Parley does: any case, '-', '_' and ' ' alike."""
    out = []
    for ch in spelling:
        if ch in "-_ ":
            out.append(separators)
        elif ch.isalpha() and ch.lower() != ch.upper():
            out.append("[" + ch.upper() + ch.lower() + "]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def type_pattern(types, separators="[-_ ]"):
    spellings = []
    for name, spec in types.items():
        for s in [name] + list((spec or {}).get("aliases") or []):
            if s not in spellings:
                spellings.append(s)
    return "(?:" + "|".join(spelling_pattern(s, separators) for s in spellings) + ")"


def type_spellings(types):
    out = []
    for name, spec in types.items():
        for s in [name] + list((spec or {}).get("aliases") or []):
            if s not in out:
                out.append(s)
    return out


VALUE_SCHEMAS = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "float": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"$ref": "#/$defs/date"},
    "map": {"type": "object"},
    "entity": {"$ref": "#/$defs/entityReference"},
}


def attribute_schema(name, attr):
    if isinstance(attr, str):
        attr = {"type": attr}
    t = attr.get("type")
    if t == "enum":
        s = {"enum": list(attr.get("values") or [])}
    elif t == "list":
        s = {"type": "array"}
        if attr.get("items"):
            s["items"] = dict(VALUE_SCHEMAS.get(attr["items"], {}))
    else:
        s = dict(VALUE_SCHEMAS.get(t, {}))
    if name == "disputes":
        s["items"] = {"$ref": "#/$defs/dispute"}
    if attr.get("description"):
        s["description"] = attr["description"]
    return s


def attributes_schema(common, own):
    props = {}
    for name, attr in (common or {}).items():
        props[name] = attribute_schema(name, attr)
    for name, attr in (own or {}).items():
        props[name] = attribute_schema(name, attr)
    required = [n for n, a in (own or {}).items() if isinstance(a, dict) and a.get("required")]
    required += [n for n, a in (common or {}).items() if isinstance(a, dict) and a.get("required") and n not in required]
    s = {"type": "object", "properties": props}
    if required:
        s["required"] = required
    return s


def generate(schema):
    entity_types = schema.get("entity_types") or {}
    relation_types = schema.get("relation_types") or {}
    entity_attrs = schema.get("entity_attributes") or {}
    relation_attrs = schema.get("relation_attributes") or {}

    rel_compact_types = type_pattern(relation_types, "[-_]")
    compact = r"^\s*\S+\s+" + rel_compact_types + r"\s+\S+\s*$"

    entity_cases = []
    for name, spec in entity_types.items():
        spec = spec or {}
        entity_cases.append({
            "if": {"required": ["type"], "properties": {"type": {"pattern": "^" + type_pattern({name: spec}) + "$"}}},
            "then": {"properties": {"attributes": attributes_schema(entity_attrs, spec.get("attributes"))}},
        })
    relation_cases = []
    for name, spec in relation_types.items():
        spec = spec or {}
        attrs = {"properties": {"attributes": attributes_schema(relation_attrs, spec.get("attributes"))}}
        relation_cases.append({
            "if": {"required": ["type"], "properties": {"type": {"pattern": "^" + type_pattern({name: spec}) + "$"}}},
            "then": attrs,
        })
        one = type_pattern({name: spec}, "[-_]")
        relation_cases.append({
            "if": {"required": ["rel"], "properties": {"rel": {"pattern": r"^\s*\S+\s+" + one + r"\s+\S+\s*$"}}},
            "then": attrs,
        })

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/parley/parley/schema/snapshot.schema.json",
        "title": "Parley snapshot",
        "description": (
            "A whole negotiation graph at one point in time (schema/README.md). Generated from "
            "schema/negotiation.yaml by tools/snapshot_json_schema.py: do not edit by hand."
        ),
        "type": "object",
        "required": ["snapshot"],
        "additionalProperties": False,
        "properties": {
            "snapshot": {"$ref": "#/$defs/metadata"},
            "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
            "entities": {"type": "array", "items": {"$ref": "#/$defs/entity"}},
            "relations": {"type": "array", "items": {"$ref": "#/$defs/relation"}},
        },
        "$defs": {
            "date": {
                "type": "string",
                "pattern": r"^\d{4}-\d{2}-\d{2}$",
                "description": "A calendar date, YYYY-MM-DD.",
            },
            "id": {"type": "string", "minLength": 1, "pattern": r"^\S+$"},
            "entityReference": {"type": "string", "minLength": 1, "description": "The id of an entity of this snapshot."},
            "quote": {
                "type": ["string", "null"],
                "pattern": r"^\s*(?:\S+(?:\s+\S+){0,29})?\s*$",
                "description": "A short verbatim quote from the source: at most 30 words.",
            },
            "metadata": {
                "type": "object",
                "required": ["id"],
                "additionalProperties": False,
                "properties": {
                    "id": {"$ref": "#/$defs/id"},
                    "as_of": {"$ref": "#/$defs/date"},
                    "title": {"type": "string"},
                    "schema": {"type": "string", "description": "A path relative to this file, or a schema name."},
                    "description": {"type": "string"},
                    "attributes": {"type": "object"},
                },
            },
            "source": {
                "type": "object",
                "required": ["id"],
                "additionalProperties": False,
                "properties": {
                    "id": {"$ref": "#/$defs/id"},
                    "outlet": {"type": "string"},
                    "title": {"type": "string"},
                    "date": {"$ref": "#/$defs/date"},
                    "file": {"type": "string", "description": "A local text file, relative to this snapshot: quotes are checked against it."},
                    "url": {"type": "string"},
                    "attributes": {"type": "object"},
                },
            },
            "entityType": {
                "description": "An entity type of the schema, or one of its aliases (any case; '-', '_' and ' ' alike).",
                "anyOf": [
                    {"enum": type_spellings(entity_types)},
                    {"type": "string", "pattern": "^" + type_pattern(entity_types) + "$"},
                ],
            },
            "relationType": {
                "description": "A relation type of the schema, or one of its aliases (any case; '-', '_' and ' ' alike).",
                "anyOf": [
                    {"enum": type_spellings(relation_types)},
                    {"type": "string", "pattern": "^" + type_pattern(relation_types) + "$"},
                ],
            },
            "compactRelation": {
                "type": "string",
                "pattern": compact,
                "description": "FROM TYPE TO in one string, e.g. 'russia DEMANDS cede-donetsk'.",
            },
            "compactCitations": {
                "type": "array",
                "description": "Citations as '- SOURCE: \"quote\"' (or a bare source id).",
                "items": {
                    "anyOf": [
                        {"$ref": "#/$defs/id"},
                        {
                            "type": "object",
                            "minProperties": 1,
                            "maxProperties": 1,
                            "additionalProperties": {"$ref": "#/$defs/quote"},
                        },
                    ]
                },
            },
            "citations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["source"],
                    "additionalProperties": False,
                    "properties": {"source": {"$ref": "#/$defs/id"}, "quote": {"$ref": "#/$defs/quote"}},
                },
            },
            "dispute": {
                "type": "object",
                "description": "A claim about an attribute that sources disagree on.",
                "properties": {
                    "attribute": {"type": "string"},
                    "value": {},
                    "source": {"$ref": "#/$defs/id"},
                    "quote": {"$ref": "#/$defs/quote"},
                    "note": {"type": "string"},
                },
            },
            "entity": {
                "type": "object",
                "required": ["id", "type"],
                "additionalProperties": False,
                "properties": {
                    "id": {"$ref": "#/$defs/id"},
                    "type": {"$ref": "#/$defs/entityType"},
                    "labels": {"type": "array", "items": {"type": "string"}},
                    "name": {"type": "string"},
                    "aliases": {"type": "array", "items": {"type": "string"}},
                    "attributes": attributes_schema(entity_attrs, {}),
                    "cite": {"$ref": "#/$defs/compactCitations"},
                    "citations": {"$ref": "#/$defs/citations"},
                },
                "allOf": entity_cases,
            },
            "relation": {
                "anyOf": [
                    {"$ref": "#/$defs/compactRelation"},
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "rel": {"$ref": "#/$defs/compactRelation"},
                            "from": {"$ref": "#/$defs/entityReference"},
                            "type": {"$ref": "#/$defs/relationType"},
                            "to": {"$ref": "#/$defs/entityReference"},
                            "attributes": attributes_schema(relation_attrs, {}),
                            "valid_from": {"$ref": "#/$defs/date"},
                            "valid_until": {"$ref": "#/$defs/date"},
                            "confidence": {"enum": ["high", "medium", "low"]},
                            "cite": {"$ref": "#/$defs/compactCitations"},
                            "citations": {"$ref": "#/$defs/citations"},
                        },
                        "oneOf": [
                            {"required": ["rel"], "not": {"anyOf": [{"required": ["from"]}, {"required": ["type"]}, {"required": ["to"]}]}},
                            {"required": ["from", "type", "to"], "not": {"required": ["rel"]}},
                        ],
                        "allOf": relation_cases,
                    },
                ]
            },
        },
    }


def render():
    with open(SCHEMA_YAML, encoding="utf-8") as f:
        schema = yaml.load(f, Loader=StringDatesLoader)
    return json.dumps(generate(schema), indent=2, ensure_ascii=False) + "\n"


def is_snapshot(doc):
    return isinstance(doc, dict) and any(k in doc for k in ("snapshot", "entities", "relations"))


def snapshot_files(paths):
    for p in paths:
        if os.path.isdir(p):
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames.sort()
                for name in sorted(filenames):
                    if name.lower().startswith("readme"):
                        continue
                    if name.endswith((".yaml", ".yml", ".json")):
                        yield os.path.join(dirpath, name), False
        else:
            yield p, True


def validate(paths):
    import jsonschema

    with open(SCHEMA_JSON, encoding="utf-8") as f:
        json_schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(json_schema)
    validator = jsonschema.Draft202012Validator(json_schema)
    failures = 0
    count = 0
    for path, explicit in snapshot_files(paths):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        doc = json.loads(text) if path.endswith(".json") else yaml.load(text, Loader=StringDatesLoader)
        if not explicit and not is_snapshot(doc):
            continue
        count += 1
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            print(f"{path}: {where}: {e.message}", file=sys.stderr)
        failures += 1 if errors else 0
    print(f"snapshot.schema.json: {count} snapshot(s) checked, {failures} invalid")
    return failures == 0


def main(argv):
    if argv[:1] == ["--write"]:
        with open(SCHEMA_JSON, "w", encoding="utf-8") as f:
            f.write(render())
        print(f"wrote {os.path.relpath(SCHEMA_JSON, ROOT)}")
        return 0
    ok = True
    if not argv:
        with open(SCHEMA_JSON, encoding="utf-8") as f:
            if f.read() != render():
                print("schema/snapshot.schema.json is stale: run tools/snapshot_json_schema.py --write", file=sys.stderr)
                ok = False
        argv = [os.path.join(ROOT, "graphs")]
    return 0 if validate(argv) and ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
