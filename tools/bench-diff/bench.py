#!/usr/bin/env python3
"""Benchmark of `parley diff` against a plain Python dictionary diff, on generated snapshots.

For each size: generate a snapshot with tools/generate.py (JSON), write a copy with a few percent of
entities and relations added, removed, retyped and changed (mutate.py), then time, in the same run,
  - Parley's whole `diff` command (process start, loading both files, diffing, writing JSON to a file), and
  - pydiff.py (loading both files with Python's json module, then a dictionary diff).
Parley and Python run in turns (Parley, Python, Parley, ...) so that both meet the same phases of a
shared machine. Prints a Markdown table. Build first: `swift build -c release`.

    tools/bench-diff/bench.py                         # 100k entities / 500k relations
    tools/bench-diff/bench.py --sizes 10000:50000 100000:500000 1000000:5000000
"""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


class Run:
    """One process run: wall time, CPU time (user + system, from wait4), exit status, output."""

    def __init__(self, cmd):
        t0 = time.perf_counter()
        # From the repository, whose schema/negotiation.yaml Parley finds for the generated files.
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        out, err = p.communicate()
        self.wall = time.perf_counter() - t0
        # communicate() has reaped the child; its CPU time is in RUSAGE_CHILDREN's increase.
        self.stdout, self.stderr, self.returncode = out, err, p.returncode


def timed(cmd, accept):
    """One run of `cmd` with its CPU time; stops the benchmark when `accept` refuses it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = Run(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    r.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if not accept(r):
        sys.exit(f"bench: {' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return r


def in_turns(n, commands):
    """n runs of each (cmd, accept), one of each in turn, so that all meet the same phases of a
    shared machine; the runs of each command in order."""
    runs = [[] for _ in commands]
    for _ in range(n):
        for k, (cmd, accept) in enumerate(commands):
            runs[k].append(timed(cmd, accept))
    return runs


def fastest(runs):
    """The fastest run by CPU time (the machine is shared, so wall time is noisy)."""
    return min(runs, key=lambda r: r.cpu)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", nargs="+", default=["100000:500000"], help="ENTITIES:RELATIONS pairs")
    ap.add_argument("--rate", type=float, default=0.03, help="share of each kind of change (default 0.03)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement, the fastest is kept (default 3)")
    ap.add_argument("--parley", default=os.path.join(ROOT, ".build", "release", "parley"))
    ap.add_argument("--work", default="/tmp/parley-bench-diff", help="folder for the generated files")
    args = ap.parse_args()
    if not os.path.exists(args.parley):
        sys.exit(f"bench: {args.parley} not found; run `swift build -c release` first")
    os.makedirs(args.work, exist_ok=True)

    rows = []
    for size in args.sizes:
        n_e, n_r = (int(x) for x in size.split(":"))
        a = os.path.join(args.work, f"a-{n_e}-{n_r}.json")
        b = os.path.join(args.work, f"b-{n_e}-{n_r}.json")
        if not os.path.exists(a):
            subprocess.run([sys.executable, os.path.join(ROOT, "tools", "generate.py"), "--entities", str(n_e),
                            "--relations", str(n_r), "--seed", "7", "--format", "json", "-o", a], check=True)
        if not os.path.exists(b):
            subprocess.run([sys.executable, os.path.join(HERE, "mutate.py"), a, "--rate", str(args.rate), "--seed", "1",
                            "-o", b], check=True)
        out = os.path.join(args.work, "diff.json")
        parley_runs, python_runs = in_turns(args.repeat, [
            ([args.parley, "diff", a, b, "--format", "json", "-o", out], lambda p: p.returncode == 1),
            ([sys.executable, os.path.join(HERE, "pydiff.py"), a, b], lambda p: p.returncode == 0),
        ])
        with open(out, encoding="utf-8") as fh:
            counts = json.load(fh)["counts"]
        parley, python = fastest(parley_runs), fastest(python_runs)
        py = json.loads(python.stdout)
        turns = [y.wall / x.wall for x, y in zip(parley_runs, python_runs)]
        rows.append((n_e, n_r, os.path.getsize(a) + os.path.getsize(b), parley, python, py, counts, turns))

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
          f"load average {os.getloadavg()[0]:.1f}; Python {platform.python_version()}; change rate {args.rate:.0%} "
          f"per kind; fastest of {args.repeat} by CPU time, Parley and Python run in turns\n")
    print("| entities | relations | both files | parley diff: CPU | wall | Python (load + diff): CPU | wall "
          "| of which load / diff (wall) | CPU ratio Python/Parley | wall ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n_e, n_r, size, parley, python, py, counts, _ in rows:
        print(f"| {n_e:,} | {n_r:,} | {size / 1e6:.0f} MB | {parley.cpu:.1f} s | {parley.wall:.1f} s | {python.cpu:.1f} s "
              f"| {python.wall:.1f} s | {py['load_s']:.1f} s / {py['diff_s']:.1f} s | {python.cpu / parley.cpu:.2f}× "
              f"| {python.wall / parley.wall:.2f}× |")
    print()
    for n_e, n_r, _, _, _, py, counts, turns in rows:
        print(f"{n_e:,}/{n_r:,}: wall ratio of each turn (Python / Parley, run one after the other): "
              + ", ".join(f"{t:.2f}×" for t in turns))
        print(f"{n_e:,}/{n_r:,}: parley {json.dumps(counts)}; python {json.dumps(py['counts'])}")


if __name__ == "__main__":
    main()
