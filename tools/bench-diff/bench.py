#!/usr/bin/env python3
"""Benchmark of `parley diff` against a plain Python dictionary diff, on generated snapshots.

For each size: generate a snapshot with tools/generate.py (JSON), write a copy with a few percent of
entities and relations added, removed, retyped and changed (mutate.py), then time, in the same run,
  - Parley's whole `diff` command (process start, loading both files, diffing, writing JSON to a file), and
  - pydiff.py (loading both files with Python's json module, then a dictionary diff).
Prints a Markdown table. Build first: `swift build -c release`.

    tools/bench-diff/bench.py                         # 100k entities / 500k relations
    tools/bench-diff/bench.py --sizes 10000:50000 100000:500000 1000000:5000000
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def run_timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t0, p


def best_of(n, cmd, accept):
    """The fastest of n runs (the machine is shared), and the last process result."""
    best, last = None, None
    for _ in range(n):
        t, p = run_timed(cmd)
        if not accept(p):
            sys.exit(f"bench: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
        best = t if best is None else min(best, t)
        last = p
    return best, last


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
        t_parley, _ = best_of(args.repeat, [args.parley, "diff", a, b, "--format", "json", "-o", out],
                              lambda p: p.returncode == 1)
        with open(out, encoding="utf-8") as fh:
            counts = json.load(fh)["counts"]
        t_py, p = best_of(args.repeat, [sys.executable, os.path.join(HERE, "pydiff.py"), a, b], lambda p: p.returncode == 0)
        py = json.loads(p.stdout)
        rows.append((n_e, n_r, os.path.getsize(a) + os.path.getsize(b), t_parley, t_py, py, counts))

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
          f"Python {platform.python_version()}; change rate {args.rate:.0%} per kind; fastest of {args.repeat}\n")
    print("| entities | relations | both files | parley diff (whole command) | Python load | Python diff | Python total | speed-up |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n_e, n_r, size, t_parley, t_py, py, counts in rows:
        print(f"| {n_e:,} | {n_r:,} | {size / 1e6:.0f} MB | {t_parley:.2f} s | {py['load_s']:.2f} s | {py['diff_s']:.2f} s "
              f"| {t_py:.2f} s | {t_py / t_parley:.1f}× |")
    print()
    for n_e, n_r, _, _, _, py, counts in rows:
        print(f"{n_e:,}/{n_r:,}: parley {json.dumps(counts)}; python {json.dumps(py['counts'])}")


if __name__ == "__main__":
    main()
