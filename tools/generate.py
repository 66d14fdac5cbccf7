#!/usr/bin/env python3
"""Seeded generator of synthetic negotiation snapshots, for benchmarks and tests.

Writes a snapshot (schema/README.md) with typed entities and relations that respect the
domain and range of schema/negotiation.yaml, so that `parley validate` accepts it: parties,
officials, organizations, regions, places, proposals, provisions, meetings and events; stances
(DEMANDS, REJECTS, SUPPORTS …), meetings (MEETS_WITH, ATTENDS), control of territory and the
rest, with attributes of the declared value types, non-ASCII names (Cyrillic, accented Latin),
aliases, validity dates, and citations to a few generated sources (no `file`, so no quote
checks). The same arguments always give the same bytes.

    tools/generate.py --relations 100000 --seed 7 --format json -o /tmp/g100k.json
    tools/generate.py --relations 50 | parley stats -

Needs Python 3.8+ and PyYAML (to read the schema): `python3 -m pip install pyyaml`.
"""
import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, "..", "schema", "negotiation.yaml")

# How many of each entity type, as a share of all entities.
ENTITY_MIX = [
    ("Party", 0.04), ("Official", 0.24), ("Organization", 0.07), ("Region", 0.10), ("Place", 0.05),
    ("Proposal", 0.05), ("Provision", 0.30), ("Meeting", 0.10), ("Event", 0.05),
]
# How often each relation type is drawn (types not listed get weight 2).
RELATION_WEIGHTS = {
    "DEMANDS": 12, "SUPPORTS": 10, "REJECTS": 10, "PROPOSES": 6, "MEETS_WITH": 10, "ATTENDS": 8,
    "PART_OF": 10, "REPRESENTS": 5, "CONTROLS": 4, "MEMBER_OF": 4,
}
# Syllable alphabets: names in Cyrillic or accented Latin, aliases in plain Latin. Every
# syllable is one consonant and one vowel, so an index spells a unique word in each alphabet,
# and the three alphabets never fold (case, diacritics) onto each other's words.
CONSONANTS_LATIN = "bdgklmnprstvz"
CONSONANTS_CYRILLIC = "бдгклмнпрствз"
VOWELS_ACCENTED = "áéíóúý"
VOWELS_PLAIN = "aeiouy"
VOWELS_CYRILLIC = "аеиоуы"
PREFIXES = {
    "Party": ("Республика", "République"), "Official": ("", ""), "Organization": ("Союз", "Comité"),
    "Region": ("Область", "Région"), "Place": ("Город", "Ciudad"), "Proposal": ("План", "Plan"),
    "Provision": ("Пункт", "Clause"), "Meeting": ("Встреча", "Réunion"), "Event": ("Событие", "Événement"),
}
WORDS = (
    "the talks ceasefire territory guarantees army sanctions envoy agreement draft plan points "
    "withdrawal security negotiators delegation Kremlin Kyiv Washington Geneva summit "
    "переговоры перемирие территория гарантии армия санкции соглашение "
    "négociation cessez-le-feu sécurité garanties délégation accord "
    "Waffenstillstand Verhandlungen Sicherheit"
).split()
OUTLETS = ["The Guardian", "Reuters", "Le Monde", "Новая газета", "Süddeutsche Zeitung", "El País", "Kyiv Independent"]


def spell(n, consonants, vowels, min_syllables=2):
    """The word that spells index n in an alphabet of consonant-vowel syllables."""
    base = len(consonants) * len(vowels)
    out = []
    while True:
        n, d = divmod(n, base)
        c, v = divmod(d, len(vowels))
        out.append(consonants[c] + vowels[v])
        if n == 0 and len(out) >= min_syllables:
            break
    return "".join(out).capitalize()


def load_schema(path):
    try:
        import yaml
    except ImportError:
        sys.exit("generate.py: needs PyYAML to read the schema (python3 -m pip install pyyaml)")
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


