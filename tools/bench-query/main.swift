import Foundation
import ParleyCore
import ParleyIO
import ParleyQuery

// parley-bench-query GRAPH QUERIES.json [--runs N]
// Loads GRAPH once, then runs each query of QUERIES.json (a list of {"name", "query", "params"})
// N times (default 3), fetching every row and rendering it as JSON lines, and prints one JSON
// object per query: {"name", "rows", "ms": [..], "median_ms"}. Writes nothing.
var args = Array(CommandLine.arguments.dropFirst())
var runs = 3
if let i = args.firstIndex(of: "--runs"), i + 1 < args.count {
    runs = Int(args[i + 1]) ?? 3
    args.removeSubrange(i...(i + 1))
}
guard args.count == 2 else {
    FileHandle.standardError.write(Data("usage: parley-bench-query GRAPH QUERIES.json [--runs N]\n".utf8))
    exit(2)
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e6 }

let t0 = now()
let loaded: LoadedGraph
do {
    loaded = try GraphLoader.load(args[0])
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
let loadMS = now() - t0
// The other engines in tools/bench-query/bench.py have no symmetric relation types; walk every
// relation in its stored direction here too so that all engines answer the same question.
var benchGraph = loaded.graph
benchGraph.symmetricTypes = []
FileHandle.standardError.write(Data("loaded \(benchGraph.entityCount) entities, \(benchGraph.relationCount) relations in \(Int(loadMS)) ms\n".utf8))

struct BenchQuery: Decodable {
    var name: String
    var query: String
    var params: [String: String]?
}
let data = try Data(contentsOf: URL(fileURLWithPath: args[1]))
let queries = try JSONDecoder().decode([BenchQuery].self, from: data)
for q in queries {
    var params: [String: QueryValue] = [:]
    for (k, v) in q.params ?? [:] { params[k] = .string(v) }
    var times: [Double] = []
    var rows = 0
    var failure: String?
    for _ in 0..<runs {
        var engine = QueryEngine(graph: benchGraph)
        let start = now()
        do {
            let r = try engine.run(q.query, queryParameters: params)
            let text = ResultFormatter.render(r, graph: engine.graph, as: .jsonl)
            rows = r.rows.count
            _ = text.utf8.count
        } catch {
            failure = "\(error)"
            break
        }
        times.append(now() - start)
    }
    times.sort()
    let median = times.isEmpty ? -1 : times[times.count / 2]
    let ms = times.map { String(format: "%.2f", $0) }.joined(separator: ", ")
    if let failure {
        print("{\"name\": \(ResultFormatter.jsonString(q.name)), \"error\": \(ResultFormatter.jsonString(failure))}")
    } else {
        print("{\"name\": \(ResultFormatter.jsonString(q.name)), \"rows\": \(rows), \"ms\": [\(ms)], \"median_ms\": \(String(format: "%.2f", median))}")
    }
}
