#!/usr/bin/env python3
"""Checks Parley's GraphML against NetworkX and igraph, both ways.

  graphml_interop.py check PARLEY.graphml EXPECTED.json
      NetworkX (read_graphml) and igraph (Graph.Read_GraphML) read a GraphML file Parley wrote;
      every node, edge, attribute and type is compared with EXPECTED.json, Parley's node-link
      JSON of the same graph (`parley export G --to json`).

  graphml_interop.py write OUTDIR EXPECTED.json
      NetworkX and igraph write the graph of EXPECTED.json (types, names, scalar attributes) as
      OUTDIR/networkx.graphml and OUTDIR/igraph.graphml, for Parley to read.

  graphml_interop.py check-import OUTDIR EXPECTED.json
      Compares OUTDIR/networkx.parley.json and OUTDIR/igraph.parley.json (what Parley read from
      the files above, exported as node-link JSON) with EXPECTED.json.

Exit status 0 when everything matches, 1 with one line per difference, 77 when networkx or
igraph cannot be imported (the caller skips).

Quirks handled (../../shared/REFERENCE-TOOLS.md): igraph turns absent attributes into '' or NaN
and reads every number as a float; igraph names vertices by their GraphML id in the `id`
attribute; NetworkX refuses per-edge directed="false" in a directed graph, so the file given to
`check` must be written with per-edge direction off (`parley export --networkx`).
"""
import json
import math
import re
import sys

try:
    import networkx as nx
    import igraph as ig
except ImportError as e:  # pragma: no cover
    print(f"skip: {e}")
    sys.exit(77)

NODE_FIELDS = {"labels", "label", "type", "name", "parley.id", "parley.labels", "parley.exact", "aliases", "citations"}
EDGE_FIELDS = {"label", "citations", "valid_from", "valid_until", "confidence", "parley.exact"}
PLAIN = re.compile(r"[A-Za-z0-9._-]")


def name_token(s):
    """GraphMLFormat.nameToken: an XML name token for any string."""
    if s and all(PLAIN.match(c) for c in s) and "_x" not in s:
        return s
    if s == "":
        return "_x_"
    out = []
    prev_underscore = False
    for c in s:
        v = ord(c)
        if v < 0x80 and PLAIN.match(c) and not (prev_underscore and c == "x"):
            out.append(c)
            prev_underscore = c == "_"
        elif prev_underscore and c == "x":
            out.pop()
            out.append("_x005F_x")
            prev_underscore = False
        else:
            out.append("_x%04X_" % v)
            prev_underscore = False
    return "".join(out)


def attr_name(name, reserved):
    t = name_token(name)
    return "attr." + t if t in reserved or t.startswith("attr.") else t


KIND_ORDER = ["bool", "int", "float", "string", "date", "json", "null"]


def attr_names(keys, reserved):
    """GraphMLWriter.attrNames: unique attr.names for (name, kind) keys."""
    used, out = set(), {}
    for name, kind in sorted(keys, key=lambda k: (k[0], KIND_ORDER.index(k[1]))):
        a = attr_name(name, reserved)
        if a in used:
            a += "." + kind
        base, n = a, 2
        while a in used:
            a = f"{base}.{n}"
            n += 1
        used.add(a)
        out[(name, kind)] = a
    return out


def xml_safe(s):
    return not any((ord(c) < 0x20 and c not in "\t\n\r") or ord(c) in (0xFFFE, 0xFFFF) for c in s)


