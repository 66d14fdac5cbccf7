#!/usr/bin/env python3
"""Writes a changed copy of a JSON snapshot: a given share of entities and relations added,
removed, retyped and changed (seeded, so the same arguments give the same bytes).

    tools/bench-diff/mutate.py A.json --rate 0.03 --seed 1 -o B.json
"""
import argparse
import json
import random

STANCES = ["DEMANDS", "SUPPORTS", "REJECTS", "PROPOSES"]


def ends(r):
    s = r if isinstance(r, str) else r.get("rel") or f'{r["from"]} {r["type"]} {r["to"]}'
    return s.split(" ")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("input")
    p.add_argument("--rate", type=float, default=0.03, help="share of each kind of change (default 0.03)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("-o", "--output", required=True)
    args = p.parse_args()
    rnd = random.Random(args.seed)
    with open(args.input, encoding="utf-8") as fh:
        doc = json.load(fh)
    doc["snapshot"]["id"] += "-changed"
    doc["snapshot"]["as_of"] = "2025-11-30"
    entities, relations = doc["entities"], doc["relations"]
    n_e, n_r = len(entities), len(relations)
    k = lambda n: max(1, int(n * args.rate))

    # Entities: remove some (with their relations), retype some, change an attribute of some, add new ones.
    removed = set(e["id"] for e in rnd.sample(entities, k(n_e)))
    entities = [e for e in entities if e["id"] not in removed]
    relations = [r for r in relations if not (set(ends(r)[::2]) & removed)]
    for e in rnd.sample(entities, k(n_e)):
        e["type"] = "Organization" if e["type"] != "Organization" else "Party"
    for e in rnd.sample(entities, k(n_e)):
        e.setdefault("attributes", {})["note"] = f"changed {rnd.randrange(10**9)}"
    ids = [e["id"] for e in entities]
    for i in range(k(n_e)):
        new_id = f"added-{i}"
        entities.append({"id": new_id, "type": "Official", "name": f"Added Official {i}"})
        ids.append(new_id)
    # Relations: remove some, change some (attribute, confidence), shift some stances, add new ones.
    drop = set(rnd.sample(range(len(relations)), k(n_r)))
    relations = [r for i, r in enumerate(relations) if i not in drop]
    for i in rnd.sample(range(len(relations)), k(n_r)):
        r = relations[i]
        if isinstance(r, str):
            r = relations[i] = {"rel": r}
        r.setdefault("attributes", {})["note"] = f"changed {rnd.randrange(10**9)}"
        r["confidence"] = rnd.choice(["high", "medium", "low"])
    stance_rows = [i for i, r in enumerate(relations) if ends(r)[1] in STANCES]
    for i in rnd.sample(stance_rows, min(len(stance_rows), k(n_r))):
        f, t, to = ends(relations[i])
        t2 = rnd.choice([s for s in STANCES if s != t])
        r = relations[i]
        relations[i] = f"{f} {t2} {to}" if isinstance(r, str) else {**r, "rel": f"{f} {t2} {to}"}
    subjects = [i for i in ids if i.startswith(("official-", "party-", "added-"))] or ids
    targets = [i for i in ids if i.startswith(("provision-", "proposal-"))] or ids
    for _ in range(k(n_r)):
        relations.append(f"{rnd.choice(subjects)} SUPPORTS {rnd.choice(targets)}")
    rnd.shuffle(relations)
    doc["entities"], doc["relations"] = entities, relations
    with open(args.output, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")


if __name__ == "__main__":
    main()
