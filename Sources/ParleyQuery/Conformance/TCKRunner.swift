import Foundation
import ParleyCore

/// What became of one scenario.
public enum TCKOutcome: Sendable, Equatable {
    case passed
    case failed(String)
    case skipped(String)
}

public struct TCKResult: Sendable {
    public var scenario: TCKScenario
    public var outcome: TCKOutcome
    public var id: String { "\(scenario.folder)/\(scenario.feature): \(scenario.name)" }
}

/// Counts per folder and in total.
public struct TCKReport: Sendable {
    public var results: [TCKResult]
    public var passed: Int { results.filter { $0.outcome == .passed }.count }
    public var failed: Int { results.filter { if case .failed = $0.outcome { true } else { false } }.count }
    public var skipped: Int { results.filter { if case .skipped = $0.outcome { true } else { false } }.count }

    /// `folder  passed  failed  skipped` lines and a total.
    public var summary: String {
        var folders: [String: (Int, Int, Int)] = [:]
        for r in results {
            var c = folders[r.scenario.folder] ?? (0, 0, 0)
            switch r.outcome {
            case .passed: c.0 += 1
            case .failed: c.1 += 1
            case .skipped: c.2 += 1
            }
            folders[r.scenario.folder] = c
        }
        let w = max(6, folders.keys.map(\.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func num(_ n: Int) -> String { String(repeating: " ", count: max(0, 7 - String(n).count)) + String(n) }
        var out = pad("folder", w) + " passed  failed skipped\n"
        for f in folders.keys.sorted() {
            let c = folders[f]!
            out += pad(f, w) + num(c.0) + " " + num(c.1) + " " + num(c.2) + "\n"
        }
        out += pad("total", w) + num(passed) + " " + num(failed) + " " + num(skipped)
        out += "  (\(results.count) scenarios, \(results.isEmpty ? 0 : passed * 1000 / results.count / 10)% passed)\n"
        return out
    }
}

/// Runs openCypher TCK scenarios against ``QueryEngine``. Writes nothing.
public struct TCKRunner {
    public var root: URL
    /// When true (the default), an expected error must also carry the TCK's detail code (`UndefinedVariable` …);
    /// otherwise any error raised in the right phase (compile time or run time) passes.
    public var strictErrors: Bool

    /// `root` is the TCK folder (holding `features/` and `graphs/`).
    public init(root: URL, strictErrors: Bool = true) {
        self.root = root
        self.strictErrors = strictErrors
    }

    /// Every scenario under `features/`, in file order.
    public func scenarios() throws -> [TCKScenario] {
        let features = root.appendingPathComponent("features")
        guard let e = FileManager.default.enumerator(at: features, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let u as URL in e where u.pathExtension == "feature" { files.append(u) }
        files.sort { $0.path < $1.path }
        var out: [TCKScenario] = []
        for f in files {
            let text = try String(contentsOf: f, encoding: .utf8)
            let folder = f.deletingLastPathComponent().path.replacingOccurrences(of: features.path + "/", with: "")
            out += TCKFeatureParser.parse(text, folder: folder, file: f.deletingPathExtension().lastPathComponent)
        }
        return out
    }

    /// Runs every scenario whose id contains `filter` (all when nil).
    public func run(filter: String? = nil) throws -> TCKReport {
        var results: [TCKResult] = []
        for s in try scenarios() {
            let r = TCKResult(scenario: s, outcome: .passed)
            if let filter, !r.id.contains(filter) { continue }
            results.append(TCKResult(scenario: s, outcome: run(s)))
        }
        return TCKReport(results: results)
    }

    func namedGraph(_ name: String) throws -> Graph {
        let dir = root.appendingPathComponent("graphs/\(name)")
        var engine = QueryEngine(graph: Graph())
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".cypher") }.sorted()
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            _ = try engine.run(text)
        }
        return engine.graph
    }