class Expected:
    """Parley's node-link JSON, with its tagged values read."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.data = json.load(f)
        p = self.data["graph"].get("parley", {})
        dates = p.get("date_attributes", {})
        self.node_dates = set(dates.get("nodes", []))
        self.link_dates = set(dates.get("links", []))
        self.symmetric = set(p.get("symmetric_types", []))

    @staticmethod
    def strip(k):
        return k[5:] if k.startswith("attr.") else k

    def nodes(self):
        for n in self.data["nodes"]:
            attrs = {self.strip(k): self.typed(v, self.strip(k) in self.node_dates) for k, v in n.items()
                     if k not in ("id", "type", "label", "name", "labels", "aliases", "citations")}
            yield n, attrs

    def links(self):
        for l in self.data["links"]:
            attrs = {self.strip(k): self.typed(v, self.strip(k) in self.link_dates) for k, v in l.items()
                     if k not in ("source", "target", "key", "type", "valid_from", "valid_until", "confidence", "citations")}
            yield l, attrs

    @staticmethod
    def typed(v, plain_date):
        """(kind, value) as GraphMLFormat.Kind sees it; json values stay raw JSON."""
        if v is None:
            return ("null", None)
        if isinstance(v, bool):
            return ("bool", v)
        if isinstance(v, int):
            return ("int", v)
        if isinstance(v, float):
            return ("float", v)
        if isinstance(v, str):
            if plain_date:
                return ("date", v)
            return ("string", v) if xml_safe(v) else ("json", v)
        if isinstance(v, dict) and len(v) == 1 and "$date" in v:
            return ("date", v["$date"])
        if isinstance(v, dict) and len(v) == 1 and "$float" in v:
            return ("float", float(v["$float"].replace("Infinity", "inf")))
        return ("json", v)


def same_float(a, b):
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return (math.isnan(a) and math.isnan(b)) or a == b


def matches(kind, want, got, tool):
    """Whether a value another tool read is the expected typed value."""
    if kind == "null":
        return got in ("", None) or (isinstance(got, float) and math.isnan(got))
    if kind == "bool":
        return got is want or got == want
    if kind == "int":
        return got == want if tool == "networkx" else same_float(got, want)
    if kind == "float":
        return same_float(got, want)
    if kind in ("string", "date"):
        return got == want
    if kind == "json":
        try:
            return json.loads(got) == want
        except (TypeError, ValueError):
            return False
    return False


def absent(got):
    return got in ("", None) or (isinstance(got, float) and math.isnan(got))


def check_node(tool, problems, eid, n, attrs, data, names):
    def want(key, value):
        if data.get(key) != value:
            problems.append(f"{tool}: node {eid!r}: {key} is {data.get(key)!r}, expected {value!r}")

    want("type", n["type"] if xml_safe(n["type"]) else data.get("type"))
    want("label", n["label"] if xml_safe(n["label"]) else data.get("label"))
    all_labels = ([n["type"]] if n["type"] else []) + n.get("labels", [])
    if all_labels and all(xml_safe(l) for l in all_labels):
        want("labels", "".join(":" + l for l in all_labels))
    if "name" in n and xml_safe(n["name"]):
        want("name", n["name"])
    for key, field in (("aliases", "aliases"), ("parley.labels", "labels"), ("citations", "citations")):
        if field in n:
            try:
                got = json.loads(data.get(key, "null"))
            except ValueError:
                got = data.get(key)
            if got != n[field]:
                problems.append(f"{tool}: node {eid!r}: {key} is {got!r}, expected {n[field]!r}")
    seen = set()
    for name, (kind, value) in attrs.items():
        a = names[(name, kind)]
        seen.add(a)
        if not matches(kind, value, data.get(a), tool):
            problems.append(f"{tool}: node {eid!r}: attribute {name!r} ({kind}) is {data.get(a)!r}, expected {value!r}")
    for k, v in data.items():
        if k in NODE_FIELDS or k in seen or k == "id":
            continue
        if not absent(v) and not (tool == "igraph" and v is False):
            problems.append(f"{tool}: node {eid!r}: unexpected attribute {k!r} = {v!r}")


def edge_matches(tool, l, attrs, data, names):
    if data.get("label") != l["type"] and xml_safe(l["type"]):
        return False
    for key in ("valid_from", "valid_until", "confidence"):
        if key in l and data.get(key) != l[key]:
            return False
        if key not in l and not absent(data.get(key)):
            return False
    if "citations" in l:
        try:
            if json.loads(data.get("citations", "null")) != l["citations"]:
                return False
        except (TypeError, ValueError):
            return False
    elif not absent(data.get("citations")):
        return False
    seen = set()
    for name, (kind, value) in attrs.items():
        a = names[(name, kind)]
        seen.add(a)
        if not matches(kind, value, data.get(a), tool):
            return False
    for k, v in data.items():
        if k in EDGE_FIELDS or k in seen or k == "id":
            continue
        if not absent(v) and not (tool == "igraph" and v is False):
            return False
    return True


def compare(tool, problems, exp, nodes, edges):
    """nodes: {entity id: data}; edges: [(source id, target id, data)]."""
    node_names = attr_names({(k, v[0]) for _, attrs in exp.nodes() for k, v in attrs.items()}, NODE_FIELDS)
    edge_names = attr_names({(k, v[0]) for _, attrs in exp.links() for k, v in attrs.items()}, EDGE_FIELDS)
    ids = set()
    for n, attrs in exp.nodes():
        ids.add(n["id"])
        if n["id"] not in nodes:
            problems.append(f"{tool}: node {n['id']!r} missing")
            continue
        check_node(tool, problems, n["id"], n, attrs, nodes[n["id"]], node_names)
    for extra in set(nodes) - ids:
        problems.append(f"{tool}: unexpected node {extra!r}")
    remaining = list(edges)
    for l, attrs in exp.links():
        hit = next((i for i, (s, t, d) in enumerate(remaining)
                    if s == l["source"] and t == l["target"] and edge_matches(tool, l, attrs, d, edge_names)), None)
        if hit is None:
            problems.append(f"{tool}: edge {l['source']!r} {l['type']} {l['target']!r} {attrs} not found with its attributes")
        else:
            remaining.pop(hit)
    for s, t, d in remaining:
        problems.append(f"{tool}: unexpected edge {s!r} -> {t!r} {d}")
    if len(edges) != len(exp.data["links"]):
        problems.append(f"{tool}: {len(edges)} edges, expected {len(exp.data['links'])}")


def entity_id(graphml_id, data):
    if "parley.id" in data and not absent(data["parley.id"]):
        return json.loads(data["parley.id"])
    return graphml_id


def check(graphml, expected):
    exp = Expected(expected)
    problems = []
    # NetworkX
    g = nx.read_graphml(graphml, force_multigraph=True)
    if not g.is_directed():
        problems.append("networkx: the graph is not directed")
    ids = {v: entity_id(v, d) for v, d in g.nodes(data=True)}
    compare("networkx", problems, exp, {ids[v]: d for v, d in g.nodes(data=True)},
            [(ids[u], ids[v], d) for u, v, d in g.edges(data=True)])
    # igraph
    h = ig.Graph.Read_GraphML(graphml)
    if not h.is_directed():
        problems.append("igraph: the graph is not directed")
    vnames = h.vs.attributes()
    vdata = [{k: v[k] for k in vnames} for v in h.vs]
    vids = [entity_id(d["id"], d) for d in vdata]
    enames = [k for k in h.es.attributes() if k != "id"]  # igraph fills edge `id` itself
    compare("igraph", problems, exp, {vids[i]: d for i, d in enumerate(vdata)},
            [(vids[e.source], vids[e.target], {k: e[k] for k in enames}) for e in h.es])
    return problems


def scalar_attributes(attrs):
    """The attributes NetworkX and igraph can write: booleans, numbers, strings (dates as strings)."""
    out = {}
    for name, (kind, value) in attrs.items():
        if kind in ("bool", "int", "string", "date") or (kind == "float" and math.isfinite(value)):
            out[name] = value
    return out


def write(outdir, expected):
    exp = Expected(expected)
    g = nx.MultiDiGraph()
    h = ig.Graph(directed=True)
    nodes = list(exp.nodes())
    index = {}
    for i, (n, attrs) in enumerate(nodes):
        data = {"type": n["type"], **scalar_attributes(attrs)}
        if "name" in n:
            data["name"] = n["name"]
        g.add_node(n["id"], **data)
        index[n["id"]] = i
    h.add_vertices(len(nodes))
    h.vs["entity"] = [n["id"] for n, _ in nodes]
    h.vs["type"] = [n["type"] for n, _ in nodes]
    h.vs["label"] = [n.get("name", n["id"]) for n, _ in nodes]
    links = list(exp.links())
    for l, attrs in links:
        g.add_edge(l["source"], l["target"], type=l["type"], **scalar_attributes(attrs))
    h.add_edges([(index[l["source"]], index[l["target"]]) for l, _ in links])
    h.es["type"] = [l["type"] for l, _ in links]
    nx.write_graphml(g, f"{outdir}/networkx.graphml")
    h.write_graphml(f"{outdir}/igraph.graphml")
    return []


def check_import(outdir, expected):
    """What Parley read from the files `write` made, against the graph they were made from."""
    exp = Expected(expected)
    problems = []
    want_nodes = {n["id"]: (n, scalar_attributes(attrs)) for n, attrs in exp.nodes()}
    want_links = sorted((l["source"], l["type"], l["target"]) for l, _ in exp.links())
    for tool in ("networkx", "igraph"):
        with open(f"{outdir}/{tool}.parley.json", encoding="utf-8") as f:
            got = json.load(f)
        by_id = {}
        for n in got["nodes"]:
            eid = n.get("entity", n["id"]) if tool == "igraph" else n["id"]
            by_id[eid] = n
        if set(by_id) != set(want_nodes):
            problems.append(f"{tool}: nodes {sorted(set(by_id) ^ set(want_nodes))} differ")
        for eid, (n, attrs) in want_nodes.items():
            m = by_id.get(eid)
            if m is None:
                continue
            if m["type"] != n["type"]:
                problems.append(f"{tool}: node {eid!r}: type {m['type']!r}, expected {n['type']!r}")
            if m.get("name", m["id"]) != n.get("name", n["id"]) and m.get("label") != n.get("name", n["id"]):
                problems.append(f"{tool}: node {eid!r}: name {m.get('name')!r}, expected {n.get('name')!r}")
            if tool == "networkx":
                for k, v in attrs.items():
                    got_v = m.get(k, m.get("attr." + k))
                    if not (got_v == v or same_float(got_v, v)) or type(got_v) is not type(v):
                        problems.append(f"{tool}: node {eid!r}: attribute {k!r} is {got_v!r}, expected {v!r}")
        ids = {n["id"]: (n.get("entity", n["id"]) if tool == "igraph" else n["id"]) for n in got["nodes"]}
        got_links = sorted((ids[l["source"]], l["type"], ids[l["target"]]) for l in got["links"])
        if got_links != want_links:
            problems.append(f"{tool}: relations differ: {got_links} vs {want_links}")
    return problems


def main(argv):
    if len(argv) != 4 or argv[1] not in ("check", "write", "check-import"):
        print(__doc__)
        return 2
    mode, a, b = argv[1:]
    problems = {"check": check, "write": write, "check-import": check_import}[mode](a, b)
    for p in problems:
        print(p)
    if not problems:
        print(f"{mode}: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
