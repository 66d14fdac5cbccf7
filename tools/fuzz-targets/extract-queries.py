#!/usr/bin/env python3
"""Seeds for the cypher/execute fuzz targets: the queries the tests, the README and the
openCypher TCK (../shared/opencypher-tck, when present) run, one file per query."""
import hashlib, os, re, sys, glob

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
keywords = re.compile(r"\b(MATCH|RETURN|UNWIND|CREATE|WITH|OPTIONAL|EXPLAIN)\b")
queries = set()

for path in glob.glob("Tests/**/*.swift", recursive=True) + glob.glob("Sources/ParleyAnalysis/**/*.swift", recursive=True):
    text = open(path, encoding="utf-8", errors="replace").read()
    for m in re.finditer(r'"""\n(.*?)\n\s*"""', text, re.S):
        if keywords.search(m.group(1)):
            queries.add(m.group(1))
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
        s = m.group(1)
        if keywords.search(s) and "\\(" not in s:
            queries.add(s.replace('\\"', '"').replace("\\\\", "\\").replace("\\n", "\n"))

for path in ["README.md"] + glob.glob("graphs/**/README.md", recursive=True):
    if os.path.exists(path):
        for m in re.finditer(r"parley query [^'\n]*'([^']*)'", open(path, encoding="utf-8").read()):
            queries.add(m.group(1))

tck = glob.glob("../shared/opencypher-tck/**/*.feature", recursive=True)
tck_queries = []
for path in sorted(tck):
    for m in re.finditer(r'executing (?:control )?query:\s*\n\s*"""\n(.*?)\n\s*"""', open(path, encoding="utf-8").read(), re.S):
        tck_queries.append(re.sub(r"^\s+", "", m.group(1), flags=re.M))
queries.update(tck_queries[::max(1, len(tck_queries) // 600)])  # a spread of ~600

for q in queries:
    data = q.encode()
    if len(data) <= 4096:
        with open(os.path.join(out, "seed-" + hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
            f.write(data)
