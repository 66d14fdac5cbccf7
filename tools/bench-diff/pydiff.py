#!/usr/bin/env python3
"""A plain Python dictionary diff of two JSON snapshots: the baseline `parley diff` is measured against.

Entities are matched by id, relations by (from, type, to) plus MEETS_WITH's identifying attributes
(date, mode), like Parley; no renames, stance shifts or summaries. Prints the counts and the time
spent loading and diffing.

    tools/bench-diff/pydiff.py A.json B.json
"""
import json
import sys
import time

IDENTIFYING = {"MEETS_WITH": ("date", "mode")}


def relation_parts(r):
    """(from, type, to, rest) for the compact, long and bare-string forms of a relation."""
    if isinstance(r, str):
        f, t, to = r.split(" ")
        return f, t, to, {}
    if "rel" in r:
        f, t, to = r["rel"].split(" ")
    else:
        f, t, to = r["from"], r["type"], r["to"]
    return f, t, to, r


def load(path):
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    entities = {e["id"]: e for e in doc.get("entities", [])}
    relations = {}
    for r in doc.get("relations", []):
        f, t, to, rest = relation_parts(r)
        attrs = rest.get("attributes", {}) if rest else {}
        key = (f, t, to) + tuple(attrs.get(k) for k in IDENTIFYING.get(t, ()))
        relations.setdefault(key, []).append(rest)
    return doc.get("snapshot", {}), entities, relations


def diff(a, b):
    _, ea, ra = a
    _, eb, rb = b
    counts = dict.fromkeys(
        ["entities_added", "entities_removed", "entities_changed", "relations_added", "relations_removed", "relations_changed"], 0)
    for k, e in ea.items():
        o = eb.get(k)
        if o is None:
            counts["entities_removed"] += 1
        elif o != e:
            counts["entities_changed"] += 1
    counts["entities_added"] = sum(1 for k in eb if k not in ea)
    for k, rs in ra.items():
        os_ = rb.get(k)
        if os_ is None:
            counts["relations_removed"] += len(rs)
            continue
        left = list(os_)
        for r in rs:
            if r in left:
                left.remove(r)
            elif left:
                left.pop(0)
                counts["relations_changed"] += 1
            else:
                counts["relations_removed"] += 1
        counts["relations_added"] += len(left)
    for k, rs in rb.items():
        if k not in ra:
            counts["relations_added"] += len(rs)
    return counts


def main():
    t0 = time.perf_counter()
    a = load(sys.argv[1])
    b = load(sys.argv[2])
    t1 = time.perf_counter()
    counts = diff(a, b)
    t2 = time.perf_counter()
    print(json.dumps({"load_s": round(t1 - t0, 3), "diff_s": round(t2 - t1, 3), "counts": counts}))


if __name__ == "__main__":
    main()
