// Queries run on both FalkorDB and Parley by differential.py.
//
// Each query: `// name:` (unique), optional `// graphs: all | dataset | synthetic` (default all),
// optional `// differs: REASON` when the two legitimately give different rows (the harness then
// lists the query with the reason instead of failing), optional `// falkordb: QUERY` (one line) when
// FalkorDB needs another spelling of the same question (reported). The query ends with ';'.
// Rows are compared as bags, or in order when the final RETURN has ORDER BY (keep those orders total).

// name: count-nodes
MATCH (n) RETURN count(n) AS nodes;

// name: count-relationships
MATCH ()-[r]->() RETURN count(r) AS relationships;

// name: nodes-per-label
MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label;

// name: relationships-per-type
MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type;

// name: labels-of-each-node
MATCH (n) RETURN n.id AS id, labels(n) AS labels ORDER BY id;

// name: ids-and-names
MATCH (n) RETURN n.id AS id, n.name AS name ORDER BY id;

// name: display-name
MATCH (n) RETURN coalesce(n.name, n.id) AS shown, n.id AS id ORDER BY shown, id;

// name: aliases
MATCH (n) WHERE n.aliases IS NOT NULL RETURN n.id AS id, n.aliases AS aliases, size(n.aliases) AS k ORDER BY id;

// name: unwind-aliases
MATCH (n) UNWIND n.aliases AS alias RETURN alias, n.id AS id ORDER BY alias, id;

// name: page-of-ids
MATCH (n) RETURN n.id AS id ORDER BY id SKIP 3 LIMIT 5;

// name: out-degree-top
MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n.id AS id, count(r) AS out ORDER BY out DESC, id LIMIT 15;

// name: in-degree
MATCH (n) OPTIONAL MATCH (n)<-[r]-() RETURN n.id AS id, count(r) AS incoming;

// name: busy-nodes
MATCH (n)-[r]-() WITH n, count(r) AS degree WHERE degree >= 3 RETURN n.id AS id, degree ORDER BY degree DESC, id;

// name: edge-list
MATCH (a)-[r]->(b) RETURN a.id AS src, type(r) AS type, b.id AS dst;

// name: type-pattern-of-edges
MATCH (a)-[r]->(b) RETURN DISTINCT labels(a)[0] AS src, type(r) AS type, labels(b)[0] AS dst ORDER BY src, type, dst;

// name: relationship-properties
MATCH (a)-[r]->(b) RETURN a.id AS src, type(r) AS type, b.id AS dst, properties(r) AS props;

// name: node-properties
// graphs: synthetic
MATCH (n) RETURN n.id AS id, properties(n) AS props ORDER BY id;

// name: node-properties-with-disputes
// graphs: dataset
// differs: entities with `disputes` (a list of maps, which FalkorDB cannot store) lack it there: the export leaves it out, reported before loading
MATCH (n) RETURN n.id AS id, properties(n) AS props ORDER BY id;

// name: names-starting-with
MATCH (n) WHERE n.name STARTS WITH 'V' OR n.name STARTS WITH 'A' RETURN n.id AS id ORDER BY id;

// name: names-containing-folded
MATCH (n) WHERE toLower(n.name) CONTAINS 'ra' RETURN n.id AS id, toLower(n.name) AS lower ORDER BY id;

// name: names-ending-with
MATCH (n) WHERE n.id ENDS WITH 'a' RETURN n.id AS id, size(n.id) AS length ORDER BY id;

// name: ids-in-list
MATCH (n) WHERE n.id IN ['russia', 'ukraine', 'united-states', 'zelensky', 'putin', 'witkoff'] RETURN n.id AS id ORDER BY id;

// name: cited-sources
MATCH ()-[r]->() WHERE r.sources IS NOT NULL UNWIND r.sources AS source RETURN source, count(*) AS citations ORDER BY source;

// name: quotes-per-relation
MATCH (a)-[r]->(b) WHERE r.quotes IS NOT NULL RETURN a.id AS src, type(r) AS type, b.id AS dst, size(r.quotes) AS quotes, r.quotes[0] AS first;

// name: uncited-relations
MATCH (a)-[r]->(b) WHERE r.sources IS NULL RETURN a.id AS src, type(r) AS type, b.id AS dst;

// name: validity-ranges
MATCH (a)-[r]->(b) WHERE r.valid_from IS NOT NULL OR r.valid_until IS NOT NULL RETURN a.id AS src, type(r) AS type, b.id AS dst, r.valid_from AS since, r.valid_until AS until;