class Generator:
    def __init__(self, schema, relations, seed, entities=None):
        self.schema = schema
        self.rng = random.Random(seed)
        self.relation_count = relations
        self.entity_count = entities or max(30, relations // 8)
        self.entities = []  # (id, type)
        self.by_type = {}
        self.sources = []

    # Values of the schema's attribute types.
    def value(self, spec, name):
        rng = self.rng
        t = spec.get("type", "string")
        if t == "enum":
            return rng.choice(spec["values"])
        if t == "integer":
            return rng.randint(1, 28) if name in ("point", "points") else rng.randint(0, 100000)
        if t == "float":
            return round(rng.random(), 3)
        if t == "boolean":
            return rng.random() < 0.3
        if t == "date":
            return self.date()
        if t == "entity":
            pool = self.by_type.get("Party") if name == "country" else None
            if name == "meeting":
                pool = self.by_type.get("Meeting")
            return rng.choice(pool or self.entities)[0]
        return self.phrase(3, 8)

    def date(self, start=0, span=330):
        day = self.rng.randint(start, start + span)
        month_days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        m = 0
        while day >= month_days[m]:
            day -= month_days[m]
            m = (m + 1) % 12
        return "2025-%02d-%02d" % (m + 1, day + 1)

    def phrase(self, lo, hi):
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi)))

    def attributes(self, specs, max_count):
        usable = [(k, v) for k, v in specs.items() if v.get("type") not in ("list", "map")]
        required = [(k, v) for k, v in usable if v.get("required")]
        optional = [(k, v) for k, v in usable if not v.get("required")]
        chosen = required + self.rng.sample(optional, min(len(optional), self.rng.randint(0, max_count)))
        return {k: self.value(v, k) for k, v in sorted(chosen)}

    def citations(self, probability):
        if not self.sources or self.rng.random() >= probability:
            return []
        return [(self.rng.choice(self.sources)["id"], self.phrase(5, 15)) for _ in range(self.rng.randint(1, 2))]

    # The graph.
    def make_sources(self):
        for i in range(min(50, max(3, self.relation_count // 1000))):
            self.sources.append({
                "id": "source-%d" % i, "outlet": OUTLETS[i % len(OUTLETS)], "title": self.phrase(4, 9).capitalize(),
                "date": self.date(), "url": "https://example.org/articles/%d" % i,
            })

    def make_entities(self):
        types = self.schema["entity_types"]
        common = self.schema.get("entity_attributes", {})
        counts = [(t, max(1, round(share * self.entity_count))) for t, share in ENTITY_MIX if t in types]
        out = []
        n = 0
        for t, count in counts:
            for _ in range(count):
                cyrillic = n % 2 == 0
                word = spell(n, CONSONANTS_CYRILLIC, VOWELS_CYRILLIC) if cyrillic else spell(n, CONSONANTS_LATIN, VOWELS_ACCENTED)
                prefix = PREFIXES.get(t, ("", ""))[0 if cyrillic else 1]
                given = spell(n * 7 + 3, CONSONANTS_LATIN, VOWELS_PLAIN, 1) if t == "Official" else ""
                name = " ".join(p for p in (prefix, given, word) if p)
                e = {"id": "%s-%d" % (t.lower(), n), "type": t, "name": name}
                if self.rng.random() < 0.2:
                    e["aliases"] = [spell(n, CONSONANTS_LATIN, VOWELS_PLAIN)]
                self.entities.append((e["id"], t))
                self.by_type.setdefault(t, []).append((e["id"], t))
                out.append(e)
                n += 1
        specs = {t: dict(common, **(types[t].get("attributes") or {})) for t in types}
        for e in out:
            attrs = self.attributes(specs[e["type"]], 2)
            if attrs:
                e["attributes"] = attrs
            cites = self.citations(0.05)
            if cites:
                e["cite"] = cites
        return out

    def make_relations(self):
        rtypes = self.schema["relation_types"]
        common = self.schema.get("relation_attributes", {})
        names = [n for n in rtypes if any(t in self.by_type for t in rtypes[n]["from"]) and any(t in self.by_type for t in rtypes[n]["to"])]
        weights = [RELATION_WEIGHTS.get(n, 2) for n in names]
        pools = {}
        for n in names:
            pools[n] = (
                [e for t in rtypes[n]["from"] for e in self.by_type.get(t, [])],
                [e for t in rtypes[n]["to"] for e in self.by_type.get(t, [])],
                dict(common, **(rtypes[n].get("attributes") or {})),
            )
        rng = self.rng
        for _ in range(self.relation_count):
            name = rng.choices(names, weights)[0]
            froms, tos, specs = pools[name]
            a = rng.choice(froms)[0]
            b = rng.choice(tos)[0]
            if a == b:
                b = rng.choice(tos)[0]
            r = {"from": a, "type": name, "to": b}
            if rng.random() < 0.5:
                attrs = self.attributes(specs, 3)
                if attrs:
                    r["attributes"] = attrs
            if rng.random() < 0.3:
                start = rng.randint(0, 300)
                r["valid_from"] = self.date(start, 0)
                if rng.random() < 0.5:
                    r["valid_until"] = self.date(start + rng.randint(0, 60), 0)
            if rng.random() < 0.3:
                r["confidence"] = rng.choice(["high", "medium", "low"])
            cites = self.citations(0.6)
            if cites:
                r["cite"] = cites
            yield r


def q(s):
    """A YAML or JSON double-quoted string (JSON's escapes are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-" and v[:4].isdigit():
        return v  # a date
    return q(v)


def write_yaml(out, gen, meta):
    out.write("snapshot:\n")
    for k, v in meta.items():
        out.write("  %s: %s\n" % (k, yaml_scalar(v)))
    out.write("\nsources:\n")
    for s in gen.sources:
        out.write("  - id: %s\n" % s["id"])
        for k in ("outlet", "title", "date", "url"):
            out.write("    %s: %s\n" % (k, yaml_scalar(s[k])))
    out.write("\nentities:\n")
    for e in gen.make_entities():
        out.write("  - id: %s\n    type: %s\n    name: %s\n" % (e["id"], e["type"], q(e["name"])))
        if "aliases" in e:
            out.write("    aliases: [%s]\n" % ", ".join(q(a) for a in e["aliases"]))
        if "attributes" in e:
            out.write("    attributes: {%s}\n" % ", ".join("%s: %s" % (k, yaml_scalar(v)) for k, v in e["attributes"].items()))
        if "cite" in e:
            out.write("    cite:\n" + "".join("      - %s: %s\n" % (s, q(t)) for s, t in e["cite"]))
    out.write("\nrelations:\n")
    for i, r in enumerate(gen.make_relations()):
        triple = "%s %s %s" % (r["from"], r["type"], r["to"])
        extra = [k for k in r if k not in ("from", "type", "to")]
        if not extra:
            out.write("  - %s\n" % triple)
            continue
        if i % 10 == 0:  # some in the long form
            out.write("  - from: %s\n    type: %s\n    to: %s\n" % (r["from"], r["type"], r["to"]))
        else:
            out.write("  - rel: %s\n" % triple)
        if "attributes" in r:
            out.write("    attributes: {%s}\n" % ", ".join("%s: %s" % (k, yaml_scalar(v)) for k, v in r["attributes"].items()))
        for k in ("valid_from", "valid_until", "confidence"):
            if k in r:
                out.write("    %s: %s\n" % (k, r[k]))
        if "cite" in r:
            out.write("    cite:\n" + "".join("      - %s: %s\n" % (s, q(t)) for s, t in r["cite"]))


def write_json(out, gen, meta):
    dumps = lambda v: json.dumps(v, ensure_ascii=False)
    out.write('{\n  "snapshot": %s,\n' % dumps(meta))
    out.write('  "sources": [\n    ' + ",\n    ".join(dumps(s) for s in gen.sources) + "\n  ],\n")
    entities = gen.make_entities()
    for e in entities:
        if "cite" in e:
            e["cite"] = [{s: t} for s, t in e["cite"]]
    out.write('  "entities": [\n    ' + ",\n    ".join(dumps(e) for e in entities) + "\n  ],\n")
    out.write('  "relations": [\n')
    first = True
    for r in gen.make_relations():
        if "cite" in r:
            r["cite"] = [{s: t} for s, t in r["cite"]]
        triple = "%s %s %s" % (r.pop("from"), r.pop("type"), r.pop("to"))
        item = dumps(triple) if not r else dumps(dict({"rel": triple}, **r))
        out.write(("    " if first else ",\n    ") + item)
        first = False
    out.write("\n  ]\n}\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--relations", type=int, default=1000, help="number of relations (default 1000)")
    p.add_argument("--entities", type=int, default=None, help="number of entities (default relations/8, at least 30)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--format", choices=["yaml", "json"], default=None, help="default: from -o's extension, else yaml")
    p.add_argument("--schema", default=DEFAULT_SCHEMA, help="the schema to follow (default schema/negotiation.yaml)")
    p.add_argument("-o", "--output", default="-", help="file to write (default standard output)")
    args = p.parse_args()
    fmt = args.format or ("json" if args.output.endswith(".json") else "yaml")
    gen = Generator(load_schema(args.schema), args.relations, args.seed, args.entities)
    gen.make_sources()
    meta = {"id": "synthetic-%d-%d" % (args.relations, args.seed), "as_of": "2025-11-24",
            "title": "Synthetic negotiation graph (%d relations, seed %d)" % (args.relations, args.seed)}
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        (write_json if fmt == "json" else write_yaml)(out, gen, meta)
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