    /// Runs one scenario.
    public func run(_ s: TCKScenario) -> TCKOutcome {
        var engine = QueryEngine(graph: Graph(), options: QueryOptions(maxUnboundedLength: 64, timeout: 20))
        var parameters: [String: QueryValue] = [:]
        var result: Result<QueryResult, QueryError>?
        var before = GraphStatistics(engine.graph)
        var after = before
        for step in s.steps {
            let t = step.text
            if t.hasPrefix("an empty graph") || t.hasPrefix("any graph") { continue }
            if t.hasPrefix("the ") && t.hasSuffix(" graph") {
                let name = String(t.dropFirst(4).dropLast(6))
                do { engine.graph = try namedGraph(name) } catch { return .failed("named graph \(name): \(error)") }
                continue
            }
            if t.hasPrefix("having executed") || t.hasPrefix("after having executed") {
                do {
                    _ = try engine.run(step.docString ?? "", queryParameters: [:])
                } catch {
                    if error.kind == .unsupported { return .skipped("setup: \(error.message)") }
                    return .failed("setup query failed: \(error)")
                }
                continue
            }
            if t.hasPrefix("parameters are") || t.hasPrefix("parameter values are") {
                for row in step.table ?? [] where row.count >= 2 {
                    do { parameters[row[0]] = try TCKValue.parse(row[1]).queryValue } catch { return .failed("parameter \(row[0]): \(error)") }
                }
                continue
            }
            if t.hasPrefix("executing query") || t.hasPrefix("executing control query") {
                var query = step.docString ?? ""
                if query.isEmpty, let colon = t.firstIndex(of: ":") { query = String(t[t.index(after: colon)...]).trimmingCharacters(in: .whitespaces) }
                before = GraphStatistics(engine.graph)
                do {
                    result = .success(try engine.run(query, queryParameters: parameters))
                } catch {
                    if error.kind == .unsupported { return .skipped(error.message) }
                    result = .failure(error)
                }
                after = GraphStatistics(engine.graph)
                continue
            }
            if t.hasPrefix("the result should be") {
                guard let result else { return .failed("no query ran") }
                let r: QueryResult
                switch result {
                case .failure(let e): return .failed("unexpected error: \(e.kind.rawValue): \(e.message)")
                case .success(let x): r = x
                }
                if t.hasPrefix("the result should be empty") {
                    if r.rowCount > 0 { return .failed("expected no rows, got \(r.rowCount)") }
                    continue
                }
                let ordered = t.contains("in order")
                let sortLists = t.contains("ignoring element order for lists")
                let table = step.table ?? []
                guard let header = table.first else { return .failed("no expected table") }
                if header != r.columns { return .failed("columns \(r.columns) ≠ expected \(header)") }
                var expected: [String] = []
                for row in table.dropFirst() {
                    do {
                        expected.append(try row.map { try TCKValue.parse($0).canonical(sortLists: sortLists) }.joined(separator: " | "))
                    } catch {
                        return .failed("cannot read expected row \(row): \(error)")
                    }
                }
                let actual = r.rows.map { $0.map { TCKValue($0, graph: engine.graph).canonical(sortLists: sortLists) }.joined(separator: " | ") }
                if ordered ? actual != expected : actual.sorted() != expected.sorted() {
                    let missing = expected.filter { !actual.contains($0) }.prefix(3)
                    let extra = actual.filter { !expected.contains($0) }.prefix(3)
                    return .failed("rows differ (\(actual.count) vs \(expected.count) expected); missing \(Array(missing)), unexpected \(Array(extra))")
                }
                continue
            }
            if t.hasPrefix("a ") || t.hasPrefix("an "), t.contains(" should be raised at ") {
                let compile = t.contains("compile time")
                guard let result else { return .failed("no query ran") }
                switch result {
                case .success: return .failed("expected \(t), but the query succeeded")
                case .failure(let e):
                    if compile && !e.isCompileTime { return .failed("expected a compile-time error, got a runtime \(e.kind.rawValue): \(e.message)") }
                    if strictErrors {
                        // `a TypeError should be raised at runtime: InvalidArgumentType`
                        let words = t.split(separator: " ")
                        let type = words.count > 1 ? String(words[1]) : ""
                        let detail = t.split(separator: ":").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) }
                        if let detail, !detail.isEmpty, e.code != detail {
                            return .failed("expected \(type): \(detail), got \(e.kind.rawValue): \(e.code ?? "-") (\(e.message))")
                        }
                    }
                }
                continue
            }
            if t.hasPrefix("no side effects") {
                let d = after.delta(from: before)
                if !d.isEmpty, case .success = result { return .failed("unexpected side effects \(d)") }
                continue
            }
            if t.hasPrefix("the side effects should be") {
                let d = after.delta(from: before)
                var want: [String: Int] = [:]
                for row in step.table ?? [] where row.count >= 2 { want[row[0]] = Int(row[1]) ?? 0 }
                if d != want.filter({ $0.value != 0 }) { return .failed("side effects \(d) ≠ expected \(want)") }
                continue
            }
            return .skipped("step not understood: \(t)")
        }
        return .passed
    }
}

/// What the TCK's side-effect queries observe: nodes, relationships, properties and labels.
struct GraphStatistics {
    var nodes: Set<Int>
    var relationships: Set<Int>
    var properties: [String: Int]
    var labels: Set<String>

    init(_ g: Graph) {
        nodes = Set(g.entityHandles.map(\.int))
        relationships = Set(g.relationHandles.map(\.int))
        properties = [:]
        labels = []
        for h in g.entityHandles {
            for (k, v) in PropertyMapping.nodeProperties(g[h]) {
                properties["n\(h.int).\(k)=\(TCKValue(v, graph: g).canonical())", default: 0] += 1
            }
            labels.formUnion(g[h].allLabels)
        }
        for h in g.relationHandles {
            for (k, v) in PropertyMapping.relationshipProperties(g[h]) {
                properties["r\(h.int).\(k)=\(TCKValue(v, graph: g).canonical())", default: 0] += 1
            }
        }
    }

    func delta(from b: GraphStatistics) -> [String: Int] {
        var d: [String: Int] = [:]
        d["+nodes"] = nodes.subtracting(b.nodes).count
        d["-nodes"] = b.nodes.subtracting(nodes).count
        d["+relationships"] = relationships.subtracting(b.relationships).count
        d["-relationships"] = b.relationships.subtracting(relationships).count
        d["+properties"] = properties.reduce(0) { $0 + max(0, $1.value - (b.properties[$1.key] ?? 0)) }
        d["-properties"] = b.properties.reduce(0) { $0 + max(0, $1.value - (properties[$1.key] ?? 0)) }
        d["+labels"] = labels.subtracting(b.labels).count
        d["-labels"] = b.labels.subtracting(labels).count
        return d.filter { $0.value != 0 }
    }
}