// name: valid-on-a-date
MATCH (a)-[r]->(b) WHERE (r.valid_from IS NULL OR r.valid_from <= date('2025-11-24')) AND (r.valid_until IS NULL OR r.valid_until >= date('2025-11-24')) RETURN count(r) AS valid;

// name: confidence-counts
MATCH ()-[r]->() WHERE r.confidence IS NOT NULL RETURN r.confidence AS confidence, count(*) AS n ORDER BY confidence;

// name: confidence-case
MATCH ()-[r]->() RETURN CASE WHEN r.confidence IS NULL THEN 'unrated' ELSE r.confidence END AS confidence, count(*) AS n ORDER BY confidence;

// name: dated-relations
MATCH (a)-[r]->(b) WHERE r.date IS NOT NULL RETURN a.id AS src, type(r) AS type, b.id AS dst, r.date AS date;

// name: two-hop-chains
MATCH (a)-[r1]->(b)-[r2]->(c) RETURN a.id AS a, type(r1) AS r1, b.id AS b, type(r2) AS r2, c.id AS c;

// name: two-hop-count-named
// differs: FalkorDB undercounts an aggregate over a multi-hop pattern when two entities are joined by several relations (parallel relationships collapse unless returned; FalkorDB issue #248); checked in Python from the edge list (682 chains on after-abu-dhabi, as Parley and the two-hop-chains rows say)
MATCH (a)-[r1]->(b)-[r2]->(c) RETURN count(r2) AS chains;

// name: two-hop-count-star
// differs: FalkorDB undercounts count(*) over a multi-hop pattern with parallel relationships (FalkorDB issue #248); see two-hop-count-named
MATCH (a)-[r1]->(b)-[r2]->(c) RETURN count(*) AS chains;

// name: two-hop-count-after-with
// (the form that counts right on FalkorDB: carry the relationships through WITH)
MATCH (a)-[r1]->(b)-[r2]->(c) WITH a, r1, b, r2, c RETURN count(*) AS chains;

// name: reach-within-two
MATCH (a)-[*1..2]->(b) RETURN a.id AS id, count(DISTINCT b) AS reach ORDER BY id;

// name: optional-match-nulls
// differs: FalkorDB collapses parallel relationships (two CONTROLS from one party to one region, as in the synthetic graph) when nothing after the MATCH uses the relationship (FalkorDB issue #248; checked: `RETURN n.id, r.id` gives 1 row for party-2 → region-66, `RETURN n.id, r.id, id(c)` gives 2); optional-match-using-relationship asks the same and uses it
MATCH (n) OPTIONAL MATCH (n)-[:CONTROLS]->(r) RETURN n.id AS id, r.id AS controlled ORDER BY id, controlled;

// name: optional-match-using-relationship
MATCH (n) OPTIONAL MATCH (n)-[c:CONTROLS]->(r) RETURN n.id AS id, r.id AS controlled, properties(c) AS how;

// name: collect-sorted
// differs: FalkorDB collapses parallel relationships that nothing after the MATCH uses (FalkorDB issue #248): a target reached by two relations is collected once; collect-sorted-carrying-relationship carries r through WITH
MATCH (a)-[r]->(b) WITH a, b ORDER BY b.id RETURN a.id AS id, collect(b.id) AS targets ORDER BY id;

// name: collect-sorted-carrying-relationship
MATCH (a)-[r]->(b) WITH a, b, r ORDER BY b.id, type(r) RETURN a.id AS id, collect(b.id) AS targets ORDER BY id;

// name: string-functions
RETURN substring('Zelensky', 0, 4) AS sub, replace('a-b-c', '-', '+') AS rep, split('a;b;c', ';') AS parts, toUpper('kyiv') AS up, trim('  x  ') AS t;

// name: arithmetic
RETURN 7 / 2 AS intdiv, 7 % 3 AS mod, 2.5 * 2 AS f, -3 + 10 AS s, abs(-4) AS a;

// name: list-functions
MATCH (n) WHERE n.aliases IS NOT NULL RETURN n.id AS id, head(n.aliases) AS first, last(n.aliases) AS final ORDER BY id;

// name: min-max-id
MATCH (n) RETURN min(n.id) AS lo, max(n.id) AS hi, count(DISTINCT labels(n)[0]) AS types;

// name: positions-per-party
// (the question behind `parley positions`: what each party and each of its officials demands, supports, proposes, rejects)
MATCH (p:Party)-[r:DEMANDS|SUPPORTS|PROPOSES|REJECTS]->(x) RETURN p.id AS party, type(r) AS stance, x.id AS target, x.name AS name ORDER BY party, stance, target;

