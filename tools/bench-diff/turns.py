#!/usr/bin/env python3
"""Runs commands in turns (A, B, A, B, …) and prints each one's wall and CPU time, fastest and median.

On a shared, noisy machine the host's slow and fast phases hit every command alike when they take
turns, so this compares two builds (or two settings) more fairly than runs minutes apart.

    tools/bench-diff/turns.py 5 "old=/tmp/parley-old diff a.json b.json --format json -o /tmp/o.json" \\
                                "new=.build/release/parley diff a.json b.json --format json -o /tmp/n.json"
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    if any(len(c) != 2 for c in commands):
        sys.exit("each command is NAME=COMMAND")
    times = {name: [] for name, _ in commands}
    for _ in range(rounds):
        for name, command in commands:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            times[name].append((wall, cpu))
    for name, runs in times.items():
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(f"{name}: wall fastest {min(walls):.2f} s, median {statistics.median(walls):.2f} s; "
              f"CPU fastest {min(cpus):.2f} s, median {statistics.median(cpus):.2f} s")
    print("load average:", " ".join(open("/proc/loadavg").read().split()[:3]) if os.path.exists("/proc/loadavg") else "?")


if __name__ == "__main__":
    main()
