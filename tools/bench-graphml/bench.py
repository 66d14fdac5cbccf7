#!/usr/bin/env python3
"""GraphML read and write speed and peak memory: Parley, igraph, NetworkX, and xmllint's bare
streaming parse (libxml2's floor for any libxml2-based reader), on one synthetic file, in one run.

    swift build -c release
    tools/bench-graphml/bench.py --entities 100000 --relations 500000
    tools/bench-graphml/bench.py --entities 1000000 --relations 5000000 --skip networkx

Steps: tools/generate.py writes a seeded snapshot (attributes on every element); `parley export
--to graphml` turns it into the GraphML file every tool then reads. Each measurement runs in its
own process under /usr/bin/time (wall time and peak resident memory):

Read times are wall time and CPU time (user + system; Parley's read uses two threads, libxml2's
parse beside the graph building, so its CPU time can exceed its wall time).

- xmllint:  `xmllint --stream --noout FILE` (parse only, no graph).
- Parley:   `parley stats FILE` reads the GraphML into the typed store (stats adds a pass over
            it); the write time is the writing phase of `parley export FILE --to graphml`, timed
            inside the process (PARLEY_TIMINGS=1), and its peak memory that whole run's.
- igraph:   `Graph.Read_GraphML` then `write_graphml`, each timed in one Python process; read
            memory is the peak after reading, write memory the peak of the whole process.
- NetworkX: `read_graphml` then `write_graphml`, the same way.

Prints a Markdown table; --json FILE also writes the numbers.
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

PY_TOOL = r"""
import resource, sys, time
tool, src, dst = sys.argv[1:4]
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t0 = time.perf_counter()
if tool == "igraph":
    import igraph as ig
    t0 = time.perf_counter()
    c0 = cpu()
    g = ig.Graph.Read_GraphML(src)
    n, m = g.vcount(), g.ecount()
else:
    import networkx as nx
    t0 = time.perf_counter()
    c0 = cpu()
    g = nx.read_graphml(src, force_multigraph=True)
    n, m = g.number_of_nodes(), g.number_of_edges()
t1 = time.perf_counter()
c1 = cpu()
read_peak = peak()
if tool == "igraph":
    g.write_graphml(dst)
else:
    nx.write_graphml(g, dst)
t2 = time.perf_counter()
print(f"RESULT {t1 - t0:.3f} {t2 - t1:.3f} {read_peak:.1f} {peak():.1f} {n} {m} {c1 - c0:.3f}")
"""


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time: (wall seconds, peak MiB, stdout, stderr, CPU seconds)."""
    full = ["/usr/bin/time", "-f", "TIME %e %M %U %S"] + cmd
    p = subprocess.run(full, capture_output=True, text=True, env=env)
    m = re.search(r"TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)", p.stderr)
    if p.returncode != 0 or not m:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return float(m.group(1)), int(m.group(2)) / 1024.0, p.stdout, p.stderr, float(m.group(3)) + float(m.group(4))


def mib(x):
    return f"{x:,.0f} MiB"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=100000)
    ap.add_argument("--relations", type=int, default=500000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--parley", default=os.path.join(ROOT, ".build", "release", "parley"))
    ap.add_argument("--workdir", default="/tmp/parley-bench-graphml")
    ap.add_argument("--skip", default="", help="comma-separated tools to leave out: xmllint,parley,igraph,networkx")
    ap.add_argument("--json", help="also write the numbers to this file")
    a = ap.parse_args()
    skip = set(filter(None, a.skip.split(",")))
    os.makedirs(a.workdir, exist_ok=True)
    tag = f"{a.entities}-{a.relations}-{a.seed}"
    snapshot = os.path.join(a.workdir, f"g-{tag}.json")
    graphml = os.path.join(a.workdir, f"g-{tag}.graphml")
    if not os.path.exists(snapshot):
        print(f"generating {snapshot} …", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "generate.py"), "--entities", str(a.entities),
                        "--relations", str(a.relations), "--seed", str(a.seed), "--format", "json", "-o", snapshot], check=True)
    if not os.path.exists(graphml):
        print(f"exporting {graphml} …", file=sys.stderr)
        subprocess.run([a.parley, "export", snapshot, "--to", "graphml", "-o", graphml], check=True)
    size = os.path.getsize(graphml) / 2**20
    rows = []
    load_before = os.getloadavg()

    if "xmllint" not in skip:
        t, peak, _, _, cpu = timed(["xmllint", "--stream", "--noout", graphml])
        rows.append(("xmllint --stream", t, cpu, peak, None, None))
    if "parley" not in skip:
        t, peak, out, _, cpu = timed([a.parley, "stats", graphml])
        env = dict(os.environ, PARLEY_TIMINGS="1", NO_PROGRESS="1")
        out_file = os.path.join(a.workdir, "parley-out.graphml")
        _, wpeak, _, err, _ = timed([a.parley, "export", graphml, "--to", "graphml", "-o", out_file], env=env)
        w = re.search(r"timing: writing graphml: ([\d.]+) s", err)
        rows.append(("Parley", t, cpu, peak, float(w.group(1)) if w else None, wpeak))
    for tool in ("igraph", "networkx"):
        if tool in skip:
            continue
        out_file = os.path.join(a.workdir, f"{tool}-out.graphml")
        _, peak, out, _, _ = timed([sys.executable, "-c", PY_TOOL, tool, graphml, out_file])
        r = out.split("RESULT ")[1].split()
        rows.append((tool, float(r[0]), float(r[6]), float(r[2]), float(r[1]), peak))
    load_after = os.getloadavg()

    head = (f"GraphML, {a.entities:,} entities / {a.relations:,} relations ({size:,.0f} MiB), "
            f"{platform.node()}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}, "
            f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    print(head)
    print()
    print("| tool | read (wall) | read (CPU) | read peak memory | write | write peak memory |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, rt, rc, rp, wt, wp in rows:
        print(f"| {name} | {rt:.2f} s | {rc:.2f} s | {mib(rp)} | {'' if wt is None else f'{wt:.2f} s'} | {'' if wp is None else mib(wp)} |")
    if a.json:
        keys = ["tool", "read_s", "read_cpu_s", "read_peak_mib", "write_s", "write_peak_mib"]
        with open(a.json, "w") as f:
            json.dump({"title": head, "rows": [dict(zip(keys, r)) for r in rows]}, f, indent=2)


if __name__ == "__main__":
    main()