// name: positions-via-officials
MATCH (o)-[:REPRESENTS]->(p:Party) MATCH (o)-[r:DEMANDS|SUPPORTS|PROPOSES|REJECTS]->(x) RETURN p.id AS party, o.id AS voice, type(r) AS stance, x.id AS target ORDER BY party, voice, stance, target;

// name: contested-provisions
// (the question behind `parley contested`: demanded or supported by one side, rejected by another)
// differs: FalkorDB collapses parallel relationships that nothing after the MATCH uses (the synthetic graph repeats stances; FalkorDB issue #248); contested-using-relationships asks the same and uses them
MATCH (a)-[:DEMANDS|SUPPORTS|PROPOSES]->(x)<-[:REJECTS]-(b) WHERE a <> b RETURN x.id AS item, a.id AS backer, b.id AS opponent ORDER BY item, backer, opponent;

// name: contested-using-relationships
MATCH (a)-[s:DEMANDS|SUPPORTS|PROPOSES]->(x)<-[r:REJECTS]-(b) WHERE a <> b RETURN x.id AS item, a.id AS backer, type(s) AS stance, b.id AS opponent, r.sources AS evidence;

// name: contested-count
MATCH (a)-[:DEMANDS|SUPPORTS|PROPOSES]->(x)<-[:REJECTS]-(b) WHERE a <> b RETURN x.id AS item, count(DISTINCT a) AS backers, count(DISTINCT b) AS opponents ORDER BY item;

// name: neighbors-of-each-party
// (the question behind `parley neighbors`: every tie of an entity, either direction)
MATCH (p:Party)-[r]-(x) RETURN p.id AS party, type(r) AS type, x.id AS neighbor;

// name: meets-with-either-direction
MATCH (a)-[r:MEETS_WITH]-(b) RETURN a.id AS a, b.id AS b, r.date AS date;

// name: shortest-path-directed
// (the question behind `parley path`, along stored directions)
// falkordb: MATCH (a:Official), (b:Party) WITH a, b, shortestPath((a)-[*..6]->(b)) AS p WHERE p IS NOT NULL RETURN a.id AS src, b.id AS dst, length(p) AS hops ORDER BY src, dst
MATCH (a:Official), (b:Party) MATCH p = shortestPath((a)-[*..6]->(b)) RETURN a.id AS src, b.id AS dst, length(p) AS hops ORDER BY src, dst;

// name: shortest-path-undirected
// graphs: dataset
// differs: FalkorDB does not support undirected shortestPath traversals ("FalkorDB does not currently support undirected shortestPath traversals"); path-length-either-direction asks the same in a form both run
// falkordb: MATCH (a:Official), (b:Party) WITH a, b, shortestPath((a)-[*..6]-(b)) AS p WHERE p IS NOT NULL RETURN a.id AS src, b.id AS dst, length(p) AS hops ORDER BY src, dst
MATCH (a:Official), (b:Party) MATCH p = shortestPath((a)-[*..6]-(b)) RETURN a.id AS src, b.id AS dst, length(p) AS hops ORDER BY src, dst;

// name: path-length-either-direction
// graphs: dataset
// (the undirected `parley path` question in a form both run: the fewest hops over variable-length matches)
MATCH p = (a:Official)-[*1..3]-(b:Party) RETURN a.id AS src, b.id AS dst, min(length(p)) AS hops ORDER BY src, dst;

// name: party-nodes
MATCH (n:Party) RETURN n ORDER BY n.id;

// name: stance-relationships
MATCH (a:Party)-[r:DEMANDS|REJECTS]->(b) RETURN a.id AS src, r, b.id AS dst;

// name: event-casualties
// graphs: dataset
MATCH (e:Event) WHERE e.killed IS NOT NULL RETURN count(e) AS events, sum(e.killed) AS killed, max(e.killed) AS worst;

// name: proposal-points
// graphs: dataset
MATCH (x)-[r:PART_OF]->(p:Proposal) WHERE r.point IS NOT NULL RETURN p.id AS proposal, r.point AS point, x.id AS provision ORDER BY proposal, point, provision;

// name: control-shares
// graphs: dataset
MATCH (p:Party)-[r:CONTROLS]->(x:Region) RETURN p.id AS party, x.id AS region, r.share AS share, r.since AS since ORDER BY party, region;

// name: disputes
// graphs: dataset
// differs: an entity's `disputes` is a list of maps, which FalkorDB cannot store; the export leaves it out (reported before loading)
MATCH (n) WHERE n.disputes IS NOT NULL RETURN n.id AS id, size(n.disputes) AS disputes ORDER BY id;
